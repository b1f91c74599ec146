//! Deltagande: one enrolment of one person in one intervention, with its baseline
//! at start, consent, stages and exit. Anonymous participations (no consent,
//! protected identity) keep only sex, birth year, dates, the coded baseline and the
//! exit outcome.

use super::consent::Consent;
use super::exit::Exit;
use super::stage::StagePeriod;
use crate::FieldError;
use crate::codes::{EducationLevel, ExitReason, IncomeSource, Obstacle, Occupation, Sex, TimeAway};
use time::Date;

/// The situation at start (SPEC 5.4). Every part may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// Försörjning before: several allowed.
    pub income: Vec<IncomeSource>,
    /// Sysselsättning before.
    pub occupation: Option<Occupation>,
    /// Utbildningsnivå.
    pub education: Option<EducationLevel>,
    /// Tid utan arbete.
    pub time_away: Option<TimeAway>,
    /// Home municipality.
    pub municipality: String,
    /// Dolda rehabiliteringshinder found at screening (empty when not screened).
    pub obstacles: Vec<Obstacle>,
}

impl Baseline {
    /// What an anonymous participation keeps of the baseline: the coded fields that
    /// goals and reports count (income sources, occupation, education level, time
    /// away from work); never the municipality or the screening's obstacles.
    pub fn coded(&self) -> Baseline {
        Baseline {
            income: self.income.clone(),
            occupation: self.occupation,
            education: self.education,
            time_away: self.time_away,
            municipality: String::new(),
            obstacles: Vec::new(),
        }
    }

    /// True when nothing is known of the income sources before start.
    pub fn lacks_income(&self) -> bool {
        self.income.is_empty()
    }
}

/// One participation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participation {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The intervention, by code.
    pub intervention: String,
    /// The person (by alias only when anonymous).
    pub person_id: i64,
    /// The referral that led here (for an anonymous participation it names only an alias).
    pub referral_id: Option<i64>,
    /// The cohort, for basprogram interventions.
    pub cohort_id: Option<i64>,
    /// The coach owning the participation (a staff account id).
    pub coach: Option<i64>,
    /// First day.
    pub start_on: Date,
    /// Sex, kept for figures.
    pub sex: Sex,
    /// Birth year, kept for figures.
    pub birth_year: i32,
    /// The consent; `None` makes the participation anonymous.
    pub consent: Option<Consent>,
    /// The situation at start.
    pub baseline: Baseline,
    /// For re-enrolment: the documented decisive change since the last participation.
    pub decisive_change: String,
    /// Who proposed the person (aktualiserad av): the referral's source, or as imported.
    pub referred_by: String,
    /// The unit within the organisation that proposed the person, e.g.
    /// `Psykiatriska mottagningen`; empty when not known.
    pub referred_unit: String,
    /// Stage periods, oldest first.
    pub stages: Vec<StagePeriod>,
    /// The exit, once registered.
    pub exit: Option<Exit>,
}

impl Participation {
    /// True when no consent was given: only sex, birth year, dates, the coded
    /// baseline and the exit outcome are kept.
    pub fn is_anonymous(&self) -> bool {
        self.consent.is_none()
    }

    /// True when exited as a registration error: such participations count nowhere.
    pub fn is_registration_error(&self) -> bool {
        self.exit
            .as_ref()
            .is_some_and(|e| e.reason == ExitReason::Felregistrering)
    }

    /// True when started on or before `day` and not exited before it.
    pub fn is_active_on(&self, day: Date) -> bool {
        self.start_on <= day && self.exit.as_ref().is_none_or(|e| e.on >= day)
    }

    /// The current stage period, if any.
    pub fn current_stage(&self) -> Option<&StagePeriod> {
        self.stages.last().filter(|_| self.exit.is_none())
    }

    /// Age in whole years at start, from the birth year (SPEC: age at enrolment).
    pub fn age_at_start(&self) -> i32 {
        self.start_on.year() - self.birth_year
    }

    /// Drops every free text (the decisive change, the exit analysis and the
    /// receiving organisation); codes and dates stay for the statistics.
    pub fn strip_free_text(&mut self) {
        self.decisive_change.clear();
        if let Some(exit) = &mut self.exit {
            exit.analysis.clear();
            exit.receiving_org.clear();
        }
    }

    /// Drops everything an anonymous participation may not hold; the coded
    /// baseline stays (see [`Baseline::coded`]).
    pub fn strip_for_anonymity(&mut self) {
        self.baseline = self.baseline.coded();
        self.decisive_change.clear();
        if let Some(exit) = &mut self.exit {
            exit.analysis.clear();
            exit.receiving_org.clear();
            exit.income.clear();
        }
    }

