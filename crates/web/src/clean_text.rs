//! Text from a form or an API body is refused when it holds a control character
//! (other than tab and line breaks) or is not valid UTF-8, with the field named
//! (issue 20, M3 and L8): such text broke a transfer to PostgreSQL and was stored
//! as replacement characters.

use samverka_domain::journey::text::is_forbidden_control as control;

/// A field with text that cannot be taken, and the catalogue key saying why.
#[derive(Debug, PartialEq, Eq)]
pub struct BadText {
    pub field: String,
    pub message_key: &'static str,
}

/// `%XX` and `+` of a form field decoded to bytes.
fn percent_decoded(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                match (
                    raw.get(i + 1).and_then(|b| hex(*b)),
                    raw.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// The first field of an `application/x-www-form-urlencoded` body whose name or
/// value is not clean text.
pub fn in_form(body: &[u8]) -> Option<BadText> {
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut halves = pair.splitn(2, |b| *b == b'=');
        let name = percent_decoded(halves.next().unwrap_or_default());
        let value = percent_decoded(halves.next().unwrap_or_default());
        let field: String = String::from_utf8_lossy(&name)
            .chars()
            .filter(|c| !control(*c))
            .take(40)
            .collect();
        let bad = |message_key| {
            Some(BadText {
                field: field_or_body(field.clone()),
                message_key,
            })
        };
        match (std::str::from_utf8(&name), std::str::from_utf8(&value)) {
            (Ok(n), Ok(v)) if n.chars().chain(v.chars()).any(control) => {
                return bad("error.text.control");
            }
            (Ok(_), Ok(_)) => {}
            _ => return bad("error.text.encoding"),
        }
    }
    None
}

/// The first string of a JSON value (or key) that holds a control character, by path.
pub fn in_json(value: &serde_json::Value, path: &str) -> Option<BadText> {
    let bad = |path: &str| {
        Some(BadText {
            field: field_or_body(path.to_string()),
            message_key: "error.text.control",
        })
    };
    match value {
        serde_json::Value::String(s) if s.chars().any(control) => bad(path),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| in_json(v, &format!("{path}[{i}]"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            let here = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.chars().any(control) {
                bad(&here)
            } else {
                in_json(v, &here)
            }
        }),
        _ => None,
    }
}

fn field_or_body(field: String) -> String {
    if field.is_empty() {
        "(innehållet)".into()
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_with_control_characters_or_broken_utf8_name_the_field() {
        assert_eq!(
            in_form(b"namn=Sara+Lindqvist&anteckning=rad%0Arad%09tab"),
            None
        );
        assert_eq!(in_form("namn=S%C3%A5ra".as_bytes()), None);
        let nul = in_form(b"namn=Sara&anteckning=a%00b").unwrap();
        assert_eq!(
            (nul.field.as_str(), nul.message_key),
            ("anteckning", "error.text.control")
        );
        let bell = in_form(b"kommun=Ume%07").unwrap();
        assert_eq!(bell.field, "kommun");
        let latin1 = in_form(b"namn=Sj%F6berg").unwrap();
        assert_eq!(
            (latin1.field.as_str(), latin1.message_key),
            ("namn", "error.text.encoding")
        );
        assert_eq!(in_form(b"a=100%25&b=%"), None, "a lone % is kept as it is");
    }

    #[test]
    fn json_strings_with_control_characters_name_their_path() {
        let v = serde_json::json!({"person": {"namn": "Sara\u{0}"}, "ok": ["a\nb"]});
        let bad = in_json(&v, "").unwrap();
        assert_eq!(bad.field, "person.namn");
        assert_eq!(
            in_json(&serde_json::json!({"anteckning": "rad\r\nrad\tx"}), ""),
            None
        );
    }
}
