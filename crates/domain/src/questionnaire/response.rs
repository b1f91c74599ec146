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
