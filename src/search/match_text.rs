//! Matching number terms and text (Chinese) terms against stored texts, on normalised bytes.
//!
//! Searching UTF-8 bytes for the bytes of whole characters only ever finds whole characters, so
//! byte offsets found here are char boundaries; [`char_index`] turns them into char indices.

use super::index::Kind;
use super::query::Term;
use super::score::Quality;

/// The first occurrence of `needle` in `hay` at or after byte `from`. A plain loop: the texts
/// of a household are short, and a general searcher's setup would cost more than the search.
pub(crate) fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    (from..=last_start).find(|&i| hay[i] == first && same(&hay[i + 1..i + needle.len()], rest))
}

/// Byte equality as an inlined loop: on these short texts a call to `memcmp` costs more.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A bit for every pair of adjacent digits (or `x`) in `text`: a household can only match a
/// number term whose pairs it has.
pub(crate) fn digit_pairs(text: &[u8]) -> u128 {
    let symbol = |b: u8| match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'x' => Some(10),
        _ => None,
    };
    text.windows(2)
        .fold(0, |mask, w| match (symbol(w[0]), symbol(w[1])) {
            (Some(a), Some(b)) => mask | 1 << (a * 11 + b),
            _ => mask,
        })
}

/// How a number term matches a phone, an ID number or an address, and the byte offset of the
/// occurrence that counts.
pub(crate) fn number(kind: Kind, term: &Term, text: &[u8]) -> Option<(Quality, usize)> {
    number_ends(kind, term, text).or_else(|| number_inside(kind, term, text))
}

/// A number term that is a phone's or ID number's whole text, tail or prefix (the cheap checks,
/// which outrank every other number match).
pub(crate) fn number_ends(kind: Kind, term: &Term, text: &[u8]) -> Option<(Quality, usize)> {
    let q = term.text.as_bytes();
    if !kind.is_number() || text.len() < q.len() {
        return None;
    }
    let tail = text.len() - q.len();
    if same(&text[tail..], q) {
        Some((
            if tail == 0 {
                Quality::Exact
            } else {
                Quality::Tail
            },
            tail,
        ))
    } else if same(&text[..q.len()], q) {
        Some((Quality::Prefix, 0))
    } else {
        None
    }
}

/// A number term inside a phone or ID number, or in an address (a whole number there, such as a
/// room, counts more than part of one).
pub(crate) fn number_inside(kind: Kind, term: &Term, text: &[u8]) -> Option<(Quality, usize)> {
    let q = term.text.as_bytes();
    match kind {
        Kind::Phone | Kind::IdNumber => find_from(text, q, 1).map(|pos| (Quality::Substring, pos)),
        Kind::Address | Kind::Compound => {
            let digit_at = |i: Option<usize>| {
                i.and_then(|i| text.get(i))
                    .is_some_and(|b| b.is_ascii_digit())
            };
            let first = find_from(text, q, 0)?;
            let mut pos = first;
            loop {
                if !digit_at(pos.checked_sub(1)) && !digit_at(Some(pos + q.len())) {
                    return Some((Quality::Token, pos));
                }
                match find_from(text, q, pos + 1) {
                    Some(next) => pos = next,
                    None => return Some((Quality::Substring, first)),
                }
            }
        }
        _ => None,
    }
}

/// Where a text term occurs in a text as a substring: exact, prefix or elsewhere.
pub(crate) fn substring(term: &Term, text: &[u8]) -> Option<(Quality, usize)> {
    let pos = find_from(text, term.text.as_bytes(), 0)?;
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
        assert_eq!(find_from(b"abcabc", b"bc", 0), Some(1));
        assert_eq!(find_from(b"abcabc", b"bc", 2), Some(4));
        assert_eq!(find_from(b"ab", b"abc", 0), None);
        assert_eq!(find_from(b"ab", b"", 0), None);
    }

    #[test]
    fn digit_pairs_stay_within_numbers() {
        let addr = digit_pairs("3栋12单元".as_bytes());
        assert_eq!(addr, digit_pairs(b"12"));
        assert_eq!(digit_pairs(b"3"), 0);
        assert_ne!(
            digit_pairs(b"585x") & digit_pairs(b"6x"),
            digit_pairs(b"6x")
        );
        assert_eq!(
            digit_pairs(b"585x") & digit_pairs(b"85x"),
            digit_pairs(b"85x")
        );
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::find_from;

    proptest! {
        #[test]
        fn find_from_agrees_with_windows(hay in "[0-3]{0,20}", needle in "[0-3]{1,4}", from in 0usize..22) {
            let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
            let expected = hay
                .windows(needle.len())
                .enumerate()
                .skip(from)
                .find(|(_, w)| *w == needle)
                .map(|(i, _)| i);
            prop_assert_eq!(find_from(hay, needle, from), expected);
        }
    }
}
