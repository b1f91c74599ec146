//! A participant's answers to one instrument on one occasion.

use super::instrument::{AnswerValue, InstrumentKind};
use crate::codes::Sex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// One filled-in questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The participation it belongs to.
    pub participation_id: i64,
    /// The participant's sex, for the breakdowns.
    pub sex: Sex,
    /// The instrument's code.
    pub instrument: String,
    /// Its version.
    pub version: u32,
    /// When in the participation it was asked.
    pub occasion: InstrumentKind,
    /// The day it was finished (or last saved).
    pub answered_on: Date,
    /// Answers by question code; unanswered questions are absent.
    pub answers: BTreeMap<String, AnswerValue>,
}

/// Each participation's first start response and last exit response (either may
/// be missing), by participation id. Callers choose which responses to give.
pub fn start_and_exit<'a>(
    responses: impl IntoIterator<Item = &'a Response>,
) -> BTreeMap<i64, (Option<&'a Response>, Option<&'a Response>)> {
    let mut out: BTreeMap<i64, (Option<&Response>, Option<&Response>)> = BTreeMap::new();
    for r in responses {
        let (start, exit) = out.entry(r.participation_id).or_default();
        match r.occasion {
            InstrumentKind::Start if start.is_none_or(|s| r.answered_on < s.answered_on) => {
                *start = Some(r);
            }
            InstrumentKind::Exit if exit.is_none_or(|e| r.answered_on > e.answered_on) => {
                *exit = Some(r);
            }
            _ => {}
        }
    }
    out
}
