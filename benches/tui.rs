//! Interface benchmarks on a demo database: start → first full screen, keystroke → results
//! redrawn, memory. Each keystroke figure sits beside a baseline on the same data in the same
//! run: a plain substring scan over the heads' names (and `fzf --filter` when installed).
//!
//! `cargo bench --bench tui` (env: `GRIDBOOK_BENCH_HOUSEHOLDS`, default 10000;
//! `GRIDBOOK_BENCH_DB` to reuse a demo database instead of generating one).

use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gridbook::config::Config;
use gridbook::demo::{self, DemoOptions};
use gridbook::i18n::Lang;
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};
use gridbook::ui::Session;
use gridbook::ui::action::Action;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len().saturating_sub(1))]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(String::from)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let households: usize = std::env::var("GRIDBOOK_BENCH_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let config_dir = dir.path().join("config");
    let db: PathBuf = match std::env::var_os("GRIDBOOK_BENCH_DB") {
        Some(p) => PathBuf::from(p),
        None => {
            let path = dir.path().join("demo.db");
            let clock = Rc::new(FixedClock::at(demo::start_time(today)));
            let opts = OpenOptions {
                path: path.clone(),
                config_dir: config_dir.clone(),
                label: None,
            };
            let mut store = Store::open_with(&opts, Box::new(clock.clone()), IdSource::seeded(1))
                .expect("open");
            let started = Instant::now();
            demo::generate(
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
                "generated {households} households in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            path
        }
    };
    let opts = OpenOptions {
        path: db.clone(),
        config_dir,
        label: None,
    };
    let now = today.and_hms_opt(10, 0, 0).expect("time");
    let rss_before = rss_mb();

    if std::env::var_os("GRIDBOOK_BENCH_PROBE").is_some() {
        let store =
            Store::open_with(&opts, Box::new(FixedClock::at(now)), IdSource::Random).expect("open");
        let t = Instant::now();
        let rows = store.household_rows().expect("rows");
        eprintln!(
            "rows {} in {:.0} ms, rss {:.0}",
            rows.len(),
            ms(t.elapsed()),
            rss_mb()
        );
        let t = Instant::now();
        let _ = store.overdue_request_count(today, &[]);
        eprintln!("overdue {:.0} ms", ms(t.elapsed()));
        let t = Instant::now();
        let _ = store.unsynced_count();
        eprintln!("unsynced {:.0} ms", ms(t.elapsed()));
        let t = Instant::now();
        drop(rows);
        let rx = gridbook::ui::spawn_index(db.clone(), Vec::new());
        let index = rx.recv().expect("built").expect("index");
        eprintln!(
            "streamed index in {:.0} ms, rss {:.0}, heap {} MB",
            ms(t.elapsed()),
            rss_mb(),
            index.heap_bytes() / 1_000_000
        );
        return;
    }
    // Start: open, read the rows, first full screen (the index builds in the background).
    let started = Instant::now();
    let mut store =
        Store::open_with(&opts, Box::new(FixedClock::at(now)), IdSource::Random).expect("open");
    let mut app = Session::new(&store, Config::default(), Lang::Zh, (120, 40)).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| app.draw(f)).expect("draw");
    let first_screen = started.elapsed();
    app.wait_for_index(&mut store, 600).expect("index");
    let index_ready = started.elapsed();
    let rss = rss_mb();
    let heads = app.heads();
    let n = heads.len();
    println!(
        "| start to first full screen, {n} households | 1 run | {:.0} ms | index ready after {:.0} ms | RSS {:.0} MB (process before opening: {:.0} MB) |",
        ms(first_screen),
        ms(index_ready),
        rss,
        rss_before
    );

    // Keystrokes: each key is update (search, narrowing) + a redraw of the visible rows.
    let queries = [
        "w",
        "wj",
        "wjh",
        "l",
        "ld",
        "ldj",
        "z",
        "zx",
        "zxy",
        "1",
        "13",
        "138",
        "1380",
        "幸",
        "幸福",
        "幸福小",
        "李",
        "李德",
    ];
    let mut ours = Vec::new();
    let mut base = Vec::new();
    for round in 0..5 {
        for q in queries {
            // A new word starts with a fresh box.
            if q.chars().count() == 1 {
                app.press(&mut store, &[Action::Back, Action::Back, Action::Search]);
            }
            let last = q.chars().last().map(String::from).unwrap_or_default();
            let started = Instant::now();
            app.press(&mut store, &[Action::Type(last)]);
            terminal.draw(|f| app.draw(f)).expect("draw");
            let t = started.elapsed();
            if round > 0 {
                ours.push(t);
            }
            let started = Instant::now();
            let found = heads.iter().filter(|h| h.contains(q)).take(200).count();
            let b = started.elapsed();
            std::hint::black_box(found);
            if round > 0 {
                base.push(b);
            }
        }
    }
    ours.sort();
    base.sort();
    println!(
        "| keystroke to results redrawn, {n} households | {} keys | median {:.2} ms | p99 {:.2} ms | substring scan of heads: median {:.3} ms, p99 {:.3} ms | ratio (median) {:.1}x |",
        ours.len(),
        ms(percentile(&ours, 0.5)),
        ms(percentile(&ours, 0.99)),
        ms(percentile(&base, 0.5)),
        ms(percentile(&base, 0.99)),
        ms(percentile(&ours, 0.5)) / ms(percentile(&base, 0.5)).max(1e-6)
    );
    fzf_baseline(&heads);
}

/// `fzf --filter` over the same names, when fzf is installed.
fn fzf_baseline(heads: &[String]) {
    use std::io::Write;
    let input = heads.join("\n");
    let mut times = Vec::new();
    for q in ["w", "wj", "wjh", "李", "李德"] {
        let started = Instant::now();
        let Ok(mut child) = std::process::Command::new("fzf")
            .args(["--filter", q])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
        else {
            println!("| fzf --filter | not installed | | | | |");
            return;
        };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(input.as_bytes());
        }
        let _ = child.wait();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "| fzf --filter over the heads (process start included) | {} runs | median {:.2} ms | | | |",
        times.len(),
        ms(percentile(&times, 0.5))
    );
}
