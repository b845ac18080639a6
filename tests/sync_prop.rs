//! The property test of SYNC.md: 3–5 simulated devices (real database files, each with its own
//! config dir and clock) make random edits and exchange bundles along random routes, in random
//! orders, with bundles duplicated and dropped; device 0 is the office and relays the others'
//! changes with the heads their origins signed, and at some point it may revoke the last
//! device, whose later bundles are then refused everywhere while what it wrote before stands.
//! After a final full exchange every device of the team shows the same tables, heads and
//! conflicts, every op in the same state, and `check` passes.
//!
//! `PROPTEST_CASES` raises the case count (default 10, to keep the suite fast);
//! `SYNC_PROP_STATS=1` (with `--nocapture`) prints what each case exercised.

#![allow(clippy::unwrap_used)]

mod sync_support;

use std::path::PathBuf;

use chrono::TimeDelta;
use gridbook::domain::{Category, Checklist, Rating, Relation, Tier, Visit, VisitId, VisitMode};
use gridbook::store::households::{HouseholdField, MemberField, NewMember};
use gridbook::store::requests::NewRequest;
use gridbook::store::{Clock, StoreError};
use gridbook::sync::export::Target;
use proptest::prelude::*;
use sync_support::*;

#[derive(Debug, Clone)]
enum Edit {
    NewHousehold,
    Note,
    Room,
    Archive(bool),
    AddMember,
    RenameMember,
    MoveMember,
    RecordVisit,
    AmendVisit,
    VoidVisit,
    OpenRequest,
    Dispatch,
    Resolve,
    Feedback,
    Evaluate,
    Reopen,
    RequestSummary,
    ResolveConflict,
    Merge,
    ResolveFork,
}

#[derive(Debug, Clone, Copy)]
enum Delivery {
    Now,
    Later,
    Twice,
    Dropped,
}

#[derive(Debug, Clone)]
enum Step {
    Edit {
        device: usize,
        edit: Edit,
        pick: usize,
        text: u8,
    },
    Send {
        from: usize,
        to: usize,
        full: bool,
        delivery: Delivery,
    },
    /// Delivers one of the bundles waiting for a device, chosen by `pick`.
    Deliver {
        to: usize,
        pick: usize,
    },
    Wait {
        device: usize,
        ms: u32,
    },
    /// Everything `from` has reaches `to` shuffled and split in two, the second half first
    /// (children before parents; gaps until the first half arrives).
    Scrambled {
        from: usize,
        to: usize,
        seed: u64,
    },
    /// The office (device 0) revokes the last device: the laptop is lost. It first receives
    /// everything that device holds; then every other device hears of it from the office.
    Revoke,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => Just(Edit::NewHousehold),
        3 => Just(Edit::Note),
        1 => Just(Edit::Room),
        1 => any::<bool>().prop_map(Edit::Archive),
        2 => Just(Edit::AddMember),
        2 => Just(Edit::RenameMember),
        1 => Just(Edit::MoveMember),
        2 => Just(Edit::RecordVisit),
        2 => Just(Edit::AmendVisit),
        1 => Just(Edit::VoidVisit),
        2 => Just(Edit::OpenRequest),
        1 => Just(Edit::Dispatch),
        1 => Just(Edit::Resolve),
        1 => Just(Edit::Feedback),
        1 => Just(Edit::Evaluate),
        1 => Just(Edit::Reopen),
        1 => Just(Edit::RequestSummary),
        2 => Just(Edit::ResolveConflict),
        1 => Just(Edit::Merge),
        1 => Just(Edit::ResolveFork),
    ]
}

fn delivery() -> impl Strategy<Value = Delivery> {
    prop_oneof![
        5 => Just(Delivery::Now),
        2 => Just(Delivery::Later),
        1 => Just(Delivery::Twice),
        1 => Just(Delivery::Dropped),
    ]
}

