//! The households a visit policy may say are due: one scan of the households table, reading
//! its `last_visit` and `tags` aggregates, so it stays fast at 100k households.

use chrono::{Days, NaiveDate};
use rusqlite::params;

use super::Store;
use super::error::Result;
use super::figures::{HEAD_OF_H, IN_GRIDS, grids_param, household_id, parse_day, tags_of};
use crate::domain::{Address, HouseholdId, Tag, VisitPolicy};

/// A household that may be due for a visit.
#[derive(Debug, Clone, PartialEq)]
pub struct DueCandidate {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub head: String,
    pub last_visit: Option<NaiveDate>,
    /// The tags of the members living there, sorted.
    pub tags: Vec<Tag>,
    pub open_requests: u32,
}

impl Store {
    /// Households in `grids` (empty: all), not archived or merged, that `policy` could find
    /// due on `today`: never visited, or last visited at least the shortest interval of the
    /// policy ago. Callers apply [`VisitPolicy::due`], which is the rule.
    pub fn due_candidates(
        &self,
        grids: &[String],
        policy: &VisitPolicy,
        today: NaiveDate,
    ) -> Result<Vec<DueCandidate>> {
        let shortest = policy
            .per_tag
            .values()
            .copied()
            .chain([policy.default_days])
            .min()
            .unwrap_or(1)
            .max(1);
        let cutoff = today
            .checked_sub_days(Days::new(u64::from(shortest)))
            .unwrap_or(NaiveDate::MIN);
        let sql = format!(
            "SELECT h.id, h.grid, h.compound, h.building, h.unit, h.room, h.last_visit,
                    h.open_requests, h.tags, {HEAD_OF_H}
             FROM households h
             WHERE {IN_GRIDS} AND h.archived = 0 AND h.merged_into IS NULL
               AND (h.last_visit IS NULL OR h.last_visit <= ?2)"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query(params![grids_param(grids)?, cutoff.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let last: Option<String> = r.get(6)?;
            let tags: String = r.get(8)?;
            out.push(DueCandidate {
                id: household_id(&r.get::<_, String>(0)?)?,
                grid: r.get(1)?,
                address: crate::store::address_at(r, 2)?,
                head: r.get(9)?,
                last_visit: last.as_deref().map(parse_day).transpose()?,
                tags: tags_of(&tags)?,
                open_requests: u32::try_from(r.get::<_, i64>(7)?).unwrap_or(0),
            });
        }
        Ok(out)
    }
}
