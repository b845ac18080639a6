//! Flagged cases for the review list: an archive racing an edit from a device that had not seen
//! it, concurrent amendments of one visit version, and devices whose clocks are off.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rusqlite::params;

use super::Store;
use super::error::Result;
use super::import::device_label;
use super::review::{Dismissal, op_id, uuid};
use crate::domain::{HouseholdId, OpId, VisitId};

/// A version of a visit that no other version corrects.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitHead {
    pub op: OpId,
    pub author: String,
    pub reason: String,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    /// A household was archived while another device (that had not seen the archive) changed
    /// it, its members, visits or requests. Both apply; someone should look.
    ArchivedWhileEdited {
        household: HouseholdId,
        archive_op: OpId,
        archived_by: String,
        edits: u64,
        editors: Vec<String>,
    },
    /// Two amendments correct the same version of a visit; the newest is shown.
    ConcurrentAmendments {
        visit: VisitId,
        household: HouseholdId,
        heads: Vec<VisitHead>,
    },
    /// Changes from a device stamped before 2020 or more than a day ahead of this clock.
    SuspectClock {
        device: String,
        label: String,
        ops: u64,
        latest: NaiveDateTime,
    },
}

impl Flag {
    /// The key under which a dismissed flag is remembered.
    pub fn key(&self) -> String {
        match self {
            Self::ArchivedWhileEdited {
                archive_op, edits, ..
            } => format!("archive|{archive_op}|{edits}"),
            Self::ConcurrentAmendments { visit, heads, .. } => {
                let ids: Vec<String> = heads.iter().map(|h| h.op.to_string()).collect();
                format!("fork|{visit}|{}", ids.join(","))
            }
            Self::SuspectClock { device, ops, .. } => format!("clock|{device}|{ops}"),
        }
    }
}

impl Store {
    /// Flagged cases: archives racing edits, concurrent amendments, suspect clocks.
    pub fn flags(&self) -> Result<Vec<Flag>> {
        let mut out = self.archive_flags()?;
        out.extend(self.fork_flags()?);
        let rows: Vec<(String, i64, i64)> = self
            .conn()
            .prepare(
                "SELECT origin, count(*), max(hlc) FROM ops WHERE flags & 1 = 1
                 GROUP BY origin ORDER BY origin",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (device, ops, latest) in rows {
            out.push(Flag::SuspectClock {
                label: device_label(self.conn(), &device)?,
                device,
                ops: ops as u64,
                latest: self.local_from_hlc(latest as u64),
            });
        }
        let dismissed = self.dismissed(Dismissal::Flag)?;
        out.retain(|f| !dismissed.contains(&f.key()));
        Ok(out)
    }

    fn archive_flags(&self) -> Result<Vec<Flag>> {
        let archived: Vec<(String, String, String, i64, Vec<u8>)> = self
            .conn()
            .prepare(
                "SELECT h.id, f.op_id, f.origin, f.hlc, o.raw FROM households h
                 JOIN field_heads f ON f.entity = h.id AND f.field = 'archived'
                 JOIN ops o ON o.op_id = f.op_id
                 WHERE h.archived = 1 AND h.merged_into IS NULL AND f.value = 'true'
                 ORDER BY h.id, f.hlc DESC, f.origin DESC",
            )?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        let mut last = None;
        for (household, op, origin, hlc, raw) in archived {
            if last.as_ref() == Some(&household) {
                continue;
            }
            last = Some(household.clone());
            let archive = crate::oplog::op::Op::from_raw(raw)?;
            let seen: Option<BTreeMap<String, u64>> = match &archive.body {
                Some(crate::oplog::op::Body::HouseholdSet(set)) => set.seen.clone(),
                _ => None,
            };
            let mut stmt = self.conn().prepare_cached(
                "SELECT o.origin, o.hlc, o.raw FROM ops o
                 LEFT JOIN field_writes w ON w.op_id = o.op_id
                 WHERE o.state = 0 AND o.origin <> ?2
                   AND (w.field IS NULL OR w.field NOT IN ('archived', 'merged_into'))
                   AND o.entity IN (SELECT ?1 UNION SELECT id FROM members WHERE household = ?1
                                    UNION SELECT id FROM visits WHERE household = ?1
                                    UNION SELECT id FROM requests WHERE household = ?1)",
            )?;
            let edits: Vec<(String, i64, Vec<u8>)> = stmt
                .query_map(params![household, origin], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let unseen: Vec<&(String, i64, Vec<u8>)> = edits
                .iter()
                .filter(|(o, h, _)| match &seen {
                    Some(map) => *h as u64 > map.get(o).copied().unwrap_or(0),
                    None => *h > hlc,
                })
                .collect();
            if unseen.is_empty() {
                continue;
            }
            let mut editors = Vec::with_capacity(unseen.len());
            for (_, _, raw) in &unseen {
                editors.push(crate::oplog::op::Op::from_raw(raw.clone())?.env.author);
            }
            editors.sort();
            editors.dedup();
            out.push(Flag::ArchivedWhileEdited {
                household: HouseholdId(uuid(&household)?),
                archive_op: op_id(&op)?,
                archived_by: archive.env.author,
                edits: unseen.len() as u64,
                editors,
            });
        }
        Ok(out)
    }

    fn fork_flags(&self) -> Result<Vec<Flag>> {
        let forks: Vec<(String, String)> = self
            .conn()
            .prepare("SELECT id, household FROM visits WHERE forked = 1 ORDER BY at, id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (visit, household) in forks {
            let heads = self
                .visit_heads(VisitId(uuid(&visit)?))?
                .into_iter()
                .map(|(op, author, reason, hlc)| VisitHead {
                    op,
                    author,
                    reason,
                    at: self.local_from_hlc(hlc),
                })
                .collect();
            out.push(Flag::ConcurrentAmendments {
                visit: VisitId(uuid(&visit)?),
                household: HouseholdId(uuid(&household)?),
                heads,
            });
        }
        Ok(out)
    }

    /// The versions of a visit no other version corrects: (op, author, reason, hlc), newest
    /// first.
    pub(crate) fn visit_heads(&self, visit: VisitId) -> Result<Vec<(OpId, String, String, u64)>> {
        let rows: Vec<(String, String, String, i64)> = self
            .conn()
            .prepare_cached(
                "SELECT v.op_id, v.author, v.reason, v.hlc FROM visit_versions v
                 WHERE v.visit = ?1
                   AND NOT EXISTS (SELECT 1 FROM op_pred p JOIN visit_versions w ON w.op_id = p.op_id
                                   WHERE p.pred_id = v.op_id AND w.visit = ?1)
                 ORDER BY v.hlc DESC, v.origin DESC, v.op_id DESC",
            )?
            .query_map([visit.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(op, author, reason, hlc)| Ok((op_id(&op)?, author, reason, hlc as u64)))
            .collect()
    }
}
