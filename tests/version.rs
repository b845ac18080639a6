//! `gridbook --version`: the version, the bundle format it writes and the database schema, read
//! from the constants (so a format or migration change shows without touching this test).

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn format() -> String {
    let [major, minor] = gridbook::sync::bundle::FORMAT;
    format!("{major}.{minor}")
}

fn stdout(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_names_the_bundle_format_and_the_database_schema() {
    let env = Env::new();
    let want = format!(
        "gridbook {} (bundle format {}, database schema {})\n",
        env!("CARGO_PKG_VERSION"),
        format(),
        gridbook::store::latest_schema()
    );
    assert_eq!(stdout(&env, &["--lang", "en", "--version"]), want);
    assert_eq!(stdout(&env, &["--lang", "en", "-V"]), want);
}

#[test]
fn version_speaks_chinese_under_lang_zh_and_the_chinese_locale() {
    let env = Env::new();
    let want = format!(
        "gridbook {}（同步包格式 {}，数据库结构版本 {}）\n",
        env!("CARGO_PKG_VERSION"),
        format(),
        gridbook::store::latest_schema()
    );
    assert_eq!(stdout(&env, &["--lang", "zh", "--version"]), want);
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .arg("-V")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
}

#[test]
fn version_touches_no_database_and_ignores_a_broken_config() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.config_dir().join("config.toml"), "worker = [broken").unwrap();
    let out = stdout(&env, &["--lang", "en", "--version"]);
    assert!(out.starts_with("gridbook "), "{out}");
    assert!(!env.db().exists());
}
