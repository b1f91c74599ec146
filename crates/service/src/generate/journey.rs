//! Participations of a synthetic intervention, with persons (by alias: never a
//! personnummer), stage periods, plan entries, follow-ups after exit and
//! questionnaires, as rows in the tables' column order.

use super::organisation::GenIntervention;
use super::pick::{chance, log_normal, weighted};
use super::rows::{Cell, Rows, row};
use rand::Rng;
use rand::rngs::StdRng;
use samverka_domain::codes::{
    EducationLevel, EmploymentForm, ExitReason, IncomeSource, Obstacle, Occupation, Sex, StudyForm,
    TimeAway,
};
use samverka_domain::journey::consent::Consent;
use samverka_domain::journey::dates::add_months;
use samverka_domain::journey::entry::EntryBody;
use samverka_domain::journey::exit::Exit;
use samverka_domain::journey::person::Identity;
use samverka_domain::journey::stage::StagePeriod;
use samverka_domain::journey::{Baseline, Participation, Person};
use samverka_domain::questionnaire::instrument::{
    AnswerValue, Instrument, InstrumentKind, QuestionKind,
};
use samverka_domain::questionnaire::invitation::Invitation;
use samverka_domain::template::builtin_named;
use samverka_store::journey_rows::{ParticipationRow, PersonRow, body_to_json};

use samverka_store::questionnaire_repo::answers_to_json;
use std::collections::BTreeMap;
use time::{Date, Duration};

/// Where an intervention's rows start: the next free id of each table, and its staff.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ids {
    /// Next person id.
    pub person: i64,
    /// Next participation id.
    pub participation: i64,
    /// Next stage period id.
    pub stage: i64,
    /// Next entry id.
    pub entry: i64,
    /// Next questionnaire id.
    pub invitation: i64,
    /// The intervention's first coach (the others follow).
    pub first_coach: i64,
}

const EXIT_REASONS: [(ExitReason, u32); 13] = [
    (ExitReason::Arbete, 280),
    (ExitReason::Studier, 100),
    (ExitReason::Arbetssokande, 80),
    (ExitReason::AnnanInsats, 140),
    (ExitReason::Ohalsa, 140),
    (ExitReason::Flytt, 30),
    (ExitReason::Foraldraledighet, 20),
    (ExitReason::EgetOnskemal, 80),
    (ExitReason::UteblivenKontakt, 60),
    (ExitReason::InsatsenUpphor, 20),
    (ExitReason::Avliden, 2),
    (ExitReason::Annat, 40),
    (ExitReason::Felregistrering, 5),
];

const INCOME_BEFORE: [(IncomeSource, u32); 8] = [
    (IncomeSource::Aktivitetsersattning, 25),
    (IncomeSource::Sjukersattning, 10),
    (IncomeSource::Forsorjningsstod, 25),
    (IncomeSource::Sjukpenning, 15),
    (IncomeSource::Arbetsloshetsersattning, 5),
    (IncomeSource::Aktivitetsstod, 10),
    (IncomeSource::Ingen, 5),
    (IncomeSource::Annan, 5),
];

