//! The store and its op log, against a real SQLite file in a temp dir.

#![allow(clippy::unwrap_used)]

mod common;

use chrono::TimeDelta;
use common::*;
use gridbook::domain::{
    Category, Checklist, MemberStatus, QuestionState, Rating, Relation, Status, Tier, Visit,
    VisitId, VisitMode,
};
use gridbook::store::households::{HouseholdField, MemberField};
use gridbook::store::requests::NewRequest;
use gridbook::store::{StoreError, latest_schema};

fn op_count(s: &gridbook::store::Store) -> u64 {
    s.op_count().unwrap()
}

#[test]
fn a_new_database_is_migrated_to_the_latest_schema_and_owner_only() {
    let env = Env::new();
    let store = env.open();
    assert!(store.created());
    let v = sql_rows(&env.db(), "PRAGMA user_version");
    assert_eq!(v[0][0], latest_schema().to_string());
    let mode = sql_rows(&env.db(), "PRAGMA journal_mode");
    assert_eq!(mode[0][0], "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::metadata(env.db()).unwrap().permissions().mode();
        assert_eq!(perms & 0o077, 0, "database readable by others: {perms:o}");
    }
    // The device enrolled itself with one op.
    assert_eq!(op_count(&store), 1);
    drop(store);
    let again = env.open();
    assert!(!again.created());
    assert!(again.blocked().is_none());
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let env = Env::new();
    drop(env.open());
    sql_exec(
        &env.db(),
        &format!("PRAGMA user_version = {}", latest_schema() + 1),
    );
    let err = gridbook::store::Store::open(&env.opts())
        .err()
        .expect("refused");
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn every_write_produces_ops_and_check_passes() {
    let env = Env::new();
    let mut store = env.open();
    let mut expected = op_count(&store);
    let hid = store.write(|w| w.create_household(&household())).unwrap();
    expected += 1;
    assert_eq!(op_count(&store), expected);
    let mid = store
        .write(|w| w.add_member(hid, &member("李德军", Relation::Head)))
        .unwrap();
    expected += 1;
    assert_eq!(op_count(&store), expected);
    assert!(
        store
            .write(|w| w.set_household(hid, HouseholdField::Note("门口有狗".into())))
            .unwrap()
    );
    assert!(
        store
            .write(|w| w.set_member(mid, MemberField::Name("李德俊".into())))
            .unwrap()
    );
    expected += 2;
    assert_eq!(op_count(&store), expected);
    // Writing the value a field already holds writes nothing.
    assert!(
        !store
            .write(|w| w.set_member(mid, MemberField::Name("李德俊".into())))
            .unwrap()
    );
    assert_eq!(op_count(&store), expected);

    let visit = Visit {
        id: VisitId(uuid::Uuid::now_v7()),
        household: hid,
        at: now() - TimeDelta::hours(1),
        mode: VisitMode::InPerson,
        visitor: "王芳".into(),
        companions: vec![],
        checklist: Checklist::default(),
    };
    let v1 = store.write(|w| w.record_visit(&visit)).unwrap();
    let mut amended = visit.clone();
    amended.checklist.basics.state = QuestionState::Asked;
    amended.checklist.basics.notes = "老人血压偏高".into();
    store
        .write(|w| w.amend_visit(v1, "补记基本情况", &amended))
        .unwrap();
    expected += 2;
    assert_eq!(op_count(&store), expected);
    let visits = store.visits(hid).unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].versions, 2);
    assert_eq!(visits[0].visit.checklist.basics.notes, "老人血压偏高");
    assert_eq!(store.visit_versions(visit.id).unwrap().len(), 2);

    let rid = store
        .write(|w| {
            w.open_request(&NewRequest {
                household: hid,
                visit: Some(visit.id),
                category: Category::Repair,
                tier: Tier::TimeLimited,
                summary: "楼道灯坏了".into(),
                opened_at: now(),
                limit_days: 7,
                answer: String::new(),
            })
        })
        .unwrap();
    store
        .write(|w| w.dispatch_request(rid, "物业服务中心", "", now()))
        .unwrap();
    store
        .write(|w| w.resolve_request(rid, "已更换灯泡", None, now()))
        .unwrap();
    store
        .write(|w| w.feedback_request(rid, "已电话告知", now()))
        .unwrap();
    store
        .write(|w| w.evaluate_request(rid, Rating::Satisfied, "", now()))
        .unwrap();
    expected += 5;
    assert_eq!(op_count(&store), expected);
    let r = store.request(rid).unwrap().unwrap();
    assert_eq!(r.stage.status, Status::Evaluated);
    assert_eq!(r.assignee.as_deref(), Some("物业服务中心"));
    assert_eq!(r.due, Some(date(2026, 11, 30)));
    assert_eq!(store.request_events(rid).unwrap().len(), 5);

    store
        .write(|w| w.set_member(mid, MemberField::Status(MemberStatus::MovedOut)))
        .unwrap();
    store
        .write(|w| w.set_household(hid, HouseholdField::Archived(true)))
        .unwrap();
    expected += 2;
    assert_eq!(op_count(&store), expected);

    let report = store.check(&mut |_, _| {}).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.ops, expected);
}

