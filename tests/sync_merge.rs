//! Merge rules across devices (SYNC.md "Merge rules"), with real databases exchanging real
//! bundle files.

#![allow(clippy::unwrap_used)]

mod sync_support;

use chrono::TimeDelta;
use gridbook::domain::{
    Category, Checklist, OpId, Relation, Stage, Status, Tier, Visit, VisitId, VisitMode,
};
use gridbook::oplog::op::{Body, Header, Op, RequestTransition};
use gridbook::store::Clock;
use gridbook::store::households::{HouseholdField, NewMember};
use gridbook::store::requests::NewRequest;
use gridbook::store::review::Flag;
use gridbook::sync::export::Target;
use serde_json::json;
use sync_support::*;

fn member(name: &str) -> NewMember {
    NewMember {
        name: name.into(),
        relation: Relation::Head,
        gender: None,
        birth: None,
        id_number: None,
        phone: None,
        tags: vec![],
        note: String::new(),
    }
}

fn visit(d: &Device, household: gridbook::domain::HouseholdId) -> Visit {
    Visit {
        id: VisitId(uuid::Uuid::now_v7()),
        household,
        at: d.clock.now_local(),
        mode: VisitMode::InPerson,
        visitor: "王芳".into(),
        companions: vec![],
        checklist: Checklist::default(),
    }
}

fn note(d: &Device, h: gridbook::domain::HouseholdId) -> String {
    d.store.household(h).unwrap().unwrap().note
}

#[test]
fn the_same_bundle_twice_and_the_same_ops_by_two_routes_change_nothing() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let mut c = Device::new("C");
    let h = a.household("401");
    a.store
        .write(|w| w.add_member(h, &member("李德军")))
        .unwrap();
    let bundle = a.full();
    let first = b.import(&bundle);
    // Two enrol ops (the second announces A's keys), its certificate, the household and the
    // member.
    assert_eq!(first.new_ops, 5);
    let before = b.full_dump();
    let again = b.import(&bundle);
    assert!(again.already_imported);
    assert!(again.imported_at.is_some());
    assert_eq!(b.full_dump(), before, "a second import wrote something");
    // A → C directly and A → B → C: the second route brings only duplicates.
    let direct = c.import(&bundle);
    assert_eq!(direct.new_ops, 5);
    let relayed = b.full();
    let second = c.import(&relayed);
    assert_eq!(
        second.new_ops, 3,
        "only B's own enrol and certificate ops are new"
    );
    assert_eq!(second.duplicate_ops, 5);
    assert_eq!(b.data_dump(), c.data_dump());
    c.check();
}

#[test]
fn one_field_edited_on_two_devices_is_a_conflict_until_resolved_everywhere() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let h = a.household("401");
    a.send_full_to(&mut b);
    a.tick();
    a.store
        .write(|w| w.set_household(h, HouseholdField::Note("门口有狗".into())))
        .unwrap();
    b.clock.advance_ms(60_000);
    b.store
        .write(|w| w.set_household(h, HouseholdField::Note("老人耳背".into())))
        .unwrap();
    let to_b = a.full();
    let to_a = b.full();
    let rb = b.import(&to_b);
    let ra = a.import(&to_a);
    assert_eq!((ra.conflicts_opened, rb.conflicts_opened), (1, 1));
    for d in [&a, &b] {
        let conflicts = d.store.open_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        let c = &conflicts[0];
        assert_eq!(c.field, "note");
        let values: Vec<_> = c.heads.iter().map(|h| h.value.clone()).collect();
        assert_eq!(
            values,
            [json!("老人耳背"), json!("门口有狗")],
            "newest first"
        );
        assert!(c.heads[0].shown);
        assert_eq!(note(d, h), "老人耳背", "the newest value is shown");
    }
    assert_eq!(a.dump(), b.dump());
    // Resolving on A writes one op naming both heads; on B the conflict closes.
    a.store
        .write(|w| w.resolve_conflict(h.0, "note", json!("门口有狗，老人耳背")))
        .unwrap();
    assert!(a.store.open_conflicts().unwrap().is_empty());
    let r = b.import(&a.delta_for(&b));
    assert_eq!(r.conflicts_closed, 1);
    assert!(b.store.open_conflicts().unwrap().is_empty());
    assert_eq!(note(&b, h), "门口有狗，老人耳背");
    let back = a.import(&b.delta_for(&a));
    assert_eq!(back.new_ops, 0);
    assert_eq!(a.dump(), b.dump());
    a.check();
    b.check();
}