/// Generates `iv`'s participations into `rows`, numbering from `ids`, and returns
/// the ids that follow.
pub fn intervention(
    rng: &mut StdRng,
    iv: &GenIntervention,
    provider: &str,
    mut ids: Ids,
    (today, retention_months): (Date, u32),
    instrument: &Instrument,
    rows: &mut Rows,
) -> Ids {
    let template = builtin_named(iv.template).expect("a built-in template");
    let stages: Vec<String> = template.stages.iter().map(|s| s.code.clone()).collect();
    let first = iv.start;
    let last = today - Duration::days(7);
    let span = (last - first).whole_days().max(1);
    for n in 0..iv.participations {
        let start = first + Duration::days(rng.gen_range(0..span));
        let sex = weighted(rng, &[(Sex::Kvinna, 52), (Sex::Man, 46), (Sex::Okand, 2)]);
        let age: i32 = 19 + (log_normal(rng, 9.0, 0.8) as i32).min(45);
        let birth_year = start.year() - age;
        let person = Person {
            id: ids.person,
            provider: provider.to_string(),
            identity: Identity::Alias {
                alias: format!("{}-{:05}", iv.code, n + 1),
                sex,
                birth_year,
            },
            protected: false,
        };
        rows.persons.push(PersonRow::from_person(&person));
        let days = log_normal(rng, 280.0, 0.65).clamp(10.0, 2_000.0) as i64;
        let exit_on = start + Duration::days(days);
        let exit = (exit_on < today).then(|| exit(rng, exit_on));
        let coach = ids.first_coach + rng.gen_range(0..iv.coaches as i64);
        let p = Participation {
            id: ids.participation,
            intervention: iv.code.clone(),
            person_id: ids.person,
            referral_id: None,
            cohort_id: None,
            coach: Some(coach),
            start_on: start,
            sex,
            birth_year,
            consent: Some(Consent {
                given_on: start,
                scope: vec!["FK".into(), "AF".into()],
                withdrawn_on: None,
            }),
            baseline: baseline(rng, iv),
            decisive_change: String::new(),
            referred_by: weighted(
                rng,
                &[("FK", 30), ("AF", 30), ("REGION", 20), ("KOMMUN", 20)],
            )
            .to_string(),
            referred_unit: String::new(),
            stages: stage_periods(rng, &stages, start, exit.as_ref().map(|x| x.on), today),
            exit,
        };
        for (position, s) in p.stages.iter().enumerate() {
            rows.stages.push(row([
                ids.stage.into(),
                p.id.into(),
                (position as i64).into(),
                s.stage.clone().into(),
                s.entered_on.into(),
                s.left_on.into(),
            ]));
            ids.stage += 1;
        }
        let written_by = format!(
            "coach-{}-{}",
            iv.code.to_lowercase(),
            coach - ids.first_coach + 1
        );
        // Exits older than the retention period are already anonymous, as the daily
        // retention job would have left them: only the entries that may stay.
        let anonymous_since = p
            .exit
            .as_ref()
            .map(|x| add_months(x.on, retention_months))
            .filter(|d| *d < today);
        if let Some(on) = anonymous_since {
            rows.anonymisations.push(row([
                p.id.into(),
                on.into(),
                "retention".to_string().into(),
            ]));
        }
        for (on, body) in entries(rng, &p, today) {
            let Some(body) = (if anonymous_since.is_some() {
                body.anonymised()
            } else {
                Some(body)
            }) else {
                continue;
            };
            rows.entries.push(row([
                ids.entry.into(),
                p.id.into(),
                body.kind().to_string().into(),
                on.into(),
                body_to_json(&body).into(),
                written_by.clone().into(),
                (on.midnight().assume_utc().unix_timestamp() + 36_000).into(),
            ]));
            ids.entry += 1;
        }
        for inv in questionnaires(rng, &p, instrument, &written_by) {
            rows.invitations.push(row([
                ids.invitation.into(),
                p.id.into(),
                inv.instrument.clone().into(),
                i64::from(inv.version).into(),
                inv.occasion.code().to_string().into(),
                format!("{:064x}", ids.invitation).into(),
                inv.created_on.into(),
                inv.expires_on.into(),
                inv.created_by.clone().into(),
                answers_to_json(&inv.answers).into(),
                inv.saved_on.into(),
                inv.completed_on.into(),
                Cell::Null,
                "[]".to_string().into(),
            ]));
            ids.invitation += 1;
        }
        rows.participations
            .push(ParticipationRow::from_participation(&p));
        ids.person += 1;
        ids.participation += 1;
    }
    ids
}

