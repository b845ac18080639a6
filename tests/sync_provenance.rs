//! Provenance (SYNC.md "Provenance and team trust"): only the team's devices can write, and
//! every change is verifiable to the device that made it, whatever route it took. Each attack
//! from the field trial is refused whole, naming the device and the check, with the database
//! unchanged in content.

#![allow(clippy::unwrap_used)]

mod sync_support;

use gridbook::domain::{Address, OpId};
use gridbook::oplog::cert::{RevokeBody, Role};
use gridbook::oplog::op::{Body, DeviceEnrol, FieldSet, Header, Op};
use gridbook::store::households::{HouseholdField, MemberField, NewHousehold};
use gridbook::sync::export::{Encryption, Target};
use gridbook::sync::import::{ImportOptions, import_bytes};
use sync_support::*;

/// Imports `bytes`, expects a refusal naming `check`, and no change at all; returns the message.
fn refused(d: &mut Device, bytes: &[u8], check: &str) -> String {
    let before = d.full_dump();
    let err = d
        .import_bytes(bytes)
        .err()
        .unwrap_or_else(|| panic!("accepted; expected the {check} check to refuse it"));
    let msg = err.to_string();
    assert_eq!(err.check(), Some(check), "{msg}");
    assert!(msg.contains("nothing was imported"), "{msg}");
    assert_eq!(
        d.full_dump(),
        before,
        "a refused bundle changed the database: {msg}"
    );
    msg
}

/// The office (writes everything), a worker certified for 第一网格 with a household and a
/// member there, and a team member certified for 第二网格 only; all hold everything.
struct Team {
    office: Device,
    worker: Device,
    member: Device,
    household: gridbook::domain::HouseholdId,
    person: gridbook::domain::MemberId,
}

fn team() -> Team {
    let mut office = Device::new("office");
    let mut worker = Device::new("王芳");
    worker.certify_as_worker(&["第一网格"]);
    let mut member = Device::new("李强");
    member.certify_as_worker(&["第二网格"]);
    let household = worker.household("401");
    let person = worker
        .store
        .write(|w| w.add_member(household, &sync_support_member("王建华")))
        .unwrap();
    office.import(&worker.full());
    office.import(&member.full());
    member.import(&office.full());
    worker.import(&office.full());
    Team {
        office,
        worker,
        member,
        household,
        person,
    }
}

fn sync_support_member(name: &str) -> gridbook::store::households::NewMember {
    gridbook::store::households::NewMember {
        name: name.into(),
        relation: gridbook::domain::Relation::Head,
        gender: None,
        birth: None,
        id_number: None,
        phone: Some(gridbook::domain::Phone::parse("13799999999").unwrap()),
        tags: Vec::new(),
        note: String::new(),
    }
}

/// An op line as `origin` numbered it.
fn op_line(
    origin: gridbook::domain::DeviceId,
    scope: &str,
    seq: u64,
    entity: uuid::Uuid,
    body: Body,
) -> Vec<u8> {
    Op::new(
        Header {
            id: OpId(uuid::Uuid::now_v7()),
            origin,
            scope: scope.into(),
            seq,
            hlc: gridbook::oplog::hlc::from_millis(1_795_000_000_000 + (seq % 1000) as i64),
            author: "攻击者".into(),
            entity,
            pred: Vec::new(),
        },
        body,
    )
    .unwrap()
    .raw
}

