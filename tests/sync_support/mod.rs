//! Helpers for the sync tests: simulated devices (each a real database file with its own
//! config dir and clock), bundles exchanged as real files, and logical dumps to compare.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};
use gridbook::domain::{Address, DeviceId, HouseholdId, OpId};
use gridbook::oplog::op::{Body, Op};
use gridbook::oplog::vector::Vector;
use gridbook::store::households::NewHousehold;
use gridbook::store::import_report::ImportReport;
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};
use gridbook::sync::SyncError;
use gridbook::sync::bundle::{BundleWriter, FORMAT, Header, Kind, MAGIC, Sender};
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
        import_file(
            &mut self.store,
            path,
            &ImportOptions::default(),
            &mut |_, _, _| {},
        )
    }

    pub fn import_bytes(&mut self, bytes: &[u8]) -> Result<ImportReport, SyncError> {
        import_bytes(
            &mut self.store,
            bytes,
            &ImportOptions::default(),
            &mut |_, _, _| {},
        )
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

/// Signs arbitrary op lines into a plain bundle as `keys`' device (a hostile or relaying
/// sender in tests).
pub fn craft(keys: &DeviceKeys, header: impl FnOnce(&mut Header), ops: &[Vec<u8>]) -> Vec<u8> {
    let mut h = Header {
        magic: MAGIC.into(),
        fmt: FORMAT,
        id: uuid::Uuid::now_v7(),
        kind: Kind::Delta,
        app: "test".into(),
        schema: 2,
        from: Sender {
            device: keys.device,
            label: "测试发送方".into(),
        },
        to: "*".into(),
        created: 1,
        sender_vector: Vector::new(),
        scopes: Vec::new(),
        op_count: ops.len() as u64,
    };
    header(&mut h);
    let mut w = BundleWriter::new(Vec::new(), &h).unwrap();
    for op in ops {
        w.op(op).unwrap();
    }
    w.finish(&keys.signing).unwrap().0
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
