//! Matching number terms and text (Chinese) terms against stored texts, on normalised bytes.
//!
//! Searching UTF-8 bytes for the bytes of whole characters only ever finds whole characters, so
//! byte offsets found here are char boundaries; [`char_index`] turns them into char indices.

use super::index::Kind;
use super::query::Term;
use super::score::Quality;

/// How a number term matches a phone, an ID number or an address, and the byte offset of the
/// occurrence that counts.
pub(crate) fn number(kind: Kind, term: &Term, text: &[u8]) -> Option<(Quality, usize)> {
    let q = term.text.as_bytes();
    match kind {
        Kind::Phone | Kind::IdNumber => {
            let pos = term.finder.find(text)?;
            Some(if text.len() == q.len() {
                (Quality::Exact, 0)
            } else if text.ends_with(q) {
                (Quality::Tail, text.len() - q.len())
            } else if pos == 0 {
                (Quality::Prefix, 0)
            } else {
                (Quality::Substring, pos)
            })
        }
        Kind::Address | Kind::Compound => {
            let digit_at = |i: Option<usize>| {
                i.and_then(|i| text.get(i))
                    .is_some_and(|b| b.is_ascii_digit())
            };
            let mut first = None;
            for pos in term.finder.find_iter(text) {
                first.get_or_insert(pos);
                if !digit_at(pos.checked_sub(1)) && !digit_at(Some(pos + q.len())) {
                    return Some((Quality::Token, pos));
                }
            }
            first.map(|pos| (Quality::Substring, pos))
        }
        _ => None,
    }
}

/// Where a text term occurs in a text as a substring: exact, prefix or elsewhere.
pub(crate) fn substring(term: &Term, text: &[u8]) -> Option<(Quality, usize)> {
    let pos = term.finder.find(text)?;
    Some(if pos > 0 {
        (Quality::Substring, pos)
    } else if text.len() == term.text.len() {
        (Quality::Exact, 0)
    } else {
        (Quality::Prefix, 0)
    })
}

/// Whether the chars of a text term occur in `hay` in order: the cheap check before fuzzy
/// scoring (and a necessary condition for it).
pub(crate) fn in_order(term: &Term, hay: &[u8]) -> bool {
    let mut rest = hay;
    for f in &term.chars {
        match f.find(rest) {
            Some(i) => rest = rest.get(i + f.needle().len()..).unwrap_or_default(),
            None => return false,
        }
    }
    true
}

/// The char index of byte offset `pos` (a char boundary) in `text`.
pub(crate) fn char_index(text: &[u8], pos: usize) -> usize {
    text.get(..pos)
        .unwrap_or(text)
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
}

/// The char indices covered by a term found at byte offset `pos`.
pub(crate) fn covered(text: &[u8], pos: usize, term: &Term) -> Vec<usize> {
    let start = char_index(text, pos);
    (start..start + term.text.chars().count()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::query::Query;
    use super::*;

    fn term(q: &str) -> Term {
        Query::parse(q).terms.remove(0)
    }

    #[test]
    fn phone_and_id_positions() {
        let t = term("6030");
        assert_eq!(
            number(Kind::Phone, &t, b"15012346030"),
            Some((Quality::Tail, 7))
        );
        let t = term("150");
        assert_eq!(
            number(Kind::Phone, &t, b"15012346030"),
            Some((Quality::Prefix, 0))
        );
        let t = term("585x");
        assert_eq!(
            number(Kind::IdNumber, &t, b"52030119800101585x"),
            Some((Quality::Tail, 14))
        );
        assert_eq!(number(Kind::Tag, &t, b"585x"), None);
    }

    #[test]
    fn address_numbers_prefer_whole_numbers() {
        let t = term("401");
        let addr = "幸福小区14012栋2单元401室".as_bytes();
        let (q, pos) = number(Kind::Address, &t, addr).unwrap_or((Quality::Exact, 0));
        assert_eq!(q, Quality::Token);
        assert_eq!(covered(addr, pos, &t), [13, 14, 15]);
        let t = term("40");
        assert_eq!(
            number(Kind::Address, &t, addr).map(|m| m.0),
            Some(Quality::Substring)
        );
    }

    #[test]
    fn substrings_and_order() {
        let t = term("德军");
        assert_eq!(
            substring(&t, "李德军".as_bytes()),
            Some((Quality::Substring, 3))
        );
        assert_eq!(covered("李德军".as_bytes(), 3, &t), [1, 2]);
        let t = term("李军");
        assert_eq!(substring(&t, "李德军".as_bytes()), None);
        assert!(in_order(&t, "李德军".as_bytes()));
        assert!(!in_order(&t, "军李".as_bytes()));
        assert_eq!(char_index("a李b".as_bytes(), 4), 2);
    }
}