fn baseline(rng: &mut StdRng, iv: &GenIntervention) -> Baseline {
    let mut income = vec![weighted(rng, &INCOME_BEFORE)];
    if chance(rng, 0.15) && income[0] != IncomeSource::Forsorjningsstod {
        income.push(IncomeSource::Forsorjningsstod);
    }
    let obstacles = [
        Obstacle::Skulder,
        Obstacle::SmartaOchPsykiskOhalsa,
        Obstacle::LagMotivation,
    ]
    .into_iter()
    .filter(|_| chance(rng, 0.2))
    .collect();
    Baseline {
        income,
        occupation: Some(weighted(
            rng,
            &[
                (Occupation::IngenSysselsattning, 40),
                (Occupation::Sjukskriven, 25),
                (Occupation::AktivtArbetssokande, 20),
                (Occupation::Arbetstraning, 10),
                (Occupation::Studier, 5),
            ],
        )),
        education: Some(weighted(
            rng,
            &[
                (EducationLevel::Forgymnasial, 25),
                (EducationLevel::GymnasialKort, 15),
                (EducationLevel::Gymnasial, 40),
                (EducationLevel::EftergymnasialKort, 10),
                (EducationLevel::Eftergymnasial, 5),
                (EducationLevel::Okand, 5),
            ],
        )),
        time_away: Some(weighted(
            rng,
            &[
                (TimeAway::Under1Ar, 15),
                (TimeAway::Ar1Till2, 20),
                (TimeAway::Ar2Till3, 15),
                (TimeAway::Ar3Till5, 20),
                (TimeAway::Over5Ar, 15),
                (TimeAway::AldrigArbetat, 15),
            ],
        )),
        municipality: iv.municipalities[rng.gen_range(0..iv.municipalities.len())].clone(),
        obstacles,
    }
}

fn exit(rng: &mut StdRng, on: Date) -> Exit {
    let reason = weighted(rng, &EXIT_REASONS);
    let (occupation, income) = match reason {
        ExitReason::Arbete => (Some(Occupation::Arbete), vec![IncomeSource::Lon]),
        ExitReason::Studier => (Some(Occupation::Studier), vec![IncomeSource::Studiemedel]),
        ExitReason::Arbetssokande => (
            Some(Occupation::AktivtArbetssokande),
            vec![IncomeSource::Aktivitetsstod],
        ),
        ExitReason::Felregistrering => (None, Vec::new()),
        _ => (
            Some(weighted(
                rng,
                &[
                    (Occupation::Sjukskriven, 40),
                    (Occupation::IngenSysselsattning, 30),
                    (Occupation::Arbetstraning, 20),
                    (Occupation::Annan, 10),
                ],
            ))
            .filter(|_| chance(rng, 0.8)),
            vec![weighted(rng, &INCOME_BEFORE)],
        ),
    };
    let work = reason == ExitReason::Arbete;
    Exit {
        on,
        reason,
        occupation,
        employment_form: work.then(|| {
            weighted(
                rng,
                &[
                    (EmploymentForm::Osubventionerad, 35),
                    (EmploymentForm::Lonebidrag, 30),
                    (EmploymentForm::Nystartsjobb, 10),
                    (EmploymentForm::Utvecklingsanstallning, 8),
                    (EmploymentForm::Extratjanst, 7),
                    (EmploymentForm::Osa, 5),
                    (EmploymentForm::Trygghetsanstallning, 3),
                    (EmploymentForm::EgetForetag, 2),
                ],
            )
        }),
        extent: work.then(|| weighted(rng, &[(25, 15), (50, 30), (75, 25), (100, 30)])),
        study_form: (reason == ExitReason::Studier).then(|| {
            weighted(
                rng,
                &[
                    (StudyForm::Komvux, 45),
                    (StudyForm::Folkhogskola, 25),
                    (StudyForm::Hogskola, 10),
                    (StudyForm::Yrkeshogskola, 10),
                    (StudyForm::Gymnasium, 5),
                    (StudyForm::Sfi, 5),
                ],
            )
        }),
        income,
        analysis: String::new(),
        receiving_org: String::new(),
    }
}

/// The template's stages in order from the start, each a few weeks to months, the
/// last one closed on the exit day.
fn stage_periods(
    rng: &mut StdRng,
    stages: &[String],
    start: Date,
    exit: Option<Date>,
    today: Date,
) -> Vec<StagePeriod> {
    let end = exit.unwrap_or(today);
    let mut out: Vec<StagePeriod> = Vec::new();
    let mut on = start;
    for stage in stages {
        if on > end || (!out.is_empty() && on == end) {
            break;
        }
        if let Some(last) = out.last_mut() {
            last.left_on = Some(on);
        }
        out.push(StagePeriod {
            stage: stage.clone(),
            entered_on: on,
            left_on: None,
        });
        on += Duration::days(log_normal(rng, 60.0, 0.5).max(7.0) as i64);
    }
    if let (Some(last), Some(x)) = (out.last_mut(), exit) {
        last.left_on = Some(x);
    }
    out
}

