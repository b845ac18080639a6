//! Exporting a bundle: everything (`--full`) or what one peer lacks according to the vector it
//! last acknowledged, encrypted and signed, written atomically (a temporary file beside the
//! target, fsync, read back and verified, the export recorded, then renamed into place).

use crate::domain::short_id;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use super::bundle::{BundleWriter, FORMAT, Feed, Header, Kind, MAGIC, Sender};
use super::crypt::{Openers, Protection, Sink, open};
use super::error::SyncError;
use super::keys::{self, DeviceKeys};
use super::reader::verify_frame;
use crate::fsutil::NewFile;
use crate::i18n::Msg;
use crate::i18n::said::Said;
use crate::oplog::heads::SignedHead;
use crate::oplog::vector::Vector;
use crate::store::Store;
use crate::store::exchange::{ExportPlan, ExportRecord, OpSink, Run};

/// Which ops to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Everything this database holds.
    Full,
    /// What this peer (a label, device id or id prefix) lacks.
    Peer(String),
}

/// How to encrypt the export.
pub enum Encryption {
    /// To the team: the keys added with `gridbook keys --add-peer`, the config's
    /// `[sync] recipients`, and the target peer's announced key.
    Team,
    /// To these age public keys only (and this device's own).
    Recipients(Vec<String>),
    Passphrase(SecretString),
    /// Not at all: for inspection and tests only.
    None,
}

pub struct ExportOptions {
    pub out: PathBuf,
    pub target: Target,
    pub encryption: Encryption,
    /// Recipients from the config file, used with [`Encryption::Team`].
    pub config_recipients: Vec<String>,
    /// The grids this device wants to receive (empty: all), told to peers in the header.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub bundle_id: uuid::Uuid,
    pub path: PathBuf,
    pub kind: Kind,
    /// The peer (device id, label) for a delta.
    pub to: Option<(String, String)>,
    pub op_count: u64,
    pub bytes: u64,
    pub encrypted: bool,
    /// Encrypted with a passphrase: whoever has it can open the file, this device included
    /// only if it is given the passphrase.
    pub passphrase: bool,
    /// Labels (or keys) of who can open it, this device excluded (empty for a passphrase).
    pub readers: Vec<String>,
    /// Changes the peer lacks that could not go: held from before bundle format 2 with no head
    /// signed by their origin covering them (the origin's own next export carries them).
    pub left_out: u64,
}

/// Writes the bundle; `progress` gets (ops written, total).
pub fn export(
    store: &mut Store,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ExportSummary, SyncError> {
    let keys = keys::ensure(store)?;
    let (plan, to) = plan(store, &opts.target)?;
    let (protection, readers) = protection(store, &keys, opts, to.as_ref())?;
    let kind = if plan.full { Kind::Full } else { Kind::Delta };
    // The sender vector and the count are filled in from the snapshot the ops are read from.
    let base = Header {
        magic: MAGIC.to_string(),
        fmt: FORMAT,
        id: uuid::Uuid::now_v7(),
        kind,
        app: env!("CARGO_PKG_VERSION").to_string(),
        schema: crate::store::latest_schema(),
        from: Sender {
            device: keys.device,
            label: store.label().to_string(),
        },
        to: to.as_ref().map_or_else(|| "*".to_string(), |t| t.0.clone()),
        created: crate::oplog::hlc::tick(store.last_hlc()?, store.clock().now_ms()),
        sender_vector: Vector::new(),
        scopes: opts.scopes.clone(),
        op_count: 0,
        team: hex::encode(match store.team()? {
            Some(team) => team.pk,
            None => keys.sign_pk(),
        }),
        feeds: Vec::new(),
    };
    let bundle_id = base.id;
    check_target(&opts.out)?;
    let mut file = NewFile::create(&opts.out).map_err(|source| io(&opts.out, source))?;
    let left_out;
    let (op_count, hash) = {
        let sink = Sink::new(BufWriter::with_capacity(1 << 20, file.file()), &protection)?;
        let mut writer = Writer {
            target: opts.out.clone(),
            base,
            keys: &keys,
            sink: Some(sink),
            bundle: None,
            total: 0,
            progress,
        };
        left_out = store.export_ops(&plan, &mut writer)?;
        let bundle = writer.bundle.ok_or_else(|| {
            SyncError::Export(Said::new(Msg::ExErrInternal).with("what", "no header"))
        })?;
        let count = bundle.ops_written();
        let (sink, hash) = bundle
            .finish(&keys.signing)
            .map_err(|source| io(&opts.out, source))?;
        let written = sink
            .finish()
            .and_then(|b| b.into_inner().map_err(|e| e.into_error()))
            .map_err(|source| io(&opts.out, source))?;
        written.sync_all().map_err(|source| io(&opts.out, source))?;
        (count, hash)
    };
    let bytes = read_back(file.temp_path(), &keys, &protection, &hash, op_count)?;
    // The bookkeeping is committed before the bundle is put in place: an export that cannot
    // record itself (another gridbook is writing the database) leaves no file behind, since
    // dropping `file` removes the temporary one.
    store.record_export(&ExportRecord {
        bundle_id: bundle_id.to_string(),
        to: to.as_ref().map(|t| t.0.clone()),
        kind: kind.code(),
        sha256: hash,
        path: opts.out.display().to_string(),
        op_count,
    })?;
    file.persist().map_err(|source| io(&opts.out, source))?;
    Ok(ExportSummary {
        bundle_id,
        path: opts.out.clone(),
        kind,
        to,
        op_count,
        bytes,
        encrypted: !matches!(protection, Protection::None),
        passphrase: matches!(protection, Protection::Passphrase(_)),
        readers,
        left_out,
    })
}

fn io(path: &Path, source: std::io::Error) -> SyncError {
    SyncError::Io {
        context: crate::fsutil::IoAct::WriteExport(path.to_path_buf()),
        cause: crate::fsutil::explain(source),
    }
}

/// The target must be a file name in a folder that exists, and not a folder itself (checked
/// before the export is recorded, so that the rename after it cannot fail for that).
fn check_target(out: &Path) -> Result<(), SyncError> {
    if out.file_name().is_none() || out.is_dir() {
        return Err(SyncError::Export(
            Said::new(Msg::ExErrIsFolder)
                .with("path", out.display())
                .with("example", out.join("export.gbx").display()),
        ));
    }
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(SyncError::Export(
            Said::new(Msg::ExErrNoFolder).with("path", dir.display()),
        ));
    }
    Ok(())
}

