//! Period figures: what the office asks for each month. Every figure is defined on its field;
//! [`compute`] is a pure function of the store's facts, [`figures`] reads them and calls it.
//!
//! Three populations, so each figure answers one plain question:
//! - **households**: those in scope present at the period end (created before it, not archived
//!   or merged before it);
//! - **visits**: visits that count (not voided) dated inside the period;
//! - **requests**: the period's cohort, the requests *opened* inside the period, followed to
//!   the period end. Only `overdue_requests` looks at every request (a snapshot at the end).
//!
//! A rate with nothing to divide by is `None` (JSON `null`), never NaN or 0.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::asof::standing;
use super::stats::median;
use super::{Period, ReportError};
use crate::domain::request::{is_overdue, rate};
use crate::domain::{Category, HouseholdId, Tag, VisitMode, VisitPolicy};
use crate::store::Store;
use crate::store::figures::{HouseholdFacts, RequestFacts, VisitFact};

/// Figures for one period. Serialises to exactly the `report --format json` fields of the
/// design (DESIGN.md §5); the series for charts are not serialised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Households in scope present at the period end.
    pub households_assigned: u64,
    /// Of `households_assigned`, those with at least one visit in the period.
    pub households_visited: u64,
    /// `households_visited / households_assigned`; `None` with no households.
    pub coverage: Option<f64>,
    /// Visits in the period (to any household in scope, archived ones included).
    pub visits: u64,
    pub visits_by_mode: VisitsByMode,
    /// Requests opened in the period (the cohort).
    pub requests_opened: u64,
    /// Of the cohort, those resolved (办结: resolved, fed back or evaluated) at the period end.
    /// A request reopened and not resolved again by then is not resolved.
    pub requests_resolved: u64,
    /// 办结率 = `requests_resolved / requests_opened`; `None` when nothing was opened.
    pub resolution_rate: Option<f64>,
    /// Median, over the `requests_resolved`, of the calendar days from the day a request was
    /// opened to the day of its latest resolution (0 = the same day; the mean of the two
    /// middle values for an even count); `None` when nothing was resolved.
    pub median_days_to_resolve: Option<f64>,
    /// Of the cohort requests rated by the period end (the latest rating of each, whatever the
    /// round), the share rated 满意 or 基本满意; `None` when none was rated.
    pub satisfaction_rate: Option<f64>,
    /// Cohort requests of the category 矛盾纠纷.
    pub disputes: u64,
    /// Of `disputes`, those resolved at the period end with the outcome mediated (化解).
    pub disputes_mediated: u64,
    /// Every request in scope, whenever opened, not resolved at the period end and past its
    /// due date on the last day of the period (due that day is not yet overdue).
    pub overdue_requests: u64,
    pub by_worker: Vec<WorkerFigures>,
    pub by_tag: Vec<TagFigures>,
    /// Cohort requests that were rated, and of them rated 满意 or 基本满意.
    #[serde(skip)]
    pub requests_rated: u64,
    #[serde(skip)]
    pub requests_rated_positive: u64,
    /// Visits per calendar week (Monday first) overlapping the period; the first and last
    /// weeks count only the days inside the period.
    #[serde(skip)]
    pub visits_per_week: Vec<WeekCount>,
    /// Cohort requests per category, in [`Category::ALL`] order, zeros included.
    #[serde(skip)]
    pub requests_by_category: Vec<(Category, u64)>,
}

/// Visits in the period by mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VisitsByMode {
    pub in_person: u64,
    pub phone: u64,
    pub wechat: u64,
    pub other: u64,
}

impl VisitsByMode {
    pub fn get(&self, mode: VisitMode) -> u64 {
        match mode {
            VisitMode::InPerson => self.in_person,
            VisitMode::Phone => self.phone,
            VisitMode::Wechat => self.wechat,
            VisitMode::Other => self.other,
        }
    }

    fn add(&mut self, mode: VisitMode) {
        let slot = match mode {
            VisitMode::InPerson => &mut self.in_person,
            VisitMode::Phone => &mut self.phone,
            VisitMode::Wechat => &mut self.wechat,
            VisitMode::Other => &mut self.other,
        };
        *slot += 1;
    }
}

/// One person's work in the period: the visits they made (as visitor) and the requests they
/// recorded (as author of the opening). Ordered by visits, then requests, then name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkerFigures {
    pub worker: String,
    pub visits: u64,
    /// Distinct households (in scope) they visited in the period.
    pub households_visited: u64,
    /// Cohort requests they recorded.
    pub requests_opened: u64,
}