/// A profile, a plan line, monthly follow-ups and the follow-ups 6 and 12 months
/// after exit that have come due.
fn entries(rng: &mut StdRng, p: &Participation, today: Date) -> Vec<(Date, EntryBody)> {
    let mut out = Vec::new();
    let end = p.exit.as_ref().map_or(today, |x| x.on);
    let at = |d: i64| (p.start_on + Duration::days(d)).min(end);
    if chance(rng, 0.6) {
        out.push((
            at(14),
            EntryBody::Profile {
                interests: "Vill arbeta med människor eller djur.".into(),
                abilities: "Noggrann, van vid datorer.".into(),
                needs: "Korta dagar i början, tydliga instruktioner.".into(),
                support: "Stöd av handledare på arbetsplatsen.".into(),
            },
        ));
    }
    out.push((
        at(21),
        EntryBody::PlanItem {
            goal: "Arbete på deltid".into(),
            sub_goal: "Hitta en praktikplats".into(),
            activity: "Besöka två arbetsgivare".into(),
            responsible: "Deltagare och coach".into(),
            follow_up_on: Some(at(51)),
            done: p.exit.is_some(),
        },
    ));
    let months = ((end - p.start_on).whole_days() / 30).min(rng.gen_range(0..=3));
    for m in 1..=months {
        out.push((
            at(30 * m),
            EntryBody::MonthlyFollowUp {
                note: "Planen följd, nästa steg bestämt.".into(),
            },
        ));
    }
    if let Some(x) = p
        .exit
        .as_ref()
        .filter(|x| x.reason != ExitReason::Felregistrering)
    {
        for months in [6u8, 12] {
            let due = x.on + Duration::days(30 * i64::from(months));
            if due < today && chance(rng, 0.7) {
                let working = x.occupation == Some(Occupation::Arbete) && chance(rng, 0.8);
                out.push((
                    due,
                    EntryBody::AfterExit {
                        months,
                        occupation: Some(if working {
                            Occupation::Arbete
                        } else {
                            x.occupation.unwrap_or(Occupation::IngenSysselsattning)
                        }),
                        income: if working {
                            vec![IncomeSource::Lon]
                        } else {
                            x.income.clone()
                        },
                    },
                ));
            }
        }
    }
    out
}

/// A start questionnaire for most, an exit questionnaire for half of those who
/// exited; scale answers move a step up more often than down.
fn questionnaires(
    rng: &mut StdRng,
    p: &Participation,
    instrument: &Instrument,
    created_by: &str,
) -> Vec<Invitation> {
    let mut out = Vec::new();
    let mut start_scale: BTreeMap<String, u8> = BTreeMap::new();
    let mut occasions = Vec::new();
    if chance(rng, 0.7) {
        occasions.push((InstrumentKind::Start, p.start_on + Duration::days(7)));
    }
    if let Some(x) = p
        .exit
        .as_ref()
        .filter(|x| x.reason != ExitReason::Felregistrering)
        && chance(rng, 0.5)
    {
        occasions.push((InstrumentKind::Exit, x.on));
    }
    for (occasion, on) in occasions {
        let mut inv = Invitation::new(
            p.id,
            (&instrument.code, instrument.version),
            occasion,
            on,
            created_by,
        );
        for q in &instrument.questions {
            let value = match &q.kind {
                QuestionKind::Likert { .. } => {
                    let v = match start_scale.get(&q.code) {
                        None => rng.gen_range(1..=4),
                        Some(s) => (*s as i8 + weighted(rng, &[(1i8, 50), (0, 30), (-1, 20)]))
                            .clamp(1, 5) as u8,
                    };
                    if occasion == InstrumentKind::Start {
                        start_scale.insert(q.code.clone(), v);
                    }
                    AnswerValue::Scale(v)
                }
                QuestionKind::YesNo => AnswerValue::YesNo(chance(rng, 0.6)),
                QuestionKind::Single { options } => {
                    AnswerValue::Choices(vec![rng.gen_range(0..options.len().max(1))])
                }
                QuestionKind::Multiple { options } => {
                    AnswerValue::Choices(vec![rng.gen_range(0..options.len().max(1))])
                }
                QuestionKind::FreeText => continue,
            };
            inv.answers.insert(q.code.clone(), value);
        }
        inv.saved_on = Some(on);
        inv.completed_on = Some(on);
        out.push(inv);
    }
    out
}
