//! Databases from before bundle format 2 migrate in place: the chain of every op held is
//! computed from the log, exactly as it is computed when an op is written; a feed held with a
//! gap gets no links after the gap, and those ops are left out of exports until their origin
//! sends them again with its signed head.

#![allow(clippy::unwrap_used)]

mod sync_support;

use gridbook::store::households::HouseholdField;
use sync_support::*;

/// Every op's (origin, scope, seq, chain), in order.
fn chains(db: &std::path::Path) -> Vec<(String, String, i64, Option<Vec<u8>>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT origin, scope, seq, chain FROM ops ORDER BY origin, scope, seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Turns a database of this version into one of schema 3 (before provenance), as the previous
/// version left it: no chains, no team, and no certificates in the log.
fn back_to_schema_3(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "DELETE FROM op_pred WHERE op_id IN (SELECT op_id FROM ops WHERE type LIKE 'team.%');
         DELETE FROM ops WHERE type LIKE 'team.%';
         DROP TABLE feed_links; DROP TABLE feed_heads; DROP TABLE team;
         DROP TABLE certificates; DROP TABLE revocations; DROP INDEX ops_unlinked;
         ALTER TABLE ops DROP COLUMN chain;
         PRAGMA user_version = 3;",
    )
    .unwrap();
}

#[test]
fn migrated_chains_are_the_ones_written_with_the_ops() {
    let mut a = Device::solo("A");
    for room in ["101", "102", "103"] {
        let h = a.household(room);
        a.store
            .write(|w| w.set_household(h, HouseholdField::Note(format!("{room} 有狗"))))
            .unwrap();
    }
    let written = chains(&a.db());
    assert!(written.iter().all(|c| c.3.is_some()));
    let old = a.close();
    back_to_schema_3(&old.db());
    let migrated = old.open();
    assert!(
        migrated.store.backup().is_some(),
        "a backup before migrating"
    );
    assert_eq!(chains(&migrated.db()), written);
    migrated.check();
}

#[test]
fn a_feed_held_with_a_gap_gets_no_links_after_it_and_those_ops_wait_for_their_origin() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    for room in ["101", "102", "103", "104"] {
        a.household(room);
    }
    // B gets A's ops but the second household's (a gap in A's grid feed).
    let lines = op_lines(&std::fs::read(a.full()).unwrap());
    let kept: Vec<Vec<u8>> = lines
        .into_iter()
        .filter(|l| {
            let op = gridbook::oplog::op::Op::from_raw(l.clone()).unwrap();
            !(op.env.scope == "第一网格" && op.env.seq == 2)
        })
        .collect();
    let relay = Relay::new();
    b.import_bytes(&craft(&relay, Some(&a), |_| {}, &kept))
        .unwrap();
    let old_b = b.close();
    back_to_schema_3(&old_b.db());
    let mut b = old_b.open();
    let a_id = a.id();
    let after_gap = chains(&b.db())
        .into_iter()
        .filter(|c| c.0 == a_id && c.1 == "第一网格" && c.2 > 2)
        .collect::<Vec<_>>();
    assert_eq!(after_gap.len(), 2);
    assert!(after_gap.iter().all(|c| c.3.is_none()), "{after_gap:?}");
    b.check();
    // B joins the team again, as a migrated device must before it exchanges anything.
    join_team(&mut b.store, "B", gridbook::oplog::cert::Role::Office, &[]);
    // An export from B leaves out what no signed head covers; A's own export brings it all.
    let mut c = Device::new("C");
    let out = b.dir.path().join("to-c.gbx");
    let summary = b
        .export_with(
            gridbook::sync::export::Target::Full,
            gridbook::sync::export::Encryption::None,
            &out,
        )
        .unwrap();
    assert!(summary.left_out >= 2, "{summary:?}");
    c.import(&out);
    b.import(&a.full());
    c.import(&a.full());
    assert_eq!(
        c.store.households().unwrap().len(),
        a.store.households().unwrap().len()
    );
    c.check();
    b.check();
}
