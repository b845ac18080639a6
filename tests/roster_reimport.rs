//! Re-importing a roster is a three-way merge (STYLE.md): a roster cell changes a field only
//! when the office changed it since the last import; a change made in the field since then is
//! kept, and a field both changed becomes a conflict in the review list. Real databases, the
//! store API the visit form, the member form and the review list use, and the vendored sample.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use chrono::NaiveDateTime;
use common::{Env, app_for, date, press, screen, sql_rows, typed};
use gridbook::domain::{Checklist, MemberId, Phone, Relation, Tag, Visit, VisitId, VisitMode};
use gridbook::i18n::Lang;
use gridbook::roster::{PlanOptions, RosterPlan, plan_bytes};
use gridbook::store::Store;
use gridbook::store::households::{MemberField, NewMember};
use gridbook::store::roster_import::{ImportOptions, ImportReport, Kept, KeptBecause, WhyKind};
use gridbook::ui::action::Action;
use serde_json::json;

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    date(y, m, d).and_hms_opt(10, 0, 0).unwrap()
}

fn sample() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster_sample.csv");
    std::fs::read_to_string(path).unwrap()
}

/// The sample with `from` replaced by `to` on the line of `name` only.
fn sample_with(name: &str, from: &str, to: &str) -> String {
    let text = sample();
    let needle = format!(",{name},");
    let mut hit = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.contains(&needle) {
                assert!(l.contains(from), "{from} not on the line of {name}: {l}");
                hit = true;
                l.replacen(from, to, 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(hit, "no line for {name}");
    lines.join("\n")
}

fn plan(text: &str) -> RosterPlan {
    plan_bytes(
        text.as_bytes(),
        "t.csv",
        &PlanOptions::new(date(2026, 11, 23)),
    )
    .unwrap()
}

fn import(store: &mut Store, text: &str) -> ImportReport {
    store
        .import_roster(&plan(text), &ImportOptions::default(), &mut |_, _| {})
        .unwrap()
}

fn dry_run(store: &mut Store, text: &str) -> ImportReport {
    store
        .import_roster(
            &plan(text),
            &ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap()
}

fn member_id(env: &Env, name: &str) -> MemberId {
    let rows = sql_rows(
        &env.db(),
        &format!("SELECT id FROM members WHERE name = '{name}'"),
    );
    assert_eq!(rows.len(), 1, "{name}");
    MemberId::parse(&rows[0][0]).unwrap()
}

/// A column of the member called `name` (the sample has two 李宁: this is the one at 18栋).
fn column(env: &Env, name: &str, col: &str) -> String {
    let rows = sql_rows(
        &env.db(),
        &format!(
            "SELECT {col} FROM members WHERE name = '{name}'
             AND (name <> '李宁' OR id_number = '520323195006266279')"
        ),
    );
    assert_eq!(rows.len(), 1, "{name}");
    rows[0][0].clone()
}

fn phone(s: &str) -> Phone {
    Phone::parse(s).unwrap()
}

fn check(store: &Store) {
    let report = store.check(&mut |_, _| {}).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// A visit now (by the store's clock), as the visit form records it.
fn visit_now(store: &Store, member: MemberId) -> Visit {
    let household = store.member(member).unwrap().unwrap().household;
    Visit {
        id: VisitId(uuid::Uuid::now_v7()),
        household,
        at: store.clock().now_local() - chrono::TimeDelta::minutes(30),
        mode: VisitMode::InPerson,
        visitor: "王芳".into(),
        companions: vec![],
        checklist: Checklist::default(),
    }
}

/// A new phone recorded on a visit, the way the visit form saves it: the visit, then the
/// household-record changes, in one transaction.
fn phone_on_a_visit(store: &mut Store, member: MemberId, number: &str) {
    let visit = visit_now(store, member);
    store
        .write(|w| {
            w.record_visit(&visit)?;
            w.set_member(member, MemberField::Phone(Some(phone(number))))?;
            Ok(())
        })
        .unwrap();
}

fn kept_line(k: &Kept) -> (&str, &str, &str, &str, KeptBecause, WhyKind) {
    (
        k.name.as_str(),
        k.field,
        k.kept.as_str(),
        k.roster.as_str(),
        k.because,
        k.why.kind,
    )
}

/// The first import at 2026-11-23 10:00.
fn imported(env: &Env) {
    let mut store = env.open_at(at(2026, 11, 23));
    let first = import(&mut store, &sample());
    assert_eq!(first.members_created, 151);
}

#[test]
fn a_phone_changed_on_a_visit_is_kept_when_the_unchanged_roster_comes_again() {
    let env = Env::new();
    imported(&env);
    let zhou = member_id(&env, "周慧");
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 1)), zhou, "13712349999");

    let mut store = env.open_at(at(2026, 12, 5));
    let dry = dry_run(&mut store, &sample());
    let report = import(&mut store, &sample());
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    assert_eq!((report.ops, report.members_updated), (0, 0));
    assert_eq!(report.members_unchanged, 151);
    assert!(report.changes.is_empty());
    assert_eq!(report.kept.len(), 1, "{:?}", report.kept);
    let k = &report.kept[0];
    assert_eq!(
        kept_line(k),
        (
            "周慧",
            "phone",
            "137****9999",
            "131****8194",
            KeptBecause::RosterUnchanged,
            WhyKind::Visit
        )
    );
    assert_eq!(k.why.on, date(2026, 12, 1));
    assert_eq!(k.why.device, None);
    assert_eq!(k.member, Some(zhou));
    assert!(report.conflicts.is_empty());
    // The dry run said exactly this.
    let mut dry = dry.clone();
    dry.dry_run = false;
    assert_eq!(dry, report);
    // The same import again: the same report, still nothing written.
    let again = import(&mut store, &sample());
    assert_eq!((again.ops, again.kept.clone()), (0, report.kept.clone()));
    check(&store);
}

#[test]
fn a_phone_changed_in_the_member_form_is_kept_and_said_so() {
    let env = Env::new();
    imported(&env);
    {
        let mut store = env.open_at(at(2026, 12, 2));
        let mut app = app_for(&mut store, Lang::En, (100, 30));
        // Find 王宁's household, open it, and edit the second member, 周慧.
        press(&mut app, &mut store, &[Action::Search]);
        press(&mut app, &mut store, &typed("王宁"));
        press(
            &mut app,
            &mut store,
            &[Action::Open, Action::Down, Action::Edit],
        );
        let form = screen(&app);
        assert!(
            form.lines()
                .any(|l| l.contains("Name") && l.contains("周慧")),
            "the member form for 周慧: {form}"
        );
        // Name, relation, gender, ID number, birth, then the phone.
        press(&mut app, &mut store, &vec![Action::NextField; 5]);
        press(&mut app, &mut store, &vec![Action::Backspace; 11]);
        press(&mut app, &mut store, &typed("13712349999"));
        press(&mut app, &mut store, &[Action::Save]);
    }
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &sample());
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    assert_eq!(report.ops, 0);
    assert_eq!(report.kept.len(), 1, "{:?}", report.kept);
    assert_eq!(
        kept_line(&report.kept[0]),
        (
            "周慧",
            "phone",
            "137****9999",
            "131****8194",
            KeptBecause::RosterUnchanged,
            WhyKind::Form
        )
    );
    assert_eq!(report.kept[0].why.on, date(2026, 12, 2));
    check(&store);
}

