//! A goal counted from participations (SPEC 4 and 7.2): who is in the population,
//! who is in the denominator (all participations counting in the period, or the
//! exits in it), and who succeeded. Registration errors count nowhere. A goal for
//! people with a given income source before start cannot judge a participation whose
//! income before is not known: it is counted apart, as not judged, never silently left out.

use super::Participation;
use super::recorded::Recorded;
use crate::codes::{Occupation, Reached};
use crate::goal::{Basis, Goal, Numerator};
use time::Date;

/// A goal's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalCount {
    /// Successes.
    pub numerator: u64,
    /// The group counted.
    pub denominator: u64,
    /// Participations that would be counted but could not be judged to belong to the
    /// goal's group, because their income sources before start are not known. Not
    /// part of the denominator.
    pub not_judged: u64,
}

impl GoalCount {
    /// The rate, when anyone is counted.
    pub fn value(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }
}

/// True when the participation counts in the period: started on or before its end
/// and not exited before its start.
pub fn counts_in(p: &Participation, from: Date, to: Date) -> bool {
    p.start_on <= to && p.exit.as_ref().is_none_or(|x| x.on >= from)
}

/// Whether a participation belongs to a goal's population.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// It belongs.
    In,
    /// It does not.
    Out,
    /// It fits on age and sex, but the goal asks for an income source before start
    /// and none is known.
    Unknown,
}

fn in_population(goal: &Goal, p: &Participation) -> Fit {
    let pop = &goal.population;
    let age = p.age_at_start();
    let age_ok = pop.age_min.is_none_or(|m| age >= i32::from(m))
        && pop.age_max.is_none_or(|m| age <= i32::from(m));
    if !age_ok || pop.sex.is_some_and(|s| s != p.sex) {
        return Fit::Out;
    }
    if pop.income_source_before.is_empty() {
        Fit::In
    } else if p.baseline.lacks_income() {
        Fit::Unknown
    } else if p
        .baseline
        .income
        .iter()
        .any(|i| pop.income_source_before.contains(i))
    {
        Fit::In
    } else {
        Fit::Out
    }
}

/// One participation as a goal sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    /// In the denominator: whether it succeeded, and whether it is still open at
    /// the period's end.
    Counted { success: bool, open: bool },
    /// It would be counted, but its income before start is not known.
    NotJudged,
}

/// What a participation reached: employment or studies recorded as an entry during
/// it (`reached` gives those), or as the occupation at exit.
fn reached_any(p: &Participation, wanted: &[Reached], recorded: &[Reached]) -> bool {
    let at_exit = p
        .exit
        .as_ref()
        .and_then(|x| x.occupation)
        .and_then(|o| match o {
            Occupation::Arbete => Some(Reached::Employment),
            Occupation::Studier => Some(Reached::Studies),
            _ => None,
        });
    wanted
        .iter()
        .any(|w| recorded.contains(w) || at_exit == Some(*w))
}

/// Calls `each` for every participation in the goal's denominator over the period
/// `from`–`to` (the goal's own period wins), and for every one that would be in it
/// but lacks the income before start the goal's population asks for.
fn each_counted(
    goal: &Goal,
    participations: &[Participation],
    from: Date,
    to: Date,
    recorded: &dyn Fn(&Participation) -> Recorded,
    mut each: impl FnMut(Judged),
) {
    let (from, to) = goal.period.unwrap_or((from, to));
    for p in participations.iter().filter(|p| !p.is_registration_error()) {
        let fit = in_population(goal, p);
        if fit == Fit::Out {
            continue;
        }
        let exit_in_period = p.exit.as_ref().filter(|x| x.on >= from && x.on <= to);
        let in_basis = match goal.basis {
            Basis::AllParticipations => counts_in(p, from, to),
            Basis::Exits => exit_in_period.is_some(),
        };
        if !in_basis {
            continue;
        }
        let exit_by_end = p.exit.as_ref().filter(|x| x.on <= to);
        let success = match &goal.numerator {
            Numerator::StatusAtExit(set) => {
                exit_by_end.is_some_and(|x| x.occupation.is_some_and(|o| set.contains(&o)))
            }
            Numerator::ExitReason(set) => exit_by_end.is_some_and(|x| set.contains(&x.reason)),
            Numerator::ReachedDuring(set) => reached_any(p, set, &recorded(p).reached),
            // Only those who answered are counted at all.
            Numerator::ExperienceImproved(set) => match recorded(p).improved(set) {
                Some(s) => s,
                None => continue,
            },
            Numerator::ExperienceAgreed(set) => match recorded(p).agreed(set) {
                Some(s) => s,
                None => continue,
            },
        };
        each(match fit {
            Fit::Unknown => Judged::NotJudged,
            _ => Judged::Counted {
                success,
                open: exit_by_end.is_none(),
            },
        });
    }
}

