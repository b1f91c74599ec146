//! The socio-economic estimate (samhällsekonomisk uppskattning): what society may
//! gain when people leave exclusion for work or studies, from assumptions the
//! association states and may change. It is an estimate, never an outcome.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// The association's stated assumptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateParameters {
    /// Association code.
    pub association: String,
    /// What one person-year of exclusion costs society, in whole kronor.
    pub cost_per_person_year: i64,
    /// How many years the effect of one exit to work or studies is counted.
    pub years: u8,
    /// What the cost includes, in words (allowances, care, lost tax …).
    pub includes: String,
}

impl EstimateParameters {
    /// Reads the form's values; every wrong value names its field.
    pub fn parse(
        association: &str,
        cost: &str,
        years: &str,
        includes: &str,
    ) -> Result<EstimateParameters, FieldError> {
        let digits: String = cost.chars().filter(|c| !c.is_whitespace()).collect();
        let cost_per_person_year = match digits.parse::<i64>() {
            Ok(v) if v > 0 => v,
            _ => {
                return Err(FieldError::with_detail(
                    "kostnad",
                    "error.estimate.cost",
                    cost.trim(),
                ));
            }
        };
        let years = match years.trim().parse::<u8>() {
            Ok(y) if (1..=10).contains(&y) => y,
            _ => {
                return Err(FieldError::with_detail(
                    "ar",
                    "error.estimate.years",
                    years.trim(),
                ));
            }
        };
        if includes.trim().is_empty() {
            return Err(FieldError::new("innefattar", "error.estimate.includes"));
        }
        Ok(EstimateParameters {
            association: association.to_string(),
            cost_per_person_year,
            years,
            includes: includes.trim().to_string(),
        })
    }
}

/// The estimate for a number of exits to work or studies at a cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The assumptions used.
    pub parameters: EstimateParameters,
    /// Exits to work or studies counted.
    pub exits: u64,
    /// exits × cost per person-year × years.
    pub gain: i64,
    /// What the intervention cost.
    pub cost: i64,
    /// gain − cost.
    pub net: i64,
    /// gain / cost, when there is a cost.
    pub return_per_krona: Option<f64>,
}

impl Estimate {
    /// The estimate of `exits` at `cost` under `parameters`.
    pub fn of(parameters: &EstimateParameters, exits: u64, cost: i64) -> Estimate {
        let gain = exits as i64 * parameters.cost_per_person_year * i64::from(parameters.years);
        Estimate {
            parameters: parameters.clone(),
            exits,
            gain,
            cost,
            net: gain - cost,
            return_per_krona: (cost > 0).then(|| gain as f64 / cost as f64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_counts_each_exit_for_the_stated_years() {
        let p =
            EstimateParameters::parse("SFU", "230 000", "2", "Försörjningsstöd och vård").unwrap();
        let e = Estimate::of(&p, 18, 1_329_392);
        assert_eq!(e.gain, 18 * 230_000 * 2);
        assert_eq!(e.net, 8_280_000 - 1_329_392);
        assert!((e.return_per_krona.unwrap() - 8_280_000.0 / 1_329_392.0).abs() < 1e-9);
        assert_eq!(Estimate::of(&p, 0, 0).return_per_krona, None);
    }

    #[test]
    fn wrong_assumptions_name_their_field() {
        let field = |c: &str, y: &str, i: &str| {
            EstimateParameters::parse("SFU", c, y, i).unwrap_err().field
        };
        assert_eq!(field("-5", "1", "x"), "kostnad");
        assert_eq!(field("100", "0", "x"), "ar");
        assert_eq!(field("100", "11", "x"), "ar");
        assert_eq!(field("100", "1", " "), "innefattar");
    }
}
