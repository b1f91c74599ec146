//! Gruppstart: people accepted to a basprogram start together in a cohort of
//! limited size (typically 6–8).

use crate::FieldError;
use time::Date;

/// A cohort of one intervention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The intervention, by code.
    pub intervention: String,
    /// A name, e.g. `Grupp 12`.
    pub name: String,
    /// The first day of the group.
    pub starts_on: Date,
    /// Places in the group.
    pub capacity: u32,
}

impl Cohort {
    /// Checks name and capacity (1 to 30 places).
    pub fn check(&self) -> Result<(), FieldError> {
        super::text::required("namn", &self.name)?;
        if !(1..=30).contains(&self.capacity) {
            return Err(FieldError::with_detail(
                "platser",
                "error.cohort.capacity",
                self.capacity.to_string(),
            ));
        }
        Ok(())
    }

    /// Refuses one more person when `taken` places are filled.
    pub fn check_room(&self, taken: usize) -> Result<(), FieldError> {
        if taken >= self.capacity as usize {
            return Err(FieldError::with_detail(
                "grupp",
                "error.cohort.full",
                self.name.clone(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_cohort_takes_nobody_more() {
        let c = Cohort {
            id: 1,
            intervention: "GT".into(),
            name: "Grupp 3".into(),
            starts_on: time::macros::date!(2026 - 09 - 07),
            capacity: 8,
        };
        c.check().unwrap();
        assert!(c.check_room(7).is_ok());
        assert_eq!(
            c.check_room(8).unwrap_err().message_key,
            "error.cohort.full"
        );
        let big = Cohort { capacity: 0, ..c };
        assert_eq!(big.check().unwrap_err().field, "platser");
    }
}
