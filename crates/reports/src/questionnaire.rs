//! Questionnaire figures (SPEC 9): how answers spread per question, and the paired
//! change from start to exit per participant on the same instrument version
//! (improved, unchanged, worse), by sex. Free text is never counted here.

use crate::standard::Counts;
use samverka_domain::questionnaire::instrument::{
    AnswerValue, InstrumentKind, Question, QuestionKind,
};
use samverka_domain::questionnaire::response::{Response, start_and_exit};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The questionnaire answers a report counts: the questions (the instrument's and
/// the associations' supplementary ones) and the responses of the participations
/// in scope.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// Every question that may have answers, in the order they are asked.
    pub questions: Vec<Question>,
    /// The responses.
    pub responses: Vec<Response>,
}

/// Start → exit for one 1–5 question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedChange {
    /// Participants whose exit answer is higher than their start answer.
    pub improved: Counts,
    /// … the same.
    pub unchanged: Counts,
    /// … lower.
    pub worse: Counts,
    /// Participants with both answers.
    pub pairs: Counts,
}

impl PairedChange {
    /// Adds other participants' changes to these.
    pub fn merge(&mut self, other: &PairedChange) {
        self.improved.merge(&other.improved);
        self.unchanged.merge(&other.unchanged);
        self.worse.merge(&other.worse);
        self.pairs.merge(&other.pairs);
    }

    /// The share improved, when anyone is paired.
    pub fn share_improved(&self) -> Option<f64> {
        (self.pairs.total > 0).then(|| self.improved.total as f64 / self.pairs.total as f64)
    }
}

fn scale(r: &Response, question: &str) -> Option<u8> {
    match r.answers.get(question) {
        Some(AnswerValue::Scale(v)) => Some(*v),
        _ => None,
    }
}

/// The paired change of every 1–5 question, by question code: for each
/// participation of `counted`, its first start response against its last exit
/// response, when both are on the same instrument and version.
pub fn paired_change(
    questions: &[Question],
    responses: &[Response],
    counted: &BTreeSet<i64>,
) -> BTreeMap<String, PairedChange> {
    let pairs = start_and_exit(
        responses
            .iter()
            .filter(|r| counted.contains(&r.participation_id)),
    );
    let mut out = BTreeMap::new();
    for q in questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Likert { .. }))
    {
        let mut c = PairedChange::default();
        for (start, exit) in pairs.values() {
            let (Some(start), Some(exit)) = (start, exit) else {
                continue;
            };
            if (&start.instrument, start.version) != (&exit.instrument, exit.version) {
                continue;
            }
            let (Some(a), Some(b)) = (scale(start, &q.code), scale(exit, &q.code)) else {
                continue;
            };
            c.pairs.add(exit.sex);
            match b.cmp(&a) {
                std::cmp::Ordering::Greater => c.improved.add(exit.sex),
                std::cmp::Ordering::Equal => c.unchanged.add(exit.sex),
                std::cmp::Ordering::Less => c.worse.add(exit.sex),
            }
        }
        if c.pairs.total > 0 {
            out.insert(q.code.clone(), c);
        }
    }
    out
}

