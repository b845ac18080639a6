//! The lookup box over the household list: the query, its hits and where they matched.

use std::collections::HashMap;

use super::text::TextInput;
use crate::domain::HouseholdId;
use crate::search::{Hit, Index, MatchField, Searcher};

/// How many hits a query shows at most.
pub const LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct SearchBox {
    pub input: TextInput,
    /// Keys go to the box.
    pub focused: bool,
    pub searcher: Searcher,
    pub hits: Vec<Hit>,
    pub cursor: super::cursor::Cursor,
    /// The query the hits are for: a new run of the same query (after a write rebuilt the
    /// index) keeps the selected household selected.
    pub ran: String,
    /// Where each hit household matched, for highlighting.
    pub marks: HashMap<HouseholdId, Vec<(MatchField, Vec<usize>)>>,
}

impl SearchBox {
    /// A query is in force (the list shows hits instead of all households).
    pub fn active(&self) -> bool {
        !self.input.text().trim().is_empty()
    }

    pub fn run(&mut self, index: &Index) {
        let query = self.input.text().to_string();
        let keep = (query == self.ran)
            .then(|| self.hits.get(self.cursor.selected).map(|h| h.id))
            .flatten();
        self.hits = if query.trim().is_empty() {
            self.searcher.reset();
            Vec::new()
        } else {
            self.searcher.search(index, &query, LIMIT)
        };
        self.marks = self
            .hits
            .iter()
            .map(|h| {
                let mut marks = vec![(h.field, h.highlight.clone())];
                marks.extend(h.also.iter().map(|f| (f.field, f.highlight.clone())));
                (h.id, marks)
            })
            .collect();
        match keep.and_then(|id| self.hits.iter().position(|h| h.id == id)) {
            Some(pos) => self.cursor.selected = pos,
            None => self.cursor = Default::default(),
        }
        self.cursor.selected = self.cursor.selected.min(self.hits.len().saturating_sub(1));
        self.ran = query;
    }

    /// The selected hit's household.
    pub fn selected(&self) -> Option<HouseholdId> {
        self.hits.get(self.cursor.selected).map(|h| h.id)
    }

    pub fn clear(&mut self) {
        self.input.clear();
        self.searcher.reset();
        self.hits.clear();
        self.marks.clear();
        self.cursor = Default::default();
        self.ran.clear();
    }

    /// Highlighted char positions in one field of a household.
    pub fn marks_in(&self, id: HouseholdId, field: MatchField) -> &[usize] {
        self.marks
            .get(&id)
            .and_then(|m| m.iter().find(|(f, _)| *f == field))
            .map_or(&[], |(_, v)| v.as_slice())
    }
}
