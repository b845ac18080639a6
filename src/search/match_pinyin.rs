//! Matching a Latin query against a pinyin key.
//!
//! Each unit (character) the query passes through consumes its full reading or its initial
//! (`z` or `zh` of `zhang`); the unit where the query ends may consume any prefix of its reading,
//! so every keystroke of `l`, `li`, `lid`, `lide`, `lidej` matches 李德军 and so do `ldj` and
//! `lidj`. Because of that, a prefix of a matching query always matches too, which is what lets a
//! [`super::Searcher`] narrow.
//!
//! The scan runs the matcher as a bit-parallel automaton: bit `p` of a state word means "the
//! first `p` query bytes are consumed before this unit". No allocation, a few word operations
//! per unit. Highlights re-run it as a small memoised search that records the units used.

use super::index::KeyView;
use super::score::Quality;

/// Longest query the automaton handles (one bit per position, plus the end).
pub(crate) const MAX_QUERY: usize = 127;

fn lcp(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Whether the reading has a two-letter initial (zh, ch, sh).
fn two_letter_initial(r: &[u8]) -> bool {
    r.len() > 2 && matches!(r, [b'z' | b'c' | b's', b'h', ..])
}

/// Advances every state in `states` through one unit with reading `r`. Returns the states after
/// the unit and whether the query can end inside it.
fn step(states: u128, r: &[u8], q: &[u8]) -> (u128, bool) {
    let mut next = 0u128;
    let mut accepted = false;
    let mut s = states;
    while s != 0 {
        let p = s.trailing_zeros() as usize;
        s &= s - 1;
        let rest = q.get(p..).unwrap_or_default();
        let l = lcp(rest, r);
        if l == 0 {
            continue;
        }
        if l == rest.len() {
            accepted = true;
        }
        // The query may go on past this unit: consume the initial, or the whole reading. Even
        // when this unit could take the rest of the query ("zh" in "zhang"), the shorter reading
        // stays open ("zh" = 张红 by initials).
        if rest.len() > 1 {
            next |= 1 << (p + 1);
        }
        if l >= 2 && rest.len() > 2 && two_letter_initial(r) {
            next |= 1 << (p + 2);
        }
        if l == r.len() && rest.len() > l {
            next |= 1 << (p + l);
        }
    }
    (next, accepted)
}

/// The best quality with which `q` (lower-case ASCII, 1..=[`MAX_QUERY`] bytes) matches `key`:
/// [`Quality::Exact`] (through every unit from the first to the last), [`Quality::Prefix`],
/// [`Quality::Substring`], or, when `in_order`, [`Quality::InOrder`] (from the first unit,
/// skipping some).
pub(crate) fn best(q: &[u8], key: &KeyView<'_>, in_order: bool) -> Option<Quality> {
    if q.is_empty() || q.len() > MAX_QUERY {
        return None;
    }
    let n = key.units();
    let mut from_first: u128 = 1;
    let mut later: u128 = 0;
    let mut found: Option<Quality> = None;
    for i in 0..n {
        let r = key.reading(i);
        if from_first != 0 {
            let (next, acc) = step(from_first, r, q);
            if acc {
                if i + 1 == n {
                    return Some(Quality::Exact);
                }
                found = Some(Quality::Prefix);
            }
            from_first = next;
        }
        if found.is_none() {
            let (next, acc) = step(later | u128::from(i > 0), r, q);
            if acc {
                found = Some(Quality::Substring);
            }
            later = next;
        }
        if from_first == 0 && found.is_some() {
            return found;
        }
    }
    if found.is_some() || !in_order {
        return found;
    }
    let mut states: u128 = 1;
    for i in 0..n {
        let (next, acc) = step(states, key.reading(i), q);
        if acc {
            return Some(Quality::InOrder);
        }
        // After the first unit, a unit may also be skipped.
        states = if i == 0 { next } else { next | states };
        if states == 0 {
            return None;
        }
    }
    None
}

/// The units (in order) through which `q` matches `key` with quality `quality`, as found by
/// [`best`].
pub(crate) fn path(q: &[u8], key: &KeyView<'_>, quality: Quality) -> Vec<usize> {
    let n = key.units();
    let mut search = PathSearch {
        q,
        key,
        failed: vec![0; n],
        path: Vec::new(),
        skip: quality == Quality::InOrder,
        end_last: quality == Quality::Exact,
    };
    if q.is_empty() || q.len() > MAX_QUERY {
        return Vec::new();
    }
    let starts = match quality {
        Quality::Substring => 1..n,
        _ => 0..n.min(1),
    };
    for s in starts {
        if search.from(s, 0) {
            return search.path;
        }
    }
    Vec::new()
}

struct PathSearch<'a, 'k> {
    q: &'a [u8],
    key: &'a KeyView<'k>,
    /// Bit `p` of `failed[i]`: no match from unit `i` with `p` query bytes consumed.
    failed: Vec<u128>,
    path: Vec<usize>,
    skip: bool,
    end_last: bool,
}

impl PathSearch<'_, '_> {
    fn from(&mut self, i: usize, p: usize) -> bool {
        let n = self.key.units();
        let Some(&failed) = self.failed.get(i) else {
            return false;
        };
        if failed & (1 << p) != 0 {
            return false;
        }
        let r = self.key.reading(i);
        let rest = self.q.get(p..).unwrap_or_default();
        let l = lcp(rest, r);
        if l > 0 {
            self.path.push(i);
            if l == rest.len() {
                if !self.end_last || i + 1 == n {
                    return true;
                }
            } else {
                let mut options = [p + 1, p + 1, p + 1];
                if l >= 2 && two_letter_initial(r) {
                    options[1] = p + 2;
                }
                if l == r.len() {
                    options[0] = p + l;
                }
                for np in options {
                    if self.from(i + 1, np) {
                        return true;
                    }
                }
            }
            self.path.pop();
        }
        if self.skip && i > 0 && self.from(i + 1, p) {
            return true;
        }
        if let Some(f) = self.failed.get_mut(i) {
            *f |= 1 << p;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::pinyin_keys::{KeyBuf, fill_key, name_leads};
    use super::*;

    fn with_key<T>(text: &str, f: impl FnOnce(&KeyView<'_>) -> T) -> T {
        let mut buf = KeyBuf::default();
        fill_key(&mut buf, text, name_leads(text).0);
        let view = KeyView::for_test(&buf);
        f(&view)
    }

    fn q(query: &str, text: &str) -> Option<Quality> {
        with_key(text, |k| best(query.as_bytes(), k, true))
    }

    fn p(query: &str, text: &str) -> Vec<usize> {
        with_key(text, |k| {
            let quality = best(query.as_bytes(), k, true).unwrap_or(Quality::Exact);
            path(query.as_bytes(), k, quality)
        })
    }

    #[test]
    fn initials_full_and_mixed() {
        for query in ["ldj", "lidejun", "lidj", "lidej", "ldjun", "lideju"] {
            assert_eq!(q(query, "李德军"), Some(Quality::Exact), "{query}");
        }
        for query in ["l", "li", "ld", "lid", "lide"] {
            assert_eq!(q(query, "李德军"), Some(Quality::Prefix), "{query}");
        }
        for query in ["dj", "dejun", "jun", "d"] {
            assert_eq!(q(query, "李德军"), Some(Quality::Substring), "{query}");
        }
        assert_eq!(q("lj", "李德军"), Some(Quality::InOrder));
        assert_eq!(q("lijun", "李德军"), Some(Quality::InOrder));
        assert_eq!(q("ldj", "李德强"), None);
        assert_eq!(q("xinfu", "幸福"), None);
        assert_eq!(q("jl", "李德军"), None);
    }

    #[test]
    fn two_letter_initials() {
        assert_eq!(q("zhs", "张三"), Some(Quality::Exact));
        // "zh" is both the start of "zhang" and the initials of the whole name.
        assert_eq!(q("zh", "张红"), Some(Quality::Exact));
        assert_eq!(q("sh", "孙慧"), Some(Quality::Exact));
        assert_eq!(q("zs", "张三"), Some(Quality::Exact));
        assert_eq!(q("zhangs", "张三"), Some(Quality::Exact));
        assert_eq!(q("zhas", "张三"), None);
    }

    #[test]
    fn readings_with_ascii_and_skipped_chars() {
        assert_eq!(q("xingfu", "幸福小区3栋"), Some(Quality::Prefix));
        assert_eq!(q("3d", "幸福小区3栋"), Some(Quality::Substring));
        assert_eq!(q("mmt", "买买提·艾力"), Some(Quality::Prefix));
        assert_eq!(q("tai", "买买提·艾力"), Some(Quality::Substring));
    }

    #[test]
    fn paths_name_the_units_used() {
        assert_eq!(p("ldj", "李德军"), [0, 1, 2]);
        assert_eq!(p("lj", "李德军"), [0, 2]);
        assert_eq!(p("dej", "李德军"), [1, 2]);
        assert_eq!(p("xiaoqu", "幸福小区"), [2, 3]);
        // Exact prefers the path that reaches the last unit.
        assert_eq!(p("lide", "李德"), [0, 1]);
    }

    #[test]
    fn overlong_queries_match_nothing() {
        let long = "a".repeat(MAX_QUERY + 1);
        assert_eq!(q(&long, "阿"), None);
    }
}