#[test]
fn invalid_transitions_are_refused_and_write_nothing() {
    let env = Env::new();
    let mut store = env.open();
    let hid = store.write(|w| w.create_household(&household())).unwrap();
    let rid = store
        .write(|w| {
            w.open_request(&NewRequest {
                household: hid,
                visit: None,
                category: Category::Medical,
                tier: Tier::TimeLimited,
                summary: "咨询报销".into(),
                opened_at: now(),
                limit_days: 7,
                answer: String::new(),
            })
        })
        .unwrap();
    let before = op_count(&store);
    let err = store
        .write(|w| w.evaluate_request(rid, Rating::Satisfied, "", now()))
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    let err = store
        .write(|w| w.reopen_request(rid, "x", now()))
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)), "{err}");
    assert_eq!(op_count(&store), before);
}

#[test]
fn on_the_spot_requests_are_resolved_at_once() {
    let env = Env::new();
    let mut store = env.open();
    let hid = store.write(|w| w.create_household(&household())).unwrap();
    let rid = store
        .write(|w| {
            w.open_request(&NewRequest {
                household: hid,
                visit: None,
                category: Category::Other,
                tier: Tier::OnTheSpot,
                summary: "咨询医保卡异地使用".into(),
                opened_at: now(),
                limit_days: 7,
                answer: "已当面解释".into(),
            })
        })
        .unwrap();
    let r = store.request(rid).unwrap().unwrap();
    assert_eq!(r.stage.status, Status::Resolved);
    assert_eq!(r.result.as_deref(), Some("已当面解释"));
    assert_eq!(r.due, Some(now().date()));
}

#[test]
fn a_future_visit_is_refused() {
    let env = Env::new();
    let mut store = env.open();
    let hid = store.write(|w| w.create_household(&household())).unwrap();
    let visit = Visit {
        id: VisitId(uuid::Uuid::now_v7()),
        household: hid,
        at: now() + TimeDelta::days(2),
        mode: VisitMode::Phone,
        visitor: "王芳".into(),
        companions: vec![],
        checklist: Checklist::default(),
    };
    let before = op_count(&store);
    assert!(matches!(
        store.write(|w| w.record_visit(&visit)),
        Err(StoreError::Visit(_))
    ));
    assert_eq!(op_count(&store), before);
}

