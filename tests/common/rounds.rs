//! Steps the end-to-end tests share: a demo written by the binary, a head to look up, opening
//! a household through the lookup.

use std::path::{Path, PathBuf};

use super::pty::Tui;
use super::{Env, sql_rows};

pub const ESC: &str = "\x1b";
pub const ENTER: &str = "\r";
pub const CTRL_N: &str = "\x0e";
pub const CTRL_S: &str = "\x13";
pub const TAB: &str = "\t";
pub const DOWN: &str = "\x1b[B";

/// A demo database of 200 households written by the binary itself.
pub fn demo(env: &Env) -> PathBuf {
    let db = env.path("demo.db");
    env.cmd()
        .args(["demo", "--no-tui", "--households", "200", "--db"])
        .arg(&db)
        .assert()
        .success();
    db
}

/// A head whose surname has one reading, with its pinyin initials and full ID number.
pub fn pick_head(db: &Path) -> (String, String, String) {
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

/// Looks up `name` by its initials and opens the card (the interface in Chinese).
pub fn open_household(tui: &mut Tui, name: &str, initials: &str) {
    tui.wait_for("共 200 户", 20);
    tui.send("/");
    tui.wait_for("查找：", 5);
    tui.type_text(initials);
    let query = format!("查找：{initials}");
    tui.wait_until("the query and the head", 10, |screen| {
        screen.contains(&query) && screen.contains(name)
    });
    tui.select_row(name);
    tui.send(ENTER);
    tui.wait_for("家庭成员", 5);
}

pub fn household_of(db: &Path, head: &str) -> String {
    sql_rows(
        db,
        &format!("SELECT household FROM members WHERE name = '{head}' AND relation = 'head'"),
    )[0][0]
        .clone()
}

pub fn visits_of(db: &Path, household: &str) -> usize {
    sql_rows(
        db,
        &format!("SELECT count(*) FROM visits WHERE household = '{household}'"),
    )[0][0]
        .parse()
        .expect("count")
}

/// Whether another window could open `db` now (nobody holds its window lock).
pub fn lock_is_free(db: &Path) -> bool {
    let path = PathBuf::from(format!("{}.lock", db.display()));
    match std::fs::OpenOptions::new().write(true).open(&path) {
        Ok(file) => file.try_lock().is_ok(),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}
