//! Sync benchmarks: a full export of a large demo database (bundle format 2: chained, heads
//! signed, compressed, encrypted to the team, written atomically and read back) and its import
//! into an empty database of the team (every provenance check), each beside a baseline
//! measured on the same bytes in the same run, and the bundle's size per op with and without
//! compression. `benches/format1.sh` runs the same export and import with the gridbook before
//! format 2 beside this one.
//!
//! - export baseline: the same op bytes read from SQLite, compressed with zstd and written
//!   through age to the same recipients, with one fsync (no header, chains, heads, hash,
//!   signature or read-back);
//! - import baseline: the same file decrypted with age and decompressed, and every op line
//!   inserted as a raw blob into a plain SQLite table in one transaction (no checks, no merge,
//!   no read tables).
//!
//! `cargo bench --bench sync` (env: `GRIDBOOK_BENCH_HOUSEHOLDS`, default 50000, about 950k
//! ops; `GRIDBOOK_BENCH_RUNS`, default 3). Generating the demo takes a minute or two; it is
//! done once per run of the benchmark.

use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gridbook::config::Config;
use gridbook::demo::{self, DemoOptions};
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};
use gridbook::sync::export::{Encryption, ExportOptions, Target, export};
use gridbook::sync::import::{ImportOptions, import_file};
use gridbook::sync::keys;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn open(dir: &Path, name: &str) -> Store {
    Store::open(&OpenOptions {
        path: dir.join(format!("{name}.db")),
        config_dir: dir.join(format!("{name}-config")),
        label: Some(name.into()),
    })
    .expect("open")
}

/// The export baseline: raw op bytes through age to the same recipients, one fsync.
fn baseline_export(db: &Path, out: &Path, recipients: &[age::x25519::Recipient]) -> Duration {
    let started = Instant::now();
    let conn = rusqlite::Connection::open(db).expect("open raw");
    let mut stmt = conn
        .prepare("SELECT raw FROM ops ORDER BY rowid")
        .expect("prepare");
    let file = std::fs::File::create(out).expect("create");
    let enc = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .expect("encryptor");
    let w = enc
        .wrap_output(BufWriter::with_capacity(1 << 20, file))
        .expect("wrap");
    let mut w = zstd::stream::write::Encoder::new(w, 3).expect("zstd");
    let mut rows = stmt.query([]).expect("query");
    while let Some(row) = rows.next().expect("row") {
        let raw = row.get_ref(0).expect("raw").as_blob().expect("blob");
        w.write_all(raw).expect("write");
        w.write_all(b"\n").expect("write");
    }
    let file = w
        .finish()
        .expect("zstd finish")
        .finish()
        .expect("finish")
        .into_inner()
        .map_err(|e| e.into_error())
        .expect("flush");
    file.sync_all().expect("sync");
    started.elapsed()
}

/// The import baseline: decrypt with age, insert every line as a blob in one transaction.
fn baseline_import(bundle: &Path, identity: &age::x25519::Identity, db: &Path) -> Duration {
    let started = Instant::now();
    let bytes = std::fs::read(bundle).expect("read");
    let dec = age::Decryptor::new_buffered(&bytes[..]).expect("decryptor");
    let mut compressed = Vec::new();
    dec.decrypt(std::iter::once(identity as &dyn age::Identity))
        .expect("decrypt")
        .read_to_end(&mut compressed)
        .expect("read");
    let mut plain = Vec::new();
    zstd::stream::read::Decoder::new(&compressed[..])
        .expect("zstd")
        .read_to_end(&mut plain)
        .expect("decompress");
    let mut conn = rusqlite::Connection::open(db).expect("baseline db");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE ops (id INTEGER PRIMARY KEY, raw BLOB NOT NULL);",
    )
    .expect("schema");
    let tx = conn.transaction().expect("tx");
    {
        let mut ins = tx
            .prepare("INSERT INTO ops (raw) VALUES (?1)")
            .expect("insert");
        for line in plain.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            ins.execute([line]).expect("insert");
        }
    }
    tx.commit().expect("commit");
    started.elapsed()
}

