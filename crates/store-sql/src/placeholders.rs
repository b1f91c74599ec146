//! Rewriting `?` placeholders to PostgreSQL's numbered `$n`.

use std::borrow::Cow;

/// Rewrites every `?` placeholder in `sql` to `$1`, `$2`, … in order of appearance.
///
/// A `?` inside a string literal (`'…'`), a quoted identifier (`"…"`) or a comment
/// (`-- …` to the end of the line, `/* … */`) is left alone. Returns `sql` unchanged
/// (borrowed) when it has no placeholder.
pub fn numbered_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut prev = ' ';
                for d in chars.by_ref() {
                    out.push(d);
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            '?' => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::numbered_placeholders;

    #[test]
    fn numbers_placeholders_in_order() {
        assert_eq!(
            numbered_placeholders("UPDATE t SET a = ? WHERE id = ? AND b < ?"),
            "UPDATE t SET a = $1 WHERE id = $2 AND b < $3"
        );
    }

    #[test]
    fn leaves_sql_without_placeholders_borrowed() {
        assert!(matches!(
            numbered_placeholders("SELECT 1"),
            std::borrow::Cow::Borrowed("SELECT 1")
        ));
    }

    #[test]
    fn skips_literals_identifiers_and_comments() {
        assert_eq!(
            numbered_placeholders(
                "SELECT '?', 'it''s ?', \"odd?\" FROM t -- why?\nWHERE a = ? /* ? */ AND b = ?"
            ),
            "SELECT '?', 'it''s ?', \"odd?\" FROM t -- why?\nWHERE a = $1 /* ? */ AND b = $2"
        );
    }
}
