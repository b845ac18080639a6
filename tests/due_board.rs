//! The due queue and the requests board on a real store: ordering, grouping, filters, overdue,
//! refused transitions.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use common::*;
use gridbook::config::Config;
use gridbook::domain::{
    Address, Category, Checklist, HouseholdId, MemberStatus, Rating, Relation, RequestId, Status,
    Tag, Tier, Visit, VisitId, VisitMode, VisitPolicy,
};
use gridbook::report::due_queue;
use gridbook::store::board::BoardFilter;
use gridbook::store::households::{HouseholdField, MemberField, NewHousehold};
use gridbook::store::requests::NewRequest;
use gridbook::store::{Store, StoreError, Writer};

fn at(m: u32, d: u32) -> NaiveDateTime {
    date(2026, m, d).and_hms_opt(9, 30, 0).unwrap()
}

/// A household with a head carrying `tags` (and, when given, a member who moved out carrying
/// `gone_tags`), visited on `visits`.
fn home(
    w: &mut Writer<'_>,
    grid: &str,
    address: [&str; 4],
    head: &str,
    tags: &[&str],
    visits: &[NaiveDateTime],
) -> gridbook::store::Result<HouseholdId> {
    let id = w.create_household(&NewHousehold {
        grid: grid.into(),
        address: Address::new(address[0], address[1], address[2], address[3]),
        ..NewHousehold::default()
    })?;
    let mut m = member(head, Relation::Head);
    m.tags = tags.iter().filter_map(|t| Tag::new(t)).collect();
    w.add_member(id, &m)?;
    for when in visits {
        let visit = VisitId(w.new_id());
        w.record_visit(&Visit {
            id: visit,
            household: id,
            at: *when,
            mode: VisitMode::InPerson,
            visitor: "王芳".into(),
            companions: vec![],
            checklist: Checklist::default(),
        })?;
    }
    Ok(id)
}

struct Homes {
    a: HouseholdId,
    b: HouseholdId,
    c: HouseholdId,
    d: HouseholdId,
    h: HouseholdId,
}

fn community(store: &mut Store) -> Homes {
    let g1 = "第一网格";
    store
        .write(|w| {
            let a = home(
                w,
                g1,
                ["幸福小区", "3", "2", "401"],
                "独居甲",
                &["独居老人"],
                &[at(11, 1)],
            )?;
            let b = home(w, g1, ["幸福小区", "3", "1", "101"], "从未访", &[], &[])?;
            let c = home(
                w,
                g1,
                ["幸福小区", "3栋", "1单元", "1201室"],
                "重病丙",
                &["低保户", "重病"],
                &[at(10, 1), at(11, 5)],
            )?;
            let d = home(
                w,
                g1,
                ["幸福小区", "10", "1", "101"],
                "低保丁",
                &["低保户"],
                &[at(10, 1)],
            )?;
            // Visited three days ago: not due.
            home(
                w,
                g1,
                ["和平苑", "1", "1", "101"],
                "刚访戊",
                &[],
                &[at(11, 20)],
            )?;
            // The 独居老人 moved out: the household falls back to 90 days and is not due.
            let f = home(
                w,
                g1,
                ["和平苑", "2", "1", "101"],
                "已迁己",
                &[],
                &[at(10, 20)],
            )?;
            let mut gone = member("独居老人甲", Relation::Father);
            gone.tags = vec![Tag::new("独居老人").unwrap()];
            let gone = w.add_member(f, &gone)?;
            w.set_member(gone, MemberField::Status(MemberStatus::MovedOut))?;
            // Archived: never in the queue.
            let g = home(
                w,
                g1,
                ["幸福小区", "5", "1", "101"],
                "搬走庚",
                &["独居老人"],
                &[],
            )?;
            w.set_household(g, HouseholdField::Archived(true))?;
            // Another grid.
            let h = home(
                w,
                "第二网格",
                ["阳光里", "1", "1", "101"],
                "二网辛",
                &[],
                &[],
            )?;
            Ok(Homes { a, b, c, d, h })
        })
        .unwrap()
}

fn grid1() -> Vec<String> {
    vec!["第一网格".to_string()]
}