#[test]
fn an_office_change_applies_beside_a_field_change_that_is_kept() {
    let env = Env::new();
    imported(&env);
    let zhou = member_id(&env, "周慧");
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 1)), zhou, "13712349999");
    // The office gives 周慧 a tag and corrects 李宁's phone; nobody touched either.
    let office = sample_with("周慧", ",13124628194,,", ",13124628194,低保户,")
        .replace(",13121993518,", ",13121990000,");
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &office);
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    assert_eq!(column(&env, "周慧", "tags"), "[\"低保户\"]");
    assert_eq!(column(&env, "李宁", "phone"), "13121990000");
    assert_eq!((report.members_updated, report.ops), (2, 2));
    let updated: Vec<(&str, &str)> = report
        .updates()
        .flat_map(|c| c.fields.iter().map(|f| (c.name.as_str(), f.field)))
        .collect();
    assert_eq!(updated, [("周慧", "tags"), ("李宁", "phone")]);
    assert_eq!(report.kept.len(), 1);
    assert_eq!(report.kept[0].field, "phone");
    assert!(report.conflicts.is_empty());
    // The office's values are now the base: the same file again changes nothing.
    let again = import(&mut store, &office);
    assert_eq!(again.ops, 0);
    // And an office that puts the old phone back for 李宁 is applied again.
    let back = import(&mut store, &sample());
    assert_eq!(column(&env, "李宁", "phone"), "13121993518");
    assert_eq!(back.members_updated, 2, "李宁's phone and 周慧's tag");
    check(&store);
}

