//! The ledgers (台账) written by the real binary, read back: CSV with the csv crate, XLSX with
//! calamine and, for what calamine does not show (frozen header, column widths), the sheet XML.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{Days, NaiveDate};
use common::*;
use unicode_width::UnicodeWidthStr;

const VISIT_HEADERS: [&str; 14] = [
    "走访日期",
    "走访时间",
    "网格",
    "户主",
    "地址",
    "走访方式",
    "走访人",
    "同行人员",
    "问基本情况",
    "问家长里短",
    "问困难需求",
    "问意见建议",
    "关联诉求",
    "更正次数",
];
const REQUEST_HEADERS: [&str; 21] = [
    "诉求编号",
    "登记时间",
    "网格",
    "户主",
    "地址",
    "类别",
    "诉求内容",
    "办理方式",
    "办结时限",
    "状态",
    "轮次",
    "分流部门",
    "办结时间",
    "办理结果",
    "是否化解",
    "反馈情况",
    "评价",
    "评价意见",
    "是否逾期",
    "登记人",
    "来源",
];
const HOUSEHOLD_HEADERS: [&str; 11] = [
    "网格",
    "地址",
    "户主",
    "在住人数",
    "人员类别",
    "走访频次（天）",
    "本期走访次数",
    "最近走访",
    "应访日期",
    "逾期天数",
    "未办结诉求",
];

const FROM: &str = "2026-09-01";
const TO: &str = "2026-11-23";

fn count(env: &Env, sql: &str) -> usize {
    sql_rows(&env.db(), sql)[0][0].parse().unwrap()
}

/// The rows each ledger must hold, counted from the tables.
fn expected_rows(env: &Env) -> [(&'static str, &'static [&'static str], usize); 3] {
    let visits = count(
        env,
        &format!(
            "SELECT count(*) FROM visits WHERE voided = 0 AND day BETWEEN '{FROM}' AND '{TO}'"
        ),
    );
    let requests = count(
        env,
        &format!(
            "SELECT count(*) FROM requests r WHERE r.opened_at < '2026-11-24T00:00:00'
               AND (r.opened_at >= '{FROM}T00:00:00' OR EXISTS (SELECT 1 FROM request_events e
                    WHERE e.request = r.id AND e.valid = 1
                      AND e.at >= '{FROM}T00:00:00' AND e.at < '2026-11-24T00:00:00'))"
        ),
    );
    let households = count(env, "SELECT count(*) FROM households WHERE archived = 0");
    assert!(visits > 500 && requests > 100 && households == 600);
    [
        ("visits", &VISIT_HEADERS, visits),
        ("requests", &REQUEST_HEADERS, requests),
        ("households", &HOUSEHOLD_HEADERS, households),
    ]
}

fn excel_day(serial: f64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .checked_add_days(Days::new(serial.floor() as u64))
        .unwrap()
}

/// A cell as the CSV writes it.
fn as_csv_text(cell: &Data, header: &str) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::DateTime(d) if header.ends_with("时间") => {
            let serial = d.as_f64();
            let day = excel_day(serial);
            let minutes = ((serial - serial.floor()) * 24.0 * 60.0).round() as u32;
            format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
        }
        Data::DateTime(d) => excel_day(d.as_f64()).to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn assert_owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "{} is readable by others: {mode:o}",
            path.display()
        );
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} has no BOM",
        path.display()
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