/// How households with one tag are looked after. Every tag in the policy is listed, and every
/// other tag a member of an assigned household carries; ordered by interval, then tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagFigures {
    pub tag: String,
    /// The tag's own interval in the policy (the default interval for a tag not listed).
    pub interval_days: u32,
    /// Assigned households with a member living there who carries the tag.
    pub households: u64,
    /// Of those, visited in the period.
    pub households_visited: u64,
    /// Of those, whose last visit on or before the period end is at most `interval_days`
    /// before it (a household never visited is not within).
    pub within_policy: u64,
    /// `within_policy / households`; `None` with no households.
    pub policy_coverage: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekCount {
    /// The Monday of the week.
    pub week_start: NaiveDate,
    pub visits: u64,
}

/// What figures are computed from, as the store returns it for one period and scope.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub households: Vec<HouseholdFacts>,
    pub visits: Vec<VisitFact>,
    pub last_visits: HashMap<HouseholdId, NaiveDate>,
    pub requests: Vec<RequestFacts>,
}

impl Facts {
    /// Reads the facts for `period` and `grids` (empty: every grid).
    pub fn read(store: &Store, period: Period, grids: &[String]) -> Result<Self, ReportError> {
        Ok(Self {
            households: store.households_present(grids, period.end())?,
            visits: store.visits_between(grids, period.from(), period.to())?,
            last_visits: store.last_visits_until(grids, period.to())?,
            requests: store.request_facts(grids, period.end())?,
        })
    }
}

/// The figures for `period` over the households of `grids` (empty: every grid).
pub fn figures(
    store: &Store,
    period: Period,
    grids: &[String],
    policy: &VisitPolicy,
) -> Result<Figures, ReportError> {
    Ok(compute(&Facts::read(store, period, grids)?, period, policy))
}

#[derive(Default)]
struct WorkerAcc {
    visits: u64,
    households: HashSet<HouseholdId>,
    requests_opened: u64,
}

/// The figures from `facts`, which must have been read for `period` (see [`Facts::read`]).
pub fn compute(facts: &Facts, period: Period, policy: &VisitPolicy) -> Figures {
    let assigned: HashSet<HouseholdId> = facts.households.iter().map(|h| h.id).collect();
    let mut visited: HashSet<HouseholdId> = HashSet::new();
    let mut by_mode = VisitsByMode::default();
    let mut workers: BTreeMap<&str, WorkerAcc> = BTreeMap::new();
    let mut visits = 0;
    for v in facts.visits.iter().filter(|v| period.contains(v.day)) {
        visits += 1;
        by_mode.add(v.mode);
        if assigned.contains(&v.household) {
            visited.insert(v.household);
        }
        let w = workers.entry(v.visitor.as_str()).or_default();
        w.visits += 1;
        w.households.insert(v.household);
    }

    let mut r = RequestTally::default();
    for req in &facts.requests {
        r.add(req, period, &mut workers);
    }

    let mut by_worker: Vec<WorkerFigures> = workers
        .into_iter()
        .map(|(name, w)| WorkerFigures {
            worker: name.to_string(),
            visits: w.visits,
            households_visited: w.households.len() as u64,
            requests_opened: w.requests_opened,
        })
        .collect();
    by_worker.sort_by(|a, b| {
        (b.visits, b.requests_opened)
            .cmp(&(a.visits, a.requests_opened))
            .then_with(|| a.worker.cmp(&b.worker))
    });

    let households_assigned = assigned.len() as u64;
    let households_visited = visited.len() as u64;
    Figures {
        from: period.from(),
        to: period.to(),
        households_assigned,
        households_visited,
        coverage: rate(households_visited, households_assigned),
        visits,
        visits_by_mode: by_mode,
        requests_opened: r.opened,
        requests_resolved: r.resolved,
        resolution_rate: rate(r.resolved, r.opened),
        median_days_to_resolve: median(&mut r.days_to_resolve),
        satisfaction_rate: rate(r.rated_positive, r.rated),
        disputes: r.disputes,
        disputes_mediated: r.mediated,
        overdue_requests: r.overdue,
        by_worker,
        by_tag: by_tag(facts, period, policy, &visited),
        requests_rated: r.rated,
        requests_rated_positive: r.rated_positive,
        visits_per_week: weeks(facts, period),
        requests_by_category: Category::ALL
            .iter()
            .map(|c| (*c, r.by_category.get(c).copied().unwrap_or(0)))
            .collect(),
    }
}

