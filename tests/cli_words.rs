//! Messages that point the right way: who can read a passphrase export, short ids that tell
//! devices and bundles apart, and labels from other devices shown with their hidden characters
//! made visible.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

/// A worker database written with `label` as the worker's name (and so the device label).
fn worker(env: &Env, name: &str, label: &str) -> std::path::PathBuf {
    let config = env.path(&format!("{name}-config"));
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("worker = {}\n", toml_string(label)),
    )
    .unwrap();
    let db = env.path(&format!("{name}.db"));
    env.cmd()
        .env("GRIDBOOK_CONFIG_DIR", &config)
        .args(["roster", "import", "tests/data/roster_sample.csv", "--db"])
        .arg(&db)
        .assert()
        .success();
    // Both devices are in the team of the office (this env's database).
    env.form_team_at(&env.db(), &[(&db, &config)]);
    let bundle = env.path(&format!("{name}.gbx"));
    env.cmd()
        .env("GRIDBOOK_CONFIG_DIR", &config)
        .arg("--db")
        .arg(&db)
        .args(["export", "--full", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    bundle
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn import(env: &Env, bundle: &std::path::Path) -> (String, serde_json::Value) {
    let text = env.cmd().arg("import").arg(bundle).output().unwrap();
    assert!(text.status.success(), "{text:?}");
    let json = env
        .cmd()
        .args(["import", "--dry-run", "--json"])
        .arg(bundle)
        .output()
        .unwrap();
    (
        String::from_utf8(text.stdout).unwrap(),
        serde_json::from_slice(&json.stdout).unwrap(),
    )
}

#[test]
fn a_passphrase_export_says_whoever_has_the_passphrase_can_read_it() {
    let env = Env::new();
    write_demo(&env);
    let pass = env.path("pass.txt");
    std::fs::write(&pass, "correct horse battery staple\n").unwrap();
    let out = env
        .cmd()
        .args(["export", "--full", "--passphrase-file"])
        .arg(&pass)
        .arg("--out")
        .arg(env.path("x.gbx"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("whoever has the passphrase"), "{text}");
    assert!(!text.contains("this device"), "{text}");
}

#[test]
fn short_ids_of_devices_and_bundles_made_together_differ() {
    let env = Env::new();
    let a = worker(&env, "a", "王芳 第一网格");
    let b = worker(&env, "b", "李强 第二网格");
    let (text_a, json_a) = import(&env, &a);
    let (text_b, json_b) = import(&env, &b);
    let tail = |id: &serde_json::Value| {
        let hex = id.as_str().unwrap().replace('-', "");
        hex.chars().skip(hex.len() - 8).collect::<String>()
    };
    for (text, json) in [(&text_a, &json_a), (&text_b, &json_b)] {
        let shown = format!(
            "bundle {} from {} ({})",
            tail(&json["bundle_id"]),
            json["from_label"].as_str().unwrap(),
            tail(&json["from_device"])
        );
        assert!(text.contains(&shown), "{shown:?} not in {text}");
    }
    assert_ne!(tail(&json_a["from_device"]), tail(&json_b["from_device"]));
    assert_ne!(tail(&json_a["bundle_id"]), tail(&json_b["bundle_id"]));
}

#[test]
fn a_label_with_hidden_characters_is_shown_with_them_visible() {
    let env = Env::new();
    let label = "王芳\u{202E}网格\u{9B}31m";
    let bundle = worker(&env, "w", label);
    let (text, json) = import(&env, &bundle);
    assert_eq!(json["from_label"], label, "JSON keeps the label as it is");
    assert!(text.contains("王芳<U+202E>网格<U+009B>31m"), "{text}");
    assert!(
        !text.contains('\u{202E}') && !text.contains('\u{9B}'),
        "{text:?}"
    );
    // The sync tab's peers list shows it the same way.
    let mut store = env.open();
    let app = app_for(&mut store, gridbook::i18n::Lang::En, (120, 40));
    let mut app = app;
    press(
        &mut app,
        &mut store,
        &[gridbook::ui::action::Action::TabSync],
    );
    let screen = screen(&app);
    assert!(screen.contains("王芳<U+202E>网格"), "{screen}");
}

/// Under `--lang zh` the office reads `export` and `import` in Chinese, line by line; labels,
/// paths, ids and numbers aside, no English line.
#[test]
fn export_and_import_speak_chinese_under_lang_zh() {
    let has_chinese = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let env = Env::new();
    let bundle = worker(&env, "w", "王芳 第一网格");
    for args in [
        &["import", "--dry-run"][..],
        &["import"][..],
        &["import"][..],
    ] {
        let out = env
            .cmd()
            .args(["--lang", "zh"])
            .args(args)
            .arg(&bundle)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.trim().is_empty());
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                has_chinese(line),
                "an English line under --lang zh: {line:?}\n{text}"
            );
        }
    }
    // The failure paths too: a missing file, a file that is no bundle, a second import of the
    // same bundle.
    let junk = env.path("junk.gbx");
    std::fs::write(&junk, b"not a bundle").unwrap();
    for file in [env.path("no-such.gbx"), junk] {
        let out = env
            .cmd()
            .args(["--lang", "zh", "import"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("出错了"),
            "a known error in its own words: {err}"
        );
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                has_chinese(line),
                "an English error under --lang zh: {line:?}"
            );
        }
    }
    let back = env.path("back.gbx");
    let out = env
        .cmd()
        .args(["--lang", "zh", "export", "--full", "--out"])
        .arg(&back)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("已写出") && text.contains("已加密"), "{text}");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            has_chinese(line),
            "an English line under --lang zh: {line:?}"
        );
    }
}

