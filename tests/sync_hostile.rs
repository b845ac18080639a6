//! Damaged, truncated, tampered, foreign and hostile bundles: each is refused with the name of
//! the check that failed, and the database is unchanged in content.

#![allow(clippy::unwrap_used)]

mod sync_support;

use age::secrecy::SecretString;
use gridbook::oplog::op::Op;
use gridbook::store::households::HouseholdField;
use gridbook::sync::SyncError;
use gridbook::sync::export::{Encryption, Target};
use gridbook::sync::import::{ImportOptions, import_bytes};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sync_support::*;

/// A worker with a little data, and an office that already imported it once.
fn pair() -> (Device, Device) {
    let mut worker = Device::new("worker");
    let mut office = Device::new("office");
    let h = worker.household("401");
    worker
        .store
        .write(|w| w.set_household(h, HouseholdField::Note("门口有狗".into())))
        .unwrap();
    office.import(&worker.full());
    office.keys();
    (worker, office)
}

/// Imports `bytes`, expects a refusal naming `check` (if given), and no change at all.
fn refused(d: &mut Device, bytes: &[u8], check: Option<&str>) -> String {
    let before = d.full_dump();
    let err = d
        .import_bytes(bytes)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    let msg = err.to_string();
    let got = err
        .check()
        .unwrap_or_else(|| panic!("not a refusal: {msg}"));
    if let Some(check) = check {
        assert_eq!(got, check, "{msg}");
        assert!(msg.contains(&format!("({check} check)")), "{msg}");
    }
    assert!(msg.contains("nothing was imported"), "{msg}");
    assert_eq!(
        d.full_dump(),
        before,
        "a refused bundle changed the database: {msg}"
    );
    msg
}

#[test]
fn a_bundle_truncated_at_any_byte_is_refused_and_changes_nothing() {
    let (mut worker, mut office) = pair();
    let plain = std::fs::read(worker.full()).unwrap();
    let office_key = office.keys().recipient();
    let sealed_path = worker.dir.path().join("sealed.gbx");
    worker
        .export_with(
            Target::Full,
            Encryption::Recipients(vec![office_key]),
            &sealed_path,
        )
        .unwrap();
    let sealed = std::fs::read(&sealed_path).unwrap();
    let before = office.full_dump();
    for bundle in [&plain, &sealed] {
        for cut in 0..bundle.len() {
            let err = office
                .import_bytes(&bundle[..cut])
                .err()
                .unwrap_or_else(|| {
                    panic!("a bundle cut at {cut} of {} was accepted", bundle.len())
                });
            assert!(err.check().is_some(), "cut at {cut}: {err}");
        }
    }
    assert_eq!(office.full_dump(), before);
    // Whole, both import (as duplicates).
    assert!(office.import_bytes(&plain).is_ok());
    assert!(office.import_bytes(&sealed).is_ok());
}

