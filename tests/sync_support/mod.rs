//! Helpers for the sync tests: simulated devices (each a real database file with its own
//! config dir and clock), bundles exchanged as real files, and logical dumps to compare.

#![allow(dead_code)]

#[path = "../common/team.rs"]
mod team;

pub use team::*;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};
use gridbook::domain::{Address, DeviceId, HouseholdId, OpId};
use gridbook::oplog::cert::Role;
use gridbook::oplog::chain;
use gridbook::oplog::heads::SignedHead;
use gridbook::oplog::op::{Body, Op};
use gridbook::oplog::vector::Vector;
use gridbook::store::households::NewHousehold;
use gridbook::store::import_report::ImportReport;
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};
use gridbook::sync::SyncError;
use gridbook::sync::bundle::{BundleWriter, FORMAT, Feed, Header, Kind, MAGIC, Sender};
use gridbook::sync::export::{Encryption, ExportOptions, ExportSummary, Target, export};
use gridbook::sync::import::{ImportOptions, import_bytes, import_file};
use gridbook::sync::keys::DeviceKeys;

pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

/// A simulated device: a database file, a config dir and a clock of its own.
pub struct Device {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: Rc<FixedClock>,
    exports: u32,
}

impl Device {
    pub fn new(label: &str) -> Self {
        Self::at(label, now())
    }

    pub fn at(label: &str, when: NaiveDateTime) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = Rc::new(FixedClock::at(when));
        let mut store = Store::open_with(
            &Self::opts_in(dir.path(), label),
            Box::new(clock.clone()),
            IdSource::Random,
        )
        .unwrap();
        join_team(&mut store, label, Role::Office, &[]);
        Self {
            dir,
            store,
            clock,
            exports: 0,
        }
    }

    /// Closes the database (to change the file behind the store's back).
    pub fn close(self) -> Closed {
        Closed {
            dir: self.dir,
            clock: self.clock,
            exports: self.exports,
        }
    }

    /// A device that never joined a team (a team of one).
    pub fn solo(label: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = Rc::new(FixedClock::at(now()));
        let store = Store::open_with(
            &Self::opts_in(dir.path(), label),
            Box::new(clock.clone()),
            IdSource::Random,
        )
        .unwrap();
        Self {
            dir,
            store,
            clock,
            exports: 0,
        }
    }

    /// Re-certifies this device as a worker writing `grids` only.
    pub fn certify_as_worker(&mut self, grids: &[&str]) {
        let label = self.store.label().to_string();
        join_team(&mut self.store, &label, Role::Worker, grids);
    }

    fn opts_in(dir: &Path, label: &str) -> OpenOptions {
        OpenOptions {
            path: dir.join("grid.db"),
            config_dir: dir.join("config"),
            label: Some(label.into()),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("grid.db")
    }

    pub fn id(&self) -> String {
        self.store.device().to_string()
    }

    /// Moves this device's clock on by a second.
    pub fn tick(&self) {
        self.clock.advance_ms(1000);
    }

    fn next_path(&mut self) -> PathBuf {
        self.exports += 1;
        self.dir.path().join(format!("out-{}.gbx", self.exports))
    }

    /// Exports (unencrypted) what `target` says; returns the file.
    pub fn export(&mut self, target: Target) -> PathBuf {
        let out = self.next_path();
        self.export_with(target, Encryption::None, &out).unwrap();
        out
    }

    pub fn export_with(
        &mut self,
        target: Target,
        encryption: Encryption,
        out: &Path,
    ) -> Result<ExportSummary, SyncError> {
        self.tick();
        export(
            &mut self.store,
            &ExportOptions {
                out: out.to_path_buf(),
                target,
                encryption,
                config_recipients: Vec::new(),
                scopes: Vec::new(),
            },
            &mut |_, _| {},
        )
    }

    pub fn full(&mut self) -> PathBuf {
        self.export(Target::Full)
    }

    /// A delta for `peer` (by device id).
    pub fn delta_for(&mut self, peer: &Device) -> PathBuf {
        self.export(Target::Peer(peer.id()))
    }

    pub fn import(&mut self, path: &Path) -> ImportReport {
        self.try_import(path).unwrap()
    }

    pub fn try_import(&mut self, path: &Path) -> Result<ImportReport, SyncError> {
        self.tick();
        import_file(&mut self.store, path, &plain_ok(), &mut |_, _, _| {})
    }

    pub fn import_bytes(&mut self, bytes: &[u8]) -> Result<ImportReport, SyncError> {
        import_bytes(&mut self.store, bytes, &plain_ok(), &mut |_, _, _| {})
    }

    /// Sends everything `self` has to `other`.
    pub fn send_full_to(&mut self, other: &mut Device) -> ImportReport {
        let f = self.full();
        other.import(&f)
    }

    pub fn household(&mut self, room: &str) -> HouseholdId {
        self.tick();
        self.store
            .write(|w| {
                w.create_household(&NewHousehold {
                    grid: "第一网格".into(),
                    address: Address::new("幸福小区", "3", "2", room),
                    household_no: String::new(),
                    note: String::new(),
                })
            })
            .unwrap()
    }

    /// The read tables, heads and conflicts, and the state of every op, as text.
    pub fn dump(&self) -> String {
        dump_tables(&self.db(), READ_TABLES)
    }

    /// The read tables, heads and conflicts only (devices holding different ops of their own
    /// can still show the same data).
    pub fn data_dump(&self) -> String {
        dump_tables(&self.db(), &READ_TABLES[..READ_TABLES.len() - 2])
    }

    /// Everything in the database, bookkeeping included (for "nothing was written").
    pub fn full_dump(&self) -> String {
        dump_tables(&self.db(), ALL_TABLES)
    }

    pub fn check(&self) {
        let report = self.store.check(&mut |_, _| {}).unwrap();
        assert!(report.is_ok(), "check failed: {:?}", report.problems);
    }

    pub fn keys(&mut self) -> DeviceKeys {
        gridbook::sync::keys::ensure(&mut self.store).unwrap()
    }
}