    /// Checks the start: not in the future, not before the intervention began, and
    /// after any earlier participation of the same person in the same intervention.
    pub fn check_start(
        &self,
        intervention_start: Date,
        intervention_end: Option<Date>,
        today: Date,
    ) -> Result<(), FieldError> {
        if self.start_on > today {
            return Err(FieldError::new("startdatum", "error.date.future"));
        }
        if self.start_on < intervention_start {
            return Err(FieldError::with_detail(
                "startdatum",
                "error.participation.before_intervention",
                intervention_start.to_string(),
            ));
        }
        if let Some(end) = intervention_end
            && self.start_on > end
        {
            return Err(FieldError::with_detail(
                "startdatum",
                "error.participation.after_intervention",
                end.to_string(),
            ));
        }
        if self.birth_year > self.start_on.year() {
            return Err(FieldError::new(
                "fodelsear",
                "error.person.birth_year_after_start",
            ));
        }
        super::text::optional("kommun", &self.baseline.municipality)?;
        Ok(())
    }
}

/// Re-enrolment: refused while an earlier participation in the same intervention is
/// open, and after an exit only with a documented decisive change.
pub fn check_reenrolment(
    earlier: &[Participation],
    start_on: Date,
    decisive_change: &str,
) -> Result<(), FieldError> {
    let counted: Vec<&Participation> = earlier
        .iter()
        .filter(|p| !p.is_registration_error())
        .collect();
    if counted
        .iter()
        .any(|p| p.exit.as_ref().is_none_or(|e| e.on >= start_on))
    {
        return Err(FieldError::new(
            "startdatum",
            "error.participation.already_active",
        ));
    }
    if !counted.is_empty() && decisive_change.trim().is_empty() {
        return Err(FieldError::new(
            "avgorande_forandring",
            "error.participation.decisive_change",
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) fn sample() -> Participation {
    Participation {
        id: 1,
        intervention: "NK".into(),
        person_id: 1,
        referral_id: Some(1),
        cohort_id: None,
        coach: Some(2),
        start_on: time::macros::date!(2026 - 02 - 01),
        sex: Sex::Kvinna,
        birth_year: 1995,
        consent: Some(Consent {
            given_on: time::macros::date!(2026 - 02 - 01),
            scope: vec!["FK".into()],
            withdrawn_on: None,
        }),
        baseline: Baseline {
            income: vec![IncomeSource::Aktivitetsersattning],
            occupation: Some(Occupation::IngenSysselsattning),
            municipality: "Umeå".into(),
            ..Baseline::default()
        },
        decisive_change: String::new(),
        referred_by: "FK".into(),
        referred_unit: String::new(),
        stages: vec![],
        exit: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn anonymity_keeps_the_coded_baseline_and_drops_the_rest() {
        let mut p = sample();
        p.consent = None;
        p.baseline.education = Some(EducationLevel::Gymnasial);
        p.baseline.time_away = Some(TimeAway::Ar3Till5);
        p.baseline.obstacles = vec![Obstacle::Skulder];
        p.decisive_change = "Ny bostad".into();
        p.strip_for_anonymity();
        assert!(p.is_anonymous());
        assert_eq!(
            p.baseline,
            Baseline {
                income: vec![IncomeSource::Aktivitetsersattning],
                occupation: Some(Occupation::IngenSysselsattning),
                education: Some(EducationLevel::Gymnasial),
                time_away: Some(TimeAway::Ar3Till5),
                municipality: String::new(),
                obstacles: vec![],
            }
        );
        assert!(p.decisive_change.is_empty());
    }

    #[test]
    fn re_enrolment_needs_a_decisive_change() {
        let mut earlier = sample();
        let start = date!(2026 - 10 - 01);
        assert_eq!(
            check_reenrolment(std::slice::from_ref(&earlier), start, "")
                .unwrap_err()
                .message_key,
            "error.participation.already_active"
        );
        earlier.exit = Some(crate::journey::exit::sample(date!(2026 - 06 - 01)));
        assert_eq!(
            check_reenrolment(std::slice::from_ref(&earlier), start, " ")
                .unwrap_err()
                .field,
            "avgorande_forandring"
        );
        check_reenrolment(
            &[earlier],
            start,
            "Har nu stöd från psykiatrin och vill pröva igen",
        )
        .unwrap();
    }

    #[test]
    fn start_cannot_precede_the_intervention() {
        let p = sample();
        let today = date!(2026 - 11 - 22);
        let e = p
            .check_start(date!(2026 - 03 - 01), None, today)
            .unwrap_err();
        assert_eq!(e.field, "startdatum");
        assert!(p.check_start(date!(2006 - 05 - 01), None, today).is_ok());
        let ended = p.check_start(date!(2006 - 05 - 01), Some(date!(2013 - 12 - 31)), today);
        assert_eq!(
            ended.unwrap_err().message_key,
            "error.participation.after_intervention"
        );
    }
}
