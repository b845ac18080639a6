//! Output cut short: a reader that closed its end of the pipe (`gridbook search 王 | head -1`)
//! ends the command quietly, as grep does (by SIGPIPE, exit status 141 in a shell), never with
//! a panic or exit 101, and what the command did before it printed is kept.

#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod common;

use std::ffi::OsStr;
use std::process::{Output, Stdio};

use common::*;

/// Runs the binary with stdout a pipe whose reading end is already closed.
fn with_closed_stdout(env: &Env, args: &[&OsStr]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    env.binary()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// Ended by the closed pipe and nothing else: SIGPIPE's default action, nothing on stderr.
fn assert_quiet_end(out: &Output, what: &str) {
    use std::os::unix::process::ExitStatusExt;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{what}: stderr: {err}");
    assert_eq!(
        out.status.signal(),
        Some(13),
        "{what}: not ended by SIGPIPE: {:?}",
        out.status
    );
}

fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
    args.iter().map(Into::into).collect()
}

#[test]
fn search_keys_report_and_check_end_quietly_on_a_closed_pipe() {
    let env = Env::new();
    write_demo(&env);
    for args in [
        os(&["search", "王"]),
        os(&["search", "王", "--json"]),
        os(&["keys"]),
        os(&["report"]),
        os(&["report", "--format", "json"]),
        os(&["report", "--ledger", "visits", "--format", "csv"]),
        os(&["check"]),
        os(&["config", "path"]),
        os(&[]),
    ] {
        let refs: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let out = with_closed_stdout(&env, &refs);
        assert_quiet_end(&out, &format!("{args:?}"));
    }
}

#[test]
fn an_import_cut_short_keeps_what_it_imported() {
    let env = Env::new();
    let worker = env.path("worker.db");
    env.cmd()
        .args(["demo", "--no-tui", "--households", "20", "--db"])
        .arg(&worker)
        .assert()
        .success();
    let base = env.path("office.db");
    env.form_team(&base, &[&worker]);
    sql_exec(&base, "PRAGMA wal_checkpoint(TRUNCATE)");
    let bundle = env.path("w.gbx");
    env.cmd()
        .arg("--db")
        .arg(&worker)
        .args(["export", "--full", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    for json in [false, true] {
        // The same office twice over: a copy of its database on this machine.
        let office = env.path(&format!("office-{json}.db"));
        std::fs::copy(&base, &office).unwrap();
        let mut args: Vec<&OsStr> = vec![
            "--db".as_ref(),
            office.as_os_str(),
            "import".as_ref(),
            bundle.as_os_str(),
        ];
        if json {
            args.push("--json".as_ref());
        }
        let out = with_closed_stdout(&env, &args);
        assert_quiet_end(&out, &format!("import, json {json}"));
        let households = sql_rows(&office, "SELECT count(*) FROM households");
        assert_eq!(households[0][0], "20", "the import was kept");
        env.cmd()
            .arg("--db")
            .arg(&office)
            .arg("check")
            .assert()
            .success();
    }
}

#[test]
fn a_roster_import_cut_short_keeps_what_it_imported() {
    let env = Env::new();
    for json in [false, true] {
        let db = env.path(&format!("roster-{json}.db"));
        let mut args: Vec<&OsStr> = vec![
            "--db".as_ref(),
            db.as_os_str(),
            "roster".as_ref(),
            "import".as_ref(),
            "tests/data/roster_sample.csv".as_ref(),
        ];
        if json {
            args.push("--json".as_ref());
        }
        let out = with_closed_stdout(&env, &args);
        assert_quiet_end(&out, &format!("roster import, json {json}"));
        let households = sql_rows(&db, "SELECT count(*) FROM households");
        assert_ne!(households[0][0], "0", "the roster was imported");
    }
}

#[test]
fn a_closed_stderr_never_turns_an_error_into_a_panic() {
    let env = Env::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .binary()
        .args(["import", "no-such-bundle.gbx"])
        .stdout(Stdio::piped())
        .stderr(Stdio::from(writer))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{:?}", out.status);
}
