//! `gridbook export`, `import` and `keys` with the real binary: the office round trip, the
//! report, and refusals as one line with exit 1.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use predicates::prelude::*;

const READ_TABLES: &[&str] = &[
    "SELECT * FROM households ORDER BY id",
    "SELECT * FROM members ORDER BY id",
    "SELECT * FROM member_tags ORDER BY member, tag",
    "SELECT * FROM visits ORDER BY id",
    "SELECT * FROM visit_versions ORDER BY op_id",
    "SELECT * FROM requests ORDER BY id",
    "SELECT * FROM request_events ORDER BY op_id",
    "SELECT * FROM field_heads ORDER BY entity, field, op_id",
    "SELECT * FROM conflicts ORDER BY entity, field",
];

fn one_line_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("gridbook: "), "{err}");
    err
}

/// Every row of every table, for "nothing was written".
fn everything(db: &std::path::Path) -> Vec<Vec<Vec<String>>> {
    let tables = sql_rows(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    );
    tables
        .iter()
        .map(|t| sql_rows(db, &format!("SELECT * FROM \"{}\" ORDER BY 1", t[0])))
        .collect()
}

#[test]
fn the_office_round_trip_gives_the_same_data_on_both_sides() {
    let worker = Env::new();
    let office = Env::new();
    worker
        .cmd()
        .args(["demo", "--no-tui", "--households", "120", "--db"])
        .arg(worker.db())
        .assert()
        .success();
    // Once: the worker joins the office's team (request, enrol, join with the fingerprint).
    std::fs::create_dir_all(office.config_dir()).unwrap();
    std::fs::write(
        office.config_dir().join("config.toml"),
        "worker = \"社区办公室\"\n",
    )
    .unwrap();
    office.form_team_at(&office.db(), &[(&worker.db(), &worker.config_dir())]);
    // The worker exports everything for the office; the office imports into an empty database.
    let bundle = worker.path("for-office.gbx");
    worker
        .cmd()
        .args(["export", "--full", "--out"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "encrypted for: this device, 社区办公室",
        ));
    assert!(
        std::fs::read(&bundle)
            .unwrap()
            .starts_with(b"age-encryption.org/v1")
    );
    let out = office
        .cmd()
        .arg("import")
        .arg(&bundle)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for field in [
        "bundle_id",
        "already_imported",
        "new_ops",
        "duplicate_ops",
        "parked_ops",
        "conflicts_opened",
        "conflicts_closed",
        "invalid_transitions",
        "gaps",
        "unknown_ops",
        "first_seen_devices",
        "clock_suspect_ops",
    ] {
        assert!(report.get(field).is_some(), "{field} missing: {report}");
    }
    assert_eq!(report["already_imported"], false);
    assert_eq!(report["parked_ops"], 0);
    assert!(report["new_ops"].as_u64().unwrap() > 2000);
    assert_eq!(report["first_seen_devices"].as_array().unwrap().len(), 1);
    for sql in READ_TABLES {
        assert_eq!(
            sql_rows(&worker.db(), sql),
            sql_rows(&office.db(), sql),
            "{sql}"
        );
    }
    // The same figures on both sides, for a whole year and for one month.
    for period in [["2025-11-24", "2026-11-23"], ["2026-10-01", "2026-10-31"]] {
        let figures = |env: &Env| {
            let out = env
                .cmd()
                .args([
                    "report", "--format", "json", "--from", period[0], "--to", period[1],
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        };
        let (w, o) = (figures(&worker), figures(&office));
        assert!(w["visits"].as_u64().unwrap() > 0, "{w}");
        assert_eq!(w, o, "{period:?}");
    }
    office.cmd().arg("check").assert().success();
    // The office sends back only what the worker lacks: the office's own changes (its
    // enrolment, its keys and the certificates it signed), the worker's none of them.
    let back = office.path("for-worker.gbx");
    let office_own = sql_rows(
        &office.db(),
        "SELECT count(*) FROM ops WHERE origin = (SELECT id FROM device_self)",
    )[0][0]
        .clone();
    office
        .cmd()
        .args(["export", "--to", "演示设备 demo", "--out"])
        .arg(&back)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{office_own} changes")));
    worker
        .cmd()
        .arg("import")
        .arg(&back)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{office_own}  new changes"
        )));
    // Importing it again: nothing to do.
    worker
        .cmd()
        .arg("import")
        .arg(&back)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "already imported on 2026-11-23",
        ));
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let a = Env::new();
    let b = Env::new();
    a.cmd()
        .args(["demo", "--no-tui", "--households", "20", "--db"])
        .arg(a.db())
        .assert()
        .success();
    b.form_team_at(&b.db(), &[(&a.db(), &a.config_dir())]);
    let bundle = a.path("a.gbx");
    a.cmd()
        .args(["export", "--full", "--no-encrypt", "--out"])
        .arg(&bundle)
        .assert()
        .success()
        .stderr(predicate::str::contains("NOT encrypted"));
    let before = everything(&b.db());
    b.cmd()
        .args(["import", "--dry-run", "--allow-plain"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("dry run: nothing was written"));
    assert_eq!(everything(&b.db()), before);
}

