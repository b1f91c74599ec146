//! "Name @username": a typed officer name that may link a Samverka account.

/// Splits `Eva Handläggare @eva` into the name and the account name.
pub fn split(text: &str) -> (String, Option<String>) {
    match text.rsplit_once('@') {
        Some((name, user))
            if !user.trim().is_empty() && !user.trim_end().chars().any(char::is_whitespace) =>
        {
            (name.trim().to_string(), Some(user.trim().to_string()))
        }
        _ => (text.trim().to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_trailing_at_name_links_an_account() {
        assert_eq!(
            super::split("Eva Lind @eva"),
            ("Eva Lind".into(), Some("eva".into()))
        );
        assert_eq!(super::split("Eva Lind"), ("Eva Lind".into(), None));
        assert_eq!(super::split("eva@ fk"), ("eva@ fk".into(), None));
    }
}