#[test]
fn a_field_changed_both_in_the_field_and_by_the_office_is_a_conflict_to_settle() {
    let env = Env::new();
    imported(&env);
    let zhou = member_id(&env, "周慧");
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 1)), zhou, "13712349999");
    let office = sample_with("周慧", ",13124628194,", ",18299999223,");
    let mut store = env.open_at(at(2026, 12, 5));
    let dry = dry_run(&mut store, &office);
    assert!(
        store.open_conflicts().unwrap().is_empty(),
        "the dry run wrote"
    );
    let report = import(&mut store, &office);
    assert_eq!(report.conflicts_opened, 1);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(
        kept_line(&report.conflicts[0]),
        (
            "周慧",
            "phone",
            "137****9999",
            "182****9223",
            KeptBecause::BothChanged,
            WhyKind::Visit
        )
    );
    assert!(report.kept.is_empty());
    assert_eq!((report.members_updated, report.ops), (0, 1));
    let mut dry = dry.clone();
    dry.dry_run = false;
    assert_eq!(dry, report);
    // Both values are in the review list.
    let conflicts = store.open_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].entity, zhou.0);
    assert_eq!(conflicts[0].field, "phone");
    let mut values: Vec<String> = conflicts[0]
        .heads
        .iter()
        .map(|h| h.value.as_str().unwrap().to_string())
        .collect();
    values.sort();
    assert_eq!(values, ["13712349999", "18299999223"]);
    check(&store);
    // The same file again: the conflict stays as it is, nothing more is written.
    let again = import(&mut store, &office);
    assert_eq!((again.ops, again.conflicts_opened), (0, 0));
    assert_eq!(store.open_conflicts().unwrap().len(), 1);

    // Settled in the review list: keep the phone from the visit.
    store
        .write(|w| w.resolve_conflict(zhou.0, "phone", json!("13712349999")))
        .unwrap();
    assert!(store.open_conflicts().unwrap().is_empty());
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    let settled = import(&mut store, &office);
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    assert_eq!(settled.ops, 0);
    assert!(settled.conflicts.is_empty());
    assert_eq!(settled.kept.len(), 1);
    assert_eq!(
        kept_line(&settled.kept[0]),
        (
            "周慧",
            "phone",
            "137****9999",
            "182****9223",
            KeptBecause::RosterUnchanged,
            WhyKind::Review
        )
    );
    assert!(store.open_conflicts().unwrap().is_empty());
    check(&store);
}

#[test]
fn a_partial_file_reports_as_missing_only_people_of_the_households_it_lists() {
    let env = Env::new();
    imported(&env);
    // One household of 华家园 (18栋 1201), without 李宁.
    let text = sample();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines
        .filter(|l| l.contains(",H00001,") && !l.contains(",李宁,"))
        .collect();
    assert_eq!(rows.len(), 4);
    let partial = format!("{header}\n{}\n", rows.join("\n"));
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &partial);
    assert_eq!((report.ops, report.members_unchanged), (0, 4));
    let missing: Vec<&str> = report.missing.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(missing, ["李宁"]);
    check(&store);
}

