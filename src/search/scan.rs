//! The scan: score every household (or every previous candidate) against a query, keep the best
//! few in a bounded heap, and spread large scans over the cores.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fuzzy_matcher::FuzzyMatcher;

use super::Hit;
use super::index::{Index, Kind};
use super::match_pinyin;
use super::match_text;
use super::pinyin_keys::letter_bit;
use super::query::{Query, Route, Term};
use super::score::{Quality, ceiling, score};

/// Scans over fewer households than twice this run on the calling thread.
const PARALLEL_SCAN_MIN: usize = 24_576;
/// Never more worker threads than this.
const MAX_WORKERS: usize = 4;

/// How many threads to split `items` over, each getting at least `min_per_worker`.
pub(crate) fn workers(items: usize, min_per_worker: usize) -> usize {
    if items < 2 * min_per_worker.max(1) {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores
        .min(MAX_WORKERS)
        .min(items / min_per_worker.max(1))
        .max(1)
}

/// Where a term's best match in a household is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At {
    /// A pinyin key (global index).
    Key(usize),
    /// A text (global index).
    Text(usize),
}

/// A term's best match in one household.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Best {
    pub score: i64,
    pub quality: Quality,
    pub at: At,
}

impl Best {
    fn keep_better(slot: &mut Option<Best>, new: Best) {
        if slot.is_none_or(|b| new.score > b.score) {
            *slot = Some(new);
        }
    }
}

impl Index {
    /// The best match of one term in household `doc`, if any.
    pub(crate) fn term_best(&self, term: &Term, doc: usize) -> Option<Best> {
        match term.route {
            Route::Pinyin => self.best_pinyin(term, doc),
            Route::Number => self.best_number(term, doc),
            Route::Text => self.best_text(term, doc),
        }
    }

    fn best_pinyin(&self, term: &Term, doc: usize) -> Option<Best> {
        if term.mask & !self.doc_masks.get(doc)? != 0 {
            return None;
        }
        let q = term.text.as_bytes();
        let first = letter_bit(*q.first()?);
        let mut best: Option<Best> = None;
        for ki in self.key_range(doc) {
            let Some(key) = self.keys.get(ki) else {
                break;
            };
            // Keys come in order of falling ceilings (head, members, address, compound, tags).
            if best.is_some_and(|b| b.score >= ceiling(key.kind, Quality::Exact)) {
                break;
            }
            if term.mask & !key.mask != 0 || key.initials & first == 0 {
                continue;
            }
            let view = self.key_view(key);
            let names = matches!(key.kind, Kind::Head | Kind::Member);
            if let Some(quality) = match_pinyin::best(q, &view, names) {
                let new = Best {
                    score: score(key.kind, quality, view.units()),
                    quality,
                    at: At::Key(ki),
                };
                Best::keep_better(&mut best, new);
            }
        }
        best
    }