/// Which ops go out, and to whom.
fn plan(
    store: &Store,
    target: &Target,
) -> Result<(ExportPlan, Option<(String, String)>), SyncError> {
    match target {
        Target::Full => Ok((
            ExportPlan {
                full: true,
                ..ExportPlan::default()
            },
            None,
        )),
        Target::Peer(name) => {
            let found = store.find_device(name)?;
            match found.as_slice() {
                [one] => {
                    let peer = store.peer(&one.id)?;
                    Ok((
                        ExportPlan {
                            full: false,
                            acked: peer.acked,
                            scopes: peer.scopes,
                        },
                        Some((one.id.clone(), one.label.clone())),
                    ))
                }
                [] => {
                    let known: Vec<String> = store
                        .devices()?
                        .into_iter()
                        .filter(|d| d.id != store.device().to_string())
                        .map(|d| format!("{} ({})", d.label, short_id(&d.id)))
                        .collect();
                    Err(SyncError::Export(if known.is_empty() {
                        Said::new(Msg::ExErrNoPeerYet).with("name", format!("{name:?}"))
                    } else {
                        Said::new(Msg::ExErrNoPeer)
                            .with("name", format!("{name:?}"))
                            .with("known", known.join(", "))
                    }))
                }
                many => Err(SyncError::Export(
                    Said::new(Msg::ExErrAmbiguous)
                        .with("name", format!("{name:?}"))
                        .with(
                            "list",
                            many.iter()
                                .map(|d| format!("{} ({})", d.label, d.id))
                                .collect::<Vec<_>>()
                                .join(" / "),
                        ),
                )),
            }
        }
    }
}

/// The encryption of the export and who (besides this device) can open it.
fn protection(
    store: &Store,
    keys: &DeviceKeys,
    opts: &ExportOptions,
    to: Option<&(String, String)>,
) -> Result<(Protection, Vec<String>), SyncError> {
    let mut recipients = vec![keys.age.to_public()];
    let mut readers = Vec::new();
    let mut add = |label: String,
                   key: &str,
                   recipients: &mut Vec<age::x25519::Recipient>|
     -> Result<(), SyncError> {
        let r = keys::parse_recipient(key)?;
        if !recipients.iter().any(|x| x.to_string() == r.to_string()) {
            recipients.push(r);
            readers.push(label);
        }
        Ok(())
    };
    match &opts.encryption {
        Encryption::None => return Ok((Protection::None, Vec::new())),
        Encryption::Passphrase(p) => {
            return Ok((Protection::Passphrase(p.clone()), Vec::new()));
        }
        Encryption::Recipients(list) => {
            for key in list {
                add(key.clone(), key, &mut recipients)?;
            }
        }
        Encryption::Team => {
            // The team's office devices always; the peer the export is for; every device of the
            // team for a full export (the office seeding a laptop, a worker's backup).
            let own = store.device();
            for cert in store.certificates()? {
                let for_peer = to.is_some_and(|(id, _)| *id == cert.device.to_string());
                let wanted =
                    cert.role == crate::oplog::cert::Role::Office || for_peer || to.is_none();
                if cert.device != own && cert.revoked_upto.is_none() && wanted {
                    add(cert.label.clone(), &cert.age_pk, &mut recipients)?;
                }
            }
            for (label, key) in store.team_keys()? {
                add(label, &key, &mut recipients)?;
            }
            for key in &opts.config_recipients {
                add(format!("{key} (config)"), key, &mut recipients)?;
            }
            if let Some((id, label)) = to
                && let Some(key) = store
                    .devices()?
                    .into_iter()
                    .find(|d| &d.id == id)
                    .and_then(|d| d.age_pk)
            {
                add(label.clone(), &key, &mut recipients)?;
            }
            if recipients.len() == 1 {
                return Err(SyncError::Export(Said::new(Msg::ExErrNoReader)));
            }
        }
    }
    Ok((Protection::Recipients(recipients), readers))
}

