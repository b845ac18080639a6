//! Odd inputs get an answer, not a hang or SQLite's own words: a database gridbook refuses is
//! left byte for byte as it was; a FIFO, a device or a folder given as a bundle or a roster is
//! refused at once; the same bundle imported twice at the same moment is "already imported"; an
//! export that cannot take the write lock leaves no file; a damaged database says what to do.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The binary with the env's config dir, database and clock, and English messages.
fn gb(env: &Env) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridbook"));
    cmd.env("GRIDBOOK_CONFIG_DIR", env.config_dir())
        .env("GRIDBOOK_DB", env.db())
        .env("GRIDBOOK_NOW", "2026-11-23T10:00:00")
        .env_remove("GRIDBOOK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "en_US.UTF-8")
        .current_dir(env.dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd`; a command that has not ended after a minute is killed and the test fails (this
/// guards against a hang, it measures nothing).
fn finish(mut cmd: Command) -> Output {
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(env: &Env, args: &[&str]) -> Output {
    let mut cmd = gb(env);
    cmd.args(args);
    finish(cmd)
}

fn ok(env: &Env, args: &[&str]) -> Output {
    let out = run(env, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The one line a failed command prints, checked to be one line, exit 1 and no panic.
fn failure(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("gridbook: "), "{err}");
    err
}

/// SQLite's own words, which never reach the worker.
fn assert_no_sqlite_words(text: &str) {
    for words in [
        "constraint failed",
        "Invalid column type",
        "database is locked",
        "SqliteFailure",
        "database error",
    ] {
        assert!(
            !text.contains(words),
            "SQLite's words reach the user: {text}"
        );
    }
}

fn journal_files(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| PathBuf::from(format!("{}{s}", db.display())))
        .filter(|p| p.exists())
        .collect()
}

/// A SQLite file made outside gridbook with these header values and one table.
fn foreign_db(path: &Path, application_id: i64, user_version: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA application_id = {application_id};
         PRAGMA user_version = {user_version};
         CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
         INSERT INTO notes (body) VALUES ('someone else''s data');"
    ))
    .unwrap();
}

#[test]
fn a_database_gridbook_refuses_is_left_byte_for_byte_as_it_was() {
    let ours = gridbook::store::APPLICATION_ID;
    let newer = gridbook::store::latest_schema() + 1;
    let cases = [
        ("newer.db", ours, newer, "newer version of gridbook"),
        ("other-app.db", 0x1234_5678, 3, "not a gridbook database"),
        ("tables-no-version.db", 0, 0, "not a gridbook database"),
        ("version-no-id.db", 0, 2, "not a gridbook database"),
    ];
    let env = Env::new();
    for (name, app, version, expect) in cases {
        let db = env.path(name);
        foreign_db(&db, app, version);
        let before = std::fs::read(&db).unwrap();
        for args in [&["check"][..], &["report"], &["keys"], &[]] {
            let mut cmd = gb(&env);
            cmd.env("GRIDBOOK_DB", &db).args(args);
            let err = failure(&finish(cmd));
            assert!(err.contains(expect), "{name} {args:?}: {err}");
            assert_eq!(
                std::fs::read(&db).unwrap(),
                before,
                "{name} {args:?} changed"
            );
            assert!(
                journal_files(&db).is_empty(),
                "{name}: {:?}",
                journal_files(&db)
            );
        }
    }
}

fn fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_a_device_or_a_folder_given_as_a_bundle_or_roster_is_refused_at_once() {
    let env = Env::new();
    ok(&env, &["check"]);
    let pipe = env.path("pipe.gbx");
    fifo(&pipe);
    let folder = env.path("folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let cases = [
        (pipe.to_str().unwrap(), "named pipe"),
        ("/dev/zero", "device"),
        (folder.to_str().unwrap(), "folder"),
    ];
    for (path, kind) in cases {
        for args in [vec!["import", path], vec!["roster", "import", path]] {
            let err = failure(&run(&env, &args));
            assert!(err.contains(kind), "{args:?}: {err}");
            assert!(err.contains("not a file"), "{args:?}: {err}");
        }
    }
}

/// A bundle of a 300-household demo, unencrypted, made in its own env.
fn demo_bundle(env: &Env) -> PathBuf {
    let worker = env.path("worker.db");
    ok(
        env,
        &[
            "demo",
            "--no-tui",
            "--households",
            "300",
            "--db",
            worker.to_str().unwrap(),
        ],
    );
    // The office (this env's database) and the worker are one team.
    env.form_team(&env.db(), &[&worker]);
    sql_exec(&env.db(), "PRAGMA wal_checkpoint(TRUNCATE)");
    let bundle = env.path("worker.gbx");
    let mut cmd = gb(env);
    cmd.env("GRIDBOOK_DB", &worker)
        .args(["export", "--full", "--out"])
        .arg(&bundle);
    assert!(finish(cmd).status.success());
    bundle
}

#[test]
fn the_same_bundle_imported_twice_at_the_same_moment_is_already_imported() {
    let env = Env::new();
    let bundle = demo_bundle(&env);
    for round in 0..6 {
        // A fresh copy of the office's database each round.
        let db = env.path(&format!("office-{round}.db"));
        std::fs::copy(env.db(), &db).unwrap();
        let children: Vec<_> = (0..2)
            .map(|_| {
                gb(&env)
                    .env("GRIDBOOK_DB", &db)
                    .arg("import")
                    .arg(&bundle)
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let mut already = 0;
        for out in &outs {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_no_sqlite_words(&stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
            if stdout.starts_with("already imported") {
                already += 1;
            }
        }
        assert_eq!(already, 1, "round {round}: {outs:?}");
        assert_eq!(sql_rows(&db, "SELECT count(*) FROM bundles_in")[0][0], "1");
    }
}

#[test]
fn an_export_that_cannot_take_the_write_lock_leaves_no_file() {
    let env = Env::new();
    write_demo(&env);
    // The keys are announced first, so the export itself is what waits for the lock.
    ok(&env, &["keys"]);
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = env.path("busy.gbx");
    let err = failure(&run(
        &env,
        &[
            "export",
            "--full",
            "--no-encrypt",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("another gridbook is writing"), "{err}");
    assert_no_sqlite_words(&err);
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(
        !out.exists(),
        "the bundle was written although the export failed"
    );
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "{name} was left behind");
    }
    assert_eq!(
        sql_rows(&env.db(), "SELECT count(*) FROM bundles_out")[0][0],
        "0"
    );
    // A folder as the target is refused before anything is recorded.
    let err = failure(&run(
        &env,
        &[
            "export",
            "--full",
            "--no-encrypt",
            "--out",
            env.dir.path().to_str().unwrap(),
        ],
    ));
    assert!(err.contains("it is a folder"), "{err}");
    assert_eq!(
        sql_rows(&env.db(), "SELECT count(*) FROM bundles_out")[0][0],
        "0"
    );
    ok(
        &env,
        &[
            "export",
            "--full",
            "--no-encrypt",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(out.exists());
}

#[test]
fn a_damaged_database_says_what_to_do_in_gridbooks_words() {
    let env = Env::new();
    write_demo(&env);
    sql_exec(
        &env.db(),
        "UPDATE households SET member_count = 'many' WHERE id = (SELECT min(id) FROM households)",
    );
    let err = failure(&run(&env, &["report"]));
    assert_no_sqlite_words(&err);
    assert!(err.contains("damaged"), "{err}");
    assert!(err.contains("gridbook check"), "{err}");
}
