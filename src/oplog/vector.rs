//! Sender vectors: for each origin device and scope, the highest seq held with every seq
//! before it (what a device has, without gaps).

use std::collections::BTreeMap;

/// `{origin device: {scope: max contiguous seq}}`.
pub type Vector = BTreeMap<String, BTreeMap<String, u64>>;

/// The seq a vector holds up to for one series (0 when it holds none).
pub fn held(vector: &Vector, origin: &str, scope: &str) -> u64 {
    vector
        .get(origin)
        .and_then(|s| s.get(scope))
        .copied()
        .unwrap_or(0)
}

/// Whether a peer that asked for `scopes` (empty: all) receives ops of `scope`. Office-wide
/// data (`*`) goes to everyone.
pub fn in_scopes(scopes: &[String], scope: &str) -> bool {
    scopes.is_empty() || scope == crate::oplog::op::SCOPE_ALL || scopes.iter().any(|s| s == scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_series_hold_nothing_and_office_data_goes_everywhere() {
        let mut v = Vector::new();
        v.entry("a".into()).or_default().insert("g1".into(), 7);
        assert_eq!(held(&v, "a", "g1"), 7);
        assert_eq!(held(&v, "a", "g2"), 0);
        assert_eq!(held(&v, "b", "g1"), 0);
        let mine = vec!["g1".to_string()];
        assert!(in_scopes(&mine, "g1"));
        assert!(in_scopes(&mine, "*"));
        assert!(!in_scopes(&mine, "g2"));
        assert!(in_scopes(&[], "g2"));
    }
}
