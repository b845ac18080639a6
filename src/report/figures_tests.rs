//! Figures computed from hand-made facts: the definitions and their empty cases.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use uuid::Uuid;

use super::Period;
use super::figures::{Facts, compute};
use crate::domain::{
    Address, Category, HouseholdId, Rating, RequestId, Status, Tag, Tier, VisitMode, VisitPolicy,
};
use crate::store::figures::{EventFact, HouseholdFacts, RequestFacts, VisitFact};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn t(m: u32, day: u32) -> NaiveDateTime {
    d(m, day).and_hms_opt(10, 0, 0).unwrap()
}

fn hid(n: u128) -> HouseholdId {
    HouseholdId(Uuid::from_u128(n))
}

fn household(n: u128, tags: &[&str]) -> HouseholdFacts {
    HouseholdFacts {
        id: hid(n),
        grid: "第一网格".into(),
        address: Address::new("幸福小区", "1", "1", &format!("{n}01")),
        head: format!("户主{n}"),
        members: 2,
        tags: tags.iter().filter_map(|s| Tag::new(s)).collect(),
        open_requests: 0,
    }
}

fn visit(n: u128, day: NaiveDate, mode: VisitMode, by: &str) -> VisitFact {
    VisitFact {
        household: hid(n),
        day,
        mode,
        visitor: by.into(),
    }
}

fn ev(to: Status, round: u32, at: NaiveDateTime) -> EventFact {
    EventFact {
        to,
        round,
        at,
        mediated: None,
        rating: None,
    }
}

fn request(
    n: u128,
    category: Category,
    opened: NaiveDateTime,
    due: Option<NaiveDate>,
) -> RequestFacts {
    RequestFacts {
        id: RequestId(Uuid::from_u128(1000 + n)),
        household: hid(n),
        category,
        tier: Tier::TimeLimited,
        opened_at: opened,
        due,
        opened_by: "王芳".into(),
        events: vec![ev(Status::Open, 1, opened)],
    }
}

fn november() -> Period {
    Period::new(d(11, 1), d(11, 30)).unwrap()
}

#[test]
fn nothing_at_all_gives_nulls_not_zeros() {
    let f = compute(&Facts::default(), november(), &VisitPolicy::default());
    assert_eq!(f.households_assigned, 0);
    assert_eq!(f.coverage, None);
    assert_eq!(f.resolution_rate, None);
    assert_eq!(f.median_days_to_resolve, None);
    assert_eq!(f.satisfaction_rate, None);
    // Every policy tag is listed, with no coverage to report.
    assert_eq!(f.by_tag.len(), VisitPolicy::default().per_tag.len());
    assert!(f.by_tag.iter().all(|t| t.policy_coverage.is_none()));
    assert!(f.by_worker.is_empty());
    // November 2026 starts on a Sunday: weeks from Mon 26 Oct to Mon 30 Nov.
    assert_eq!(f.visits_per_week.len(), 6);
    assert_eq!(f.visits_per_week[0].week_start, d(10, 26));
    let json = serde_json::to_value(&f).unwrap();
    assert!(json["coverage"].is_null() && json["satisfaction_rate"].is_null());
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut want = [
        "from",
        "to",
        "households_assigned",
        "households_visited",
        "coverage",
        "visits",
        "visits_by_mode",
        "requests_opened",
        "requests_resolved",
        "resolution_rate",
        "median_days_to_resolve",
        "satisfaction_rate",
        "disputes",
        "disputes_mediated",
        "overdue_requests",
        "by_worker",
        "by_tag",
    ];
    want.sort_unstable();
    assert_eq!(keys, want);
}

#[test]
fn opened_but_nothing_resolved_or_rated() {
    let facts = Facts {
        households: vec![household(1, &[])],
        requests: vec![request(1, Category::Repair, t(11, 3), Some(d(11, 10)))],
        ..Facts::default()
    };
    let f = compute(&facts, november(), &VisitPolicy::default());
    assert_eq!((f.requests_opened, f.requests_resolved), (1, 0));
    assert_eq!(f.resolution_rate, Some(0.0));
    assert_eq!(f.median_days_to_resolve, None);
    assert_eq!(f.satisfaction_rate, None);
    assert_eq!(f.overdue_requests, 1);
    // Resolved but not rated: a rate of 办结 but still no satisfaction.
    let mut resolved = facts.clone();
    resolved.requests[0]
        .events
        .push(ev(Status::Resolved, 1, t(11, 5)));
    let f = compute(&resolved, november(), &VisitPolicy::default());
    assert_eq!(f.resolution_rate, Some(1.0));
    assert_eq!(f.median_days_to_resolve, Some(2.0));
    assert_eq!(f.satisfaction_rate, None);
    assert_eq!(f.overdue_requests, 0);
}

