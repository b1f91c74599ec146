//! The attacker's model of a family of participant reports: every count of every
//! report, how each report's figures add up, how the association adds up from its
//! interventions, how a year adds up from its tertials and half-years, and how what
//! one period has active at its end is what the next carries over.

use super::model::Model;
use samverka_reports::period::Preset;
use serde_json::Value;
use std::collections::BTreeMap;

/// A report as the attacker holds it: scope key, period and JSON.
pub type Shown = (String, Preset, Value);

const SEXES: [&str; 4] = ["kvinna", "man", "okand", "total"];
const PARTS: [&str; 3] = ["kvinna", "man", "okand"];

const COUNTED: [&str; 13] = [
    "participants",
    "started",
    "exited",
    "active_at_end",
    "exit_reasons",
    "occupation_at_exit",
    "age_bands",
    "age_band_flows",
    "referral_sources",
    "referral_units",
    "employment_forms",
    "employment_extents",
    "study_forms",
];

const FLOWS: [&str; 8] = [
    "started.",
    "exited.",
    "exit_reasons.",
    "occupation_at_exit.",
    "employment_forms.",
    "employment_extents.",
    "study_forms.",
    "income_before_after.",
];

/// Every leaf of a report with its path (`exit_reasons.flytt.man`).
fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&path, child, out);
            }
        }
        Value::Number(_) | Value::String(_) => out.push((prefix.to_string(), v.clone())),
        _ => {}
    }
}

fn is_count(path: &str) -> bool {
    COUNTED
        .iter()
        .any(|c| path == *c || path.starts_with(&format!("{c}.")))
        || path.starts_with("income_before_after.")
}

/// A count that adds up over time (what happened in the period, not a state).
fn is_flow(path: &str) -> bool {
    FLOWS.iter().any(|p| path.starts_with(p))
        || (path.starts_with("age_band_flows.")
            && (path.ends_with(".started") || path.ends_with(".exited")))
}

fn key(scope: &str, p: Preset, path: &str) -> String {
    format!("{scope}|{}|{path}", p.code())
}

/// The attacker's model of every report together; `scopes[0]` is the association,
/// the rest its interventions. With `marks_only`, shown counts of 5 or more are
/// only known to be at least 5.
pub fn model(reports: &[Shown], scopes: &[&str], marks_only: bool) -> Model {
    let mut m = Model::new(marks_only);
    let mut paths: BTreeMap<(String, Preset), Vec<String>> = BTreeMap::new();
    for (scope, p, r) in reports {
        let mut found = Vec::new();
        leaves("", r, &mut found);
        for (path, v) in found.into_iter().filter(|(path, _)| is_count(path)) {
            m.read(&key(scope, *p, &path), &v);
            paths.entry((scope.clone(), *p)).or_default().push(path);
        }
    }
    for (scope, p, r) in reports {
        let within = Within { scope, p: *p, r };
        within.by_sex(&mut m);
        within.by_category(&mut m);
        within.by_age(&mut m);
    }
    let periods: Vec<Preset> = reports
        .iter()
        .filter(|r| r.0 == scopes[0])
        .map(|r| r.1)
        .collect();
    for p in &periods {
        let mut all = paths[&(scopes[0].to_string(), *p)].clone();
        all.extend(SEXES.iter().map(|s| format!("carried_over.{s}")));
        for path in all {
            let parts: Vec<String> = scopes[1..].iter().map(|s| key(s, *p, &path)).collect();
            m.sum_keys(&key(scopes[0], *p, &path), &parts);
        }
    }
    for scope in scopes {
        let paths = |p: &Preset| paths[&(scope.to_string(), *p)].clone();
        for p in &periods {
            over_time(&mut m, scope, *p, &periods, &paths(p));
            carried(&mut m, scope, *p, &periods, &paths(p));
        }
    }
    m
}

/// One report's own sums.
struct Within<'a> {
    scope: &'a str,
    p: Preset,
    r: &'a Value,
}