#[derive(Default)]
struct RequestTally {
    opened: u64,
    resolved: u64,
    days_to_resolve: Vec<i64>,
    rated: u64,
    rated_positive: u64,
    disputes: u64,
    mediated: u64,
    overdue: u64,
    by_category: HashMap<Category, u64>,
}

impl RequestTally {
    fn add<'a>(
        &mut self,
        req: &'a RequestFacts,
        period: Period,
        workers: &mut BTreeMap<&'a str, WorkerAcc>,
    ) {
        let end = period.end();
        let events: Vec<_> = req.events.iter().copied().filter(|e| e.at < end).collect();
        let Some(now) = standing(&events) else {
            return;
        };
        if is_overdue(now.status, req.due, period.to()) {
            self.overdue += 1;
        }
        let opened = req.opened_at.date();
        if !period.contains(opened) {
            return;
        }
        self.opened += 1;
        *self.by_category.entry(req.category).or_default() += 1;
        if !req.opened_by.is_empty() {
            workers
                .entry(req.opened_by.as_str())
                .or_default()
                .requests_opened += 1;
        }
        let dispute = req.category == Category::Dispute;
        self.disputes += u64::from(dispute);
        if let Some(resolved_at) = now.resolved_at {
            self.resolved += 1;
            self.days_to_resolve
                .push((resolved_at.date() - opened).num_days());
            self.mediated += u64::from(dispute && now.mediated == Some(true));
        }
        if let Some(rating) = now.rating {
            self.rated += 1;
            self.rated_positive += u64::from(rating.is_positive());
        }
    }
}

fn by_tag(
    facts: &Facts,
    period: Period,
    policy: &VisitPolicy,
    visited: &HashSet<HouseholdId>,
) -> Vec<TagFigures> {
    let interval = |tag: &str| {
        policy
            .per_tag
            .get(tag)
            .copied()
            .unwrap_or(policy.default_days)
            .max(1)
    };
    let mut tags: BTreeMap<String, TagFigures> = BTreeMap::new();
    let names = policy.per_tag.keys().map(String::as_str).chain(
        facts
            .households
            .iter()
            .flat_map(|h| h.tags.iter().map(Tag::as_str)),
    );
    for tag in names {
        if !tags.contains_key(tag) {
            let figures = TagFigures {
                tag: tag.to_string(),
                interval_days: interval(tag),
                households: 0,
                households_visited: 0,
                within_policy: 0,
                policy_coverage: None,
            };
            tags.insert(tag.to_string(), figures);
        }
    }
    for h in &facts.households {
        let last = facts.last_visits.get(&h.id).filter(|d| **d <= period.to());
        for tag in h.tags.iter().map(Tag::as_str) {
            let Some(t) = tags.get_mut(tag) else {
                continue;
            };
            t.households += 1;
            t.households_visited += u64::from(visited.contains(&h.id));
            let within =
                last.is_some_and(|d| (period.to() - *d).num_days() <= i64::from(t.interval_days));
            t.within_policy += u64::from(within);
        }
    }
    let mut out: Vec<TagFigures> = tags
        .into_values()
        .map(|mut t| {
            t.policy_coverage = rate(t.within_policy, t.households);
            t
        })
        .collect();
    out.sort_by(|a, b| (a.interval_days, &a.tag).cmp(&(b.interval_days, &b.tag)));
    out
}

fn weeks(facts: &Facts, period: Period) -> Vec<WeekCount> {
    let monday = |d: NaiveDate| {
        d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
            .unwrap_or(d)
    };
    let mut out = Vec::new();
    let mut week = monday(period.from());
    while week <= period.to() {
        out.push(WeekCount {
            week_start: week,
            visits: 0,
        });
        match week.checked_add_days(Days::new(7)) {
            Some(next) => week = next,
            None => break,
        }
    }
    let first = monday(period.from());
    for v in facts.visits.iter().filter(|v| period.contains(v.day)) {
        let index = (v.day - first).num_days() / 7;
        if let Some(w) = usize::try_from(index).ok().and_then(|i| out.get_mut(i)) {
            w.visits += 1;
        }
    }
    out
}
