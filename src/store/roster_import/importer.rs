//! The import itself, inside one transaction: match each planned household and member, create
//! what is new, merge each field the roster names with what the database holds (see `merge`),
//! then list who is missing.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::super::error::{Result, StoreError};
use super::super::fields::{self, EntityKind};
use super::super::households::{NewHousehold, NewMember};
use super::super::import::device_label;
use super::super::writer::Writer;
use super::diff;
use super::existing::{Existing, id_key};
use super::history::{History, OpInfo};
use super::merge::{self, Effect, Field};
use super::report::{Change, ChangeKind, FieldChange, ImportReport, Kept, Missing, Why, WhyKind};
use super::values::show;
use crate::domain::{HouseholdId, MemberId, MemberStatus, Relation};
use crate::oplog::op::{Body, FieldSet, Via};
use crate::roster::{PlannedHousehold, PlannedMember, RosterPlan};

/// How often (in members) progress is reported.
const PROGRESS_EVERY: usize = 512;

struct Importer<'p> {
    plan: &'p RosterPlan,
    ex: Existing,
    claimed_households: Vec<bool>,
    claimed_members: Vec<bool>,
    /// The histories read so far, by entity.
    histories: HashMap<uuid::Uuid, History>,
    report: ImportReport,
}

/// A planned household once placed: the database household and its address as written.
struct Placed {
    id: HouseholdId,
    /// Index into `Existing::households` when it existed before the import.
    existing: Option<usize>,
    address: String,
}

/// The household or member whose fields are merged, as the report names it.
struct Subject {
    kind: EntityKind,
    entity: uuid::Uuid,
    row: usize,
    name: String,
    household: HouseholdId,
    member: Option<MemberId>,
}