fn step(n: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..n, edit(), any::<usize>(), any::<u8>())
            .prop_map(|(device, edit, pick, text)| Step::Edit { device, edit, pick, text }),
        3 => (0..n, 0..n, proptest::bool::weighted(0.2), delivery())
            .prop_map(|(from, to, full, delivery)| Step::Send { from, to, full, delivery }),
        1 => (0..n, any::<usize>()).prop_map(|(to, pick)| Step::Deliver { to, pick }),
        1 => (0..n, 1u32..120_000).prop_map(|(device, ms)| Step::Wait { device, ms }),
        1 => (0..n, 0..n, any::<u64>()).prop_map(|(from, to, seed)| Step::Scrambled { from, to, seed }),
        1 => Just(Step::Revoke),
    ]
}

fn scenario() -> impl Strategy<Value = (usize, Vec<Step>)> {
    (3usize..=5).prop_flat_map(|n| (Just(n), proptest::collection::vec(step(n), 20..60)))
}

/// Errors a random edit may meet (an entity gone, a step the lifecycle does not allow); any
/// other error is a bug.
fn tolerate(r: Result<impl Sized, StoreError>) {
    match r {
        Ok(_) => {}
        Err(
            StoreError::Transition(_)
            | StoreError::Invalid(_)
            | StoreError::NotFound { .. }
            | StoreError::Visit(_),
        ) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

const WORDS: [&str; 6] = [
    "门口有狗",
    "老人耳背",
    "已搬走",
    "新装修",
    "有低保",
    "常不在家",
];

fn apply_edit(d: &mut Device, edit: &Edit, i: usize, text: u8) {
    d.tick();
    let word = format!("{}{}", WORDS[usize::from(text) % WORDS.len()], text % 4);
    let households: Vec<_> = d.store.households().unwrap().iter().map(|h| h.id).collect();
    let h = pick(&households, i);
    let members: Vec<_> = households
        .iter()
        .flat_map(|h| d.store.members(*h).unwrap())
        .map(|m| m.id)
        .collect();
    let visits: Vec<_> = households
        .iter()
        .flat_map(|h| d.store.visits(*h).unwrap())
        .collect();
    let requests: Vec<_> = households
        .iter()
        .flat_map(|h| d.store.requests_of(*h).unwrap())
        .map(|r| r.id)
        .collect();
    let now = d.clock.now_local();
    match edit {
        Edit::NewHousehold => {
            d.household(&format!("{}", 100 + text % 8));
        }
        Edit::Note => {
            if let Some(h) = h {
                tolerate(
                    d.store
                        .write(|w| w.set_household(h, HouseholdField::Note(word))),
                );
            }
        }
        Edit::Room => {
            if let Some(h) = h {
                let room = format!("{}", 100 + text % 8);
                tolerate(
                    d.store
                        .write(|w| w.set_household(h, HouseholdField::Room(room))),
                );
            }
        }
        Edit::Archive(on) => {
            if let Some(h) = h {
                tolerate(
                    d.store
                        .write(|w| w.set_household(h, HouseholdField::Archived(*on))),
                );
            }
        }
        Edit::AddMember => {
            if let Some(h) = h {
                let m = NewMember {
                    name: format!("李{word}"),
                    relation: if text.is_multiple_of(3) {
                        Relation::Head
                    } else {
                        Relation::Son
                    },
                    gender: None,
                    birth: None,
                    id_number: None,
                    phone: None,
                    tags: vec![],
                    note: String::new(),
                };
                tolerate(d.store.write(|w| w.add_member(h, &m)));
            }
        }
        Edit::RenameMember => {
            if let Some(m) = pick(&members, i) {
                tolerate(
                    d.store
                        .write(|w| w.set_member(m, MemberField::Name(format!("王{word}")))),
                );
            }
        }
        Edit::MoveMember => {
            if let (Some(m), Some(to)) = (pick(&members, i), pick(&households, i / 7)) {
                tolerate(
                    d.store
                        .write(|w| w.set_member(m, MemberField::Household(to))),
                );
            }
        }
        Edit::RecordVisit => {
            if let Some(h) = h {
                let v = Visit {
                    id: VisitId(uuid::Uuid::now_v7()),
                    household: h,
                    at: now - TimeDelta::hours(i64::from(text % 48)),
                    mode: VisitMode::InPerson,
                    visitor: "王芳".into(),
                    companions: vec![],
                    checklist: Checklist::default(),
                };
                tolerate(d.store.write(|w| w.record_visit(&v)));
            }
        }
        Edit::AmendVisit => {
            if let Some(rec) = pick(&visits, i) {
                let mut v = rec.visit.clone();
                v.visitor = format!("王芳{}", text % 5);
                let corrects = rec.current_version;
                tolerate(d.store.write(|w| w.amend_visit(corrects, "更正", &v)));
            }
        }
        Edit::VoidVisit => {
            if let Some(rec) = pick(&visits, i) {
                tolerate(
                    d.store
                        .write(|w| w.void_visit(rec.visit.id, rec.current_version, "录错了")),
                );
            }
        }
        Edit::OpenRequest => {
            if let Some(h) = h {
                let r = NewRequest {
                    household: h,
                    visit: None,
                    category: Category::Repair,
                    tier: if text.is_multiple_of(4) {
                        Tier::OnTheSpot
                    } else {
                        Tier::TimeLimited
                    },
                    summary: word,
                    opened_at: now,
                    limit_days: 7,
                    answer: "当场答复".into(),
                };
                tolerate(d.store.write(|w| w.open_request(&r)));
            }
        }
        Edit::Dispatch => {
            if let Some(r) = pick(&requests, i) {
                tolerate(d.store.write(|w| w.dispatch_request(r, "物业", "", now)));
            }
        }
        Edit::Resolve => {
            if let Some(r) = pick(&requests, i) {
                tolerate(d.store.write(|w| w.resolve_request(r, "已处理", None, now)));
            }
        }
        Edit::Feedback => {
            if let Some(r) = pick(&requests, i) {
                tolerate(d.store.write(|w| w.feedback_request(r, "已告知", now)));
            }
        }
        Edit::Evaluate => {
            if let Some(r) = pick(&requests, i) {
                tolerate(
                    d.store
                        .write(|w| w.evaluate_request(r, Rating::Satisfied, "", now)),
                );
            }
        }
        Edit::Reopen => {
            if let Some(r) = pick(&requests, i) {
                tolerate(d.store.write(|w| w.reopen_request(r, "没修好", now)));
            }
        }
        Edit::RequestSummary => {
            if let Some(r) = pick(&requests, i) {
                let field = gridbook::store::requests::RequestField::Summary(word);
                tolerate(d.store.write(|w| w.set_request(r, field)));
            }
        }
        Edit::ResolveConflict => {
            let conflicts = d.store.open_conflicts().unwrap();
            if let Some(c) = pick(&conflicts, i) {
                let value = if text.is_multiple_of(3) {
                    serde_json::json!(word)
                } else {
                    c.heads[usize::from(text) % c.heads.len()].value.clone()
                };
                let value = if c.field == "note" || c.field == "summary" || c.field == "name" {
                    value
                } else {
                    c.heads[0].value.clone()
                };
                tolerate(
                    d.store
                        .write(|w| w.resolve_conflict(c.entity, &c.field, value)),
                );
            }
        }
        Edit::Merge => {
            if let (Some(a), Some(b)) = (pick(&households, i), pick(&households, i / 3 + 1)) {
                tolerate(d.store.write(|w| w.merge_households(a, b)));
            }
        }
        Edit::ResolveFork => {
            let forked: Vec<_> = visits.iter().filter(|v| v.forked).cloned().collect();
            if let Some(rec) = pick(&forked, i) {
                let heads = d.store.visit_current_versions(rec.visit.id).unwrap();
                let keep = heads[usize::from(text) % heads.len()].op;
                tolerate(
                    d.store
                        .write(|w| w.resolve_visit_fork(rec.visit.id, keep, "保留")),
                );
            }
        }
    }
}

/// Runs one scenario and checks the devices converge.
fn run(n: usize, steps: &[Step]) {
    let mut devices: Vec<Device> = (0..n)
        .map(|i| {
            Device::at(
                &format!("设备{i}"),
                now() + TimeDelta::seconds(i as i64 * 7),
            )
        })
        .collect();
    // Bundles on their way to each device, with who sent them.
    let mut pending: Vec<Vec<(PathBuf, usize)>> = vec![Vec::new(); n];
    // The revoked device, once the office revoked it.
    let mut revoked: Option<usize> = None;
    let mut knows = vec![vec![false; n]; n];
    // A shared start: the roster entered on device 0 reaches everyone, so devices edit the
    // same households concurrently.
    for (k, edit) in [
        Edit::NewHousehold,
        Edit::NewHousehold,
        Edit::NewHousehold,
        Edit::AddMember,
        Edit::RecordVisit,
        Edit::OpenRequest,
    ]
    .iter()
    .enumerate()
    {
        apply_edit(&mut devices[0], edit, k, k as u8);
    }
    let roster = devices[0].full();
    for (to, d) in devices.iter_mut().enumerate().skip(1) {
        d.import(&roster);
        knows[to][0] = true;
    }
    let mut parked = 0;
    let relay = Relay::new();
    for step in steps {
        match step {
            Step::Edit {
                device,
                edit,
                pick,
                text,
            } => {
                apply_edit(&mut devices[*device], edit, *pick, *text);
            }
            Step::Wait { device, ms } => devices[*device].clock.advance_ms(i64::from(*ms)),
            Step::Send {
                from,
                to,
                full,
                delivery,
            } => {
                if from == to {
                    continue;
                }
                let target = if *full || !knows[*from][*to] {
                    Target::Full
                } else {
                    Target::Peer(devices[*to].id())
                };
                let file = devices[*from].export(target);
                match delivery {
                    Delivery::Now => {
                        parked += receive(&mut devices[*to], &file, *from, revoked);
                    }
                    Delivery::Later => pending[*to].push((file, *from)),
                    Delivery::Twice => {
                        receive(&mut devices[*to], &file, *from, revoked);
                        pending[*to].push((file, *from));
                    }
                    Delivery::Dropped => {}
                }
                if matches!(delivery, Delivery::Now | Delivery::Twice) {
                    knows[*to][*from] = true;
                }
            }
            Step::Scrambled { from, to, seed } => {
                if from == to {
                    continue;
                }
                let bundle = std::fs::read(devices[*from].full()).unwrap();
                let mut lines = op_lines(&bundle);
                let mut rng = *seed | 1;
                for i in (1..lines.len()).rev() {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    lines.swap(i, (rng % (i as u64 + 1)) as usize);
                }
                let half = lines.len() / 2;
                let (first, second) = lines.split_at(half);
                let bundles: Vec<Vec<u8>> = [second, first]
                    .iter()
                    .map(|part| craft(&relay, Some(&devices[*from]), |_| {}, part))
                    .collect();
                for bundle in bundles {
                    match devices[*to].import_bytes(&bundle) {
                        Ok(report) => parked += report.parked_ops,
                        Err(e) => refused_from_revoked(&e, *from, revoked),
                    }
                }
            }
            Step::Deliver { to, pick } => {
                if !pending[*to].is_empty() {
                    let i = pick % pending[*to].len();
                    let (file, from) = pending[*to].remove(i);
                    parked += receive(&mut devices[*to], &file, from, revoked);
                }
            }
            Step::Revoke => {
                if revoked.is_some() {
                    continue;
                }
                let last = n - 1;
                let everything = devices[last].full();
                devices[0].import(&everything);
                let device = devices[last].store.device();
                let revocation = gridbook::oplog::cert::RevokeBody {
                    team: hex::encode(team().pk),
                    device,
                    upto: devices[0].store.held_seqs(device).unwrap(),
                    issued: 1 << 60,
                }
                .sign(&team_key());
                devices[0].store.write(|w| w.revoke(&revocation)).unwrap();
                let news = devices[0].full();
                for d in devices.iter_mut().skip(1) {
                    d.import(&news);
                }
                revoked = Some(last);
            }
        }
    }
    // Whatever is still on its way arrives, newest first.
    for (to, files) in pending.iter_mut().enumerate() {
        while let Some((file, from)) = files.pop() {
            parked += receive(&mut devices[to], &file, from, revoked);
        }
    }
    // The final full exchange.
    for from in 0..n {
        let file = devices[from].full();
        for (to, d) in devices.iter_mut().enumerate() {
            if to != from {
                receive(d, &file, from, revoked);
            }
        }
    }
    // The devices of the team agree; a revoked one may hold changes no one else took.
    let team: Vec<&Device> = devices
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != revoked)
        .map(|(_, d)| d)
        .collect();
    let first = team[0].dump();
    for d in &team {
        assert_eq!(d.dump(), first, "devices differ after a full exchange");
        d.check();
    }
    if let Some(r) = revoked {
        devices[r].check();
    }
    let reviews: Vec<_> = team
        .iter()
        .map(|d| {
            let r = d.store.review().unwrap();
            (
                r.conflicts.len(),
                r.invalid_transitions.len(),
                r.parked.len(),
                r.flags.len(),
            )
        })
        .collect();
    assert!(reviews.windows(2).all(|w| w[0] == w[1]), "{reviews:?}");
    if std::env::var("SYNC_PROP_STATS").is_ok() {
        let c = devices[0].store.counts().unwrap();
        eprintln!(
            "parked={parked} n={n} steps={} ops={} households={} visits={} requests={} review={:?} merged={}",
            steps.len(),
            c.ops,
            c.households,
            c.visits,
            c.requests,
            reviews[0],
            sql(
                &devices[0],
                "SELECT count(*) FROM households WHERE merged_into IS NOT NULL"
            )
        );
    }
}

/// Imports a bundle `from` sent; only a revoked device's may be refused, and only as revoked.
fn receive(d: &mut Device, file: &std::path::Path, from: usize, revoked: Option<usize>) -> u64 {
    match d.try_import(file) {
        Ok(report) => report.parked_ops,
        Err(e) => {
            refused_from_revoked(&e, from, revoked);
            0
        }
    }
}

fn refused_from_revoked(e: &gridbook::sync::SyncError, from: usize, revoked: Option<usize>) {
    assert!(
        revoked == Some(from) && e.check() == Some("revoked"),
        "a bundle from device {from} was refused: {e}"
    );
}

fn sql(d: &Device, q: &str) -> i64 {
    rusqlite::Connection::open(d.db())
        .unwrap()
        .query_row(q, [], |r| r.get(0))
        .unwrap()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(10)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn devices_exchanging_bundles_in_any_order_end_identical((n, steps) in scenario()) {
        run(n, &steps);
    }
}

/// A fixed busy scenario, so the interesting cases are always exercised.
#[test]
fn a_busy_day_on_four_devices_converges() {
    let mut steps = Vec::new();
    for round in 0..6usize {
        for device in 0..4 {
            for (k, edit) in [
                Edit::NewHousehold,
                Edit::Note,
                Edit::AddMember,
                Edit::RecordVisit,
                Edit::OpenRequest,
                Edit::AmendVisit,
                Edit::Dispatch,
                Edit::Archive(round % 2 == 0),
                Edit::ResolveConflict,
                Edit::Merge,
                Edit::ResolveFork,
                Edit::Resolve,
            ]
            .into_iter()
            .enumerate()
            {
                steps.push(Step::Edit {
                    device,
                    edit,
                    pick: round * 31 + k,
                    text: (round * 7 + device) as u8,
                });
            }
        }
        for (from, to) in [(0, 1), (1, 2), (2, 3), (3, 0), (round % 4, (round + 2) % 4)] {
            let delivery = match round % 3 {
                0 => Delivery::Now,
                1 => Delivery::Later,
                _ => Delivery::Twice,
            };
            steps.push(Step::Send {
                from,
                to,
                full: false,
                delivery,
            });
        }
        steps.push(Step::Deliver {
            to: round % 4,
            pick: round,
        });
        steps.push(Step::Scrambled {
            from: (round + 1) % 4,
            to: round % 4,
            seed: round as u64,
        });
    }
    run(4, &steps);
}
