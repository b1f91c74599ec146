//! An invitation to answer a questionnaire: a one-time link for one participation
//! and occasion. The link holds a random token (only its hash is stored), works
//! without login, is saved page by page, and stops working when the questionnaire
//! is finished or after 30 days.

use super::instrument::{AnswerValue, InstrumentKind, Question};
use super::response::Response;
use crate::codes::Sex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, Duration};

/// How long a link works.
pub const VALID_DAYS: i64 = 30;

/// One invitation and the answers given so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The participation.
    pub participation_id: i64,
    /// Instrument code.
    pub instrument: String,
    /// Instrument version.
    pub version: u32,
    /// When in the participation it is asked.
    pub occasion: InstrumentKind,
    /// The day the link was made.
    pub created_on: Date,
    /// The last day the link works.
    pub expires_on: Date,
    /// Who made it (login name).
    pub created_by: String,
    /// Answers so far, by question code.
    pub answers: BTreeMap<String, AnswerValue>,
    /// The last day answers were saved.
    pub saved_on: Option<Date>,
    /// The day it was finished; the link stops working.
    pub completed_on: Option<Date>,
    /// Staff who entered a paper questionnaire's answers, if so.
    pub entered_by: Option<String>,
    /// The association's supplementary questions asked after the instrument's,
    /// as they were when the link was made.
    pub supplement: Vec<Question>,
}

/// Why a link no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// The questionnaire is already answered.
    Used,
    /// More than 30 days have passed.
    Expired,
}

impl Invitation {
    /// A new invitation made on `today`.
    pub fn new(
        participation_id: i64,
        (instrument, version): (&str, u32),
        occasion: InstrumentKind,
        today: Date,
        created_by: &str,
    ) -> Invitation {
        Invitation {
            id: 0,
            participation_id,
            instrument: instrument.to_string(),
            version,
            occasion,
            created_on: today,
            expires_on: today + Duration::days(VALID_DAYS),
            created_by: created_by.to_string(),
            answers: BTreeMap::new(),
            saved_on: None,
            completed_on: None,
            entered_by: None,
            supplement: Vec::new(),
        }
    }

    /// Forgets every free-text answer (what an anonymous participation keeps);
    /// true when anything was forgotten.
    pub fn forget_free_text(&mut self) -> bool {
        let before = self.answers.len();
        self.answers
            .retain(|_, v| !matches!(v, AnswerValue::Text(_)));
        self.answers.len() != before
    }

    /// The answers as a response for the figures, once anything is saved.
    pub fn response(&self, sex: Sex) -> Option<Response> {
        let answered_on = self.completed_on.or(self.saved_on)?;
        Some(Response {
            participation_id: self.participation_id,
            sex,
            instrument: self.instrument.clone(),
            version: self.version,
            occasion: self.occasion,
            answered_on,
            answers: self.answers.clone(),
        })
    }

    /// Whether the link still works on `today`.
    pub fn open_on(&self, today: Date) -> Result<(), Closed> {
        if self.completed_on.is_some() {
            Err(Closed::Used)
        } else if today > self.expires_on {
            Err(Closed::Expired)
        } else {
            Ok(())
        }
    }

    /// Keeps one page's answers (an emptied question is forgotten).
    pub fn save_page(&mut self, page: Vec<(String, Option<AnswerValue>)>, today: Date) {
        for (code, value) in page {
            match value {
                Some(v) => {
                    self.answers.insert(code, v);
                }
                None => {
                    self.answers.remove(&code);
                }
            }
        }
        self.saved_on = Some(today);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_link_closes_when_used_or_after_thirty_days() {
        let mut i = Invitation::new(
            7,
            ("samverka_upplevelse", 1),
            InstrumentKind::Start,
            date!(2026 - 11 - 01),
            "johanna",
        );
        assert_eq!(i.open_on(date!(2026 - 12 - 01)), Ok(()));
        assert_eq!(i.open_on(date!(2026 - 12 - 02)), Err(Closed::Expired));
        i.save_page(
            vec![("livet".into(), Some(AnswerValue::Scale(4)))],
            date!(2026 - 11 - 02),
        );
        i.save_page(
            vec![
                ("livet".into(), None),
                ("halsa".into(), Some(AnswerValue::Scale(3))),
            ],
            date!(2026 - 11 - 02),
        );
        assert_eq!(i.answers.len(), 1, "an emptied answer is forgotten");
        i.completed_on = Some(date!(2026 - 11 - 02));
        assert_eq!(i.open_on(date!(2026 - 11 - 03)), Err(Closed::Used));
    }
}
