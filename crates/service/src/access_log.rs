//! The access log as the auditor reads it: filtered by who, which participation,
//! which intervention, what and when, always with the chain verified, and exported
//! as CSV. Reading and exporting are themselves logged.

use crate::accounts::Caller;
use crate::audit_chain::ChainReport;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::{AuditDraft, AuditEntry, AuditEvent};
use samverka_domain::policy::{Permission, permits};
use samverka_store::AuditFilter;
use time::{Date, Duration, OffsetDateTime, Time};

/// Entries shown on one page.
pub const PAGE_SIZE: i64 = 200;

/// Entries in one export, at most.
pub const EXPORT_LIMIT: i64 = 100_000;

/// What the auditor asks for, as typed; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogQuery {
    /// A login name.
    pub user: String,
    /// A participation id.
    pub participation: String,
    /// An intervention code.
    pub intervention: String,
    /// An event code.
    pub event: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// Show entries before this sequence number (paging back).
    pub before: String,
}

/// A page of the log with the verdict on the whole chain.
#[derive(Debug, Clone)]
pub struct LogView {
    /// Matching entries, newest first.
    pub entries: Vec<AuditEntry>,
    /// Whether there are older matching entries.
    pub more: bool,
    /// The chain checked from the first entry to the last.
    pub chain: ChainReport,
}

fn day(field: &'static str, text: &str) -> Result<Option<Date>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Date::parse(t, &time::format_description::well_known::Iso8601::DATE)
        .map(Some)
        .map_err(|_| FieldError::with_detail(field, "error.form.date", t.to_string()))
}

fn whole_number(field: &'static str, text: &str) -> Result<Option<i64>, FieldError> {
    let t = text.trim().trim_start_matches('#');
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| FieldError::with_detail(field, "error.form.number", t.to_string()))
}

impl Services {
    pub(crate) fn may_read_log(caller: &Caller) -> ServiceResult<()> {
        match caller {
            Caller::Cli(_) => Ok(()),
            Caller::User { roles, .. } if permits(roles, Permission::ReadAuditLog) => Ok(()),
            Caller::User { .. } => Err(ServiceError::Forbidden),
        }
    }

    /// The store filter for `q`; every wrong value names its field.
    pub(crate) async fn log_filter(&self, q: &LogQuery, limit: i64) -> ServiceResult<AuditFilter> {
        let actor_user_id = match q.user.trim() {
            "" => None,
            name => Some(
                self.store
                    .user_by_username(name)
                    .await?
                    .map(|u| u.id.0)
                    .ok_or_else(|| {
                        FieldError::with_detail("anvandare", "error.access_log.user", name)
                    })?,
            ),
        };
        let event_code = match q.event.trim() {
            "" => None,
            code => Some(
                AuditEvent::parse(code)
                    .ok_or_else(|| FieldError::new("handelse", "error.access_log.event"))?
                    .code()
                    .to_string(),
            ),
        };
        let from = day("fran", &q.from)?;
        let to = day("till", &q.to)?;
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(FieldError::new("till", "error.access_log.period").into());
        }
        let midnight = |d: Date| OffsetDateTime::new_utc(d, Time::MIDNIGHT);
        Ok(AuditFilter {
            actor_user_id,
            participation_id: whole_number("deltagande", &q.participation)?,
            event_code,
            intervention: match q.intervention.trim() {
                "" => None,
                code => Some(code.to_uppercase()),
            },
            from: from.map(midnight),
            until: to.map(|d| midnight(d + Duration::days(1))),
            before_seq: whole_number("fore", &q.before)?,
            limit,
        })
    }

    fn log_read_draft(&self, caller: &Caller, event: AuditEvent, q: &LogQuery) -> AuditDraft {
        let asked: Vec<String> = [
            ("user", &q.user),
            ("participation", &q.participation),
            ("intervention", &q.intervention),
            ("event", &q.event),
            ("from", &q.from),
            ("to", &q.to),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", v.trim()))
        .collect();
        let details = if asked.is_empty() {
            "all".to_string()
        } else {
            asked.join(" ")
        };
        AuditDraft::new(self.clock.now(), caller.actor(), event, "audit_log", "").details(details)
    }

    /// One page of the log for the auditor, with the chain verified.
    pub async fn access_log(&self, caller: &Caller, q: &LogQuery) -> ServiceResult<LogView> {
        Self::may_read_log(caller)?;
        let filter = self.log_filter(q, PAGE_SIZE + 1).await?;
        self.store
            .append_audit(&self.log_read_draft(caller, AuditEvent::AuditLogRead, q))
            .await?;
        let mut entries = self.store.search_audit(&filter).await?;
        let more = entries.len() as i64 > PAGE_SIZE;
        entries.truncate(PAGE_SIZE as usize);
        Ok(LogView {
            entries,
            more,
            chain: self.verify_audit_chain().await?,
        })
    }

    /// Every matching entry (up to [`EXPORT_LIMIT`]), newest first, for an export.
    pub async fn export_access_log(
        &self,
        caller: &Caller,
        q: &LogQuery,
    ) -> ServiceResult<Vec<AuditEntry>> {
        Self::may_read_log(caller)?;
        let filter = self.log_filter(q, EXPORT_LIMIT).await?;
        self.store
            .append_audit(&self.log_read_draft(caller, AuditEvent::AuditLogExported, q))
            .await?;
        Ok(self.store.search_audit(&filter).await?)
    }
}
