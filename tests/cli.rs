//! The command line: exit codes and messages, with the real binary.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use predicates::prelude::*;

fn one_line_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("gridbook: "), "{err}");
    err
}

#[test]
fn demo_with_the_same_seed_gives_the_same_households_and_members() {
    let env = Env::new();
    let a = env.path("a.db");
    let b = env.path("b.db");
    for db in [&a, &b] {
        env.cmd()
            .args([
                "demo",
                "--no-tui",
                "--households",
                "600",
                "--seed",
                "1",
                "--db",
            ])
            .arg(db)
            .assert()
            .success()
            .stdout(predicate::str::contains("600 households"));
    }
    for sql in [
        "SELECT * FROM households ORDER BY id",
        "SELECT * FROM members ORDER BY id",
        "SELECT * FROM member_tags ORDER BY member, tag",
        "SELECT id, household, at, mode, visitor FROM visits ORDER BY id",
        "SELECT id, household, category, tier, summary, status, round FROM requests ORDER BY id",
    ] {
        let left = sql_rows(&a, sql);
        assert!(!left.is_empty(), "{sql}");
        assert_eq!(left, sql_rows(&b, sql), "{sql}");
    }
    // A different seed gives a different community.
    let c = env.path("c.db");
    env.cmd()
        .args([
            "demo",
            "--no-tui",
            "--households",
            "600",
            "--seed",
            "2",
            "--db",
        ])
        .arg(&c)
        .assert()
        .success();
    let names = "SELECT name FROM members ORDER BY id";
    assert_ne!(sql_rows(&a, names), sql_rows(&c, names));
}

#[test]
fn a_demo_database_is_realistic() {
    let env = Env::new();
    let db = env.path("demo.db");
    env.cmd()
        .args(["demo", "--no-tui", "--db"])
        .arg(&db)
        .assert()
        .success();
    let one = |sql: &str| -> f64 { sql_rows(&db, sql)[0][0].parse().unwrap() };
    let households = one("SELECT count(*) FROM households");
    assert_eq!(households, 600.0);
    let members = one("SELECT count(*) FROM members");
    assert!((1.5..3.5).contains(&(members / households)), "{members}");
    // Tags at roughly realistic rates.
    let rate = |tag: &str| {
        one(&format!(
            "SELECT count(DISTINCT m.household) FROM member_tags t JOIN members m ON m.id = t.member WHERE tag = '{tag}'"
        )) / households
    };
    assert!(
        (0.02..0.09).contains(&rate("低保户")),
        "低保户 {}",
        rate("低保户")
    );
    assert!(
        (0.015..0.08).contains(&rate("独居老人")),
        "独居老人 {}",
        rate("独居老人")
    );
    // Polyphonic surnames appear among 600 households' members.
    let poly = one(
        "SELECT count(*) FROM members WHERE substr(name, 1, 1) IN ('曾','单','解','仇','区','朴','翟','查','乐','盖','缪','尉')",
    );
    assert!(poly > 0.0);
    // A year of visits and requests in every lifecycle state, some overdue.
    let span = sql_rows(&db, "SELECT min(day), max(day) FROM visits");
    assert!(
        span[0][0].as_str() < "2025-12-31" && span[0][1].as_str() >= "2026-11-01",
        "{span:?}"
    );
    let statuses = sql_rows(&db, "SELECT DISTINCT status FROM requests ORDER BY status");
    let statuses: Vec<&str> = statuses.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        statuses,
        ["dispatched", "evaluated", "fed_back", "open", "resolved"]
    );
    assert!(
        one(
            "SELECT count(*) FROM requests WHERE status IN ('open','dispatched') AND due < '2026-11-23'"
        ) > 0.0
    );
    assert!(one("SELECT count(*) FROM requests WHERE round > 1") > 0.0);
    assert!(one("SELECT count(*) FROM requests WHERE rating IS NOT NULL") > 0.0);
    // Every member's ID number is valid.
    let today = date(2026, 11, 23);
    for row in sql_rows(&db, "SELECT id_number FROM members") {
        gridbook::domain::IdNumber::parse(&row[0], today).unwrap();
    }
    env.cmd()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn demo_refuses_to_overwrite_a_real_database() {
    let env = Env::new();
    drop(env.open());
    let out = env
        .cmd()
        .args(["demo", "--no-tui", "--db"])
        .arg(env.db())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("not a demo database"));
    // A demo database may be replaced.
    let demo = env.path("demo.db");
    for _ in 0..2 {
        env.cmd()
            .args(["demo", "--no-tui", "--households", "20", "--db"])
            .arg(&demo)
            .assert()
            .success();
    }
}

#[test]
fn check_passes_on_a_demo_and_fails_on_a_row_changed_behind_the_log() {
    let env = Env::new();
    env.cmd()
        .args(["demo", "--no-tui", "--households", "50", "--db"])
        .arg(env.db())
        .assert()
        .success();
    env.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
    sql_exec(
        &env.db(),
        "UPDATE members SET name = '张三' WHERE id = (SELECT min(id) FROM members)",
    );
    let out = env.cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("table members"), "{err}");
}

