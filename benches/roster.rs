//! Roster import benchmarks: 100,000 persons from CSV and from XLSX, end to end (read, plan,
//! apply through the op log into a fresh database), beside baselines measured on the same file
//! in the same run: parsing it with the csv crate alone, and inserting the same rows into plain
//! SQLite tables with the same pragmas.
//!
//! `cargo bench --bench roster` (env: `GRIDBOOK_BENCH_PERSONS`, default 100000;
//! `GRIDBOOK_BENCH_RUNS`, default 3).

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gridbook::domain::idnum::check_char;
use gridbook::roster::{PlanOptions, plan_file};
use gridbook::store::roster_import::ImportOptions;
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};

const HEADER: [&str; 12] = [
    "网格",
    "小区",
    "楼栋",
    "单元",
    "门牌号",
    "姓名",
    "与户主关系",
    "性别",
    "身份证号",
    "联系电话",
    "人员类别",
    "备注",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "曾", "单",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞",
];
const RELATIONS: [&str; 6] = ["户主", "配偶", "子", "女", "父亲", "母亲"];
const TAGS: [&str; 5] = ["党员", "低保户", "独居老人", "残疾人", "外出务工"];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (no dependence on a crate's stream).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn id_number(area: usize, birth: NaiveDate, seq: usize, male: bool) -> String {
    let seq = (seq % 500) * 2 + usize::from(male);
    let body = format!(
        "{:06}{}{:03}",
        520000 + area % 1000,
        birth.format("%Y%m%d"),
        seq % 1000
    );
    let chars: Vec<char> = body.chars().collect();
    let check = check_char(&chars).expect("digits");
    format!("{body}{check}")
}

/// The rows of a roster with `persons` people in households of 1–5.
fn roster_rows(persons: usize) -> Vec<[String; 12]> {
    let mut rng = Lcg(7);
    let mut rows = Vec::with_capacity(persons);
    let mut household = 0usize;
    while rows.len() < persons {
        household += 1;
        let size = 1 + rng.next(5);
        let grid = format!("第{}网格", household / 300 + 1);
        let compound = format!(
            "{}小区",
            ["幸福", "和平", "阳光", "锦绣", "翠园"][household % 5]
        );
        let building = format!("{}栋", household / 40 % 30 + 1);
        let unit = format!("{}单元", household / 10 % 4 + 1);
        let room = format!("{}", (household % 10 + 1) * 100 + household % 4 + 1);
        for k in 0..size.min(persons - rows.len()) {
            let male = rng.next(2) == 0;
            let year = 1940 + rng.next(80) as i32;
            let birth =
                NaiveDate::from_ymd_opt(year, 1 + rng.next(12) as u32, 1 + rng.next(28) as u32)
                    .expect("date");
            let name = format!(
                "{}{}",
                SURNAMES[rng.next(SURNAMES.len())],
                GIVEN[rng.next(GIVEN.len())]
            );
            let tags = if rng.next(10) == 0 {
                TAGS[rng.next(TAGS.len())].to_string()
            } else {
                String::new()
            };
            let phone = if rng.next(4) == 0 {
                String::new()
            } else {
                format!("1{}{:09}", 3 + rng.next(7), rng.next(1_000_000_000))
            };
            rows.push([
                grid.clone(),
                compound.clone(),
                building.clone(),
                unit.clone(),
                room.clone(),
                name,
                RELATIONS[k.min(RELATIONS.len() - 1)].to_string(),
                if male { "男" } else { "女" }.to_string(),
                id_number(household, birth, rows.len(), male),
                phone,
                tags,
                String::new(),
            ]);
        }
    }
    rows
}

fn write_csv(rows: &[[String; 12]], path: &Path) {
    let mut w = csv::Writer::from_path(path).expect("csv");
    w.write_record(HEADER).expect("header");
    for row in rows {
        w.write_record(row).expect("row");
    }
    w.flush().expect("flush");
}

fn write_xlsx(rows: &[[String; 12]], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(r as u32 + 1, c as u16, cell)
                    .expect("cell");
            }
        }
    }
    book.save(path).expect("save");
}

/// End to end: plan the file, open a fresh database, import through the op log.
fn import(file: &Path, dir: &Path, today: NaiveDate, fresh: bool) -> (Duration, usize, usize) {
    let db = dir.join("import.db");
    if fresh {
        let _ = Store::remove_files(&db);
    }
    let started = Instant::now();
    let plan = plan_file(file, &PlanOptions::new(today)).expect("plan");
    let opts = OpenOptions {
        path: db,
        config_dir: dir.join("config"),
        label: Some("bench".into()),
    };
    let now = today.and_hms_opt(10, 0, 0).expect("time");
    let mut store =
        Store::open_with(&opts, Box::new(FixedClock::at(now)), IdSource::seeded(1)).expect("open");
    let report = store
        .import_roster(&plan, &ImportOptions::default(), &mut |_, _| {})
        .expect("import");
    let elapsed = started.elapsed();
    (
        elapsed,
        report.members_created + report.members_unchanged,
        report.ops,
    )
}