#[test]
fn refused_bundles_exit_1_with_one_line_naming_the_check_and_change_nothing() {
    let a = Env::new();
    let b = Env::new();
    a.cmd()
        .args(["demo", "--no-tui", "--households", "10", "--db"])
        .arg(a.db())
        .assert()
        .success();
    b.form_team_at(&b.db(), &[(&a.db(), &a.config_dir())]);
    let bundle = a.path("a.gbx");
    a.cmd()
        .args(["export", "--full", "--no-encrypt", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    let good = std::fs::read(&bundle).unwrap();
    let before = everything(&b.db());
    let mut flipped = good.clone();
    let mid = good.len() / 2;
    flipped[mid] ^= 0x04;
    let newer = String::from_utf8(good.clone())
        .unwrap()
        .replacen("\"fmt\":[2,0]", "\"fmt\":[3,0]", 1)
        .into_bytes();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.gbx",
            good[..good.len() - 10].to_vec(),
            "(truncation check)",
        ),
        ("flipped.gbx", flipped, "(hash check)"),
        ("newer.gbx", newer, "made by a newer gridbook; update"),
        ("empty.gbx", Vec::new(), "(format check)"),
        (
            "photo.gbx",
            b"\x89PNG\r\n\x1a\n".to_vec(),
            "not a gridbook bundle",
        ),
    ];
    for (name, bytes, words) in cases {
        let path = b.path(name);
        std::fs::write(&path, bytes).unwrap();
        let out = b
            .cmd()
            .args(["import", "--allow-plain"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = one_line_error(&out);
        assert!(err.contains(words), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        assert_eq!(everything(&b.db()), before, "{name} changed the database");
    }
    // Encrypted for someone else.
    let other = age::x25519::Identity::generate().to_public().to_string();
    let foreign = a.path("foreign.gbx");
    a.cmd()
        .args(["export", "--full", "--recipient", &other, "--out"])
        .arg(&foreign)
        .assert()
        .success();
    let out = b.cmd().arg("import").arg(&foreign).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(
        err.contains("(encryption check)") && err.contains("not encrypted for this device"),
        "{err}"
    );
    assert_eq!(everything(&b.db()), before);
}

#[test]
fn a_passphrase_protected_bundle_needs_the_right_passphrase() {
    let a = Env::new();
    let b = Env::new();
    a.cmd().arg("check").assert().success();
    b.form_team_at(&b.db(), &[(&a.db(), &a.config_dir())]);
    let pass = a.path("pass.txt");
    std::fs::write(&pass, "两个人都知道的口令\n").unwrap();
    let wrong = a.path("wrong.txt");
    std::fs::write(&wrong, "别的口令\n").unwrap();
    let bundle = a.path("a.gbx");
    a.cmd()
        .args(["export", "--full", "--passphrase-file"])
        .arg(&pass)
        .arg("--out")
        .arg(&bundle)
        .assert()
        .success();
    let out = b.cmd().arg("import").arg(&bundle).output().unwrap();
    assert!(one_line_error(&out).contains("--passphrase-file"));
    let out = b
        .cmd()
        .arg("import")
        .arg(&bundle)
        .arg("--passphrase-file")
        .arg(&wrong)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("wrong passphrase"));
    b.cmd()
        .arg("import")
        .arg(&bundle)
        .arg("--passphrase-file")
        .arg(&pass)
        .assert()
        .success();
}

#[test]
fn export_explains_what_it_needs() {
    let a = Env::new();
    // Neither --to nor --full is a usage error.
    a.cmd()
        .args(["export", "--out"])
        .arg(a.path("x.gbx"))
        .assert()
        .code(2);
    // No one to encrypt for.
    let out = a
        .cmd()
        .args(["export", "--full", "--out"])
        .arg(a.path("x.gbx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("gridbook keys --add-peer"));
    assert!(!a.path("x.gbx").exists());
    // An unknown peer.
    let out = a
        .cmd()
        .args(["export", "--to", "社区办公室", "--no-encrypt", "--out"])
        .arg(a.path("x.gbx"))
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("no peer called"));
    // A key that is not a key.
    let out = a
        .cmd()
        .args(["keys", "--add-peer", "办公室", "ssh-rsa AAAA"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("not an age public key"));
    // A folder that does not exist.
    let out = a
        .cmd()
        .args(["export", "--full", "--no-encrypt", "--out"])
        .arg(a.path("nowhere/x.gbx"))
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("does not exist"));
}

#[test]
fn keys_are_owner_only_and_outside_the_database() {
    let a = Env::new();
    let out = a.cmd().arg("keys").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("public key"), "{text}");
    let dir = a.config_dir().join("devices");
    let key_file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "keys"))
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "key file readable by others: {mode:o}");
    }
    let secret = std::fs::read_to_string(&key_file).unwrap();
    assert!(secret.contains("AGE-SECRET-KEY-"));
    // The database holds the public halves only.
    let db = std::fs::read(a.db()).unwrap();
    let wal = std::fs::read(a.path("grid.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(!bytes.windows(15).any(|w| w == b"AGE-SECRET-KEY-"));
    }
    let pk = sql_rows(&a.db(), "SELECT age_pk, length(sign_pk) FROM devices");
    assert!(pk[0][0].starts_with("age1") && pk[0][1] == "32", "{pk:?}");
}

#[test]
fn a_second_writer_holding_the_database_gives_a_clear_busy_message() {
    let a = Env::new();
    let b = Env::new();
    a.cmd().arg("check").assert().success();
    b.form_team_at(&b.db(), &[(&a.db(), &a.config_dir())]);
    let bundle = a.path("a.gbx");
    a.cmd()
        .args(["export", "--full", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    let holder = rusqlite::Connection::open(b.db()).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE hold (x);")
        .unwrap();
    let out = b.cmd().arg("import").arg(&bundle).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("busy"), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();
    b.cmd().arg("import").arg(&bundle).assert().success();
}

#[test]
fn a_database_from_schema_2_migrates_and_its_tables_still_match_the_log() {
    let env = Env::new();
    std::fs::copy("tests/data/schema_v2_demo.db", env.db()).unwrap();
    env.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("the tables match the op log"));
    assert!(env.path("grid.db.v2.bak").exists());
    let homes = sql_rows(
        &env.db(),
        "SELECT count(*) FROM members WHERE home <> household",
    );
    assert_eq!(homes[0][0], "0");
}
