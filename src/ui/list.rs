//! The household list: every household of the worker's grids, sorted and filtered, with the
//! selection and scroll position.

use std::cmp::Reverse;

use chrono::NaiveDate;

use crate::domain::{Due, VisitPolicy};
use crate::store::lists::HouseholdRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Walking order: compound, building, unit, room.
    #[default]
    Address,
    /// Longest since the last visit first; never visited before all.
    SinceVisit,
    /// By the head's name in pinyin order.
    Name,
}

impl Sort {
    pub fn next(self) -> Self {
        match self {
            Sort::Address => Sort::SinceVisit,
            Sort::SinceVisit => Sort::Name,
            Sort::Name => Sort::Address,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    None,
    /// Due for a visit by the policy, or with an overdue request.
    Overdue,
    OpenRequests,
    Tag(String),
    Building {
        compound: String,
        building: String,
    },
    /// Households marked as moved away (hidden otherwise).
    Archived,
}

/// A tag and how many households carry it.
pub type TagCount = (String, usize);
/// A compound, a building in it, and its households.
pub type BuildingCount = (String, String, usize);

#[derive(Debug, Clone, Default)]
pub struct HouseholdList {
    pub rows: Vec<HouseholdRow>,
    /// Indices into `rows`, in display order.
    pub view: Vec<usize>,
    pub cursor: super::cursor::Cursor,
    pub sort: Sort,
    pub filter: Filter,
}

/// Where a household stands: its visit due state and overdue requests.
pub fn due_of(row: &HouseholdRow, policy: &VisitPolicy, today: NaiveDate) -> Due {
    policy.due(&row.tags, row.last_visit, today)
}

pub fn is_overdue(row: &HouseholdRow, policy: &VisitPolicy, today: NaiveDate) -> bool {
    due_of(row, policy, today).days_overdue > 0 || row.next_due.is_some_and(|d| d < today)
}

/// A sort key that puts Chinese names in pinyin order (the surname table matters less for
/// ordering than for lookup).
fn name_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.plain()),
            None => key.push(c),
        }
        key.push(' ');
    }
    key
}

impl HouseholdList {
    pub fn new(rows: Vec<HouseholdRow>) -> Self {
        Self {
            rows,
            ..Self::default()
        }
    }

    /// Recomputes `view` from the rows, the grids shown, the filter and the sort. Keeps the
    /// selected household selected if it is still shown.
    pub fn refresh(&mut self, grids: &[String], policy: &VisitPolicy, today: NaiveDate) {
        let keep = self.selected_row();
        let mut view: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                (grids.is_empty() || grids.contains(&r.grid))
                    && match &self.filter {
                        Filter::Archived => r.archived,
                        _ if r.archived => false,
                        Filter::None => true,
                        Filter::Overdue => is_overdue(r, policy, today),
                        Filter::OpenRequests => r.open_requests > 0,
                        Filter::Tag(t) => r.tags.iter().any(|x| x.as_str() == t),
                        Filter::Building { compound, building } => {
                            &r.address.compound == compound && &r.address.building == building
                        }
                    }
            })
            .collect();
        let rows = &self.rows;
        match self.sort {
            Sort::Address => {
                view.sort_by_cached_key(|&i| (rows[i].grid.clone(), rows[i].address.sort_key()))
            }
            Sort::SinceVisit => view.sort_by_cached_key(|&i| {
                let days = rows[i]
                    .last_visit
                    .map_or(i64::MAX, |d| (today - d).num_days());
                (Reverse(days), rows[i].address.sort_key())
            }),
            Sort::Name => {
                view.sort_by_cached_key(|&i| (name_key(&rows[i].head), rows[i].address.sort_key()))
            }
        }
        self.view = view;
        // The household selected stays selected; if it left the view, the same position is.
        if let Some(pos) = keep.and_then(|k| self.view.iter().position(|&i| i == k)) {
            self.cursor.selected = pos;
        }
        self.cursor.selected = self.cursor.selected.min(self.view.len().saturating_sub(1));
    }

    /// The index into `rows` of the selected household.
    pub fn selected_row(&self) -> Option<usize> {
        self.view.get(self.cursor.selected).copied()
    }

    pub fn select_row(&mut self, row: usize) {
        if let Some(pos) = self.view.iter().position(|&i| i == row) {
            self.cursor.selected = pos;
        }
    }

    /// Moves the selection by `delta` within `len` entries.
    pub fn move_by(selected: &mut usize, len: usize, delta: isize) {
        if len == 0 {
            *selected = 0;
            return;
        }
        let next = (*selected as isize + delta).clamp(0, len as isize - 1);
        *selected = next as usize;
    }

    /// The distinct tags and buildings among the shown grids, most common first, for the filter
    /// picker.
    pub fn filter_choices(&self, grids: &[String]) -> (Vec<TagCount>, Vec<BuildingCount>) {
        let mut tags: std::collections::BTreeMap<String, usize> = Default::default();
        let mut buildings: std::collections::BTreeMap<(String, String), usize> = Default::default();
        for r in self
            .rows
            .iter()
            .filter(|r| !r.archived && (grids.is_empty() || grids.contains(&r.grid)))
        {
            for t in &r.tags {
                *tags.entry(t.as_str().to_string()).or_default() += 1;
            }
            *buildings
                .entry((r.address.compound.clone(), r.address.building.clone()))
                .or_default() += 1;
        }
        let mut tags: Vec<(String, usize)> = tags.into_iter().collect();
        tags.sort_by_key(|(t, n)| (Reverse(*n), t.clone()));
        let mut buildings: Vec<(String, String, usize)> =
            buildings.into_iter().map(|((c, b), n)| (c, b, n)).collect();
        buildings
            .sort_by_cached_key(|(c, b, _)| crate::domain::Address::new(c, b, "", "").sort_key());
        (tags, buildings)
    }
}
