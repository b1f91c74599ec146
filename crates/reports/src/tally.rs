//! The standard report's figures before quartiles are taken. Every part is a sum,
//! so the tallies of an intervention each merge into exactly the tally of a whole
//! association or country; spreads are kept as how often each number of days
//! occurs. This is what the report cache stores per intervention and period.

use crate::questionnaire::{Answers, PairedChange, distribution, paired_change};
use crate::standard::{Counts, Flows, Period, Spread, StandardReport, age_band};
use samverka_domain::codes::{IncomeSource, Occupation};
use samverka_domain::journey::Participation;
use samverka_domain::journey::exit::Exit;
use samverka_domain::journey::goal_count::counts_in;
use samverka_domain::questionnaire::instrument::InstrumentKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// How many times each number of days occurs.
pub type Histogram = BTreeMap<i64, u64>;

/// The additive figures of a standard report (see [`StandardReport`] for each).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Tally {
    pub participants: Counts,
    pub started: Counts,
    pub exited: Counts,
    pub active_at_end: Counts,
    pub exit_reasons: BTreeMap<String, Counts>,
    pub occupation_at_exit: BTreeMap<String, Counts>,
    pub age_bands: BTreeMap<String, Counts>,
    pub age_band_flows: BTreeMap<String, Flows>,
    pub employment_forms: BTreeMap<String, Counts>,
    pub employment_extents: BTreeMap<String, Counts>,
    pub study_forms: BTreeMap<String, Counts>,
    pub income_before_after: BTreeMap<String, BTreeMap<String, u64>>,
    pub days_in_intervention: Histogram,
    pub referral_sources: BTreeMap<String, Counts>,
    pub referral_units: BTreeMap<String, BTreeMap<String, Counts>>,
    pub days_per_stage: BTreeMap<String, Histogram>,
    pub caseload_per_coach: BTreeMap<i64, u64>,
    pub experience_change: BTreeMap<String, PairedChange>,
    pub experience_answers: BTreeMap<String, BTreeMap<String, BTreeMap<String, Counts>>>,
}

impl Tally {
    /// The shape of a stored tally. Raise it whenever a figure is counted or keyed
    /// differently, so that tallies stored before are counted afresh (2: occupation
    /// at exit in SUS groups).
    pub const FORMAT: u32 = 2;