#[test]
fn tags_follow_the_office_tag_by_tag_and_keep_those_added_in_the_field() {
    let env = Env::new();
    imported(&env);
    assert_eq!(column(&env, "王宁", "tags"), "[\"党员\"]");
    let wang = member_id(&env, "王宁");
    {
        let mut store = env.open_at(at(2026, 12, 1));
        store
            .write(|w| {
                w.set_member(
                    wang,
                    MemberField::Tags(vec![
                        Tag::new("党员").unwrap(),
                        Tag::new("独居老人").unwrap(),
                    ]),
                )
            })
            .unwrap();
    }
    // The office drops 党员 (the cell is blank, the column is there) and adds 退役军人.
    let office = sample_with("王宁", ",15090996030,党员,", ",15090996030,退役军人,");
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &office);
    assert_eq!(column(&env, "王宁", "tags"), "[\"独居老人\",\"退役军人\"]");
    assert!(report.conflicts.is_empty());
    assert_eq!(report.members_updated, 1);
    assert_eq!(report.kept.len(), 1);
    assert_eq!(report.kept[0].field, "tags");
    assert_eq!(report.kept[0].kept, "独居老人、退役军人");
    assert_eq!(report.kept[0].roster, "退役军人");
    // The same file again changes nothing; a blank cell then removes the office's tag only.
    assert_eq!(import(&mut store, &office).ops, 0);
    let blank = sample_with("王宁", ",15090996030,党员,", ",15090996030,,");
    let removed = import(&mut store, &blank);
    assert_eq!(removed.members_updated, 1);
    assert_eq!(column(&env, "王宁", "tags"), "[\"独居老人\"]");
    check(&store);
}

#[test]
fn the_office_removing_a_tag_nobody_touched_removes_it() {
    let env = Env::new();
    imported(&env);
    let blank = sample_with("陶兰英", ",党员、独居老人,", ",独居老人,");
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &blank);
    assert_eq!(column(&env, "陶兰英", "tags"), "[\"独居老人\"]");
    assert_eq!(report.members_updated, 1);
    assert!(report.kept.is_empty() && report.conflicts.is_empty());
    let tagged = sql_rows(
        &env.db(),
        "SELECT t.tag FROM member_tags t JOIN members m ON m.id = t.member WHERE m.name = '陶兰英'",
    );
    assert_eq!(tagged, [["独居老人"]]);
    check(&store);
}

fn added(name: &str, phone_number: Option<&str>) -> NewMember {
    NewMember {
        name: name.into(),
        relation: Relation::Grandson,
        gender: None,
        birth: None,
        id_number: None,
        phone: phone_number.map(phone),
        tags: vec![],
        note: String::new(),
    }
}

#[test]
fn a_person_added_in_gridbook_is_filled_from_the_roster_but_never_overwritten() {
    let env = Env::new();
    imported(&env);
    let wang = member_id(&env, "王宁");
    // Three people added in gridbook before the office lists them (matched by name).
    let (a, b, c) = {
        let mut store = env.open_at(at(2026, 12, 1));
        let household = store.member(wang).unwrap().unwrap().household;
        store
            .write(|w| {
                let a = w.add_member(household, &added("王小一", None))?;
                let b = w.add_member(household, &added("王小二", Some("13811112222")))?;
                let c = w.add_member(household, &added("王小三", Some("13833334444")))?;
                w.set_member(c, MemberField::Phone(Some(phone("13855556666"))))?;
                Ok((a, b, c))
            })
            .unwrap()
    };
    let mut office = sample().trim_end().to_string();
    for (name, number) in [
        ("王小一", "15900000001"),
        ("王小二", "15900000002"),
        ("王小三", "15900000003"),
    ] {
        office.push_str(&format!(
            "\n第一网格,华家园,18栋,1单元,1201,H00001,{name},孙子,,,{number},,"
        ));
    }
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &office);
    // A blank phone is filled.
    assert_eq!(column(&env, "王小一", "phone"), "15900000001");
    // A phone given when the person was added: both kept, for review.
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    assert_eq!(
        kept_line(&report.conflicts[0]),
        (
            "王小二",
            "phone",
            "138****2222",
            "159****0002",
            KeptBecause::NeverImported,
            WhyKind::Added
        )
    );
    let conflicts = store.open_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].entity, b.0);
    // A phone changed since the person was added: kept.
    assert_eq!(column(&env, "王小三", "phone"), "13855556666");
    assert_eq!(report.kept.len(), 1, "{:?}", report.kept);
    assert_eq!(
        kept_line(&report.kept[0]),
        (
            "王小三",
            "phone",
            "138****6666",
            "159****0003",
            KeptBecause::NeverImported,
            WhyKind::Edit
        )
    );
    assert_eq!(report.kept[0].member, Some(c));
    assert_eq!(report.members_updated, 1);
    let _ = a;
    check(&store);
    // Once the roster's value is on record, the next import is a three-way merge.
    let again = import(&mut store, &office);
    assert_eq!((again.ops, again.conflicts_opened), (0, 0));
    check(&store);
}