#[test]
fn different_fields_edited_on_two_devices_merge_without_conflict() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let h = a.household("401");
    a.send_full_to(&mut b);
    a.store
        .write(|w| w.set_household(h, HouseholdField::Note("门口有狗".into())))
        .unwrap();
    b.store
        .write(|w| w.set_household(h, HouseholdField::Room("402".into())))
        .unwrap();
    let (fa, fb) = (a.full(), b.full());
    assert_eq!(b.import(&fa).conflicts_opened, 0);
    assert_eq!(a.import(&fb).conflicts_opened, 0);
    for d in [&a, &b] {
        let got = d.store.household(h).unwrap().unwrap();
        assert_eq!(
            (got.note.as_str(), got.address.room.as_str()),
            ("门口有狗", "402")
        );
    }
    assert_eq!(a.dump(), b.dump());
}

#[test]
fn an_archive_racing_an_edit_keeps_both_and_is_flagged_on_both_devices() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let h = a.household("401");
    a.send_full_to(&mut b);
    // B edits first (by the clock), A archives later without having seen the edit.
    b.tick();
    b.store
        .write(|w| w.set_household(h, HouseholdField::Note("搬走前的备注".into())))
        .unwrap();
    let m = b
        .store
        .write(|w| w.add_member(h, &member("新成员")))
        .unwrap();
    a.clock.advance_ms(60_000);
    a.store
        .write(|w| w.set_household(h, HouseholdField::Archived(true)))
        .unwrap();
    // An edit A makes after its own archive is not a race.
    a.store
        .write(|w| w.set_household(h, HouseholdField::HouseholdNo("A-1".into())))
        .unwrap();
    let (fa, fb) = (a.full(), b.full());
    b.import(&fa);
    a.import(&fb);
    for d in [&a, &b] {
        let got = d.store.household(h).unwrap().unwrap();
        assert!(got.archived);
        assert_eq!(got.note, "搬走前的备注");
        assert!(d.store.member(m).unwrap().is_some());
        let flags = d.store.flags().unwrap();
        let raced: Vec<_> = flags
            .iter()
            .filter_map(|f| match f {
                Flag::ArchivedWhileEdited {
                    household, edits, ..
                } => Some((*household, *edits)),
                _ => None,
            })
            .collect();
        assert_eq!(raced, [(h, 2)], "{flags:?}");
    }
    assert_eq!(a.dump(), b.dump());
    // A household archived with no concurrent edit is not flagged.
    let mut c = Device::new("C");
    let h2 = c.household("501");
    c.store
        .write(|w| w.set_household(h2, HouseholdField::Archived(true)))
        .unwrap();
    assert!(c.store.flags().unwrap().is_empty());
}

#[test]
fn concurrent_amendments_are_kept_flagged_and_a_resolution_closes_the_fork() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let h = a.household("401");
    let v = visit(&a, h);
    let first = a.store.write(|w| w.record_visit(&v)).unwrap();
    a.send_full_to(&mut b);
    let mut va = v.clone();
    va.visitor = "王芳、李主任".into();
    let mut vb = v.clone();
    vb.mode = VisitMode::Phone;
    a.tick();
    let amend_a = a
        .store
        .write(|w| w.amend_visit(first, "补记同行人", &va))
        .unwrap();
    b.clock.advance_ms(60_000);
    let amend_b = b
        .store
        .write(|w| w.amend_visit(first, "改为电话", &vb))
        .unwrap();
    let (fa, fb) = (a.full(), b.full());
    b.import(&fa);
    a.import(&fb);
    for d in [&a, &b] {
        let rec = &d.store.visits(h).unwrap()[0];
        assert!(rec.forked);
        assert_eq!(rec.versions, 3);
        assert_eq!(rec.current_version, amend_b, "the newer amendment is shown");
        let flags = d.store.flags().unwrap();
        assert!(
            matches!(&flags[..], [Flag::ConcurrentAmendments { heads, .. }] if heads.len() == 2),
            "{flags:?}"
        );
    }
    assert_eq!(a.dump(), b.dump());
    // B keeps A's version; the fork closes on both.
    let kept = b
        .store
        .write(|w| w.resolve_visit_fork(v.id, amend_a, "同行人更重要"))
        .unwrap();
    a.import(&b.delta_for(&a));
    for d in [&a, &b] {
        let rec = &d.store.visits(h).unwrap()[0];
        assert!(!rec.forked);
        assert_eq!(rec.current_version, kept);
        assert_eq!(rec.visit.visitor, "王芳、李主任");
        assert!(d.store.flags().unwrap().is_empty());
    }
    assert_eq!(a.dump(), b.dump());
    a.check();
}

