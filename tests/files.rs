//! Every file gridbook writes is owner-only (folders too), whatever the umask; it is put in
//! place by renaming a temporary file, so a symbolic link planted at its path is replaced and
//! the file the link points at stays as it was; and on a full disk it is absent, never partial.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write as _;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The binary with the env's config dir, database and clock, English messages, and a umask that
/// takes nothing away: whatever is owner-only was made so by gridbook itself.
fn gb(env: &Env) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_CONFIG_DIR", env.config_dir())
        .env("GRIDBOOK_DB", env.db())
        .env("GRIDBOOK_NOW", "2026-11-23T10:00:00")
        .env_remove("GRIDBOOK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "en_US.UTF-8")
        .current_dir(env.dir.path());
    cmd
}

fn run(env: &Env, args: &[&str]) -> Output {
    gb(env).args(args).output().unwrap()
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

/// The one line a failed command prints, checked to be one line and no panic.
fn failure(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("gridbook: "), "{err}");
    err
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn assert_private_file(path: &Path) {
    let meta = std::fs::symlink_metadata(path).unwrap();
    assert!(meta.is_file(), "{} is not a regular file", path.display());
    assert_eq!(mode(path), 0o600, "{}", path.display());
}

fn assert_private_dir(path: &Path) {
    assert!(path.is_dir(), "{}", path.display());
    assert_eq!(mode(path), 0o700, "{}", path.display());
}

/// No temporary file left behind in `dir`.
fn assert_no_temps(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !(name.starts_with('.') && name.ends_with(".tmp")),
            "a temporary file was left: {name}"
        );
    }
}

/// A file someone wants overwritten, with a link to it planted at `link`. Returns its path and
/// contents.
fn plant(env: &Env, link: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let victim = env.path(name);
    let bytes = format!("{name}: not gridbook's to write\n").into_bytes();
    std::fs::write(&victim, &bytes).unwrap();
    if let Some(dir) = link.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let _ = std::fs::remove_file(link);
    symlink(&victim, link).unwrap();
    (victim, bytes)
}

fn db_id(env: &Env) -> String {
    sql_rows(&env.db(), "SELECT value FROM meta WHERE key = 'db_id'")[0][0].clone()
}

fn roster(dir: &Path) -> PathBuf {
    let to = dir.join("roster_sample_messy.csv");
    std::fs::copy(data("roster_sample_messy.csv"), &to).unwrap();
    to
}

#[test]
fn every_file_a_workday_writes_is_owner_only_even_with_umask_000() {
    let env = Env::new();
    ok(&env, &["check"]);
    let config = env.config_dir();
    let devices = config.join("devices");
    assert_private_file(&env.db());
    assert_private_dir(&config);
    assert_private_dir(&devices);
    let id = db_id(&env);
    assert_private_file(&devices.join(format!("{id}.json")));

    ok(&env, &["keys"]);
    assert_private_file(&devices.join(format!("{id}.keys")));

    let file = roster(env.dir.path());
    ok(
        &env,
        &["roster", "import", file.to_str().unwrap(), "--skip-bad"],
    );
    assert_private_file(&env.path("roster_sample_messy.csv.rejected.csv"));

    ok(
        &env,
        &["export", "--full", "--no-encrypt", "--out", "a.gbx"],
    );
    assert_private_file(&env.path("a.gbx"));

    ok(
        &env,
        &[
            "report",
            "--format",
            "csv",
            "--ledger",
            "visits",
            "--out",
            "ledgers/new/v.csv",
        ],
    );
    assert_private_dir(&env.path("ledgers"));
    assert_private_dir(&env.path("ledgers/new"));
    assert_private_file(&env.path("ledgers/new/v.csv"));
    ok(&env, &["report", "--out", "ledgers/all.xlsx"]);
    assert_private_file(&env.path("ledgers/all.xlsx"));

    for dir in [env.dir.path(), &env.path("ledgers"), &devices] {
        assert_no_temps(dir);
    }
}

