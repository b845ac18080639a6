//! Applying roster plans to a real database: matching on re-import, what changes and what does
//! not, dry runs, and all-or-nothing.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{Env, date, sql_rows};
use gridbook::roster::{PlanOptions, RosterPlan, plan_bytes, plan_file};
use gridbook::store::Store;
use gridbook::store::roster_import::{ChangeKind, ImportError, ImportOptions, ImportReport};

const HEADER: &str = "网格,小区,楼栋,单元,门牌号,姓名,与户主关系,性别,身份证号,联系电话,人员类别";

/// Two households of the clean sample's people.
const BASE: &[&str] = &[
    "第一网格,幸福小区,3栋,2单元,401,王宁,户主,男,520323197201315856,15090996030,党员",
    "第一网格,幸福小区,3栋,2单元,401,周慧,配偶,女,520323197206144363,13124628194,",
    "第一网格,幸福小区,3栋,2单元,401,李宁,父亲,男,520323195006266279,,",
    "第一网格,幸福小区,5栋,1单元,101,苏飞,户主,男,520323195704122934,18957491186,",
    "第一网格,幸福小区,5栋,1单元,101,李柳,配偶,女,520323196210063342,13952760189,",
];

fn csv(header: &str, rows: &[&str]) -> String {
    let mut text = format!("{header}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

fn plan(text: &str) -> RosterPlan {
    plan_bytes(
        text.as_bytes(),
        "t.csv",
        &PlanOptions::new(date(2026, 11, 23)),
    )
    .unwrap()
}

fn import(store: &mut Store, plan: &RosterPlan) -> ImportReport {
    store
        .import_roster(plan, &ImportOptions::default(), &mut |_, _| {})
        .unwrap()
}

/// Everything a write could touch, as text.
fn snapshot(db: &Path) -> Vec<Vec<Vec<String>>> {
    [
        "SELECT count(*), max(hlc) FROM ops",
        "SELECT * FROM households ORDER BY id",
        "SELECT * FROM members ORDER BY id",
        "SELECT * FROM member_tags ORDER BY member, tag",
        "SELECT * FROM field_heads ORDER BY entity, field, op_id",
        "SELECT hlc_last FROM device_self",
    ]
    .iter()
    .map(|sql| sql_rows(db, sql))
    .collect()
}

fn names(report: &ImportReport, kind: ChangeKind) -> Vec<String> {
    report
        .changes
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.name.clone())
        .collect()
}

fn edited() -> String {
    csv(
        HEADER,
        &[
            "第一网格,幸福小区,3栋,2单元,401,王宁,户主,男,520323197201315856,15090996030,党员",
            // A new phone.
            "第一网格,幸福小区,3栋,2单元,401,周慧,配偶,女,520323197206144363,13900000001,",
            // 李宁 is gone; 苏飞 gains a tag; 苏桂芝 is new.
            "第一网格,幸福小区,5栋,1单元,101,苏飞,户主,男,520323195704122934,18957491186,低保户",
            "第一网格,幸福小区,5栋,1单元,101,李柳,配偶,女,520323196210063342,13952760189,",
            "第一网格,幸福小区,5栋,1单元,101,苏桂芝,女,女,520323198311107905,,",
        ],
    )
}

#[test]
fn a_first_import_creates_everything_through_the_op_log() {
    let env = Env::new();
    let mut store = env.open();
    let ops_before = store.op_count().unwrap();
    let report = import(&mut store, &plan(&csv(HEADER, BASE)));
    assert_eq!(
        (
            report.households_created,
            report.members_created,
            report.ops
        ),
        (2, 5, 7)
    );
    assert_eq!(store.op_count().unwrap(), ops_before + 7);
    let rows = sql_rows(
        &env.db(),
        "SELECT m.name, m.relation, m.phone, m.tags, h.grid, h.building, h.room
         FROM members m JOIN households h ON h.id = m.household WHERE m.name = '王宁'",
    );
    assert_eq!(
        rows,
        [[
            "王宁",
            "head",
            "15090996030",
            "[\"党员\"]",
            "第一网格",
            "3",
            "401"
        ]]
    );
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn the_same_roster_twice_writes_nothing() {
    let env = Env::new();
    let mut store = env.open();
    let roster = plan(&csv(HEADER, BASE));
    import(&mut store, &roster);
    let before = snapshot(&env.db());
    let again = import(&mut store, &roster);
    assert_eq!(again.ops, 0);
    assert_eq!(
        (
            again.households_created,
            again.households_updated,
            again.households_unchanged
        ),
        (0, 0, 2)
    );
    assert_eq!(
        (
            again.members_created,
            again.members_updated,
            again.members_unchanged
        ),
        (0, 0, 5)
    );
    assert!(again.changes.is_empty() && again.missing.is_empty());
    assert_eq!(snapshot(&env.db()), before);
}

#[test]
fn an_edited_roster_gives_exactly_its_changes() {
    let env = Env::new();
    let mut store = env.open();
    import(&mut store, &plan(&csv(HEADER, BASE)));
    let ops_before = store.op_count().unwrap();
    let report = import(&mut store, &plan(&edited()));
    assert_eq!(
        (
            report.households_created,
            report.households_updated,
            report.households_unchanged
        ),
        (0, 0, 2)
    );
    assert_eq!(
        (
            report.members_created,
            report.members_updated,
            report.members_unchanged
        ),
        (1, 2, 2)
    );
    assert_eq!(report.ops, 3);
    assert_eq!(store.op_count().unwrap(), ops_before + 3);
    assert_eq!(names(&report, ChangeKind::MemberCreated), ["苏桂芝"]);
    let updates: Vec<(String, Vec<&str>, String, String)> = report
        .updates()
        .map(|c| {
            let fields = c.fields.iter().map(|f| f.field).collect();
            let first = &c.fields[0];
            (c.name.clone(), fields, first.old.clone(), first.new.clone())
        })
        .collect();
    assert_eq!(
        updates,
        [
            (
                "周慧".to_string(),
                vec!["phone"],
                "131****8194".to_string(),
                "139****0001".to_string()
            ),
            (
                "苏飞".to_string(),
                vec!["tags"],
                String::new(),
                "低保户".to_string()
            ),
        ]
    );
    let missing: Vec<&str> = report.missing.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(missing, ["李宁"]);
    assert_eq!(
        report.missing[0].id_number.as_deref(),
        Some("5203**********6279")
    );
    // Reported, not deleted.
    let present = sql_rows(&env.db(), "SELECT status FROM members WHERE name = '李宁'");
    assert_eq!(present, [["present"]]);
    let phone = sql_rows(&env.db(), "SELECT phone FROM members WHERE name = '周慧'");
    assert_eq!(phone, [["13900000001"]]);
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn a_dry_run_reports_what_the_real_run_does_and_writes_nothing() {
    let env = Env::new();
    let mut store = env.open();
    import(&mut store, &plan(&csv(HEADER, BASE)));
    let roster = plan(&edited());
    let before = snapshot(&env.db());
    let dry = store
        .import_roster(
            &roster,
            &ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert!(dry.dry_run);
    assert_eq!(snapshot(&env.db()), before, "a dry run wrote something");
    let real = import(&mut store, &roster);
    assert!(!real.dry_run);
    // The same report, but for the ids of what the dry run created and rolled back.
    let strip = |r: &ImportReport| {
        let mut r = r.clone();
        r.dry_run = false;
        for c in &mut r.changes {
            if c.kind == ChangeKind::MemberCreated {
                c.member = None;
            }
        }
        r
    };
    assert_eq!(strip(&dry), strip(&real));
    assert_ne!(snapshot(&env.db()), before);
}

#[test]
fn a_failure_halfway_leaves_nothing_written() {
    let env = Env::new();
    let mut store = env.open();
    import(&mut store, &plan(&csv(HEADER, &BASE[..2])));
    let before = snapshot(&env.db());
    // The second household's member has no name: the store refuses it after the first
    // household's new member and the second household were already written in the transaction.
    let mut roster = plan(&csv(HEADER, BASE));
    roster.households[1].members[1].name = " ".into();
    let err = store
        .import_roster(&roster, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err();
    assert!(matches!(err, ImportError::Store(_)), "{err}");
    assert_eq!(snapshot(&env.db()), before);
}

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn refused_rows_refuse_the_plan_unless_they_are_skipped() {
    let env = Env::new();
    let mut store = env.open();
    let before = snapshot(&env.db());
    let messy = plan_file(
        &data("roster_sample_messy.xlsx"),
        &PlanOptions::new(date(2026, 11, 23)),
    )
    .unwrap();
    let err = store
        .import_roster(&messy, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Refused {
                problems: 3,
                rows: 3
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("--skip-bad"));
    assert_eq!(snapshot(&env.db()), before);
    let report = store
        .import_roster(
            &messy,
            &ImportOptions {
                skip_bad: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(
        (report.households_created, report.members_created),
        (106, 301)
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.households, counts.members), (106, 301));
}

const NO_GRID: &str = "小区,楼栋,单元,门牌号,姓名,与户主关系,性别,身份证号,联系电话,人员类别";

fn without_grid(rows: &[&str]) -> String {
    let rows: Vec<&str> = rows
        .iter()
        .map(|r| r.split_once(',').map_or(*r, |(_, rest)| rest))
        .collect();
    csv(NO_GRID, &rows)
}

#[test]
fn the_grid_comes_from_the_row_else_the_default_and_a_default_never_moves_a_household() {
    let env = Env::new();
    let mut store = env.open();
    let roster = plan(&without_grid(BASE));
    let err = store
        .import_roster(&roster, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err();
    assert!(
        matches!(err, ImportError::NoGrid { row: 2, .. }) && err.to_string().contains("--grid"),
        "{err}"
    );
    let with = |grid: &str| ImportOptions {
        default_grid: Some(grid.into()),
        ..ImportOptions::default()
    };
    let first = store
        .import_roster(&roster, &with("第二网格"), &mut |_, _| {})
        .unwrap();
    assert_eq!(first.households_created, 2);
    let grids = sql_rows(&env.db(), "SELECT DISTINCT grid FROM households");
    assert_eq!(grids, [["第二网格"]]);
    // Another default: the households are found by their heads and stay where they are.
    let again = store
        .import_roster(&roster, &with("第三网格"), &mut |_, _| {})
        .unwrap();
    assert_eq!((again.ops, again.households_unchanged), (0, 2));
    // A grid the file names does move a household.
    let moved = import(&mut store, &plan(&csv(HEADER, BASE)));
    assert_eq!(moved.households_updated, 2);
    assert_eq!(moved.members_unchanged, 5);
    let grids = sql_rows(&env.db(), "SELECT DISTINCT grid FROM households");
    assert_eq!(grids, [["第一网格"]]);
}

#[test]
fn blank_cells_and_missing_columns_erase_nothing() {
    let env = Env::new();
    let mut store = env.open();
    import(&mut store, &plan(&csv(HEADER, BASE)));
    // Phones blanked, and then a file with no phone, tag or relation column at all.
    let blank: Vec<String> = BASE
        .iter()
        .map(|r| {
            let cells: Vec<&str> = r.split(',').collect();
            let mut cells = cells.clone();
            cells[9] = "";
            cells.join(",")
        })
        .collect();
    let blank: Vec<&str> = blank.iter().map(String::as_str).collect();
    let report = import(&mut store, &plan(&csv(HEADER, &blank)));
    assert_eq!((report.ops, report.members_unchanged), (0, 5));
    let narrow: Vec<String> = BASE
        .iter()
        .map(|r| {
            let cells: Vec<&str> = r.split(',').collect();
            [&cells[..6], &cells[7..9]].concat().join(",")
        })
        .collect();
    let narrow: Vec<&str> = narrow.iter().map(String::as_str).collect();
    let report = import(
        &mut store,
        &plan(&csv(
            "网格,小区,楼栋,单元,门牌号,姓名,性别,身份证号",
            &narrow,
        )),
    );
    assert_eq!((report.ops, report.members_unchanged), (0, 5));
    let rows = sql_rows(
        &env.db(),
        "SELECT relation, phone, tags FROM members WHERE name = '王宁'",
    );
    assert_eq!(rows, [["head", "15090996030", "[\"党员\"]"]]);
}

#[test]
fn tags_in_another_order_and_a_fifteen_digit_id_are_no_change() {
    let env = Env::new();
    let mut store = env.open();
    let first = BASE[0].replace(",党员", ",党员、低保户");
    import(&mut store, &plan(&csv(HEADER, &[&first])));
    let reordered = BASE[0]
        .replace(",党员", ",低保户 党员")
        .replace("520323197201315856", "520323720131585");
    let report = import(&mut store, &plan(&csv(HEADER, &[&reordered])));
    assert_eq!((report.ops, report.members_unchanged), (0, 1));
}

#[test]
fn a_person_listed_in_another_household_is_moved_not_duplicated() {
    let env = Env::new();
    let mut store = env.open();
    import(&mut store, &plan(&csv(HEADER, BASE)));
    // 李柳 now lives with 王宁.
    let moved = BASE[4].replace("5栋,1单元,101", "3栋,2单元,401");
    let rows = [BASE[0], BASE[1], BASE[2], &moved, BASE[3]];
    let report = import(&mut store, &plan(&csv(HEADER, &rows)));
    assert_eq!(
        (report.members_created, report.members_updated, report.ops),
        (0, 1, 1)
    );
    let change = report.updates().next().unwrap();
    assert_eq!(change.name, "李柳");
    assert_eq!(change.fields[0].field, "household");
    assert_eq!(change.fields[0].old, "第一网格 幸福小区5栋1单元101室");
    assert_eq!(change.fields[0].new, "第一网格 幸福小区3栋2单元401室");
    assert!(report.missing.is_empty());
    let home = sql_rows(
        &env.db(),
        "SELECT h.room FROM members m JOIN households h ON h.id = m.household WHERE m.name = '李柳'",
    );
    assert_eq!(home, [["401"]]);
    assert_eq!(store.counts().unwrap().members, 5);
}

#[test]
fn a_corrected_address_is_found_by_the_head_and_updated() {
    let env = Env::new();
    let mut store = env.open();
    import(&mut store, &plan(&csv(HEADER, BASE)));
    let rows: Vec<String> = BASE[..3]
        .iter()
        .map(|r| r.replace(",401,", ",402,"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let report = import(&mut store, &plan(&csv(HEADER, &rows)));
    assert_eq!(
        (
            report.households_updated,
            report.households_created,
            report.members_unchanged,
            report.ops
        ),
        (1, 0, 3, 1)
    );
    let change = report.updates().next().unwrap();
    assert_eq!(
        (
            change.fields[0].field,
            change.fields[0].old.as_str(),
            change.fields[0].new.as_str()
        ),
        ("room", "401", "402")
    );
    // 苏飞's household is in the same compound but not in this file: a file of one household
    // says nothing about the others, so nobody is missing.
    assert!(report.missing.is_empty(), "{:?}", report.missing);
}

#[test]
fn two_households_at_one_address_keep_their_people_in_any_order() {
    let env = Env::new();
    let mut store = env.open();
    let rows = [
        "第一网格,幸福小区,3栋,2单元,401,王宁,户主,男,520323197201315856,,",
        "第一网格,幸福小区,3栋,2单元,401,周慧,配偶,女,520323197206144363,,",
        "第一网格,幸福小区,3栋,2单元,401,苏飞,户主,男,520323195704122934,,",
        "第一网格,幸福小区,3栋,2单元,401,李柳,配偶,女,520323196210063342,,",
    ];
    let created = import(&mut store, &plan(&csv(HEADER, &rows)));
    assert_eq!(created.households_created, 2);
    let swapped = [rows[2], rows[3], rows[0], rows[1]];
    let report = import(&mut store, &plan(&csv(HEADER, &swapped)));
    assert_eq!((report.ops, report.members_unchanged), (0, 4));
}

#[test]
fn without_id_numbers_people_are_matched_by_name_in_their_household() {
    let env = Env::new();
    let mut store = env.open();
    let header = "网格,小区,楼栋,单元,门牌号,姓名,与户主关系,性别,联系电话";
    let rows = [
        "第一网格,幸福小区,3栋,2单元,401,王宁,户主,男,15090996030",
        "第一网格,幸福小区,3栋,2单元,401,周慧,配偶,女,13124628194",
    ];
    import(&mut store, &plan(&csv(header, &rows)));
    let changed = [
        rows[0],
        "第一网格,幸福小区,3栋,2单元,401,周慧,配偶,女,13900000001",
    ];
    let report = import(&mut store, &plan(&csv(header, &changed)));
    assert_eq!(
        (report.members_updated, report.members_unchanged, report.ops),
        (1, 1, 1)
    );
    // Someone of the same name elsewhere is someone else.
    let elsewhere = ["第一网格,幸福小区,9栋,1单元,101,周慧,户主,女,13900000001"];
    let report = import(&mut store, &plan(&csv(header, &elsewhere)));
    assert_eq!((report.households_created, report.members_created), (1, 1));
}

#[test]
fn households_with_a_number_are_found_by_it() {
    let env = Env::new();
    let mut store = env.open();
    let header = "户号,网格,小区,楼栋,单元,门牌号,姓名,与户主关系,性别";
    let rows = [
        "H001,第一网格,幸福小区,3栋,2单元,401,王宁,户主,男",
        "H001,第一网格,幸福小区,3栋,2单元,401,周慧,配偶,女",
        "H002,第一网格,幸福小区,3栋,2单元,401,苏飞,户主,男",
    ];
    import(&mut store, &plan(&csv(header, &rows)));
    let moved = [
        "H001,第一网格,幸福小区,7栋,1单元,101,王宁,户主,男",
        "H001,第一网格,幸福小区,7栋,1单元,101,周慧,配偶,女",
        "H002,第一网格,幸福小区,3栋,2单元,401,苏飞,户主,男",
    ];
    let report = import(&mut store, &plan(&csv(header, &moved)));
    assert_eq!(
        (
            report.households_updated,
            report.households_unchanged,
            report.members_unchanged
        ),
        (1, 1, 3)
    );
    let fields: Vec<&str> = report.changes[0].fields.iter().map(|f| f.field).collect();
    assert_eq!(fields, ["building", "unit", "room"]);
    let numbers = sql_rows(
        &env.db(),
        "SELECT household_no, building FROM households ORDER BY household_no",
    );
    assert_eq!(numbers, [["H001", "7"], ["H002", "3"]]);
}

#[test]
fn progress_is_reported_up_to_the_total() {
    let env = Env::new();
    let mut store = env.open();
    let mut seen = Vec::new();
    store
        .import_roster(
            &plan(&csv(HEADER, BASE)),
            &ImportOptions::default(),
            &mut |done, total| seen.push((done, total)),
        )
        .unwrap();
    assert_eq!(seen.first(), Some(&(0, 5)));
    assert_eq!(seen.last(), Some(&(5, 5)));
}
