//! Write-path benchmarks: generating the demo (everything through the op log) and saving one
//! visit, each beside a baseline measured on the same data in the same run.
//!
//! `cargo bench --bench write_path` (env: `GRIDBOOK_BENCH_HOUSEHOLDS`, default 10000;
//! `GRIDBOOK_BENCH_RUNS`, default 3).

use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};
use gridbook::config::Config;
use gridbook::demo::{self, DemoOptions};
use gridbook::domain::{Checklist, HouseholdId, Visit, VisitId, VisitMode};
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let households = env_usize("GRIDBOOK_BENCH_HOUSEHOLDS", 10_000);
    let runs = env_usize("GRIDBOOK_BENCH_RUNS", 3).max(1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let mut demo_times = Vec::new();
    let mut base_times = Vec::new();
    let mut ops = 0;
    let mut last_dir = None;
    for run in 0..runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let opts = OpenOptions {
            path: dir.path().join("demo.db"),
            config_dir: dir.path().join("config"),
            label: Some("bench".into()),
        };
        let clock = Rc::new(FixedClock::at(demo::start_time(today)));
        let started = Instant::now();
        let mut store =
            Store::open_with(&opts, Box::new(clock.clone()), IdSource::seeded(1)).expect("open");
        let counts = demo::generate(
            &mut store,
            &clock,
            &DemoOptions {
                households,
                seed: 1,
                today,
            },
            &Config::default(),
            &mut |_, _, _| {},
        )
        .expect("demo");
        demo_times.push(started.elapsed());
        ops = counts.ops;
        drop(store);

        // Baseline: the same op bytes inserted raw into a plain table, same pragmas.
        let raws: Vec<Vec<u8>> = {
            let conn = rusqlite::Connection::open(&opts.path).expect("open raw");
            let mut stmt = conn
                .prepare("SELECT raw FROM ops ORDER BY rowid")
                .expect("prepare");
            stmt.query_map([], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows")
        };
        let base_path = dir.path().join("baseline.db");
        let started = Instant::now();
        let mut conn = rusqlite::Connection::open(&base_path).expect("baseline");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
             CREATE TABLE ops (id INTEGER PRIMARY KEY, raw BLOB NOT NULL);",
        )
        .expect("baseline schema");
        for chunk in raws.chunks(10_000) {
            let tx = conn.transaction().expect("tx");
            {
                let mut ins = tx
                    .prepare_cached("INSERT INTO ops (raw) VALUES (?1)")
                    .expect("ins");
                for raw in chunk {
                    ins.execute([raw]).expect("insert");
                }
            }
            tx.commit().expect("commit");
        }
        base_times.push(started.elapsed());
        eprintln!(
            "run {run}: demo {:.2}s, baseline {:.2}s",
            demo_times[run].as_secs_f64(),
            base_times[run].as_secs_f64()
        );
        last_dir = Some((dir, opts));
    }
    demo_times.sort();
    base_times.sort();
    let (d50, b50) = (percentile(&demo_times, 0.5), percentile(&base_times, 0.5));
    println!(
        "| demo generation, {households} households ({ops} ops) | {runs} runs | median {:.2} s | max {:.2} s | raw SQLite inserts of the same op bytes: median {:.2} s | ratio {:.1}x |",
        d50.as_secs_f64(),
        percentile(&demo_times, 1.0).as_secs_f64(),
        b50.as_secs_f64(),
        d50.as_secs_f64() / b50.as_secs_f64()
    );

    // Saving one visit, one transaction each, on the generated database.
    let Some((_dir, opts)) = last_dir else { return };
    let clock = Rc::new(FixedClock::at(today.and_hms_opt(10, 0, 0).expect("time")));
    let mut store =
        Store::open_with(&opts, Box::new(clock.clone()), IdSource::Random).expect("open");
    let targets: Vec<HouseholdId> = store
        .households()
        .expect("households")
        .iter()
        .take(300)
        .map(|h| h.id)
        .collect();
    let mut saves = Vec::new();
    let mut base = Vec::new();
    let conn =
        rusqlite::Connection::open(opts.path.with_file_name("baseline.db")).expect("baseline");
    for (i, household) in targets.iter().enumerate() {
        clock.advance_ms(1000);
        let visit = Visit {
            id: VisitId(uuid::Uuid::now_v7()),
            household: *household,
            at: today.and_hms_opt(9, 0, 0).expect("time") + TimeDelta::seconds(i as i64),
            mode: VisitMode::InPerson,
            visitor: "王芳".into(),
            companions: vec![],
            checklist: Checklist::default(),
        };
        let started = Instant::now();
        store.write(|w| w.record_visit(&visit)).expect("save");
        saves.push(started.elapsed());
        let raw = serde_json::to_vec(&visit).expect("json");
        let started = Instant::now();
        conn.execute("INSERT INTO ops (raw) VALUES (?1)", [raw])
            .expect("insert");
        base.push(started.elapsed());
    }
    saves.sort();
    base.sort();
    println!(
        "| save a visit (one transaction, fsync) on that database | {} saves | median {:.2} ms | p99 {:.2} ms | one raw INSERT in its own transaction: median {:.2} ms | ratio {:.1}x |",
        saves.len(),
        ms(percentile(&saves, 0.5)),
        ms(percentile(&saves, 0.99)),
        ms(percentile(&base, 0.5)),
        ms(percentile(&saves, 0.5)) / ms(percentile(&base, 0.5))
    );
}
