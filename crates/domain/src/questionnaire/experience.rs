//! A participant's experience per theme (SPEC 9): the mean of the instrument's 1–5
//! answers on each theme, on the first start questionnaire and the last exit
//! questionnaire of the same instrument version. Experience goals count from this.

use super::instrument::{AnswerValue, Instrument, QuestionKind};
use super::response::{Response, start_and_exit};
use crate::codes::Theme;
use crate::journey::recorded::ThemeScore;
use std::collections::BTreeMap;

/// The mean of `response`'s 1–5 answers on `theme`, if any.
fn mean(instrument: &Instrument, response: &Response, theme: Theme) -> Option<f64> {
    let values: Vec<f64> = instrument
        .questions
        .iter()
        .filter(|q| q.theme == theme.code() && matches!(q.kind, QuestionKind::Likert { .. }))
        .filter_map(|q| match response.answers.get(&q.code) {
            Some(AnswerValue::Scale(v)) => Some(f64::from(*v)),
            _ => None,
        })
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Each participation's theme scores on `instrument` (its code and version) from
/// `responses`; themes never answered are left out.
pub fn theme_scores(
    instrument: &Instrument,
    responses: &[Response],
) -> BTreeMap<i64, Vec<ThemeScore>> {
    let same = responses
        .iter()
        .filter(|r| r.instrument == instrument.code && r.version == instrument.version);
    start_and_exit(same)
        .into_iter()
        .map(|(id, (start, exit))| {
            let scores = Theme::ALL
                .iter()
                .map(|&theme| ThemeScore {
                    theme,
                    start: start.and_then(|r| mean(instrument, r, theme)),
                    exit: exit.and_then(|r| mean(instrument, r, theme)),
                })
                .filter(|s| s.start.is_some() || s.exit.is_some())
                .collect();
            (id, scores)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Sex;
    use crate::questionnaire::builtin::instrument;
    use crate::questionnaire::instrument::InstrumentKind;
    use time::macros::date;

    #[test]
    fn first_start_against_last_exit_per_theme() {
        let r = |occasion, on, life: u8| Response {
            participation_id: 1,
            sex: Sex::Kvinna,
            instrument: "samverka_upplevelse".into(),
            version: 1,
            occasion,
            answered_on: on,
            answers: [("livet".to_string(), AnswerValue::Scale(life))]
                .into_iter()
                .collect(),
        };
        let rs = [
            r(InstrumentKind::Start, date!(2026 - 02 - 01), 3),
            r(InstrumentKind::Start, date!(2026 - 01 - 01), 2),
            r(InstrumentKind::Exit, date!(2026 - 09 - 01), 5),
            r(InstrumentKind::Ongoing, date!(2026 - 05 - 01), 1),
        ];
        let scores = theme_scores(&instrument(), &rs);
        assert_eq!(
            scores[&1],
            vec![ThemeScore {
                theme: Theme::LifeSituation,
                start: Some(2.0),
                exit: Some(5.0)
            }]
        );
    }
}
