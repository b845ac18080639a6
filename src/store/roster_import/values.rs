//! Field values as the op log holds them (JSON), compared and shown the way a roster import
//! needs: an ID number's 15- and 18-character forms are one number, tags are a set, and phones
//! and ID numbers are shown masked.

use serde_json::Value;

use crate::domain::{IdNumber, Phone};

/// Whether two values of `field` say the same.
pub fn same(field: &str, a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match field {
        "id_number" => match (a.as_str(), b.as_str()) {
            (Some(x), Some(y)) => {
                IdNumber::from_trusted(x.to_string()).eighteen()
                    == IdNumber::from_trusted(y.to_string()).eighteen()
            }
            _ => false,
        },
        "tags" => {
            let (mut x, mut y) = (tag_list(a), tag_list(b));
            x.sort_unstable();
            x.dedup();
            y.sort_unstable();
            y.dedup();
            x == y
        }
        _ => false,
    }
}

/// Nothing held: null, an empty text or an empty list.
pub fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

pub fn tag_list(v: &Value) -> Vec<&str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The three-way merge of a tag set, tag by tag: the tags the office added since the base are
/// added, those it removed are removed, and those added or removed in the field stay so. In
/// the order held, the office's new tags after them.
pub fn merge_tags(base: &[&str], held: &[&str], roster: &[&str]) -> Value {
    let removed = |t: &&str| base.contains(t) && !roster.contains(t);
    let mut out: Vec<&str> = Vec::new();
    for t in held.iter().filter(|t| !removed(t)) {
        if !out.contains(t) {
            out.push(t);
        }
    }
    for t in roster.iter().filter(|t| !base.contains(t)) {
        if !out.contains(t) {
            out.push(t);
        }
    }
    Value::from(out)
}

/// A value as the report shows it; `household` values are shown by `address`.
pub fn show(field: &str, v: &Value, address: &dyn Fn(&str) -> String) -> String {
    match (field, v) {
        (_, Value::Null) => String::new(),
        ("phone", Value::String(s)) => Phone::from_trusted(s.clone()).masked(),
        ("id_number", Value::String(s)) => IdNumber::from_trusted(s.clone()).masked(),
        ("household", Value::String(s)) => address(s),
        ("tags", _) => tag_list(v).join("、"),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn tags_merge_tag_by_tag() {
        let merged = merge_tags(
            &["党员", "低保户"],
            &["党员", "独居老人"],
            &["低保户", "退役军人"],
        );
        assert_eq!(merged, json!(["独居老人", "退役军人"]));
        // Nothing changed by the office: what is held stays.
        let same_roster = merge_tags(&["党员"], &["独居老人"], &["党员"]);
        assert_eq!(same_roster, json!(["独居老人"]));
        // No base: nothing is removed.
        assert_eq!(
            merge_tags(&[], &["党员"], &["低保户"]),
            json!(["党员", "低保户"])
        );
    }

    #[test]
    fn values_compare_as_people_read_them() {
        assert!(same(
            "id_number",
            &json!("520323197201315856"),
            &json!("520323720131585")
        ));
        assert!(same("tags", &json!(["a", "b"]), &json!(["b", "a", "a"])));
        assert!(!same("phone", &json!("1"), &json!(null)));
        assert!(blank(&json!([])) && blank(&json!("")) && blank(&json!(null)));
        let no = |_: &str| String::new();
        assert_eq!(show("phone", &json!("13712349999"), &no), "137****9999");
        assert_eq!(
            show("tags", &json!(["党员", "低保户"]), &no),
            "党员、低保户"
        );
    }
}
