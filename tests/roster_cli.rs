//! `gridbook roster import` with the real binary into a real database: the samples to their
//! truth, strict refusals, re-imports, dry runs and hostile files.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{Env, sql_rows};
use serde::Deserialize;
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[derive(Debug, Deserialize)]
struct Truth {
    households: u64,
    persons_valid: u64,
    duplicate_rows: u64,
    rejected: Vec<Value>,
}

fn truth(stem: &str) -> Truth {
    let text = std::fs::read_to_string(data(&format!("{stem}.truth.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Copies a sample into the env's folder (the rejected-rows file is written beside it).
fn copy(env: &Env, name: &str) -> PathBuf {
    let to = env.path(name);
    std::fs::copy(data(name), &to).unwrap();
    to
}

fn run(env: &Env, file: &Path, flags: &[&str]) -> std::process::Output {
    env.cmd()
        .args(["roster", "import"])
        .arg(file)
        .args(flags)
        .output()
        .unwrap()
}

/// Runs an import that must succeed and returns its `--json` object.
fn json(env: &Env, file: &Path, flags: &[&str]) -> Value {
    let mut flags = flags.to_vec();
    flags.push("--json");
    let out = run(env, file, &flags);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn count(env: &Env, table: &str) -> u64 {
    sql_rows(&env.db(), &format!("SELECT count(*) FROM {table}"))[0][0]
        .parse()
        .unwrap()
}

/// Everything a write could touch, as text.
fn snapshot(env: &Env) -> Vec<Vec<Vec<String>>> {
    [
        "SELECT count(*), max(hlc) FROM ops",
        "SELECT * FROM households ORDER BY id",
        "SELECT * FROM members ORDER BY id",
        "SELECT * FROM field_heads ORDER BY entity, field, op_id",
    ]
    .iter()
    .map(|sql| sql_rows(&env.db(), sql))
    .collect()
}

/// A one-line `gridbook: …` error with exit 1 and no panic.
fn refused(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    let last = err
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(last.starts_with("gridbook: "), "{err}");
    last
}

#[test]
fn every_sample_imports_to_its_truth_csv_and_xlsx() {
    for (stem, flags) in [
        ("roster_sample", &[][..]),
        ("roster_sample_messy", &["--skip-bad"][..]),
    ] {
        let truth = truth(stem);
        for ext in ["csv", "xlsx"] {
            let env = Env::new();
            let file = copy(&env, &format!("{stem}.{ext}"));
            let out = json(&env, &file, flags);
            let what = format!("{stem}.{ext}");
            assert_eq!(out["households_created"], truth.households, "{what}");
            assert_eq!(out["members_created"], truth.persons_valid, "{what}");
            assert_eq!(out["duplicates"], truth.duplicate_rows, "{what}");
            assert_eq!(out["members_updated"], 0, "{what}");
            let rejected: Vec<Value> = out["rejected"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| serde_json::json!({"row": r["row"], "reason": r["reason"], "name": r["name"]}))
                .collect();
            assert_eq!(rejected, truth.rejected, "{what}");
            assert_eq!(count(&env, "households"), truth.households, "{what}");
            assert_eq!(count(&env, "members"), truth.persons_valid, "{what}");
            let ok = env.cmd().arg("check").output().unwrap();
            assert!(ok.status.success(), "{what}: check failed");

            let rejected_file = env.path(&format!("{stem}.{ext}.rejected.csv"));
            if truth.rejected.is_empty() {
                assert!(out["rejected_file"].is_null());
                assert!(!rejected_file.exists());
            } else {
                let text = std::fs::read_to_string(&rejected_file).unwrap();
                let mut lines = text.lines();
                assert!(lines.next().unwrap().ends_with(",reason,原因"), "{text}");
                let rows: Vec<&str> = lines.collect();
                // Beside each code, the reason and what to do in Chinese.
                assert!(
                    rows[0].ends_with(",没有姓名：填上姓名；如果这一行不是人，删掉它"),
                    "{text}"
                );
                let reasons: Vec<&str> =
                    rows.iter().map(|l| l.rsplit(',').nth(1).unwrap()).collect();
                assert_eq!(
                    reasons,
                    [
                        "missing_name",
                        "id_number_checksum",
                        "id_number_scientific_notation"
                    ]
                );
            }
        }
    }
}

#[test]
fn strict_mode_refuses_the_messy_samples_lists_every_row_and_writes_nothing() {
    for ext in ["csv", "xlsx"] {
        let env = Env::new();
        let file = copy(&env, &format!("roster_sample_messy.{ext}"));
        // Into no database at all: none is created.
        let out = run(&env, &file, &[]);
        let last = refused(&out);
        assert!(last.contains("--skip-bad"), "{last}");
        assert!(!env.db().exists(), "a refused import created the database");
        let err = String::from_utf8_lossy(&out.stderr);
        let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("row ")).collect();
        assert_eq!(problems.len(), 3, "{err}");
        assert!(problems[0].starts_with("row 212") && problems[0].contains("missing_name"));
        assert!(problems[1].starts_with("row 241 曾玉华, 身份证号"));
        assert!(problems[1].contains("id_number_checksum") && problems[1].contains("****"));
        assert!(problems[2].starts_with("row 298 汪想"));
        assert!(problems[2].contains("id_number_scientific_notation"));
        assert!(problems[2].contains("as text"), "{}", problems[2]);
        assert!(
            !env.path(&format!("roster_sample_messy.{ext}.rejected.csv"))
                .exists()
        );

        // Into a database that has data: nothing changes.
        json(&env, &copy(&env, "roster_sample.csv"), &[]);
        let before = snapshot(&env);
        refused(&run(&env, &file, &[]));
        assert_eq!(snapshot(&env), before);
    }
}

#[test]
fn strict_json_lists_the_refusals_and_says_nothing_was_written() {
    let env = Env::new();
    let file = copy(&env, "roster_sample_messy.xlsx");
    let out = run(&env, &file, &["--json"]);
    refused(&out);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["written"], false);
    assert_eq!(report["members_created"], 0);
    assert_eq!(report["rejected"].as_array().unwrap().len(), 3);
    assert_eq!(report["rejected"][0]["row"], 212);
    assert_eq!(report["rejected"][0]["reason"], "missing_name");
}

#[test]
fn the_same_roster_twice_creates_and_updates_nothing_and_writes_no_ops() {
    let env = Env::new();
    let csv = copy(&env, "roster_sample.csv");
    let first = json(&env, &csv, &[]);
    assert_eq!(first["written"], true);
    let before = snapshot(&env);
    let ops = count(&env, "ops");
    // The same file, then the same roster saved as XLSX.
    for file in [csv, copy(&env, "roster_sample.xlsx")] {
        let again = json(&env, &file, &[]);
        for key in [
            "households_created",
            "households_updated",
            "members_created",
            "members_updated",
            "ops",
        ] {
            assert_eq!(again[key], 0, "{key} in {file:?}");
        }
        assert_eq!(again["members_unchanged"], 151);
        assert_eq!(again["households_unchanged"], 49);
        assert_eq!(again["written"], false);
        assert_eq!(count(&env, "ops"), ops);
        assert_eq!(snapshot(&env), before);
    }
}

fn valid_id(body: &str) -> String {
    let chars: Vec<char> = body.chars().collect();
    format!(
        "{body}{}",
        gridbook::domain::idnum::check_char(&chars).unwrap()
    )
}

/// The clean sample with a changed phone, a new member, a removed member and a changed tag.
fn edited_sample(env: &Env) -> PathBuf {
    let text = std::fs::read_to_string(data("roster_sample.csv")).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.contains(",李宁,父亲,") {
            continue;
        }
        let line = line
            .replace(",13124628194,", ",13900000001,")
            .replace(",15090996030,党员,", ",15090996030,党员、低保户,");
        lines.push(line);
        if lines.len() == 2 {
            lines.push(format!(
                "第一网格,华家园,18栋,1单元,1201,H00001,王小宁,孙子,男,{},,,",
                valid_id("52032320150301001")
            ));
        }
    }
    let path = env.path("edited.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn an_edited_roster_gives_exactly_its_changes_and_reports_who_is_missing() {
    let env = Env::new();
    json(&env, &copy(&env, "roster_sample.csv"), &[]);
    let ops = count(&env, "ops");
    let edited = edited_sample(&env);
    let report = json(&env, &edited, &[]);
    assert_eq!(report["households_created"], 0);
    assert_eq!(report["households_updated"], 0);
    assert_eq!(report["members_created"], 1);
    assert_eq!(report["members_updated"], 2);
    assert_eq!(report["members_unchanged"], 148);
    assert_eq!(report["ops"], 3);
    assert_eq!(count(&env, "ops"), ops + 3);
    let updates: Vec<(String, String)> = report["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                u["fields"][0]["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        updates,
        [
            ("王宁".to_string(), "tags".to_string()),
            ("周慧".to_string(), "phone".to_string())
        ]
    );
    let missing = report["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["name"], "李宁");
    assert_eq!(count(&env, "members"), 152, "nobody is deleted");

    // The readable summary says the same.
    let again = env
        .cmd()
        .args(["roster", "import"])
        .arg(&edited)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("members:    0 created, 0 updated, 151 unchanged"),
        "{text}"
    );
    assert!(text.contains("missing: 李宁"), "{text}");
}

#[test]
fn a_dry_run_prints_what_would_happen_and_writes_nothing() {
    let env = Env::new();
    // Not even the database is created.
    let sample = copy(&env, "roster_sample.csv");
    let dry = json(&env, &sample, &["--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["written"], false);
    assert_eq!(dry["members_created"], 151);
    assert!(!env.db().exists());

    json(&env, &sample, &[]);
    let edited = edited_sample(&env);
    let before = snapshot(&env);
    let dry = json(&env, &edited, &["--dry-run"]);
    assert_eq!(snapshot(&env), before);
    let real = json(&env, &edited, &[]);
    for key in [
        "households_created",
        "households_updated",
        "members_created",
        "members_updated",
        "members_unchanged",
        "missing",
        "updates",
        "ops",
    ] {
        assert_eq!(dry[key], real[key], "{key}");
    }

    // Text: what would be created, updated and refused; no rejected-rows file.
    let messy = copy(&env, "roster_sample_messy.csv");
    let out = run(&env, &messy, &["--dry-run", "--skip-bad"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("dry run of "), "{text}");
    assert!(text.contains("households: 106 created"), "{text}");
    assert!(text.contains("refused: row 241 曾玉华"), "{text}");
    assert!(text.contains("would create: row 3 household"), "{text}");
    assert!(!env.path("roster_sample_messy.csv.rejected.csv").exists());
}

#[test]
fn the_grid_comes_from_the_column_the_option_or_the_config() {
    let env = Env::new();
    let text = "小区,楼栋,单元,门牌号,姓名,与户主关系,性别\n幸福小区,3,2,401,王宁,户主,男\n";
    let file = env.path("nogrid.csv");
    std::fs::write(&file, text).unwrap();
    let last = refused(&run(&env, &file, &[]));
    assert!(last.contains("--grid"), "{last}");
    assert!(!env.db().exists());
    let out = json(&env, &file, &["--grid", "第二网格"]);
    assert_eq!(out["households_created"], 1);
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        "grids = [\"第五网格\"]\n",
    )
    .unwrap();
    let other = env.path("other.csv");
    std::fs::write(
        &other,
        "小区,楼栋,单元,门牌号,姓名,与户主关系,性别\n幸福小区,9,1,101,苏飞,户主,男\n",
    )
    .unwrap();
    json(&env, &other, &[]);
    let grids = sql_rows(&env.db(), "SELECT grid FROM households ORDER BY grid");
    assert_eq!(grids, [["第二网格"], ["第五网格"]]);
}

#[test]
fn a_sheet_is_chosen_by_name() {
    let env = Env::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, person) in [("说明", "不是名单"), ("名单", "王宁")] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        sheet.write_string(0, 0, "网格").unwrap();
        sheet.write_string(0, 1, "姓名").unwrap();
        sheet.write_string(0, 2, "与户主关系").unwrap();
        sheet.write_string(1, 0, "第一网格").unwrap();
        sheet.write_string(1, 1, person).unwrap();
        sheet.write_string(1, 2, "户主").unwrap();
    }
    let file = env.path("book.xlsx");
    book.save(&file).unwrap();
    let out = json(&env, &file, &["--sheet", "名单", "--dry-run"]);
    assert_eq!(out["members_created"], 1);
    let last = refused(&run(&env, &file, &["--sheet", "没有"]));
    assert!(last.contains("说明") && last.contains("名单"), "{last}");
}

/// Hostile files: each is one clear line, exit 1, no panic, and the database is untouched.
fn assert_hostile(env: &Env, name: &str, bytes: &[u8]) -> String {
    let file = env.path(name);
    std::fs::write(&file, bytes).unwrap();
    let before = snapshot(env);
    let out = run(env, &file, &[]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
    assert!(err.starts_with("gridbook: "), "{name}: {err}");
    assert_eq!(snapshot(env), before, "{name} changed the database");
    err
}

#[test]
fn hostile_files_are_one_line_exit_1_and_write_nothing() {
    let env = Env::new();
    json(&env, &copy(&env, "roster_sample.csv"), &[]);

    let noise: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_hostile(&env, "noise.csv", &noise);
    let err = assert_hostile(&env, "noise.xlsx", &noise);
    assert!(err.contains("not an Excel workbook"), "{err}");
    assert_hostile(&env, "empty.csv", b"");
    let err = assert_hostile(&env, "header.csv", "网格,姓名,身份证号\n".as_bytes());
    assert!(err.contains("no person rows"), "{err}");

    let mut big = String::from("网格,姓名,备注\n第一网格,王宁,\"");
    big.push_str(&"长".repeat(10 * 1024 * 1024 / 3));
    big.push_str("\"\n");
    let err = assert_hostile(&env, "bigcell.csv", big.as_bytes());
    assert!(err.contains("row 2, column 3"), "{err}");

    // A zip bomb: a tiny file that declares 210 MB of sheet.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..210 {
        zip.write_all(&spaces).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    let err = assert_hostile(&env, "bomb.xlsx", &bomb);
    assert!(err.contains("zip bomb"), "{err}");

    // A workbook whose cell reference makes the reader's arithmetic overflow: the reader
    // panics inside, the user sees one line.
    let mut book = std::fs::read(data("roster_sample.xlsx")).unwrap();
    book[6007] = b'C';
    let err = assert_hostile(&env, "overflow.xlsx", &book);
    assert!(err.contains("cannot read the workbook"), "{err}");

    // Random bytes through the binary, as .csv and .xlsx.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..12 {
        let len = 64 + (i * 397) % 4000;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let ext = if i % 2 == 0 { "csv" } else { "xlsx" };
        assert_hostile(&env, &format!("random{i}.{ext}"), &bytes);
    }
}

/// Under `--lang zh` the office reads every line of `roster import` in Chinese: the summary, each
/// refused row with its reason and what to do, and the refusal itself. Only paths, numbers and
/// codes may stand without a Chinese character.
#[test]
fn roster_import_speaks_chinese_under_lang_zh() {
    let has_chinese = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let env = Env::new();
    let file = copy(&env, "roster_sample_messy.csv");
    // Refused: every row listed, and why nothing was imported.
    let refused = env
        .cmd()
        .args(["--lang", "zh", "roster", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("整个文件都没有导入"), "{err}");
    for line in err.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            has_chinese(line),
            "an English line under --lang zh: {line:?}"
        );
    }
    // A missing file and an empty one: the errors in Chinese, without the generic lead.
    let empty = env.path("空.csv");
    std::fs::write(&empty, b"").unwrap();
    for f in [env.path("no-such.xlsx"), empty] {
        let out = env
            .cmd()
            .args(["--lang", "zh", "roster", "import"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(has_chinese(&err) && !err.contains("出错了"), "{err}");
    }
    // A dry run and a real import with --skip-bad: the summaries.
    for args in [&["--dry-run", "--skip-bad"][..], &["--skip-bad"][..]] {
        let done = env
            .cmd()
            .args(["--lang", "zh", "roster", "import"])
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let text = String::from_utf8_lossy(&done.stdout);
        assert!(text.contains("住户：新建 106"), "{text}");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                has_chinese(line),
                "an English line under --lang zh: {line:?}"
            );
        }
    }
    // The notes about what the import did on its own are Chinese too.
    let odd = env.path("微信.csv");
    std::fs::write(
        &odd,
        "网格,小区,楼栋,单元,门牌号,姓名,与户主关系,联系电话,微信号\n第一网格,华家园,18栋,1单元,1201,王宁,户主,123,wx1\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["--lang", "zh", "roster", "import", "--dry-run"])
        .arg(&odd)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("提示：第 1 行：看不懂的列已忽略：微信号"),
        "{text}"
    );
    assert!(text.contains("不是电话号码"), "{text}");
    // The same under --lang en stays English (the codes, for scripts that read them).
    let en = env
        .cmd()
        .args([
            "--lang",
            "en",
            "roster",
            "import",
            "--dry-run",
            "--skip-bad",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&en.stdout);
    assert!(text.contains("rows refused: 3 (missing_name 1;"), "{text}");
    assert!(
        !text
            .chars()
            .any(|c| "住户人员有问题".contains(c) && !text.contains("户主")),
        "{text}"
    );
}
