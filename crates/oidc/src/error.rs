//! What can go wrong in an OIDC login. No variant carries a token, a code or the
//! client secret, so an error can be logged and its code written to the access log.

use crate::id_token::TokenError;
use crate::pending::StateError;

/// A refused or failed OIDC login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OidcError {
    /// The provider could not be reached (`what`: discovery, jwks or token).
    Unreachable(&'static str),
    /// The provider answered, but not as the protocol says (`what` as above).
    BadResponse(&'static str),
    /// The provider's discovery document does not allow what Samverka needs.
    Unsupported(&'static str),
    /// The returning browser's `state` was refused.
    State(StateError),
    /// The provider sent an error instead of a code (its `error` code, cleaned).
    Denied(String),
    /// The ID token failed a check.
    Token(TokenError),
    /// The ID token holds neither the username claim nor `sub` as text.
    NoUsername,
}

impl OidcError {
    /// A short code for the access log and the operator's log.
    pub fn code(&self) -> String {
        match self {
            OidcError::Unreachable(what) => format!("{what}_unreachable"),
            OidcError::BadResponse(what) => format!("{what}_bad_response"),
            OidcError::Unsupported(what) => format!("unsupported_{what}"),
            OidcError::State(e) => e.code().into(),
            OidcError::Denied(code) => format!("provider_{code}"),
            OidcError::Token(e) => format!("id_token_{}", e.code()),
            OidcError::NoUsername => "no_username_claim".into(),
        }
    }

    /// True when the fault is the provider's or the connection's, not the login's.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            OidcError::Unreachable(_) | OidcError::BadResponse(_) | OidcError::Unsupported(_)
        )
    }
}

impl std::fmt::Display for OidcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "oidc login failed: {}", self.code())
    }
}

impl std::error::Error for OidcError {}

/// Keeps an `error` code from the provider safe to store: `a-z`, `_`, at most 40.
pub(crate) fn clean_code(raw: &str) -> String {
    let code: String = raw
        .chars()
        .filter(|c| c.is_ascii_lowercase() || *c == '_')
        .take(40)
        .collect();
    if code.is_empty() {
        "error".into()
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_codes_are_cleaned() {
        assert_eq!(clean_code("access_denied"), "access_denied");
        assert_eq!(clean_code("<script>x"), "scriptx");
        assert_eq!(clean_code("€€"), "error");
        assert_eq!(
            OidcError::Denied(clean_code("login_required")).code(),
            "provider_login_required"
        );
    }
}
