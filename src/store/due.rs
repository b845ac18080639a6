//! The households a visit policy says are due: one query over the `households.last_visit`
//! aggregate and the members' tags (`member_tags`), so it stays fast at 100k households.

use chrono::NaiveDate;
use rusqlite::params;

use super::Store;
use super::error::Result;
use super::figures::{HEAD_OF_H, IN_GRIDS, grids_param, household_id, parse_day};
use crate::domain::{Address, HouseholdId, Tag, VisitPolicy};

/// A household that may be due for a visit.
#[derive(Debug, Clone, PartialEq)]
pub struct DueCandidate {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub head: String,
    pub last_visit: Option<NaiveDate>,
    /// The tags of members living there that the policy lists (the only ones that set the
    /// interval), sorted.
    pub policy_tags: Vec<Tag>,
    pub open_requests: u32,
}

impl Store {
    /// Households in `grids` (empty: all), not archived or merged, whose interval under `policy`
    /// has run out by `today` (never visited: due). The interval is worked out in SQL only to
    /// select; callers apply [`VisitPolicy::due`] to what comes back, which is the rule.
    pub fn due_candidates(
        &self,
        grids: &[String],
        policy: &VisitPolicy,
        today: NaiveDate,
    ) -> Result<Vec<DueCandidate>> {
        let sql = format!(
            "WITH p AS (SELECT key AS tag, value AS days FROM json_each(?2)),
             hi AS (SELECT m.household AS household, min(p.days) AS days,
                           json_group_array(t.tag) AS tags
                    FROM p JOIN member_tags t ON t.tag = p.tag
                    JOIN members m ON m.id = t.member
                    WHERE m.status = 'present' GROUP BY m.household)
             SELECT h.id, h.grid, h.compound, h.building, h.unit, h.room, h.last_visit,
                    h.open_requests, hi.tags, coalesce({HEAD_OF_H}, '')
             FROM households h LEFT JOIN hi ON hi.household = h.id
             WHERE {IN_GRIDS} AND h.archived = 0 AND h.merged_into IS NULL
               AND (h.last_visit IS NULL
                    OR julianday(?3) - julianday(h.last_visit)
                       >= max(coalesce(hi.days, ?4), 1))"
        );
        let per_tag = serde_json::to_string(&policy.per_tag)?;
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                grids_param(grids)?,
                per_tag,
                today.to_string(),
                policy.default_days
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    Address {
                        compound: r.get(2)?,
                        building: r.get(3)?,
                        unit: r.get(4)?,
                        room: r.get(5)?,
                    },
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (id, grid, address, last, open, tags, head) = row?;
            let mut policy_tags: Vec<Tag> = match tags {
                Some(json) => serde_json::from_str::<Vec<String>>(&json)?
                    .iter()
                    .filter_map(|t| Tag::new(t))
                    .collect(),
                None => Vec::new(),
            };
            policy_tags.sort();
            policy_tags.dedup();
            out.push(DueCandidate {
                id: household_id(&id)?,
                grid,
                address,
                head,
                last_visit: last.as_deref().map(parse_day).transpose()?,
                policy_tags,
                open_requests: u32::try_from(open).unwrap_or(0),
            });
        }
        Ok(out)
    }
}
