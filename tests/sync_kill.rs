//! `kill -9` of the real binary in the middle of an import or an export, and a disk that fills
//! up: afterwards the database passes its integrity check and holds all of the bundle or none of
//! it, the import can be run again, and no partial bundle is ever found at the export's target
//! path.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use rand::{RngExt, SeedableRng};

/// The binary on `db`, quiet, with the env's pinned environment.
fn binary(env: &Env, db: &Path) -> Command {
    let mut cmd = env.binary();
    cmd.env("GRIDBOOK_DB", db)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Starts `args` paused at the test point `point` and waits until it is reached: the kill that
/// follows lands inside the window the point marks, not somewhere near it.
fn paused_at(env: &Env, db: &Path, point: &str, args: &[&std::ffi::OsStr]) -> std::process::Child {
    let mark = env.path(&format!("{point}.reached"));
    let _ = std::fs::remove_file(&mark);
    let mut child = binary(env, db)
        .args(args)
        .env("GRIDBOOK_TEST_PAUSE", point)
        .env("GRIDBOOK_TEST_PAUSE_MARK", &mark)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !mark.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ended ({status}) before reaching {point}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{point} never reached"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

fn one(db: &Path, sql: &str) -> String {
    sql_rows(db, sql)[0][0].clone()
}

/// A worker's demo exported in full, unencrypted (so each run spends its time importing);
/// the worker is in the team of the office, this env's database.
fn bundle(env: &Env) -> (std::path::PathBuf, String, u64) {
    let worker = env.path("worker.db");
    env.cmd()
        .args(["demo", "--no-tui", "--households", "250", "--db"])
        .arg(&worker)
        .assert()
        .success();
    env.form_team(&env.db(), &[&worker]);
    sql_exec(&env.db(), "PRAGMA wal_checkpoint(TRUNCATE)");
    let path = env.path("worker.gbx");
    env.cmd()
        .env("GRIDBOOK_DB", &worker)
        .args(["export", "--full", "--no-encrypt", "--out"])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read(&path).unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(text.split(|b| *b == b'\n').next().unwrap()).unwrap();
    (
        path,
        header["id"].as_str().unwrap().to_string(),
        header["op_count"].as_u64().unwrap(),
    )
}

#[test]
fn an_import_killed_at_any_point_leaves_all_or_nothing_and_can_be_run_again() {
    let env = Env::new();
    let (bundle, id, count) = bundle(&env);
    // The office's database before the import, copied for every run.
    let base = env.db();
    let target = env.path("office.db");
    let copy_base = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        std::fs::copy(&base, &target).unwrap();
    };
    // How long an undisturbed import takes, so kills land all over it.
    copy_base();
    let started = Instant::now();
    let ok = binary(&env, &target)
        .args(["import", "--allow-plain"])
        .arg(&bundle)
        .status()
        .unwrap();
    assert!(ok.success());
    let full = started.elapsed();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let (mut none, mut all) = (0, 0);
    for run in 0..24 {
        copy_base();
        let mut child = binary(&env, &target)
            .args(["import", "--allow-plain"])
            .arg(&bundle)
            .spawn()
            .unwrap();
        let delay = full.mul_f64(rng.random_range(0.0..0.8));
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(one(&target, "PRAGMA integrity_check"), "ok", "run {run}");
        let present: u64 = one(
            &target,
            &format!("SELECT count(*) FROM ops WHERE bundle = '{id}'"),
        )
        .parse()
        .unwrap();
        assert!(
            present == 0 || present == count,
            "run {run}: {present} of {count} ops present"
        );
        let bundles: u64 = one(&target, "SELECT count(*) FROM bundles_in")
            .parse()
            .unwrap();
        assert_eq!(bundles, u64::from(present == count), "run {run}");
        if present == 0 {
            none += 1;
        } else {
            all += 1;
        }
        if run % 8 == 0 {
            let ok = binary(&env, &target).arg("check").status().unwrap();
            assert!(ok.success(), "run {run}: check failed after the kill");
        }
        // Importing again completes it (or finds it already done).
        let ok = binary(&env, &target)
            .args(["import", "--allow-plain"])
            .arg(&bundle)
            .status()
            .unwrap();
        assert!(ok.success(), "run {run}: the import could not be run again");
        let present: u64 = one(
            &target,
            &format!("SELECT count(*) FROM ops WHERE bundle = '{id}'"),
        )
        .parse()
        .unwrap();
        assert_eq!(present, count, "run {run}");
    }
    eprintln!("killed with none of the bundle {none} times, after it was all in {all} times");
    assert!(none > 0, "no kill landed before the commit");
}

#[test]
fn an_import_killed_inside_its_transaction_leaves_nothing() {
    let env = Env::new();
    let (bundle, id, count) = bundle(&env);
    let target = env.path("office.db");
    std::fs::copy(env.db(), &target).unwrap();
    let before = sql_rows(&target, "SELECT count(*) FROM ops");
    // Every op of the bundle is written in the transaction when the point is reached.
    let mut child = paused_at(
        &env,
        &target,
        "import-applying",
        &[
            "import".as_ref(),
            "--allow-plain".as_ref(),
            bundle.as_os_str(),
        ],
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(one(&target, "PRAGMA integrity_check"), "ok");
    assert_eq!(
        one(
            &target,
            &format!("SELECT count(*) FROM ops WHERE bundle = '{id}'")
        ),
        "0",
        "ops of a transaction killed before its commit are gone"
    );
    assert_eq!(sql_rows(&target, "SELECT count(*) FROM ops"), before);
    assert_eq!(one(&target, "SELECT count(*) FROM bundles_in"), "0");
    assert!(
        binary(&env, &target)
            .arg("check")
            .status()
            .unwrap()
            .success()
    );
    // Run again, it completes.
    assert!(
        binary(&env, &target)
            .args(["import", "--allow-plain"])
            .arg(&bundle)
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(
        one(
            &target,
            &format!("SELECT count(*) FROM ops WHERE bundle = '{id}'")
        ),
        count.to_string()
    );
}

#[test]
fn an_export_killed_while_writing_the_bundle_leaves_nothing_at_the_target() {
    let env = Env::new();
    let worker = env.path("worker.db");
    env.cmd()
        .args(["demo", "--no-tui", "--households", "50", "--db"])
        .arg(&worker)
        .assert()
        .success();
    let out = env.path("out.gbx");
    let mut child = paused_at(
        &env,
        &worker,
        "export-writing",
        &[
            "export".as_ref(),
            "--full".as_ref(),
            "--no-encrypt".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
    );
    // The bundle is being written: its temporary file is beside the target, the target is not.
    let temps = || {
        std::fs::read_dir(env.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    assert_eq!(
        temps(),
        1,
        "the temporary bundle exists while it is written"
    );
    assert!(!out.exists());
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!out.exists(), "a killed export left a file at its target");
    assert_eq!(one(&worker, "PRAGMA integrity_check"), "ok");
    assert_eq!(one(&worker, "SELECT count(*) FROM bundles_out"), "0");
    // The next export clears the leftover and writes a whole bundle.
    assert!(
        binary(&env, &worker)
            .args(["export", "--full", "--no-encrypt", "--out"])
            .arg(&out)
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(temps(), 0);
    let bytes = std::fs::read(&out).unwrap();
    gridbook::sync::reader::verify(&bytes, &mut |_: u64, _: u64| {}).unwrap();
}

#[test]
fn an_export_killed_at_any_point_leaves_no_partial_bundle_at_the_target() {
    let env = Env::new();
    let worker = env.path("worker.db");
    env.cmd()
        .args(["demo", "--no-tui", "--households", "250", "--db"])
        .arg(&worker)
        .assert()
        .success();
    let out = env.path("out.gbx");
    let started = Instant::now();
    let ok = binary(&env, &worker)
        .args(["export", "--full", "--no-encrypt", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(ok.success());
    let full = started.elapsed().max(Duration::from_millis(20));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let mut cut_short = 0;
    for run in 0..12 {
        std::fs::remove_file(&out).unwrap_or(());
        let mut child = binary(&env, &worker)
            .args(["export", "--full", "--no-encrypt", "--out"])
            .arg(&out)
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(rng.random_range(0.0..1.1)));
        child.kill().unwrap();
        child.wait().unwrap();
        let temps = std::fs::read_dir(env.dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .count();
        if temps > 0 {
            cut_short += 1;
        }
        if out.exists() {
            // Whatever is at the target is a whole bundle that verifies.
            let bytes = std::fs::read(&out).unwrap();
            let mut sink = |_: u64, _: u64| {};
            gridbook::sync::reader::verify(&bytes, &mut sink)
                .unwrap_or_else(|e| panic!("run {run}: a partial bundle at the target: {e}"));
        }
        assert_eq!(one(&worker, "PRAGMA integrity_check"), "ok");
    }
    eprintln!("{cut_short} of 12 kills left a temporary file beside the target");
    // The next export finishes and clears what the killed ones left beside the target.
    let ok = binary(&env, &worker)
        .args(["export", "--full", "--no-encrypt", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(ok.success());
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Runs the binary with files limited to `kib` KiB (a full disk, as far as it can tell).
#[cfg(unix)]
fn limited(env: &Env, db: &Path, kib: u64, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("gridbook"))
        .args(args)
        .env("GRIDBOOK_CONFIG_DIR", env.config_dir())
        .env("GRIDBOOK_DB", db)
        .env("GRIDBOOK_NOW", "2026-11-23T10:00:00");
    cmd.output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_full_disk_fails_the_import_and_the_export_cleanly() {
    let env = Env::new();
    let (bundle, _, _) = bundle(&env);
    let office = env.path("office.db");
    std::fs::copy(env.db(), &office).unwrap();
    let ops_before = one(&office, "SELECT count(*) FROM ops");
    let out = limited(
        &env,
        &office,
        1024,
        &[
            "import".as_ref(),
            "--allow-plain".as_ref(),
            bundle.as_os_str(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("gridbook: ") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    assert!(err.contains("disk"), "{err}");
    assert_eq!(one(&office, "PRAGMA integrity_check"), "ok");
    assert_eq!(one(&office, "SELECT count(*) FROM bundles_in"), "0");
    assert_eq!(one(&office, "SELECT count(*) FROM ops"), ops_before);
    // With room, the same import goes through.
    let ok = binary(&env, &office)
        .args(["import", "--allow-plain"])
        .arg(&bundle)
        .status()
        .unwrap();
    assert!(ok.success());
    // An export that does not fit leaves nothing at the target.
    binary(&env, &office).arg("keys").status().unwrap();
    let target = env.path("too-big.gbx");
    let out = limited(
        &env,
        &office,
        512,
        &[
            "export".as_ref(),
            "--full".as_ref(),
            "--no-encrypt".as_ref(),
            "--out".as_ref(),
            target.as_os_str(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("too-big.gbx"), "{err}");
    assert!(!target.exists());
    let leftovers = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        })
        .count();
    assert_eq!(leftovers, 0);
}