#[test]
fn a_person_the_office_moves_is_moved_and_moved_back() {
    let env = Env::new();
    imported(&env);
    // 李柳 (24栋 1503, H00002) is listed with 王宁's household (H00001).
    let text = sample();
    let moved: Vec<String> = text
        .lines()
        .map(|l| {
            if l.contains(",李柳,") {
                l.replace("24栋,3单元,1503,H00002", "18栋,1单元,1201,H00001")
            } else {
                l.to_string()
            }
        })
        .collect();
    let moved = moved.join("\n");
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &moved);
    assert_eq!(report.members_updated, 1);
    let home = sql_rows(
        &env.db(),
        "SELECT h.household_no FROM members m JOIN households h ON h.id = m.household
         WHERE m.name = '李柳'",
    );
    assert_eq!(home, [["H00001"]]);
    // The old file again: the office moved her back.
    let back = import(&mut store, &sample());
    assert_eq!(back.members_updated, 1);
    assert!(back.kept.is_empty() && back.conflicts.is_empty());
    check(&store);
}

#[test]
fn the_interface_preview_lists_what_it_keeps_and_the_conflicts_it_opens() {
    let env = Env::new();
    imported(&env);
    let zhou = member_id(&env, "周慧");
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 1)), zhou, "13712349999");
    let wang = member_id(&env, "王宁");
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 2)), wang, "13700001111");
    // The office changes 王宁's phone too: a conflict; 周慧's is kept.
    let office = sample_with("王宁", ",15090996030,", ",15000002222,");
    let file = env.path("台账.csv");
    std::fs::write(&file, &office).unwrap();
    let mut store = env.open_at(at(2026, 12, 5));
    let mut app = app_for(&mut store, Lang::En, (120, 40));
    press(&mut app, &mut store, &[Action::ImportRoster]);
    press(&mut app, &mut store, &typed(file.to_str().unwrap()));
    press(&mut app, &mut store, &[Action::Open]);
    // The preview, as the worker reads it.
    let text = common::screen(&app);
    assert!(
        text.contains("Changed here and by the office, both kept for the review list (tab 5): 1"),
        "{text}"
    );
    assert!(
        text.contains(
            "王宁 Phone: 137****1111, changed on a visit on 2026-12-02 (roster: 150****2222)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Kept, changed since the last import (the roster differs): 1"),
        "{text}"
    );
    assert!(
        text.contains(
            "周慧 Phone: 137****9999, changed on a visit on 2026-12-01 (roster: 131****8194)"
        ),
        "{text}"
    );
    let shown = common::screen(&app);
    assert!(shown.contains("周慧 Phone: 137****9999"), "{shown}");
    assert!(
        store.open_conflicts().unwrap().is_empty(),
        "the preview wrote"
    );
    // The import on `y` does what the preview said.
    press(&mut app, &mut store, &[Action::Yes]);
    assert_eq!(store.open_conflicts().unwrap().len(), 1);
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    check(&store);
}

