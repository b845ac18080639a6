//! The command line in the office's language, command by command, through the real binary:
//! under `--lang zh` every line of output, on success and on failure, holds Chinese unless it
//! is a path, a number, a key or JSON; under `--lang en` no Chinese comes from gridbook itself
//! (names and addresses from the data aside).

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn has_chinese(l: &str) -> bool {
    l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A line that needs no words: a path, numbers, a key, JSON, a table row of data.
fn wordless(l: &str) -> bool {
    let t = l.trim();
    t.is_empty()
        || t.starts_with('{')
        || t.starts_with('[')
        || t.starts_with('/')
        || t.starts_with("age1")
        || t.chars()
            .all(|c| c.is_ascii_digit() || " .,:-%".contains(c))
}

struct Ran {
    ok: bool,
    text: String,
}

fn run(env: &Env, lang: &str, args: &[&str]) -> Ran {
    let out = env
        .cmd()
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    Ran {
        ok: out.status.success(),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Commands with their expected outcome, run in both languages on the same database.
fn commands(env: &Env) -> Vec<(Vec<String>, bool)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let missing = env.path("no-such.csv").display().to_string();
    let bundle = env.path("out.gbx").display().to_string();
    let pass = env.path("pass.txt");
    std::fs::write(&pass, "红色议事驿站\n").unwrap();
    let pass = pass.display().to_string();
    vec![
        (s(&["check"]), true),
        (s(&["keys"]), true),
        (s(&["team"]), true),
        (s(&["report"]), true),
        (s(&["doctor"]), true),
        (s(&["export", "--full", "--out", &bundle]), false),
        (
            s(&[
                "export",
                "--full",
                "--out",
                &bundle,
                "--passphrase-file",
                &pass,
            ]),
            true,
        ),
        // A team of one accepts no bundle: refused, and said so.
        (s(&["import", &bundle, "--passphrase-file", &pass]), false),
        (s(&["roster", "import", "--dry-run", &missing]), false),
        (s(&["import", &missing]), false),
        (s(&["report", "--format", "csv"]), false),
        (s(&["report", "--grid", "没有的网格"]), false),
        (s(&["export", "--to", "nobody", "--out", &bundle]), false),
        (s(&["keys", "--add-peer", "x", "notakey"]), false),
        (s(&["team", "revoke", "nobody"]), false),
        (s(&["--bogus"]), false),
    ]
}

#[test]
fn every_command_speaks_chinese_under_lang_zh() {
    let env = Env::new();
    env.cmd()
        .args(["roster", "import", "tests/data/roster_sample.csv"])
        .assert()
        .success();
    for (args, ok) in commands(&env) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&env, "zh", &args);
        assert_eq!(r.ok, ok, "{args:?}: {}", r.text);
        assert!(!r.text.trim().is_empty(), "{args:?} said nothing");
        assert!(
            !r.text.contains("出错了"),
            "{args:?}: a generic error: {}",
            r.text
        );
        for line in r.text.lines().filter(|l| !wordless(l)) {
            assert!(
                has_chinese(line),
                "{args:?}: an English line: {line:?}\n{}",
                r.text
            );
        }
    }
}

#[test]
fn no_chinese_of_gridbooks_own_under_lang_en() {
    let env = Env::new();
    env.cmd()
        .args(["roster", "import", "tests/data/roster_sample.csv"])
        .assert()
        .success();
    for (args, ok) in commands(&env) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&env, "en", &args);
        assert_eq!(r.ok, ok, "{args:?}: {}", r.text);
        // What the data and the arguments bring (names, grids, the roster's column names) may
        // be Chinese; nothing else.
        for line in r.text.lines().filter(|l| has_chinese(l)) {
            let from_data = ["网格", "没有的网格", "测试设备", "华家园"]
                .iter()
                .chain(gridbook::domain::Tag::KNOWN.iter())
                .any(|d| line.contains(d))
                || args.iter().any(|a| has_chinese(a) && line.contains(a));
            assert!(from_data, "{args:?}: Chinese in English output: {line:?}");
        }
    }
}