/// How the answers on `occasion` spread, by sex: per question (free text left
/// out), the number of responses per answer (`1`–`5`, `ja`/`nej`, or the option's
/// position). Only `counted` participations count.
pub fn distribution(
    questions: &[Question],
    responses: &[Response],
    occasion: InstrumentKind,
    counted: &BTreeSet<i64>,
) -> BTreeMap<String, BTreeMap<String, Counts>> {
    let mut out: BTreeMap<String, BTreeMap<String, Counts>> = BTreeMap::new();
    for r in responses
        .iter()
        .filter(|r| r.occasion == occasion && counted.contains(&r.participation_id))
    {
        for q in questions {
            let keys: Vec<String> = match r.answers.get(&q.code) {
                Some(AnswerValue::Scale(v)) => vec![v.to_string()],
                Some(AnswerValue::YesNo(true)) => vec!["ja".into()],
                Some(AnswerValue::YesNo(false)) => vec!["nej".into()],
                Some(AnswerValue::Choices(c)) => c.iter().map(usize::to_string).collect(),
                Some(AnswerValue::Text(_)) | None => Vec::new(),
            };
            for k in keys {
                out.entry(q.code.clone())
                    .or_default()
                    .entry(k)
                    .or_default()
                    .add(r.sex);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::codes::Sex;
    use samverka_domain::questionnaire::builtin::instrument;
    use time::macros::date;

    fn response(id: i64, sex: Sex, occasion: InstrumentKind, on: time::Date, life: u8) -> Response {
        Response {
            participation_id: id,
            sex,
            instrument: "samverka_upplevelse".into(),
            version: 1,
            occasion,
            answered_on: on,
            answers: [
                ("livet".to_string(), AnswerValue::Scale(life)),
                ("mer".to_string(), AnswerValue::Text("Tack".into())),
            ]
            .into_iter()
            .collect(),
        }
    }

    #[test]
    fn paired_change_compares_each_participants_start_with_their_exit() {
        use InstrumentKind::*;
        let i = instrument();
        let d = |m: u8| {
            date!(2026 - 01 - 01)
                .replace_month(time::Month::try_from(m).unwrap())
                .unwrap()
        };
        let mut other_version = response(5, Sex::Man, Exit, d(9), 5);
        other_version.version = 2;
        let rs = [
            // 1: 2 → 4 improved (the later start at 3 is not the first).
            response(1, Sex::Kvinna, Start, d(1), 2),
            response(1, Sex::Kvinna, Start, d(2), 3),
            response(1, Sex::Kvinna, Exit, d(6), 4),
            // 2: 3 → 3 unchanged.
            response(2, Sex::Man, Start, d(1), 3),
            response(2, Sex::Man, Exit, d(6), 3),
            // 3: 4 → 2, then 4 → 5 at the last exit: improved.
            response(3, Sex::Kvinna, Start, d(1), 4),
            response(3, Sex::Kvinna, Exit, d(5), 2),
            response(3, Sex::Kvinna, Exit, d(7), 5),
            // 4: 5 → 1 worse.
            response(4, Sex::Man, Start, d(1), 5),
            response(4, Sex::Man, Exit, d(8), 1),
            // 5: no exit on the same version; 6: no start.
            response(5, Sex::Man, Start, d(1), 1),
            other_version,
            response(6, Sex::Kvinna, Exit, d(8), 5),
            // Ongoing answers do not pair.
            response(2, Sex::Man, Ongoing, d(3), 5),
        ];
        let all: BTreeSet<i64> = (1..=6).collect();
        let change = paired_change(&i.questions, &rs, &all);
        let life = &change["livet"];
        assert_eq!(
            (
                life.pairs.total,
                life.improved.total,
                life.unchanged.total,
                life.worse.total
            ),
            (4, 2, 1, 1)
        );
        assert_eq!((life.improved.kvinna, life.improved.man), (2, 0));
        assert_eq!((life.worse.kvinna, life.worse.man), (0, 1));
        assert_eq!(life.share_improved(), Some(0.5));
        assert!(!change.contains_key("halsa"), "nobody answered it");
        assert!(!change.contains_key("mer"), "free text is never counted");
        let without_one: BTreeSet<i64> = (2..=6).collect();
        assert_eq!(
            paired_change(&i.questions, &rs, &without_one)["livet"]
                .pairs
                .total,
            3,
            "only counted participations pair"
        );

        let spread = distribution(&i.questions, &rs, Start, &all);
        assert_eq!(spread["livet"]["2"].kvinna, 1);
        assert_eq!(spread["livet"].values().map(|c| c.total).sum::<u64>(), 6);
        assert!(!spread.contains_key("mer"));
    }
}
