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
    pub selected: usize,
    pub offset: usize,
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
        self.selected = 0;
        self.offset = 0;
    }

    pub fn clear(&mut self) {
        self.input.clear();
        self.searcher.reset();
        self.hits.clear();
        self.marks.clear();
        self.selected = 0;
        self.offset = 0;
    }

    /// Highlighted char positions in one field of a household.
    pub fn marks_in(&self, id: HouseholdId, field: MatchField) -> &[usize] {
        self.marks
            .get(&id)
            .and_then(|m| m.iter().find(|(f, _)| *f == field))
            .map_or(&[], |(_, v)| v.as_slice())
    }
}
