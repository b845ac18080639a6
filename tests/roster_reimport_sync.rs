//! Roster re-imports on devices that exchange bundles: a value settled in the review list and a
//! change from another device are kept, the base an import wrote travels with its ops, and a
//! conflict a roster opens closes everywhere once settled.

#![allow(clippy::unwrap_used)]

mod sync_support;

use std::path::Path;

use gridbook::domain::{MemberId, Phone};
use gridbook::roster::{PlanOptions, plan_bytes};
use gridbook::store::households::MemberField;
use gridbook::store::roster_import::{ImportOptions, ImportReport, KeptBecause, WhyKind};
use serde_json::json;
use sync_support::*;

fn sample() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster_sample.csv");
    std::fs::read_to_string(path).unwrap()
}

fn import(d: &mut Device, text: &str) -> ImportReport {
    d.tick();
    let plan = plan_bytes(text.as_bytes(), "t.csv", &PlanOptions::new(now().date())).unwrap();
    d.store
        .import_roster(&plan, &ImportOptions::default(), &mut |_, _| {})
        .unwrap()
}

fn member(d: &Device, name: &str) -> MemberId {
    let rows = sync_support::dump_tables(&d.db(), &["members:id, name"]);
    let line = rows
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} not in {rows}"));
    let id = line
        .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find(|s| s.len() == 36)
        .unwrap();
    MemberId::parse(id).unwrap()
}

fn phone_of(d: &Device, m: MemberId) -> String {
    d.store
        .member(m)
        .unwrap()
        .unwrap()
        .phone
        .map(|p| p.as_str().to_string())
        .unwrap_or_default()
}

fn set_phone(d: &mut Device, m: MemberId, number: &str) {
    d.tick();
    d.store
        .write(|w| w.set_member(m, MemberField::Phone(Some(Phone::parse(number).unwrap()))))
        .unwrap();
}

#[test]
fn a_value_settled_in_the_review_list_is_kept_by_the_next_import() {
    let mut a = Device::new("A");
    let mut b = Device::new("B");
    import(&mut a, &sample());
    a.send_full_to(&mut b);
    let zhou = member(&a, "周慧");
    set_phone(&mut a, zhou, "13712349999");
    set_phone(&mut b, zhou, "13755556666");
    let (fa, fb) = (a.full(), b.full());
    b.import(&fa);
    assert_eq!(a.import(&fb).conflicts_opened, 1);
    a.tick();
    a.store
        .write(|w| w.resolve_conflict(zhou.0, "phone", json!("13712349999")))
        .unwrap();
    let report = import(&mut a, &sample());
    assert_eq!(phone_of(&a, zhou), "13712349999");
    assert_eq!(report.ops, 0);
    assert_eq!(report.kept.len(), 1, "{:?}", report.kept);
    let k = &report.kept[0];
    assert_eq!(
        (
            k.field,
            k.kept.as_str(),
            k.roster.as_str(),
            k.because,
            k.why.kind
        ),
        (
            "phone",
            "137****9999",
            "131****8194",
            KeptBecause::RosterUnchanged,
            WhyKind::Review
        )
    );
    a.check();
}

#[test]
fn a_change_from_another_device_is_kept_and_named_by_its_device() {
    let mut a = Device::new("A");
    let mut b = Device::new("Laptop-Li");
    import(&mut a, &sample());
    a.send_full_to(&mut b);
    let zhou = member(&a, "周慧");
    set_phone(&mut b, zhou, "13712349999");
    b.send_full_to(&mut a);
    let report = import(&mut a, &sample());
    assert_eq!(phone_of(&a, zhou), "13712349999");
    assert_eq!(report.ops, 0);
    assert_eq!(report.kept.len(), 1);
    let k = &report.kept[0];
    assert_eq!(k.why.kind, WhyKind::Bundle);
    assert_eq!(k.why.device.as_deref(), Some("Laptop-Li"));
    a.check();
}