/// Baseline 1: the same CSV through the csv crate alone, every record read.
fn parse_only(file: &Path) -> Duration {
    let started = Instant::now();
    let mut reader = csv::Reader::from_path(file).expect("csv");
    let mut cells = 0usize;
    for record in reader.records() {
        cells += record.expect("record").len();
    }
    assert!(cells > 0);
    started.elapsed()
}

/// Baseline 2: the same rows inserted into plain households/members tables, one transaction,
/// the store's pragmas.
fn raw_inserts(rows: &[[String; 12]], dir: &Path) -> Duration {
    let db = dir.join("raw.db");
    let _ = Store::remove_files(&db);
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(&db).expect("raw");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE households (id INTEGER PRIMARY KEY, grid TEXT, compound TEXT, building TEXT, unit TEXT, room TEXT);
         CREATE TABLE members (id INTEGER PRIMARY KEY, household INTEGER, name TEXT, relation TEXT,
             gender TEXT, id_number TEXT, phone TEXT, tags TEXT, note TEXT);",
    )
    .expect("schema");
    let tx = conn.transaction().expect("tx");
    {
        let mut h = tx.prepare("INSERT INTO households (grid, compound, building, unit, room) VALUES (?1, ?2, ?3, ?4, ?5)").expect("h");
        let mut m = tx.prepare("INSERT INTO members (household, name, relation, gender, id_number, phone, tags, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)").expect("m");
        let mut household = 0i64;
        for row in rows {
            if row[6] == "户主" {
                household = h
                    .insert([&row[0], &row[1], &row[2], &row[3], &row[4]])
                    .expect("insert");
            }
            m.execute(rusqlite::params![
                household, row[5], row[6], row[7], row[8], row[9], row[10], row[11]
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
    started.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn max(v: &[Duration]) -> Duration {
    v.iter().copied().max().unwrap_or_default()
}

fn main() {
    let persons = env_usize("GRIDBOOK_BENCH_PERSONS", 100_000);
    let runs = env_usize("GRIDBOOK_BENCH_RUNS", 3).max(1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = roster_rows(persons);
    let csv_path = dir.path().join("roster.csv");
    let xlsx_path = dir.path().join("roster.xlsx");
    write_csv(&rows, &csv_path);
    write_xlsx(&rows, &xlsx_path);

    let (mut csv_t, mut xlsx_t, mut parse_t, mut raw_t) = (vec![], vec![], vec![], vec![]);
    let mut again_t = vec![];
    let mut counts = (0, 0);
    for run in 0..runs {
        let (t, members, ops) = import(&csv_path, dir.path(), today, true);
        assert_eq!(members, persons, "every person imported");
        counts = (members, ops);
        csv_t.push(t);
        let (t, unchanged, no_ops) = import(&csv_path, dir.path(), today, false);
        assert_eq!(
            (unchanged, no_ops),
            (persons, 0),
            "a re-import changes nothing"
        );
        again_t.push(t);
        let (t, _, _) = import(&xlsx_path, dir.path(), today, true);
        xlsx_t.push(t);
        parse_t.push(parse_only(&csv_path));
        raw_t.push(raw_inserts(&rows, dir.path()));
        eprintln!(
            "run {run}: csv {:.2}s, csv again {:.2}s, xlsx {:.2}s, csv crate {:.3}s, raw inserts {:.2}s",
            csv_t[run].as_secs_f64(),
            again_t[run].as_secs_f64(),
            xlsx_t[run].as_secs_f64(),
            parse_t[run].as_secs_f64(),
            raw_t[run].as_secs_f64()
        );
    }
    let (c, x, p, r) = (
        median(csv_t.clone()),
        median(xlsx_t.clone()),
        median(parse_t),
        median(raw_t),
    );
    let s = |d: Duration| d.as_secs_f64();
    println!("{persons} persons, {} ops, {runs} runs", counts.1);
    println!(
        "| roster import, CSV ({} MB) | median {:.2} s | max {:.2} s | csv crate parse alone {:.3} s (x{:.0}) | raw SQLite inserts {:.2} s (x{:.1}) |",
        std::fs::metadata(&csv_path)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0),
        s(c),
        s(max(&csv_t)),
        s(p),
        s(c) / s(p),
        s(r),
        s(c) / s(r)
    );
    println!(
        "| roster import, XLSX ({} MB) | median {:.2} s | max {:.2} s | CSV import of the same rows {:.2} s (x{:.1}) | raw SQLite inserts {:.2} s (x{:.1}) |",
        std::fs::metadata(&xlsx_path)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0),
        s(x),
        s(max(&xlsx_t)),
        s(c),
        s(x) / s(c),
        s(r),
        s(x) / s(r)
    );
    let a = median(again_t.clone());
    println!(
        "| roster re-import, the same CSV (no changes, no ops) | median {:.2} s | max {:.2} s | first import {:.2} s (x{:.2}) | csv crate parse alone {:.3} s (x{:.0}) |",
        s(a),
        s(max(&again_t)),
        s(c),
        s(a) / s(c),
        s(p),
        s(a) / s(p)
    );
}
