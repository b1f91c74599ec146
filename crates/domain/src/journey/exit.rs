//! Avslut: the end of a participation with reason, occupation at exit (with
//! employment form and extent, or study form) and income after. When the person
//! goes neither to work nor to studies, an exit analysis and the receiving
//! organisation are required ("rätt stöd från rätt myndighet").

use crate::FieldError;
use crate::codes::{EmploymentForm, ExitReason, IncomeSource, Occupation, StudyForm};
use time::Date;

/// An exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    /// Last day.
    pub on: Date,
    /// Avslutsorsak.
    pub reason: ExitReason,
    /// Sysselsättning at exit.
    pub occupation: Option<Occupation>,
    /// Anställningsform, when the person goes to work.
    pub employment_form: Option<EmploymentForm>,
    /// Extent in percent of full time, when the person goes to work or studies.
    pub extent: Option<u8>,
    /// Studieform, when the person goes to studies.
    pub study_form: Option<StudyForm>,
    /// Försörjning after exit.
    pub income: Vec<IncomeSource>,
    /// Why the person did not reach work or studies, and what happens next.
    pub analysis: String,
    /// The organisation that takes over (e.g. Arbetsförmedlingen, psykiatrin).
    pub receiving_org: String,
}

impl Exit {
    /// True when the person leaves for work or studies.
    pub fn to_work_or_studies(&self) -> bool {
        matches!(
            self.occupation,
            Some(Occupation::Arbete | Occupation::Studier)
        )
    }

    /// Checks the exit against the participation's start. `anonymous` exits hold no
    /// free text, so the analysis is not asked for.
    pub fn check(&self, start_on: Date, anonymous: bool, today: Date) -> Result<(), FieldError> {
        self.check_values(start_on, today)?;
        let exempt = matches!(
            self.reason,
            ExitReason::Felregistrering | ExitReason::Avliden
        );
        if !anonymous && !exempt && !self.to_work_or_studies() {
            super::text::required("avslutsanalys", &self.analysis)?;
            super::text::required("mottagande_organisation", &self.receiving_org)?;
        }
        Ok(())
    }

    /// The rules an imported exit must meet: dates, and forms that fit the occupation.
    /// (Files from before Samverka hold no exit analysis, so it is not asked for.)
    pub fn check_values(&self, start_on: Date, today: Date) -> Result<(), FieldError> {
        if self.on < start_on {
            return Err(FieldError::with_detail(
                "slutdatum",
                "error.exit.before_start",
                start_on.to_string(),
            ));
        }
        if self.on > today {
            return Err(FieldError::new("slutdatum", "error.date.future"));
        }
        let wants = match self.reason {
            ExitReason::Arbete => Some(Occupation::Arbete),
            ExitReason::Studier => Some(Occupation::Studier),
            _ => None,
        };
        if let Some(wanted) = wants
            && self.occupation != Some(wanted)
        {
            return Err(FieldError::with_detail(
                "sysselsattning_efter",
                "error.exit.occupation_must_match",
                wanted.code(),
            ));
        }
        let working = self.occupation == Some(Occupation::Arbete);
        let studying = self.occupation == Some(Occupation::Studier);
        if self.employment_form.is_some() && !working {
            return Err(FieldError::new(
                "anstallningsform",
                "error.exit.form_without_work",
            ));
        }
        if self.study_form.is_some() && !studying {
            return Err(FieldError::new(
                "studieform",
                "error.exit.study_form_without_studies",
            ));
        }
        if self.extent.is_some() && !(working || studying) {
            return Err(FieldError::new(
                "omfattning_procent",
                "error.exit.extent_without_work",
            ));
        }
        if let Some(e) = self.extent {
            super::text::extent("omfattning_procent", i64::from(e))?;
        }
        super::text::optional("avslutsanalys", &self.analysis)?;
        super::text::optional("mottagande_organisation", &self.receiving_org)?;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) fn sample(on: Date) -> Exit {
    Exit {
        on,
        reason: ExitReason::Arbete,
        occupation: Some(Occupation::Arbete),
        employment_form: Some(EmploymentForm::Lonebidrag),
        extent: Some(75),
        study_form: None,
        income: vec![IncomeSource::Lon],
        analysis: String::new(),
        receiving_org: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const START: Date = date!(2026 - 02 - 01);
    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn exit_to_work_is_accepted() {
        sample(date!(2026 - 09 - 30))
            .check(START, false, TODAY)
            .unwrap();
    }

    #[test]
    fn exit_before_start_names_slutdatum() {
        let e = sample(date!(2026 - 01 - 01))
            .check(START, false, TODAY)
            .unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("slutdatum", "error.exit.before_start")
        );
    }

    #[test]
    fn other_exits_need_analysis_and_receiver_unless_anonymous() {
        let mut x = sample(date!(2026 - 09 - 30));
        x.reason = ExitReason::Ohalsa;
        x.occupation = Some(Occupation::Sjukskriven);
        x.employment_form = None;
        x.extent = None;
        assert_eq!(
            x.check(START, false, TODAY).unwrap_err().field,
            "avslutsanalys"
        );
        assert!(x.check(START, true, TODAY).is_ok());
        x.analysis = "Behöver vård först".into();
        assert_eq!(
            x.check(START, false, TODAY).unwrap_err().field,
            "mottagande_organisation"
        );
        x.receiving_org = "Psykiatrin".into();
        x.check(START, false, TODAY).unwrap();
    }

    #[test]
    fn forms_must_fit_the_occupation() {
        let mut x = sample(date!(2026 - 09 - 30));
        x.reason = ExitReason::Studier;
        assert_eq!(
            x.check(START, false, TODAY).unwrap_err().field,
            "sysselsattning_efter"
        );
        x.occupation = Some(Occupation::Studier);
        assert_eq!(
            x.check(START, false, TODAY).unwrap_err().field,
            "anstallningsform"
        );
        x.employment_form = None;
        x.study_form = Some(StudyForm::Komvux);
        x.check(START, false, TODAY).unwrap();
    }
}