    /// The tally as the report cache stores it: JSON with the format it was
    /// counted in.
    pub fn to_stored(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&serde_json::json!({
            "format": Tally::FORMAT,
            "tally": self,
        }))
    }

    /// A tally read back from the report cache, when it is of the current
    /// format; one stored in another shape (or unreadable) is `None`, so that it is
    /// counted afresh.
    pub fn from_stored(body: &str) -> Option<Tally> {
        let mut v: serde_json::Value = serde_json::from_str(body).ok()?;
        if v.get("format")?.as_u64()? != u64::from(Tally::FORMAT) {
            return None;
        }
        serde_json::from_value(v.get_mut("tally")?.take()).ok()
    }

    /// Counts `participations` over `from`–`to` with the period semantics of
    /// SPEC 7.2; registration errors count nowhere. `answers` are the
    /// questionnaires of these participations.
    pub fn count(
        participations: &[Participation],
        (from, to): (Date, Date),
        answers: &Answers,
    ) -> Tally {
        let mut t = Tally::default();
        let mut counted_ids = BTreeSet::new();
        for p in participations.iter().filter(|p| !p.is_registration_error()) {
            if !counts_in(p, from, to) {
                continue;
            }
            t.participants.add(p.sex);
            counted_ids.insert(p.id);
            let end = p.exit.as_ref().map_or(to, |x| x.on.min(to));
            for (stage, d) in samverka_domain::journey::stage::days_per_stage(&p.stages, end) {
                *t.days_per_stage
                    .entry(stage)
                    .or_default()
                    .entry(d)
                    .or_default() += 1;
            }
            let band = age_band(p.age_at_start()).to_string();
            let exited = p.exit.as_ref().is_some_and(|x| x.on <= to);
            t.age_band_flows
                .entry(band.clone())
                .or_default()
                .add(p.start_on >= from, exited);
            t.age_bands.entry(band).or_default().add(p.sex);
            let source = match p.referred_by.trim() {
                "" => "okand",
                s => s,
            };
            t.referral_sources
                .entry(source.to_string())
                .or_default()
                .add(p.sex);
            let unit = match p.referred_unit.trim() {
                "" => "okand",
                u => u,
            };
            t.referral_units
                .entry(source.to_string())
                .or_default()
                .entry(unit.to_string())
                .or_default()
                .add(p.sex);
            if p.start_on >= from {
                t.started.add(p.sex);
            }
            match p.exit.as_ref().filter(|x| x.on <= to) {
                Some(x) => {
                    t.exited.add(p.sex);
                    t.exit_reasons
                        .entry(x.reason.code().to_string())
                        .or_default()
                        .add(p.sex);
                    t.occupation_at_exit
                        .entry(occupation_group(x.occupation).to_string())
                        .or_default()
                        .add(p.sex);
                    t.exit_details(p, x);
                    if x.on >= from {
                        *t.days_in_intervention
                            .entry((x.on - p.start_on).whole_days())
                            .or_default() += 1;
                    }
                }
                None => {
                    t.active_at_end.add(p.sex);
                    if let Some(coach) = p.coach {
                        *t.caseload_per_coach.entry(coach).or_default() += 1;
                    }
                }
            }
        }
        t.experience_change = paired_change(&answers.questions, &answers.responses, &counted_ids);
        for occasion in [InstrumentKind::Start, InstrumentKind::Exit] {
            let spread = distribution(
                &answers.questions,
                &answers.responses,
                occasion,
                &counted_ids,
            );
            if !spread.is_empty() {
                t.experience_answers
                    .insert(occasion.code().to_string(), spread);
            }
        }
        t
    }

    /// Employment form and extent, study form and income before → after of one exit.
    fn exit_details(&mut self, p: &Participation, x: &Exit) {
        if let Some(form) = x.employment_form {
            self.employment_forms
                .entry(form.code().to_string())
                .or_default()
                .add(p.sex);
        }
        if let Some(e) = x
            .extent
            .filter(|_| x.occupation == Some(Occupation::Arbete))
        {
            self.employment_extents
                .entry(extent_band(e).to_string())
                .or_default()
                .add(p.sex);
        }
        if let Some(form) = x.study_form {
            self.study_forms
                .entry(form.code().to_string())
                .or_default()
                .add(p.sex);
        }
        let codes = |list: &[IncomeSource]| -> Vec<String> {
            if list.is_empty() {
                vec!["okand".into()]
            } else {
                list.iter().map(|c| c.code().to_string()).collect()
            }
        };
        for before in codes(&p.baseline.income) {
            for after in codes(&x.income) {
                *self
                    .income_before_after
                    .entry(before.clone())
                    .or_default()
                    .entry(after)
                    .or_default() += 1;
            }
        }
    }

    /// Adds another tally (of other participations) to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.participants.merge(&other.participants);
        self.started.merge(&other.started);
        self.exited.merge(&other.exited);
        self.active_at_end.merge(&other.active_at_end);
        for (mine, theirs) in [
            (&mut self.exit_reasons, &other.exit_reasons),
            (&mut self.occupation_at_exit, &other.occupation_at_exit),
            (&mut self.age_bands, &other.age_bands),
            (&mut self.employment_forms, &other.employment_forms),
            (&mut self.employment_extents, &other.employment_extents),
            (&mut self.study_forms, &other.study_forms),
            (&mut self.referral_sources, &other.referral_sources),
        ] {
            merge_counts(mine, theirs);
        }
        for (k, f) in &other.age_band_flows {
            self.age_band_flows.entry(k.clone()).or_default().merge(f);
        }
        for (k, m) in &other.income_before_after {
            add_all(self.income_before_after.entry(k.clone()).or_default(), m);
        }
        add_all(&mut self.days_in_intervention, &other.days_in_intervention);
        for (k, m) in &other.referral_units {
            merge_counts(self.referral_units.entry(k.clone()).or_default(), m);
        }
        for (k, h) in &other.days_per_stage {
            add_all(self.days_per_stage.entry(k.clone()).or_default(), h);
        }
        add_all(&mut self.caseload_per_coach, &other.caseload_per_coach);
        for (k, c) in &other.experience_change {
            self.experience_change
                .entry(k.clone())
                .or_default()
                .merge(c);
        }
        for (occasion, questions) in &other.experience_answers {
            let mine = self.experience_answers.entry(occasion.clone()).or_default();
            for (q, answers) in questions {
                merge_counts(mine.entry(q.clone()).or_default(), answers);
            }
        }
    }

    /// The report of `scope` over `from`–`to` (goals are the caller's).
    pub fn finish(self, scope: &str, (from, to): (Date, Date)) -> StandardReport {
        StandardReport {
            scope: scope.to_string(),
            period: Period {
                from: from.to_string(),
                to: to.to_string(),
            },
            participants: self.participants,
            started: self.started,
            exited: self.exited,
            active_at_end: self.active_at_end,
            exit_reasons: self.exit_reasons,
            occupation_at_exit: self.occupation_at_exit,
            goals: Vec::new(),
            age_bands: self.age_bands,
            age_band_flows: self.age_band_flows,
            employment_forms: self.employment_forms,
            employment_extents: self.employment_extents,
            study_forms: self.study_forms,
            income_before_after: self.income_before_after,
            days_in_intervention: Spread::of_histogram(&self.days_in_intervention),
            referral_sources: self.referral_sources,
            referral_units: self.referral_units,
            days_per_stage: self
                .days_per_stage
                .iter()
                .map(|(k, h)| (k.clone(), Spread::of_histogram(h)))
                .collect(),
            caseload_per_coach: self.caseload_per_coach,
            experience_change: self.experience_change,
            experience_answers: self.experience_answers,
        }
    }
}