#[test]
fn the_due_queue_is_a_route_most_overdue_building_first() {
    let env = Env::new();
    let mut store = env.open();
    let homes = community(&mut store);
    // One more in 幸福小区 5栋 whose only visit was voided: never visited, due today.
    let i = store
        .write(|w| {
            home(
                w,
                "第一网格",
                ["幸福小区", "5", "2", "202"],
                "作废壬",
                &[],
                &[at(11, 21)],
            )
        })
        .unwrap();
    let v = store.visits(i).unwrap().remove(0);
    store
        .write(|w| w.void_visit(v.visit.id, v.current_version, "误录"))
        .unwrap();

    let today = date(2026, 11, 23);
    let queue = due_queue(&store, &VisitPolicy::default(), &grid1(), today).unwrap();
    let route: Vec<(String, Vec<(&str, i64)>)> = queue
        .groups
        .iter()
        .map(|g| {
            (
                format!("{}{}", g.compound, g.building),
                g.households
                    .iter()
                    .map(|h| (h.head.as_str(), h.days_overdue))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        route,
        [
            ("幸福小区10".to_string(), vec![("低保丁", 23)]),
            // Inside a building: unit 1 before unit 2, rooms in number order.
            (
                "幸福小区3".to_string(),
                vec![("从未访", 0), ("重病丙", 4), ("独居甲", 15)]
            ),
            ("幸福小区5".to_string(), vec![("作废壬", 0)]),
        ]
    );
    assert_eq!(queue.len(), 5);
    assert_eq!(queue.overdue(), 3);
    assert_eq!(queue.groups[0].most_overdue, 23);
    let by_id = |id: HouseholdId| queue.households().find(|h| h.id == id).unwrap();
    let a = by_id(homes.a);
    assert_eq!(a.policy_tag.as_ref().map(Tag::as_str), Some("独居老人"));
    assert_eq!(
        (a.interval_days, a.last_visit),
        (7, Some(date(2026, 11, 1)))
    );
    assert_eq!(a.due_on, date(2026, 11, 8));
    assert_eq!(a.address.display(), "幸福小区3栋2单元401室");
    let c = by_id(homes.c);
    assert_eq!(c.policy_tag.as_ref().map(Tag::as_str), Some("重病"));
    assert_eq!(
        (c.interval_days, c.last_visit),
        (14, Some(date(2026, 11, 5)))
    );
    let b = by_id(homes.b);
    assert_eq!(
        (b.policy_tag.clone(), b.last_visit, b.due_on),
        (None, None, today)
    );
    assert_eq!(
        by_id(homes.d).policy_tag.as_ref().map(Tag::as_str),
        Some("低保户")
    );

    // All grids: the other grid's never-visited household joins.
    let all = due_queue(&store, &VisitPolicy::default(), &[], today).unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.households().any(|h| h.id == homes.h));
    // A week later the household visited on 20 Nov is still not due; on 18 Feb it is.
    let later = due_queue(&store, &VisitPolicy::default(), &grid1(), date(2027, 2, 18)).unwrap();
    assert!(later.households().any(|h| h.head == "刚访戊"));
    assert!(later.households().any(|h| h.head == "已迁己"));
}

#[test]
fn a_policy_tag_looser_than_the_default_is_honoured() {
    let env = Env::new();
    let mut store = env.open();
    store
        .write(|w| {
            home(
                w,
                "第一网格",
                ["A", "1", "1", "101"],
                "出租",
                &["出租户"],
                &[at(9, 24)],
            )?;
            home(
                w,
                "第一网格",
                ["A", "1", "1", "102"],
                "普通",
                &["党员"],
                &[at(10, 14)],
            )?;
            home(
                w,
                "第一网格",
                ["A", "1", "1", "103"],
                "出租低保",
                &["出租户", "低保户"],
                &[at(10, 14)],
            )?;
            Ok(())
        })
        .unwrap();
    let policy = VisitPolicy {
        default_days: 30,
        per_tag: BTreeMap::from([("出租户".to_string(), 180), ("低保户".to_string(), 20)]),
    };
    let queue = due_queue(&store, &policy, &[], date(2026, 11, 23)).unwrap();
    let due: Vec<(&str, u32, i64)> = queue
        .households()
        .map(|h| (h.head.as_str(), h.interval_days, h.days_overdue))
        .collect();
    // 出租 was visited 60 days ago but its tag allows 180; 普通 (40 days, default 30) and
    // 出租低保 (40 days, 低保户 20) are due.
    assert_eq!(due, [("普通", 30, 10), ("出租低保", 20, 20)]);
}

struct Requests {
    r1: RequestId,
    r2: RequestId,
    r3: RequestId,
    r4: RequestId,
    r5: RequestId,
    r6: RequestId,
}

fn requests(store: &mut Store, homes: &Homes) -> Requests {
    let config = Config::default();
    let new = |household, category, tier, summary: &str, opened: NaiveDateTime| NewRequest {
        household,
        visit: None,
        category,
        tier,
        summary: summary.into(),
        opened_at: opened,
        limit_days: config.time_limit(category),
        answer: "当场答复".into(),
    };
    store
        .write(|w| {
            let r1 = w.open_request(&new(
                homes.a,
                Category::Repair,
                Tier::TimeLimited,
                "楼道灯坏了",
                at(11, 10),
            ))?;
            let r2 = w.open_request(&new(
                homes.c,
                Category::Medical,
                Tier::TimeLimited,
                "需要陪同就医",
                at(11, 20),
            ))?;
            w.dispatch_request(r2, &config.departments[5], "请联系家属", at(11, 21))?;
            let r3 = w.open_request(&new(
                homes.d,
                Category::Dispute,
                Tier::Escalated,
                "与邻居因停车起争执",
                at(11, 1),
            ))?;
            let r4 = w.open_request(&new(
                homes.b,
                Category::Subsistence,
                Tier::OnTheSpot,
                "咨询低保政策",
                at(11, 22),
            ))?;
            let r5 = w.open_request(&new(
                homes.h,
                Category::Housing,
                Tier::TimeLimited,
                "房屋漏雨",
                at(11, 1),
            ))?;
            let r6 = w.open_request(&new(
                homes.a,
                Category::Repair,
                Tier::TimeLimited,
                "水管漏水",
                at(11, 2),
            ))?;
            w.dispatch_request(r6, "物业服务中心", "", at(11, 2))?;
            w.resolve_request(r6, "已更换水管", None, at(11, 4))?;
            w.feedback_request(r6, "已电话告知", at(11, 4))?;
            w.evaluate_request(r6, Rating::Satisfied, "很及时", at(11, 5))?;
            Ok(Requests {
                r1,
                r2,
                r3,
                r4,
                r5,
                r6,
            })
        })
        .unwrap()
}

type Step<'a> =
    Box<dyn Fn(&mut Writer<'_>) -> gridbook::store::Result<gridbook::domain::OpId> + 'a>;

fn ids(rows: &[gridbook::store::board::BoardRow]) -> Vec<RequestId> {
    rows.iter().map(|r| r.request.id).collect()
}

#[test]
fn the_board_orders_filters_and_flags_overdue() {
    let env = Env::new();
    let mut store = env.open();
    let homes = community(&mut store);
    let r = requests(&mut store, &homes);
    let today = date(2026, 11, 23);
    let all = store.board(&BoardFilter::default(), today).unwrap();
    // Unresolved: overdue by due date (r5 due 8 Nov, r1 due 17 Nov), then r2 (due 27 Nov),
    // then escalated r3 (no due date); resolved: newest first.
    assert_eq!(ids(&all), [r.r5, r.r1, r.r2, r.r3, r.r4, r.r6]);
    let first = &all[0];
    assert!(first.overdue);
    assert_eq!(first.days_overdue, 15);
    assert_eq!(
        (first.head.as_str(), first.grid.as_str()),
        ("二网辛", "第二网格")
    );
    assert_eq!(all[1].address.display(), "幸福小区3栋2单元401室");
    assert_eq!(all[1].request.due, Some(date(2026, 11, 17)));
    assert!(!all[2].overdue && all[2].days_overdue == 0);
    assert_eq!(all[2].request.assignee.as_deref(), Some("社区卫生服务站"));
    assert!(!all[3].overdue && all[3].request.due.is_none());

    let query = |f: BoardFilter| ids(&store.board(&f, today).unwrap());
    assert_eq!(
        query(BoardFilter {
            statuses: vec![Status::Dispatched],
            ..Default::default()
        }),
        [r.r2]
    );
    assert_eq!(
        query(BoardFilter {
            statuses: vec![Status::Resolved, Status::Evaluated],
            ..Default::default()
        }),
        [r.r4, r.r6]
    );
    assert_eq!(
        query(BoardFilter {
            categories: vec![Category::Dispute],
            ..Default::default()
        }),
        [r.r3]
    );
    assert_eq!(
        query(BoardFilter {
            tiers: vec![Tier::Escalated],
            ..Default::default()
        }),
        [r.r3]
    );
    assert_eq!(
        query(BoardFilter {
            overdue_only: true,
            ..Default::default()
        }),
        [r.r5, r.r1]
    );
    assert_eq!(
        query(BoardFilter {
            overdue_only: true,
            grids: grid1(),
            ..Default::default()
        }),
        [r.r1]
    );
    assert_eq!(
        query(BoardFilter {
            text: "卫生服务站".into(),
            ..Default::default()
        }),
        [r.r2]
    );
    // Several words must all match: the head's name and a word of the summary.
    assert_eq!(
        query(BoardFilter {
            text: "独居甲 水管".into(),
            ..Default::default()
        }),
        [r.r6]
    );
    assert_eq!(
        query(BoardFilter {
            text: "10栋".into(),
            ..Default::default()
        }),
        [r.r3]
    );
    assert!(
        query(BoardFilter {
            text: "不存在的词".into(),
            ..Default::default()
        })
        .is_empty()
    );

    let counts = store.board_counts(&[], today).unwrap();
    assert_eq!(counts.by_status, [3, 1, 1, 0, 1]);
    assert_eq!((counts.overdue, counts.escalated), (2, 1));
    assert_eq!(store.board_counts(&grid1(), today).unwrap().overdue, 1);
    // On its due day a request is not yet overdue; the day after it is.
    let on_due = store
        .board(&BoardFilter::default(), date(2026, 11, 17))
        .unwrap();
    let r1 = on_due.iter().find(|x| x.request.id == r.r1).unwrap();
    assert!(!r1.overdue);
    assert_eq!(
        store.board_counts(&[], date(2026, 11, 18)).unwrap().overdue,
        2
    );

    // The full timeline of a request, oldest first.
    let timeline: Vec<Status> = store
        .request_events(r.r6)
        .unwrap()
        .iter()
        .map(|e| e.to)
        .collect();
    assert_eq!(
        timeline,
        [
            Status::Open,
            Status::Dispatched,
            Status::Resolved,
            Status::FedBack,
            Status::Evaluated
        ]
    );
}

#[test]
fn refused_steps_say_why_and_change_nothing() {
    let env = Env::new();
    let mut store = env.open();
    let homes = community(&mut store);
    let r = requests(&mut store, &homes);
    let ops = store.op_count().unwrap();
    let now = at(11, 23);
    let refused: [(&str, Step<'_>); 4] = [
        (
            "record its result",
            Box::new(|w| w.feedback_request(r.r1, "告知", now)),
        ),
        (
            "fed back",
            Box::new(|w| w.evaluate_request(r.r4, Rating::Satisfied, "", now)),
        ),
        (
            "not resolved yet",
            Box::new(|w| w.reopen_request(r.r2, "再办", now)),
        ),
        (
            "already resolved",
            Box::new(|w| w.dispatch_request(r.r6, "派出所", "", now)),
        ),
    ];
    for (says, step) in refused {
        let err = store.write(|w| step(w)).unwrap_err();
        assert!(matches!(err, StoreError::Transition(_)), "{err:?}");
        assert!(err.to_string().contains(says), "{err}");
    }
    assert_eq!(store.op_count().unwrap(), ops);
    // The allowed path still works: reopen after a rating starts round 2, due date unchanged.
    store
        .write(|w| w.reopen_request(r.r6, "又漏了", now))
        .unwrap();
    let row = store.request(r.r6).unwrap().unwrap();
    assert_eq!((row.stage.status, row.stage.round), (Status::Open, 2));
    assert_eq!(row.due, Some(date(2026, 11, 9)));
}

#[test]
fn tier_due_dates_come_from_the_config() {
    let config = Config::parse(
        "[time_limits]\nrepair = 3\n",
        std::path::Path::new("c.toml"),
    )
    .unwrap();
    let opened: NaiveDate = date(2026, 11, 23);
    assert_eq!(
        config.request_due(Category::Repair, Tier::TimeLimited, opened),
        Some(date(2026, 11, 26))
    );
    assert_eq!(
        config.request_due(Category::Housing, Tier::TimeLimited, opened),
        Some(date(2026, 11, 30))
    );
    assert_eq!(
        config.request_due(Category::Repair, Tier::OnTheSpot, opened),
        Some(opened)
    );
    assert_eq!(
        config.request_due(Category::Repair, Tier::Escalated, opened),
        None
    );
    assert!(config.departments.iter().any(|d| d == "物业服务中心"));
}

#[test]
fn counts_survive_groups_where_every_due_date_is_empty() {
    // An escalated request has no due date: its status group's overdue sum must still be 0.
    let env = Env::new();
    let mut store = env.open();
    let h = store.write(|w| w.create_household(&household())).unwrap();
    store
        .write(|w| {
            w.open_request(&gridbook::store::requests::NewRequest {
                household: h,
                visit: None,
                category: gridbook::domain::Category::Housing,
                tier: gridbook::domain::Tier::Escalated,
                summary: "房屋开裂".into(),
                opened_at: now(),
                limit_days: 7,
                answer: String::new(),
            })
        })
        .unwrap();
    let counts = store.board_counts(&[], now().date()).unwrap();
    assert_eq!(counts.by_status[0], 1);
    assert_eq!(counts.overdue, 0);
    assert_eq!(counts.escalated, 1);
}
