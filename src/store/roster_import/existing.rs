//! The households and members a roster is matched against, read once at the start of the
//! import's transaction and indexed in memory.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde_json::Value;

use super::super::error::Result;
use super::super::households::member_from_row;
use crate::domain::{Address, HouseholdId, IdNumber, Member, OpId};
use crate::oplog::op::Via;

/// One current value of a field (a head of its register) and what wrote it.
#[derive(Debug, Clone)]
pub struct Head {
    pub op: OpId,
    pub value: Value,
    pub via: Option<Via>,
    /// A roster import's merge of a tag set (its op carries the roster's own tags).
    pub merged: bool,
}

pub struct ExHousehold {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub household_no: String,
    /// Neither archived nor merged into another: a roster household may match it.
    pub active: bool,
}

#[derive(Default)]
pub struct Existing {
    /// In creation order.
    pub households: Vec<ExHousehold>,
    pub household_index: HashMap<HouseholdId, usize>,
    /// Active households by 户号.
    pub by_no: HashMap<String, Vec<usize>>,
    /// Active households by grid and address, oldest first.
    pub by_address: HashMap<(String, Address), Vec<usize>>,
    /// In creation order.
    pub members: Vec<Member>,
    /// Members by the 18-character form of their ID number.
    pub by_id_number: HashMap<String, usize>,
    pub by_household: HashMap<HouseholdId, Vec<usize>>,
    /// Where each member (by index) was put: its `household` register, which differs from
    /// the household it is listed under when that one was merged into another.
    pub homes: Vec<Option<HouseholdId>>,
    /// The heads of every field that was written since its entity was created, shown first.
    heads: HashMap<uuid::Uuid, HashMap<String, Vec<Head>>>,
    conflicts: HashMap<uuid::Uuid, HashSet<String>>,
}

/// The key members are matched on: 15- and 18-character forms of one number are equal.
pub fn id_key(id: &IdNumber) -> String {
    id.eighteen()
}

impl Existing {
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut ex = Self::default();
        let mut stmt = conn.prepare(
            "SELECT id, grid, compound, building, unit, room, household_no, archived, merged_into
             FROM households ORDER BY created_hlc, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            let archived: bool = r.get(7)?;
            let merged: Option<String> = r.get(8)?;
            Ok((
                id,
                ExHousehold {
                    id: HouseholdId(uuid::Uuid::nil()),
                    grid: r.get(1)?,
                    address: crate::store::address_at(r, 2)?,
                    household_no: r.get(6)?,
                    active: !archived && merged.is_none(),
                },
            ))
        })?;
        for row in rows {
            let (id, mut household) = row?;
            let Some(id) = HouseholdId::parse(&id) else {
                continue;
            };
            household.id = id;
            let index = ex.households.len();
            ex.household_index.insert(id, index);
            if household.active {
                if !household.household_no.is_empty() {
                    ex.by_no
                        .entry(household.household_no.clone())
                        .or_default()
                        .push(index);
                }
                ex.by_address
                    .entry((household.grid.clone(), household.address.clone()))
                    .or_default()
                    .push(index);
            }
            ex.households.push(household);
        }

        let mut stmt = conn.prepare("SELECT * FROM members ORDER BY created_hlc, id")?;
        let members = stmt.query_map([], |r| {
            let home: String = r.get("home")?;
            Ok((member_from_row(r)?, HouseholdId::parse(&home)))
        })?;
        for member in members {
            let (member, home) = member?;
            ex.homes.push(home);
            let index = ex.members.len();
            if let Some(id) = &member.id_number {
                ex.by_id_number.entry(id_key(id)).or_insert(index);
            }
            ex.by_household
                .entry(member.household)
                .or_default()
                .push(index);
            ex.members.push(member);
        }
        ex.load_heads(conn)?;
        Ok(ex)
    }

    fn load_heads(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare(
            "SELECT f.entity, f.field, f.op_id, f.value,
                    json_extract(CAST(o.raw AS TEXT), '$.payload.via'),
                    json_extract(CAST(o.raw AS TEXT), '$.payload.listed') IS NOT NULL
             FROM field_heads f JOIN ops o ON o.op_id = f.op_id
             ORDER BY f.entity, f.field, f.hlc DESC, f.origin DESC, f.op_id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        for row in rows {
            let (entity, field, op, value, via, merged) = row?;
            let (Ok(entity), Some(op)) = (uuid::Uuid::parse_str(&entity), OpId::parse(&op)) else {
                continue;
            };
            let of_entity = self.heads.entry(entity).or_default();
            of_entity.entry(field).or_default().push(Head {
                op,
                value: serde_json::from_str(&value)?,
                via: via.as_deref().and_then(Via::from_code),
                merged,
            });
        }
        let mut stmt = conn.prepare("SELECT entity, field FROM conflicts")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (entity, field) = row?;
            if let Ok(entity) = uuid::Uuid::parse_str(&entity) {
                self.conflicts.entry(entity).or_default().insert(field);
            }
        }
        Ok(())
    }

    /// The heads of a field (empty when it holds the value its entity was created with).
    pub fn heads_of(&self, entity: uuid::Uuid, field: &str) -> &[Head] {
        self.heads
            .get(&entity)
            .and_then(|f| f.get(field))
            .map_or(&[], Vec::as_slice)
    }

    pub fn in_conflict(&self, entity: uuid::Uuid, field: &str) -> bool {
        self.conflicts
            .get(&entity)
            .is_some_and(|f| f.contains(field))
    }

    pub fn household(&self, id: HouseholdId) -> Option<&ExHousehold> {
        self.household_index
            .get(&id)
            .and_then(|&i| self.households.get(i))
    }
}