#[test]
fn the_journal_files_sqlite_makes_beside_the_database_are_owner_only() {
    let env = Env::new();
    let wal = env.path("grid.db-wal");
    let shm = env.path("grid.db-shm");
    // The journal lives only while the database is open: watch a long write.
    let mut child = gb(&env)
        .args(["demo", "--no-tui", "--households", "1500", "--db"])
        .arg(env.db())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    while child.try_wait().unwrap().is_none() {
        for path in [&wal, &shm] {
            if let Ok(meta) = std::fs::symlink_metadata(path) {
                seen.push((path.clone(), meta.permissions().mode() & 0o777));
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(child.wait().unwrap().success());
    for path in [&wal, &shm] {
        assert!(
            seen.iter().any(|(p, _)| p == path),
            "{} was never seen while the demo was written",
            path.display()
        );
    }
    for (path, m) in &seen {
        assert_eq!(*m, 0o600, "{}", path.display());
    }
    assert_private_file(&env.db());
}

#[test]
fn a_copied_in_database_is_made_owner_only_and_its_migration_backup_too() {
    let env = Env::new();
    std::fs::copy(data("schema_v2_demo.db"), env.db()).unwrap();
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    // A link planted where the backup will go, and one pointing where nothing is yet.
    let (victim, bytes) = plant(&env, &env.path("grid.db.v2.bak"), "victim.txt");
    let nowhere = env.path("created-through-a-link");
    symlink(&nowhere, env.path("grid.db.v2.1.bak")).unwrap();
    ok(&env, &["check"]);
    assert_eq!(std::fs::read(&victim).unwrap(), bytes);
    assert!(!nowhere.exists(), "the backup was written through a link");
    assert_private_file(&env.db());
    let backups: Vec<PathBuf> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".bak") && p.is_file() && !p.is_symlink())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_private_file(&backups[0]);
    // The backup is the old database, whole.
    let version = sql_rows(&backups[0], "PRAGMA user_version");
    assert_eq!(version[0][0], "2");
    assert_eq!(sql_rows(&backups[0], "PRAGMA integrity_check")[0][0], "ok");
    assert_no_temps(env.dir.path());
}

#[test]
fn refused_rows_replace_a_planted_link_and_leave_what_it_points_at_alone() {
    let env = Env::new();
    let file = roster(env.dir.path());
    let out = env.path("roster_sample_messy.csv.rejected.csv");
    let (victim, bytes) = plant(&env, &out, "victim.csv");
    ok(
        &env,
        &["roster", "import", file.to_str().unwrap(), "--skip-bad"],
    );
    assert_eq!(std::fs::read(&victim).unwrap(), bytes);
    assert_private_file(&out);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(",reason,原因"),
        "{text}"
    );
    // A link to where nothing is yet creates nothing there.
    let nowhere = env.path("created-through-a-link.csv");
    std::fs::remove_file(&out).unwrap();
    symlink(&nowhere, &out).unwrap();
    ok(
        &env,
        &["roster", "import", file.to_str().unwrap(), "--skip-bad"],
    );
    assert!(!nowhere.exists());
    assert_private_file(&out);
    assert_no_temps(env.dir.path());
}

#[test]
fn bundles_ledgers_keys_and_the_device_file_never_write_through_a_link() {
    let env = Env::new();
    ok(&env, &["check"]);
    let id = db_id(&env);
    let devices = env.config_dir().join("devices");

    // Keys are made at first use: a dangling link where they go creates nothing.
    let nowhere = env.path("keys-through-a-link");
    symlink(&nowhere, devices.join(format!("{id}.keys"))).unwrap();
    ok(&env, &["keys"]);
    assert!(!nowhere.exists());
    assert_private_file(&devices.join(format!("{id}.keys")));

    let cases: [(&str, &[&str]); 3] = [
        ("a.gbx", &["export", "--full", "--no-encrypt", "--out"]),
        (
            "v.csv",
            &["report", "--format", "csv", "--ledger", "visits", "--out"],
        ),
        ("all.xlsx", &["report", "--out"]),
    ];
    for (name, args) in cases {
        let out = env.path(name);
        let (victim, bytes) = plant(&env, &out, &format!("victim-{name}"));
        let mut args = args.to_vec();
        let target = out.to_str().unwrap();
        args.push(target);
        ok(&env, &args);
        assert_eq!(std::fs::read(&victim).unwrap(), bytes, "{name}");
        assert_private_file(&out);
    }

    // The device file is rewritten on enrolment.
    let device = devices.join(format!("{id}.json"));
    let (victim, bytes) = plant(&env, &device, "victim-device.json");
    ok(&env, &["enrol", "--label", "王芳 第一网格"]);
    assert_eq!(std::fs::read(&victim).unwrap(), bytes);
    assert_private_file(&device);
    assert_no_temps(env.dir.path());
    assert_no_temps(&devices);
}

#[test]
fn the_config_file_replaces_a_planted_link_and_is_owner_only() {
    let env = Env::new();
    let path = env.config_dir().join("config.toml");
    let (victim, bytes) = plant(&env, &path, "victim.toml");
    // The victim is read as the config (it is where the link pointed) but never written.
    std::fs::write(&victim, "language = \"zh\"\n").unwrap();
    let bytes_now = std::fs::read(&victim).unwrap();
    assert_ne!(bytes, bytes_now);
    gridbook::config::save_identity(&path, "王芳", "第一网格").unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), bytes_now);
    assert_private_file(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("王芳") && text.contains("language"), "{text}");
}

