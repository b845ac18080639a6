//! End to end: the real binary in a pseudo-terminal, typing keys and reading the screen.

#![allow(clippy::unwrap_used)]

mod common;

use common::pty::Tui;
use common::rounds::*;
use common::*;

#[test]
fn search_by_initials_open_reveal_quit() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, id_number) = pick_head(&db);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    tui.wait_for("住户", 20);
    tui.wait_for("共 200 户", 20);
    tui.send("/");
    tui.wait_for("查找：", 5);
    tui.type_text(&initials);
    let query = format!("查找：{initials}");
    tui.wait_until("the query and the head", 10, |screen| {
        screen.contains(&query) && screen.contains(&name)
    });
    // Move to the household whose head is `name` and open it.
    tui.select_row(&name);
    tui.send(ENTER);
    let card = tui.wait_for("家庭成员", 5);
    assert!(card.contains(&name));
    assert!(!card.contains(&id_number), "ID number shown before reveal");
    tui.send("v");
    tui.wait_for(&id_number, 5);
    tui.send(ESC);
    tui.wait_for("查找：", 5);
    tui.send(ESC);
    tui.send(ESC);
    tui.wait_for("共 200 户", 5);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
    let (alternate, hidden) = tui.screen_state();
    assert!(!alternate, "still on the alternate screen");
    assert!(!hidden, "cursor left hidden");
}

#[test]
fn a_second_window_on_the_same_database_is_refused() {
    let env = Env::new();
    let db = demo(&env);
    let first = Tui::spawn(&env, &db, &[], 80, 24);
    first.wait_for("住户", 20);
    let mut second = Tui::spawn(&env, &db, &[], 80, 24);
    let screen = second.wait_for("already open", 10);
    assert!(screen.contains("gridbook:"), "{screen}");
    assert_eq!(second.wait_exit(10), 1);
    drop(first);
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let env = Env::new();
    let db = demo(&env);
    let mut tui = Tui::spawn(&env, &db, &["--lang", "en"], 80, 24);
    let small = tui.wait_for("200 households", 20);
    assert!(!small.contains("Grid"), "no grid column at 80 columns");
    tui.resize(120, 40);
    // The grid column appears and the list fills the taller screen.
    tui.wait_until("the list at 120x40", 10, |screen| {
        screen.contains("Grid") && screen.lines().filter(|l| l.contains("第一网格")).count() > 30
    });
    tui.resize(80, 24);
    let back = tui.wait_for("200 households", 10);
    assert!(back.lines().count() <= 24);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
}

#[test]
fn a_visit_with_chinese_notes_and_a_need_is_recorded_with_its_ops() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let household = household_of(&db, &name);
    let before = visits_of(&db, &household);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    tui.send("n");
    tui.wait_for("问基本情况", 5);
    tui.type_text("老人身体还好，按时吃药");
    tui.send(CTRL_N);
    tui.type_text("家里和睦");
    tui.send(CTRL_N);
    tui.type_text("想申请低保");
    tui.send(TAB);
    tui.send(TAB);
    tui.send(" ");
    tui.wait_for("[x]低保申请", 5);
    tui.send(CTRL_S);
    tui.wait_for("走访已保存", 5);
    tui.send(ESC);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);

    assert_eq!(visits_of(&db, &household), before + 1);
    let raw = sql_rows(
        &db,
        &format!(
        "SELECT CAST(o.raw AS TEXT), v.id FROM visits v JOIN ops o ON o.op_id = v.current_version
         WHERE v.household = '{household}' ORDER BY v.at DESC LIMIT 1"
    ),
    );
    let op: serde_json::Value = serde_json::from_str(&raw[0][0]).unwrap();
    assert_eq!(op["type"], "visit.record");
    assert_eq!(
        op["payload"]["checklist"]["basics"]["notes"],
        "老人身体还好，按时吃药"
    );
    assert_eq!(op["payload"]["checklist"]["family"]["notes"], "家里和睦");
    assert_eq!(op["payload"]["checklist"]["difficulties"]["state"], "asked");
    let visit_id = &raw[0][1];
    let requests = sql_rows(
        &db,
        &format!("SELECT category, create_op FROM requests WHERE visit = '{visit_id}'"),
    );
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0][0], "subsistence");
    let op_type = sql_rows(
        &db,
        &format!("SELECT type FROM ops WHERE op_id = '{}'", requests[0][1]),
    );
    assert_eq!(op_type[0][0], "request.open");
    env.cmd()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn a_killed_window_gives_the_draft_back_and_one_visit_is_recorded() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let household = household_of(&db, &name);
    let before = visits_of(&db, &household);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    tui.send("n");
    tui.wait_for("问基本情况", 5);
    let basics = "门口的台阶坏了一块";
    let family = "孙子考上了大学";
    tui.type_text(basics);
    tui.send(CTRL_N);
    tui.type_text(family);
    tui.wait_for(family, 5);
    let pid = tui.pid().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tui.wait_exit(10);
    assert_eq!(visits_of(&db, &household), before);

    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    tui.wait_for("未完成的走访草稿", 20);
    tui.send(ENTER);
    let screen = tui.wait_for(family, 5);
    assert!(screen.contains(basics), "{screen}");
    tui.send(CTRL_N);
    tui.send(CTRL_N);
    tui.send(CTRL_N);
    tui.send(CTRL_S);
    tui.wait_for("走访已保存", 5);
    // Saving again from a reopened form cannot record it twice: the draft is gone.
    tui.send("n");
    tui.wait_for("问基本情况", 5);
    tui.send(ESC);
    tui.wait_for("y 确认", 5);
    tui.send("y");
    tui.send(ESC);
    tui.send(ESC);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
    assert_eq!(visits_of(&db, &household), before + 1);
    let notes = sql_rows(
        &db,
        &format!(
            "SELECT CAST(o.raw AS TEXT) FROM visits v JOIN ops o ON o.op_id = v.current_version
         WHERE v.household = '{household}' ORDER BY v.at DESC LIMIT 1"
        ),
    );
    let op: serde_json::Value = serde_json::from_str(&notes[0][0]).unwrap();
    assert_eq!(op["payload"]["checklist"]["basics"]["notes"], basics);
    assert_eq!(op["payload"]["checklist"]["family"]["notes"], family);
    assert!(sql_rows(&db, "SELECT * FROM drafts").is_empty());
    env.cmd()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .assert()
        .success();
}

