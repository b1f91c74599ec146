//! Adding an entry of any kind to a participation: one form per kind, read into
//! the domain's `EntryBody`. The profile form starts from the latest version, so
//! the living document is edited rather than retyped.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::journey::labels::code_choices;
use crate::ui::layout::Layout;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::FieldError;
use samverka_domain::codes::{
    EmploymentForm, IncomeSource, Occupation, StudyForm, parse_list, parse_optional,
};
use samverka_domain::journey::entry::{Attendee, EntryBody};
use samverka_domain::journey::{dates, text};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::participation::ParticipationView;

/// `?kind=…`
#[derive(serde::Deserialize)]
pub struct Kind {
    kind: String,
}

const KINDS: [&str; 9] = [
    "profile",
    "plan_item",
    "monthly_follow_up",
    "checkpoint",
    "placement",
    "employment",
    "study",
    "rehab_fund",
    "after_exit",
];

fn kind_of(k: &str) -> Result<&'static str, AppError> {
    KINDS
        .iter()
        .copied()
        .find(|x| *x == k)
        .ok_or_else(AppError::not_found)
}

fn fields(tr: Tr, kind: &str, v: &ParticipationView, s: &Submitted) -> Vec<Field> {
    let get = |n: &str| s.get(n);
    let area =
        |name: &'static str, key: &str| Field::new(tr, name, key, get(name), FieldKind::Multiline);
    let date = |name: &'static str, key: &str| {
        Field::text(tr, name, key, get(name)).hint(tr, "form.date_hint")
    };
    let employers = || {
        let mut options = vec![(
            String::new(),
            tr.t("entry_form.choose_employer").to_string(),
        )];
        options.extend(
            v.employers
                .iter()
                .map(|e| (e.id.to_string(), e.name.clone())),
        );
        Field::new(
            tr,
            "arbetsgivare",
            "entry_form.employer",
            String::new(),
            FieldKind::Select(choices(options, &[get("arbetsgivare")])),
        )
        .hint(tr, "entry_form.employer_hint")
    };
    let mut out = vec![date(
        "datum",
        if kind == "placement" || kind == "employment" || kind == "study" {
            "entry_form.from"
        } else {
            "entry_form.date"
        },
    )];
    match kind {
        "profile" => out.extend([
            area("intressen", "entry_form.interests"),
            area("formagor", "entry_form.abilities"),
            area("behov", "entry_form.needs"),
            area("stod", "entry_form.support"),
        ]),
        "plan_item" => out.extend([
            Field::text(tr, "mal", "entry_form.goal", get("mal")),
            Field::text(tr, "delmal", "entry_form.sub_goal", get("delmal")),
            Field::text(tr, "aktivitet", "entry_form.activity", get("aktivitet")),
            Field::text(tr, "ansvarig", "entry_form.responsible", get("ansvarig"))
                .hint(tr, "entry_form.responsible_hint"),
            date("uppfoljning", "entry_form.follow_up_on"),
        ]),
        "monthly_follow_up" => out.push(area("anteckning", "entry_form.note")),
        "checkpoint" => out.extend([
            Field::new(
                tr,
                "narvarande",
                "entry_form.attendees",
                get("narvarande"),
                FieldKind::Multiline,
            )
            .hint(tr, "entry_form.attendees_hint"),
            area("anteckning", "entry_form.note"),
            date("nasta_mote", "entry_form.next_on"),
        ]),
        "placement" => out.extend([
            employers(),
            date("slutdatum", "entry_form.until"),
            Field::text(
                tr,
                "timmar_per_vecka",
                "entry_form.hours",
                get("timmar_per_vecka"),
            ),
            area("arbetsuppgifter", "entry_form.tasks"),
            area("anpassningar", "entry_form.adaptations"),
            Field::text(tr, "handledare", "entry_form.supervisor", get("handledare")),
            area("mal", "entry_form.goals"),
        ]),
        "employment" => out.extend([
            employers(),
            Field::new(
                tr,
                "anstallningsform",
                "entry_form.employment_form",
                String::new(),
                FieldKind::Select(code_choices::<EmploymentForm>(
                    tr,
                    &[get("anstallningsform")],
                    false,
                )),
            ),
            Field::text(
                tr,
                "omfattning_procent",
                "entry_form.extent",
                get("omfattning_procent"),
            )
            .hint(tr, "entry_form.extent_hint"),
            date("slutdatum", "entry_form.until"),
        ]),
        "study" => out.extend([
            Field::new(
                tr,
                "studieform",
                "entry_form.study_form",
                String::new(),
                FieldKind::Select(code_choices::<StudyForm>(tr, &[get("studieform")], false)),
            ),
            Field::text(
                tr,
                "omfattning_procent",
                "entry_form.extent",
                get("omfattning_procent"),
            )
            .hint(tr, "entry_form.extent_hint"),
            date("slutdatum", "entry_form.until"),
        ]),
        "rehab_fund" => out.extend([
            Field::text(tr, "vad", "entry_form.what", get("vad")),
            Field::text(tr, "kostnad", "entry_form.cost", get("kostnad"))
                .hint(tr, "entry_form.cost_hint"),
            area("motivering", "entry_form.motivation"),
        ]),
        _ => {
            let months = ["6", "12", "24"].map(|m| {
                (
                    m.to_string(),
                    format!("{m} {}", tr.t("entry_form.months_unit")),
                )
            });
            let mut income = Field::new(
                tr,
                "forsorjning",
                "entry_form.income",
                String::new(),
                FieldKind::Choice(code_choices::<IncomeSource>(
                    tr,
                    &s.all("forsorjning"),
                    false,
                )),
            );
            income.multiple = true;
            out.extend([
                Field::new(
                    tr,
                    "manader",
                    "entry_form.months",
                    String::new(),
                    FieldKind::Select(choices(months, &[get("manader")])),
                ),
                Field::new(
                    tr,
                    "sysselsattning",
                    "entry_form.occupation",
                    String::new(),
                    FieldKind::Select(code_choices::<Occupation>(
                        tr,
                        &[get("sysselsattning")],
                        true,
                    )),
                ),
                income,
            ]);
        }
    }
    out
}

