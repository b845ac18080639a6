//! Read-path benchmarks for the TUI's due queue, requests board and month figures, each beside
//! a baseline measured on the same database in the same run: a bare scan of the rows it starts
//! from.
//!
//! `cargo bench --bench report` (env: `GRIDBOOK_BENCH_HOUSEHOLDS`, default 100000;
//! `GRIDBOOK_BENCH_RUNS`, default 30; `GRIDBOOK_BENCH_DB`, an existing database to read instead
//! of writing a demo, whose date must be 2026-11-23).

use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gridbook::config::Config;
use gridbook::demo::{self, DemoOptions};
use gridbook::domain::Status;
use gridbook::report::{self, Period};
use gridbook::store::board::BoardFilter;
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

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let started = Instant::now();
        size = f();
        times.push(started.elapsed());
    }
    times.sort();
    (times, size)
}

fn row(
    what: &str,
    runs: usize,
    (t, n): (Vec<Duration>, usize),
    base_what: &str,
    (b, _): (Vec<Duration>, usize),
) {
    let (m, bm) = (percentile(&t, 0.5), percentile(&b, 0.5));
    println!(
        "| {what} ({n} rows) | {runs} runs | median {:.1} ms | p99 {:.1} ms | {base_what}: median {:.1} ms | ratio {:.1}x |",
        ms(m),
        ms(percentile(&t, 0.99)),
        ms(bm),
        ms(m) / ms(bm).max(1e-6)
    );
}

fn write_demo(opts: &OpenOptions, households: usize, today: NaiveDate) {
    let clock = Rc::new(FixedClock::at(demo::start_time(today)));
    let started = Instant::now();
    let mut store =
        Store::open_with(opts, Box::new(clock.clone()), IdSource::seeded(1)).expect("open");
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
    eprintln!(
        "demo: {} households, {} visits, {} requests in {:.0} s",
        counts.households,
        counts.visits,
        counts.requests,
        started.elapsed().as_secs_f64()
    );
}

fn main() {
    let households = env_usize("GRIDBOOK_BENCH_HOUSEHOLDS", 100_000);
    let runs = env_usize("GRIDBOOK_BENCH_RUNS", 30).max(1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = OpenOptions {
        path: dir.path().join("demo.db"),
        config_dir: dir.path().join("config"),
        label: Some("bench".into()),
    };
    match std::env::var_os("GRIDBOOK_BENCH_DB") {
        Some(path) => opts.path = path.into(),
        None => write_demo(&opts, households, today),
    }
    let store = Store::open_with(
        &opts,
        Box::new(FixedClock::at(today.and_hms_opt(10, 0, 0).expect("time"))),
        IdSource::Random,
    )
    .expect("reopen");
    let raw = rusqlite::Connection::open(&opts.path).expect("raw");
    let policy = Config::default().policy();
    let scan = |sql: &str| {
        let mut stmt = raw.prepare_cached(sql).expect("prepare");
        let mut rows = stmt.query([]).expect("query");
        let mut n = 0;
        while let Some(r) = rows.next().expect("row") {
            let _: String = r.get(0).expect("id");
            n += 1;
        }
        n
    };

    let due = time(runs, || {
        report::due_queue(&store, &policy, &[], today)
            .expect("due")
            .len()
    });
    let base = time(runs, || scan("SELECT id, last_visit FROM households"));
    row(
        "due queue",
        runs,
        due,
        "scan of households (id, last_visit)",
        base,
    );

    let board = time(runs, || {
        store
            .board(&BoardFilter::default(), today)
            .expect("board")
            .len()
    });
    let base = time(runs, || scan("SELECT * FROM requests"));
    row(
        "requests board, no filter",
        runs,
        board,
        "scan of requests",
        base,
    );

    let unresolved = BoardFilter {
        statuses: vec![Status::Open, Status::Dispatched],
        ..BoardFilter::default()
    };
    let board = time(runs, || {
        store.board(&unresolved, today).expect("board").len()
    });
    let base = time(runs, || {
        scan("SELECT id FROM requests WHERE status IN ('open', 'dispatched')")
    });
    row(
        "requests board, unresolved",
        runs,
        board,
        "index scan of unresolved request ids",
        base,
    );

    let grid = store
        .grids()
        .expect("grids")
        .into_iter()
        .next()
        .unwrap_or_default();
    let one_grid = BoardFilter {
        grids: vec![grid.clone()],
        ..BoardFilter::default()
    };
    let board = time(runs, || store.board(&one_grid, today).expect("board").len());
    let sql = format!(
        "SELECT r.id FROM households h JOIN requests r ON r.household = h.id WHERE h.grid = '{grid}'"
    );
    let base = time(runs, || scan(&sql));
    row(
        "requests board, one grid",
        runs,
        board,
        "join of that grid's request ids",
        base,
    );

    let month = Period::month_to_date(today);
    let figures = time(runs.min(10), || {
        report::figures(&store, month, &[], &policy)
            .expect("figures")
            .visits as usize
    });
    let base = time(runs.min(10), || {
        scan("SELECT id, household, day, mode, visitor FROM visits")
    });
    row(
        "month figures",
        runs.min(10),
        figures,
        "scan of all visits",
        base,
    );
}
