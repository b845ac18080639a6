//! The index: every searchable text of every household in two flat arenas (built in
//! `build.rs`).
//!
//! Per household the texts are stored in a fixed order (head, members, address, compound, tags,
//! phones, ID numbers), normalised with [`super::norm_char`] into one `String`; the display form is kept
//! only where it differs. Names, address, compound and tags also get pinyin keys in a byte
//! arena: per key the start offset of each unit's reading, the readings, and (when some
//! characters have no reading) the char index of each unit.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::MatchField;
use super::doc_view::DocView;
use crate::domain::HouseholdId;

/// Which field of a household a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Head,
    Member,
    Address,
    /// A compound that is not part of the address: searched on its own.
    Compound,
    /// A compound already part of the address: kept for display, not searched.
    CompoundShown,
    Tag,
    Phone,
    IdNumber,
}

impl Kind {
    pub fn is_number(self) -> bool {
        matches!(self, Kind::Phone | Kind::IdNumber)
    }
}

/// One stored text: a byte range of the normalised arena.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    pub start: u32,
    pub len: u16,
    pub kind: Kind,
    /// Length in chars, saturating at 255 (used to rank shorter texts first).
    pub chars: u8,
}

/// One pinyin key of a text (a name with an alternative surname reading has two).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    /// Index into `Index::texts`.
    pub text: u32,
    /// Start of the key in `Index::key_bytes`.
    pub start: u32,
    /// [`super::pinyin_keys::letter_mask`] of the readings.
    pub mask: u32,
    /// The same of the units' first letters.
    pub initials: u32,
    pub units: u8,
    pub full_len: u8,
    /// Unit `i` is char `i` (no char indices stored).
    pub dense: bool,
    /// The kind of the text.
    pub kind: Kind,
}

/// [`super::match_text::digit_pairs`] of a household's address (with compound and tags) and of
/// its phones and ID numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DigitPairs {
    pub place: u128,
    pub numbers: u128,
}

/// A key's parts, borrowed from the arena.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyView<'a> {
    pub offs: &'a [u8],
    pub full: &'a [u8],
    chars: Option<&'a [u8]>,
}

impl<'a> KeyView<'a> {
    pub fn units(&self) -> usize {
        self.offs.len()
    }

    pub fn reading(&self, unit: usize) -> &'a [u8] {
        let start = self.offs.get(unit).map_or(0, |&o| usize::from(o));
        let end = self
            .offs
            .get(unit + 1)
            .map_or(self.full.len(), |&o| usize::from(o));
        self.full.get(start..end).unwrap_or_default()
    }

    #[cfg(test)]
    pub fn for_test(buf: &'a super::pinyin_keys::KeyBuf) -> Self {
        KeyView {
            offs: &buf.offs,
            full: &buf.full,
            chars: (!buf.dense()).then_some(buf.chars.as_slice()),
        }
    }

    /// The char index in the text of a unit.
    pub fn char_index(&self, unit: usize) -> usize {
        match self.chars {
            Some(chars) => chars.get(unit).map_or(unit, |&c| usize::from(c)),
            None => unit,
        }
    }
}

/// The lookup index over a list of households. Immutable once built; rebuild it when the
/// households change.
pub struct Index {
    /// Distinguishes indexes, so a [`super::Searcher`] never narrows across a rebuild.
    pub(super) generation: u64,
    pub(super) ids: Vec<HouseholdId>,
    /// Household `d` owns `texts[doc_texts[d]..doc_texts[d + 1]]`.
    pub(super) doc_texts: Vec<u32>,
    /// Household `d` owns `keys[doc_keys[d]..doc_keys[d + 1]]`.
    pub(super) doc_keys: Vec<u32>,
    /// Union of the household's key masks.
    pub(super) doc_masks: Vec<u32>,
    pub(super) doc_pairs: Vec<DigitPairs>,
    pub(super) texts: Vec<Text>,
    pub(super) keys: Vec<Key>,
    pub(super) norm: String,
    pub(super) key_bytes: Vec<u8>,
    /// Display forms that differ from the normalised text, by text index (sorted).
    pub(super) display: Vec<(u32, Box<str>)>,
    pub(super) skim: SkimMatcherV2,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("households", &self.ids.len())
            .field("texts", &self.texts.len())
            .field("keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl Index {
    /// Number of households.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// One household, by its position in the documents the index was built from.
    pub fn doc(&self, doc: usize) -> Option<DocView<'_>> {
        (doc < self.len()).then_some(DocView { index: self, doc })
    }

