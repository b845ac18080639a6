//! Importing a bundle: size caps, decryption in memory, the header, the trailer, every op
//! checked strictly, the already-imported fast path, then one transaction in the store.

use std::io::Read;
use std::path::Path;

use age::secrecy::SecretString;

use super::bundle::MAX_FILE;
use super::crypt::{AGE_MAGIC, Openers, open};
use super::error::SyncError;
use super::keys;
use super::reader::verify;
use crate::store::import::{Incoming, Seen, clash};
use crate::store::import_report::ImportReport;
use crate::store::{Store, StoreError};

#[derive(Default)]
pub struct ImportOptions {
    /// Check and report, write nothing.
    pub dry_run: bool,
    pub passphrase: Option<SecretString>,
    /// Accept a bundle that is not encrypted (for inspection and tests only).
    pub allow_plain: bool,
}

/// Where an import is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Checking,
    Applying,
}

/// Reads, checks and imports the bundle at `path`.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<ImportReport, SyncError> {
    let io = |source| SyncError::Io {
        context: crate::fsutil::IoAct::Read(path.to_path_buf()),
        cause: source,
    };
    // A named pipe, a device or a folder is refused here, before anything waits on it.
    let file = crate::fsutil::open_regular(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE {
        return Err(SyncError::refused(
            "size",
            format!(
                "the file is {:.1} GiB; a bundle is at most 1 GiB",
                size as f64 / (1u64 << 30) as f64
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    import_bytes(store, &bytes, opts, progress)
}

/// Checks and imports a bundle held in memory.
pub fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Stage, u64, u64),
) -> Result<ImportReport, SyncError> {
    if bytes.len() as u64 > MAX_FILE {
        return Err(SyncError::refused("size", "the file is larger than 1 GiB"));
    }
    let device_keys = if bytes.starts_with(AGE_MAGIC) {
        Some(keys::load(store)?)
    } else {
        None
    };
    let mut identities = Vec::new();
    if let Some(k) = &device_keys {
        identities.push(&k.age);
        identities.extend(k.retired.iter());
    }
    let opened = open(
        bytes,
        &Openers {
            identities,
            passphrase: opts.passphrase.clone(),
        },
    )?;
    if !opened.encrypted && !opts.allow_plain {
        return Err(SyncError::refused(
            "encryption",
            "the bundle is not encrypted, and a bundle carrying a community's data must be; ask the sender to export it again without --no-encrypt (or give --allow-plain to inspect it)",
        ));
    }
    let verified = verify(&opened.plain, &mut |done, total| {
        progress(Stage::Checking, done, total)
    })?;
    let h = &verified.header;
    let report = ImportReport {
        bundle_id: h.id.to_string(),
        from_device: h.from.device.to_string(),
        from_label: h.from.label.clone(),
        kind: h.kind.code().to_string(),
        op_count: h.op_count,
        encrypted: opened.encrypted,
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    match store.bundle_seen(h.id, &verified.sha256)? {
        Seen::New => {}
        Seen::Imported(at) => return Ok(already_imported(store, report, at)),
        Seen::Clash => return Err(clash(h.id).into()),
    }
    let checked = super::provenance::check(store, &verified)?;
    // Another import of the same bundle may finish first: the store checks again inside its
    // transaction and says so.
    let result = store.import(
        &Incoming {
            bundle_id: h.id,
            sha256: verified.sha256,
            kind: h.kind.code(),
            from: h.from.device,
            from_label: &h.from.label,
            signer: verified.signer,
            created_hlc: h.created,
            sender_vector: &h.sender_vector,
            scopes: &h.scopes,
            ops: &verified.ops,
            chains: &checked.chains,
            links: &checked.links,
            heads: &checked.heads,
            encrypted: opened.encrypted,
        },
        opts.dry_run,
        &mut |done, total| progress(Stage::Applying, done, total),
    );
    match result {
        Err(StoreError::AlreadyImported { at }) => Ok(already_imported(store, report, at)),
        other => other.map_err(SyncError::from),
    }
}

/// The report for a bundle imported before, at `at` (Unix ms): nothing to do.
fn already_imported(store: &Store, mut report: ImportReport, at: i64) -> ImportReport {
    report.already_imported = true;
    report.duplicate_ops = report.op_count;
    report.imported_at = Some(local_time(store, at));
    report
}

/// A Unix-ms time as the local date and time shown to the worker (in the store clock's zone).
fn local_time(store: &Store, ms: i64) -> String {
    let clock = store.clock();
    let ago = chrono::TimeDelta::milliseconds(clock.now_ms().saturating_sub(ms));
    (clock.now_local() - ago)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