/// A transition op from a device with its own keys, built by hand.
fn transition(
    keys: &gridbook::sync::keys::DeviceKeys,
    seq: u64,
    request: uuid::Uuid,
    from: Stage,
    to: Status,
    round: u32,
) -> Vec<u8> {
    Op::new(
        Header {
            id: OpId(uuid::Uuid::now_v7()),
            origin: keys.device,
            scope: "第一网格".into(),
            seq,
            hlc: gridbook::oplog::hlc::from_millis(1_795_000_000_000 + seq as i64),
            author: "外来者".into(),
            entity: request,
            pred: vec![],
        },
        Body::RequestTransition(RequestTransition {
            to,
            round,
            from,
            at: sync_support::now(),
            note: String::new(),
            assignee: Some("物业".into()),
            result: None,
            mediated: None,
        }),
    )
    .unwrap()
    .raw
}

#[test]
fn request_events_out_of_order_converge_and_an_invalid_one_is_stored_not_applied() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let h = a.household("401");
    let r = a
        .store
        .write(|w| {
            let r = w.open_request(&NewRequest {
                household: h,
                visit: None,
                category: Category::Repair,
                tier: Tier::TimeLimited,
                summary: "楼道灯坏了".into(),
                opened_at: sync_support::now(),
                limit_days: 7,
                answer: String::new(),
            })?;
            w.dispatch_request(r, "物业服务中心", "", sync_support::now())?;
            w.resolve_request(r, "已更换灯泡", None, sync_support::now())?;
            Ok(r)
        })
        .unwrap();
    // B receives A's ops newest first: the events wait for the request, then apply.
    let full = std::fs::read(a.full()).unwrap();
    let mut lines = op_lines(&full);
    lines.reverse();
    let relay = Relay::new();
    let bundle = craft(&relay, Some(&a), |_| {}, &lines);
    let report = b.import_bytes(&bundle).unwrap();
    assert_eq!(
        report.parked_ops, 0,
        "all parents arrived in the same bundle"
    );
    let got = b.store.request(r).unwrap().unwrap();
    assert_eq!(got.stage.status, Status::Resolved);
    // An event that jumps from open to evaluated is stored, reported, listed, not applied.
    let bad = transition(
        &relay.keys,
        1,
        r.0,
        Stage {
            status: Status::Open,
            round: 1,
        },
        Status::Evaluated,
        1,
    );
    let report = b
        .import_bytes(&craft(&relay, None, |_| {}, &[bad]))
        .unwrap();
    assert_eq!(report.invalid_transitions, 1);
    assert_eq!(
        b.store.request(r).unwrap().unwrap().stage.status,
        Status::Resolved
    );
    let listed = b.store.invalid_transitions().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].to, Status::Evaluated);
    assert_eq!(listed[0].current.status, Status::Resolved);
    b.check();
    // Forwarded to A, the same event is invalid there too.
    a.import(&b.delta_for(&a));
    assert_eq!(a.store.invalid_transitions().unwrap().len(), 1);
    assert_eq!(a.dump(), b.dump());
}

#[test]
fn a_child_before_its_parent_is_parked_then_applied() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let h = a.household("401");
    let m = a
        .store
        .write(|w| w.add_member(h, &member("李德军")))
        .unwrap();
    let v = visit(&a, h);
    a.store.write(|w| w.record_visit(&v)).unwrap();
    let full = std::fs::read(a.full()).unwrap();
    let lines = op_lines(&full);
    let (parents, children): (Vec<_>, Vec<_>) = lines.into_iter().partition(|l| {
        String::from_utf8_lossy(l).contains("\"household.create\"")
            || String::from_utf8_lossy(l).contains("device.enrol")
    });
    let relay = Relay::new();
    let first = b
        .import_bytes(&craft(&relay, Some(&a), |_| {}, &children))
        .unwrap();
    assert_eq!(first.parked_ops, 2);
    assert!(b.store.member(m).unwrap().is_none());
    let parked = b.store.parked_ops().unwrap();
    assert_eq!(parked.len(), 2);
    assert!(parked.iter().all(|p| p.waits_for == h.0));
    b.check();
    let second = b
        .import_bytes(&craft(&relay, Some(&a), |_| {}, &parents))
        .unwrap();
    assert_eq!(second.unparked_ops, 2);
    assert_eq!(second.parked_ops, 0);
    assert!(b.store.member(m).unwrap().is_some());
    assert_eq!(b.store.visits(h).unwrap().len(), 1);
    assert!(b.store.parked_ops().unwrap().is_empty());
    b.check();
    // The same ops in A's order give the same tables.
    let mut c = Device::new("C");
    a.send_full_to(&mut c);
    assert_eq!(b.data_dump(), c.data_dump());
}