fn next_seq(d: &Device, origin: gridbook::domain::DeviceId, scope: &str) -> u64 {
    let rows = rusqlite::Connection::open(d.db())
        .unwrap()
        .query_row(
            "SELECT coalesce(max(seq), 0) FROM ops WHERE origin = ?1 AND scope = ?2",
            rusqlite::params![origin.to_string(), scope],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    rows as u64 + 1
}

fn set(field: &str, value: serde_json::Value) -> FieldSet {
    FieldSet {
        field: field.into(),
        value,
        seen: None,
        via: None,
        listed: None,
    }
}

#[test]
fn a_bundle_from_a_device_outside_the_team_is_refused() {
    let mut t = team();
    // A laptop that never joined: a team of one, its own key its team.
    let mut stranger = Device::solo("陌生人");
    stranger.household("999");
    let msg = refused(
        &mut t.office,
        &std::fs::read(stranger.full()).unwrap(),
        "team",
    );
    assert!(msg.contains("陌生人") && msg.contains("outside"), "{msg}");
    // A relay with a fresh key and no certificate, carrying the worker's own genuine ops.
    let lines = op_lines(&std::fs::read(t.worker.full()).unwrap());
    let outsider = Relay::outsider();
    let msg = refused(
        &mut t.office,
        &craft(&outsider, Some(&t.worker), |_| {}, &lines),
        "team",
    );
    assert!(msg.contains("no certificate"), "{msg}");
    // A device that never joined any team accepts no bundle at all.
    let mut solo = Device::solo("单机");
    let msg = refused(&mut solo, &std::fs::read(t.worker.full()).unwrap(), "team");
    assert!(msg.contains("team join"), "{msg}");
}

#[test]
fn a_revoked_device_writes_nothing_new_but_what_it_wrote_before_stands() {
    let mut t = team();
    let member_id = t.member.store.device();
    // The member writes once more before the office revokes it, and the office holds that.
    let h2 = t.member.store.write(|w| {
        w.create_household(&NewHousehold {
            grid: "第二网格".into(),
            address: Address::new("和平小区", "1", "1", "101"),
            household_no: String::new(),
            note: String::new(),
        })
    });
    let h2 = h2.unwrap();
    t.office.import(&t.member.delta_for(&t.office));
    let upto = t.office.store.held_seqs(member_id).unwrap();
    let revocation = RevokeBody {
        team: hex::encode(sync_support::team().pk),
        device: member_id,
        upto,
        issued: 10_000_000,
    }
    .sign(&team_key());
    t.office.store.write(|w| w.revoke(&revocation)).unwrap();
    // Its next change is refused, from it directly ...
    t.member
        .store
        .write(|w| w.set_household(h2, HouseholdField::Note("吊销以后写的".into())))
        .unwrap();
    let late_delta = std::fs::read(t.member.delta_for(&t.office)).unwrap();
    let msg = refused(&mut t.office, &late_delta, "revoked");
    assert!(msg.contains("李强"), "{msg}");
    // The worker, not knowing yet, takes it; once it hears of the revocation from the office
    // it no longer passes it on, so its own bundles still go through.
    let for_worker = t.member.delta_for(&t.worker);
    // The household it made before the revocation and the note it wrote after.
    assert_eq!(t.worker.import(&for_worker).new_ops, 2);
    t.worker.import(&t.office.delta_for(&t.worker));
    let to_office = t.worker.dir.path().join("to-office.gbx");
    let summary = t
        .worker
        .export_with(Target::Peer(t.office.id()), Encryption::None, &to_office)
        .unwrap();
    assert_eq!(summary.left_out, 1);
    t.office.import(&to_office);
    // Relayed by hand, it is refused at the worker too.
    let late = std::fs::read(t.member.full()).unwrap();
    let relay = Relay::of(&mut t.worker);
    let msg = refused(
        &mut t.worker,
        &craft(&relay, Some(&t.member), |_| {}, &op_lines(&late)),
        "revoked",
    );
    assert!(msg.contains("came after"), "{msg}");
    // What it wrote before stands everywhere, and a new device gets it from the office.
    let mut fresh = Device::new("新电脑");
    fresh.import(&t.office.full());
    assert!(fresh.store.household(h2).unwrap().is_some());
    fresh.check();
    t.office.check();
}

#[test]
fn a_team_member_relaying_another_devices_change_altered_is_refused() {
    let mut t = team();
    // The worker's note, genuinely made, on its way through the member's laptop.
    t.worker
        .store
        .write(|w| w.set_household(t.household, HouseholdField::Note("门口有狗".into())))
        .unwrap();
    let lines = op_lines(&std::fs::read(t.worker.delta_for(&t.office)).unwrap());
    let altered: Vec<Vec<u8>> = lines
        .iter()
        .map(|l| {
            String::from_utf8(l.clone())
                .unwrap()
                .replace("门口有狗", "门口没狗")
                .into_bytes()
        })
        .collect();
    assert_ne!(altered, lines);
    // The member recomputes every hash and link and signs the heads with its own key.
    let relay = Relay::of(&mut t.member);
    let msg = refused(
        &mut t.office,
        &craft_forged(&relay, Some(&t.worker), &altered),
        "head",
    );
    assert!(msg.contains("王芳"), "{msg}");
    // Unaltered but re-signed by the member: refused too (only the origin signs its head).
    let msg = refused(
        &mut t.office,
        &craft_forged(&relay, Some(&t.worker), &lines),
        "head",
    );
    assert!(msg.contains("王芳"), "{msg}");
    // Passed on as it came (the worker's own heads), it is accepted.
    let ok = t
        .office
        .import_bytes(&craft(&relay, Some(&t.worker), |_| {}, &lines))
        .unwrap();
    assert_eq!(ok.new_ops, 1);
}

#[test]
fn nothing_may_claim_the_importing_devices_own_origin() {
    let mut t = team();
    let own = t.office.store.device();
    let relay = Relay::of(&mut t.member);
    // The attack from the field trial: the office's own origin at seq 2^63-1, so that its own
    // next write would fail.
    let forged = op_line(
        own,
        "第一网格",
        i64::MAX as u64,
        t.household.0,
        Body::HouseholdSet(set("note", serde_json::json!("来自伪造的办公室"))),
    );
    let msg = refused(
        &mut t.office,
        &craft(&relay, None, |_| {}, &[forged]),
        "origin",
    );
    assert!(msg.contains("this device never made it"), "{msg}");
    // The office writes on as before.
    t.office
        .store
        .write(|w| w.set_household(t.household, HouseholdField::Note("办公室写的".into())))
        .unwrap();
    // Its own genuine ops coming back through another device are fine.
    t.worker.import(&t.office.delta_for(&t.worker));
    let back = t.worker.full();
    t.office.import(&back);
    t.office.check();
}

#[test]
fn a_sequence_number_taken_ahead_of_its_owner_is_refused_and_the_owner_goes_on() {
    let mut t = team();
    let worker_id = t.worker.store.device();
    let seq = next_seq(&t.worker, worker_id, "第一网格");
    let taken = op_line(
        worker_id,
        "第一网格",
        seq,
        t.household.0,
        Body::HouseholdSet(set("note", serde_json::json!("抢先的"))),
    );
    let relay = Relay::of(&mut t.member);
    let msg = refused(
        &mut t.office,
        &craft_forged(&relay, Some(&t.worker), &[taken]),
        "head",
    );
    assert!(msg.contains("王芳"), "{msg}");
    // The worker's genuine change with that number then goes through (the format-1 attack
    // made the office refuse it as "a cloned database").
    t.worker
        .store
        .write(|w| w.set_household(t.household, HouseholdField::Note("真的".into())))
        .unwrap();
    let r = t.office.import(&t.worker.delta_for(&t.office));
    assert_eq!(r.new_ops, 1);
}

#[test]
fn a_sequence_number_beyond_i64_is_refused() {
    let mut t = team();
    let relay = Relay::new();
    let line = op_line(
        relay.keys.device,
        "第一网格",
        u64::MAX,
        t.household.0,
        Body::HouseholdSet(set("note", serde_json::json!("x"))),
    );
    let msg = refused(
        &mut t.office,
        &craft(&relay, None, |_| {}, &[line]),
        "sequence",
    );
    assert!(msg.contains("中转设备"), "{msg}");
}

#[test]
fn a_change_outside_the_origins_grids_is_refused() {
    let mut t = team();
    // Through its own database: the member (第二网格) edits the worker's household (第一网格).
    t.member
        .store
        .write(|w| w.set_household(t.household, HouseholdField::Note("越界".into())))
        .unwrap();
    let delta = std::fs::read(t.member.delta_for(&t.office)).unwrap();
    let msg = refused(&mut t.office, &delta, "scope");
    assert!(msg.contains("李强") && msg.contains("第一网格"), "{msg}");
    // Lying about the scope: the same change filed under its own grid.
    let member_id = t.member.store.device();
    let relay = Relay::of(&mut t.member);
    for (entity, body) in [
        (
            t.person.0,
            Body::MemberSet(set("phone", serde_json::json!("18000000000"))),
        ),
        (
            t.household.0,
            Body::HouseholdSet(set("archived", serde_json::json!(true))),
        ),
        (
            t.household.0,
            Body::HouseholdSet(set("grid", serde_json::json!("第二网格"))),
        ),
    ] {
        let seq = next_seq(&t.member, member_id, "第二网格");
        let line = op_line(member_id, "第二网格", seq, entity, body);
        let msg = refused(
            &mut t.office,
            &craft(&relay, Some(&t.member), |_| {}, &[line]),
            "scope",
        );
        assert!(msg.contains("第一网格"), "{msg}");
    }
    let phone = t.office.store.member(t.person).unwrap().unwrap();
    assert_eq!(
        phone.phone.map(|p| p.to_string()).as_deref(),
        Some("13799999999")
    );
    // The office may write any grid; the worker its own.
    t.worker
        .store
        .write(|w| w.set_member(t.person, MemberField::Note("本网格的".into())))
        .unwrap();
    t.office.import(&t.worker.delta_for(&t.office));
}

#[test]
fn keys_and_labels_change_only_through_the_team() {
    let mut t = team();
    let worker_id = t.worker.store.device();
    let member_id = t.member.store.device();
    let relay = Relay::of(&mut t.member);
    let stranger_keys = stranger();
    let cases = [
        // Another device's keys and label (the worker's), from the member.
        (
            worker_id.0,
            DeviceEnrol {
                label: "假的王芳".into(),
                sign_pk: Some(hex::encode(stranger_keys.sign_pk())),
                age_pk: Some(stranger_keys.recipient()),
            },
        ),
        // Its own keys replaced without a new certificate.
        (
            member_id.0,
            DeviceEnrol {
                label: "李强".into(),
                sign_pk: Some(hex::encode(stranger_keys.sign_pk())),
                age_pk: None,
            },
        ),
        (
            member_id.0,
            DeviceEnrol {
                label: "李强".into(),
                sign_pk: None,
                age_pk: Some(stranger_keys.recipient()),
            },
        ),
    ];
    for (entity, enrol) in cases {
        let seq = next_seq(&t.member, member_id, "*");
        let line = op_line(member_id, "*", seq, entity, Body::DeviceEnrol(enrol));
        refused(
            &mut t.office,
            &craft(&relay, Some(&t.member), |_| {}, &[line]),
            "keys",
        );
    }
    // The office's record of the worker and this device's own identity are as they were.
    let office_id = t.office.store.device();
    let seq = next_seq(&t.member, member_id, "*");
    let relabel_office = op_line(
        member_id,
        "*",
        seq,
        office_id.0,
        Body::DeviceEnrol(DeviceEnrol {
            label: "被改名的办公室".into(),
            sign_pk: None,
            age_pk: None,
        }),
    );
    refused(
        &mut t.office,
        &craft(&relay, Some(&t.member), |_| {}, &[relabel_office]),
        "keys",
    );
    assert_eq!(t.office.store.label(), "office");
    let worker_cert = t.office.store.certificate(worker_id).unwrap().unwrap();
    assert_eq!(worker_cert.label, "王芳");
    // A certificate for this device with keys that are not its own (signed by the team: a
    // stolen team key is the one thing this cannot stop, but not a certificate from elsewhere).
    let mut forged =
        sync_support::certificate(&stranger_keys, "office", Role::Office, &[], 99_999_999);
    forged.body.device = office_id;
    let forged = forged.body.clone().sign(&stranger_team());
    let seq = next_seq(&t.member, member_id, "*");
    let line = op_line(member_id, "*", seq, office_id.0, Body::TeamCertify(forged));
    refused(
        &mut t.office,
        &craft(&relay, Some(&t.member), |_| {}, &[line]),
        "certificate",
    );
}

fn stranger_team() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7u8; 32])
}

