//! Visits: recorded once, corrected only by amendments that name the version they correct.

use rusqlite::{OptionalExtension, params};

use super::apply::visit_in_op;
use super::error::{Result, StoreError};
use super::{Store, Writer};
use crate::domain::{HouseholdId, OpId, Visit, VisitId};
use crate::oplog::op::{Body, Via, VisitAmend, VisitVoid};

/// A visit as shown: its current version and how it got there.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRecord {
    pub visit: Visit,
    pub first_version: OpId,
    pub current_version: OpId,
    pub versions: u32,
    /// Two amendments correct the same version: shown for review.
    pub forked: bool,
    pub voided: bool,
}

/// One version of a visit: the original or an amendment.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitVersion {
    pub op: OpId,
    pub corrects: Option<OpId>,
    pub reason: String,
    pub author: String,
    pub hlc: u64,
    pub visit: Visit,
}

impl Writer<'_> {
    /// Records a finished visit. Its id must be new; the visit is checked against today. The
    /// household-record changes written after it in the transaction are marked as the visit's.
    pub fn record_visit(&mut self, v: &Visit) -> Result<OpId> {
        v.validate(self.now())?;
        self.mark(Via::Visit);
        let scope = self.household_grid(v.household)?;
        self.append(&scope, v.id.0, Vec::new(), Body::VisitRecord(v.clone()))
    }

    /// Corrects a visit: `corrects` is the version being corrected (normally the current one).
    pub fn amend_visit(&mut self, corrects: OpId, reason: &str, v: &Visit) -> Result<OpId> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvAmendReason,
            )));
        }
        v.validate(self.now())?;
        self.mark(Via::Visit);
        self.check_version(v.id, corrects)?;
        let scope = self.household_grid(v.household)?;
        let body = Body::VisitAmend(VisitAmend {
            corrects,
            reason: reason.trim().to_string(),
            visit: v.clone(),
        });
        self.append(&scope, v.id.0, vec![corrects], body)
    }

    /// Marks a visit as entered by mistake. It stays in the history.
    pub fn void_visit(&mut self, visit: VisitId, corrects: OpId, reason: &str) -> Result<OpId> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvVoidReason,
            )));
        }
        let household = self.check_version(visit, corrects)?;
        let scope = self.household_grid(household)?;
        let body = Body::VisitVoid(VisitVoid {
            corrects,
            reason: reason.trim().to_string(),
        });
        self.append(&scope, visit.0, vec![corrects], body)
    }

    fn check_version(&self, visit: VisitId, version: OpId) -> Result<HouseholdId> {
        let household: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT v.household FROM visits v JOIN visit_versions x ON x.visit = v.id
                 WHERE v.id = ?1 AND x.op_id = ?2",
            )?
            .query_row(params![visit.to_string(), version.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        household
            .and_then(|h| HouseholdId::parse(&h))
            .ok_or_else(|| StoreError::NotFound {
                kind: "visit version",
                id: version.to_string(),
            })
    }
}

fn op_id(s: &str) -> Result<OpId> {
    OpId::parse(s).ok_or_else(|| StoreError::Corrupt(format!("op id {s:?}")))
}

impl Store {
    /// The visits of a household, newest first, voided ones included.
    pub fn visits(&self, household: HouseholdId) -> Result<Vec<VisitRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.raw, v.first_version, v.current_version, v.versions, v.forked, v.voided
             FROM visits v JOIN ops o ON o.op_id = v.current_version
             WHERE v.household = ?1 ORDER BY v.at DESC, v.id DESC",
        )?;
        let rows = stmt.query_map([household.to_string()], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (content, first, current, versions, forked, voided) = row?;
            out.push(VisitRecord {
                visit: visit_in_op(&content)?,
                first_version: op_id(&first)?,
                current_version: op_id(&current)?,
                versions: versions as u32,
                forked,
                voided,
            });
        }
        Ok(out)
    }

    /// Every version of a visit, oldest first.
    pub fn visit_versions(&self, visit: VisitId) -> Result<Vec<VisitVersion>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.op_id, v.corrects, v.reason, v.author, v.hlc, o.raw
             FROM visit_versions v JOIN ops o ON o.op_id = v.op_id
             WHERE v.visit = ?1 ORDER BY v.hlc, v.origin, v.op_id",
        )?;
        let rows = stmt.query_map([visit.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Vec<u8>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (op, corrects, reason, author, hlc, content) = row?;
            out.push(VisitVersion {
                op: op_id(&op)?,
                corrects: corrects.as_deref().map(op_id).transpose()?,
                reason,
                author,
                hlc: hlc as u64,
                visit: visit_in_op(&content)?,
            });
        }
        Ok(out)
    }
}