#[test]
fn xlsx_holds_the_figures_and_every_ledger_row_and_csv_agrees() {
    let env = Env::new();
    write_demo(&env);
    let xlsx = env.path("台账.xlsx");
    env.cmd()
        .args(["report", "--from", FROM, "--to", TO, "--out"])
        .arg(&xlsx)
        .assert()
        .success();
    assert_owner_only(&xlsx);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["汇总", "走访台账", "诉求台账", "住户台账"]
    );

    // The figures sheet carries the same figures as the JSON.
    let json: serde_json::Value = serde_json::from_slice(
        &env.cmd()
            .args(["report", "--format", "json", "--from", FROM, "--to", TO])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let summary = book.worksheet_range("汇总").unwrap();
    let value = |label: &str| {
        summary
            .rows()
            .find(|r| r.first() == Some(&Data::String(label.into())))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_else(|| panic!("no {label} row"))
    };
    assert_eq!(
        value("走访次数"),
        Data::Float(json["visits"].as_f64().unwrap())
    );
    assert_eq!(value("应访户数"), Data::Float(600.0));
    assert_eq!(
        value("办结率"),
        Data::Float(json["resolution_rate"].as_f64().unwrap())
    );

    let sheets = ["走访台账", "诉求台账", "住户台账"];
    for ((ledger, headers, rows), sheet) in expected_rows(&env).into_iter().zip(sheets) {
        let range = book.worksheet_range(sheet).unwrap();
        let mut lines = range.rows();
        let got: Vec<String> = lines
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(got, headers, "{sheet} headers");
        let body: Vec<&[Data]> = lines.collect();
        assert_eq!(body.len(), rows, "{sheet} rows");

        // The CSV of the same ledger holds the same rows, cell for cell.
        let csv_path = env.path(&format!("{ledger}.csv"));
        env.cmd()
            .args([
                "report", "--format", "csv", "--ledger", ledger, "--from", FROM, "--to", TO,
                "--out",
            ])
            .arg(&csv_path)
            .assert()
            .success();
        assert_owner_only(&csv_path);
        let (csv_headers, csv_rows) = read_csv(&csv_path);
        assert_eq!(csv_headers, headers, "{ledger}.csv headers");
        assert_eq!(csv_rows.len(), rows, "{ledger}.csv rows");
        for (x, c) in body.iter().zip(&csv_rows) {
            let as_text: Vec<String> = x
                .iter()
                .zip(headers.iter())
                .map(|(cell, h)| as_csv_text(cell, h))
                .collect();
            // calamine drops trailing empty cells of a row.
            assert_eq!(&as_text[..], &c[..as_text.len()], "{ledger}");
            assert!(c[as_text.len()..].iter().all(String::is_empty));
        }
    }

    // Visit dates are real dates, and they are the visits' days.
    let visits = book.worksheet_range("走访台账").unwrap();
    let mut days: Vec<String> = visits
        .rows()
        .skip(1)
        .map(|r| match &r[0] {
            Data::DateTime(d) => excel_day(d.as_f64()).to_string(),
            other => panic!("走访日期 is not a date: {other:?}"),
        })
        .collect();
    let mut want: Vec<String> = sql_rows(
        &env.db(),
        &format!("SELECT day FROM visits WHERE voided = 0 AND day BETWEEN '{FROM}' AND '{TO}'"),
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    days.sort();
    want.sort();
    assert_eq!(days, want);

    // The header row is frozen and the address column is wide enough for its longest address
    // counted in display columns (a CJK character is two).
    let widest = visits
        .rows()
        .skip(1)
        .map(|r| UnicodeWidthStr::width(r[4].to_string().as_str()))
        .max()
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""),
        "{xml:.400}"
    );
    let col = xml
        .split("<col ")
        .find(|c| c.starts_with("min=\"5\""))
        .expect("a width for column E");
    let width: f64 = col
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        width >= widest.min(50) as f64,
        "地址 width {width} < {widest}"
    );
    assert!(widest > 20, "addresses are CJK and long: {widest}");
}

#[test]
fn csv_on_stdout_starts_with_a_bom_too() {
    let env = Env::new();
    write_demo(&env);
    let out = env
        .cmd()
        .args(["report", "--format", "csv", "--ledger", "requests"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        REQUEST_HEADERS
    );
    assert!(reader.records().count() > 10);
}

fn one_line_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "panic: {err}");
    // Our own messages are one line; clap's usage errors (bad dates) keep clap's layout.
    if !err.starts_with("error: ") {
        assert!(err.starts_with("gridbook: "), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    }
    err
}

#[test]
fn bad_arguments_are_refused_and_nothing_is_written() {
    let env = Env::new();
    write_demo(&env);
    let out_file = env.path("out.txt");
    let cases: [(&[&str], i32, &str); 6] = [
        (&["--format", "csv"], 2, "--ledger"),
        (
            &["--from", "2026-11-30", "--to", "2026-11-01"],
            2,
            "after --to",
        ),
        (&["--to", "2026-02-30"], 2, "2026-11-01"),
        (&["--from", "yesterday"], 2, "not a date"),
        (
            &["--format", "json", "--ledger", "visits"],
            2,
            "--format csv",
        ),
        (&["--grid", "第九网格"], 1, "第一网格"),
    ];
    for (args, code, says) in cases {
        let out = env
            .cmd()
            .arg("report")
            .args(args)
            .arg("--out")
            .arg(&out_file)
            .output()
            .unwrap();
        let err = one_line_error(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!out_file.exists(), "{args:?} wrote a file");
    }
    let out = env
        .cmd()
        .args(["report", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(one_line_error(&out).contains("--out"));
}

#[test]
fn the_table_summary_in_both_languages() {
    let env = Env::new();
    write_demo(&env);
    let zh = env.cmd().args(["report", "--lang", "zh"]).output().unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    for label in [
        "统计期间",
        "2026-11-01 至 2026-11-23",
        "走访覆盖率",
        "办结率",
        "满意率",
        "按走访人",
        "独居老人",
    ] {
        assert!(zh.contains(label), "{label} missing:\n{zh}");
    }
    let en = env
        .cmd()
        .args(["report", "--lang", "en", "--grid", "第二网格"])
        .output()
        .unwrap();
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(
        en.contains("Resolution rate") && en.contains("第二网格"),
        "{en}"
    );
}
