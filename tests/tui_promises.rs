//! Promises of the README that had no test: the dispute flag opens a 矛盾纠纷 request, a
//! suggestion can become a request, the "moved away" filter shows archived households, an
//! amended visit is marked 已更正 — each through the real binary in a terminal.

#![allow(clippy::unwrap_used)]

mod common;

use common::pty::Tui;
use common::rounds::*;
use common::*;

/// The requests a household's latest visit opened: (category, summary).
fn requests_of_last_visit(db: &std::path::Path, household: &str) -> Vec<(String, String)> {
    sql_rows(
        db,
        &format!(
            "SELECT r.category, r.summary FROM requests r JOIN visits v ON v.id = r.visit
             WHERE v.household = '{household}'
               AND v.at = (SELECT max(at) FROM visits WHERE household = '{household}')
             ORDER BY r.category"
        ),
    )
    .into_iter()
    .map(|r| (r[0].clone(), r[1].clone()))
    .collect()
}

#[test]
fn the_dispute_flag_opens_a_dispute_request() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let household = household_of(&db, &name);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    tui.send("n");
    tui.wait_for("问基本情况", 5);
    tui.send(CTRL_N);
    tui.type_text("和楼上邻居有矛盾");
    tui.send(TAB);
    tui.send(TAB);
    tui.send(" ");
    tui.wait_for("[x] 矛盾纠纷", 5);
    tui.send(TAB);
    tui.type_text("楼上装修噪音扰民");
    tui.wait_for("楼上装修噪音扰民", 5);
    tui.send(CTRL_S);
    tui.wait_for("走访已保存", 5);
    tui.send("q");
    tui.wait_exit(10);
    let requests = requests_of_last_visit(&db, &household);
    assert_eq!(
        requests,
        [("dispute".to_string(), "楼上装修噪音扰民".to_string())],
        "{requests:?}"
    );
}

#[test]
fn a_suggestion_can_become_a_request() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let household = household_of(&db, &name);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    tui.send("n");
    tui.wait_for("问基本情况", 5);
    tui.send(CTRL_N);
    tui.send(CTRL_N);
    tui.send(CTRL_N);
    tui.type_text("建议小区增设健身器材");
    tui.send(TAB);
    tui.send(TAB);
    tui.send(" ");
    tui.wait_for("[x] 转为诉求", 5);
    tui.send(CTRL_S);
    tui.wait_for("走访已保存", 5);
    tui.send("q");
    tui.wait_exit(10);
    let requests = requests_of_last_visit(&db, &household);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].0, "suggestion");
    assert!(
        requests[0].1.contains("建议小区增设健身器材"),
        "{requests:?}"
    );
}

#[test]
fn a_household_moved_away_leaves_the_list_and_shows_under_its_filter() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    tui.send("x");
    tui.wait_for("y 确认", 5);
    tui.send("y");
    tui.wait_for("本户已标记为迁出", 5);
    tui.send(ESC);
    tui.wait_for("查找：", 5);
    tui.send(ESC);
    tui.send(ESC);
    let list = tui.wait_for("共 199 户", 5);
    assert!(!list.contains(&name), "{list}");
    // The filter menu's last choice: the households that moved away.
    tui.send("f");
    tui.wait_for("有未办结诉求", 5);
    for _ in 0..80 {
        tui.send(DOWN);
    }
    tui.send(ENTER);
    let screen = tui.wait_for("共 1 户", 5);
    assert!(screen.contains(&name), "{screen}");
    tui.send("q");
    tui.wait_exit(10);
}

#[test]
fn an_amended_visit_is_marked_corrected_in_the_timeline() {
    let env = Env::new();
    let db = demo(&env);
    let (name, initials, _) = pick_head(&db);
    let mut tui = Tui::spawn(&env, &db, &[], 100, 30);
    open_household(&mut tui, &name, &initials);
    assert!(!tui.contents().contains("已更正"));
    // To the visits, the latest selected; amend it.
    tui.send(TAB);
    tui.send(TAB);
    tui.send("e");
    tui.wait_for("问基本情况", 5);
    tui.type_text("（补记）");
    tui.send(CTRL_S);
    tui.wait_for("更正原因", 5);
    tui.type_text("漏记内容");
    tui.send(ENTER);
    let card = tui.wait_for("已更正", 5);
    assert!(card.contains("家庭成员"), "{card}");
    tui.send("q");
    tui.wait_exit(10);
}
