//! `gridbook doctor` through the real binary: where the files are, whether other users can read
//! them, whether the database opens, whether the terminal can show Chinese; exit 0 when all is
//! well and 1 when something needs doing, and never a file created or changed.

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;

/// A set-up device: the database, its device file, its keys and a config file, all owner-only.
/// Returns the key file.
fn healthy(env: &Env) -> PathBuf {
    let store = env.open();
    let db_id = store.db_id().to_string();
    drop(store);
    env.cmd().arg("keys").assert().success();
    let config = env.config_dir().join("config.toml");
    std::fs::write(&config, "worker = \"王芳\"\nlanguage = \"zh\"\n").unwrap();
    chmod(&config, 0o600);
    let keys = gridbook::sync::keys::key_file(&env.config_dir(), &db_id);
    assert!(keys.exists(), "{}", keys.display());
    keys
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn doctor(mut cmd: assert_cmd::Command, lang: &str) -> Run {
    let out = cmd.args(["--lang", lang, "doctor"]).output().unwrap();
    let run = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// The names of the files in `dir` and below, to show nothing was made.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push((path.clone(), Vec::new()));
            out.extend(tree(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn a_healthy_setup_says_where_everything_is_and_exits_0() {
    let env = Env::new();
    let keys = healthy(&env);
    let before = tree(env.dir.path());
    let run = doctor(env.cmd(), "en");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("gridbook "), "{out}");
    for path in [
        env.db(),
        env.config_dir(),
        env.config_dir().join("config.toml"),
        keys.clone(),
        keys.with_extension("json"),
    ] {
        assert!(
            out.contains(&path.display().to_string()),
            "{} missing from:\n{out}",
            path.display()
        );
    }
    assert!(out.contains("opens, schema"), "{out}");
    assert!(out.contains("(0600)"), "{out}");
    assert!(out.contains("LANG=en_US.UTF-8"), "{out}");
    assert!(!out.contains("to do"), "{out}");
    assert!(out.trim_end().ends_with("all is well"), "{out}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(tree(env.dir.path()), before, "doctor changed a file");
}

#[test]
fn every_line_of_the_chinese_report_is_chinese() {
    let env = Env::new();
    healthy(&env);
    let run = doctor(env.cmd(), "zh");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for line in run.stdout.lines() {
        assert!(
            line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese in {line:?}"
        );
    }
    assert!(run.stdout.contains("一切正常"), "{}", run.stdout);
}

#[test]
fn files_other_users_can_read_are_named_with_the_chmod_that_fixes_them() {
    let env = Env::new();
    let keys = healthy(&env);
    chmod(&env.db(), 0o640);
    chmod(&keys, 0o644);
    let run = doctor(env.cmd(), "en");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let todo: Vec<&str> = run.stdout.lines().filter(|l| l.contains("to do")).collect();
    assert_eq!(todo.len(), 2, "{}", run.stdout);
    assert!(
        todo[0].contains(&format!("(0640): run chmod 600 {}", env.db().display())),
        "{}",
        todo[0]
    );
    assert!(
        todo[1].contains(&format!("(0644): run chmod 600 {}", keys.display())),
        "{}",
        todo[1]
    );
    assert!(run.stderr.contains("2 to do"), "{}", run.stderr);
    // Doctor says what to do; it does not do it (opening the store would have).
    assert_eq!(mode(&env.db()), 0o640);
    assert_eq!(mode(&keys), 0o644);
    // Done as it says, all is well again.
    chmod(&env.db(), 0o600);
    chmod(&keys, 0o600);
    assert_eq!(doctor(env.cmd(), "en").code, 0);
}

#[test]
fn an_open_config_folder_is_named_and_the_chinese_says_chmod_too() {
    let env = Env::new();
    healthy(&env);
    chmod(&env.config_dir(), 0o755);
    let run = doctor(env.cmd(), "zh");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("待处理"))
        .unwrap_or_default();
    assert!(
        line.contains(&format!("chmod 700 {}", env.config_dir().display())),
        "{}",
        run.stdout
    );
    assert!(line.contains("其他用户"), "{line}");
}

#[test]
fn a_c_locale_says_chinese_may_not_show_and_what_to_set() {
    let env = Env::new();
    healthy(&env);
    let mut cmd = env.cmd();
    cmd.env("LANG", "C").env_remove("LC_ALL");
    let run = doctor(cmd, "en");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("to do"))
        .unwrap_or_default();
    assert!(line.contains("LANG=C"), "{}", run.stdout);
    assert!(line.contains("Chinese may not show"), "{line}");
    assert!(line.contains("export LANG=zh_CN.UTF-8"), "{line}");

    let mut cmd = env.cmd();
    cmd.env("LANG", "C").env_remove("LC_ALL");
    let run = doctor(cmd, "zh");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("可能无法显示中文"), "{}", run.stdout);
    assert!(
        run.stdout.contains("export LANG=zh_CN.UTF-8"),
        "{}",
        run.stdout
    );

    // No locale at all: the same advice.
    let mut cmd = env.cmd();
    cmd.env_remove("LANG");
    let run = doctor(cmd, "en");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("export LANG=zh_CN.UTF-8"),
        "{}",
        run.stdout
    );
}