#[test]
fn the_cohort_is_followed_to_the_period_end() {
    let mut late = request(1, Category::Dispute, t(11, 20), Some(d(11, 27)));
    let mut resolved = ev(Status::Resolved, 1, t(12, 2));
    resolved.mediated = Some(true);
    late.events.push(resolved);
    let mut quick = request(2, Category::Dispute, t(11, 2), Some(d(11, 9)));
    let mut r = ev(Status::Resolved, 1, t(11, 3));
    r.mediated = Some(true);
    quick.events.push(r);
    quick.events.push(ev(Status::FedBack, 1, t(11, 4)));
    let mut rated = ev(Status::Evaluated, 1, t(11, 5));
    rated.rating = Some(Rating::BasicallySatisfied);
    quick.events.push(rated);
    let mut poor = request(3, Category::Repair, t(11, 2), Some(d(11, 9)));
    poor.events.push(ev(Status::Resolved, 1, t(11, 6)));
    poor.events.push(ev(Status::FedBack, 1, t(11, 6)));
    let mut r = ev(Status::Evaluated, 1, t(11, 7));
    r.rating = Some(Rating::Dissatisfied);
    poor.events.push(r);
    poor.events.push(ev(Status::Open, 2, t(11, 8)));
    let october = request(4, Category::Repair, t(10, 2), Some(d(10, 9)));
    let facts = Facts {
        households: (1..=4).map(|n| household(n, &[])).collect(),
        requests: vec![late, quick, poor, october],
        ..Facts::default()
    };
    let f = compute(&facts, november(), &VisitPolicy::default());
    assert_eq!(f.requests_opened, 3);
    // `late` is resolved only in December; `poor` was reopened on 8 Nov.
    assert_eq!(f.requests_resolved, 1);
    assert_eq!(f.median_days_to_resolve, Some(1.0));
    assert_eq!((f.disputes, f.disputes_mediated), (2, 1));
    // Rated: quick (basically satisfied) and poor (dissatisfied, kept after reopening).
    assert_eq!((f.requests_rated, f.requests_rated_positive), (2, 1));
    assert_eq!(f.satisfaction_rate, Some(0.5));
    // Overdue at the end of November: late (due 27 Nov), poor (reopened, due 9 Nov), and the
    // October request nobody touched; not quick.
    assert_eq!(f.overdue_requests, 3);
    // The same facts seen from December: late is resolved and mediated.
    let december = Period::new(d(11, 1), d(12, 31)).unwrap();
    let f = compute(&facts, december, &VisitPolicy::default());
    assert_eq!((f.requests_resolved, f.disputes_mediated), (2, 2));
    // Two resolved, 1 and 12 days: the median of an even count is the mean of the middle two.
    assert_eq!(f.median_days_to_resolve, Some(6.5));
    let by_category: HashMap<Category, u64> = f.requests_by_category.into_iter().collect();
    assert_eq!(by_category[&Category::Dispute], 2);
    assert_eq!(by_category[&Category::Repair], 1);
}

#[test]
fn coverage_counts_assigned_households_and_tags_use_their_own_interval() {
    let facts = Facts {
        households: vec![
            household(1, &["独居老人", "低保户"]),
            household(2, &["低保户"]),
            household(3, &[]),
        ],
        visits: vec![
            visit(1, d(11, 2), VisitMode::InPerson, "王芳"),
            visit(1, d(11, 20), VisitMode::Phone, "王芳"),
            visit(2, d(10, 20), VisitMode::InPerson, "王芳"),
            // An archived household (not assigned) still counts as a visit.
            visit(9, d(11, 3), VisitMode::Wechat, "李德军"),
        ],
        last_visits: [(hid(1), d(11, 20)), (hid(2), d(10, 20)), (hid(9), d(11, 3))]
            .into_iter()
            .collect(),
        ..Facts::default()
    };
    let f = compute(&facts, november(), &VisitPolicy::default());
    assert_eq!(f.visits, 3);
    assert_eq!((f.households_assigned, f.households_visited), (3, 1));
    assert_eq!(f.coverage, Some(1.0 / 3.0));
    assert_eq!(
        (
            f.visits_by_mode.in_person,
            f.visits_by_mode.phone,
            f.visits_by_mode.wechat
        ),
        (1, 1, 1)
    );
    let tag = |name: &str| f.by_tag.iter().find(|t| t.tag == name).unwrap();
    // 独居老人 every 7 days: last visit 20 Nov is 10 days before 30 Nov.
    let alone = tag("独居老人");
    assert_eq!(
        (
            alone.households,
            alone.households_visited,
            alone.within_policy
        ),
        (1, 1, 0)
    );
    assert_eq!(alone.policy_coverage, Some(0.0));
    // 低保户 every 30 days: household 1 (20 Nov) is within, household 2 (20 Oct, 41 days) not.
    let low = tag("低保户");
    assert_eq!((low.households, low.within_policy), (2, 1));
    assert_eq!(low.policy_coverage, Some(0.5));
    assert_eq!(f.by_worker[0].worker, "王芳");
    assert_eq!(
        (f.by_worker[0].visits, f.by_worker[0].households_visited),
        (2, 1)
    );
    assert_eq!(f.by_worker[1].worker, "李德军");
    let weekly: u64 = f.visits_per_week.iter().map(|w| w.visits).sum();
    assert_eq!(weekly, f.visits);
}
