//! Kompletterande frågor: an association's own questions, asked after the built-in
//! instrument's in every questionnaire of the interventions it funds, while they are
//! valid. A question never changes once made (answers must mean the same thing);
//! the association ends it and makes a new one instead.

use super::instrument::{Question, QuestionKind};
use super::lix::{EASY, lix};
use crate::FieldError;
use time::Date;

/// The theme every supplementary question is reported under.
pub const THEME: &str = "association";

/// One supplementary question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementaryQuestion {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The association's code.
    pub association: String,
    /// The question as the participant reads it.
    pub text: String,
    /// The kind of answer.
    pub kind: QuestionKind,
    /// The first day it is asked.
    pub valid_from: Date,
    /// The last day it is asked; `None` until further notice.
    pub valid_to: Option<Date>,
    /// Where it comes among the association's questions (1 first).
    pub position: u32,
    /// Who made it (login name).
    pub created_by: String,
}

impl SupplementaryQuestion {
    /// Its code in a questionnaire's answers: `k` and the id, never reused.
    pub fn code(&self) -> String {
        format!("k{}", self.id)
    }

    /// True when it is asked on `day`.
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    /// The question as a questionnaire asks it.
    pub fn question(&self) -> Question {
        Question {
            code: self.code(),
            theme: THEME.to_string(),
            text: self.text.clone(),
            kind: self.kind.clone(),
        }
    }

    /// Checks the fields; every text the participant reads must be easy (LIX ≤ 30).
    pub fn validate(&self) -> Result<(), FieldError> {
        let text = self.text.trim();
        if text.chars().count() < 5 || text.chars().count() > 300 {
            return Err(FieldError::new("fraga", "error.supplement.text"));
        }
        let mut texts = vec![text];
        match &self.kind {
            QuestionKind::Likert { low, high } => {
                if low.trim().is_empty() {
                    return Err(FieldError::new("lag", "error.supplement.ends"));
                }
                if high.trim().is_empty() {
                    return Err(FieldError::new("hog", "error.supplement.ends"));
                }
                texts.push(low);
                texts.push(high);
            }
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                if options.len() < 2 || options.len() > 10 {
                    return Err(FieldError::new("alternativ", "error.supplement.options"));
                }
                texts.extend(options.iter().map(String::as_str));
            }
            QuestionKind::YesNo | QuestionKind::FreeText => {}
        }
        // LIX means little on a two-word option, so the question is scored as the
        // participant reads it: the question, then each option as a sentence.
        let whole = texts
            .iter()
            .map(|t| t.trim().trim_end_matches(['.', '?', '!', ':']))
            .collect::<Vec<_>>()
            .join(". ");
        let score = lix(&whole);
        if score > EASY {
            return Err(FieldError::with_args(
                "fraga",
                "error.supplement.hard",
                vec![("detail", text.to_string()), ("lix", format!("{score:.0}"))],
            ));
        }
        if !(1..=99).contains(&self.position) {
            return Err(FieldError::new("ordning", "error.supplement.position"));
        }
        if self.valid_to.is_some_and(|to| to < self.valid_from) {
            return Err(FieldError::new("giltig_till", "error.supplement.period"));
        }
        Ok(())
    }
}

/// The questions asked on `day`, in display order.
pub fn asked_on(questions: &[SupplementaryQuestion], day: Date) -> Vec<Question> {
    let mut valid: Vec<&SupplementaryQuestion> =
        questions.iter().filter(|q| q.valid_on(day)).collect();
    valid.sort_by_key(|q| (q.association.clone(), q.position, q.id));
    valid.iter().map(|q| q.question()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn question(id: i64, position: u32, to: Option<Date>) -> SupplementaryQuestion {
        SupplementaryQuestion {
            id,
            association: "SFU".into(),
            text: "Har du fått träffa en läkare?".into(),
            kind: QuestionKind::YesNo,
            valid_from: date!(2026 - 01 - 01),
            valid_to: to,
            position,
            created_by: "forbund".into(),
        }
    }

    #[test]
    fn asked_while_valid_in_display_order() {
        let qs = [
            question(1, 2, None),
            question(2, 1, Some(date!(2026 - 06 - 30))),
            question(3, 3, Some(date!(2026 - 03 - 31))),
        ];
        let codes = |day| {
            asked_on(&qs, day)
                .into_iter()
                .map(|q| q.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(date!(2026 - 03 - 31)), ["k2", "k1", "k3"]);
        assert_eq!(codes(date!(2026 - 07 - 01)), ["k1"]);
        assert!(codes(date!(2025 - 12 - 31)).is_empty());
    }

    #[test]
    fn hard_or_broken_questions_are_refused_naming_the_field() {
        let mut q = question(0, 1, None);
        assert!(q.validate().is_ok());
        q.text = "Upplever du att rehabiliteringsinsatsernas samordningsförbundsfinansierade \
                  arbetslivsinriktade verksamhetsutveckling tillgodoser dina förväntningar?"
            .into();
        assert_eq!(
            q.validate().unwrap_err().message_key,
            "error.supplement.hard"
        );
        q.text = "Hur ofta träffar du din coach?".into();
        q.kind = QuestionKind::Single {
            options: vec![
                "Varje vecka".into(),
                "Varannan vecka".into(),
                "Mer sällan".into(),
            ],
        };
        assert!(
            q.validate().is_ok(),
            "short options are read with the question"
        );
        q.text = "Hur nöjd är du?".into();
        q.kind = QuestionKind::Single {
            options: vec!["Ja".into()],
        };
        assert_eq!(q.validate().unwrap_err().field, "alternativ");
        q.kind = QuestionKind::YesNo;
        q.valid_to = Some(date!(2025 - 01 - 01));
        assert_eq!(q.validate().unwrap_err().field, "giltig_till");
    }
}
