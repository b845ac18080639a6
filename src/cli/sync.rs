//! `gridbook export`, `gridbook import` and `gridbook keys`.

use super::out::{errln, jsonln, outln};
use crate::domain::short_id;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::i18n::said::Said;
use crate::i18n::{Lang, Msg};
use age::secrecy::SecretString;
use anyhow::Result;
use clap::{ArgGroup, Args};
use indicatif::ProgressBar;

use super::{Cli, load_config, open_store, progress};
use crate::oplog::keys::fingerprint;
use crate::store::import_report::ImportReport;
use crate::sync::export::{Encryption, ExportOptions, Target, export};
use crate::sync::import::{ImportOptions, Stage, import_file};
use crate::sync::keys;

/// Bundles with fewer changes than this get no progress bar.
const BAR_FROM: u64 = 10_000;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["to", "full"])))]
#[command(group(ArgGroup::new("lock").args(["passphrase_file", "recipients", "no_encrypt"])))]
pub struct ExportArgs {
    /// Where to write the bundle (a .gbx file)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only what this peer lacks (its label or device id), from what it last told us it has
    #[arg(long, value_name = "PEER")]
    pub to: Option<String>,
    /// Everything this database holds
    #[arg(long)]
    pub full: bool,
    /// Encrypt with the passphrase in this file (first line) instead of the team's keys
    #[arg(long, value_name = "F")]
    pub passphrase_file: Option<PathBuf>,
    /// Encrypt to this age public key (age1...) instead of the team's keys; may be repeated
    #[arg(long = "recipient", value_name = "KEY")]
    pub recipients: Vec<String>,
    /// Do not encrypt (for inspection and tests only: anyone with the file can read it)
    #[arg(long)]
    pub no_encrypt: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The bundle to import (a .gbx file)
    pub file: PathBuf,
    /// Check the bundle and report what it would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as one JSON object
    #[arg(long)]
    pub json: bool,
    /// The passphrase (first line of this file) the bundle was encrypted with
    #[arg(long, value_name = "F")]
    pub passphrase_file: Option<PathBuf>,
    /// Accept a bundle that is not encrypted (for inspection and tests only)
    #[arg(long)]
    pub allow_plain: bool,
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    /// Encrypt future exports to this peer's age public key too (the office's, a colleague's)
    #[arg(long, num_args = 2, value_names = ["LABEL", "KEY"])]
    pub add_peer: Option<Vec<String>>,
    /// Stop encrypting exports to the peer with this label
    #[arg(long, value_name = "LABEL")]
    pub remove_peer: Option<String>,
}

