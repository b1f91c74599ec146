//! Registerutdrag (GDPR art. 15): everything the provider holds about one person,
//! across its interventions: identity, referrals, participations with consent,
//! baseline, stages and exit, every entry, questionnaire answers, and who has read
//! or changed the data (from the access log). Made by an intervention's lead, with
//! a stated reason that goes to the log. The same document is written as PDF and
//! JSON.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::audit::{AuditEntry, AuditEvent};
use samverka_domain::codes::Code;
use samverka_domain::journey::Participation;
use samverka_domain::journey::person::Identity;
use samverka_i18n::{Lang, Tr};
use samverka_reports::document::{Cell, Document, Grid, Row, Section};
use samverka_store::{AuditFilter, ParticipationFilter, ReferralFilter};

/// Access-log entries shown per participation, newest first.
const LOG_ROWS: i64 = 1_000;

fn row(label: impl Into<String>, value: impl Into<String>) -> Row {
    Row {
        label: label.into(),
        cells: vec![Cell::Text(value.into())],
        total: false,
    }
}

fn section(key: String, heading: String, columns: Vec<String>, rows: Vec<Row>) -> Section {
    Section {
        key,
        heading,
        definition: String::new(),
        grid: Grid { columns, rows },
        chart: None,
    }
}

/// A code's label in the catalogue.
fn code<C: Code>(tr: Tr, c: C) -> String {
    tr.t(&format!("code.{}.{}", C::LIST, c.code())).to_string()
}

