//! Ranking: how good a match of one term in one field is.
//!
//! A score is `rank(field, quality) * 1000 + bonus`. The rank orders matches as a worker expects:
//! exact or prefix matches on the head's name, then members' names, then substrings of names,
//! then address and compound, then tags, then names matched in order with gaps, then fuzzy
//! matches; phone and ID-number tails above their prefixes above their middles. The bonus (below
//! 1000) puts shorter texts first and exact before prefix; for fuzzy matches it adds the skim
//! score. Scores of a multi-term query add up; equal scores keep document order.

use super::index::Kind;

/// How a term matched one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quality {
    /// The whole text (every pinyin unit, or every char / digit).
    Exact,
    /// From the start of the text.
    Prefix,
    /// At the end of a phone or ID number.
    Tail,
    /// A whole number inside an address (`401` in `2单元401室`).
    Token,
    /// Contiguous, elsewhere.
    Substring,
    /// Pinyin from the surname on, skipping characters (`lj` → 李德军).
    InOrder,
    /// Chars in order with gaps, scored by SkimMatcherV2.
    Fuzzy(i64),
}

fn rank(kind: Kind, q: Quality) -> i64 {
    use Kind::*;
    use Quality::*;
    match (kind, q) {
        (Phone | IdNumber, Exact) => 95,
        (Phone, Tail) => 92,
        (IdNumber, Tail) => 90,
        (Head, Exact | Prefix) => 90,
        (Member, Exact | Prefix) => 85,
        (Phone, Prefix) => 84,
        (IdNumber, Prefix) => 82,
        (Head, Substring) => 80,
        (Address | Compound, Token) => 78,
        (Member, Substring) => 75,
        (Address | Compound, Exact | Prefix) => 70,
        (Tag, Exact | Prefix) => 65,
        (Phone, Substring) => 62,
        (IdNumber, Substring) => 61,
        (Address | Compound, Substring) => 60,
        (Tag, Substring) => 55,
        (Head, InOrder) => 50,
        (Member, InOrder) => 45,
        (Head, Fuzzy(_)) => 30,
        (Member, Fuzzy(_)) => 28,
        (Address | Compound, Fuzzy(_)) => 25,
        (Tag, Fuzzy(_)) => 20,
        _ => 10,
    }
}

/// The score of a match of quality `q` in a text of kind `kind` that is `len` chars (or pinyin
/// units) long.
pub(crate) fn score(kind: Kind, q: Quality, len: usize) -> i64 {
    let shortness = 255 - len.min(255) as i64;
    let bonus = match q {
        Quality::Fuzzy(s) => s.clamp(0, 400) + shortness,
        Quality::Exact => shortness * 2 + 1,
        _ => shortness * 2,
    };
    rank(kind, q) * 1000 + bonus
}

/// The highest score any match of quality `best` or worse can reach in a text of this kind:
/// once a household has a match above it, texts of this kind need not be looked at.
pub(crate) fn ceiling(kind: Kind, best: Quality) -> i64 {
    score(kind, best, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_and_quality_order() {
        let s = |k, q| score(k, q, 3);
        assert!(s(Kind::Head, Quality::Prefix) > s(Kind::Member, Quality::Exact));
        assert!(s(Kind::Member, Quality::Prefix) > s(Kind::Head, Quality::Substring));
        assert!(s(Kind::Head, Quality::Substring) > s(Kind::Address, Quality::Prefix));
        assert!(s(Kind::Address, Quality::Substring) > s(Kind::Head, Quality::InOrder));
        assert!(s(Kind::Tag, Quality::Substring) > s(Kind::Head, Quality::Fuzzy(1000)));
        assert!(s(Kind::Phone, Quality::Tail) > s(Kind::Phone, Quality::Prefix));
        assert!(s(Kind::IdNumber, Quality::Tail) > s(Kind::Phone, Quality::Substring));
    }

    #[test]
    fn shorter_first_then_exact() {
        assert!(score(Kind::Head, Quality::Prefix, 2) > score(Kind::Head, Quality::Exact, 3));
        assert!(score(Kind::Head, Quality::Exact, 3) > score(Kind::Head, Quality::Prefix, 3));
        // The bonus never lifts a match over the next rank.
        assert!(score(Kind::Member, Quality::Exact, 0) < score(Kind::Head, Quality::Prefix, 255));
        assert!(score(Kind::Head, Quality::Fuzzy(i64::MAX), 0) < 31_000);
    }
}
