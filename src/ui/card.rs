//! The household card: members, open requests and the visit timeline of one household.

use crate::domain::{Household, Member, MemberStatus};
use crate::store::lists::HouseholdRow;
use crate::store::requests::RequestRow;
use crate::store::visits::VisitRecord;
use crate::store::{Result, Store};

/// Which part of the card the arrow keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Members,
    Requests,
    Visits,
}

impl Section {
    pub fn next(self) -> Self {
        match self {
            Section::Members => Section::Requests,
            Section::Requests => Section::Visits,
            Section::Visits => Section::Members,
        }
    }

    pub fn prev(self) -> Self {
        self.next().next()
    }
}

#[derive(Debug, Clone)]
pub struct Card {
    pub household: Household,
    pub row: HouseholdRow,
    /// Present members first, then those who moved out.
    pub members: Vec<Member>,
    pub visits: Vec<VisitRecord>,
    /// All requests of the household, newest first.
    pub requests: Vec<RequestRow>,
    pub reveal: bool,
    pub section: Section,
    pub member_sel: usize,
    pub request_sel: usize,
    pub visit_sel: usize,
    /// An unfinished visit draft is waiting for this household.
    pub draft: bool,
}

impl Card {
    pub fn load(store: &Store, row: HouseholdRow) -> Result<Option<Self>> {
        let Some(household) = store.household(row.id)? else {
            return Ok(None);
        };
        let mut members = store.members(row.id)?;
        members.sort_by_key(|m| m.status != MemberStatus::Present);
        Ok(Some(Self {
            draft: store.draft(row.id)?.is_some(),
            visits: store.visits(row.id)?,
            requests: store.requests_of(row.id)?,
            household,
            row,
            members,
            reveal: false,
            section: Section::Members,
            member_sel: 0,
            request_sel: 0,
            visit_sel: 0,
        }))
    }

    /// Reloads after a write, keeping the reveal state and selections in range.
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        if let Some(row) = store.household_row(self.row.id)?
            && let Some(fresh) = Self::load(store, row)?
        {
            let (reveal, section) = (self.reveal, self.section);
            let sels = (self.member_sel, self.request_sel, self.visit_sel);
            *self = fresh;
            self.reveal = reveal;
            self.section = section;
            self.member_sel = sels.0.min(self.members.len().saturating_sub(1));
            self.request_sel = sels.1.min(self.open_requests().len().saturating_sub(1));
            self.visit_sel = sels.2.min(self.visits.len().saturating_sub(1));
        }
        Ok(())
    }

    /// Requests not yet resolved.
    pub fn open_requests(&self) -> Vec<&RequestRow> {
        self.requests
            .iter()
            .filter(|r| !r.stage.status.is_resolved())
            .collect()
    }

    pub fn selected_member(&self) -> Option<&Member> {
        self.members.get(self.member_sel)
    }

    /// Moves the selection of the current section.
    pub fn move_by(&mut self, delta: isize) {
        let (sel, len) = match self.section {
            Section::Members => (&mut self.member_sel, self.members.len()),
            Section::Requests => {
                let n = self
                    .requests
                    .iter()
                    .filter(|r| !r.stage.status.is_resolved())
                    .count();
                (&mut self.request_sel, n)
            }
            Section::Visits => (&mut self.visit_sel, self.visits.len()),
        };
        super::list::HouseholdList::move_by(sel, len, delta);
    }
}
