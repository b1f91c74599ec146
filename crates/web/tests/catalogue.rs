//! Every text a person reads comes from the translation catalogue: templates hold
//! no words of their own, and every key they and the code use exists.

use std::fs;
use std::path::Path;

fn templates() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect()
}

/// Removes template expressions, tags and HTML comments, leaving the literal text.
fn literal_text(source: &str) -> String {
    let mut text = String::new();
    let mut rest = source;
    while let Some(start) = rest.find(['<', '{']) {
        text.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = if tail.starts_with("{{") {
            tail.find("}}").map(|i| i + 2)
        } else if tail.starts_with("{%") {
            tail.find("%}").map(|i| i + 2)
        } else if tail.starts_with('<') {
            tail.find('>').map(|i| i + 1)
        } else {
            Some(1)
        };
        let end = end.unwrap_or(tail.len());
        rest = &tail[end..];
    }
    text.push_str(rest);
    text
}

#[test]
fn templates_hold_no_words_outside_the_catalogue() {
    for (path, source) in templates() {
        let text = literal_text(&source);
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic) && *w != "Samverka")
            .collect();
        assert!(
            words.is_empty(),
            "{path} has text outside the catalogue: {words:?}"
        );
    }
}

#[test]
fn every_key_used_exists_in_the_catalogue() {
    let mut sources: Vec<String> = templates().into_iter().map(|t| t.1).collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                sources.push(fs::read_to_string(path).unwrap());
            }
        }
    }
    let prefixes = [
        "layout.",
        "nav.",
        "error.",
        "login.",
        "totp.",
        "home.",
        "account.",
        "users.",
        "role.",
        "conflict.",
    ];
    let mut checked = 0;
    for source in &sources {
        for piece in source.split('"').skip(1).step_by(2) {
            let looks_like_key = prefixes.iter().any(|p| piece.starts_with(p))
                && piece
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                && !piece.ends_with('.')
                && !piece.ends_with(".html");
            if looks_like_key {
                checked += 1;
                assert!(
                    samverka_i18n::has(piece),
                    "key {piece} is used but missing from the catalogue"
                );
            }
        }
    }
    assert!(
        checked > 50,
        "found only {checked} keys; the scan is broken"
    );
}