    fn best_number(&self, term: &Term, doc: usize) -> Option<Best> {
        let pairs = self.doc_pairs.get(doc)?;
        // A number can only occur where all its digit pairs do.
        let in_place = term.pairs & !pairs.place == 0;
        let in_numbers = term.pairs & !pairs.numbers == 0;
        if !in_place && !in_numbers {
            return None;
        }
        let range = self.text_range(doc);
        let texts = self.texts.get(range.clone())?;
        let address = texts.iter().position(|t| t.kind == Kind::Address)?;
        // For longer numbers, one search over everything from the address on rejects most of
        // the households that have the digit pairs.
        if term.text.len() > 2 {
            term.finder
                .find(self.span(texts.get(address)?, texts.last()?))?;
        }
        let numbers = texts
            .iter()
            .position(|t| t.kind.is_number())
            .unwrap_or(texts.len());
        type Matcher = fn(Kind, &Term, &[u8]) -> Option<(Quality, usize)>;
        let consider = |best: &mut Option<Best>, from: usize, to: usize, matcher: Matcher| {
            for (ti, t) in range.clone().zip(texts).take(to).skip(from) {
                if let Some((quality, _)) = matcher(t.kind, term, self.bytes(t)) {
                    let new = Best {
                        score: score(t.kind, quality, usize::from(t.chars)),
                        quality,
                        at: At::Text(ti),
                    };
                    Best::keep_better(best, new);
                }
            }
        };
        // In order of falling rank, stopping when nothing left can do better: whole numbers,
        // tails and prefixes of phones and ID numbers; numbers in the address; the rest.
        let mut best: Option<Best> = None;
        if in_numbers {
            consider(&mut best, numbers, texts.len(), match_text::number_ends);
        }
        if best.is_some_and(|b| b.score >= ceiling(Kind::Address, Quality::Token)) {
            return best;
        }
        if in_place {
            consider(&mut best, address, numbers, match_text::number_inside);
        }
        if !in_numbers || best.is_some_and(|b| b.score >= ceiling(Kind::Phone, Quality::Substring))
        {
            return best;
        }
        consider(&mut best, numbers, texts.len(), match_text::number_inside);
        best
    }

    fn best_text(&self, term: &Term, doc: usize) -> Option<Best> {
        let range = self.text_range(doc);
        let texts = self.texts.get(range.clone())?;
        let end = texts
            .iter()
            .position(|t| t.kind.is_number())
            .unwrap_or(texts.len());
        let texts = texts.get(..end)?;
        // One search over names, address, compound and tags rejects most households; a match
        // there may straddle two texts, so each text is checked again below.
        let span = self.span(texts.first()?, texts.last()?);
        let contiguous = term.finder.find(span).is_some();
        if !contiguous && !match_text::in_order(term, span) {
            return None;
        }
        let searched = || {
            range
                .clone()
                .zip(texts)
                .filter(|(_, t)| t.kind != Kind::CompoundShown)
        };
        let mut best: Option<Best> = None;
        if contiguous {
            for (ti, t) in searched() {
                // Texts come in order of falling ceilings.
                if best.is_some_and(|b| b.score >= ceiling(t.kind, Quality::Exact)) {
                    break;
                }
                if let Some((quality, _)) = match_text::substring(term, self.bytes(t)) {
                    let new = Best {
                        score: score(t.kind, quality, usize::from(t.chars)),
                        quality,
                        at: At::Text(ti),
                    };
                    Best::keep_better(&mut best, new);
                }
            }
            if best.is_some() {
                // Every substring match outranks every fuzzy one.
                return best;
            }
        }
        for (ti, t) in searched() {
            if !match_text::in_order(term, self.bytes(t)) {
                continue;
            }
            if let Some(s) = self.skim.fuzzy_match(self.norm_str(t), &term.text) {
                let quality = Quality::Fuzzy(s);
                let new = Best {
                    score: score(t.kind, quality, usize::from(t.chars)),
                    quality,
                    at: At::Text(ti),
                };
                Best::keep_better(&mut best, new);
            }
        }
        best
    }

    /// The total score of a household: every term must match.
    fn doc_score(&self, query: &Query, doc: usize) -> Option<i64> {
        let mut total = 0i64;
        for term in &query.terms {
            total = total.saturating_add(self.term_best(term, doc)?.score);
        }
        Some(total)
    }

