//! An instrument: a versioned questionnaire for one or more occasions (start,
//! ongoing, exit, follow-up), made of questions. A published version never changes; a change is
//! a new version, so that answers are always compared on the same questions.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// When an instrument is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// At the start of a participation.
    Start,
    /// Monthly while it runs.
    Ongoing,
    /// At exit.
    Exit,
    /// 6, 12 or 24 months after exit.
    FollowUp,
}

impl InstrumentKind {
    /// Every kind, in the order of a participation.
    pub const ALL: [InstrumentKind; 4] = [
        InstrumentKind::Start,
        InstrumentKind::Ongoing,
        InstrumentKind::Exit,
        InstrumentKind::FollowUp,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            InstrumentKind::Start => "start",
            InstrumentKind::Ongoing => "ongoing",
            InstrumentKind::Exit => "exit",
            InstrumentKind::FollowUp => "follow_up",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// 1–5, with the two ends labelled.
    Likert {
        /// What 1 means.
        low: String,
        /// What 5 means.
        high: String,
    },
    /// Yes or no.
    YesNo,
    /// One of the options.
    Single {
        /// The options, in order.
        options: Vec<String>,
    },
    /// Any of the options.
    Multiple {
        /// The options, in order.
        options: Vec<String>,
    },
    /// Free text (never shown outside the provider).
    FreeText,
}

/// A question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable code within the instrument, e.g. `livssituation`.
    pub code: String,
    /// What the report groups it under (`life_situation`, `support`, `influence`,
    /// `health`, `work_belief`, or an association's own).
    pub theme: String,
    /// The question as the participant reads it.
    pub text: String,
    /// The kind of answer.
    pub kind: QuestionKind,
}

/// A versioned instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// Stable code, e.g. `samverka_upplevelse`.
    pub code: String,
    /// Version; answers compare only within one version.
    pub version: u32,
    /// When it may be answered; the same version at start and at exit makes the
    /// answers comparable per participant.
    pub occasions: Vec<InstrumentKind>,
    /// Title the participant sees.
    pub title: String,
    /// A short welcome the participant sees first.
    pub intro: String,
    /// The questions, in order; a page shows one group of them.
    pub questions: Vec<Question>,
}

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AnswerValue {
    /// 1–5.
    Scale(u8),
    /// Yes or no.
    YesNo(bool),
    /// The chosen options' positions.
    Choices(Vec<usize>),
    /// Free text.
    Text(String),
}

impl Question {
    /// Reads a form's values for this question (`values` holds every value sent
    /// under its code); `None` when it was left unanswered, which is allowed.
    pub fn read(&self, values: &[String]) -> Result<Option<AnswerValue>, FieldError> {
        let given: Vec<&str> = values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if given.is_empty() {
            return Ok(None);
        }
        let wrong = || FieldError::new("svar", "error.questionnaire.answer");
        let option = |text: &str, options: &[String]| {
            text.parse::<usize>()
                .ok()
                .filter(|i| *i < options.len())
                .ok_or_else(wrong)
        };
        let value = match &self.kind {
            QuestionKind::Likert { .. } => match given[0].parse::<u8>() {
                Ok(v @ 1..=5) => AnswerValue::Scale(v),
                _ => return Err(wrong()),
            },
            QuestionKind::YesNo => match given[0] {
                "ja" => AnswerValue::YesNo(true),
                "nej" => AnswerValue::YesNo(false),
                _ => return Err(wrong()),
            },
            QuestionKind::Single { options } => {
                AnswerValue::Choices(vec![option(given[0], options)?])
            }
            QuestionKind::Multiple { options } => {
                let mut chosen = given
                    .iter()
                    .map(|g| option(g, options))
                    .collect::<Result<Vec<_>, _>>()?;
                chosen.sort_unstable();
                chosen.dedup();
                AnswerValue::Choices(chosen)
            }
            QuestionKind::FreeText => {
                AnswerValue::Text(given.join("\n").chars().take(4000).collect())
            }
        };
        Ok(Some(value))
    }

    /// Every text the participant reads in this question.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.text.as_str()];
        match &self.kind {
            QuestionKind::Likert { low, high } => {
                out.push(low);
                out.push(high);
            }
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                out.extend(options.iter().map(String::as_str));
            }
            QuestionKind::YesNo | QuestionKind::FreeText => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: QuestionKind) -> Question {
        Question {
            code: "q".into(),
            theme: "health".into(),
            text: "Hur mår du?".into(),
            kind,
        }
    }

    #[test]
    fn answers_are_read_by_kind_and_wrong_ones_refused() {
        let likert = q(QuestionKind::Likert {
            low: "Dåligt".into(),
            high: "Bra".into(),
        });
        assert_eq!(
            likert.read(&["4".into()]).unwrap(),
            Some(AnswerValue::Scale(4))
        );
        assert_eq!(
            likert.read(&[" ".into()]).unwrap(),
            None,
            "unanswered is allowed"
        );
        assert!(likert.read(&["6".into()]).is_err());
        let multiple = q(QuestionKind::Multiple {
            options: vec!["A".into(), "B".into(), "C".into()],
        });
        assert_eq!(
            multiple
                .read(&["2".into(), "0".into(), "2".into()])
                .unwrap(),
            Some(AnswerValue::Choices(vec![0, 2]))
        );
        assert!(multiple.read(&["3".into()]).is_err());
        assert_eq!(
            q(QuestionKind::YesNo).read(&["nej".into()]).unwrap(),
            Some(AnswerValue::YesNo(false))
        );
    }
}