#[test]
fn a_gap_is_reported_and_closed_when_the_missing_changes_arrive() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    for room in ["101", "102", "103", "104", "105"] {
        a.household(room);
    }
    let full = std::fs::read(a.full()).unwrap();
    let lines = op_lines(&full);
    // Seqs 2 and 3 of A's grid series are lost on the way.
    let kept: Vec<Vec<u8>> = lines
        .iter()
        .filter(|l| {
            let op = Op::from_raw(l.to_vec()).unwrap();
            !(op.env.scope == "第一网格" && (2..=3).contains(&op.env.seq))
        })
        .cloned()
        .collect();
    let relay = Relay::new();
    let r = b
        .import_bytes(&craft(&relay, Some(&a), |_| {}, &kept))
        .unwrap();
    assert_eq!(r.gaps.len(), 1);
    let gap = &r.gaps[0];
    assert_eq!(
        (gap.from_seq, gap.to_seq, gap.scope.as_str()),
        (2, 3, "第一网格")
    );
    assert_eq!(gap.label, "A");
    assert!(
        gap.describe().contains("missing seq 2–3 from A"),
        "{}",
        gap.describe()
    );
    assert_eq!(
        gridbook::sync::status::status(&b.store).unwrap().gaps.len(),
        1
    );
    let r = b.import(&a.full());
    assert!(r.gaps.is_empty());
    assert_eq!(r.gaps_closed.len(), 1);
    assert_eq!(r.new_ops, 2);
    assert!(
        gridbook::sync::status::status(&b.store)
            .unwrap()
            .gaps
            .is_empty()
    );
}

#[test]
fn merging_a_duplicate_lists_its_members_visits_and_requests_under_the_survivor() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let keep = a.household("401");
    let dup = a.household("401");
    let m = a
        .store
        .write(|w| w.add_member(dup, &member("李德军")))
        .unwrap();
    let v = visit(&a, dup);
    a.store.write(|w| w.record_visit(&v)).unwrap();
    a.send_full_to(&mut b);
    let dups = a.store.duplicate_households().unwrap();
    assert_eq!(dups.len(), 1);
    assert_eq!((dups[0].a, dups[0].b), (keep, dup));
    a.store.write(|w| w.merge_households(dup, keep)).unwrap();
    // B, not knowing, adds a request to the duplicate; it follows the merge when it arrives.
    let r = b
        .store
        .write(|w| {
            w.open_request(&NewRequest {
                household: dup,
                visit: None,
                category: Category::Medical,
                tier: Tier::TimeLimited,
                summary: "需要陪诊".into(),
                opened_at: sync_support::now(),
                limit_days: 7,
                answer: String::new(),
            })
        })
        .unwrap();
    let (fa, fb) = (a.full(), b.full());
    b.import(&fa);
    a.import(&fb);
    for d in [&a, &b] {
        let ids: Vec<_> = d.store.households().unwrap().iter().map(|h| h.id).collect();
        assert_eq!(ids, [keep]);
        assert_eq!(d.store.survivor(dup).unwrap(), keep);
        assert_eq!(d.store.members(keep).unwrap()[0].id, m);
        assert_eq!(d.store.visits(keep).unwrap().len(), 1);
        assert_eq!(d.store.requests_of(keep).unwrap()[0].id, r);
        assert!(d.store.members(dup).unwrap().is_empty());
        assert!(d.store.duplicate_households().unwrap().is_empty());
        assert_eq!(d.store.counts().unwrap().households, 1);
        d.check();
    }
    assert_eq!(a.dump(), b.dump());
}

#[test]
fn two_devices_merging_a_pair_in_opposite_directions_keep_one_household() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    let x = a.household("401");
    let y = a.household("401");
    a.send_full_to(&mut b);
    a.store.write(|w| w.merge_households(x, y)).unwrap();
    b.store.write(|w| w.merge_households(y, x)).unwrap();
    let (fa, fb) = (a.full(), b.full());
    b.import(&fa);
    a.import(&fb);
    let smaller = x.min(y);
    for d in [&a, &b] {
        let ids: Vec<_> = d.store.households().unwrap().iter().map(|h| h.id).collect();
        assert_eq!(ids, [smaller]);
        d.check();
    }
    assert_eq!(a.dump(), b.dump());
}