/// A device whose database is closed.
pub struct Closed {
    pub dir: tempfile::TempDir,
    clock: Rc<FixedClock>,
    exports: u32,
}

impl Closed {
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("grid.db")
    }

    /// Opens the database again (migrating it if it needs it).
    pub fn open(self) -> Device {
        let store = Store::open_with(
            &OpenOptions {
                path: self.db(),
                config_dir: self.dir.path().join("config"),
                label: None,
            },
            Box::new(self.clock.clone()),
            IdSource::Random,
        )
        .unwrap();
        Device {
            dir: self.dir,
            store,
            clock: self.clock,
            exports: self.exports,
        }
    }
}

pub const READ_TABLES: &[&str] = &[
    "households",
    "members",
    "member_tags",
    "visits",
    "visit_versions",
    "requests",
    "request_events",
    "field_heads",
    "conflicts",
    "field_writes",
    "parked",
    "op_pred",
    "ops:op_id, origin, scope, seq, hlc, type, entity, raw, sha256, state",
];

pub const ALL_TABLES: &[&str] = &[
    "households",
    "members",
    "member_tags",
    "visits",
    "visit_versions",
    "requests",
    "request_events",
    "field_heads",
    "conflicts",
    "field_writes",
    "parked",
    "op_pred",
    "ops",
    "devices",
    "device_self",
    "meta",
    "peers",
    "bundles_in",
    "bundles_out",
    "team_keys",
    "review_dismissed",
    "team",
    "certificates",
    "revocations",
    "feed_heads",
    "feed_links",
];