impl Within<'_> {
    fn k(&self, path: &str) -> String {
        key(self.scope, self.p, path)
    }

    fn children(&self, v: &Value) -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Per sex: participants are the exited and the active at the end, and the
    /// started and the carried over; categories add up to their whole.
    fn by_sex(&self, m: &mut Model) {
        for s in SEXES {
            let k = |p: &str| self.k(&format!("{p}.{s}"));
            m.sum_keys(&k("participants"), &[k("exited"), k("active_at_end")]);
            let carried = m.hidden(&k("carried_over"));
            let (total, started) = (m.term(&k("participants")), m.term(&k("started")));
            m.sum(total, &[started, carried]);
            for (map, whole) in [
                ("exit_reasons", "exited"),
                ("occupation_at_exit", "exited"),
                ("age_bands", "participants"),
                ("referral_sources", "participants"),
            ] {
                let parts: Vec<String> = self
                    .children(&self.r[map])
                    .iter()
                    .map(|c| k(&format!("{map}.{c}")))
                    .collect();
                m.sum_keys(&k(whole), &parts);
            }
            for source in self.children(&self.r["referral_units"]) {
                let units: Vec<String> = self
                    .children(&self.r["referral_units"][&source])
                    .iter()
                    .map(|u| k(&format!("referral_units.{source}.{u}")))
                    .collect();
                m.sum_keys(&k(&format!("referral_sources.{source}")), &units);
            }
        }
    }

    /// Every category's total is the sum of its sexes.
    fn by_category(&self, m: &mut Model) {
        for map in [
            "exit_reasons",
            "occupation_at_exit",
            "age_bands",
            "referral_sources",
            "employment_forms",
            "employment_extents",
            "study_forms",
        ] {
            for c in self.children(&self.r[map]) {
                let parts: Vec<String> = PARTS
                    .iter()
                    .map(|s| self.k(&format!("{map}.{c}.{s}")))
                    .collect();
                m.sum_keys(&self.k(&format!("{map}.{c}.total")), &parts);
            }
        }
        for whole in ["participants", "started", "exited", "active_at_end"] {
            let parts: Vec<String> = PARTS
                .iter()
                .map(|s| self.k(&format!("{whole}.{s}")))
                .collect();
            m.sum_keys(&self.k(&format!("{whole}.total")), &parts);
        }
    }

    /// Age bands' flows add up to the totals and to each band.
    fn by_age(&self, m: &mut Model) {
        let bands = self.children(&self.r["age_band_flows"]);
        for part in ["started", "exited", "active_at_end"] {
            let parts: Vec<String> = bands
                .iter()
                .map(|b| self.k(&format!("age_band_flows.{b}.{part}")))
                .collect();
            m.sum_keys(&self.k(&format!("{part}.total")), &parts);
        }
        for b in bands {
            let f = |x: &str| self.k(&format!("age_band_flows.{b}.{x}"));
            m.sum_keys(
                &self.k(&format!("age_bands.{b}.total")),
                &[f("exited"), f("active_at_end")],
            );
            let carried = m.hidden(&f("carried_over"));
            let (total, started) = (
                m.term(&self.k(&format!("age_bands.{b}.total"))),
                m.term(&f("started")),
            );
            m.sum(total, &[started, carried]);
        }
    }
}

/// A year's flows are its tertials' and its half-years'; a run of years' its years'.
fn over_time(m: &mut Model, scope: &str, p: Preset, periods: &[Preset], paths: &[String]) {
    let ways: Vec<Vec<Preset>> = match p {
        Preset::Year(y) => vec![
            (1..=3).map(|n| Preset::Tertial(y, n)).collect(),
            (1..=2).map(|n| Preset::HalfYear(y, n)).collect(),
        ],
        Preset::Years(a, b) => vec![(a..=b).map(Preset::Year).collect()],
        _ => vec![],
    };
    for parts in ways
        .into_iter()
        .filter(|w| w.iter().all(|q| periods.contains(q)))
    {
        for path in paths.iter().filter(|x| is_flow(x)) {
            let ks: Vec<String> = parts.iter().map(|q| key(scope, *q, path)).collect();
            m.sum_keys(&key(scope, p, path), &ks);
        }
    }
}

/// What `p` has active at its end the next period carries over; periods that start
/// (or end) on the same day carry over (or leave active) the same.
fn carried(m: &mut Model, scope: &str, p: Preset, periods: &[Preset], paths: &[String]) {
    let bands: Vec<String> = paths
        .iter()
        .filter_map(|x| {
            x.strip_prefix("age_band_flows.")?
                .strip_suffix(".active_at_end")
                .map(String::from)
        })
        .collect();
    for q in periods {
        let (a, b) = (p.bounds(), q.bounds());
        let mut pairs: Vec<(String, String)> = Vec::new();
        if a.1.next_day() == Some(b.0) {
            pairs.extend(
                SEXES
                    .iter()
                    .map(|s| (format!("active_at_end.{s}"), format!("carried_over.{s}"))),
            );
            pairs.extend(bands.iter().map(|b| {
                let f = |x: &str| format!("age_band_flows.{b}.{x}");
                (f("active_at_end"), f("carried_over"))
            }));
        }
        for (same, what) in [(a.0 == b.0, "carried_over"), (a.1 == b.1, "active_at_end")] {
            if same && p < *q {
                pairs.extend(
                    SEXES
                        .iter()
                        .map(|s| (format!("{what}.{s}"), format!("{what}.{s}"))),
                );
            }
        }
        for (x, y) in pairs {
            let (x, y) = (key(scope, p, &x), key(scope, *q, &y));
            let term = |m: &mut Model, k: &str| {
                if k.contains("carried_over") {
                    m.hidden(k)
                } else {
                    m.term(k)
                }
            };
            let (tx, ty) = (term(m, &x), term(m, &y));
            m.sum(tx, &[ty]);
        }
    }
}
