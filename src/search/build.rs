//! Building the index: each slice of households on its own thread, then the parts merged.

use std::sync::atomic::{AtomicU64, Ordering};

use fuzzy_matcher::skim::SkimMatcherV2;

use super::index::{DigitPairs, Index, Key, Kind, Text, to_u32};
use super::match_text::digit_pairs;
use super::pinyin_keys::{KeyBuf, Lead, fill_key, name_leads};
use super::{SearchDoc, norm_char};
use crate::domain::HouseholdId;

/// Texts and keys below this many households are built on one thread.
const PARALLEL_BUILD_MIN: usize = 8_192;

static GENERATION: AtomicU64 = AtomicU64::new(1);

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

    /// Builds the index from documents that arrive in about `chunks` chunks (read from the
    /// database as they come), so only a chunk or two of documents is in memory at a time. The
    /// chunks are built on a second thread while the caller produces the next one. Document
    /// order is the order the chunks arrive in.
    pub fn build_chunked(chunks: usize, source: impl Iterator<Item = Vec<SearchDoc>>) -> Index {
        // Leave room for a few more chunks than announced, so the arenas' sums always fit.
        let cap = u32::MAX as usize / (chunks + 4);
        let parts = std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<SearchDoc>>(1);
            let builder = s.spawn(move || {
                rx.into_iter()
                    .map(|docs| Part::build(&docs, cap))
                    .collect::<Vec<Part>>()
            });
            for chunk in source {
                if tx.send(chunk).is_err() {
                    break;
                }
            }
            drop(tx);
            builder
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        });
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
}

/// The index of a slice of households, built on one thread and merged afterwards.
struct Part {
    ids: Vec<HouseholdId>,
    doc_text_ends: Vec<u32>,
    doc_key_ends: Vec<u32>,
    doc_masks: Vec<u32>,
    doc_pairs: Vec<DigitPairs>,
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
        let (mut place, mut numbers) = (0, 0);
        for t in self.texts.get(address..).unwrap_or_default() {
            let pairs = digit_pairs(self.text_bytes(t));
            if t.kind.is_number() {
                numbers |= pairs;
            } else {
                place |= pairs;
            }
        }
        self.doc_pairs.push(DigitPairs { place, numbers });
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
