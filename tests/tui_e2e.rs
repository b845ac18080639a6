//! End to end: the real binary in a pseudo-terminal, typing keys and reading the screen.

#![allow(clippy::unwrap_used)]

mod common;

use common::pty::Tui;
use common::*;

const ESC: &str = "\x1b";
const ENTER: &str = "\r";

/// A demo database written by the binary itself.
fn demo(env: &Env) -> std::path::PathBuf {
    let db = env.path("demo.db");
    env.cmd()
        .args(["demo", "--no-tui", "--households", "200", "--db"])
        .arg(&db)
        .assert()
        .success();
    db
}

/// A head whose surname has one reading, with its pinyin initials and full ID number.
fn pick_head(db: &std::path::Path) -> (String, String, String) {
    use pinyin::ToPinyin;
    let rows = sql_rows(
        db,
        "SELECT name, id_number FROM members WHERE relation = 'head' AND substr(name, 1, 1) IN ('王','李','张','刘','陈','杨','赵','黄','周','吴')
         ORDER BY name",
    );
    for row in rows {
        let name = row[0].clone();
        let initials: String = name
            .chars()
            .filter_map(|c| c.to_pinyin().map(|p| p.first_letter().to_string()))
            .collect();
        let same = sql_rows(
            db,
            &format!("SELECT count(*) FROM members WHERE name = '{name}'"),
        );
        if same[0][0] == "1" && initials.len() == name.chars().count() {
            return (name, initials, row[1].clone());
        }
    }
    panic!("no suitable head");
}

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
    let screen = tui.wait_for(&name, 10);
    assert!(screen.contains(&format!("查找：{initials}")), "{screen}");
    // Move to the household whose head is `name` and open it.
    for _ in 0..30 {
        if tui.selected_row().is_some_and(|l| l.contains(&name)) {
            break;
        }
        tui.send("\x1b[B");
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
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
    let large = tui.wait_for("Grid", 10);
    assert!(
        large.lines().filter(|l| l.contains("第一网格")).count() > 30,
        "{large}"
    );
    tui.resize(80, 24);
    let back = tui.wait_for("200 households", 10);
    assert!(back.lines().count() <= 24);
    tui.send("q");
    assert_eq!(tui.wait_exit(10), 0);
}