fn merge_counts(mine: &mut BTreeMap<String, Counts>, theirs: &BTreeMap<String, Counts>) {
    for (k, c) in theirs {
        mine.entry(k.clone()).or_default().merge(c);
    }
}

fn add_all<K: Ord + Clone>(mine: &mut BTreeMap<K, u64>, theirs: &BTreeMap<K, u64>) {
    for (k, n) in theirs {
        *mine.entry(k.clone()).or_default() += n;
    }
}

/// The SUS group of an occupation at exit (SPEC 6): `forvarvsarbete` (arbete),
/// `studier`, `aktivt_arbetssokande`, `ovriga` (every other occupation); `okand`
/// when none was registered.
pub fn occupation_group(occupation: Option<Occupation>) -> &'static str {
    match occupation {
        None => "okand",
        Some(Occupation::Arbete) => "forvarvsarbete",
        Some(Occupation::Studier) => "studier",
        Some(Occupation::AktivtArbetssokande) => "aktivt_arbetssokande",
        Some(
            Occupation::Arbetstraning
            | Occupation::Sjukskriven
            | Occupation::IngenSysselsattning
            | Occupation::Annan,
        ) => "ovriga",
    }
}

fn extent_band(extent: u8) -> &'static str {
    match extent {
        0..=24 => "1-24",
        25..=49 => "25-49",
        50..=74 => "50-74",
        75..=99 => "75-99",
        _ => "100",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::codes::{ExitReason, Sex};
    use time::macros::date;

    fn exited(id: i64, sex: Sex, on: Date, occupation: Option<Occupation>) -> Participation {
        Participation {
            id,
            intervention: "NK".into(),
            person_id: id,
            referral_id: None,
            cohort_id: None,
            coach: None,
            start_on: date!(2025 - 01 - 01),
            sex,
            birth_year: 1990,
            consent: None,
            baseline: Default::default(),
            decisive_change: String::new(),
            referred_by: String::new(),
            referred_unit: String::new(),
            stages: Vec::new(),
            exit: Some(Exit {
                on,
                reason: if occupation == Some(Occupation::Arbete) {
                    ExitReason::Arbete
                } else {
                    ExitReason::Annat
                },
                occupation,
                employment_form: None,
                extent: None,
                study_form: None,
                income: Vec::new(),
                analysis: String::new(),
                receiving_org: String::new(),
            }),
        }
    }

    /// The cache keeps the format beside the tally; a tally stored before the SUS
    /// groups (a bare tally, or format 1) is not read back, so it is counted afresh.
    #[test]
    fn a_stored_tally_of_another_format_is_not_read_back() {
        let mut t = Tally::default();
        t.occupation_at_exit
            .entry("forvarvsarbete".into())
            .or_default()
            .add(Sex::Man);
        let body = t.to_stored().unwrap();
        assert_eq!(Tally::from_stored(&body), Some(t.clone()));
        let mut old = t.clone();
        old.occupation_at_exit = BTreeMap::from([("arbete".into(), Counts::default())]);
        assert_eq!(
            Tally::from_stored(&serde_json::to_string(&old).unwrap()),
            None
        );
        let format_1 = body.replace("\"format\":2", "\"format\":1");
        assert_ne!(format_1, body);
        assert_eq!(Tally::from_stored(&format_1), None);
        assert_eq!(Tally::from_stored("not json"), None);
    }

    /// Eleven exits in 2026 (and two that count nowhere) land in the four SUS groups.
    #[test]
    fn occupation_at_exit_is_grouped_as_sus_did() {
        use Occupation::*;
        use Sex::{Kvinna, Man};
        let on = date!(2026 - 03 - 15);
        let mut all = vec![
            exited(1, Kvinna, on, Some(Arbete)),
            exited(2, Man, on, Some(Arbete)),
            exited(3, Man, on, Some(Arbete)),
            exited(4, Kvinna, on, Some(Studier)),
            exited(5, Kvinna, on, Some(AktivtArbetssokande)),
            exited(6, Kvinna, on, Some(Arbetstraning)),
            exited(7, Man, on, Some(Sjukskriven)),
            exited(8, Man, on, Some(IngenSysselsattning)),
            exited(9, Kvinna, on, Some(Annan)),
            exited(10, Man, on, Some(Sjukskriven)),
            exited(11, Man, on, None),
            exited(12, Kvinna, date!(2025 - 06 - 01), Some(Studier)),
        ];
        let mut error = exited(13, Man, on, Some(Arbete));
        error.exit.as_mut().unwrap().reason = ExitReason::Felregistrering;
        all.push(error);
        let t = Tally::count(
            &all,
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31)),
            &Answers::default(),
        );
        let got: Vec<(&str, u64, u64, u64)> = t
            .occupation_at_exit
            .iter()
            .map(|(k, c)| (k.as_str(), c.kvinna, c.man, c.total))
            .collect();
        assert_eq!(
            got,
            vec![
                ("aktivt_arbetssokande", 1, 0, 1),
                ("forvarvsarbete", 1, 2, 3),
                ("okand", 0, 1, 1),
                ("ovriga", 2, 3, 5),
                ("studier", 1, 0, 1),
            ],
            "12 exited in 2025 and 13 is a registration error"
        );
        assert_eq!(t.exited.total, 11);
    }

    #[test]
    fn quartiles_from_a_histogram_match_the_values_written_out() {
        let values = vec![3, 3, 7, 10, 10, 10, 42, 5, 5, 1, 99];
        let mut h = Histogram::new();
        for v in &values {
            *h.entry(*v).or_default() += 1;
        }
        assert_eq!(Spread::of_histogram(&h), Spread::of(values));
        assert_eq!(Spread::of_histogram(&Histogram::new()), Spread::of(vec![]));
    }
}
