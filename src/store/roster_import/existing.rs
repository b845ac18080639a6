//! The households and members a roster is matched against, read once at the start of the
//! import's transaction and indexed in memory.

use std::collections::HashMap;

use rusqlite::Connection;

use super::super::error::Result;
use super::super::households::member_from_row;
use crate::domain::{Address, HouseholdId, IdNumber, Member};

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
        let members = stmt.query_map([], member_from_row)?;
        for member in members {
            let member = member?;
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
        Ok(ex)
    }

    pub fn household(&self, id: HouseholdId) -> Option<&ExHousehold> {
        self.household_index
            .get(&id)
            .and_then(|&i| self.households.get(i))
    }
}
