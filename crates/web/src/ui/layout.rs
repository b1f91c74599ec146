//! The frame around every page: title, navigation, language, and the error page.

use askama::Template;
use samverka_domain::policy::{Permission, permits};
use samverka_i18n::Tr;
use samverka_service::sessions::Authenticated;

/// A link in the main navigation.
pub struct NavLink {
    /// Where it goes.
    pub href: &'static str,
    /// Catalogue key of its text.
    pub label: &'static str,
    /// True on the page it leads to.
    pub current: bool,
}

/// The logged-in person as the header shows them.
pub struct NavUser {
    /// Name shown.
    pub display_name: String,
    /// Links the person's roles open.
    pub links: Vec<NavLink>,
}

/// What the base template needs.
pub struct Layout {
    /// The translator.
    pub tr: Tr,
    /// The page title (also the first heading).
    pub title: String,
    /// The person, when logged in fully.
    pub user: Option<NavUser>,
}

impl Layout {
    /// A layout for a page nobody is logged in to (login, errors).
    pub fn public(tr: Tr, title_key: &str) -> Self {
        Self {
            tr,
            title: tr.t(title_key).to_string(),
            user: None,
        }
    }

    /// Replaces the title with a name (an association's, an intervention's), so every
    /// page's title says what it shows.
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// A layout for a logged-in person, marking `path` as the current page.
    pub fn for_user(tr: Tr, title_key: &str, auth: &Authenticated, path: &str) -> Self {
        let mut links = vec![("/", "nav.home")];
        if auth.roles.iter().any(|a| {
            use samverka_domain::Role::*;
            matches!(
                a.role,
                SystemAdmin | AssociationAdmin | PreparatoryGroup | InterventionLead | Coach
            )
        }) {
            links.push(("/organisation", "nav.organisation"));
            links.push(("/reports", "nav.reports"));
        }
        if auth.roles.iter().any(|a| {
            matches!(
                a.role,
                samverka_domain::Role::Coach | samverka_domain::Role::InterventionLead
            )
        }) {
            links.push(("/employers", "nav.employers"));
        }
        if permits(&auth.roles, Permission::ReadAuditLog) {
            links.push(("/audit", "nav.audit"));
        }
        links.push(("/account", "nav.account"));
        if permits(&auth.roles, Permission::ManageAccounts) {
            links.push(("/admin/users", "nav.users"));
        }
        let links = links
            .into_iter()
            .map(|(href, label)| NavLink {
                href,
                label,
                current: href == path,
            })
            .collect();
        Self {
            tr,
            title: tr.t(title_key).to_string(),
            user: Some(NavUser {
                display_name: auth.user.display_name.clone(),
                links,
            }),
        }
    }
}

/// A page that says what went wrong.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// The frame.
    pub layout: Layout,
    /// The message.
    pub message: String,
}

impl ErrorPage {
    /// An error page for an HTTP status.
    pub fn new(tr: Tr, status: u16, message: String) -> Self {
        let title_key = match status {
            404 => "error.title.not_found",
            403 => "error.title.forbidden",
            400 | 413 | 422 => "error.title.bad_request",
            429 => "error.title.throttled",
            _ => "error.title.other",
        };
        Self {
            layout: Layout::public(tr, title_key),
            message,
        }
    }
}

/// Formats an instant for people: `2026-11-22 08:40` in Swedish time (UTC+1, or +2 in summer).
pub fn local_time(at: time::OffsetDateTime) -> String {
    let offset = if is_swedish_summer_time(at) { 2 } else { 1 };
    let local =
        at.to_offset(time::UtcOffset::from_hms(offset, 0, 0).unwrap_or(time::UtcOffset::UTC));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// Summer time in Sweden (EU rule): from 01:00 UTC on the last Sunday of March
/// to 01:00 UTC on the last Sunday of October.
fn is_swedish_summer_time(at: time::OffsetDateTime) -> bool {
    let at = at.to_offset(time::UtcOffset::UTC);
    let last_sunday = |month: time::Month| {
        let mut day = time::Date::from_calendar_date(at.year(), month, 31).unwrap_or(at.date());
        while day.weekday() != time::Weekday::Sunday {
            day = day.previous_day().unwrap_or(day);
        }
        day.with_hms(1, 0, 0).map(|d| d.assume_utc()).unwrap_or(at)
    };
    at >= last_sunday(time::Month::March) && at < last_sunday(time::Month::October)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn swedish_local_time() {
        assert_eq!(
            local_time(datetime!(2026-11-22 07:40 UTC)),
            "2026-11-22 08:40"
        );
        assert_eq!(
            local_time(datetime!(2026-07-01 10:00 UTC)),
            "2026-07-01 12:00"
        );
        assert_eq!(
            local_time(datetime!(2026-03-29 00:59 UTC)),
            "2026-03-29 01:59"
        );
        assert_eq!(
            local_time(datetime!(2026-03-29 01:00 UTC)),
            "2026-03-29 03:00"
        );
    }
}