#[test]
fn a_bit_flipped_anywhere_is_refused_and_changes_nothing() {
    let (mut worker, mut office) = pair();
    let plain = std::fs::read(worker.full()).unwrap();
    let office_key = office.keys().recipient();
    let sealed_path = worker.dir.path().join("sealed.gbx");
    worker
        .export_with(
            Target::Full,
            Encryption::Recipients(vec![office_key]),
            &sealed_path,
        )
        .unwrap();
    let sealed = std::fs::read(&sealed_path).unwrap();
    let before = office.full_dump();
    let header_end = plain.iter().position(|b| *b == b'\n').unwrap();
    let trailer_start = plain[..plain.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap();
    let mut checks = std::collections::BTreeMap::new();
    for (name, bundle) in [("plain", &plain), ("age", &sealed)] {
        for pos in 0..bundle.len() {
            let mut bad = bundle.clone();
            bad[pos] ^= 1 << (pos % 8);
            let err = office
                .import_bytes(&bad)
                .err()
                .unwrap_or_else(|| panic!("{name}: a flip at byte {pos} was accepted"));
            let check = err
                .check()
                .unwrap_or_else(|| panic!("{name} {pos}: {err}"))
                .to_string();
            // A damaged file is called damaged: only a header that really names a newer age
            // version asks for an update.
            let first_line = bad.split(|b| *b == b'\n').next().unwrap_or_default();
            let newer = std::str::from_utf8(first_line)
                .ok()
                .and_then(|l| l.strip_prefix("age-encryption.org/v"))
                .and_then(|v| v.parse::<u32>().ok())
                .is_some_and(|v| v > 1);
            if name == "age" && !newer {
                assert!(
                    !err.to_string().contains("update"),
                    "age {pos}: a damaged file is not a reason to update: {err}"
                );
            }
            let part = match (name, pos) {
                ("age", _) => "age layer",
                (_, p) if p <= header_end => "header",
                (_, p) if p > trailer_start => "trailer",
                _ => "body",
            };
            checks
                .entry(part)
                .or_insert_with(std::collections::BTreeSet::new)
                .insert(check);
        }
    }
    assert_eq!(office.full_dump(), before);
    // Each part of the file was hit, and the failures name real checks.
    assert_eq!(checks.len(), 4, "{checks:?}");
    assert!(checks["body"].contains("hash"), "{checks:?}");
    assert!(checks["age layer"].contains("encryption"), "{checks:?}");
}

#[test]
fn only_a_header_naming_a_newer_age_version_asks_for_an_update() {
    let (mut worker, mut office) = pair();
    let office_key = office.keys().recipient();
    let path = worker.dir.path().join("sealed.gbx");
    worker
        .export_with(
            Target::Full,
            Encryption::Recipients(vec![office_key]),
            &path,
        )
        .unwrap();
    let sealed = std::fs::read(&path).unwrap();
    let with_first_line = |line: &[u8]| {
        let rest = sealed.iter().position(|b| *b == b'\n').unwrap();
        [line, &sealed[rest..]].concat()
    };
    let newer = office
        .import_bytes(&with_first_line(b"age-encryption.org/v2"))
        .unwrap_err()
        .to_string();
    assert!(newer.contains("update gridbook"), "{newer}");
    let damaged = office
        .import_bytes(&with_first_line(b"age-encryption.org/v1x"))
        .unwrap_err()
        .to_string();
    assert!(damaged.contains("damaged"), "{damaged}");
    assert!(!damaged.contains("update"), "{damaged}");
}

#[test]
fn fuzzed_bundles_never_panic_and_never_write() {
    let (mut worker, mut office) = pair();
    let valid = std::fs::read(worker.full()).unwrap();
    office.import_bytes(&valid).unwrap();
    let before = office.full_dump();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for round in 0..1500 {
        let bytes: Vec<u8> = match round % 5 {
            0 => (0..rng.random_range(0..2048))
                .map(|_| rng.random())
                .collect(),
            1 => {
                // Random bytes behind a valid-looking header line.
                let mut b = valid[..=valid.iter().position(|b| *b == b'\n').unwrap()].to_vec();
                b.extend((0..rng.random_range(0..1024)).map(|_| rng.random::<u8>()));
                b
            }
            2 => {
                let mut b = valid.clone();
                for _ in 0..rng.random_range(1..8) {
                    let at = rng.random_range(0..b.len());
                    b[at] = rng.random();
                }
                b
            }
            3 => {
                // Lines dropped, repeated or swapped.
                let mut lines: Vec<&[u8]> = valid.split(|b| *b == b'\n').collect();
                let i = rng.random_range(0..lines.len());
                let j = rng.random_range(0..lines.len());
                match rng.random_range(0..3) {
                    0 => {
                        lines.remove(i);
                    }
                    1 => lines.insert(i, lines[j]),
                    _ => lines.swap(i, j),
                }
                lines.join(&b'\n')
            }
            _ => {
                // JSON-ish noise in place of one op.
                let noise: String = (0..rng.random_range(1..300))
                    .map(|_| {
                        [
                            '{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', 'a', '1', '\n',
                        ][rng.random_range(0..13)]
                    })
                    .collect();
                let mut lines: Vec<Vec<u8>> =
                    valid.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let i = rng.random_range(1..lines.len() - 1);
                lines[i] = noise.into_bytes();
                lines.join(&b'\n')
            }
        };
        if let Ok(r) = office.import_bytes(&bytes) {
            // Only a byte-for-byte valid bundle could pass; it was imported before.
            assert!(
                r.already_imported,
                "round {round}: a mutated bundle was accepted: {r:?}\n{}",
                String::from_utf8_lossy(&bytes)
            );
        }
        let mut sink = |_: u64, _: u64| {};
        let _ = gridbook::sync::reader::verify(&bytes, &mut sink);
    }
    assert_eq!(office.full_dump(), before);
}

#[test]
fn a_reused_op_id_with_other_content_is_refused() {
    let (mut worker, mut office) = pair();
    let lines = op_lines(&std::fs::read(worker.full()).unwrap());
    let note = lines
        .iter()
        .find(|l| String::from_utf8_lossy(l).contains("门口有狗"))
        .unwrap();
    let forged = String::from_utf8(note.clone())
        .unwrap()
        .replace("门口有狗", "门口没狗");
    // The worker itself signs the altered copy (a buggy or hostile origin): the chain and the
    // head hold, and the reused id is what gives it away.
    let relay = Relay::new();
    let msg = refused(
        &mut office,
        &craft(&relay, Some(&worker), |_| {}, &[forged.into_bytes()]),
        Some("record id"),
    );
    assert!(msg.contains("was altered or its id reused"), "{msg}");
    assert!(msg.contains("line "), "{msg}");
}

#[test]
fn a_cloned_database_writing_the_same_seqs_is_refused() {
    let (mut worker, mut office) = pair();
    // Copy the worker's database and settings to a second machine; both write.
    let clone_dir = tempfile::tempdir().unwrap();
    let copy = clone_dir.path().join("grid.db");
    rusqlite::Connection::open(worker.db())
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    copy_dir(
        &worker.dir.path().join("config"),
        &clone_dir.path().join("config"),
    );
    let mut clone = gridbook::store::Store::open_with(
        &gridbook::store::OpenOptions {
            path: copy,
            config_dir: clone_dir.path().join("config"),
            label: None,
        },
        Box::new(gridbook::store::FixedClock::at(now())),
        gridbook::store::IdSource::Random,
    )
    .unwrap();
    assert!(
        clone.blocked().is_none(),
        "the settings came along, so it is not noticed"
    );
    let h = clone.households().unwrap()[0].id;
    clone
        .write(|w| w.set_household(h, HouseholdField::Note("副本写的".into())))
        .unwrap();
    worker
        .store
        .write(|w| w.set_household(h, HouseholdField::Note("原件写的".into())))
        .unwrap();
    office.import(&worker.full());
    let out = clone_dir.path().join("clone.gbx");
    gridbook::sync::export::export(
        &mut clone,
        &gridbook::sync::export::ExportOptions {
            out: out.clone(),
            target: Target::Full,
            encryption: Encryption::None,
            config_recipients: vec![],
            scopes: vec![],
        },
        &mut |_, _| {},
    )
    .unwrap();
    let msg = refused(&mut office, &std::fs::read(out).unwrap(), Some("sequence"));
    assert!(msg.contains("cloned database"), "{msg}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_newer_major_format_is_refused_before_anything_else() {
    let (_, mut office) = pair();
    let relay = Relay::new();
    let mut bundle = craft(&relay, None, |h| h.fmt = [3, 0], &[]);
    // Whatever follows the header is not even looked at.
    bundle.truncate(bundle.iter().position(|b| *b == b'\n').unwrap() + 1);
    bundle.extend_from_slice(b"\xff\xfe a format we cannot know\n");
    let msg = refused(&mut office, &bundle, Some("format"));
    assert!(msg.contains("made by a newer gridbook; update"), "{msg}");
}

fn op_line(relay: &Relay, payload: &str) -> Vec<u8> {
    // Seq 1 of the relay's feed is its certificate.
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(2);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(
        r#"{{"id":"{}","origin":"{}","scope":"*","seq":{seq},"hlc":1,"author":"x","type":"household.set","entity":"{}","payload":{payload}}}"#,
        uuid::Uuid::now_v7(),
        relay.keys.device,
        uuid::Uuid::now_v7()
    )
    .into_bytes()
}

#[test]
fn hostile_op_lines_are_refused_with_their_line_number() {
    let (_, mut office) = pair();
    let relay = Relay::new();
    let good = op_line(&relay, r#"{"field":"note","value":"ok"}"#);
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            {
                let mut l = op_line(&relay, r#"{"field":"note","value":"XX"}"#);
                let at = l.windows(2).position(|w| w == b"XX").unwrap();
                l[at] = 0xff;
                l
            },
            "utf-8",
            "line 4 is not valid UTF-8",
        ),
        (
            op_line(
                &relay,
                &format!(
                    r#"{{"field":"note","value":"{}"}}"#,
                    "长".repeat((50 << 20) / 3)
                ),
            ),
            "size",
            "line 4 is",
        ),
        (
            op_line(
                &relay,
                &format!(r#"{{"field":"note","value":"{}"}}"#, "x".repeat(20_000)),
            ),
            "op",
            "KiB",
        ),
        (
            op_line(
                &relay,
                &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            ),
            "op",
            "nested deeper than 16",
        ),
        (
            op_line(&relay, r#"{"field":"note","field":"grid","value":"x"}"#),
            "op",
            "appears twice",
        ),
        (
            op_line(&relay, r#"{"field":"note","value":"a\u0000b"}"#),
            "op",
            "control character",
        ),
        (
            String::from_utf8(op_line(&relay, r#"{"field":"note","value":"x"}"#))
                .unwrap()
                .replacen("\"entity\":\"", "\"entity\":\"zz", 1)
                .into_bytes(),
            "op",
            "line 4",
        ),
        (b"{\"id\":1}".to_vec(), "op", "not a change record"),
        (b"not json at all".to_vec(), "op", "line 4"),
    ];
    for (line, check, words) in cases {
        let bundle = craft(&relay, None, |_| {}, &[good.clone(), line]);
        let msg = refused(&mut office, &bundle, Some(check));
        assert!(msg.contains(words), "{check}: {msg}");
    }
}

#[test]
fn a_wrong_passphrase_a_missing_one_and_a_bundle_for_another_team_are_refused() {
    let (mut worker, mut office) = pair();
    let with_pass = worker.dir.path().join("pass.gbx");
    worker
        .export_with(
            Target::Full,
            Encryption::Passphrase(SecretString::from("正确的口令".to_string())),
            &with_pass,
        )
        .unwrap();
    let bytes = std::fs::read(&with_pass).unwrap();
    let before = office.full_dump();
    let wrong = ImportOptions {
        passphrase: Some(SecretString::from("错误的口令".to_string())),
        ..ImportOptions::default()
    };
    let err = import_bytes(&mut office.store, &bytes, &wrong, &mut |_, _, _| {}).unwrap_err();
    assert_eq!(err.check(), Some("encryption"), "{err}");
    assert!(err.to_string().contains("wrong passphrase"), "{err}");
    let msg = refused(&mut office, &bytes, Some("encryption"));
    assert!(msg.contains("--passphrase-file"), "{msg}");
    assert_eq!(office.full_dump(), before);
    let right = ImportOptions {
        passphrase: Some(SecretString::from("正确的口令".to_string())),
        ..ImportOptions::default()
    };
    let ok = import_bytes(&mut office.store, &bytes, &right, &mut |_, _, _| {}).unwrap();
    assert!(ok.encrypted);
    // Encrypted for another team's office: this office cannot open it.
    let other_team = age::x25519::Identity::generate().to_public().to_string();
    let foreign = worker.dir.path().join("foreign.gbx");
    worker
        .export_with(
            Target::Full,
            Encryption::Recipients(vec![other_team]),
            &foreign,
        )
        .unwrap();
    let msg = refused(
        &mut office,
        &std::fs::read(&foreign).unwrap(),
        Some("encryption"),
    );
    assert!(msg.contains("not encrypted for this device"), "{msg}");
}

#[test]
fn a_known_device_signing_with_another_key_is_refused() {
    let (worker, mut office) = pair();
    let impostor = Relay::outsider_as(worker.store.device());
    let msg = refused(
        &mut office,
        &craft(&impostor, None, |_| {}, &[]),
        Some("signer"),
    );
    assert!(
        msg.contains("not signed with that device's certified key"),
        "{msg}"
    );
}

#[test]
fn counts_that_disagree_and_a_reused_bundle_id_are_refused() {
    let (_, mut office) = pair();
    let relay = Relay::new();
    let line = op_line(&relay, r#"{"field":"note","value":"x"}"#);
    refused(
        &mut office,
        &craft(
            &relay,
            None,
            |h| h.op_count = 5,
            std::slice::from_ref(&line),
        ),
        Some("count"),
    );
    let id = uuid::Uuid::now_v7();
    office
        .import_bytes(&craft(&relay, None, |h| h.id = id, &[]))
        .unwrap();
    let msg = refused(
        &mut office,
        &craft(&relay, None, |h| h.id = id, &[line]),
        Some("bundle id"),
    );
    assert!(msg.contains("a different bundle with the id"), "{msg}");
}

#[test]
fn the_reader_parses_ops_exactly_as_stored() {
    let (mut worker, _) = pair();
    let bundle = std::fs::read(worker.full()).unwrap();
    let mut sink = |_: u64, _: u64| {};
    let verified = gridbook::sync::reader::verify(&bundle, &mut sink).unwrap();
    let stored = ops_of(&worker.db());
    assert_eq!(verified.ops.len(), stored.len());
    for (read, kept) in verified.ops.iter().zip(&stored) {
        assert_eq!(Op::from_raw(read.raw.to_vec()).unwrap().sha256, kept.sha256);
    }
    let _: Option<SyncError> = None;
}