#[test]
fn a_room_corrected_in_the_household_form_is_kept() {
    use gridbook::oplog::op::Via;
    use gridbook::store::households::HouseholdField;
    let env = Env::new();
    imported(&env);
    let wang = member_id(&env, "王宁");
    {
        let mut store = env.open_at(at(2026, 12, 1));
        let household = store.member(wang).unwrap().unwrap().household;
        // As the household form saves it.
        store
            .write(|w| {
                w.mark(Via::Form);
                w.set_household(household, HouseholdField::Room("1202".into()))
            })
            .unwrap();
    }
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &sample());
    assert_eq!(report.ops, 0);
    assert_eq!(report.households_updated, 0);
    assert_eq!(report.kept.len(), 1, "{:?}", report.kept);
    let k = &report.kept[0];
    assert_eq!(
        (
            k.name.as_str(),
            k.field,
            k.kept.as_str(),
            k.roster.as_str(),
            k.member
        ),
        (
            "第一网格 华家园18栋1单元1201室",
            "room",
            "1202",
            "1201",
            None
        )
    );
    assert_eq!(
        (k.because, k.why.kind),
        (KeptBecause::RosterUnchanged, WhyKind::Form)
    );
    let rooms = sql_rows(
        &env.db(),
        "SELECT room FROM households WHERE household_no = 'H00001'",
    );
    assert_eq!(rooms, [["1202"]]);
    check(&store);
}

#[test]
fn a_person_moved_in_the_field_stays_where_they_were_moved() {
    let env = Env::new();
    imported(&env);
    let liu = member_id(&env, "李柳");
    let wang = member_id(&env, "王宁");
    {
        let mut store = env.open_at(at(2026, 12, 1));
        let to = store.member(wang).unwrap().unwrap().household;
        store
            .write(|w| w.set_member(liu, MemberField::Household(to)))
            .unwrap();
    }
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &sample());
    assert_eq!((report.ops, report.members_updated), (0, 0));
    let home = sql_rows(
        &env.db(),
        "SELECT h.household_no FROM members m JOIN households h ON h.id = m.household
         WHERE m.name = '李柳'",
    );
    assert_eq!(home, [["H00001"]]);
    assert_eq!(report.kept.len(), 1, "{:?}", report.kept);
    let k = &report.kept[0];
    assert_eq!(
        (k.field, k.kept.as_str(), k.roster.as_str()),
        (
            "household",
            "第一网格 华家园18栋1单元1201室",
            "第一网格 华家园24栋3单元1503室"
        )
    );
    // Listed in her old household, she is not missing from either.
    assert!(report.missing.is_empty(), "{:?}", report.missing);
    check(&store);
}

#[test]
fn an_office_change_made_in_the_field_first_becomes_the_base_without_a_conflict_later() {
    let env = Env::new();
    imported(&env);
    let zhou = member_id(&env, "周慧");
    // The worker learns the new phone on a visit before the office does.
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 1)), zhou, "18299999223");
    let office = sample_with("周慧", ",13124628194,", ",18299999223,");
    let mut store = env.open_at(at(2026, 12, 5));
    let report = import(&mut store, &office);
    assert_eq!(
        (report.ops, report.bases_recorded, report.members_updated),
        (1, 1, 0)
    );
    assert!(report.kept.is_empty() && report.conflicts.is_empty());
    assert_eq!(column(&env, "周慧", "phone"), "18299999223");
    assert_eq!(import(&mut store, &office).ops, 0);
    drop(store);
    // A later change in the field is kept against the same file: the office did not change
    // anything since its value was recorded.
    phone_on_a_visit(&mut env.open_at(at(2026, 12, 8)), zhou, "13712349999");
    let mut store = env.open_at(at(2026, 12, 9));
    let later = import(&mut store, &office);
    assert!(later.conflicts.is_empty(), "{:?}", later.conflicts);
    assert_eq!(later.kept.len(), 1);
    assert_eq!(later.kept[0].why.on, date(2026, 12, 8));
    assert_eq!(column(&env, "周慧", "phone"), "13712349999");
    check(&store);
}
