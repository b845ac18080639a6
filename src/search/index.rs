//! The index: every searchable text of every household in two flat arenas, built in parallel.
//!
//! Per household the texts are stored in a fixed order (head, members, address, compound, tags,
//! phones, ID numbers), normalised with [`norm_char`] into one `String`; the display form is kept
//! only where it differs. Names, address, compound and tags also get pinyin keys in a byte
//! arena: per key the start offset of each unit's reading, the readings, and (when some
//! characters have no reading) the char index of each unit.

use std::sync::atomic::{AtomicU64, Ordering};

use fuzzy_matcher::skim::SkimMatcherV2;

use super::match_text::digit_pairs;
use super::pinyin_keys::{KeyBuf, Lead, fill_key, name_leads};
use super::{MatchField, SearchDoc, norm_char};
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

/// Texts and keys below this many households are built on one thread.
const PARALLEL_BUILD_MIN: usize = 8_192;

static GENERATION: AtomicU64 = AtomicU64::new(1);

/// The lookup index over a list of households. Immutable once built; rebuild it when the
/// households change.
pub struct Index {
    /// Distinguishes indexes, so a [`super::Searcher`] never narrows across a rebuild.
    pub(crate) generation: u64,
    ids: Vec<HouseholdId>,
    /// Household `d` owns `texts[doc_texts[d]..doc_texts[d + 1]]`.
    doc_texts: Vec<u32>,
    /// Household `d` owns `keys[doc_keys[d]..doc_keys[d + 1]]`.
    doc_keys: Vec<u32>,
    /// Union of the household's key masks.
    pub(crate) doc_masks: Vec<u32>,
    /// [`super::match_text::digit_pairs`] of the household's address, phones and ID numbers.
    pub(crate) doc_pairs: Vec<u128>,
    pub(crate) texts: Vec<Text>,
    pub(crate) keys: Vec<Key>,
    norm: String,
    key_bytes: Vec<u8>,
    /// Display forms that differ from the normalised text, by text index (sorted).
    display: Vec<(u32, Box<str>)>,
    pub(crate) skim: SkimMatcherV2,
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
    /// Builds the keys of every household; large inputs are split over the available cores.
    pub fn build(docs: Vec<SearchDoc>) -> Index {
        let workers = super::scan::workers(docs.len(), PARALLEL_BUILD_MIN);
        let cap = u32::MAX as usize / workers.max(1);
        let parts: Vec<Part> = if workers <= 1 {
            vec![Part::build(&docs, cap)]
        } else {
            let chunk = docs.len().div_ceil(workers);
            std::thread::scope(|s| {
                let handles: Vec<_> = docs
                    .chunks(chunk)
                    .map(|c| s.spawn(move || Part::build(c, cap)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        };
        drop(docs);
        Index::merge(parts)
    }

    fn merge(parts: Vec<Part>) -> Index {
        let total = |f: fn(&Part) -> usize| parts.iter().map(f).sum::<usize>();
        let mut ix = Index {
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
            ids: Vec::with_capacity(total(|p| p.ids.len())),
            doc_texts: Vec::with_capacity(total(|p| p.ids.len()) + 1),
            doc_keys: Vec::with_capacity(total(|p| p.ids.len()) + 1),
            doc_masks: Vec::with_capacity(total(|p| p.ids.len())),
            doc_pairs: Vec::with_capacity(total(|p| p.ids.len())),
            texts: Vec::with_capacity(total(|p| p.texts.len())),
            keys: Vec::with_capacity(total(|p| p.keys.len())),
            norm: String::with_capacity(total(|p| p.norm.len())),
            key_bytes: Vec::with_capacity(total(|p| p.key_bytes.len())),
            display: Vec::with_capacity(total(|p| p.display.len())),
            skim: SkimMatcherV2::default().ignore_case(),
        };
        ix.doc_texts.push(0);
        ix.doc_keys.push(0);
        for part in parts {
            // Each part stays below its share of u32::MAX, so the sums fit.
            let text_base = to_u32(ix.texts.len());
            let key_base = to_u32(ix.keys.len());
            let norm_base = to_u32(ix.norm.len());
            let bytes_base = to_u32(ix.key_bytes.len());
            ix.ids.extend(part.ids);
            ix.doc_masks.extend(part.doc_masks);
            ix.doc_pairs.extend(part.doc_pairs);
            ix.doc_texts
                .extend(part.doc_text_ends.iter().map(|e| e + text_base));
            ix.doc_keys
                .extend(part.doc_key_ends.iter().map(|e| e + key_base));
            ix.texts.extend(part.texts.iter().map(|t| Text {
                start: t.start + norm_base,
                ..*t
            }));
            ix.keys.extend(part.keys.iter().map(|k| Key {
                text: k.text + text_base,
                start: k.start + bytes_base,
                ..*k
            }));
            ix.norm.push_str(&part.norm);
            ix.key_bytes.extend_from_slice(&part.key_bytes);
            ix.display
                .extend(part.display.into_iter().map(|(t, s)| (t + text_base, s)));
        }
        ix
    }

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
            + self.doc_pairs.capacity() * size_of::<u128>()
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
    fn display_str(&self, ti: usize) -> &str {
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
    fn texts_of(&self, doc: usize, kind: Kind) -> impl Iterator<Item = &str> + '_ {
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

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One household of an [`Index`], in display form.
#[derive(Debug, Clone, Copy)]
pub struct DocView<'a> {
    index: &'a Index,
    doc: usize,
}

impl<'a> DocView<'a> {
    pub fn id(&self) -> HouseholdId {
        self.index.id(self.doc)
    }

    pub fn head(&self) -> &'a str {
        self.first(Kind::Head)
    }

    pub fn members(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::Member)
    }

    pub fn address(&self) -> &'a str {
        self.first(Kind::Address)
    }

    pub fn compound(&self) -> &'a str {
        self.first(Kind::Compound)
    }

    pub fn phones(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::Phone)
    }

