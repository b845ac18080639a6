//! The due queue: households the visit policy says to visit now, laid out as a walking route.
//!
//! Order: households are grouped by compound and building. Groups come most urgent first — by
//! their most overdue household, then by their count of overdue households, then in address
//! order — so the top of the list is where to walk first. Inside a building, households are in
//! walking order (unit, then room, numerically), so a worker goes up one stairway at a time.

use chrono::NaiveDate;

use crate::domain::{Address, HouseholdId, Tag, VisitPolicy};
use crate::store::due::DueCandidate;
use crate::store::{Store, StoreError};

/// A household due for a visit.
#[derive(Debug, Clone, PartialEq)]
pub struct DueHousehold {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub head: String,
    pub last_visit: Option<NaiveDate>,
    /// Days between visits for this household (the strictest of its members' tags).
    pub interval_days: u32,
    /// The tag that sets the interval; `None` when the default interval applies.
    pub policy_tag: Option<Tag>,
    /// When the visit fell due (today for a household never visited).
    pub due_on: NaiveDate,
    /// Days past `due_on`: 0 means due today.
    pub days_overdue: i64,
    pub open_requests: u32,
}

/// The due households of one building.
#[derive(Debug, Clone, PartialEq)]
pub struct DueGroup {
    pub compound: String,
    pub building: String,
    /// The largest `days_overdue` in the group.
    pub most_overdue: i64,
    /// In walking order.
    pub households: Vec<DueHousehold>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DueQueue {
    pub today: NaiveDate,
    pub groups: Vec<DueGroup>,
}

impl DueQueue {
    /// Every due household, in route order.
    pub fn households(&self) -> impl Iterator<Item = &DueHousehold> {
        self.groups.iter().flat_map(|g| g.households.iter())
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.households.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Households past their due date (not merely due today).
    pub fn overdue(&self) -> usize {
        self.households().filter(|h| h.days_overdue > 0).count()
    }
}

/// The due queue of the households in `grids` (empty: every grid) on `today`.
pub fn due_queue(
    store: &Store,
    policy: &VisitPolicy,
    grids: &[String],
    today: NaiveDate,
) -> Result<DueQueue, StoreError> {
    let due = store
        .due_candidates(grids, policy, today)?
        .into_iter()
        .filter_map(|c| assess(c, policy, today))
        .collect();
    Ok(DueQueue {
        today,
        groups: route(due),
    })
}

/// Applies the policy to a candidate: the household if it is due.
fn assess(c: DueCandidate, policy: &VisitPolicy, today: NaiveDate) -> Option<DueHousehold> {
    let due = policy.due(&c.tags, c.last_visit, today);
    if !due.is_due() {
        return None;
    }
    Some(DueHousehold {
        policy_tag: policy.strictest_tag(&c.tags).cloned(),
        id: c.id,
        grid: c.grid,
        address: c.address,
        head: c.head,
        last_visit: c.last_visit,
        interval_days: due.interval_days,
        due_on: due.due_on,
        days_overdue: due.days_overdue,
        open_requests: c.open_requests,
    })
}

/// Groups due households by building and orders groups and households as a route (see the
/// module documentation). On day one — nothing in the queue visited yet — households are
/// grouped by their cadence too, so the strictest (独居老人, 重病) come first, each cadence as its
/// own walking route; once visits exist, urgency and the address decide.
pub fn route(mut due: Vec<DueHousehold>) -> Vec<DueGroup> {
    let day_one = due.iter().all(|h| h.last_visit.is_none());
    let class = |h: &DueHousehold| if day_one { h.interval_days } else { 0 };
    due.sort_by_cached_key(|h| (class(h), h.address.sort_key(), h.id));
    let mut groups: Vec<(u32, DueGroup)> = Vec::new();
    for h in due {
        match groups.last_mut() {
            Some((c, g))
                if *c == class(&h)
                    && g.compound == h.address.compound
                    && g.building == h.address.building =>
            {
                g.most_overdue = g.most_overdue.max(h.days_overdue);
                g.households.push(h);
            }
            _ => groups.push((
                class(&h),
                DueGroup {
                    compound: h.address.compound.clone(),
                    building: h.address.building.clone(),
                    most_overdue: h.days_overdue,
                    households: vec![h],
                },
            )),
        }
    }
    // A stable sort keeps address order among equally urgent groups.
    groups.sort_by_key(|(c, g)| {
        let overdue = g.households.iter().filter(|h| h.days_overdue > 0).count();
        (
            std::cmp::Reverse(g.most_overdue),
            std::cmp::Reverse(overdue),
            *c,
        )
    });
    groups.into_iter().map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(compound: &str, building: &str, unit: &str, room: &str, overdue: i64) -> DueHousehold {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        DueHousehold {
            id: HouseholdId(uuid::Uuid::now_v7()),
            grid: "第一网格".into(),
            address: Address::new(compound, building, unit, room),
            head: format!("{building}-{room}"),
            last_visit: None,
            interval_days: 30,
            policy_tag: None,
            due_on: today,
            days_overdue: overdue,
            open_requests: 0,
        }
    }

    #[test]
    fn buildings_by_urgency_households_in_walking_order() {
        let groups = route(vec![
            h("幸福小区", "2", "1", "301", 3),
            h("幸福小区", "10", "1", "101", 40),
            h("幸福小区", "2", "1", "1201", 0),
            h("幸福小区", "10", "2", "102", 1),
            h("和平苑", "1", "1", "101", 3),
            h("幸福小区", "10", "1", "1101", 2),
            h("幸福小区", "2", "1", "101", 0),
        ]);
        let names: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.households.iter().map(|h| h.head.as_str()).collect())
            .collect();
        assert_eq!(
            names,
            [
                // Most overdue building first; inside it unit 1 before unit 2, rooms numerically.
                vec!["10-101", "10-1101", "10-102"],
                // Two buildings at 3 days: more overdue households first (2栋 has one, 和平苑 one;
                // equal), then address order (和平苑 sorts before 幸福小区).
                vec!["1-101"],
                vec!["2-101", "2-301", "2-1201"],
            ]
        );
        assert_eq!(groups[0].most_overdue, 40);
        assert_eq!(
            (groups[0].compound.as_str(), groups[0].building.as_str()),
            ("幸福小区", "10")
        );
    }