#[test]
fn the_same_field_written_twice_locally_has_one_head() {
    let env = Env::new();
    let mut store = env.open();
    let hid = store.write(|w| w.create_household(&household())).unwrap();
    for note in ["一", "二", "三"] {
        store
            .write(|w| w.set_household(hid, HouseholdField::Note(note.into())))
            .unwrap();
    }
    let heads = sql_rows(
        &env.db(),
        &format!("SELECT op_id FROM field_heads WHERE entity = '{hid}' AND field = 'note'"),
    );
    assert_eq!(heads.len(), 1);
    assert!(sql_rows(&env.db(), "SELECT * FROM conflicts").is_empty());
    // Each write named the previous one as its pred.
    let preds = sql_rows(&env.db(), "SELECT count(*) FROM op_pred");
    assert_eq!(preds[0][0], "3");
    assert_eq!(store.household(hid).unwrap().unwrap().note, "三");
}

#[test]
fn the_clock_never_goes_backwards_across_restarts() {
    let env = Env::new();
    let mut store = env.open_at(now());
    let hid = store.write(|w| w.create_household(&household())).unwrap();
    drop(store);
    // The wall clock jumps back a whole day.
    let mut store = env.open_at(now() - TimeDelta::days(1));
    store
        .write(|w| w.set_household(hid, HouseholdField::Note("后写".into())))
        .unwrap();
    let hlcs: Vec<i64> = sql_rows(&env.db(), "SELECT hlc FROM ops ORDER BY rowid")
        .into_iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    assert!(hlcs.windows(2).all(|w| w[1] > w[0]), "{hlcs:?}");
}

#[test]
fn sequence_numbers_are_contiguous_per_scope() {
    let env = Env::new();
    let mut store = env.open();
    let mut other = household();
    other.grid = "第二网格".into();
    store
        .write(|w| {
            w.create_household(&household())?;
            w.create_household(&other)?;
            w.create_household(&household())
        })
        .unwrap();
    let rows = sql_rows(
        &env.db(),
        "SELECT scope, group_concat(seq) FROM ops GROUP BY scope ORDER BY scope",
    );
    assert_eq!(
        rows,
        vec![
            vec!["*".to_string(), "1".to_string()],
            vec!["第一网格".to_string(), "1,2".to_string()],
            vec!["第二网格".to_string(), "1".to_string()],
        ]
    );
}

#[test]
fn a_copied_database_blocks_writes_until_enrolled() {
    let env = Env::new();
    let mut store = env.open();
    store.write(|w| w.create_household(&household())).unwrap();
    drop(store);
    // Same file, another machine's config dir.
    let mut opts = env.opts();
    opts.config_dir = env.path("other-machine");
    let mut copy = gridbook::store::Store::open(&opts).unwrap();
    assert!(copy.blocked().is_some());
    let err = copy
        .write(|w| w.create_household(&household()))
        .unwrap_err();
    assert!(matches!(err, StoreError::WritesBlocked(_)));
    assert!(err.to_string().contains("gridbook enrol"), "{err}");
    let old_device = copy.device();
    copy.enrol("另一台电脑").unwrap();
    assert_ne!(copy.device(), old_device);
    copy.write(|w| w.create_household(&household())).unwrap();
    assert!(copy.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn check_finds_a_row_altered_behind_the_op_log() {
    let env = Env::new();
    let mut store = env.open();
    store.write(|w| w.create_household(&household())).unwrap();
    sql_exec(&env.db(), "UPDATE households SET compound = '假小区'");
    let report = store.check(&mut |_, _| {}).unwrap();
    assert!(!report.is_ok());
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.to_string().contains("households")),
        "{:?}",
        report.problems
    );
}

#[test]
fn check_finds_an_op_altered_after_it_was_written() {
    let env = Env::new();
    let mut store = env.open();
    store.write(|w| w.create_household(&household())).unwrap();
    sql_exec(
        &env.db(),
        "UPDATE ops SET raw = CAST(replace(CAST(raw AS TEXT), '幸福小区', '假的小区') AS BLOB)
         WHERE type = 'household.create'",
    );
    let report = store.check(&mut |_, _| {}).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.to_string().contains("hash")),
        "{:?}",
        report.problems
    );
}
