//! What went wrong, in the user's language. Library errors carry their kind and values (a
//! `StoreError::Busy`, a refused bundle's check, an `IoAct` and the system's error kind); this
//! edge turns them into the catalog's words. English keeps each error's own text; Chinese comes
//! from the catalog, so no English sentence reaches a Chinese screen for the errors known here.

use crate::fsutil::IoAct;
use crate::i18n::{Lang, Msg};
use crate::roster::RosterError;
use crate::store::StoreError;
use crate::sync::SyncError;

/// A message already in the user's language (made from the catalog where it was raised).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Worded(pub String);

/// One line for an error and its causes.
pub fn error(lang: Lang, e: &anyhow::Error) -> String {
    if let Some(w) = e.downcast_ref::<Worded>() {
        return w.0.clone();
    }
    if lang == Lang::Zh {
        for cause in e.chain() {
            if let Some(words) = known(lang, cause) {
                return words;
            }
        }
        return lang.f(Msg::ErrFallback, &[("e", &one_line(e))]);
    }
    one_line(e)
}

/// The error's own text on one line, with its causes.
pub fn one_line(e: &anyhow::Error) -> String {
    let text = format!("{e:#}");
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// An error as the interface shows it: the catalog's words in Chinese; in English the error's
/// own text after the catalog's "Error:".
pub fn shown(lang: Lang, e: &(dyn std::error::Error + 'static)) -> String {
    match lang {
        Lang::Zh => known(lang, e).unwrap_or_else(|| lang.f(Msg::ErrGeneric, &[("e", &e)])),
        Lang::En => lang.f(Msg::ErrGeneric, &[("e", &e)]),
    }
}

/// A store error as the interface shows it.
pub fn store(lang: Lang, e: &StoreError) -> String {
    shown(lang, e)
}

fn known(lang: Lang, e: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(s) = e.downcast_ref::<crate::i18n::said::Said>() {
        return Some(s.in_lang(lang));
    }
    if let Some(e) = e.downcast_ref::<crate::fsutil::IoFailed>() {
        return Some(io_act(lang, &e.act, &e.cause));
    }
    if let Some(e) = e.downcast_ref::<StoreError>() {
        return store_words(lang, e);
    }
    if let Some(e) = e.downcast_ref::<SyncError>() {
        return sync_words(lang, e);
    }
    if let Some(e) = e.downcast_ref::<RosterError>() {
        return roster_words(lang, e);
    }
    if let Some(e) = e.downcast_ref::<crate::config::ConfigError>() {
        return Some(lang.f(
            Msg::ErrConfigAt,
            &[
                ("file", &e.file.display()),
                ("line", &e.line),
                ("message", &e.message.in_lang(lang)),
            ],
        ));
    }
    if let Some(e) = e.downcast_ref::<std::io::Error>() {
        return Some(io_cause(lang, e));
    }
    None
}

/// What the system said about a file, by its kind.
pub fn io_cause(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let m = match e.kind() {
        K::NotFound => Msg::IoNotFound,
        K::PermissionDenied => Msg::IoPermission,
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => Msg::IoDiskFull,
        K::ReadOnlyFilesystem => Msg::IoReadOnlyFs,
        K::IsADirectory => Msg::IoIsDir,
        _ => return lang.f(Msg::IoOther, &[("e", e)]),
    };
    lang.t(m).to_string()
}

fn io_act(lang: Lang, act: &IoAct, cause: &std::io::Error) -> String {
    let m = match act {
        IoAct::Read(_) => Msg::IoActRead,
        IoAct::Write(_) => Msg::IoActWrite,
        IoAct::WriteExport(_) => Msg::IoActWriteExport,
        IoAct::WriteBundle => Msg::IoActWriteBundle,
        IoAct::ReadBack(_) => Msg::IoActReadBack,
        IoAct::CreateLock(_) => Msg::IoActCreateLock,
        IoAct::Lock(_) => Msg::IoActLock,
        IoAct::Backup(_) => Msg::IoActBackup,
        IoAct::Remove(_) => Msg::IoActRemove,
        IoAct::CreateDir(_) => Msg::IoActCreateDir,
        IoAct::ReadPassphrase(_) => Msg::IoActReadPassphrase,
    };
    let path = act
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    lang.f(m, &[("path", &path), ("cause", &io_cause(lang, cause))])
}

fn store_words(lang: Lang, e: &StoreError) -> Option<String> {
    Some(match e {
        StoreError::MissingDirectory(p) => lang.f(Msg::StMissingDir, &[("path", &p.display())]),
        StoreError::CannotCreate { path, cause } => lang.f(
            Msg::StCannotCreate,
            &[("path", &path.display()), ("cause", &io_cause(lang, cause))],
        ),
        StoreError::NotADatabase(p) => lang.f(Msg::StNotDb, &[("path", &p.display())]),
        StoreError::NewerSchema { found, supported } => {
            lang.f(Msg::StNewer, &[("found", found), ("supported", supported)])
        }
        StoreError::Symlink(p) => lang.f(Msg::StSymlink, &[("path", &p.display())]),
        StoreError::ReadOnly => lang.t(Msg::StReadOnly).to_string(),
        StoreError::DiskFull => lang.t(Msg::StDiskFull).to_string(),
        StoreError::DiskFailed => lang.t(Msg::StDiskFailed).to_string(),
        StoreError::Busy => lang.t(Msg::StBusy).to_string(),
        StoreError::Damaged { what } => lang.f(Msg::StDamaged, &[("what", what)]),
        StoreError::AlreadyImported { .. } => lang.t(Msg::StAlreadyImported).to_string(),
        StoreError::AlreadyOpen => lang.t(Msg::StAlreadyOpen).to_string(),
        StoreError::NotFound { kind, id } => lang.f(Msg::StNotFound, &[("kind", kind), ("id", id)]),
        StoreError::WritesBlocked(_) => lang.t(Msg::ErrWritesBlocked).to_string(),
        StoreError::Corrupt(_) => lang.t(Msg::StCorrupt).to_string(),
        StoreError::Sqlite(e) => lang.f(
            Msg::StSqlite,
            &[(
                "code",
                &e.sqlite_error_code()
                    .map_or_else(|| "?".to_string(), |c| format!("{c:?}")),
            )],
        ),
        StoreError::Io { context, cause } => io_act(lang, context, cause),
        StoreError::ImportRefused { check, .. } => refused(lang, check),
        StoreError::Invalid(said) => said.in_lang(lang),
        StoreError::Transition(_) | StoreError::Visit(_) => return None,
    })
}

fn sync_words(lang: Lang, e: &SyncError) -> Option<String> {
    Some(match e {
        SyncError::Refused { check, .. } => refused(lang, check),
        SyncError::Io { context, cause } => io_act(lang, context, cause),
        SyncError::Store(e) => return store_words(lang, e),
        SyncError::Team(said) | SyncError::Keys(said) | SyncError::Export(said) => {
            said.in_lang(lang)
        }
    })
}

/// A refused bundle: which check, and what to do, by the kind of check.
fn refused(lang: Lang, check: &str) -> String {
    let m = match check {
        "encryption" | "wrong passphrase" => Msg::SyRefusedEncryption,
        "truncation" | "trailer" | "count" | "compression" => Msg::SyRefusedTruncated,
        "format" | "header" | "utf-8" | "bundle id" | "record id" => Msg::SyRefusedFormat,
        "size" => Msg::SyRefusedSize,
        "team" => Msg::SyRefusedTeam,
        "revoked" => Msg::SyRefusedRevoked,
        "keys" => Msg::SyRefusedKeys,
        "hash" | "signature" | "signer" | "chain" | "head" | "certificate" | "scope"
        | "territory" | "seq" | "sequence" | "origin" => Msg::SyRefusedProvenance,
        _ => Msg::SyRefusedOther,
    };
    lang.f(Msg::SyRefused, &[("check", &check), ("detail", &lang.t(m))])
}

/// A roster that cannot be read or planned, as the worker reads it.
pub fn roster(lang: Lang, e: &RosterError) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => roster_words(lang, e).unwrap_or_else(|| e.to_string()),
    }
}

