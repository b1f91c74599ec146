//! Stage movement along the intervention's process template. Stages may be
//! revisited; every period is kept, so time in each stage can be summed.

use crate::FieldError;
use crate::template::ProcessTemplate;
use time::Date;

/// One stay in one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagePeriod {
    /// The stage code from the template.
    pub stage: String,
    /// First day in the stage.
    pub entered_on: Date,
    /// Day the stage was left; `None` for the current stage.
    pub left_on: Option<Date>,
}

/// Moves to `stage` on `on`: closes the current period and opens a new one.
/// The stage must be in the template (main stages or sub-process) and differ from
/// the current one; the day may not be before the current stage began.
pub fn move_to(
    periods: &mut Vec<StagePeriod>,
    template: &ProcessTemplate,
    stage: &str,
    on: Date,
) -> Result<(), FieldError> {
    if !template.all_stages().any(|s| s.code == stage) {
        let valid = template.all_stages().map(|s| s.code.as_str());
        return Err(crate::codes::unknown_code("steg", stage, valid));
    }
    if let Some(current) = periods.last_mut() {
        if current.stage == stage {
            return Err(FieldError::new("steg", "error.stage.same"));
        }
        if on < current.entered_on {
            return Err(FieldError::new("datum", "error.stage.before_current"));
        }
        current.left_on = Some(on);
    }
    periods.push(StagePeriod {
        stage: stage.to_string(),
        entered_on: on,
        left_on: None,
    });
    Ok(())
}

/// Days spent in each stage up to `today`, in the order first entered.
pub fn days_per_stage(periods: &[StagePeriod], today: Date) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = Vec::new();
    for p in periods {
        let days = super::dates::days_between(p.entered_on, p.left_on.unwrap_or(today)).max(0);
        match out.iter_mut().find(|(s, _)| *s == p.stage) {
            Some((_, d)) => *d += days,
            None => out.push((p.stage.clone(), days)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::builtin_named;
    use time::macros::date;

    #[test]
    fn stages_follow_the_template_and_time_is_kept() {
        let se = builtin_named("supported_employment").unwrap();
        let mut p = Vec::new();
        move_to(&mut p, &se, "overenskommelse", date!(2026 - 01 - 01)).unwrap();
        move_to(&mut p, &se, "yrkesprofil", date!(2026 - 01 - 11)).unwrap();
        move_to(&mut p, &se, "overenskommelse", date!(2026 - 01 - 21)).unwrap();
        assert_eq!(
            days_per_stage(&p, date!(2026 - 01 - 31)),
            vec![
                ("overenskommelse".to_string(), 20),
                ("yrkesprofil".to_string(), 10)
            ]
        );
        assert_eq!(
            move_to(&mut p, &se, "flyga", date!(2026 - 02 - 01))
                .unwrap_err()
                .field,
            "steg"
        );
        assert_eq!(
            move_to(&mut p, &se, "jobbsokande", date!(2026 - 01 - 01))
                .unwrap_err()
                .message_key,
            "error.stage.before_current"
        );
    }
}
