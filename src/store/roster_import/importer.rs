//! The import itself, inside one transaction: match each planned household and member, create
//! what is new, write what changed, then list who is missing.

use std::collections::{HashMap, HashSet};

use super::super::error::Result;
use super::super::households::{NewHousehold, NewMember};
use super::super::writer::Writer;
use super::diff::{self, Move};
use super::existing::{Existing, id_key};
use super::report::{Change, ChangeKind, ImportReport, Missing};
use crate::domain::{HouseholdId, MemberStatus, Relation};
use crate::roster::{PlannedHousehold, PlannedMember, RosterPlan};

/// How often (in members) progress is reported.
const PROGRESS_EVERY: usize = 512;

struct Importer<'p> {
    plan: &'p RosterPlan,
    ex: Existing,
    claimed_households: Vec<bool>,
    claimed_members: Vec<bool>,
    report: ImportReport,
}

/// A planned household once placed: the database household and its address as written.
struct Placed {
    id: HouseholdId,
    /// Index into `Existing::households` when it existed before the import.
    existing: Option<usize>,
    address: String,
}

pub fn run(
    w: &mut Writer<'_>,
    plan: &RosterPlan,
    grids: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let ex = Existing::load(w.conn())?;
    let mut importer = Importer {
        plan,
        claimed_households: vec![false; ex.households.len()],
        claimed_members: vec![false; ex.members.len()],
        ex,
        report: ImportReport::default(),
    };
    let total = plan.persons_valid();
    let mut done = 0;
    progress(0, total);
    for (household, grid) in plan.households.iter().zip(grids) {
        let placed = importer.household(w, household, grid)?;
        for member in &household.members {
            importer.member(w, &placed, member)?;
            done += 1;
            if done % PROGRESS_EVERY == 0 {
                progress(done, total);
            }
        }
    }
    progress(total, total);
    importer.missing(grids);
    Ok(importer.report)
}

