//! Households and members: writes through the op log, and reads.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use serde_json::{Value, json};

use super::error::{Result, StoreError};
use super::fields::{self, EntityKind};
use super::{Store, Writer};
use crate::domain::{
    Address, Gender, Household, HouseholdId, IdNumber, Member, MemberId, MemberStatus, OpId, Phone,
    Relation, Tag,
};
use crate::oplog::op::{Body, FieldSet, HouseholdCreate, MemberCreate};

/// A household to create.
#[derive(Debug, Clone, Default)]
pub struct NewHousehold {
    pub grid: String,
    pub address: Address,
    pub household_no: String,
    pub note: String,
}

/// A member to add to a household.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub name: String,
    pub relation: Relation,
    pub gender: Option<Gender>,
    pub birth: Option<NaiveDate>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Phone>,
    pub tags: Vec<Tag>,
    pub note: String,
}

/// One editable field of a household.
#[derive(Debug, Clone, PartialEq)]
pub enum HouseholdField {
    Grid(String),
    Compound(String),
    Building(String),
    Unit(String),
    Room(String),
    HouseholdNo(String),
    Note(String),
    Archived(bool),
}

impl HouseholdField {
    pub(crate) fn split(self) -> (&'static str, Value) {
        match self {
            Self::Grid(s) => ("grid", json!(s)),
            Self::Compound(s) => ("compound", json!(s)),
            Self::Building(s) => ("building", json!(s)),
            Self::Unit(s) => ("unit", json!(s)),
            Self::Room(s) => ("room", json!(s)),
            Self::HouseholdNo(s) => ("household_no", json!(s)),
            Self::Note(s) => ("note", json!(s)),
            Self::Archived(b) => ("archived", json!(b)),
        }
    }

    /// The four address fields as separate edits.
    pub fn address(a: &Address) -> [HouseholdField; 4] {
        [
            Self::Compound(a.compound.clone()),
            Self::Building(a.building.clone()),
            Self::Unit(a.unit.clone()),
            Self::Room(a.room.clone()),
        ]
    }
}

/// One editable field of a member.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberField {
    Name(String),
    Relation(Relation),
    Gender(Option<Gender>),
    Birth(Option<NaiveDate>),
    IdNumber(Option<IdNumber>),
    Phone(Option<Phone>),
    Tags(Vec<Tag>),
    Note(String),
    Status(MemberStatus),
    Household(HouseholdId),
}

impl MemberField {
    pub(crate) fn split(self) -> (&'static str, Value) {
        match self {
            Self::Name(s) => ("name", json!(s)),
            Self::Relation(r) => ("relation", json!(r.code())),
            Self::Gender(g) => ("gender", json!(g)),
            Self::Birth(d) => ("birth", json!(d.map(|d| d.to_string()))),
            Self::IdNumber(n) => ("id_number", json!(n.map(|n| n.as_str().to_string()))),
            Self::Phone(p) => ("phone", json!(p.map(|p| p.as_str().to_string()))),
            Self::Tags(t) => ("tags", json!(t)),
            Self::Note(s) => ("note", json!(s)),
            Self::Status(s) => ("status", json!(s.code())),
            Self::Household(h) => ("household", json!(h.to_string())),
        }
    }
}

