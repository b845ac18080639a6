//! Instant lookup: an in-memory index over households, searched on every keystroke.
//!
//! [`Index::build`] turns one [`SearchDoc`] per household into compact keys: normalised text
//! (half-width, lower-case ASCII) in one arena, and pinyin keys (one reading per character, with
//! surnames read from a surname table) in another. A query is split on whitespace into terms that
//! must all match (AND); each term is routed by its shape:
//!
//! - digits (optionally ending in `x`): phone and ID-number substrings, tails ranked high, and
//!   numbers in the address (`401`);
//! - ASCII letters and digits: pinyin, as initials (`ldj`), full pinyin (`lidejun`, `xingfu`) or
//!   a mix (`lidj`), contiguous anywhere in a name, address, compound or tag, or in order from
//!   the surname across a name (`lj` → 李德军);
//! - anything else (Chinese): substrings of names, address, compound and tags, then a fuzzy
//!   in-order match scored by fuzzy-matcher's SkimMatcherV2.
//!
//! [`Searcher`] remembers the previous query and the households it matched, so a query that
//! extends it only re-checks those (narrowing). Results are deterministic: by score, then by
//! document order.

mod build;
mod doc_view;
mod highlight;
mod index;
mod match_pinyin;
mod match_text;
mod pinyin_keys;
mod query;
mod scan;
mod score;

pub use doc_view::DocView;
pub use index::Index;
pub use scan::Searcher;

use crate::domain::HouseholdId;

/// What the index is built from: one household, its names and numbers in display form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: HouseholdId,
    /// The head's name; may be empty.
    pub head: String,
    /// The other present members' names.
    pub members: Vec<String>,
    /// Display form, e.g. `幸福小区3栋2单元401室`.
    pub address: String,
    /// The compound (小区), e.g. `幸福小区`.
    pub compound: String,
    /// Normalised digits.
    pub phones: Vec<String>,
    /// 18 (or 15) characters, upper-case `X`.
    pub id_numbers: Vec<String>,
    /// Person categories such as `低保户`.
    pub tags: Vec<String>,
}

/// The field of a household a match was found in; indices count within that list of the
/// [`SearchDoc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchField {
    Head,
    Member(usize),
    Address,
    /// Only when the compound is not already part of the address.
    Compound,
    Phone(usize),
    IdNumber(usize),
    Tag(usize),
}

/// One household found by a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position in the documents the index was built from; see [`Index::doc`].
    pub doc: usize,
    pub id: HouseholdId,
    /// Higher is better; comparable only within one search.
    pub score: i64,
    /// Where the best-scoring term matched.
    pub field: MatchField,
    /// Char indices (walk `chars()`) of the matched characters in `field`'s text; for a pinyin
    /// match, the characters whose readings matched.
    pub highlight: Vec<usize>,
    /// Other fields matched by the other terms of a multi-term query.
    pub also: Vec<FieldHit>,
}

/// Matched characters in one more field of a hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldHit {
    pub field: MatchField,
    pub highlight: Vec<usize>,
}

/// The form text is compared in, one char for one char (so char indices carry over): full-width
/// ASCII and the ideographic space become ASCII, ASCII letters lower-case.
pub(crate) fn norm_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

#[cfg(test)]
mod tests;
