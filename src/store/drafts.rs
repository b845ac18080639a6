//! Visit drafts: the form as it stands, saved on every change and deleted in the same
//! transaction that records the visit. Local only: drafts are not ops and are never synced.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::error::Result;
use super::{Store, Writer, dt, parse_dt};
use crate::domain::HouseholdId;

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub household: HouseholdId,
    /// The form's content (the interface's own JSON).
    pub content: String,
    pub updated_at: NaiveDateTime,
}

impl Store {
    /// Saves (replaces) the draft of a household's visit form. Works even when writes of ops
    /// are blocked, so nothing typed is ever lost.
    pub fn save_draft(
        &self,
        household: HouseholdId,
        visit: uuid::Uuid,
        content: &str,
    ) -> Result<()> {
        let now = self.clock().now_local();
        self.conn()
            .prepare_cached(
                "INSERT INTO drafts (household, visit, content, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (household) DO UPDATE
                 SET visit = excluded.visit, content = excluded.content, updated_at = excluded.updated_at",
            )?
            .execute(params![household.to_string(), visit.to_string(), content, dt(now)])?;
        Ok(())
    }

    pub fn draft(&self, household: HouseholdId) -> Result<Option<Draft>> {
        let row: Option<(String, String)> = self
            .conn()
            .prepare_cached("SELECT content, updated_at FROM drafts WHERE household = ?1")?
            .query_row([household.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(content, at)| {
            Ok(Draft {
                household,
                content,
                updated_at: parse_dt(&at)?,
            })
        })
        .transpose()
    }

    /// Every draft, most recent first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT household, content, updated_at FROM drafts ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (household, content, at) = row?;
            if let Some(household) = HouseholdId::parse(&household) {
                out.push(Draft {
                    household,
                    content,
                    updated_at: parse_dt(&at)?,
                });
            }
        }
        Ok(out)
    }

    /// Throws a draft away (the worker chose to discard the form).
    pub fn delete_draft(&self, household: HouseholdId) -> Result<()> {
        self.conn()
            .prepare_cached("DELETE FROM drafts WHERE household = ?1")?
            .execute([household.to_string()])?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Deletes a draft inside the transaction that records its visit: both happen or neither.
    pub fn delete_draft(&mut self, household: HouseholdId) -> Result<()> {
        self.conn()
            .prepare_cached("DELETE FROM drafts WHERE household = ?1")?
            .execute([household.to_string()])?;
        Ok(())
    }
}