pub fn run_export(cli: &Cli, args: &ExportArgs) -> Result<ExitCode> {
    let config = load_config()?;
    let lang = Lang::choose(cli.lang.as_deref(), &config.language);
    let mut store = open_store(cli)?;
    let encryption = if args.no_encrypt {
        Encryption::None
    } else if let Some(f) = &args.passphrase_file {
        Encryption::Passphrase(read_passphrase(f)?)
    } else if !args.recipients.is_empty() {
        Encryption::Recipients(args.recipients.clone())
    } else {
        Encryption::Team
    };
    let target = match &args.to {
        Some(peer) => Target::Peer(peer.clone()),
        None => Target::Full,
    };
    let opts = ExportOptions {
        out: args.out.clone(),
        target,
        encryption,
        config_recipients: config.sync.recipients.clone(),
        scopes: config.grids.clone(),
    };
    let mut bar: Option<ProgressBar> = None;
    let summary = export(&mut store, &opts, &mut |done, total| {
        // The bundle's temporary file is open and its header written.
        crate::testpoint::reach("export-writing");
        if total >= BAR_FROM {
            let b = bar.get_or_insert_with(|| progress::bar(total, lang.t(Msg::SyncCliWriting)));
            b.set_position(done);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let what = match &summary.to {
        Some((id, label)) => lang.f(Msg::SyncCliFor, &[("label", label), ("id", &short_id(id))]),
        None => lang.t(Msg::SyncCliFull).to_string(),
    };
    outln!(
        "{}",
        lang.f(
            Msg::SyncCliWrote,
            &[
                ("path", &summary.path.display()),
                ("what", &what),
                ("n", &summary.op_count),
                ("size", &size(summary.bytes)),
            ]
        )
    );
    if !summary.encrypted {
        errln!(
            "{}",
            lang.f(Msg::SyncCliPlain, &[("path", &summary.path.display())])
        );
    }
    if summary.left_out > 0 {
        errln!(
            "{}",
            lang.f(Msg::SyncCliLeftOut, &[("n", &summary.left_out)])
        );
    }
    if summary.passphrase {
        outln!("{}", lang.t(Msg::SyncCliByPassphrase));
    } else if summary.encrypted {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let readers: String = summary
            .readers
            .iter()
            .map(|r| format!("{sep}{r}"))
            .collect();
        outln!(
            "{}",
            lang.f(Msg::SyncCliEncryptedFor, &[("readers", &readers)])
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_import(cli: &Cli, args: &ImportArgs) -> Result<ExitCode> {
    let lang = Lang::choose(cli.lang.as_deref(), &load_config()?.language);
    let mut store = open_store(cli)?;
    let opts = ImportOptions {
        dry_run: args.dry_run,
        allow_plain: args.allow_plain,
        passphrase: args
            .passphrase_file
            .as_deref()
            .map(read_passphrase)
            .transpose()?,
    };
    let mut bars: Option<(Stage, ProgressBar)> = None;
    let report = import_file(&mut store, &args.file, &opts, &mut |stage, done, total| {
        if stage == Stage::Applying && done == total && total > 0 {
            // Every op is written inside the import's transaction, none committed yet.
            crate::testpoint::reach("import-applying");
        }
        if total < BAR_FROM {
            return;
        }
        if bars.as_ref().map(|(s, _)| *s) != Some(stage) {
            if let Some((_, b)) = bars.take() {
                b.finish_and_clear();
            }
            let label = match stage {
                Stage::Checking => lang.t(Msg::SyncCliChecking),
                Stage::Applying => lang.t(Msg::SyncCliApplying),
            };
            bars = Some((stage, progress::bar(total, label)));
        }
        if let Some((_, b)) = &bars {
            b.set_position(done);
        }
    })?;
    if let Some((_, b)) = bars {
        b.finish_and_clear();
    }
    if args.json {
        jsonln!(serde_json::to_string(&report)?);
    } else {
        print_report(lang, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(lang: Lang, r: &ImportReport) -> Result<()> {
    if r.already_imported {
        let date = r
            .imported_at
            .clone()
            .unwrap_or_else(|| lang.t(Msg::SyncCliEarlierDay).to_string());
        outln!("{}", lang.f(Msg::SyncCliAlready, &[("date", &date)]));
        return Ok(());
    }
    let from = format!("{} ({})", r.from_label, short_id(&r.from_device));
    if r.dry_run {
        outln!("{}", lang.t(Msg::SyncCliDryRun));
    }
    let kind = match r.kind.as_str() {
        "full" => lang.t(Msg::SyncCliKindFull),
        "delta" => lang.t(Msg::SyncCliKindIncremental),
        other => other,
    };
    let plain = if r.encrypted {
        ""
    } else {
        lang.t(Msg::SyncCliNotEncrypted)
    };
    outln!(
        "{}",
        lang.f(
            Msg::SyncCliBundle,
            &[
                ("id", &short_id(&r.bundle_id)),
                ("from", &from),
                ("n", &r.op_count),
                ("kind", &kind),
                ("plain", &plain),
            ]
        )
    );
    let line = |n: u64, what: Msg| -> Result<()> {
        if n > 0 {
            outln!("  {n:>7}  {}", lang.t(what));
        }
        Ok(())
    };
    outln!("  {:>7}  {}", r.new_ops, lang.t(Msg::SyncCliNew));
    line(r.duplicate_ops, Msg::SyncCliDuplicate)?;
    line(r.parked_ops, Msg::SyncCliParked)?;
    line(r.unparked_ops, Msg::SyncCliUnparked)?;
    line(r.conflicts_opened, Msg::SyncCliConflictsOpened)?;
    line(r.conflicts_closed, Msg::SyncCliConflictsClosed)?;
    line(r.invalid_transitions, Msg::SyncCliInvalid)?;
    line(r.invalid_ops, Msg::SyncCliInvalidOps)?;
    line(r.unknown_ops, Msg::SyncCliUnknown)?;
    line(r.clock_suspect_ops, Msg::SyncCliClock)?;
    for d in &r.first_seen_devices {
        outln!(
            "{}",
            lang.f(
                Msg::SyncCliFirstSeen,
                &[("label", &d.label), ("id", &short_id(&d.device))]
            )
        );
    }
    let gap = |m: Msg, g: &crate::store::import_report::Gap| {
        let seqs = if g.from_seq == g.to_seq {
            lang.f(Msg::SyncCliSeq, &[("from", &g.from_seq)])
        } else {
            lang.f(
                Msg::SyncCliSeqs,
                &[("from", &g.from_seq), ("to", &g.to_seq)],
            )
        };
        lang.f(
            m,
            &[("seqs", &seqs), ("label", &g.label), ("scope", &g.scope)],
        )
    };
    for g in &r.gaps_closed {
        outln!("{}", gap(Msg::SyncCliGapClosed, g));
    }
    for g in &r.gaps {
        outln!("{}", gap(Msg::SyncCliGap, g));
    }
    Ok(())
}

pub fn run_keys(cli: &Cli, args: &KeysArgs) -> Result<ExitCode> {
    let lang = Lang::choose(cli.lang.as_deref(), &load_config()?.language);
    let worded = |text: String| -> anyhow::Error { crate::explain::Worded(text).into() };
    let mut store = open_store(cli)?;
    if let Some(pair) = &args.add_peer {
        let [label, key] = pair.as_slice() else {
            return Err(worded(lang.t(Msg::KeysAddPeerArgs).to_string()));
        };
        let recipient = keys::parse_recipient(key)?;
        if label.trim().is_empty() {
            return Err(worded(lang.t(Msg::KeysAddPeerLabel).to_string()));
        }
        store.add_team_key(label, &recipient.to_string())?;
        outln!(
            "{}",
            lang.f(Msg::KeysAdded, &[("label", label), ("key", &recipient)])
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(label) = &args.remove_peer {
        if !store.remove_team_key(label)? {
            return Err(worded(
                lang.f(Msg::KeysNoPeer, &[("label", &format!("{label:?}"))]),
            ));
        }
        outln!("{}", lang.f(Msg::KeysRemoved, &[("label", label)]));
        return Ok(ExitCode::SUCCESS);
    }
    let k = keys::ensure(&mut store)?;
    outln!(
        "{}",
        lang.f(
            Msg::KeysThisDevice,
            &[("label", &store.label()), ("id", &store.device())]
        )
    );
    outln!("{}", lang.f(Msg::KeysPublic, &[("key", &k.recipient())]));
    outln!(
        "{}",
        lang.f(Msg::KeysSigning, &[("fp", &fingerprint(&k.sign_pk()))])
    );
    let certified = store.certificates()?;
    let own = store.device();
    let extra = store.team_keys()?;
    let config = load_config()?;
    let readers: Vec<_> = certified
        .iter()
        .filter(|c| {
            c.device != own
                && c.revoked_upto.is_none()
                && c.role == crate::oplog::cert::Role::Office
        })
        .collect();
    if readers.is_empty() && extra.is_empty() && config.sync.recipients.is_empty() {
        outln!("{}", lang.t(Msg::KeysOnlyThis));
    } else {
        outln!("{}", lang.t(Msg::KeysFor));
        for c in readers {
            outln!(
                "{}",
                lang.f(Msg::KeysOffice, &[("label", &c.label), ("key", &c.age_pk)])
            );
        }
        for (label, key) in extra {
            outln!(
                "{}",
                lang.f(Msg::KeysPeer, &[("label", &label), ("key", &key)])
            );
        }
        for key in &config.sync.recipients {
            outln!("{}", lang.f(Msg::KeysConfig, &[("key", key)]));
        }
    }
    if !certified.is_empty() {
        outln!("{}", lang.t(Msg::KeysTeamDevices));
        for c in &certified {
            let revoked = if c.revoked_upto.is_some() {
                lang.t(Msg::KeysRevoked)
            } else {
                ""
            };
            outln!(
                "{}",
                lang.f(
                    Msg::KeysTeamDevice,
                    &[
                        ("label", &c.label),
                        ("id", &short_id(&c.device.to_string())),
                        ("fp", &fingerprint(&c.sign_pk)),
                        ("revoked", &revoked),
                    ]
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_passphrase(path: &Path) -> Result<SecretString> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_string(&mut text))
        .map_err(|cause| crate::fsutil::IoFailed {
            act: crate::fsutil::IoAct::ReadPassphrase(path.to_path_buf()),
            cause,
        })?;
    let first = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    if first.trim().is_empty() {
        return Err(Said::new(Msg::CliErrPassEmpty)
            .with("path", path.display())
            .into());
    }
    Ok(SecretString::from(first.to_string()))
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
