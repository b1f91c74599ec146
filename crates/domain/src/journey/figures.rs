//! The journey's own figures, shown on intervention and start pages. Each has a
//! written definition in `docs/figures.md`; registration errors count nowhere.

use super::participation::Participation;
use time::Date;

/// Counts for one intervention on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JourneyCounts {
    /// Participations started on or before the day and not exited before it.
    pub active: usize,
    /// Participations exited on or before the day.
    pub exited: usize,
    /// Of those, exits with occupation `arbete` or `studier`.
    pub exited_to_work_or_studies: usize,
    /// Participations without consent (anonymous), among all counted.
    pub anonymous: usize,
}

/// Counts `participations` on `day`, leaving out registration errors (`felregistrering`).
pub fn counts(participations: &[Participation], day: Date) -> JourneyCounts {
    let mut c = JourneyCounts::default();
    for p in participations
        .iter()
        .filter(|p| !p.is_registration_error() && p.start_on <= day)
    {
        match &p.exit {
            Some(x) if x.on <= day => {
                c.exited += 1;
                c.exited_to_work_or_studies += usize::from(x.to_work_or_studies());
            }
            _ => c.active += 1,
        }
        c.anonymous += usize::from(p.is_anonymous());
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::ExitReason;
    use crate::journey::participation::sample;
    use time::macros::date;

    #[test]
    fn registration_errors_vanish_from_the_counts() {
        let active = sample();
        let mut to_work = sample();
        to_work.exit = Some(crate::journey::exit::sample(date!(2026 - 06 - 01)));
        let mut error = to_work.clone();
        error.exit.as_mut().unwrap().reason = ExitReason::Felregistrering;
        let day = date!(2026 - 11 - 22);
        let c = counts(&[active.clone(), to_work.clone(), error], day);
        assert_eq!(
            c,
            JourneyCounts {
                active: 1,
                exited: 1,
                exited_to_work_or_studies: 1,
                anonymous: 0
            }
        );
        assert_eq!(counts(&[active, to_work], day), c);
    }
}