#[test]
fn a_newer_database_is_refused_with_exit_1() {
    let env = Env::new();
    drop(env.open());
    sql_exec(&env.db(), "PRAGMA user_version = 99");
    let out = env.cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("newer version of gridbook"));
}

#[test]
fn a_path_in_a_missing_folder_is_one_line_and_exit_1() {
    let env = Env::new();
    let out = env
        .cmd()
        .arg("--db")
        .arg(env.path("no/such/dir/x.db"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("does not exist"));
}

#[test]
fn a_read_only_location_is_one_line_and_exit_1() {
    let env = Env::new();
    // /proc refuses new files even to root, so this holds whoever runs the tests.
    let out = env
        .cmd()
        .args(["--db", "/proc/gridbook-test.db", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("cannot create"));
}

#[test]
fn a_file_that_is_not_a_database_is_one_line_and_exit_1() {
    let env = Env::new();
    let bogus = env.path("notes.db");
    std::fs::write(
        &bogus,
        "这不是数据库 this is not a database, just some text ".repeat(100),
    )
    .unwrap();
    let out = env
        .cmd()
        .arg("--db")
        .arg(&bogus)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("not a gridbook database"));
    // And it was not touched.
    assert!(
        std::fs::read_to_string(&bogus)
            .unwrap()
            .starts_with("这不是数据库")
    );
    // Another program's SQLite file is not ours either.
    let other = env.path("other.db");
    sql_exec(&other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    let out = env
        .cmd()
        .arg("--db")
        .arg(&other)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("not a gridbook database"));
}

#[test]
fn a_folder_given_as_the_database_is_refused() {
    let env = Env::new();
    let out = env
        .cmd()
        .arg("--db")
        .arg(env.dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    one_line_error(&out);
}

#[test]
fn config_path_follows_the_config_dir_override() {
    let env = Env::new();
    env.cmd()
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            env.config_dir()
                .join("config.toml")
                .to_string_lossy()
                .to_string(),
        ));
}

#[test]
fn a_bad_config_file_names_file_and_line() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        "worker = \"王芳\"\nmask = \"yes\"\n",
    )
    .unwrap();
    let out = env.cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("config.toml:2"), "{err}");
}

#[test]
fn bad_usage_exits_2() {
    let env = Env::new();
    env.cmd().arg("--no-such-flag").assert().code(2);
    env.cmd()
        .args(["demo", "--households", "0"])
        .assert()
        .code(2);
}

#[test]
fn a_bad_key_binding_names_file_and_line() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        "worker = \"王芳\"\n[keys]\n\"ctrl-s\" = \"sav\"\n",
    )
    .unwrap();
    let out = env.cmd().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(
        err.contains("config.toml:3") && err.contains("unknown action `sav`"),
        "{err}"
    );
    std::fs::write(
        env.config_dir().join("config.toml"),
        "[keys]\n\"ctrl-s\" = \"quit\"\n\"Ctrl-S\" = \"help\"\n",
    )
    .unwrap();
    let out = env.cmd().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("bound twice"));
}

#[test]
fn a_database_copied_to_another_machine_is_enrolled_through_the_binary() {
    let env = Env::new();
    env.cmd()
        .args(["roster", "import", "tests/data/roster_sample.csv"])
        .assert()
        .success();
    let original = sql_rows(&env.db(), "SELECT id FROM device_self")[0][0].clone();
    // Another machine: the same file, a config dir that never saw it.
    let other = Env::new();
    std::fs::copy(env.db(), other.db()).unwrap();
    let roster = env.path("one.csv");
    std::fs::write(
        &roster,
        "网格,小区,楼栋,单元,门牌号,姓名,与户主关系,性别\n第九网格,新村,1栋,1单元,101,赵新,户主,男\n",
    )
    .unwrap();
    let blocked = other
        .cmd()
        .args(["roster", "import"])
        .arg(&roster)
        .output()
        .unwrap();
    assert_eq!(blocked.status.code(), Some(1));
    let err = one_line_error(&blocked);
    assert!(err.contains("gridbook enrol"), "{err}");
    assert_eq!(
        sql_rows(
            &other.db(),
            "SELECT count(*) FROM households WHERE grid = '第九网格'"
        )[0][0],
        "0"
    );
    other
        .cmd()
        .args(["enrol", "--label", "李强的电脑"])
        .assert()
        .success()
        .stdout(predicate::str::contains("李强的电脑"));
    let (id, label) = {
        let row = &sql_rows(&other.db(), "SELECT id, label FROM device_self")[0];
        (row[0].clone(), row[1].clone())
    };
    assert_ne!(id, original, "a new device identity");
    assert_eq!(label, "李强的电脑");
    other
        .cmd()
        .args(["roster", "import"])
        .arg(&roster)
        .assert()
        .success();
    // Its changes are its own series; the original device's stay as they were.
    let own = sql_rows(
        &other.db(),
        &format!("SELECT count(*) FROM ops WHERE origin = '{id}'"),
    );
    assert_ne!(own[0][0], "0");
    other.cmd().arg("check").assert().success();
}