/// The number on the figures line starting with `label`.
fn figure(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_request_goes_around_the_loop_on_the_board_and_the_figures_follow() {
    let env = Env::new();
    let db = demo(&env);
    // A fresh request with a summary nothing else has.
    let summary = "测试诉求甲乙丙";
    {
        let opts = gridbook::store::OpenOptions {
            path: db.clone(),
            config_dir: env.config_dir(),
            label: None,
        };
        let mut store = gridbook::store::Store::open_with(
            &opts,
            Box::new(gridbook::store::FixedClock::at(now())),
            gridbook::store::IdSource::Random,
        )
        .unwrap();
        let household = store.household_rows().unwrap()[0].id;
        store
            .write(|w| {
                w.open_request(&gridbook::store::requests::NewRequest {
                    household,
                    visit: None,
                    category: gridbook::domain::Category::Repair,
                    tier: gridbook::domain::Tier::TimeLimited,
                    summary: summary.into(),
                    opened_at: now(),
                    limit_days: 7,
                    answer: String::new(),
                })
            })
            .unwrap();
    }
    let mut tui = Tui::spawn(&env, &db, &[], 120, 40);
    tui.wait_for("共 200 户", 20);
    tui.send("4");
    let figures_before = tui.wait_for("办结率", 10);
    let resolved_before: u64 = figure(&figures_before, "已办结").parse().unwrap();
    tui.send("3");
    tui.wait_for("筛选: 未闭环", 10);
    let find = |tui: &mut Tui| {
        tui.send("/");
        tui.type_text("甲乙丙");
        tui.send(ENTER);
        tui.wait_for(summary, 5);
    };
    find(&mut tui);
    tui.send("d");
    tui.wait_for("交办给", 5);
    tui.send(CTRL_S);
    tui.wait_for("已交办给", 5);
    tui.send("r");
    tui.wait_for("办理结果", 5);
    tui.type_text("已更换灯泡");
    tui.send(CTRL_S);
    tui.wait_for("已办结", 5);
    // Now resolved, it stays in the default view (its loop is not closed). Show every request
    // all the same (End picks the menu's last item), and find it again.
    tui.send("f");
    tui.wait_for("上报研判待定", 5);
    tui.send("\x1b[F");
    tui.send(ENTER);
    tui.wait_for("筛选: 全部", 5);
    tui.send(ESC);
    find(&mut tui);
    tui.send("b");
    tui.wait_for("反馈内容", 5);
    tui.type_text("已电话告知");
    tui.send(CTRL_S);
    tui.wait_for("已记录反馈", 5);
    tui.send("t");
    tui.wait_for("居民评价", 5);
    tui.send(CTRL_S);
    let board = tui.wait_for("已记录评价", 5);
    assert!(board.contains("已评价"), "{board}");
    tui.send("4");
    let expected = (resolved_before + 1).to_string();
    tui.wait_until("one more resolved", 10, |screen| {
        figure(screen, "已办结") == expected
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
    let status = sql_rows(
        &db,
        &format!("SELECT status, rating, assignee FROM requests WHERE summary = '{summary}'"),
    );
    assert_eq!(status[0][0], "evaluated");
    assert_eq!(status[0][1], "satisfied");
    env.cmd()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn a_termination_signal_restores_the_terminal() {
    let env = Env::new();
    let db = demo(&env);
    let mut tui = Tui::spawn(&env, &db, &[], 80, 24);
    tui.wait_for("共 200 户", 20);
    assert!(
        tui.screen_state().0,
        "the interface uses the alternate screen"
    );
    let pid = tui.pid().unwrap();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(tui.wait_exit(10), 0);
    let (alternate, hidden) = tui.screen_state();
    assert!(
        !alternate && !hidden,
        "terminal left in the interface's state"
    );
}

#[test]
fn the_first_start_asks_for_name_and_grid_and_keeps_them() {
    let env = Env::new();
    let db = env.path("mine.db");
    let mut tui = Tui::spawn_raw(&env, &db, &[], 100, 30);
    tui.wait_for("欢迎使用网格通", 20);
    tui.type_text("王芳");
    tui.send(TAB);
    tui.type_text("第三网格");
    tui.send(CTRL_S);
    tui.wait_for("欢迎，王芳", 5);
    tui.wait_for("还没有住户", 5);
    // The next key clears the message; the status line names the grid.
    tui.send("\x1b[B");
    tui.wait_for("第三网格", 5);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
    let config = std::fs::read_to_string(env.config_dir().join("config.toml")).unwrap();
    assert!(
        config.contains("worker = \"王芳\"") && config.contains("第三网格"),
        "{config}"
    );
    let label = sql_rows(&db, "SELECT label FROM device_self");
    assert_eq!(label[0][0], "王芳 第三网格");
    // The next start goes straight to the list.
    let mut tui = Tui::spawn_raw(&env, &db, &[], 100, 30);
    let screen = tui.wait_for("还没有住户", 20);
    assert!(!screen.contains("欢迎使用网格通"));
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
}
