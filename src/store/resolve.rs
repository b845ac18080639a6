//! The writes that settle review items: resolving a conflict (one op whose `pred` names every
//! head), merging duplicate households (a redirect), and closing a fork of a visit (an
//! amendment that names every head).

use serde_json::Value;
use uuid::Uuid;

use super::error::{Result, StoreError};
use super::fields::{self, EntityKind};
use super::visits::VisitVersion;
use super::{Store, Writer};
use crate::domain::{HouseholdId, OpId, VisitId};
use crate::oplog::op::{Body, HouseholdMerge, Via, VisitAmend};

impl Writer<'_> {
    /// Resolves a conflict on `field` of `entity` (a household, member or request) with
    /// `value` — one of the heads' values or a new one. The op names every head in its `pred`,
    /// so the conflict closes wherever it arrives.
    pub fn resolve_conflict(&mut self, entity: Uuid, field: &str, value: Value) -> Result<OpId> {
        let id = entity.to_string();
        let (kind, household) = self.kind_of(&id)?;
        if !fields::in_conflict(self.conn(), &id, field)? {
            return Err(StoreError::Invalid(
                crate::i18n::said::Said::new(crate::i18n::Msg::InvNotInConflict)
                    .with("field", field)
                    .with("id", &id),
            ));
        }
        let scope = self.household_grid(household)?;
        let wrap = match kind {
            EntityKind::Household => Body::HouseholdSet,
            EntityKind::Member => Body::MemberSet,
            EntityKind::Request => Body::RequestSet,
        };
        self.marked(Via::Review, |w| {
            w.set_field_op(kind, &scope, entity, field, value, wrap)
        })?
        .ok_or_else(|| {
            StoreError::Invalid(
                crate::i18n::said::Said::new(crate::i18n::Msg::InvNotInConflict)
                    .with("field", field)
                    .with("id", &id),
            )
        })
    }

    /// Merges `duplicate` into `into`: the duplicate disappears from household lists and its
    /// members, visits and requests are listed under `into`.
    pub fn merge_households(&mut self, duplicate: HouseholdId, into: HouseholdId) -> Result<OpId> {
        if duplicate == into {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvMergeSelf,
            )));
        }
        let scope = self.household_grid(duplicate)?;
        self.household_grid(into)?;
        let target = super::redirect::survivor(self.conn(), &into.to_string())?;
        if target == duplicate.to_string() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvMergedAlready,
            )));
        }
        let pred = fields::local_pred(
            self.conn(),
            EntityKind::Household,
            &duplicate.to_string(),
            "merged_into",
        )?
        .iter()
        .filter_map(|p| OpId::parse(p))
        .collect();
        self.append(
            &scope,
            duplicate.0,
            pred,
            Body::HouseholdMerge(HouseholdMerge { into }),
        )
    }

    /// Closes a fork of a visit (two amendments of one version) by keeping the content of
    /// `keep`, one of its current versions: a new amendment that names every current version.
    pub fn resolve_visit_fork(&mut self, visit: VisitId, keep: OpId, reason: &str) -> Result<OpId> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvKeepReason,
            )));
        }
        let heads = self.visit_heads_in_tx(visit)?;
        if !heads.contains(&keep) {
            return Err(StoreError::NotFound {
                kind: "current visit version",
                id: keep.to_string(),
            });
        }
        let raw: Vec<u8> = self
            .conn()
            .prepare_cached("SELECT raw FROM ops WHERE op_id = ?1")?
            .query_row([keep.to_string()], |r| r.get(0))?;
        let content = super::apply::visit_in_op(&raw)?;
        let scope = self.household_grid(content.household)?;
        let body = Body::VisitAmend(VisitAmend {
            corrects: keep,
            reason: reason.trim().to_string(),
            visit: content,
        });
        self.append(&scope, visit.0, heads, body)
    }

    fn visit_heads_in_tx(&self, visit: VisitId) -> Result<Vec<OpId>> {
        let rows: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT v.op_id FROM visit_versions v WHERE v.visit = ?1
                   AND NOT EXISTS (SELECT 1 FROM op_pred p JOIN visit_versions w ON w.op_id = p.op_id
                                   WHERE p.pred_id = v.op_id AND w.visit = ?1)
                 ORDER BY v.op_id",
            )?
            .query_map([visit.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.iter().filter_map(|r| OpId::parse(r)).collect())
    }

    fn kind_of(&self, entity: &str) -> Result<(EntityKind, HouseholdId)> {
        for (kind, sql) in [
            (
                EntityKind::Household,
                "SELECT id FROM households WHERE id = ?1",
            ),
            (EntityKind::Member, "SELECT home FROM members WHERE id = ?1"),
            (
                EntityKind::Request,
                "SELECT home FROM requests WHERE id = ?1",
            ),
        ] {
            let home: Option<String> = rusqlite::OptionalExtension::optional(
                self.conn()
                    .prepare_cached(sql)?
                    .query_row([entity], |r| r.get(0)),
            )?;
            if let Some(h) = home.and_then(|h| HouseholdId::parse(&h)) {
                return Ok((kind, h));
            }
        }
        Err(StoreError::NotFound {
            kind: "household, member or request",
            id: entity.to_string(),
        })
    }
}

impl Store {
    /// The current versions of a visit (two or more while a fork is open), newest first.
    pub fn visit_current_versions(&self, visit: VisitId) -> Result<Vec<VisitVersion>> {
        let heads: Vec<OpId> = self.visit_heads(visit)?.into_iter().map(|h| h.0).collect();
        Ok(self
            .visit_versions(visit)?
            .into_iter()
            .filter(|v| heads.contains(&v.op))
            .collect())
    }
}
