//! Entries and the exit written out as label–value lines for the participation page.

use crate::ui::journey::labels::{label, label_or_unknown, labels};
use samverka_domain::journey::entry::{Entry, EntryBody};
use samverka_domain::journey::exit::Exit;
use samverka_i18n::Tr;
use samverka_service::journey::participation::ParticipationView;

/// Label keys with values, as pairs of texts; empty values are left out.
pub fn fact_list(tr: Tr, facts: &[(&str, String)]) -> Vec<(String, String)> {
    facts
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (tr.t(k).to_string(), v.clone()))
        .collect()
}

fn date_or_dash(d: Option<time::Date>) -> String {
    d.map_or_else(|| "–".into(), |d| d.to_string())
}

/// The lines that describe one entry.
pub fn entry_lines(tr: Tr, e: &Entry, v: &ParticipationView) -> Vec<(String, String)> {
    match &e.body {
        EntryBody::Profile {
            interests,
            abilities,
            needs,
            support,
        } => fact_list(
            tr,
            &[
                ("entry_form.interests", interests.clone()),
                ("entry_form.abilities", abilities.clone()),
                ("entry_form.needs", needs.clone()),
                ("entry_form.support", support.clone()),
            ],
        ),
        EntryBody::PlanItem {
            goal,
            sub_goal,
            activity,
            responsible,
            follow_up_on,
            done,
        } => fact_list(
            tr,
            &[
                ("entry_form.goal", goal.clone()),
                ("entry_form.sub_goal", sub_goal.clone()),
                ("entry_form.activity", activity.clone()),
                ("entry_form.responsible", responsible.clone()),
                ("entry_form.follow_up_on", date_or_dash(*follow_up_on)),
                (
                    "entry_form.status",
                    tr.t(if *done {
                        "entry_form.done"
                    } else {
                        "entry_form.open"
                    })
                    .to_string(),
                ),
            ],
        ),
        EntryBody::MonthlyFollowUp { note } => fact_list(tr, &[("entry_form.note", note.clone())]),
        EntryBody::Checkpoint {
            attendees,
            note,
            next_on,
        } => fact_list(
            tr,
            &[
                (
                    "entry_form.attendees",
                    attendees
                        .iter()
                        .map(|a| format!("{} ({})", a.name, a.organisation))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("entry_form.note", note.clone()),
                ("entry_form.next_on", date_or_dash(*next_on)),
            ],
        ),
        EntryBody::Placement {
            employer_id,
            until,
            hours_per_week,
            tasks,
            adaptations,
            supervisor,
            goals,
        } => fact_list(
            tr,
            &[
                (
                    "entry_form.employer",
                    v.employer_name(*employer_id).to_string(),
                ),
                ("entry_form.until", date_or_dash(*until)),
                ("entry_form.hours", hours_per_week.to_string()),
                ("entry_form.tasks", tasks.clone()),
                ("entry_form.adaptations", adaptations.clone()),
                ("entry_form.supervisor", supervisor.clone()),
                ("entry_form.goals", goals.clone()),
            ],
        ),
        EntryBody::Employment {
            employer_id,
            until,
            form,
            extent,
        } => fact_list(
            tr,
            &[
                (
                    "entry_form.employer",
                    v.employer_name(*employer_id).to_string(),
                ),
                ("entry_form.employment_form", label(tr, *form)),
                ("entry_form.extent", format!("{extent} %")),
                ("entry_form.until", date_or_dash(*until)),
            ],
        ),
        EntryBody::Study {
            until,
            form,
            extent,
        } => fact_list(
            tr,
            &[
                ("entry_form.study_form", label(tr, *form)),
                ("entry_form.extent", format!("{extent} %")),
                ("entry_form.until", date_or_dash(*until)),
            ],
        ),
        EntryBody::RehabFund {
            what,
            cost,
            motivation,
            approved_by,
        } => fact_list(
            tr,
            &[
                ("entry_form.what", what.clone()),
                ("entry_form.cost", samverka_reports::format::kronor(*cost)),
                ("entry_form.motivation", motivation.clone()),
                (
                    "entry_form.approved",
                    approved_by
                        .clone()
                        .unwrap_or_else(|| tr.t("entry_form.not_approved").to_string()),
                ),
            ],
        ),
        EntryBody::AfterExit {
            months,
            occupation,
            income,
        } => fact_list(
            tr,
            &[
                (
                    "entry_form.months",
                    format!("{months} {}", tr.t("entry_form.months_unit")),
                ),
                ("entry_form.occupation", label_or_unknown(tr, *occupation)),
                ("entry_form.income", labels(tr, income)),
            ],
        ),
    }
}

/// The exit as label–value lines.
pub fn exit_facts(tr: Tr, x: &Exit) -> Vec<(String, String)> {
    fact_list(
        tr,
        &[
            ("exit_form.slutdatum", x.on.to_string()),
            ("exit_form.avslutsorsak", label(tr, x.reason)),
            (
                "exit_form.sysselsattning_efter",
                label_or_unknown(tr, x.occupation),
            ),
            (
                "exit_form.anstallningsform",
                x.employment_form.map(|c| label(tr, c)).unwrap_or_default(),
            ),
            (
                "exit_form.omfattning_procent",
                x.extent.map(|e| format!("{e} %")).unwrap_or_default(),
            ),
            (
                "exit_form.studieform",
                x.study_form.map(|c| label(tr, c)).unwrap_or_default(),
            ),
            (
                "exit_form.forsorjning_efter",
                if x.income.is_empty() {
                    String::new()
                } else {
                    labels(tr, &x.income)
                },
            ),
            ("exit_form.avslutsanalys", x.analysis.clone()),
            ("exit_form.mottagande_organisation", x.receiving_org.clone()),
        ],
    )
}