/// Counts `goal` over `participations` in the period `from`–`to` (the goal's own period
/// wins when it has one). `recorded` tells what entries a participation holds.
pub fn count(
    goal: &Goal,
    participations: &[Participation],
    from: Date,
    to: Date,
    recorded: &dyn Fn(&Participation) -> Recorded,
) -> GoalCount {
    let mut c = GoalCount {
        numerator: 0,
        denominator: 0,
        not_judged: 0,
    };
    each_counted(goal, participations, from, to, recorded, |j| match j {
        Judged::Counted { success, .. } => {
            c.denominator += 1;
            c.numerator += u64::from(success);
        }
        Judged::NotJudged => c.not_judged += 1,
    });
    c
}

/// The share of the still open participations in the denominator that must succeed
/// for the goal to be reached; `None` when nobody is open. Above 1 means out of reach.
pub fn needed_among_open(
    goal: &Goal,
    participations: &[Participation],
    from: Date,
    to: Date,
    recorded: &dyn Fn(&Participation) -> Recorded,
) -> Option<f64> {
    let (mut successes, mut counted, mut open) = (0u64, 0u64, 0u64);
    each_counted(goal, participations, from, to, recorded, |j| {
        if let Judged::Counted { success, open: o } = j {
            counted += 1;
            successes += u64::from(success);
            open += u64::from(o && !success);
        }
    });
    let target = f64::from(goal.target) / 10_000.0;
    let missing = (target * counted as f64 - successes as f64).max(0.0);
    (open > 0).then(|| missing.ceil() / open as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{ExitReason, IncomeSource};
    use crate::goal::Population;
    use crate::journey::exit::Exit;
    use crate::journey::participation::sample;
    use time::macros::date;

    fn exit(on: Date, reason: ExitReason, occupation: Occupation) -> Option<Exit> {
        Some(Exit {
            on,
            reason,
            occupation: Some(occupation),
            employment_form: None,
            extent: None,
            study_form: None,
            income: vec![],
            analysis: String::new(),
            receiving_org: String::new(),
        })
    }

    fn goal(basis: Basis, numerator: Numerator) -> Goal {
        Goal {
            code: "g".into(),
            label: "G".into(),
            basis,
            numerator,
            population: Population::default(),
            target: 3500,
            period: None,
        }
    }

    /// Nätkraft's published result: 58 of 155 to work (37) or studies (21).
    #[test]
    fn natkraft_gives_58_of_155() {
        let mut all = Vec::new();
        for i in 0..155 {
            let mut p = sample();
            p.id = i;
            p.start_on = date!(2007 - 01 - 01) + time::Duration::days(i * 10);
            p.exit = match i {
                0..37 => exit(
                    date!(2013 - 06 - 01),
                    ExitReason::Arbete,
                    Occupation::Arbete,
                ),
                37..58 => exit(
                    date!(2013 - 06 - 01),
                    ExitReason::Studier,
                    Occupation::Studier,
                ),
                58..140 => exit(
                    date!(2013 - 06 - 01),
                    ExitReason::Ohalsa,
                    Occupation::Sjukskriven,
                ),
                _ => None,
            };
            all.push(p);
        }
        let mut error = sample();
        error.exit = exit(
            date!(2012 - 01 - 01),
            ExitReason::Felregistrering,
            Occupation::Arbete,
        );
        all.push(error);
        let g = goal(
            Basis::AllParticipations,
            Numerator::StatusAtExit(vec![Occupation::Arbete, Occupation::Studier]),
        );
        let c = count(
            &g,
            &all,
            date!(2006 - 05 - 01),
            date!(2013 - 12 - 31),
            &|_| Recorded::default(),
        );
        assert_eq!(
            c,
            GoalCount {
                numerator: 58,
                denominator: 155,
                not_judged: 0
            }
        );
        assert_eq!(format!("{:.1}", c.value().unwrap() * 100.0), "37.4");
        let needed = needed_among_open(
            &g,
            &all,
            date!(2006 - 05 - 01),
            date!(2013 - 12 - 31),
            &|_| Recorded::default(),
        );
        assert_eq!(
            needed,
            Some(0.0),
            "58 of 155 already reaches 35 %; 15 are open"
        );
        let mut higher = g.clone();
        higher.target = 4500;
        let needed = needed_among_open(
            &higher,
            &all,
            date!(2006 - 05 - 01),
            date!(2013 - 12 - 31),
            &|_| Recorded::default(),
        );
        assert_eq!(
            needed,
            Some(12.0 / 15.0),
            "45 % of 155 is 69.75: 12 more of the 15 open"
        );
        let exits = count(
            &goal(Basis::Exits, g.numerator.clone()),
            &all,
            date!(2006 - 05 - 01),
            date!(2013 - 12 - 31),
            &|_| Recorded::default(),
        );
        assert_eq!(
            exits,
            GoalCount {
                numerator: 58,
                denominator: 140,
                not_judged: 0
            }
        );
    }

    #[test]
    fn population_and_as_of_date_narrow_the_count() {
        let mut a = sample();
        a.exit = exit(
            date!(2026 - 06 - 01),
            ExitReason::Arbete,
            Occupation::Arbete,
        );
        let mut b = sample();
        b.baseline.income = vec![IncomeSource::Sjukersattning];
        b.exit = exit(
            date!(2026 - 06 - 01),
            ExitReason::Arbete,
            Occupation::Arbete,
        );
        let mut g = goal(
            Basis::Exits,
            Numerator::StatusAtExit(vec![Occupation::Arbete]),
        );
        g.population.income_source_before = vec![IncomeSource::Aktivitetsersattning];
        assert_eq!(
            count(
                &g,
                &[a.clone(), b],
                date!(2026 - 01 - 01),
                date!(2026 - 12 - 31),
                &|_| Recorded::default()
            ),
            GoalCount {
                numerator: 1,
                denominator: 1,
                not_judged: 0
            }
        );
        let before = count(
            &g,
            &[a.clone()],
            date!(2026 - 01 - 01),
            date!(2026 - 04 - 30),
            &|_| Recorded::default(),
        );
        assert_eq!(
            before,
            GoalCount {
                numerator: 0,
                denominator: 0,
                not_judged: 0
            },
            "as of 30 April nobody has exited"
        );
        let reached = goal(
            Basis::AllParticipations,
            Numerator::ReachedDuring(vec![Reached::Employment]),
        );
        let mut c = sample();
        c.exit = None;
        assert_eq!(
            count(
                &reached,
                &[c.clone()],
                date!(2026 - 01 - 01),
                date!(2026 - 12 - 31),
                &|_| Recorded {
                    reached: vec![Reached::Employment],
                    ..Recorded::default()
                }
            )
            .numerator,
            1
        );
        assert_eq!(
            count(
                &reached,
                &[c],
                date!(2026 - 01 - 01),
                date!(2026 - 12 - 31),
                &|_| Recorded::default()
            )
            .numerator,
            0
        );
    }

    /// A goal for people with aktivitetsersättning before start, aged 19–29: those
    /// whose income before is not known are counted apart, never dropped silently.
    #[test]
    fn participations_without_income_before_are_counted_as_not_judged() {
        let on = date!(2026 - 06 - 01);
        let person = |id: i64, income: Vec<IncomeSource>, birth_year: i32, x: Option<Exit>| {
            let mut p = sample();
            p.id = id;
            p.consent = None;
            p.birth_year = birth_year;
            p.baseline.income = income;
            p.exit = x;
            p
        };
        let work = || exit(on, ExitReason::Arbete, Occupation::Arbete);
        let ill = || exit(on, ExitReason::Ohalsa, Occupation::Sjukskriven);
        let ae = vec![IncomeSource::Aktivitetsersattning];
        let all = vec![
            person(1, ae.clone(), 2000, work()),
            person(2, ae.clone(), 2000, ill()),
            person(3, vec![IncomeSource::Sjukersattning], 2000, work()),
            person(4, vec![], 2000, work()),
            person(5, vec![], 2001, ill()),
            person(6, vec![], 1980, work()),
            person(7, vec![], 2000, None),
            person(
                8,
                vec![],
                2000,
                exit(on, ExitReason::Felregistrering, Occupation::Arbete),
            ),
            person(
                9,
                vec![],
                2000,
                exit(
                    date!(2027 - 01 - 15),
                    ExitReason::Arbete,
                    Occupation::Arbete,
                ),
            ),
        ];
        let mut g = goal(
            Basis::Exits,
            Numerator::StatusAtExit(vec![Occupation::Arbete]),
        );
        g.population = Population {
            income_source_before: ae,
            age_min: Some(19),
            age_max: Some(29),
            sex: None,
        };
        let (from, to) = (date!(2026 - 01 - 01), date!(2026 - 12 - 31));
        assert_eq!(
            count(&g, &all, from, to, &|_| Recorded::default()),
            GoalCount {
                numerator: 1,
                denominator: 2,
                not_judged: 2
            },
            "4 and 5 lack income before; 3 has another income, 6 is 46, 7 is open, \
             8 is an error and 9 exits in 2027"
        );
        let mut everyone = g.clone();
        everyone.population.income_source_before.clear();
        assert_eq!(
            count(&everyone, &all, from, to, &|_| Recorded::default()),
            GoalCount {
                numerator: 3,
                denominator: 5,
                not_judged: 0
            },
            "without an income condition nobody lacks what the goal asks for"
        );
        let mut by_all = g.clone();
        by_all.basis = Basis::AllParticipations;
        by_all.target = 10_000;
        assert_eq!(
            count(&by_all, &all, from, to, &|_| Recorded::default()),
            GoalCount {
                numerator: 1,
                denominator: 2,
                not_judged: 4
            },
            "7 (open) and 9 (exits in 2027) are counted apart too"
        );
        assert_eq!(
            needed_among_open(&by_all, &all, from, to, &|_| Recorded::default()),
            None,
            "the open 7 cannot be judged, so no counted participation is open"
        );
    }

    #[test]
    fn experience_goals_count_only_those_who_answered() {
        use crate::codes::Theme;
        use crate::journey::recorded::ThemeScore;
        let improved = goal(
            Basis::Exits,
            Numerator::ExperienceImproved(vec![Theme::LifeSituation]),
        );
        let agreed = goal(
            Basis::Exits,
            Numerator::ExperienceAgreed(vec![Theme::Support]),
        );
        let on = date!(2026 - 03 - 01);
        let people: Vec<Participation> = (1..=4)
            .map(|id| {
                let mut p = sample();
                p.id = id;
                p.exit = exit(on, ExitReason::Arbete, Occupation::Arbete);
                p
            })
            .collect();
        let score = |theme, start, exit| ThemeScore { theme, start, exit };
        let recorded = |p: &Participation| Recorded {
            reached: vec![],
            experience: match p.id {
                1 => vec![
                    score(Theme::LifeSituation, Some(2.0), Some(4.0)),
                    score(Theme::Support, None, Some(5.0)),
                ],
                2 => vec![
                    score(Theme::LifeSituation, Some(3.0), Some(3.0)),
                    score(Theme::Support, Some(2.0), Some(3.0)),
                ],
                3 => vec![score(Theme::LifeSituation, None, Some(5.0))],
                _ => vec![],
            },
        };
        let (from, to) = (date!(2026 - 01 - 01), date!(2026 - 12 - 31));
        assert_eq!(
            count(&improved, &people, from, to, &recorded),
            GoalCount {
                numerator: 1,
                denominator: 2,
                not_judged: 0
            },
            "3 has no start answer and 4 never answered"
        );
        assert_eq!(
            count(&agreed, &people, from, to, &recorded),
            GoalCount {
                numerator: 1,
                denominator: 2,
                not_judged: 0
            }
        );
    }
}
