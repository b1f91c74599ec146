//! Reading one `[[intervention.goal]]`: whom it counts, what counts, the target and the period.

use super::error::Problems;
use super::parse::Read;
use super::reader::{Fields, Shape};
use super::values::to_fixed;
use samverka_domain::FieldError;
use samverka_domain::association::check_name;
use samverka_domain::codes::{IncomeSource, Sex};
use samverka_domain::goal::{Basis, Goal, Numerator, Population};
use samverka_domain::template::check_template_code;
use time::Date;
use toml_edit::Table;

/// The keys of `[[intervention.goal]]`.
pub(super) static GOAL: Shape = Shape {
    name: "intervention.goal",
    prefix: "goal.",
    keys: &[
        "code",
        "label",
        "basis",
        "numerator",
        "population",
        "target",
        "period",
    ],
};

/// The keys of `numerator = { … }`: exactly one of them.
pub(super) static NUMERATOR: Shape = Shape {
    name: "numerator",
    prefix: "goal.numerator.",
    keys: &samverka_domain::goal::NUMERATOR_KINDS,
};

/// The keys of `population = { … }`.
pub(super) static POPULATION: Shape = Shape {
    name: "population",
    prefix: "goal.population.",
    keys: &["income_source_before", "age_min", "age_max", "sex"],
};

/// The keys of `period = { … }`.
pub(super) static PERIOD: Shape = Shape {
    name: "period",
    prefix: "goal.period.",
    keys: &["from", "to"],
};

/// Reads one goal written at `at`.
pub(super) fn goal(p: &mut Problems, at: usize, table: &Table, path: String) -> Read<Goal> {
    let before = p.count();
    let mut f = Fields::new(p, table, at, path, &GOAL);
    let code = f.checked(p, "code", true, |s| {
        check_template_code("code", s).map_err(|e| FieldError {
            field: "code",
            message_key: "error.goal.code",
            args: e.args,
        })
    });
    let mut read = Read::new(code.as_ref().map(|c| f.named("code", c)));
    let label = f.checked(p, "label", true, |s| check_name("label", s));
    let basis = f.checked(p, "basis", true, |s| Basis::parse("basis", s));
    let numerator = f
        .table(
            p,
            "numerator",
            true,
            &NUMERATOR,
            "{ status_at_exit = [\"arbete\", \"studier\"] }",
        )
        .and_then(|n| numerator(p, n));
    let population = match f.table(
        p,
        "population",
        false,
        &POPULATION,
        "{ income_source_before = [\"aktivitetsersattning\"] }",
    ) {
        Some(table) => population(p, &mut f, table),
        None => Population::default(),
    };
    let target = f.number(p, "target", true, "0.35").and_then(|(at, x)| {
        let target = to_fixed(x, 4, 10_000);
        if target.is_none() {
            let e = FieldError::with_detail("target", "error.setup.target", x.to_string());
            f.fail(p, "target", at, e);
        }
        target
    });
    let period = f
        .table(
            p,
            "period",
            false,
            &PERIOD,
            "{ from = \"2024-01-01\", to = \"2024-12-31\" }",
        )
        .and_then(|t| period(p, &mut f, t));
    let (Some(code), Some(label), Some(basis), Some(numerator), Some(target)) =
        (code, label, basis, numerator, target)
    else {
        return read;
    };
    if p.count() > before {
        return read;
    }
    let goal = Goal {
        code,
        label,
        basis,
        numerator,
        population,
        target,
        period,
    };
    match goal.validate() {
        Ok(()) => read.value = Some(goal),
        Err(e) => f.blame(p, e),
    }
    read
}

/// Reads `numerator = { KIND = [codes] }` with exactly one kind.
fn numerator(p: &mut Problems, mut n: Fields<'_>) -> Option<Numerator> {
    let present: Vec<&'static str> = NUMERATOR
        .keys
        .iter()
        .copied()
        .filter(|k| n.has(k))
        .collect();
    let kinds = NUMERATOR.keys.join(", ");
    match present.as_slice() {
        [kind] => {
            let codes = n.texts(p, kind, true)?;
            let texts: Vec<String> = codes.iter().map(|(_, c)| c.clone()).collect();
            match Numerator::parse("numerator", kind, &texts) {
                Ok(numerator) => Some(numerator),
                Err(e) => {
                    let wrong = e.arg("code");
                    let at = codes
                        .iter()
                        .find(|(_, c)| Some(c.trim()) == wrong)
                        .map_or(n.key_at(kind), |(at, _)| *at);
                    p.push(at, n.path().to_string(), e);
                    None
                }
            }
        }
        [] => {
            // A lone unknown key has been reported already.
            if n.is_empty() {
                let e =
                    FieldError::with_detail("numerator", "error.setup.numerator_missing", kinds);
                p.push(n.at(), n.path().to_string(), e);
            }
            None
        }
        several => {
            let e = FieldError::with_args(
                "numerator",
                "error.setup.numerator_several",
                vec![("detail", several.join(", ")), ("valid", kinds)],
            );
            p.push(n.at(), n.path().to_string(), e);
            None
        }
    }
}

/// Reads `population = { … }`; missing keys mean anyone.
fn population(p: &mut Problems, goal: &mut Fields<'_>, mut f: Fields<'_>) -> Population {
    let mut income_source_before = Vec::new();
    for (at, text) in f
        .texts(p, "income_source_before", false)
        .unwrap_or_default()
    {
        match IncomeSource::parse("income_source_before", &text) {
            Ok(source) => income_source_before.push(source),
            Err(e) => f.fail(p, "income_source_before", at, e),
        }
    }
    let population = Population {
        income_source_before,
        age_min: f.small(p, "age_min"),
        age_max: f.small(p, "age_max"),
        sex: f.checked(p, "sex", false, |s| Sex::parse("sex", s)),
    };
    goal.adopt(f);
    population
}

/// Reads `period = { from = …, to = … }`.
fn period(p: &mut Problems, goal: &mut Fields<'_>, mut f: Fields<'_>) -> Option<(Date, Date)> {
    let from = f.date(p, "from", true);
    let to = f.date(p, "to", true);
    goal.adopt(f);
    Some((from?, to?))
}
