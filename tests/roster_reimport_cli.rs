//! The real binary: `gridbook roster import` twice with a phone changed in the interface's member
//! form between them. The second import keeps the phone and says so in `--json` and in the
//! summary, and `gridbook check` passes after each step.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::pty::Tui;
use common::{Env, sql_rows};
use serde_json::Value;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const BACKSPACE: &str = "\x7f";
const CTRL_S: &str = "\x13";

fn sample(env: &Env) -> PathBuf {
    let to = env.path("台账.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster_sample.csv"),
        &to,
    )
    .unwrap();
    to
}

fn roster_json(env: &Env, file: &Path) -> Value {
    let out = env
        .cmd()
        .args(["--lang", "en", "roster", "import"])
        .arg(file)
        .arg("--json")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check(env: &Env) {
    env.cmd().args(["--lang", "en", "check"]).assert().success();
}

fn phone(env: &Env, name: &str) -> String {
    sql_rows(
        &env.db(),
        &format!("SELECT phone FROM members WHERE name = '{name}'"),
    )[0][0]
        .clone()
}

/// Changes 周慧's phone in the member form of the real interface.
fn change_phone_in_the_member_form(env: &Env, number: &str) {
    let mut tui = Tui::spawn(env, &env.db(), &["--lang", "en"], 100, 30);
    tui.wait_for("49 households", 20);
    tui.send("/");
    tui.wait_for("Find: ", 5);
    tui.type_text("周慧");
    tui.wait_for("王宁", 10);
    tui.send(ENTER);
    tui.wait_for("周慧", 5);
    // The head is selected first; 周慧 is next.
    tui.send("\x1b[B");
    tui.send("e");
    tui.wait_for("13124628194", 5);
    for _ in 0..5 {
        tui.send(TAB);
    }
    for _ in 0..11 {
        tui.send(BACKSPACE);
    }
    tui.type_text(number);
    tui.send(CTRL_S);
    tui.wait_for("Saved", 5);
    tui.send(ESC);
    tui.send(ESC);
    tui.send(ESC);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
}

#[test]
fn a_phone_changed_in_the_interface_survives_a_second_import_and_the_report_says_why() {
    let env = Env::new();
    let file = sample(&env);
    let first = roster_json(&env, &file);
    assert_eq!(first["members_created"], 151);
    assert_eq!(first["kept"], Value::Array(vec![]));
    check(&env);

    change_phone_in_the_member_form(&env, "13712349999");
    assert_eq!(phone(&env, "周慧"), "13712349999");
    check(&env);

    let second = roster_json(&env, &file);
    assert_eq!(phone(&env, "周慧"), "13712349999");
    assert_eq!(second["ops"], 0);
    assert_eq!(second["members_updated"], 0);
    assert_eq!(second["updates"], Value::Array(vec![]));
    let kept = second["kept"].as_array().unwrap();
    assert_eq!(kept.len(), 1, "{second}");
    assert_eq!(kept[0]["name"], "周慧");
    assert_eq!(kept[0]["field"], "phone");
    assert_eq!(kept[0]["kept"], "137****9999");
    assert_eq!(kept[0]["roster"], "131****8194");
    assert_eq!(kept[0]["because"], "roster_unchanged");
    assert_eq!(kept[0]["why"]["kind"], "form");
    assert_eq!(kept[0]["why"]["on"], "2026-11-23");
    assert!(kept[0]["row"].as_u64().unwrap() > 1);
    assert_eq!(second["conflicts_opened"], 0);
    check(&env);

    // The summary a worker reads says the same, in words.
    let out = env
        .cmd()
        .args(["--lang", "en", "roster", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("kept 137****9999, changed in the member form on 2026-11-23"),
        "{text}"
    );
    assert!(text.contains("the roster has 131****8194"), "{text}");
    assert!(!text.contains("13712349999"), "an unmasked phone: {text}");
    check(&env);
}

fn valid_id(body: &str) -> String {
    let chars: Vec<char> = body.chars().collect();
    format!(
        "{body}{}",
        gridbook::domain::idnum::check_char(&chars).unwrap()
    )
}

#[test]
fn the_corrected_rejected_rows_file_reports_as_missing_only_people_of_its_households() {
    let env = Env::new();
    let messy = env.path("台账.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster_sample_messy.csv"),
        &messy,
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["--lang", "en", "roster", "import", "--skip-bad", "--json"])
        .arg(&messy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rejected = gridbook::roster::rejected_path(&messy);
    // The worker corrects the three rows: a name, a check digit, an ID number Excel lost.
    let text = std::fs::read_to_string(&rejected).unwrap();
    let fixed: Vec<String> = text
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let mut cells = cells[..cells.len() - 1].to_vec();
            let id;
            if cells[5].is_empty() {
                cells[5] = "张建国";
            }
            if cells[5] == "曾玉华" {
                id = valid_id("14103319820305092");
                cells[8] = &id;
            }
            if cells[5] == "汪想" {
                cells[8] = "";
            }
            cells.join(",")
        })
        .collect();
    let corrected = env.path("台账.csv.rejected.fixed.csv");
    std::fs::write(&corrected, fixed.join("\n")).unwrap();
    let report = roster_json(&env, &corrected);
    assert_eq!(report["rejected"], Value::Array(vec![]), "{report}");
    assert_eq!(report["members_created"], 3);
    assert_eq!(report["households_created"], 0);
    // Missing: the other people of those three households, and nobody else of the compound.
    let expected = sql_rows(
        &env.db(),
        "SELECT m.name FROM members m JOIN households h ON h.id = m.household
         WHERE h.compound = '张家港花园'
           AND ((h.building = '7' AND h.unit = '4' AND h.room = '1604')
             OR (h.building = '11' AND h.unit = '3' AND h.room = '1501')
             OR (h.building = '3' AND h.unit = '2' AND h.room = '202'))
           AND m.name NOT IN ('张建国', '曾玉华', '汪想')
         ORDER BY m.name",
    );
    let compound = sql_rows(
        &env.db(),
        "SELECT count(*) FROM members m JOIN households h ON h.id = m.household
         WHERE h.compound = '张家港花园'",
    );
    let mut missing: Vec<String> = report["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect();
    missing.sort();
    let expected: Vec<String> = expected.into_iter().map(|r| r[0].clone()).collect();
    assert!(!expected.is_empty());
    assert_eq!(missing, expected);
    assert!(compound[0][0].parse::<usize>().unwrap() > expected.len() + 3);
    check(&env);
}
