//! The translation catalogue. Every text a person reads comes from here:
//! `catalogue/sv.toml` (the reference) and `catalogue/en.toml`.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Swedish, the default.
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// The language tag (`sv`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Parses a tag; anything else is `None`.
    pub fn parse(tag: &str) -> Option<Self> {
        match tag.trim() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the language toggle.
    pub fn other(self) -> Self {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }
}

fn load(source: &str) -> HashMap<String, String> {
    let table: toml::Table = source
        .parse()
        .expect("the catalogue is valid TOML (checked by tests)");
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(t) => flatten(&full, t, out),
            toml::Value::String(s) => {
                out.insert(full, s.clone());
            }
            other => {
                out.insert(full, other.to_string());
            }
        }
    }
}

static SV: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| load(include_str!("../catalogue/sv.toml")));
static EN: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| load(include_str!("../catalogue/en.toml")));

fn table(lang: Lang) -> &'static HashMap<String, String> {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// The text for `key` in `lang`. A missing key shows as the key itself (tests forbid that).
pub fn text(lang: Lang, key: &str) -> &str {
    table(lang)
        .get(key)
        .or_else(|| SV.get(key))
        .map(String::as_str)
        .unwrap_or(key)
}

/// The text for `key` with `{name}` placeholders filled in.
pub fn fill(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut out = text(lang, key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The message for a taken unique value in `field`: its own text if the
/// catalogue has one (`conflict.FIELD`), else the general one naming the field.
pub fn conflict(lang: Lang, field: &str) -> String {
    fill(lang, &conflict_key(field), &[("detail", field)])
}

/// The catalogue key for a taken unique value in `field`.
pub fn conflict_key(field: &str) -> String {
    let key = format!("conflict.{field}");
    if has(&key) {
        key
    } else {
        "error.conflict".to_string()
    }
}

/// `text` with its first letter in upper case (the catalogue keeps code labels in
/// lower case for use inside sentences).
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// True when the catalogue has `key`.
pub fn has(key: &str) -> bool {
    SV.contains_key(key)
}

/// Every key of the Swedish catalogue, for completeness tests.
pub fn keys() -> Vec<&'static str> {
    let mut keys: Vec<_> = SV.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// A translator bound to one language: what templates call.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`.
    pub fn t<'k>(&self, key: &'k str) -> &'k str {
        text(self.0, key)
    }

    /// The text for `key` with placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.0, key, args)
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let mut sv: Vec<_> = SV.keys().collect();
        let mut en: Vec<_> = EN.keys().collect();
        sv.sort();
        en.sort();
        let missing_en: Vec<_> = sv.iter().filter(|k| !EN.contains_key(**k)).collect();
        let missing_sv: Vec<_> = en.iter().filter(|k| !SV.contains_key(**k)).collect();
        assert!(missing_en.is_empty(), "missing in en.toml: {missing_en:?}");
        assert!(missing_sv.is_empty(), "missing in sv.toml: {missing_sv:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|x| x.0.to_string()))
                .collect();
            v.sort();
            v
        };
        for (key, sv) in SV.iter() {
            assert_eq!(holes(sv), holes(&EN[key]), "placeholders differ for {key}");
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert!(has("error.password.too_short"));
        assert!(fill(Lang::Sv, "error.password.too_short", &[("detail", "12")]).contains("12"));
        assert_eq!(text(Lang::Sv, "no.such.key"), "no.such.key");
    }
}