impl Writer<'_> {
    pub fn create_household(&mut self, h: &NewHousehold) -> Result<HouseholdId> {
        let grid = h.grid.trim();
        if grid.is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvHouseholdGrid,
            )));
        }
        let id = HouseholdId(self.new_id());
        let body = Body::HouseholdCreate(HouseholdCreate {
            grid: grid.to_string(),
            compound: h.address.compound.clone(),
            building: h.address.building.clone(),
            unit: h.address.unit.clone(),
            room: h.address.room.clone(),
            household_no: h.household_no.clone(),
            note: h.note.clone(),
            via: self.via_code(),
        });
        self.append(grid, id.0, Vec::new(), body)?;
        Ok(id)
    }

    /// Writes one household field; returns false (and writes nothing) when the field already
    /// holds that value without a conflict.
    pub fn set_household(&mut self, id: HouseholdId, field: HouseholdField) -> Result<bool> {
        let scope = self.household_grid(id)?;
        let (name, value) = field.split();
        self.set_field(
            EntityKind::Household,
            &scope,
            id.0,
            name,
            value,
            Body::HouseholdSet,
        )
    }

    pub fn add_member(&mut self, household: HouseholdId, m: &NewMember) -> Result<MemberId> {
        let name = m.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvMemberName,
            )));
        }
        let scope = self.household_grid(household)?;
        let id = MemberId(self.new_id());
        let body = Body::MemberCreate(MemberCreate {
            household,
            name: name.to_string(),
            relation: m.relation,
            gender: m.gender,
            birth: m.birth,
            id_number: m.id_number.as_ref().map(|n| n.as_str().to_string()),
            phone: m.phone.as_ref().map(|p| p.as_str().to_string()),
            tags: m.tags.iter().map(|t| t.as_str().to_string()).collect(),
            note: m.note.clone(),
            via: self.via_code(),
        });
        self.append(&scope, id.0, Vec::new(), body)?;
        Ok(id)
    }

    /// The household a member belongs to.
    pub fn member_household(&self, id: MemberId) -> Result<HouseholdId> {
        let household: Option<String> = self
            .conn()
            .prepare_cached("SELECT household FROM members WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        household
            .and_then(|h| HouseholdId::parse(&h))
            .ok_or_else(|| not_found("member", id))
    }

    /// A member's note as it stands.
    pub fn member_note(&self, id: MemberId) -> Result<String> {
        self.conn()
            .prepare_cached("SELECT note FROM members WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found("member", id))
    }

    /// Writes one member field; returns false when nothing changed.
    pub fn set_member(&mut self, id: MemberId, field: MemberField) -> Result<bool> {
        let household = self.member_household(id)?;
        if let MemberField::Household(target) = &field {
            self.household_grid(*target)?;
        }
        let scope = self.household_grid(household)?;
        let (name, value) = field.split();
        self.set_field(
            EntityKind::Member,
            &scope,
            id.0,
            name,
            value,
            Body::MemberSet,
        )
    }

    pub(crate) fn set_field(
        &mut self,
        kind: EntityKind,
        scope: &str,
        entity: uuid::Uuid,
        field: &str,
        value: Value,
        wrap: fn(FieldSet) -> Body,
    ) -> Result<bool> {
        Ok(self
            .set_field_op(kind, scope, entity, field, value, wrap)?
            .is_some())
    }

    /// Writes one field with its current heads as `pred`; `None` when the field already holds
    /// that value without a conflict (nothing written).
    pub(crate) fn set_field_op(
        &mut self,
        kind: EntityKind,
        scope: &str,
        entity: uuid::Uuid,
        field: &str,
        value: Value,
        wrap: fn(FieldSet) -> Body,
    ) -> Result<Option<OpId>> {
        let entity_text = entity.to_string();
        let pred = fields::local_pred(self.conn(), kind, &entity_text, field)?;
        if !fields::value_fits(kind, field, &value) {
            return Err(StoreError::Invalid(
                crate::i18n::said::Said::new(crate::i18n::Msg::InvValue)
                    .with("value", &value)
                    .with("field", field),
            ));
        }
        if fields::current_value(self.conn(), kind, &entity_text, field)?.as_ref() == Some(&value)
            && !fields::in_conflict(self.conn(), &entity_text, field)?
        {
            return Ok(None);
        }
        let pred = pred
            .iter()
            .filter_map(|p| uuid::Uuid::parse_str(p).ok().map(OpId))
            .collect();
        let seen = if kind == EntityKind::Household && field == "archived" && value == json!(true) {
            Some(seen_clocks(self.conn())?)
        } else {
            None
        };
        let body = wrap(FieldSet {
            field: field.to_string(),
            value,
            seen,
            via: self.via_code(),
            listed: None,
        });
        self.append(scope, entity, pred, body).map(Some)
    }

    pub(crate) fn household_grid(&self, id: HouseholdId) -> Result<String> {
        self.conn()
            .prepare_cached("SELECT grid FROM households WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found("household", id))
    }
}

/// The newest clock value held from each device (each device's clock grows with its seqs, so
/// the last op of each series carries it).
fn seen_clocks(conn: &rusqlite::Connection) -> Result<std::collections::BTreeMap<String, u64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.origin, max(o.hlc) FROM
             (SELECT origin, scope, max(seq) AS seq FROM ops GROUP BY origin, scope) m
         JOIN ops o ON o.origin = m.origin AND o.scope = m.scope AND o.seq = m.seq
         GROUP BY o.origin",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn not_found(kind: &'static str, id: impl std::fmt::Display) -> StoreError {
    StoreError::NotFound {
        kind,
        id: id.to_string(),
    }
}

pub(crate) fn household_from_row(r: &Row<'_>) -> rusqlite::Result<Household> {
    let id: String = r.get("id")?;
    Ok(Household {
        id: HouseholdId::parse(&id).unwrap_or(HouseholdId(uuid::Uuid::nil())),
        grid: r.get("grid")?,
        address: Address {
            compound: r.get("compound")?,
            building: r.get("building")?,
            unit: r.get("unit")?,
            room: r.get("room")?,
        },
        note: r.get("note")?,
        archived: r.get("archived")?,
    })
}

pub(crate) fn member_from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    let id: String = r.get("id")?;
    let household: String = r.get("household")?;
    let relation: String = r.get("relation")?;
    let gender: Option<String> = r.get("gender")?;
    let birth: Option<String> = r.get("birth")?;
    let tags: String = r.get("tags")?;
    let status: String = r.get("status")?;
    Ok(Member {
        id: MemberId::parse(&id).unwrap_or(MemberId(uuid::Uuid::nil())),
        household: HouseholdId::parse(&household).unwrap_or(HouseholdId(uuid::Uuid::nil())),
        name: r.get("name")?,
        relation: Relation::from_code(&relation).unwrap_or(Relation::Other),
        gender: gender.and_then(|g| serde_json::from_value(Value::String(g)).ok()),
        birth: birth.and_then(|b| b.parse().ok()),
        id_number: r
            .get::<_, Option<String>>("id_number")?
            .map(IdNumber::from_trusted),
        phone: r
            .get::<_, Option<String>>("phone")?
            .map(Phone::from_trusted),
        tags: serde_json::from_str::<Vec<String>>(&tags)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| Tag::new(t))
            .collect(),
        note: r.get("note")?,
        status: MemberStatus::from_code(&status).unwrap_or_default(),
    })
}