#[test]
fn the_window_lock_is_owner_only_and_never_taken_through_a_link() {
    let env = Env::new();
    let lock = env.path("grid.db.lock");
    {
        let _held = gridbook::store::lock::WindowLock::acquire(&env.db()).unwrap();
        assert_private_file(&lock);
    }
    std::fs::remove_file(&lock).unwrap();
    let nowhere = env.path("lock-through-a-link");
    symlink(&nowhere, &lock).unwrap();
    let err = gridbook::store::lock::WindowLock::acquire(&env.db()).unwrap_err();
    assert!(err.to_string().contains("link"), "{err}");
    assert!(!nowhere.exists());
    let (victim, bytes) = plant(&env, &lock, "victim.lock");
    assert!(gridbook::store::lock::WindowLock::acquire(&env.db()).is_err());
    assert_eq!(std::fs::read(&victim).unwrap(), bytes);
}

#[test]
fn a_database_or_journal_path_that_is_a_link_is_refused_and_nothing_is_written_through_it() {
    let env = Env::new();
    // A link where the database would be created.
    let nowhere = env.path("db-through-a-link");
    symlink(&nowhere, env.db()).unwrap();
    let err = failure(&run(&env, &["check"]));
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!nowhere.exists());
    std::fs::remove_file(env.db()).unwrap();

    // A link where SQLite would put the journal of a real database.
    ok(&env, &["check"]);
    for suffix in ["-wal", "-shm", "-journal"] {
        let link = env.path(&format!("grid.db{suffix}"));
        let (victim, bytes) = plant(&env, &link, &format!("victim{suffix}"));
        let err = failure(&run(&env, &["check"]));
        assert!(err.contains("symbolic link"), "{suffix}: {err}");
        assert_eq!(std::fs::read(&victim).unwrap(), bytes, "{suffix}");
        std::fs::remove_file(&link).unwrap();
    }
    ok(&env, &["check"]);
}

/// A small tmpfs mounted for one test, unmounted when dropped. Mounting needs root; where it is
/// not allowed the test says so and checks nothing.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: PathBuf, kib: u32) -> Option<Self> {
        std::fs::create_dir_all(&path).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={kib}k,mode=0755"))
            .arg("tmpfs")
            .arg(&path)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Self { path }),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a small tmpfs here ({}); the full-disk checks need root",
                    String::from_utf8_lossy(&o.stderr)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount ({e}); the full-disk checks need root");
                None
            }
        }
    }

    /// Fills the disk to the last byte.
    fn fill(&self) {
        let mut f = std::fs::File::create(self.path.join("filler")).unwrap();
        let chunk = [0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        let byte = [0u8; 1];
        while f.write_all(&byte).is_ok() {}
    }

    /// What the disk holds besides the filler.
    fn contents(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "filler")
            .collect();
        names.sort();
        names
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.path)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let _ = Command::new("umount").arg("-l").arg(&self.path).status();
        }
    }
}

#[test]
fn on_a_full_disk_refused_rows_ledgers_and_bundles_are_absent_and_the_command_says_so() {
    let env = Env::new();
    let Some(disk) = SmallDisk::mount(env.path("small"), 512) else {
        return;
    };
    write_demo(&env);
    ok(&env, &["keys"]);
    let file = roster(&disk.path);
    disk.fill();
    let file = file.to_str().unwrap().to_string();
    let out = |name: &str| disk.path.join(name).to_str().unwrap().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec![
            "roster".into(),
            "import".into(),
            file.clone(),
            "--skip-bad".into(),
        ],
        vec![
            "report".into(),
            "--format".into(),
            "csv".into(),
            "--ledger".into(),
            "visits".into(),
            "--out".into(),
            out("v.csv"),
        ],
        vec!["report".into(), "--out".into(), out("all.xlsx")],
        vec![
            "export".into(),
            "--full".into(),
            "--no-encrypt".into(),
            "--out".into(),
            out("a.gbx"),
        ],
    ];
    for args in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = failure(&run(&env, &args));
        assert!(err.contains("disk is full"), "{args:?}: {err}");
        assert_eq!(disk.contents(), ["roster_sample_messy.csv"], "{args:?}");
    }
}

#[test]
fn a_database_on_a_full_disk_says_so_and_keeps_what_it_had() {
    let env = Env::new();
    let Some(disk) = SmallDisk::mount(env.path("small"), 2048) else {
        return;
    };
    let db = disk.path.join("grid.db");
    let db_arg = db.to_str().unwrap().to_string();
    ok(&env, &["--db", &db_arg, "check"]);
    disk.fill();
    let file = roster(env.dir.path());
    let err = failure(&run(
        &env,
        &[
            "--db",
            &db_arg,
            "roster",
            "import",
            file.to_str().unwrap(),
            "--skip-bad",
        ],
    ));
    assert!(err.contains("disk is full"), "{err}");
    assert!(
        !err.contains("database or disk is full"),
        "SQLite's words: {err}"
    );
    std::fs::remove_file(disk.path.join("filler")).unwrap();
    ok(&env, &["--db", &db_arg, "check"]);
    assert_eq!(sql_rows(&db, "SELECT count(*) FROM households")[0][0], "0");
}