#[test]
fn doctor_never_creates_a_database_or_its_folder() {
    let env = Env::new();
    // The default place (HOME is the temp dir, XDG_DATA_HOME unset).
    let mut cmd = env.cmd();
    cmd.env_remove("GRIDBOOK_DB");
    let run = doctor(cmd, "en");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("does not exist yet"), "{}", run.stdout);
    assert_eq!(tree(env.dir.path()), Vec::new(), "doctor made files");

    // A path given with GRIDBOOK_DB, and one with --db.
    let run = doctor(env.cmd(), "en");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(&env.db().display().to_string()),
        "{}",
        run.stdout
    );
    let other = env.path("other.db");
    let mut cmd = env.cmd();
    cmd.arg("--db").arg(&other);
    let run = doctor(cmd, "en");
    assert!(
        run.stdout.contains(&other.display().to_string()),
        "{}",
        run.stdout
    );
    assert_eq!(tree(env.dir.path()), Vec::new(), "doctor made files");
}

#[test]
fn a_file_that_is_not_ours_is_named_and_left_as_it_was() {
    let env = Env::new();
    std::fs::write(env.db(), "household,name\n1,王芳\n").unwrap();
    chmod(&env.db(), 0o600);
    let before = tree(env.dir.path());
    let run = doctor(env.cmd(), "en");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("is not a gridbook database"),
        "{}",
        run.stdout
    );
    assert_eq!(tree(env.dir.path()), before);
}

#[test]
fn a_copied_database_says_to_enrol() {
    let env = Env::new();
    let keys = healthy(&env);
    std::fs::remove_file(keys.with_extension("json")).unwrap();
    let run = doctor(env.cmd(), "en");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("to do"))
        .unwrap_or_default();
    assert!(line.contains("gridbook enrol"), "{}", run.stdout);
}

#[test]
fn json_keeps_english_keys_and_the_exit_code() {
    let env = Env::new();
    healthy(&env);
    chmod(&env.db(), 0o644);
    let mut cmd = env.cmd();
    let out = cmd
        .args(["--lang", "zh", "doctor", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["schema"], gridbook::store::latest_schema());
    assert_eq!(v["todo"], 1);
    let findings = v["findings"].as_array().unwrap();
    let open: Vec<_> = findings.iter().filter(|f| f["status"] == "todo").collect();
    assert_eq!(open.len(), 1, "{findings:?}");
    assert_eq!(open[0]["item"], "database_permissions");
    assert_eq!(open[0]["mode"], "0644");
    assert_eq!(
        open[0]["fix"],
        format!("chmod 600 {}", env.db().display()).as_str()
    );
    assert!(findings.iter().any(|f| f["item"] == "locale"));
}