    /// Scores the households of `source`; returns all that match (in document order) and the
    /// best `limit` of them (best first, ties in document order).
    pub(crate) fn scan(
        &self,
        query: &Query,
        source: Source<'_>,
        limit: usize,
    ) -> (Vec<u32>, Vec<(i64, u32)>) {
        let n = source.len(self);
        let w = workers(n, PARALLEL_SCAN_MIN);
        let (matched, top) = if w <= 1 {
            let (matched, top) = self.scan_part(query, source, 0..n, limit);
            (matched, top.heap.into_vec())
        } else {
            let chunk = n.div_ceil(w);
            let parts: Vec<(Vec<u32>, TopK)> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..w)
                    .map(|i| {
                        let range = (i * chunk).min(n)..((i + 1) * chunk).min(n);
                        s.spawn(move || self.scan_part(query, source, range, limit))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            let mut matched = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
            let mut top = Vec::new();
            for (m, t) in parts {
                matched.extend(m);
                top.extend(t.heap.into_vec());
            }
            (matched, top)
        };
        let mut top: Vec<(Reverse<i64>, u32)> = top;
        top.sort_unstable();
        top.truncate(limit);
        (
            matched,
            top.into_iter().map(|(Reverse(s), d)| (s, d)).collect(),
        )
    }

    fn scan_part(
        &self,
        query: &Query,
        source: Source<'_>,
        range: std::ops::Range<usize>,
        limit: usize,
    ) -> (Vec<u32>, TopK) {
        let mut matched = Vec::new();
        let mut top = TopK::new(limit);
        for i in range {
            let Some(doc) = source.doc(i) else {
                break;
            };
            if let Some(total) = self.doc_score(query, doc as usize) {
                matched.push(doc);
                top.push(total, doc);
            }
        }
        (matched, top)
    }

    /// A one-off search: the best `limit` households for `query`, best first. Empty and blank
    /// queries find nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = Query::parse(query);
        if query.is_empty() {
            return Vec::new();
        }
        let (_, top) = self.scan(&query, Source::All, limit);
        self.hits(&query, &top)
    }
}

/// The households a scan looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source<'a> {
    All,
    /// Previous candidates, in document order.
    List(&'a [u32]),
}

impl Source<'_> {
    fn len(&self, index: &Index) -> usize {
        match self {
            Source::All => index.len(),
            Source::List(l) => l.len(),
        }
    }

    fn doc(&self, i: usize) -> Option<u32> {
        match self {
            Source::All => u32::try_from(i).ok(),
            Source::List(l) => l.get(i).copied(),
        }
    }
}

/// The best `limit` (score, document) pairs seen; the heap's top is the worst kept.
struct TopK {
    limit: usize,
    heap: BinaryHeap<(Reverse<i64>, u32)>,
}

impl TopK {
    fn new(limit: usize) -> TopK {
        TopK {
            limit,
            heap: BinaryHeap::with_capacity(limit.min(1024) + 1),
        }
    }

    fn push(&mut self, score: i64, doc: u32) {
        let entry = (Reverse(score), doc);
        if self.heap.len() < self.limit {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && entry < *worst
        {
            *worst = entry;
        }
    }
}

/// Incremental search for a query box: remembers the previous query and the households it
/// matched, so that typing one more character only re-checks those.
#[derive(Debug, Default)]
pub struct Searcher {
    generation: u64,
    previous: Option<Query>,
    candidates: Vec<u32>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The best `limit` households for `query`, best first; the same hits as [`Index::search`].
    /// Empty and blank queries find nothing.
    pub fn search(&mut self, index: &Index, query: &str, limit: usize) -> Vec<Hit> {
        let query = Query::parse(query);
        if query.is_empty() {
            self.reset();
            return Vec::new();
        }
        let narrow = self.generation == index.generation
            && self.previous.as_ref().is_some_and(|p| query.narrows(p));
        let source = if narrow {
            Source::List(&self.candidates)
        } else {
            Source::All
        };
        let (matched, top) = index.scan(&query, source, limit);
        let hits = index.hits(&query, &top);
        self.generation = index.generation;
        self.candidates = matched;
        self.previous = Some(query);
        hits
    }

    /// How many households the last query matched (all of them, not only the hits returned).
    pub fn matched(&self) -> usize {
        self.candidates.len()
    }

    /// Forgets the previous query, so the next search scans everything.
    pub fn reset(&mut self) {
        self.previous = None;
        self.candidates.clear();
    }
}