/// How many of each thing the database holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub households: u64,
    pub members: u64,
    pub visits: u64,
    pub requests: u64,
    pub open_requests: u64,
    pub ops: u64,
}

impl Store {
    pub fn household(&self, id: HouseholdId) -> Result<Option<Household>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT * FROM households WHERE id = ?1")?
            .query_row([id.to_string()], household_from_row)
            .optional()?)
    }

    /// Every household, archived ones included, in walking order within each grid. Households
    /// merged into another are left out: their members, visits and requests are listed under
    /// the household they were merged into.
    pub fn households(&self) -> Result<Vec<Household>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT * FROM households WHERE merged_into IS NULL")?;
        let mut all: Vec<Household> = stmt
            .query_map([], household_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        all.sort_by_cached_key(|h| (h.grid.clone(), h.address.sort_key()));
        Ok(all)
    }

    /// The household `id` is shown as: itself, or the household it was merged into.
    pub fn survivor(&self, id: HouseholdId) -> Result<HouseholdId> {
        let merged: Option<Option<String>> = self
            .conn()
            .prepare_cached("SELECT merged_into FROM households WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        Ok(merged
            .flatten()
            .and_then(|m| HouseholdId::parse(&m))
            .unwrap_or(id))
    }

    /// Members of a household (those of households merged into it included), head first, then in the order they were added.
    pub fn members(&self, household: HouseholdId) -> Result<Vec<Member>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT * FROM members WHERE household = ?1
             ORDER BY relation <> 'head', created_hlc, id",
        )?;
        let rows = stmt
            .query_map([household.to_string()], member_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn member(&self, id: MemberId) -> Result<Option<Member>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT * FROM members WHERE id = ?1")?
            .query_row([id.to_string()], member_from_row)
            .optional()?)
    }

    pub fn counts(&self) -> Result<Counts> {
        let n = |sql: &str| -> Result<u64> {
            Ok(self.conn().query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Counts {
            households: n(
                "SELECT count(*) FROM households WHERE archived = 0 AND merged_into IS NULL",
            )?,
            members: n("SELECT count(*) FROM members WHERE status = 'present'")?,
            visits: n("SELECT count(*) FROM visits WHERE voided = 0")?,
            requests: n("SELECT count(*) FROM requests")?,
            open_requests: n(
                "SELECT count(*) FROM requests WHERE status IN ('open', 'dispatched')",
            )?,
            ops: n("SELECT count(*) FROM ops")?,
        })
    }
}
