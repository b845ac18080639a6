//! Closing the window ends gridbook: a hung-up terminal or a termination signal ends the real
//! binary within a second in every state of the interface, with the draft kept in the database
//! and the window lock released, so the next start opens normally.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::pty::Tui;
use common::rounds::*;
use common::*;

/// The longest the program may take to end once its terminal is gone.
const ENDS_WITHIN: Duration = Duration::from_secs(1);

/// The notes of the visit draft waiting for `household`, if there is one.
fn draft_notes(db: &std::path::Path, household: &str) -> Option<String> {
    let rows = sql_rows(
        db,
        &format!("SELECT content FROM drafts WHERE household = '{household}'"),
    );
    let content = rows.first()?.first()?.clone();
    let form: serde_json::Value = serde_json::from_str(&content).unwrap();
    Some(form.to_string())
}

/// Hangs up and checks the process is gone in time and the lock is free.
fn hang_up_and_check(tui: &mut Tui, db: &std::path::Path, state: &str) {
    tui.hang_up();
    assert!(
        tui.wait_exit_within(ENDS_WITHIN).is_some(),
        "{state}: gridbook still running {ENDS_WITHIN:?} after its terminal closed"
    );
    assert!(lock_is_free(db), "{state}: the window lock is still held");
}

#[test]
fn closing_the_window_in_a_visit_keeps_the_draft_and_frees_the_lock() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let household = household_of(&db, &name);
    let before = visits_of(&db, &household);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    tui.send("n");
    tui.wait_for("问基本情况", 5);
    let notes = "楼道灯坏了两个月";
    tui.type_text(notes);
    tui.wait_for(notes, 5);
    hang_up_and_check(&mut tui, &db, "visit form");
    let draft = draft_notes(&db, &household).expect("the draft is in the database");
    assert!(draft.contains(notes), "{draft}");
    assert_eq!(visits_of(&db, &household), before, "no visit recorded");

    // The next start opens (no "already open") and offers the draft back.
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    tui.wait_for("未完成的走访草稿", 20);
    tui.send(ENTER);
    tui.wait_for(notes, 5);
    tui.send(ESC);
    tui.wait_for("y 确认", 5);
    tui.send("n");
    hang_up_and_check(&mut tui, &db, "visit form, second start");
}

#[test]
fn closing_the_window_ends_gridbook_in_the_list_the_card_and_dialogs() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    type Setup = fn(&mut Tui, &str, &str);
    let states: [(&str, Setup); 5] = [
        ("list", |tui, _, _| {
            tui.wait_for("共 200 户", 20);
        }),
        ("lookup", |tui, _, initials| {
            tui.wait_for("共 200 户", 20);
            tui.send("/");
            tui.type_text(initials);
            tui.wait_for(&format!("查找：{initials}"), 5);
        }),
        ("card", |tui, name, initials| {
            open_household(tui, name, initials)
        }),
        ("filter menu", |tui, _, _| {
            tui.wait_for("共 200 户", 20);
            tui.send("f");
            tui.wait_for("有未办结诉求", 5);
        }),
        ("help", |tui, _, _| {
            tui.wait_for("共 200 户", 20);
            tui.send("?");
            tui.wait_for("按键帮助", 5);
        }),
    ];
    for (state, setup) in states {
        let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
        setup(&mut tui, &name, &initials);
        hang_up_and_check(&mut tui, &db, state);
    }
}

#[test]
fn a_terminal_that_hangs_up_without_sending_sighup_still_ends_gridbook() {
    let env = Env::new();
    let db = demo(&env);
    let mut tui = Tui::spawn_without_controlling_terminal(&env, &db);
    tui.wait_for("共 200 户", 20);
    hang_up_and_check(&mut tui, &db, "no controlling terminal");
}

#[test]
fn termination_signals_end_gridbook_and_restore_the_terminal() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let household = household_of(&db, &name);
    for (round, signal) in ["HUP", "TERM", "QUIT", "INT"].into_iter().enumerate() {
        let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
        if round == 0 {
            open_household(&mut tui, &name, &initials);
            tui.send("n");
        } else {
            // The draft of the round before is offered first; take it up.
            tui.wait_for("未完成的走访草稿", 20);
            tui.send(ENTER);
        }
        tui.wait_for("问基本情况", 5);
        let notes = format!("信号{signal}");
        tui.type_text(&notes);
        tui.wait_for(&notes, 5);
        let pid = tui.pid().unwrap();
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        assert!(
            tui.wait_exit_within(ENDS_WITHIN).is_some(),
            "SIG{signal}: gridbook still running"
        );
        let (alternate, hidden) = tui.screen_state();
        assert!(
            !alternate && !hidden,
            "SIG{signal}: terminal left in the interface's state"
        );
        assert!(lock_is_free(&db), "SIG{signal}: lock still held");
        let draft = draft_notes(&db, &household).expect("draft kept");
        assert!(draft.contains(&notes), "SIG{signal}: {draft}");
    }
}

#[test]
fn closing_the_window_during_a_long_import_rolls_it_back_and_ends() {
    let env = Env::new();
    let db = env.path("office.db");
    let mark = env.path("paused");
    let roster = env.path("台账.csv");
    std::fs::copy("tests/data/roster_sample.csv", &roster).unwrap();
    let vars = [
        ("GRIDBOOK_TEST_PAUSE", "roster-import"),
        ("GRIDBOOK_TEST_PAUSE_MARK", mark.to_str().unwrap()),
    ];
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        "worker = \"王芳\"\ngrids = [\"第一网格\"]\n",
    )
    .unwrap();
    let mut tui = Tui::spawn_with(&env, &db, &[], 100, 30, &vars);
    tui.wait_for("还没有住户", 20);
    tui.send("i");
    tui.wait_for("文件路径：", 5);
    tui.type_text(roster.to_str().unwrap());
    tui.send(ENTER);
    tui.wait_for("预览（尚未写入）", 20);
    tui.send("y");
    // The import is inside its transaction when the pause point is reached.
    let started = std::time::Instant::now();
    while !mark.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the import never reached its pause point; screen:\n{}",
            tui.contents()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    hang_up_and_check(&mut tui, &db, "roster import in progress");
    assert_eq!(sql_rows(&db, "SELECT count(*) FROM households")[0][0], "0");
    assert_eq!(sql_rows(&db, "PRAGMA integrity_check")[0][0], "ok");
}