pub fn run(
    w: &mut Writer<'_>,
    plan: &RosterPlan,
    grids: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    w.mark(Via::Roster);
    let ex = Existing::load(w.conn())?;
    let mut importer = Importer {
        plan,
        claimed_households: vec![false; ex.households.len()],
        claimed_members: vec![false; ex.members.len()],
        ex,
        histories: HashMap::new(),
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
    importer.missing();
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
            return Err(StoreError::Corrupt("household index out of range".into()));
        };
        let id = old.id;
        let named_grid = planned.grid.is_some();
        let names = diff::household(self.plan.columns, planned, grid, named_grid);
        let roster: Vec<(&'static str, Value, Value)> = names
            .into_iter()
            .map(|(f, v)| (f, v, diff::household_shown(old, f)))
            .collect();
        let subject = Subject {
            kind: EntityKind::Household,
            entity: id.0,
            row: planned.first_row,
            name: format!("{grid} {address}"),
            household: id,
            member: None,
        };
        let fields = self.merge_fields(w, &subject, roster, &|s| s.to_string())?;
        if fields.is_empty() {
            self.report.households_unchanged += 1;
        } else {
            self.report.households_updated += 1;
            self.report.changes.push(Change {
                row: planned.first_row,
                kind: ChangeKind::HouseholdUpdated,
                name: subject.name,
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
        let stored = self.ex.homes.get(index).copied().flatten();
        let names = diff::member(self.plan.columns, planned, home.id);
        let roster: Vec<(&'static str, Value, Value)> = names
            .into_iter()
            // Listed under the roster's household already (put in one merged into it).
            .filter(|(f, _)| !(*f == "household" && old.household == home.id))
            .map(|(f, v)| (f, v, diff::member_shown(old, stored, home.id, f)))
            .collect();
        let subject = Subject {
            kind: EntityKind::Member,
            entity: old.id.0,
            row: planned.row,
            name: planned.name.clone(),
            household: home.id,
            member: Some(old.id),
        };
        if self.settled(subject.entity, &roster) {
            self.report.members_unchanged += 1;
            return Ok(());
        }
        let new_address = match home.existing.and_then(|i| self.ex.households.get(i)) {
            Some(h) => format!("{} {}", h.grid, h.address.display()),
            None => home.address.clone(),
        };
        let addresses: HashMap<String, String> = [stored, Some(old.household)]
            .into_iter()
            .flatten()
            .filter_map(|id| self.ex.household(id))
            .map(|h| {
                (
                    h.id.to_string(),
                    format!("{} {}", h.grid, h.address.display()),
                )
            })
            .chain([(home.id.to_string(), new_address)])
            .collect();
        let address = |id: &str| addresses.get(id).cloned().unwrap_or_else(|| id.to_string());
        let fields = self.merge_fields(w, &subject, roster, &address)?;
        if fields.is_empty() {
            self.report.members_unchanged += 1;
        } else {
            self.report.members_updated += 1;
            self.report.changes.push(Change {
                row: planned.row,
                kind: ChangeKind::MemberUpdated,
                name: subject.name,
                household: home.id,
                member: subject.member,
                fields,
            });
        }
        Ok(())
    }

    /// Whether every field the roster names can be left alone (the usual case on a re-import):
    /// nothing to read, write or report.
    fn settled(&self, entity: uuid::Uuid, roster: &[(&'static str, Value, Value)]) -> bool {
        roster.iter().all(|(name, value, column)| {
            let heads = self.ex.heads_of(entity, name);
            Field {
                name,
                roster: value,
                shown: heads.first().map_or(column, |h| &h.value),
                heads,
                conflict: self.ex.in_conflict(entity, name),
            }
            .settled()
        })
    }

    /// Merges each field the roster names (name, roster value, value shown); returns the fields
    /// whose shown value changed.
    fn merge_fields(
        &mut self,
        w: &mut Writer<'_>,
        s: &Subject,
        roster: Vec<(&'static str, Value, Value)>,
        address: &dyn Fn(&str) -> String,
    ) -> Result<Vec<FieldChange>> {
        let mut changed = Vec::new();
        for (name, value, column) in roster {
            let heads = self.ex.heads_of(s.entity, name);
            let shown = heads.first().map_or(&column, |h| &h.value);
            let field = Field {
                name,
                roster: &value,
                shown,
                heads,
                conflict: self.ex.in_conflict(s.entity, name),
            };
            if field.settled() {
                continue;
            }
            let history = match self.histories.entry(s.entity) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(History::load(w.conn(), s.entity)?)
                }
            };
            let outcome = merge::decide(&field, history);
            let shown_text = show(name, shown, address);
            let roster_text = show(name, &value, address);
            let kept = |value: &Value, because, credit, w: &Writer<'_>| -> Result<Kept> {
                Ok(Kept {
                    row: s.row,
                    name: s.name.clone(),
                    household: s.household,
                    member: s.member,
                    field: name,
                    kept: show(name, value, address),
                    roster: roster_text.clone(),
                    because,
                    why: why(w, history, credit)?,
                })
            };
            if let Some((value, because, credit)) = &outcome.kept {
                let entry = kept(value, *because, *credit, w)?;
                self.report.kept.push(entry);
            }
            let Some(write) = outcome.write else {
                continue;
            };
            match &write.effect {
                Effect::Update => changed.push(FieldChange {
                    field: name,
                    old: shown_text,
                    new: show(name, &write.value, address),
                }),
                Effect::Base => self.report.bases_recorded += 1,
                Effect::Conflict {
                    other,
                    credit,
                    because,
                    opened,
                } => {
                    let entry = kept(other, *because, *credit, w)?;
                    self.report.conflicts.push(entry);
                    self.report.conflicts_opened += usize::from(*opened);
                }
            }
            append(w, s, name, write)?;
            self.report.ops += 1;
        }
        Ok(changed)
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

    /// People present in the households the roster lists whom it does not list. A partial file
    /// (one building, the corrected rejected rows) says nothing about the households it leaves
    /// out.
    fn missing(&mut self) {
        let refused: HashMap<&str, usize> = self
            .plan
            .rejected
            .iter()
            .filter(|r| !r.name.is_empty())
            .map(|r| (r.name.as_str(), r.row))
            .collect();
        let listed: HashSet<usize> = self
            .claimed_households
            .iter()
            .enumerate()
            .filter_map(|(i, &c)| c.then_some(i))
            .collect();
        for (hi, household) in self.ex.households.iter().enumerate() {
            if !household.active || !listed.contains(&hi) {
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

/// Appends the roster's op for one field.
fn append(w: &mut Writer<'_>, s: &Subject, field: &str, write: merge::Write) -> Result<()> {
    if !fields::value_fits(s.kind, field, &write.value) {
        return Err(StoreError::Invalid(
            crate::i18n::said::Said::new(crate::i18n::Msg::InvValue)
                .with("value", &write.value)
                .with("field", field),
        ));
    }
    let scope = match s.kind {
        EntityKind::Member => {
            let household = w.member_household(MemberId(s.entity))?;
            w.household_grid(household)?
        }
        _ => w.household_grid(HouseholdId(s.entity))?,
    };
    if field == "household"
        && let Some(target) = write.value.as_str().and_then(HouseholdId::parse)
    {
        w.household_grid(target)?;
    }
    let set = FieldSet {
        field: field.to_string(),
        value: write.value,
        seen: None,
        via: w.via_code(),
        listed: write.listed,
    };
    let body = match s.kind {
        EntityKind::Member => Body::MemberSet(set),
        _ => Body::HouseholdSet(set),
    };
    w.append(&scope, s.entity, write.pred, body)?;
    Ok(())
}

/// What made the change credited to `op`, and when.
fn why(w: &Writer<'_>, history: &History, op: crate::domain::OpId) -> Result<Why> {
    let Some((_, info)) = history.credit(op) else {
        return Err(StoreError::Corrupt(format!("op {op} is not in the log")));
    };
    why_of(w, info)
}

fn why_of(w: &Writer<'_>, info: &OpInfo) -> Result<Why> {
    let on = w.local_date(info.hlc);
    if info.origin != w.device().to_string() {
        return Ok(Why {
            kind: WhyKind::Bundle,
            on,
            device: Some(device_label(w.conn(), &info.origin)?),
        });
    }
    let kind = match info.via {
        Some(Via::Roster) => WhyKind::Roster,
        _ if info.create => WhyKind::Added,
        Some(Via::Visit) => WhyKind::Visit,
        Some(Via::Form) => WhyKind::Form,
        Some(Via::Review) => WhyKind::Review,
        None => WhyKind::Edit,
    };
    Ok(Why {
        kind,
        on,
        device: None,
    })
}