    #[test]
    fn more_overdue_households_break_ties() {
        let groups = route(vec![
            h("A", "1", "1", "101", 5),
            h("A", "2", "1", "101", 5),
            h("A", "2", "1", "201", 4),
        ]);
        assert_eq!(groups[0].building, "2");
        assert_eq!(groups[1].building, "1");
        assert!(route(Vec::new()).is_empty());
    }

    #[test]
    fn day_one_puts_the_strictest_cadence_first_then_the_route() {
        let strict = |mut x: DueHousehold, days: u32| {
            x.interval_days = days;
            x
        };
        let groups = route(vec![
            h("A", "1", "1", "101", 0),
            strict(h("A", "2", "1", "301", 0), 7),
            h("A", "2", "1", "101", 0),
            strict(h("A", "1", "1", "201", 0), 14),
            strict(h("A", "1", "1", "401", 0), 7),
        ]);
        let names: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.households.iter().map(|h| h.head.as_str()).collect())
            .collect();
        assert_eq!(
            names,
            [
                vec!["1-401"],
                vec!["2-301"],
                vec!["1-201"],
                vec!["1-101"],
                vec!["2-101"]
            ]
        );
        // Once anyone was visited, households walk with their building again, whatever their
        // cadence, and a never-visited one walks with its neighbours.
        let seen = |mut x: DueHousehold| {
            x.last_visit = Some(x.due_on - chrono::Days::new(30));
            x
        };
        let groups = route(vec![
            seen(strict(h("A", "1", "1", "201", 0), 7)),
            h("A", "1", "1", "101", 0),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].households[0].head, "1-101");
    }
}