/// The office's other commands under `--lang zh`: the team, the keys, the check, the piped
/// summary; every line in Chinese (labels, keys and ids inside them aside).
#[test]
fn team_keys_and_check_speak_chinese_under_lang_zh() {
    let has_chinese = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let env = Env::new();
    env.cmd()
        .args(["roster", "import", "tests/data/roster_sample.csv"])
        .assert()
        .success();
    for args in [
        &["team"][..],
        &["team", "init", "--name", "幸福社区"][..],
        &["team"][..],
        &["keys"][..],
        &["check"][..],
        &[][..],
    ] {
        let out = env
            .cmd()
            .args(["--lang", "zh"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.trim().is_empty(), "{args:?}");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(has_chinese(line), "{args:?}: an English line: {line:?}");
        }
    }
    // A failure path: a peer key that is not there.
    let out = env
        .cmd()
        .args(["--lang", "zh", "keys", "--remove-peer", "没有这个"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有名为") && !err.contains("出错了"), "{err}");
}

/// `--help` under `--lang zh` (or a Chinese locale): the about lines, every argument's help and
/// the headings in Chinese.
#[test]
fn help_speaks_chinese_under_lang_zh() {
    let has_chinese = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let env = Env::new();
    for args in [
        &["--help"][..],
        &["export", "--help"][..],
        &["roster", "import", "--help"][..],
        &["team", "enrol", "--help"][..],
        &["report", "--help"][..],
    ] {
        let out = env
            .cmd()
            .args(["--lang", "zh"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                has_chinese(line),
                "{args:?}: an English line: {line:?}\n{text}"
            );
        }
    }
    // A mistyped command line is refused in Chinese, with exit code 2.
    for args in [
        &["--bogus"][..],
        &["report", "--format", "pdf"][..],
        &["exprot"][..],
    ] {
        let out = env
            .cmd()
            .args(["--lang", "zh"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            assert!(has_chinese(line), "{args:?}: an English line: {line:?}");
        }
    }
    // A Chinese locale is enough.
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["import", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("要导入的同步文件"));
    // English stays English.
    let out = env.cmd().args(["--lang", "en", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: gridbook"));
}