/// `table` or `table:columns`, every row sorted, as text.
pub fn dump_tables(db: &Path, tables: &[&str]) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for spec in tables {
        let (table, cols) = spec.split_once(':').unwrap_or((spec, "*"));
        let mut stmt = conn
            .prepare(&format!("SELECT {cols} FROM {table}"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    match v {
                        rusqlite::types::Value::Blob(b) => {
                            let digest = gridbook::oplog::op::sha256(&b);
                            line.push_str(&format!("blob:{}|", hex::encode(&digest[..8])));
                        }
                        other => line.push_str(&format!("{other:?}|")),
                    }
                }
                Ok(line)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.push_str(&format!("== {table} ({})\n", rows.len()));
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// Import options that take unencrypted bundles (the tests' bundles mostly are).
pub fn plain_ok() -> ImportOptions {
    ImportOptions {
        allow_plain: true,
        ..ImportOptions::default()
    }
}

/// A team member that carries bundles it did not make (a hand-assembled route in tests): its
/// certificate is the first op of its own feed, sent in every bundle it crafts.
pub struct Relay {
    pub keys: DeviceKeys,
    cert_line: Vec<u8>,
}

impl Relay {
    /// A relay certified by the test team (an office: it may carry anything).
    pub fn new() -> Self {
        Self::with(Role::Office, &[])
    }

    pub fn with(role: Role, grids: &[&str]) -> Self {
        let keys = stranger();
        remember_key(keys.device, &keys.signing);
        let cert = certificate(&keys, "中转设备", role, grids, 1);
        let op = Op::new(
            gridbook::oplog::op::Header {
                id: OpId(uuid::Uuid::now_v7()),
                origin: keys.device,
                scope: "*".into(),
                seq: 1,
                hlc: 1,
                author: "中转设备".into(),
                entity: keys.device.0,
                pred: Vec::new(),
            },
            Body::TeamCertify(cert),
        )
        .unwrap();
        Self {
            keys,
            cert_line: op.raw,
        }
    }

    /// A device of these tests sending bundles it assembles itself (its certificate is in its
    /// own log, which the receiver may already hold).
    pub fn of(device: &mut Device) -> Self {
        Self {
            keys: device.keys(),
            cert_line: Vec::new(),
        }
    }

    /// A device outside the team posing as a relay.
    pub fn outsider() -> Self {
        let keys = stranger();
        Self {
            keys,
            cert_line: Vec::new(),
        }
    }

    /// Someone with fresh keys claiming to be `device` (no certificate of its own).
    pub fn outsider_as(device: DeviceId) -> Self {
        Self {
            keys: DeviceKeys::generate(device),
            cert_line: Vec::new(),
        }
    }
}

/// Assembles op lines into a plain format-2 bundle sent by `relay`: the ops sorted into runs
/// of their feeds, each run's head signed by its origin (as the origin signed it; a device no
/// test made is signed for by the relay, i.e. forged), the link before a run read from
/// `source`'s database (which holds the feed) or the genesis link. `header` may then change
/// anything.
pub fn craft(
    relay: &Relay,
    source: Option<&Device>,
    header: impl FnOnce(&mut Header),
    ops: &[Vec<u8>],
) -> Vec<u8> {
    assemble(relay, source, header, ops, false)
}

/// As [`craft`], but every head is signed with the relay's own key: a team member passing on
/// changes it altered (their hashes and links recomputed, as an attacker would).
pub fn craft_forged(relay: &Relay, source: Option<&Device>, ops: &[Vec<u8>]) -> Vec<u8> {
    assemble(relay, source, |_| {}, ops, true)
}

fn assemble(
    relay: &Relay,
    source: Option<&Device>,
    header: impl FnOnce(&mut Header),
    ops: &[Vec<u8>],
    forged: bool,
) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    if !relay.cert_line.is_empty() {
        lines.push(relay.cert_line.clone());
    }
    lines.extend(ops.iter().cloned());
    // Lines that are not ops (hostile tests) go last, as they are, in no run.
    let mut garbage: Vec<Vec<u8>> = Vec::new();
    let mut parsed: Vec<(gridbook::oplog::op::Envelope, Vec<u8>)> = Vec::new();
    for l in lines {
        match serde_json::from_slice(&l) {
            Ok(env) => parsed.push((env, l)),
            Err(_) => garbage.push(l),
        }
    }
    // As a real relay does, it carries the certificates of the devices whose changes it
    // carries, so the receiver can check them.
    if let Some(source) = source {
        let conn = rusqlite::Connection::open(source.db()).unwrap();
        let origins: std::collections::BTreeSet<DeviceId> =
            parsed.iter().map(|(e, _)| e.origin).collect();
        for origin in origins {
            let mut stmt = conn
                .prepare("SELECT raw FROM ops WHERE type = 'team.certify' AND entity = ?1")
                .unwrap();
            let certs: Vec<Vec<u8>> = stmt
                .query_map([origin.to_string()], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for raw in certs {
                let env = serde_json::from_slice(&raw).unwrap();
                parsed.push((env, raw));
            }
        }
    }
    parsed
        .sort_by(|a, b| (a.0.origin, &a.0.scope, a.0.seq).cmp(&(b.0.origin, &b.0.scope, b.0.seq)));
    parsed.dedup_by(|a, b| a.1 == b.1);
    let mut feeds: Vec<Feed> = Vec::new();
    let mut link = chain::GENESIS;
    for (env, raw) in &parsed {
        let continues = feeds.last().is_some_and(|f| {
            f.origin == env.origin && f.scope == env.scope && f.to_seq + 1 == env.seq
        });
        if !continues {
            let prev = prev_link(source, env);
            link = prev;
            feeds.push(Feed {
                origin: env.origin,
                scope: env.scope.clone(),
                from_seq: env.seq,
                to_seq: env.seq,
                prev_chain: hex::encode(prev),
                head: SignedHead::sign(&relay.keys.signing, env.origin, &env.scope, 0, &prev),
            });
        }
        link = chain::next(&link, &gridbook::oplog::op::sha256(raw));
        if let Some(f) = feeds.last_mut() {
            f.to_seq = env.seq;
            let key = key_of(env.origin)
                .filter(|_| !forged)
                .unwrap_or_else(|| relay.keys.signing.clone());
            f.head = SignedHead::sign(&key, env.origin, &env.scope, env.seq, &link);
        }
    }
    let mut h = Header {
        magic: MAGIC.into(),
        fmt: FORMAT,
        id: uuid::Uuid::now_v7(),
        kind: Kind::Delta,
        app: "test".into(),
        schema: gridbook::store::latest_schema(),
        from: Sender {
            device: relay.keys.device,
            label: "中转设备".into(),
        },
        to: "*".into(),
        created: 1,
        sender_vector: Vector::new(),
        scopes: Vec::new(),
        op_count: (parsed.len() + garbage.len()) as u64,
        team: hex::encode(team().pk),
        feeds,
    };
    header(&mut h);
    let mut w = BundleWriter::new(Vec::new(), &h).unwrap();
    for raw in parsed.iter().map(|(_, raw)| raw).chain(&garbage) {
        w.op(raw).unwrap();
    }
    w.finish(&relay.keys.signing).unwrap().0
}

/// `chain[seq - 1]` of an op's feed, from the database of a device that holds it.
fn prev_link(source: Option<&Device>, env: &gridbook::oplog::op::Envelope) -> [u8; 32] {
    if env.seq <= 1 {
        return chain::GENESIS;
    }
    let Some(source) = source else {
        return chain::GENESIS;
    };
    let conn = rusqlite::Connection::open(source.db()).unwrap();
    conn.query_row(
        "SELECT chain FROM ops WHERE origin = ?1 AND scope = ?2 AND seq = ?3",
        rusqlite::params![env.origin.to_string(), env.scope, (env.seq - 1) as i64],
        |r| r.get::<_, Vec<u8>>(0),
    )
    .ok()
    .and_then(|b| b.try_into().ok())
    .unwrap_or(chain::GENESIS)
}

/// A new sender with its own keys.
pub fn stranger() -> DeviceKeys {
    DeviceKeys::generate(DeviceId(uuid::Uuid::now_v7()))
}

/// The op lines of a plain bundle file (between header and trailer).
pub fn op_lines(bundle: &[u8]) -> Vec<Vec<u8>> {
    let lines: Vec<&[u8]> = bundle.split(|b| *b == b'\n').collect();
    lines[1..lines.len() - 2]
        .iter()
        .map(|l| l.to_vec())
        .collect()
}

/// The ops stored in a device's log, oldest first.
pub fn ops_of(db: &Path) -> Vec<Op> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT raw FROM ops ORDER BY rowid").unwrap();
    stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|r| Op::from_raw(r.unwrap()).unwrap())
        .collect()
}

pub fn kind_of(op: &Op) -> &str {
    op.body.as_ref().map_or("?", Body::kind)
}

pub fn op_id(op: &Op) -> OpId {
    op.env.id
}