fn optional_date(s: &Submitted, name: &'static str) -> Result<Option<time::Date>, FieldError> {
    dates::parse_optional(name, &s.get(name))
}

fn whole(s: &Submitted, name: &'static str) -> Result<i64, FieldError> {
    let t = s.get(name);
    t.trim()
        .replace(' ', "")
        .parse()
        .map_err(|_| FieldError::with_detail(name, "error.number.format", t.trim()))
}

fn employer(s: &Submitted) -> Result<i64, FieldError> {
    s.get("arbetsgivare")
        .parse()
        .map_err(|_| FieldError::new("arbetsgivare", "error.required"))
}

/// Reads "ORG: Namn" lines; a trailing `@användarnamn` links a Samverka account.
fn attendees(s: &Submitted) -> Vec<(Attendee, Option<String>)> {
    s.lines("narvarande")
        .iter()
        .map(|line| {
            let (org, rest) = line
                .split_once(':')
                .map_or(("anordnare", line.as_str()), |(o, r)| (o.trim(), r.trim()));
            let (name, user) = crate::ui::journey::officer::split(rest);
            (
                Attendee {
                    organisation: org.to_string(),
                    name,
                    user_id: None,
                },
                user,
            )
        })
        .collect()
}

/// Reads the form of `kind` into an entry body.
fn read(kind: &str, s: &Submitted) -> Result<EntryBody, FieldError> {
    let t = |n: &'static str| text::optional(n, &s.get(n));
    Ok(match kind {
        "profile" => EntryBody::Profile {
            interests: t("intressen")?,
            abilities: t("formagor")?,
            needs: t("behov")?,
            support: t("stod")?,
        },
        "plan_item" => EntryBody::PlanItem {
            goal: t("mal")?,
            sub_goal: t("delmal")?,
            activity: t("aktivitet")?,
            responsible: t("ansvarig")?,
            follow_up_on: optional_date(s, "uppfoljning")?,
            done: false,
        },
        "monthly_follow_up" => EntryBody::MonthlyFollowUp {
            note: t("anteckning")?,
        },
        "checkpoint" => EntryBody::Checkpoint {
            attendees: attendees(s).into_iter().map(|(a, _)| a).collect(),
            note: t("anteckning")?,
            next_on: optional_date(s, "nasta_mote")?,
        },
        "placement" => EntryBody::Placement {
            employer_id: employer(s)?,
            until: optional_date(s, "slutdatum")?,
            hours_per_week: whole(s, "timmar_per_vecka")?.clamp(0, 255) as u8,
            tasks: t("arbetsuppgifter")?,
            adaptations: t("anpassningar")?,
            supervisor: t("handledare")?,
            goals: t("mal")?,
        },
        "employment" => EntryBody::Employment {
            employer_id: employer(s)?,
            until: optional_date(s, "slutdatum")?,
            form: <EmploymentForm as samverka_domain::codes::Code>::parse(
                "anstallningsform",
                &s.get("anstallningsform"),
            )?,
            extent: text::extent_text("omfattning_procent", &s.get("omfattning_procent"))?,
        },
        "study" => EntryBody::Study {
            until: optional_date(s, "slutdatum")?,
            form: <StudyForm as samverka_domain::codes::Code>::parse(
                "studieform",
                &s.get("studieform"),
            )?,
            extent: text::extent_text("omfattning_procent", &s.get("omfattning_procent"))?,
        },
        "rehab_fund" => EntryBody::RehabFund {
            what: t("vad")?,
            cost: whole(s, "kostnad")?,
            motivation: t("motivering")?,
            approved_by: None,
        },
        _ => EntryBody::AfterExit {
            months: whole(s, "manader")?.clamp(0, 255) as u8,
            occupation: parse_optional("sysselsattning", &s.get("sysselsattning"))?,
            income: parse_list("forsorjning", &s.all("forsorjning").join("|"))?,
        },
    })
}