/// Streams ops into the bundle writer, writing the header once the count is known.
struct Writer<'p, W: Write> {
    /// The bundle's path, for messages.
    target: PathBuf,
    base: Header,
    keys: &'p DeviceKeys,
    sink: Option<Sink<W>>,
    bundle: Option<BundleWriter<Sink<W>>>,
    total: u64,
    progress: &'p mut dyn FnMut(u64, u64),
}

impl<W: Write> OpSink for Writer<'_, W> {
    type Error = SyncError;

    fn begin(&mut self, vector: &Vector, runs: &[Run], count: u64) -> Result<(), SyncError> {
        let mut header = self.base.clone();
        header.sender_vector = vector.clone();
        header.op_count = count;
        header.feeds = runs
            .iter()
            .map(|run| feed(self.keys, run))
            .collect::<Result<_, _>>()?;
        let sink = self.sink.take().ok_or_else(|| {
            SyncError::Export(Said::new(Msg::ExErrInternal).with("what", "began twice"))
        })?;
        self.bundle =
            Some(BundleWriter::new(sink, &header).map_err(|source| io(&self.target, source))?);
        self.total = count;
        (self.progress)(0, count);
        Ok(())
    }

    fn op(&mut self, raw: &[u8]) -> Result<(), SyncError> {
        let bundle = self.bundle.as_mut().ok_or_else(|| {
            SyncError::Export(Said::new(Msg::ExErrInternal).with("what", "an op before the header"))
        })?;
        bundle.op(raw).map_err(|source| io(&self.target, source))?;
        let n = bundle.ops_written();
        if n.is_multiple_of(10_000) {
            (self.progress)(n, self.total);
        }
        Ok(())
    }
}

/// A run as the header lists it: this device signs the head of its own feeds; a relayed
/// feed's head is its origin's, as received.
fn feed(keys: &DeviceKeys, run: &Run) -> Result<Feed, SyncError> {
    let origin = crate::domain::DeviceId::parse(&run.origin).ok_or_else(|| {
        SyncError::Export(
            Said::new(Msg::ExErrInternal).with("what", format!("device id {:?}", run.origin)),
        )
    })?;
    let head = match &run.head {
        Some(head) => head.clone(),
        None => SignedHead::sign(&keys.signing, origin, &run.scope, run.to_seq, &run.end),
    };
    Ok(Feed {
        origin,
        scope: run.scope.clone(),
        from_seq: run.from_seq,
        to_seq: run.to_seq,
        prev_chain: hex::encode(run.prev),
        head,
    })
}

/// Reads the written file back: it must open with this device's keys (or the passphrase),
/// and carry the hash that was signed over the number of ops written.
fn read_back(
    path: &Path,
    keys: &DeviceKeys,
    protection: &Protection,
    hash: &[u8; 32],
    count: u64,
) -> Result<u64, SyncError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|source| SyncError::Io {
            context: crate::fsutil::IoAct::ReadBack(path.to_path_buf()),
            cause: source,
        })?;
    let openers = Openers {
        identities: vec![&keys.age],
        passphrase: match protection {
            Protection::Passphrase(p) => Some(p.clone()),
            _ => None,
        },
    };
    let failed = |e: SyncError| {
        SyncError::Export(
            Said::new(Msg::ExErrReadBack)
                .with("path", path.display())
                .with("e", e),
        )
    };
    let opened = open(&bytes, &openers).map_err(failed)?;
    let frame = verify_frame(&opened.plain).map_err(failed)?;
    if &frame.sha256 != hash || frame.header.op_count != count {
        return Err(SyncError::Export(
            Said::new(Msg::ExErrReadBackDiffers).with("path", path.display()),
        ));
    }
    Ok(bytes.len() as u64)
}