    pub fn id_numbers(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::IdNumber)
    }

    pub fn tags(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::Tag)
    }

    /// The text of a field, as highlighted by a [`super::Hit`].
    pub fn text(&self, field: MatchField) -> Option<&'a str> {
        let nth = |kind, n| self.index.texts_of(self.doc, kind).nth(n);
        match field {
            MatchField::Head => Some(self.head()),
            MatchField::Member(i) => nth(Kind::Member, i),
            MatchField::Address => Some(self.address()),
            MatchField::Compound => Some(self.compound()),
            MatchField::Phone(i) => nth(Kind::Phone, i),
            MatchField::IdNumber(i) => nth(Kind::IdNumber, i),
            MatchField::Tag(i) => nth(Kind::Tag, i),
        }
    }

    /// The household as it was given to [`Index::build`] (texts longer than 65,535 bytes are
    /// kept cut short).
    pub fn to_search_doc(&self) -> SearchDoc {
        let own = |it: &mut dyn Iterator<Item = &str>| it.map(str::to_owned).collect();
        SearchDoc {
            id: self.id(),
            head: self.head().to_owned(),
            members: own(&mut self.members()),
            address: self.address().to_owned(),
            compound: self.compound().to_owned(),
            phones: own(&mut self.phones()),
            id_numbers: own(&mut self.id_numbers()),
            tags: own(&mut self.tags()),
        }
    }

    fn first(&self, kind: Kind) -> &'a str {
        self.index
            .texts_of(self.doc, kind)
            .next()
            .unwrap_or_default()
    }
}

/// The index of a slice of households, built on one thread and merged afterwards.
struct Part {
    ids: Vec<HouseholdId>,
    doc_text_ends: Vec<u32>,
    doc_key_ends: Vec<u32>,
    doc_masks: Vec<u32>,
    doc_pairs: Vec<u128>,
    texts: Vec<Text>,
    keys: Vec<Key>,
    norm: String,
    key_bytes: Vec<u8>,
    display: Vec<(u32, Box<str>)>,
    /// Most bytes either arena may hold.
    cap: usize,
    buf: KeyBuf,
}

/// How a text gets pinyin keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    None,
    Name,
    Plain,
}

impl Part {
    fn build(docs: &[SearchDoc], cap: usize) -> Part {
        let mut part = Part {
            ids: Vec::with_capacity(docs.len()),
            doc_text_ends: Vec::with_capacity(docs.len()),
            doc_key_ends: Vec::with_capacity(docs.len()),
            doc_masks: Vec::with_capacity(docs.len()),
            doc_pairs: Vec::with_capacity(docs.len()),
            texts: Vec::new(),
            keys: Vec::new(),
            norm: String::new(),
            key_bytes: Vec::new(),
            display: Vec::new(),
            cap,
            buf: KeyBuf::default(),
        };
        for doc in docs {
            part.push_doc(doc);
        }
        part
    }

