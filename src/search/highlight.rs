//! Turning the best (score, household) pairs of a scan into [`Hit`]s: which field each term
//! matched and which characters to highlight. Runs only for the few hits shown, so it may
//! allocate and redo the matching with positions.

use fuzzy_matcher::FuzzyMatcher;

use super::index::Index;
use super::match_pinyin;
use super::match_text;
use super::query::{Query, Route, Term};
use super::scan::{At, Best};
use super::score::Quality;
use super::{FieldHit, Hit};

impl Index {
    pub(crate) fn hits(&self, query: &Query, top: &[(i64, u32)]) -> Vec<Hit> {
        top.iter()
            .filter_map(|&(score, doc)| self.hit(query, score, doc as usize))
            .collect()
    }

    fn hit(&self, query: &Query, score: i64, doc: usize) -> Option<Hit> {
        let mut primary: Option<(i64, usize)> = None;
        // (text index, highlighted chars) per distinct text, in term order.
        let mut fields: Vec<(usize, Vec<usize>)> = Vec::new();
        for term in &query.terms {
            let best = self.term_best(term, doc)?;
            let (ti, chars) = self.highlight(term, &best);
            if primary.is_none_or(|(s, _)| best.score > s) {
                primary = Some((best.score, ti));
            }
            match fields.iter_mut().find(|(t, _)| *t == ti) {
                Some((_, hl)) => hl.extend(chars),
                None => fields.push((ti, chars)),
            }
        }
        let (_, primary_text) = primary?;
        let mut highlight = Vec::new();
        let mut also = Vec::new();
        for (ti, mut chars) in fields {
            chars.sort_unstable();
            chars.dedup();
            if ti == primary_text {
                highlight = chars;
            } else {
                also.push(FieldHit {
                    field: self.field_of(doc, ti),
                    highlight: chars,
                });
            }
        }
        Some(Hit {
            doc,
            id: self.id(doc),
            score,
            field: self.field_of(doc, primary_text),
            highlight,
            also,
        })
    }

    /// The text a term's best match is in, and the char indices it covers there.
    fn highlight(&self, term: &Term, best: &Best) -> (usize, Vec<usize>) {
        match best.at {
            At::Key(ki) => {
                let Some(key) = self.keys.get(ki) else {
                    return (0, Vec::new());
                };
                let view = self.key_view(key);
                let units = match_pinyin::path(term.text.as_bytes(), &view, best.quality);
                let chars = units.into_iter().map(|u| view.char_index(u)).collect();
                (key.text as usize, chars)
            }
            At::Text(ti) => {
                let Some(t) = self.texts.get(ti) else {
                    return (ti, Vec::new());
                };
                let bytes = self.bytes(t);
                let found = match (term.route, best.quality) {
                    (Route::Text, Quality::Fuzzy(_)) => {
                        let chars = self
                            .skim
                            .fuzzy_indices(self.norm_str(t), &term.text)
                            .map(|(_, idx)| idx)
                            .unwrap_or_default();
                        return (ti, chars);
                    }
                    (Route::Number, _) => match_text::number(t.kind, term, bytes),
                    _ => match_text::substring(term, bytes),
                };
                let chars = found
                    .map(|(_, pos)| match_text::covered(bytes, pos, term))
                    .unwrap_or_default();
                (ti, chars)
            }
        }
    }
}
