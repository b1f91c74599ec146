//! Report views in the access log. Every report a person sees (on the report page,
//! as a download or on the start page) is written to the hash-chained log with who,
//! which report, scope, period, format and layer, so that the auditor can follow
//! what the association layer has looked at. A run of many reports in a short time
//! by one account (the pattern of a subtraction attack) is picked out as a burst.

use crate::access_log::{EXPORT_LIMIT, LogQuery};
use crate::accounts::Caller;
use crate::journey::report::{Audience, ReportScope};
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::audit::{AuditDraft, AuditEntry, AuditEvent};
use samverka_reports::output::Format;
use std::collections::BTreeMap;
use time::{Date, Duration, OffsetDateTime};

/// A burst is more than this many report views by one account ...
pub const BURST_VIEWS: usize = 30;

/// ... within this much time.
pub const BURST_WINDOW: Duration = Duration::minutes(10);

/// How far back the burst check looks when the auditor names no first day.
pub const BURST_LOOKBACK: Duration = Duration::days(30);

/// Which report was seen (the report page's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// The standard participant report (with questionnaire results and goals).
    Participants,
    /// The budget report.
    Budget,
    /// The association's Kostnadsrapport.
    Costs,
    /// The Uppföljning Finsam export.
    Finsam,
}

impl ReportKind {
    /// Every kind.
    pub const ALL: [ReportKind; 4] = [
        ReportKind::Participants,
        ReportKind::Budget,
        ReportKind::Costs,
        ReportKind::Finsam,
    ];

    /// The code, as in the report page's address and in the log.
    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Participants => "participants",
            ReportKind::Budget => "budget",
            ReportKind::Costs => "costs",
            ReportKind::Finsam => "finsam",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// The layer a reader of reports belongs to, by role, as logged.
fn layer_code(layer: Audience) -> &'static str {
    match layer {
        Audience::Provider => "provider",
        Audience::Association => "forbund",
    }
}

/// One report view, as written to and read back from the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    /// Which report.
    pub kind: ReportKind,
    /// What it covers.
    pub scope: ReportScope,
    /// First and last day.
    pub period: (Date, Date),
    /// How it was delivered (the page counts as HTML).
    pub format: Format,
    /// The reader's layer: `Association` when their role gives only
    /// disclosure-controlled figures for the scope, `Provider` when exact.
    pub layer: Audience,
}

impl ReportView {
    /// The log entry's details: codes and dates only, never personal data.
    fn details(&self) -> String {
        format!(
            "kind={} from={} to={} format={} layer={}",
            self.kind.code(),
            self.period.0,
            self.period.1,
            self.format.code(),
            layer_code(self.layer)
        )
    }

    /// The view an entry records, if it is a report view written by this module.
    pub fn from_entry(entry: &AuditEntry) -> Option<Self> {
        if entry.event_code != AuditEvent::ReportViewed.code() {
            return None;
        }
        let fields: BTreeMap<&str, &str> = entry
            .draft
            .details
            .split_whitespace()
            .filter_map(|pair| pair.split_once('='))
            .collect();
        let day = |key: &str| {
            Date::parse(
                fields.get(key)?,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .ok()
        };
        Some(Self {
            kind: ReportKind::parse(fields.get("kind")?)?,
            scope: ReportScope::parse(&entry.draft.target_id)?,
            period: (day("from")?, day("to")?),
            format: Format::parse(fields.get("format")?)?,
            layer: match *fields.get("layer")? {
                "forbund" => Audience::Association,
                "provider" => Audience::Provider,
                _ => return None,
            },
        })
    }
}

/// Many report views by one account in a short time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burst {
    /// The account's login name.
    pub user: String,
    /// How many report views the run holds.
    pub views: usize,
    /// The first view of the run.
    pub first: OffsetDateTime,
    /// The last view of the run.
    pub last: OffsetDateTime,
}

impl Burst {
    /// The time from the first view to the last.
    pub fn span(&self) -> Duration {
        self.last - self.first
    }
}

/// The bursts among one account's views, `times` in ascending order: every stretch
/// where some [`BURST_WINDOW`] holds more than [`BURST_VIEWS`] views, overlapping
/// stretches joined into one run.
fn account_bursts(user: &str, times: &[OffsetDateTime]) -> Vec<Burst> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut end = 0;
    for start in 0..times.len() {
        end = end.max(start);
        while end + 1 < times.len() && times[end + 1] - times[start] <= BURST_WINDOW {
            end += 1;
        }
        if end - start < BURST_VIEWS {
            continue;
        }
        match runs.last_mut() {
            Some(run) if start <= run.1 => run.1 = end,
            _ => runs.push((start, end)),
        }
    }
    runs.into_iter()
        .map(|(s, e)| Burst {
            user: user.to_string(),
            views: e - s + 1,
            first: times[s],
            last: times[e],
        })
        .collect()
}

/// The bursts among report views given as (account, instant) in any order, newest
/// run first.
pub fn bursts(views: &[(String, OffsetDateTime)]) -> Vec<Burst> {
    let mut by_user: BTreeMap<&str, Vec<OffsetDateTime>> = BTreeMap::new();
    for (user, at) in views {
        by_user.entry(user.as_str()).or_default().push(*at);
    }
    let mut out: Vec<Burst> = by_user
        .into_iter()
        .flat_map(|(user, mut times)| {
            times.sort();
            account_bursts(user, &times)
        })
        .collect();
    out.sort_by(|a, b| b.first.cmp(&a.first).then_with(|| a.user.cmp(&b.user)));
    out
}

/// The outcome of the burst check over a stretch of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BurstCheck {
    /// The first instant checked.
    pub from: OffsetDateTime,
    /// The instant the check ends (exclusive).
    pub until: OffsetDateTime,
    /// Report views found in that stretch.
    pub views: usize,
    /// The bursts among them, newest first.
    pub bursts: Vec<Burst>,
}