#[test]
fn the_base_travels_with_the_ops_and_a_roster_conflict_closes_everywhere() {
    let mut office = Device::new("Office");
    let mut worker = Device::new("Worker");
    // The office imports the roster; the worker gets it by bundle, never by file.
    import(&mut office, &sample());
    office.send_full_to(&mut worker);
    let zhou = member(&worker, "周慧");
    set_phone(&mut worker, zhou, "13712349999");
    // The worker imports the same file the office did: the office's import is the base.
    let same = import(&mut worker, &sample());
    assert_eq!(same.ops, 0);
    assert_eq!(same.kept.len(), 1);
    assert_eq!(phone_of(&worker, zhou), "13712349999");
    // The office changes the phone in its file and imports it, not knowing the worker's.
    let changed = sample().replace(",13124628194,", ",18299999223,");
    let r = import(&mut office, &changed);
    assert_eq!(r.members_updated, 1);
    worker.send_full_to(&mut office);
    office.send_full_to(&mut worker);
    for d in [&office, &worker] {
        let conflicts = d.store.open_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "on {}", d.store.label());
        assert_eq!(conflicts[0].field, "phone");
    }
    assert_eq!(office.data_dump(), worker.data_dump());
    worker.tick();
    worker
        .store
        .write(|w| w.resolve_conflict(zhou.0, "phone", json!("13712349999")))
        .unwrap();
    worker.send_full_to(&mut office);
    assert!(office.store.open_conflicts().unwrap().is_empty());
    assert_eq!(phone_of(&office, zhou), "13712349999");
    // Either of them importing the changed file now keeps the settled phone.
    for d in [&mut office, &mut worker] {
        let r = import(d, &changed);
        assert_eq!(r.ops, 0);
        assert_eq!(phone_of(d, zhou), "13712349999");
        d.check();
    }
}

#[test]
fn a_conflict_with_the_value_a_person_was_added_with_is_the_same_on_every_device() {
    use gridbook::domain::Relation;
    use gridbook::store::households::NewMember;
    let mut office = Device::new("Office");
    let mut worker = Device::new("Worker");
    let mut third = Device::new("Third");
    import(&mut office, &sample());
    office.send_full_to(&mut worker);
    // The worker adds 王小二 with a phone; the office's next roster lists him with another.
    let wang = member(&worker, "王宁");
    let household = worker.store.member(wang).unwrap().unwrap().household;
    worker.tick();
    let added = worker
        .store
        .write(|w| {
            w.add_member(
                household,
                &NewMember {
                    name: "王小二".into(),
                    relation: Relation::Grandson,
                    gender: None,
                    birth: None,
                    id_number: None,
                    phone: Some(Phone::parse("13811112222").unwrap()),
                    tags: vec![],
                    note: String::new(),
                },
            )
        })
        .unwrap();
    let to_office = worker.full();
    office.import(&to_office);
    let listed = format!(
        "{}\n第一网格,华家园,18栋,1单元,1201,H00001,王小二,孙子,,,15900000002,,",
        sample().trim_end()
    );
    let r = import(&mut office, &listed);
    assert_eq!(r.conflicts_opened, 1, "{:?}", r.conflicts);
    assert_eq!(r.conflicts[0].because, KeptBecause::NeverImported);
    // The third device gets the office's ops before the worker's own bundle arrives there.
    let from_office = office.full();
    third.import(&from_office);
    worker.import(&from_office);
    for d in [&office, &worker, &third] {
        let conflicts = d.store.open_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "on {}", d.store.label());
        let mut values: Vec<String> = conflicts[0]
            .heads
            .iter()
            .map(|h| h.value.as_str().unwrap().to_string())
            .collect();
        values.sort();
        assert_eq!(values, ["13811112222", "15900000002"]);
        d.check();
    }
    assert_eq!(office.data_dump(), worker.data_dump());
    assert_eq!(office.data_dump(), third.data_dump());
    // Settled on the worker's laptop, closed everywhere.
    worker.tick();
    worker
        .store
        .write(|w| w.resolve_conflict(added.0, "phone", json!("13811112222")))
        .unwrap();
    let settled = worker.full();
    office.import(&settled);
    third.import(&settled);
    for d in [&office, &worker, &third] {
        assert!(d.store.open_conflicts().unwrap().is_empty());
        assert_eq!(phone_of(d, added), "13811112222");
        d.check();
    }
}
