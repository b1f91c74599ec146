//! The check that a disclosure-controlled report tells the truth with its marks.

/// Checks every mark in `shown` against the exact figure at the same place in
/// `exact` (SPEC 7.4: a mark never states something false): `<5` only for 1–4, `..`
/// never for 1–4. Returns how many marks there were.
pub fn marks_tell_the_truth(
    exact: &serde_json::Value,
    shown: &serde_json::Value,
    path: &str,
) -> usize {
    use serde_json::Value;
    match (exact, shown) {
        (Value::Object(e), Value::Object(s)) => s
            .iter()
            .filter_map(|(k, v)| Some(marks_tell_the_truth(e.get(k)?, v, &format!("{path}.{k}"))))
            .sum(),
        (Value::Array(e), Value::Array(s)) => e
            .iter()
            .zip(s)
            .enumerate()
            .map(|(i, (e, s))| marks_tell_the_truth(e, s, &format!("{path}.{i}")))
            .sum(),
        (Value::Number(n), Value::String(mark)) => {
            let n = n.as_u64().unwrap_or(u64::MAX);
            match mark.as_str() {
                "<5" => assert!((1..=4).contains(&n), "{path} is {n}, marked <5"),
                ".." => assert!(!(1..=4).contains(&n), "{path} is {n}, marked .."),
                other => panic!("{path}: {other} for {n}"),
            }
            1
        }
        _ => 0,
    }
}