fn page(
    tr: Tr,
    auth: &samverka_service::sessions::Authenticated,
    id: i64,
    kind: &str,
    form: FormState,
) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, &format!("entry.{kind}"), auth, ""),
        intro: Some(tr.t(&format!("entry_form.intro_{kind}")).to_string()),
        action: format!("/participations/{id}/entries/new?kind={kind}"),
        cancel: format!("/participations/{id}"),
        form,
    }
}

/// The latest profile as the starting values of a new version.
fn prefill(kind: &str, v: &ParticipationView, today: time::Date) -> Submitted {
    let mut pairs = vec![("datum".to_string(), today.to_string())];
    if kind == "profile"
        && let Some(EntryBody::Profile {
            interests,
            abilities,
            needs,
            support,
        }) = v
            .entries
            .iter()
            .rev()
            .find(|e| e.body.kind() == "profile")
            .map(|e| &e.body)
    {
        pairs.extend([
            ("intressen".into(), interests.clone()),
            ("formagor".into(), abilities.clone()),
            ("behov".into(), needs.clone()),
            ("stod".into(), support.clone()),
        ]);
    }
    if kind == "after_exit"
        && let Some(x) = &v.participation.exit
    {
        let done: Vec<u8> = v
            .entries
            .iter()
            .filter_map(|e| match e.body {
                EntryBody::AfterExit { months, .. } => Some(months),
                _ => None,
            })
            .collect();
        let next = [6u8, 12, 24]
            .into_iter()
            .find(|m| !done.contains(m))
            .unwrap_or(6);
        pairs.push(("manader".into(), next.to_string()));
        let due = dates::add_months(x.on, u32::from(next));
        pairs[0].1 = due.min(today).to_string();
    }
    Submitted(pairs)
}

/// GET /participations/{id}/entries/new?kind=…
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Query(q): Query<Kind>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let v = state
        .services
        .participation_view(&auth.caller(), id)
        .await?;
    let kind = kind_of(&q.kind)?;
    let s = prefill(kind, &v, state.services.clock.today());
    page(
        tr,
        &auth,
        id,
        kind,
        FormState {
            fields: fields(tr, kind, &v, &s),
            summary: None,
        },
    )
    .respond()
}

/// POST /participations/{id}/entries/new?kind=…
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Query(q): Query<Kind>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let v = state.services.participation_view(&caller, id).await?;
    let kind = kind_of(&q.kind)?;
    let s = Submitted(pairs);
    let result = async {
        let on = dates::parse("datum", &s.get("datum"))?;
        let mut body = read(kind, &s)?;
        if let EntryBody::Checkpoint {
            attendees: list, ..
        } = &mut body
        {
            for (a, (_, user)) in list.iter_mut().zip(attendees(&s)) {
                if let Some(u) = user {
                    a.user_id = Some(state.services.attendee_account(&caller, id, &u).await?);
                }
            }
        }
        state.services.add_entry(&caller, id, on, body).await
    }
    .await;
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("/participations/{id}?saved=1#{kind}-heading")).into_response(),
        ),
        Err(ServiceError::Invalid(e)) => {
            let form = FormState {
                fields: fields(tr, kind, &v, &s),
                summary: None,
            }
            .with_error(tr, &e);
            page(tr, &auth, id, kind, form).respond()
        }
        Err(e) => Err(e.into()),
    }
}