impl Services {
    /// Writes one report view to the access log, with the reader's layer for the
    /// scope. `kind` is the report page's code (`participants`, `budget` …).
    pub async fn log_report_view(
        &self,
        caller: &Caller,
        kind: &str,
        scope: &ReportScope,
        period: (Date, Date),
        format: Format,
    ) -> ServiceResult<()> {
        let kind = ReportKind::parse(kind).ok_or(ServiceError::NotFound)?;
        let (_, layer) = self
            .reach(caller, scope, period, Audience::Provider)
            .await?;
        let view = ReportView {
            kind,
            scope: scope.clone(),
            period,
            format,
            layer,
        };
        let draft = AuditDraft::new(
            self.clock.now(),
            caller.actor(),
            AuditEvent::ReportViewed,
            "report",
            scope.key(),
        )
        .details(view.details());
        self.store.append_audit(&draft).await?;
        Ok(())
    }

    /// The bursts of report views for the auditor, over the stretch and account
    /// `q` names (the last [`BURST_LOOKBACK`] when it names no first day); the
    /// other fields of `q` do not narrow the check.
    pub async fn report_bursts(&self, caller: &Caller, q: &LogQuery) -> ServiceResult<BurstCheck> {
        Self::may_read_log(caller)?;
        let mut filter = self.log_filter(q, EXPORT_LIMIT).await?;
        let until = filter.until.unwrap_or_else(|| self.clock.now());
        let from = filter.from.unwrap_or(until - BURST_LOOKBACK);
        filter.event_code = Some(AuditEvent::ReportViewed.code().to_string());
        filter.participation_id = None;
        filter.intervention = None;
        filter.before_seq = None;
        filter.from = Some(from);
        filter.until = Some(until + Duration::milliseconds(1));
        let views: Vec<(String, OffsetDateTime)> = self
            .store
            .search_audit(&filter)
            .await?
            .into_iter()
            .map(|e| (e.draft.actor.name, e.draft.at))
            .collect();
        Ok(BurstCheck {
            from,
            until,
            views: views.len(),
            bursts: bursts(&views),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-11-22 09:00 UTC);

    fn every(
        user: &str,
        n: usize,
        step: Duration,
        start: OffsetDateTime,
    ) -> Vec<(String, OffsetDateTime)> {
        (0..n)
            .map(|i| (user.to_string(), start + step * i as i32))
            .collect()
    }

    #[test]
    fn thirty_views_in_ten_minutes_are_no_burst_but_thirty_one_are() {
        let calm = every("karin", 30, Duration::seconds(10), AT);
        assert!(bursts(&calm).is_empty());
        let busy = every("karin", 31, Duration::seconds(10), AT);
        let found = bursts(&busy);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].views, 31);
        assert_eq!(found[0].span(), Duration::seconds(300));
    }

    #[test]
    fn a_steady_reader_is_not_flagged() {
        // One report every 21 seconds for two hours holds at most 29 in any
        // 10 minutes; one every 20 seconds puts 31 in exactly 10 minutes.
        let steady = every("karin", 360, Duration::seconds(21), AT);
        assert!(bursts(&steady).is_empty());
        let edge = every("karin", 31, Duration::seconds(20), AT);
        assert_eq!(bursts(&edge).len(), 1);
    }

    #[test]
    fn the_subtraction_attack_shows_as_one_run_and_other_accounts_are_apart() {
        let mut views = every("mallory", 335, Duration::milliseconds(15), AT);
        views.extend(every("karin", 20, Duration::seconds(1), AT));
        views.extend(every(
            "mallory",
            40,
            Duration::seconds(5),
            AT + Duration::hours(3),
        ));
        let found = bursts(&views);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].user, "mallory");
        assert_eq!(found[0].views, 40);
        assert_eq!(found[0].first, AT + Duration::hours(3));
        assert_eq!(found[1].views, 335);
        assert_eq!(found[1].span(), Duration::milliseconds(15 * 334));
    }

    #[test]
    fn overlapping_windows_join_into_one_run() {
        // 31 quick views and 31 more 8 minutes later share one window of 10
        // minutes: one run of 62. Twenty minutes apart they are two runs.
        let mut views = every("karin", 31, Duration::seconds(1), AT);
        views.extend(every(
            "karin",
            31,
            Duration::seconds(1),
            AT + Duration::minutes(8),
        ));
        let found = bursts(&views);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].views, 62);
        let mut apart = every("karin", 31, Duration::seconds(1), AT);
        apart.extend(every(
            "karin",
            31,
            Duration::seconds(1),
            AT + Duration::minutes(20),
        ));
        assert_eq!(bursts(&apart).len(), 2);
    }

    #[test]
    fn a_view_reads_back_from_its_entry() {
        let view = ReportView {
            kind: ReportKind::Finsam,
            scope: ReportScope::Association("SFU".into()),
            period: (
                time::macros::date!(2026 - 01 - 01),
                time::macros::date!(2026 - 04 - 30),
            ),
            format: Format::Xlsx,
            layer: Audience::Association,
        };
        let draft = AuditDraft::new(
            AT,
            samverka_domain::audit::Actor::system(),
            AuditEvent::ReportViewed,
            "report",
            view.scope.key(),
        )
        .details(view.details());
        assert_eq!(
            draft.details,
            "kind=finsam from=2026-01-01 to=2026-04-30 format=xlsx layer=forbund"
        );
        let entry = AuditEntry {
            seq: 1,
            draft,
            event_code: "report_viewed".into(),
            prev_hash: String::new(),
            hash: String::new(),
        };
        assert_eq!(ReportView::from_entry(&entry), Some(view));
    }
}