    fn push_doc(&mut self, doc: &SearchDoc) {
        let mut mask = 0;
        mask |= self.push_text(Kind::Head, &doc.head, Keys::Name);
        for m in &doc.members {
            mask |= self.push_text(Kind::Member, m, Keys::Name);
        }
        let address = self.texts.len();
        mask |= self.push_text(Kind::Address, &doc.address, Keys::Plain);
        self.push_text(Kind::Compound, &doc.compound, Keys::None);
        let in_address = match (self.texts.get(address), self.texts.last()) {
            (Some(a), Some(c)) => {
                memchr::memmem::find(self.text_bytes(a), self.text_bytes(c)).is_some()
            }
            _ => false,
        };
        if in_address {
            if let Some(c) = self.texts.last_mut() {
                c.kind = Kind::CompoundShown;
            }
        } else {
            mask |= self.push_keys(self.texts.len() - 1, Keys::Plain);
        }
        for t in &doc.tags {
            mask |= self.push_text(Kind::Tag, t, Keys::Plain);
        }
        for p in &doc.phones {
            self.push_text(Kind::Phone, p, Keys::None);
        }
        for i in &doc.id_numbers {
            self.push_text(Kind::IdNumber, i, Keys::None);
        }
        self.ids.push(doc.id);
        self.doc_text_ends.push(to_u32(self.texts.len()));
        self.doc_key_ends.push(to_u32(self.keys.len()));
        self.doc_masks.push(mask);
        let pairs = self
            .texts
            .get(address..)
            .unwrap_or_default()
            .iter()
            .fold(0, |m, t| m | digit_pairs(self.text_bytes(t)));
        self.doc_pairs.push(pairs);
    }

    fn text_bytes(&self, t: &Text) -> &[u8] {
        let start = t.start as usize;
        self.norm
            .as_bytes()
            .get(start..start + usize::from(t.len))
            .unwrap_or_default()
    }

    /// Stores one text and its keys; returns the union of the keys' masks.
    fn push_text(&mut self, kind: Kind, raw: &str, keys: Keys) -> u32 {
        // Cut absurdly long texts at a char boundary, and store nothing once the arena is full.
        let limit = usize::from(u16::MAX);
        let raw = if raw.len() > limit {
            let end = raw
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .take_while(|&e| e <= limit)
                .last()
                .unwrap_or(0);
            raw.get(..end).unwrap_or_default()
        } else {
            raw
        };
        let raw = if self.norm.len() + raw.len() > self.cap {
            ""
        } else {
            raw
        };
        let start = self.norm.len();
        let mut changed = false;
        let mut chars = 0usize;
        for c in raw.chars() {
            let n = norm_char(c);
            changed |= n != c;
            chars += 1;
            self.norm.push(n);
        }
        let ti = self.texts.len();
        if changed {
            self.display.push((to_u32(ti), raw.into()));
        }
        self.texts.push(Text {
            start: to_u32(start),
            len: u16::try_from(self.norm.len() - start).unwrap_or(u16::MAX),
            kind,
            chars: u8::try_from(chars).unwrap_or(u8::MAX),
        });
        self.push_keys(ti, keys)
    }

    /// Builds the keys of text `ti` (its primary reading and, for a name whose surname has two
    /// readings, the alternative); returns their masks.
    fn push_keys(&mut self, ti: usize, keys: Keys) -> u32 {
        let Some(&text) = self.texts.get(ti) else {
            return 0;
        };
        let start = text.start as usize;
        let Some(s) = self.norm.get(start..start + usize::from(text.len)) else {
            return 0;
        };
        let (lead, alt) = match keys {
            Keys::None => return 0,
            Keys::Plain => (Lead::Default, None),
            Keys::Name => name_leads(s),
        };
        let mut mask = 0;
        for lead in std::iter::once(lead).chain(alt) {
            let Some(s) = self.norm.get(start..start + usize::from(text.len)) else {
                return mask;
            };
            fill_key(&mut self.buf, s, lead);
            let b = &self.buf;
            if b.offs.is_empty()
                || self.key_bytes.len() + 2 * b.offs.len() + b.full.len() > self.cap
            {
                continue;
            }
            let dense = b.dense();
            self.keys.push(Key {
                text: to_u32(ti),
                start: to_u32(self.key_bytes.len()),
                mask: b.mask,
                initials: b.initials,
                units: u8::try_from(b.offs.len()).unwrap_or(u8::MAX),
                full_len: u8::try_from(b.full.len()).unwrap_or(u8::MAX),
                dense,
                kind: text.kind,
            });
            self.key_bytes.extend_from_slice(&b.offs);
            self.key_bytes.extend_from_slice(&b.full);
            if !dense {
                self.key_bytes.extend_from_slice(&b.chars);
            }
            mask |= b.mask;
        }
        mask
    }
}