#[test]
fn an_unencrypted_bundle_needs_allow_plain_and_format_1_is_refused_as_older() {
    let mut t = team();
    let plain = std::fs::read(t.worker.full()).unwrap();
    let before = t.office.full_dump();
    let err = import_bytes(
        &mut t.office.store,
        &plain,
        &ImportOptions::default(),
        &mut |_, _, _| {},
    )
    .unwrap_err();
    assert_eq!(err.check(), Some("encryption"), "{err}");
    assert!(err.to_string().contains("--allow-plain"), "{err}");
    assert_eq!(t.office.full_dump(), before);
    // Encrypted for the office, it needs nothing more.
    let sealed = t.worker.dir.path().join("sealed.gbx");
    t.worker
        .export_with(Target::Full, Encryption::Team, &sealed)
        .unwrap();
    let r = import_bytes(
        &mut t.office.store,
        &std::fs::read(&sealed).unwrap(),
        &ImportOptions::default(),
        &mut |_, _, _| {},
    )
    .unwrap();
    assert!(r.encrypted);
    // A format-1 header.
    let old = String::from_utf8(plain)
        .unwrap()
        .replacen("\"fmt\":[2,0]", "\"fmt\":[1,0]", 1)
        .into_bytes();
    let msg = refused(&mut t.office, &old, "format");
    assert!(
        msg.contains("older gridbook") && msg.contains("export again"),
        "{msg}"
    );
}

#[test]
fn bundles_are_compressed_inside_the_encryption() {
    let mut t = team();
    for room in 0..40 {
        t.worker.household(&format!("{room:03}"));
    }
    let plain = std::fs::read(t.worker.full()).unwrap();
    let sealed = t.worker.dir.path().join("sealed.gbx");
    t.worker
        .export_with(Target::Full, Encryption::Team, &sealed)
        .unwrap();
    let sealed = std::fs::read(sealed).unwrap();
    assert!(
        sealed.len() * 3 < plain.len(),
        "{} bytes sealed, {} plain",
        sealed.len(),
        plain.len()
    );
}