#[test]
fn clocks_a_year_off_are_flagged_and_do_not_drag_this_clock_along() {
    let year = TimeDelta::days(365);
    let mut ahead = Device::at("快一年", sync_support::now() + year);
    let mut behind = Device::at("慢一年", sync_support::now() - year);
    let mut office = Device::new("office");
    let h = ahead.household("401");
    behind.household("402");
    let r1 = office.import(&ahead.full());
    let r2 = office.import(&behind.full());
    assert_eq!(r1.clock_suspect_ops, 4, "a year ahead is suspect");
    assert_eq!(r2.clock_suspect_ops, 0, "a year behind is still after 2020");
    let flags = office.store.flags().unwrap();
    assert!(
        matches!(&flags[..], [Flag::SuspectClock { ops: 4, label, .. }] if label == "快一年"),
        "{flags:?}"
    );
    // The office's clock moves at most a day ahead of its wall clock.
    let last = office.store.last_hlc().unwrap();
    let now_ms = gridbook::store::Clock::now_ms(&*office.clock);
    assert!(gridbook::oplog::hlc::millis(last) <= now_ms + gridbook::oplog::hlc::MAX_AHEAD_MS);
    // An edit made at the office after that still shows over the future one only if newer:
    // the clock orders history, it never decides the conflict.
    office
        .store
        .write(|w| w.set_household(h, HouseholdField::Note("办公室".into())))
        .unwrap();
    assert!(office.store.open_conflicts().unwrap().is_empty());
    office.check();
}

#[test]
fn an_incremental_export_holds_only_what_the_peer_lacks_and_a_lost_one_costs_nothing() {
    let mut worker = Device::new("worker");
    let mut office = Device::new("office");
    worker.household("401");
    office.import(&worker.full());
    worker.import(&office.full());
    let nothing = worker.export(Target::Peer(office.id()));
    assert_eq!(office.import(&nothing).new_ops, 0);
    assert_eq!(op_lines(&std::fs::read(&nothing).unwrap()).len(), 0);
    worker.household("402");
    let lost = worker.delta_for(&office);
    assert_eq!(op_lines(&std::fs::read(&lost).unwrap()).len(), 1);
    // The stick is lost; the next delta is computed from what the office acknowledged.
    worker.household("403");
    let next = worker.delta_for(&office);
    assert_eq!(office.import(&next).new_ops, 2);
    let status = gridbook::sync::status::status(&worker.store).unwrap();
    assert_eq!(status.peers.len(), 1);
    assert_eq!(status.peers[0].label, "office");
    assert_eq!(
        status.peers[0].unsynced, 2,
        "the office has not acknowledged them yet"
    );
    worker.import(&office.delta_for(&worker));
    let status = gridbook::sync::status::status(&worker.store).unwrap();
    assert_eq!(status.peers[0].unsynced, 0);
    assert!(status.peers[0].last_import.is_some() && status.peers[0].last_export.is_some());
}

#[test]
fn a_newer_minor_format_is_imported_and_its_unknown_ops_are_kept_and_relayed() {
    let mut b = Device::new("B");
    let mut c = Device::new("C");
    let sender = Relay::new();
    let future = format!(
        r#"{{"id":"{}","origin":"{}","scope":"*","seq":2,"hlc":{},"author":"新版","type":"household.photo","entity":"{}","payload":{{"photo":"abc","extra":[1,2]}}}}"#,
        uuid::Uuid::now_v7(),
        sender.keys.device,
        gridbook::oplog::hlc::from_millis(1_795_000_000_000),
        uuid::Uuid::now_v7()
    );
    let bundle = craft(
        &sender,
        None,
        |h| h.fmt = [2, 7],
        &[future.clone().into_bytes()],
    );
    let r = b.import_bytes(&bundle).unwrap();
    // The relay's certificate and the op of a type this version does not know.
    assert_eq!((r.new_ops, r.unknown_ops), (2, 1));
    b.check();
    // Relayed byte for byte.
    let relayed = std::fs::read(b.full()).unwrap();
    assert!(op_lines(&relayed).contains(&future.clone().into_bytes()));
    let r = c.import_bytes(&relayed).unwrap();
    assert_eq!(r.unknown_ops, 1);
}