impl Importer<'_> {
    fn household(
        &mut self,
        w: &mut Writer<'_>,
        planned: &PlannedHousehold,
        grid: &str,
    ) -> Result<Placed> {
        let address = planned.address.display();
        let Some(index) = self.find_household(planned, grid) else {
            let id = w.create_household(&NewHousehold {
                grid: grid.to_string(),
                address: planned.address.clone(),
                household_no: planned.household_no.clone().unwrap_or_default(),
                note: String::new(),
            })?;
            self.report.ops += 1;
            self.report.households_created += 1;
            self.report.changes.push(Change {
                row: planned.first_row,
                kind: ChangeKind::HouseholdCreated,
                name: format!("{grid} {address}"),
                household: id,
                member: None,
                fields: Vec::new(),
            });
            return Ok(Placed {
                id,
                existing: None,
                address,
            });
        };
        if let Some(claimed) = self.claimed_households.get_mut(index) {
            *claimed = true;
        }
        let Some(old) = self.ex.households.get(index) else {
            return Err(super::super::StoreError::Corrupt(
                "household index out of range".into(),
            ));
        };
        let id = old.id;
        let named_grid = planned.grid.is_some();
        let edits = diff::household(self.plan.columns, old, planned, grid, named_grid);
        let mut fields = Vec::new();
        for (field, shown) in edits {
            if w.set_household(id, field)? {
                self.report.ops += 1;
                fields.push(shown);
            }
        }
        if fields.is_empty() {
            self.report.households_unchanged += 1;
        } else {
            self.report.households_updated += 1;
            self.report.changes.push(Change {
                row: planned.first_row,
                kind: ChangeKind::HouseholdUpdated,
                name: format!("{grid} {address}"),
                household: id,
                member: None,
                fields,
            });
        }
        Ok(Placed {
            id,
            existing: Some(index),
            address,
        })
    }

    /// The existing household a planned one is: by 户号, by its head's ID number, by address.
    fn find_household(&self, planned: &PlannedHousehold, grid: &str) -> Option<usize> {
        let number = planned.household_no.as_deref().filter(|n| !n.is_empty());
        let free = |i: &usize| !self.claimed_households.get(*i).copied().unwrap_or(true);
        let number_fits = |i: &usize| {
            self.ex.households.get(*i).is_some_and(|h| {
                h.household_no.is_empty() || number.is_none_or(|n| n == h.household_no)
            })
        };
        if let Some(no) = number
            && let Some(candidates) = self.ex.by_no.get(no)
        {
            // The same grid first: 户号 are unique within a community, not across a city.
            let in_grid = |i: &usize| self.ex.households.get(*i).is_some_and(|h| h.grid == grid);
            let found = candidates
                .iter()
                .filter(|i| free(i))
                .find(|i| in_grid(i))
                .or_else(|| candidates.iter().find(|i| free(i)));
            if let Some(&i) = found {
                return Some(i);
            }
        }
        for head in planned
            .members
            .iter()
            .filter(|m| m.relation == Relation::Head)
        {
            let Some(id) = &head.id_number else { continue };
            let Some(member) = self
                .ex
                .by_id_number
                .get(&id_key(id))
                .and_then(|&m| self.ex.members.get(m))
            else {
                continue;
            };
            if member.relation != Relation::Head {
                continue;
            }
            if let Some(&i) = self.ex.household_index.get(&member.household)
                && self.ex.households.get(i).is_some_and(|h| h.active)
                && free(&i)
                && number_fits(&i)
            {
                return Some(i);
            }
        }
        if planned.address.is_empty() {
            return None;
        }
        self.ex
            .by_address
            .get(&(grid.to_string(), planned.address.clone()))?
            .iter()
            .copied()
            .find(|i| free(i) && number_fits(i))
    }

    fn member(&mut self, w: &mut Writer<'_>, home: &Placed, planned: &PlannedMember) -> Result<()> {
        let Some(index) = self.find_member(home, planned) else {
            let id = w.add_member(
                home.id,
                &NewMember {
                    name: planned.name.clone(),
                    relation: planned.relation,
                    gender: planned.gender,
                    birth: planned.birth,
                    id_number: planned.id_number.clone(),
                    phone: planned.phone.clone(),
                    tags: planned.tags.clone(),
                    note: planned.note.clone(),
                },
            )?;
            self.report.ops += 1;
            self.report.members_created += 1;
            self.report.changes.push(Change {
                row: planned.row,
                kind: ChangeKind::MemberCreated,
                name: planned.name.clone(),
                household: home.id,
                member: Some(id),
                fields: Vec::new(),
            });
            return Ok(());
        };
        if let Some(claimed) = self.claimed_members.get_mut(index) {
            *claimed = true;
        }
        let Some(old) = self.ex.members.get(index) else {
            return Ok(());
        };
        let from_address = self
            .ex
            .household(old.household)
            .map(|h| format!("{} {}", h.grid, h.address.display()))
            .unwrap_or_default();
        let to_address = match home.existing.and_then(|i| self.ex.households.get(i)) {
            Some(h) => format!("{} {}", h.grid, h.address.display()),
            None => home.address.clone(),
        };
        let movement = Move {
            to: home.id,
            from_address: &from_address,
            to_address: &to_address,
        };
        let id = old.id;
        let edits = diff::member(self.plan.columns, old, planned, &movement);
        let mut fields = Vec::new();
        for (field, shown) in edits {
            if w.set_member(id, field)? {
                self.report.ops += 1;
                fields.push(shown);
            }
        }
        if fields.is_empty() {
            self.report.members_unchanged += 1;
        } else {
            self.report.members_updated += 1;
            self.report.changes.push(Change {
                row: planned.row,
                kind: ChangeKind::MemberUpdated,
                name: planned.name.clone(),
                household: home.id,
                member: Some(id),
                fields,
            });
        }
        Ok(())
    }

    /// The existing member a planned one is: by ID number anywhere, else by name in the matched
    /// household.
    fn find_member(&self, home: &Placed, planned: &PlannedMember) -> Option<usize> {
        let free = |i: usize| !self.claimed_members.get(i).copied().unwrap_or(true);
        if let Some(id) = &planned.id_number
            && let Some(&i) = self.ex.by_id_number.get(&id_key(id))
            && free(i)
        {
            return Some(i);
        }
        home.existing?;
        self.ex
            .by_household
            .get(&home.id)?
            .iter()
            .copied()
            .find(|&i| {
                free(i)
                    && self.ex.members.get(i).is_some_and(|m| {
                        m.name == planned.name
                            && diff::ids_compatible(
                                m.id_number.as_ref(),
                                planned.id_number.as_ref(),
                            )
                    })
            })
    }

    /// People present in the households the roster matched, or in the grids and compounds it
    /// covers, whom it does not list.
    fn missing(&mut self, grids: &[String]) {
        let covered: HashSet<(&str, &str)> = self
            .plan
            .households
            .iter()
            .zip(grids)
            .map(|(h, g)| (g.as_str(), h.address.compound.as_str()))
            .collect();
        let refused: HashMap<&str, usize> = self
            .plan
            .rejected
            .iter()
            .filter(|r| !r.name.is_empty())
            .map(|r| (r.name.as_str(), r.row))
            .collect();
        for (hi, household) in self.ex.households.iter().enumerate() {
            let matched = self.claimed_households.get(hi).copied().unwrap_or(false);
            let in_scope = household.active
                && (matched
                    || covered
                        .contains(&(household.grid.as_str(), household.address.compound.as_str())));
            if !in_scope {
                continue;
            }
            for &mi in self
                .ex
                .by_household
                .get(&household.id)
                .into_iter()
                .flatten()
            {
                let Some(member) = self.ex.members.get(mi) else {
                    continue;
                };
                if self.claimed_members.get(mi).copied().unwrap_or(true)
                    || member.status != MemberStatus::Present
                {
                    continue;
                }
                self.report.missing.push(Missing {
                    member: member.id,
                    household: household.id,
                    name: member.name.clone(),
                    grid: household.grid.clone(),
                    address: household.address.display(),
                    id_number: member.id_number.as_ref().map(|n| n.masked()),
                    refused_row: refused.get(member.name.as_str()).copied(),
                });
            }
        }
    }
}