    /// Approximate heap memory held by the index, in bytes.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.ids.capacity() * size_of::<HouseholdId>()
            + (self.doc_texts.capacity() + self.doc_keys.capacity() + self.doc_masks.capacity())
                * size_of::<u32>()
            + self.doc_pairs.capacity() * size_of::<DigitPairs>()
            + self.texts.capacity() * size_of::<Text>()
            + self.keys.capacity() * size_of::<Key>()
            + self.norm.capacity()
            + self.key_bytes.capacity()
            + self.display.capacity() * size_of::<(u32, Box<str>)>()
            + self.display.iter().map(|(_, s)| s.len()).sum::<usize>()
    }

    pub(crate) fn id(&self, doc: usize) -> HouseholdId {
        self.ids[doc]
    }

    /// Global index range of a household's texts.
    pub(crate) fn text_range(&self, doc: usize) -> std::ops::Range<usize> {
        let start = self.doc_texts.get(doc).map_or(0, |&s| s as usize);
        let end = self.doc_texts.get(doc + 1).map_or(start, |&e| e as usize);
        start..end
    }

    pub(crate) fn key_range(&self, doc: usize) -> std::ops::Range<usize> {
        let start = self.doc_keys.get(doc).map_or(0, |&s| s as usize);
        let end = self.doc_keys.get(doc + 1).map_or(start, |&e| e as usize);
        start..end
    }

    /// The normalised bytes of a text.
    pub(crate) fn bytes(&self, t: &Text) -> &[u8] {
        let start = t.start as usize;
        self.norm
            .as_bytes()
            .get(start..start + usize::from(t.len))
            .unwrap_or_default()
    }

    /// The normalised bytes from the start of text `from` to the end of text `to` (inclusive).
    pub(crate) fn span(&self, from: &Text, to: &Text) -> &[u8] {
        let start = from.start as usize;
        let end = to.start as usize + usize::from(to.len);
        self.norm.as_bytes().get(start..end).unwrap_or_default()
    }

    /// The normalised text.
    pub(crate) fn norm_str(&self, t: &Text) -> &str {
        let start = t.start as usize;
        self.norm
            .get(start..start + usize::from(t.len))
            .unwrap_or_default()
    }

    /// The display form of text `ti`.
    pub(super) fn display_str(&self, ti: usize) -> &str {
        let Some(t) = self.texts.get(ti) else {
            return "";
        };
        match self.display.binary_search_by_key(&to_u32(ti), |(i, _)| *i) {
            Ok(found) => self.display.get(found).map_or("", |(_, s)| s),
            Err(_) => self.norm_str(t),
        }
    }

    pub(crate) fn key_view(&self, k: &Key) -> KeyView<'_> {
        let units = usize::from(k.units);
        let full = usize::from(k.full_len);
        let start = k.start as usize;
        let bytes = &self.key_bytes;
        let chars = (!k.dense).then(|| {
            bytes
                .get(start + units + full..start + 2 * units + full)
                .unwrap_or_default()
        });
        KeyView {
            offs: bytes.get(start..start + units).unwrap_or_default(),
            full: bytes
                .get(start + units..start + units + full)
                .unwrap_or_default(),
            chars,
        }
    }

    /// The field a global text index is, within its household.
    pub(crate) fn field_of(&self, doc: usize, ti: usize) -> MatchField {
        let range = self.text_range(doc);
        let kind = self.texts.get(ti).map_or(Kind::Head, |t| t.kind);
        let ordinal = self
            .texts
            .get(range.start..ti)
            .map_or(0, |ts| ts.iter().filter(|t| t.kind == kind).count());
        match kind {
            Kind::Head => MatchField::Head,
            Kind::Member => MatchField::Member(ordinal),
            Kind::Address => MatchField::Address,
            Kind::Compound | Kind::CompoundShown => MatchField::Compound,
            Kind::Tag => MatchField::Tag(ordinal),
            Kind::Phone => MatchField::Phone(ordinal),
            Kind::IdNumber => MatchField::IdNumber(ordinal),
        }
    }

    /// Display texts of one kind of a household.
    pub(super) fn texts_of(&self, doc: usize, kind: Kind) -> impl Iterator<Item = &str> + '_ {
        let same = move |k: Kind| match kind {
            Kind::Compound | Kind::CompoundShown => {
                matches!(k, Kind::Compound | Kind::CompoundShown)
            }
            _ => k == kind,
        };
        self.text_range(doc)
            .filter(move |&ti| self.texts.get(ti).is_some_and(|t| same(t.kind)))
            .map(|ti| self.display_str(ti))
    }
}

pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