fn main() {
    let households = env_usize("GRIDBOOK_BENCH_HOUSEHOLDS", 50_000);
    let runs = env_usize("GRIDBOOK_BENCH_RUNS", 3).max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");

    eprintln!("generating a demo of {households} households (once)...");
    let started = Instant::now();
    let clock = Rc::new(FixedClock::at(demo::start_time(today)));
    let mut worker = Store::open_with(
        &OpenOptions {
            path: dir.path().join("worker.db"),
            config_dir: dir.path().join("worker-config"),
            label: Some("worker".into()),
        },
        Box::new(clock.clone()),
        IdSource::seeded(1),
    )
    .expect("open");
    let counts = demo::generate(
        &mut worker,
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
        "  {} ops in {:.0}s",
        counts.ops,
        started.elapsed().as_secs_f64()
    );

    // One empty office database per run, each in the worker's team (the worker made it) and
    // each able to open the export.
    gridbook::sync::team::init(&mut worker, "测试社区").expect("team");
    let mut offices: Vec<Store> = (0..runs)
        .map(|i| open(dir.path(), &format!("office{i}")))
        .collect();
    let mut recipients = Vec::new();
    let mut identities = Vec::new();
    for (i, office) in offices.iter_mut().enumerate() {
        let request = dir.path().join(format!("office{i}.req"));
        let cert = dir.path().join(format!("office{i}.cert"));
        gridbook::sync::team::request(office, &request).expect("request");
        gridbook::sync::team::enrol(&mut worker, &request, &[], true, &cert).expect("enrol");
        let joining = gridbook::sync::team::read_certificate(office, &cert).expect("cert");
        gridbook::sync::team::join(office, &joining).expect("join");
        let k = keys::ensure(office).expect("keys");
        recipients.push(k.age.to_public());
        identities.push(k.age);
    }
    let own = keys::ensure(&mut worker).expect("worker keys");
    recipients.push(own.age.to_public());

    let (mut exports, mut export_base, mut imports, mut import_base) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut ops = 0;
    let mut bytes = 0;
    let mut plain_bytes = 0;
    for (run, office) in offices.iter_mut().enumerate() {
        let out = dir.path().join(format!("full-{run}.gbx"));
        let started = Instant::now();
        let summary = export(
            &mut worker,
            &ExportOptions {
                out: out.clone(),
                target: Target::Full,
                encryption: Encryption::Team,
                config_recipients: Vec::new(),
                scopes: Vec::new(),
            },
            &mut |_, _| {},
        )
        .expect("export");
        exports.push(started.elapsed());
        ops = summary.op_count;
        bytes = summary.bytes;
        export_base.push(baseline_export(
            &dir.path().join("worker.db"),
            &dir.path().join(format!("base-{run}.age")),
            &recipients,
        ));

        if run == 0 {
            let plain_out = dir.path().join("plain.gbx");
            let plain = export(
                &mut worker,
                &ExportOptions {
                    out: plain_out.clone(),
                    target: Target::Full,
                    encryption: Encryption::None,
                    config_recipients: Vec::new(),
                    scopes: Vec::new(),
                },
                &mut |_, _| {},
            )
            .expect("plain export");
            plain_bytes = plain.bytes;
            let _ = std::fs::remove_file(plain_out);
        }
        let started = Instant::now();
        let report = import_file(office, &out, &ImportOptions::default(), &mut |_, _, _| {})
            .expect("import");
        imports.push(started.elapsed());
        assert_eq!(
            report.new_ops, ops,
            "everything is new to an empty database"
        );
        import_base.push(baseline_import(
            &out,
            &identities[run],
            &dir.path().join(format!("base-{run}.db")),
        ));
        eprintln!(
            "run {run}: export {:.2}s (baseline {:.2}s), import {:.2}s (baseline {:.2}s)",
            secs(exports[run]),
            secs(export_base[run]),
            secs(imports[run]),
            secs(import_base[run])
        );
        let _ = std::fs::remove_file(dir.path().join(format!("base-{run}.age")));
    }
    for v in [
        &mut exports,
        &mut export_base,
        &mut imports,
        &mut import_base,
    ] {
        v.sort();
    }
    let mib = bytes as f64 / f64::from(1 << 20);
    println!(
        "| bundle size, {ops} ops | plain (uncompressed, unencrypted) {:.0} bytes/op | compressed and encrypted {:.0} bytes/op | {:.1}x smaller |",
        plain_bytes as f64 / ops as f64,
        bytes as f64 / ops as f64,
        plain_bytes as f64 / bytes as f64
    );
    println!(
        "| full export, {ops} ops ({mib:.0} MiB encrypted) | {runs} runs | median {:.2} s | max {:.2} s | age + raw op reads: median {:.2} s | ratio {:.1}x |",
        secs(median(&exports)),
        secs(exports[exports.len() - 1]),
        secs(median(&export_base)),
        secs(median(&exports)) / secs(median(&export_base))
    );
    println!(
        "| import into an empty database, {ops} ops | {runs} runs | median {:.2} s | max {:.2} s | age + raw blob inserts: median {:.2} s | ratio {:.1}x |",
        secs(median(&imports)),
        secs(imports[imports.len() - 1]),
        secs(median(&import_base)),
        secs(median(&imports)) / secs(median(&import_base))
    );
}