fn list<C: Code>(tr: Tr, items: &[C]) -> String {
    items
        .iter()
        .map(|c| code(tr, *c))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Services {
    /// The register extract for the person of participation `id`, made by `caller`
    /// for `reason` (logged). Only an intervention's lead may make one.
    pub async fn register_extract(
        &self,
        caller: &Caller,
        id: i64,
        reason: &str,
        lang: Lang,
    ) -> ServiceResult<Document> {
        let (p, _, reason) = self.lead_with_reason(caller, id, reason).await?;
        let tr = Tr(lang);
        let person = self
            .store
            .persons(&[p.person_id])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound)?;
        let all = self.all_intervention_codes().await?;
        let participations = self
            .store
            .participations(&ParticipationFilter {
                person: Some(person.id),
                interventions: all.clone(),
                ..ParticipationFilter::default()
            })
            .await?;
        let referrals = self
            .store
            .referrals(&ReferralFilter {
                person: Some(person.id),
                interventions: all,
                ..ReferralFilter::default()
            })
            .await?;
        let mut sections = Vec::new();
        let two = || {
            vec![
                tr.t("extract.column.what").to_string(),
                tr.t("extract.column.value").to_string(),
            ]
        };
        let mut who = vec![];
        match &person.identity {
            Identity::Number { number, name } => {
                who.push(row(tr.t("extract.number"), number.display()));
                who.push(row(tr.t("extract.name"), name.clone()));
            }
            Identity::Alias {
                alias,
                sex,
                birth_year,
            } => {
                who.push(row(tr.t("extract.alias"), alias.clone()));
                who.push(row(tr.t("extract.sex"), tr.t(&sex.label_key()).to_string()));
                who.push(row(tr.t("extract.birth_year"), birth_year.to_string()));
            }
        }
        who.push(row(
            tr.t("extract.protected"),
            tr.t(if person.protected {
                "report.yes"
            } else {
                "report.no"
            }),
        ));
        who.push(row(tr.t("extract.provider"), person.provider.clone()));
        who.push(row(
            tr.t("extract.made"),
            format!("{} ({})", self.clock.today(), caller.actor().name),
        ));
        sections.push(section(
            "person".into(),
            tr.t("extract.person").to_string(),
            two(),
            who,
        ));
        for r in &referrals {
            let rows = vec![
                row(tr.t("extract.intervention"), r.intervention.clone()),
                row(tr.t("extract.received"), r.received_on.to_string()),
                row(
                    tr.t("extract.source"),
                    format!("{} {}", r.source, r.source_unit).trim().to_string(),
                ),
                row(tr.t("extract.officer"), r.officer_name.clone()),
                row(tr.t("extract.referral_reason"), r.reason.clone()),
                row(
                    tr.t("extract.status"),
                    tr.t(&r.status.label_key()).to_string(),
                ),
            ];
            sections.push(section(
                format!("referral_{}", r.id),
                tr.f("extract.referral", &[("on", &r.received_on.to_string())]),
                two(),
                rows,
            ));
        }
        for q in &participations {
            sections.extend(self.participation_sections(tr, q).await?);
        }
        let mut d = self
            .journey_draft(
                caller,
                AuditEvent::RegisterExtractMade,
                "person",
                person.id,
                Some(p.id),
            )
            .details(format!("participations={}", participations.len()));
        d.reason = Some(reason);
        self.store.append_audit(&d).await?;
        Ok(Document {
            title: tr.t("extract.title").to_string(),
            scope: person.label().to_string(),
            period: self.clock.today().to_string(),
            disclosure: tr.t("extract.disclosure").to_string(),
            sections,
        })
    }

    /// One participation's sections: facts, entries, questionnaires, access log.
    async fn participation_sections(
        &self,
        tr: Tr,
        q: &Participation,
    ) -> ServiceResult<Vec<Section>> {
        let two = || {
            vec![
                tr.t("extract.column.what").to_string(),
                tr.t("extract.column.value").to_string(),
            ]
        };
        let b = &q.baseline;
        let mut facts = vec![
            row(tr.t("extract.intervention"), q.intervention.clone()),
            row(tr.t("extract.start"), q.start_on.to_string()),
            row(
                tr.t("extract.consent"),
                match &q.consent {
                    Some(c) => format!(
                        "{} ({}){}",
                        c.given_on,
                        c.scope.join(", "),
                        c.withdrawn_on
                            .map(|w| format!(", {} {w}", tr.t("extract.withdrawn")))
                            .unwrap_or_default()
                    ),
                    None => tr.t("extract.no_consent").to_string(),
                },
            ),
            row(tr.t("extract.income_before"), list(tr, &b.income)),
            row(
                tr.t("extract.occupation_before"),
                b.occupation.map(|o| code(tr, o)).unwrap_or_default(),
            ),
            row(
                tr.t("extract.education"),
                b.education.map(|o| code(tr, o)).unwrap_or_default(),
            ),
            row(
                tr.t("extract.time_away"),
                b.time_away.map(|o| code(tr, o)).unwrap_or_default(),
            ),
            row(tr.t("extract.municipality"), b.municipality.clone()),
            row(tr.t("extract.obstacles"), list(tr, &b.obstacles)),
            row(tr.t("extract.decisive_change"), q.decisive_change.clone()),
            row(
                tr.t("extract.stages"),
                q.stages
                    .iter()
                    .map(|s| format!("{} {}", s.stage, s.entered_on))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ];
        if let Some(x) = &q.exit {
            facts.push(row(
                tr.t("extract.exit"),
                format!("{} {}", x.on, code(tr, x.reason)),
            ));
            facts.push(row(
                tr.t("extract.occupation_after"),
                x.occupation.map(|o| code(tr, o)).unwrap_or_default(),
            ));
            facts.push(row(tr.t("extract.income_after"), list(tr, &x.income)));
            facts.push(row(tr.t("extract.exit_analysis"), x.analysis.clone()));
            facts.push(row(tr.t("extract.receiving_org"), x.receiving_org.clone()));
        }
        let mut out = vec![section(
            format!("participation_{}", q.id),
            tr.f(
                "extract.participation",
                &[
                    ("intervention", &q.intervention),
                    ("start", &q.start_on.to_string()),
                ],
            ),
            two(),
            facts,
        )];
        let entries: Vec<Row> = self
            .store
            .entries(&[q.id])
            .await?
            .iter()
            .map(|e| {
                let body = serde_json::to_string(&e.body).unwrap_or_default();
                Row {
                    label: e.on.to_string(),
                    cells: vec![
                        Cell::Text(tr.t(&format!("entry.{}", e.body.kind())).to_string()),
                        Cell::Text(body),
                        Cell::Text(e.written_by.clone()),
                    ],
                    total: false,
                }
            })
            .collect();
        out.push(section(
            format!("entries_{}", q.id),
            tr.t("extract.entries").to_string(),
            vec![
                tr.t("extract.column.on").to_string(),
                tr.t("extract.column.kind").to_string(),
                tr.t("extract.column.content").to_string(),
                tr.t("extract.column.by").to_string(),
            ],
            entries,
        ));
        let answers: Vec<Row> = self
            .store
            .invitations(&[q.id])
            .await?
            .iter()
            .filter(|i| !i.answers.is_empty())
            .map(|i| Row {
                label: i.saved_on.map(|d| d.to_string()).unwrap_or_default(),
                cells: vec![
                    Cell::Text(i.occasion.code().to_string()),
                    Cell::Text(serde_json::to_string(&i.answers).unwrap_or_default()),
                ],
                total: false,
            })
            .collect();
        out.push(section(
            format!("questionnaires_{}", q.id),
            tr.t("extract.questionnaires").to_string(),
            vec![
                tr.t("extract.column.on").to_string(),
                tr.t("extract.column.occasion").to_string(),
                tr.t("extract.column.answers").to_string(),
            ],
            answers,
        ));
        let log: Vec<AuditEntry> = self
            .store
            .search_audit(&AuditFilter {
                participation_id: Some(q.id),
                limit: LOG_ROWS,
                ..AuditFilter::default()
            })
            .await?;
        out.push(section(
            format!("access_{}", q.id),
            tr.t("extract.access").to_string(),
            vec![
                tr.t("extract.column.at").to_string(),
                tr.t("extract.column.by").to_string(),
                tr.t("extract.column.event").to_string(),
                tr.t("extract.column.why").to_string(),
            ],
            log.iter()
                .map(|e| Row {
                    label: e.draft.at.date().to_string(),
                    cells: vec![
                        Cell::Text(e.draft.actor.name.clone()),
                        Cell::Text(tr.t(&e.draft.event.label_key()).to_string()),
                        Cell::Text(e.draft.reason.clone().unwrap_or_default()),
                    ],
                    total: false,
                })
                .collect(),
        ));
        Ok(out)
    }
}