fn roster_words(lang: Lang, e: &RosterError) -> Option<String> {
    Some(match e {
        RosterError::Io { path, cause } => lang.f(
            Msg::IoActRead,
            &[("path", &path.display()), ("cause", &io_cause(lang, cause))],
        ),
        RosterError::Write { path, cause } => lang.f(
            Msg::IoActWrite,
            &[("path", &path.display()), ("cause", &io_cause(lang, cause))],
        ),
        RosterError::Empty => lang.t(Msg::RoEmpty).to_string(),
        RosterError::FileTooLarge { bytes, limit } => {
            lang.f(Msg::RoTooLarge, &[("bytes", bytes), ("limit", limit)])
        }
        RosterError::CellTooLarge {
            row,
            column,
            bytes,
            limit,
        } => lang.f(
            Msg::RoCellTooLarge,
            &[
                ("row", row),
                ("column", column),
                ("bytes", bytes),
                ("limit", limit),
            ],
        ),
        RosterError::TooManyRows { limit } => lang.f(Msg::RoTooManyRows, &[("limit", limit)]),
        RosterError::TooManyCells { limit } => lang.f(Msg::RoTooManyCells, &[("limit", limit)]),
        RosterError::TooMuchText { limit } => lang.f(Msg::RoTooMuchText, &[("limit", limit)]),
        RosterError::ZipBomb { declared, limit } => {
            lang.f(Msg::RoZipBomb, &[("declared", declared), ("limit", limit)])
        }
        RosterError::NotText => lang.t(Msg::RoNotText).to_string(),
        RosterError::NotAWorkbook { extension } => {
            lang.f(Msg::RoNotWorkbook, &[("extension", extension)])
        }
        RosterError::HtmlOrXml => lang.t(Msg::RoHtml).to_string(),
        RosterError::Workbook { detail } => lang.f(Msg::RoWorkbook, &[("detail", detail)]),
        RosterError::SheetNotFound { name, available } => lang.f(
            Msg::RoNoSheet,
            &[("name", name), ("available", &available.join("、"))],
        ),
        RosterError::Csv { detail } => lang.f(Msg::RoCsv, &[("detail", detail)]),
        RosterError::NoNameColumn { searched, seen } => {
            let seen = if seen.is_empty() {
                String::new()
            } else {
                lang.f(Msg::RoSeen, &[("cells", &seen.join("、"))])
            };
            lang.f(
                Msg::RoNoNameColumn,
                &[("searched", searched), ("seen", &seen)],
            )
        }
        RosterError::NoPersons { header_row } => lang.f(Msg::RoNoPersons, &[("row", header_row)]),
    })
}
