//! Tab 5, sync: this device and its peers, gaps, export and import of bundles with the same
//! report as the command line, and the review list (conflicts, possible duplicates, invalid
//! request steps, waiting changes, flagged cases) with a way to settle each.

use std::path::PathBuf;

use serde_json::Value;

use super::action::Action;
use super::app::{App, Overlay, Tab};
use super::list::HouseholdList;
use super::text::TextInput;
use crate::domain::{HouseholdId, OpId, VisitId};
use crate::i18n::Msg;
use crate::store::Store;
use crate::store::import_report::ImportReport;
use crate::store::review::{Dismissal, Flag, Review};
use crate::sync::export::{Encryption, ExportOptions, Target, export};
use crate::sync::import::{ImportOptions, import_file};
use crate::sync::status::{SyncStatus, status};

/// One line of the review list: which kind, and its index in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Conflict(usize),
    Duplicate(usize),
    Invalid(usize),
    Parked(usize),
    Flag(usize),
}

#[derive(Debug, Clone, Default)]
pub struct SyncTab {
    pub status: Option<SyncStatus>,
    pub review: Review,
    pub items: Vec<Item>,
    pub selected: usize,
    pub stale: bool,
}

/// What settling a review item does.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle {
    Keep {
        entity: uuid::Uuid,
        field: String,
        value: Value,
    },
    Merge {
        duplicate: HouseholdId,
        into: HouseholdId,
    },
    Dismiss(Dismissal, String),
    KeepVersion {
        visit: VisitId,
        keep: OpId,
    },
}

/// The dialogs of the sync tab.
#[derive(Debug, Clone)]
pub enum Dialog {
    Export {
        targets: Vec<(String, Option<String>)>,
        index: usize,
        path: TextInput,
        on_path: bool,
    },
    Import {
        path: TextInput,
        preview: Option<(PathBuf, Box<ImportReport>)>,
        error: Option<String>,
    },
    Settle {
        title: String,
        options: Vec<(String, Settle)>,
        selected: usize,
    },
}

impl Dialog {
    pub fn typing(&self) -> bool {
        match self {
            Dialog::Export { on_path, .. } => *on_path,
            Dialog::Import { preview, .. } => preview.is_none(),
            Dialog::Settle { .. } => false,
        }
    }
}

pub fn load(app: &mut App, store: &Store) {
    match status(store)
        .map_err(|e| e.to_string())
        .and_then(|s| store.review().map(|r| (s, r)).map_err(|e| e.to_string()))
    {
        Ok((s, review)) => {
            let mut items: Vec<Item> = (0..review.conflicts.len()).map(Item::Conflict).collect();
            items.extend((0..review.duplicates.len()).map(Item::Duplicate));
            items.extend((0..review.invalid_transitions.len()).map(Item::Invalid));
            items.extend((0..review.flags.len()).map(Item::Flag));
            items.extend((0..review.parked.len()).map(Item::Parked));
            app.sync.selected = app.sync.selected.min(items.len().saturating_sub(1));
            app.sync.status = Some(s);
            app.sync.review = review;
            app.sync.items = items;
            app.sync.stale = false;
        }
        Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
    }
}

fn address(app: &App, id: Option<HouseholdId>) -> String {
    id.and_then(|h| app.row_of.get(&h))
        .and_then(|&i| app.list.rows.get(i))
        .map(|r| format!("{} {}", r.address.display(), r.head))
        .unwrap_or_default()
}

/// A value as the worker reads it.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        Value::Array(items) => items.iter().map(show_value).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

fn settle_dialog(app: &App) -> Option<Dialog> {
    let lang = app.lang;
    let review = &app.sync.review;
    let item = *app.sync.items.get(app.sync.selected)?;
    let (title, options) = match item {
        Item::Conflict(i) => {
            let c = review.conflicts.get(i)?;
            let options = c
                .heads
                .iter()
                .map(|h| {
                    let label = lang.f(
                        Msg::SyncKeepValue,
                        &[
                            ("value", &show_value(&h.value)),
                            ("author", &h.author),
                            ("at", &h.at.format("%Y-%m-%d %H:%M")),
                        ],
                    );
                    (
                        label,
                        Settle::Keep {
                            entity: c.entity,
                            field: c.field.clone(),
                            value: h.value.clone(),
                        },
                    )
                })
                .collect();
            (
                format!(
                    "{}  {}  {}",
                    lang.t(Msg::SyncConflict),
                    address(app, c.household),
                    c.field
                ),
                options,
            )
        }
        Item::Duplicate(i) => {
            let d = review.duplicates.get(i)?;
            let options = vec![
                (
                    lang.f(Msg::SyncMergeInto, &[("address", &address(app, Some(d.a)))]),
                    Settle::Merge {
                        duplicate: d.b,
                        into: d.a,
                    },
                ),
                (
                    lang.f(Msg::SyncMergeInto, &[("address", &address(app, Some(d.b)))]),
                    Settle::Merge {
                        duplicate: d.a,
                        into: d.b,
                    },
                ),
                (
                    lang.t(Msg::SyncNotDuplicate).to_string(),
                    Settle::Dismiss(Dismissal::Duplicate, d.key()),
                ),
            ];
            (lang.t(Msg::SyncDuplicate).to_string(), options)
        }
        Item::Invalid(i) => {
            let t = review.invalid_transitions.get(i)?;
            (
                format!("{}  {}", lang.t(Msg::SyncInvalid), t.summary),
                vec![(
                    lang.t(Msg::SyncDismiss).to_string(),
                    Settle::Dismiss(Dismissal::InvalidTransition, t.op.to_string()),
                )],
            )
        }
        Item::Flag(i) => {
            let f = review.flags.get(i)?;
            let mut options = Vec::new();
            if let Flag::ConcurrentAmendments { visit, heads, .. } = f {
                for h in heads {
                    let label = lang.f(
                        Msg::SyncKeepVersion,
                        &[
                            ("author", &h.author),
                            ("at", &h.at.format("%Y-%m-%d %H:%M")),
                        ],
                    );
                    options.push((
                        label,
                        Settle::KeepVersion {
                            visit: *visit,
                            keep: h.op,
                        },
                    ));
                }
            }
            options.push((
                lang.t(Msg::SyncDismiss).to_string(),
                Settle::Dismiss(Dismissal::Flag, f.key()),
            ));
            (flag_title(app, f), options)
        }
        Item::Parked(_) => return None,
    };
    Some(Dialog::Settle {
        title,
        options,
        selected: 0,
    })
}

pub fn flag_title(app: &App, f: &Flag) -> String {
    match f {
        Flag::ArchivedWhileEdited {
            household, editors, ..
        } => {
            format!(
                "{}  {}  {}",
                app.t(Msg::SyncArchivedEdited),
                address(app, Some(*household)),
                editors.join("、")
            )
        }
        Flag::ConcurrentAmendments { household, .. } => {
            format!(
                "{}  {}",
                app.t(Msg::SyncForked),
                address(app, Some(*household))
            )
        }
        Flag::SuspectClock { label, ops, .. } => {
            format!("{}  {label}  {ops}", app.t(Msg::SyncSuspectClock))
        }
    }
}

pub fn update(app: &mut App, action: Action, store: &mut Store) {
    let len = app.sync.items.len();
    match action {
        Action::Up => HouseholdList::move_by(&mut app.sync.selected, len, -1),
        Action::Down => HouseholdList::move_by(&mut app.sync.selected, len, 1),
        Action::Home => app.sync.selected = 0,
        Action::End => app.sync.selected = len.saturating_sub(1),
        Action::Back => app.tab = Tab::Households,
        Action::ExportBundle => {
            let mut targets = vec![(app.t(Msg::SyncExportFull).to_string(), None)];
            if let Some(s) = &app.sync.status {
                targets.extend(
                    s.peers
                        .iter()
                        .map(|p| (p.label.clone(), Some(p.device.clone()))),
                );
            }
            let name = format!(
                "gridbook-{}-{}.gbx",
                store.label().replace([' ', '/'], "_"),
                app.now.format("%Y%m%d-%H%M")
            );
            let path = std::env::current_dir()
                .map(|d| d.join(&name))
                .unwrap_or_else(|_| PathBuf::from(&name));
            app.overlay = Some(Overlay::Sync(Box::new(Dialog::Export {
                targets,
                index: 0,
                path: TextInput::new(&path.display().to_string()),
                on_path: false,
            })));
        }
        Action::ImportBundle => {
            app.overlay = Some(Overlay::Sync(Box::new(Dialog::Import {
                path: TextInput::default(),
                preview: None,
                error: None,
            })));
        }
        Action::Open => match app.sync.items.get(app.sync.selected) {
            Some(Item::Parked(_)) => app.info(app.t(Msg::SyncParkedInfo)),
            Some(_) => {
                if let Some(d) = settle_dialog(app) {
                    app.overlay = Some(Overlay::Sync(Box::new(d)));
                }
            }
            None => {}
        },
        _ => {}
    }
}

/// Actions inside a sync dialog. Returns the dialog if it stays open.
pub fn dialog(app: &mut App, mut d: Dialog, action: Action, store: &mut Store) -> Option<Dialog> {
    let act = action.clone();
    match (&mut d, action) {
        (_, Action::Back | Action::No) => return None,
        (
            Dialog::Export {
                on_path: true,
                path,
                ..
            },
            Action::Type(t),
        ) => path.insert_str(&t),
        (
            Dialog::Export {
                on_path: true,
                path,
                ..
            },
            Action::Backspace,
        ) => path.backspace(),
        (
            Dialog::Export {
                on_path: true,
                path,
                ..
            },
            Action::Left,
        ) => path.left(),
        (
            Dialog::Export {
                on_path: true,
                path,
                ..
            },
            Action::Right,
        ) => path.right(),
        (
            Dialog::Export {
                on_path: false,
                targets,
                index,
                ..
            },
            Action::Left | Action::Right,
        ) => {
            let n = targets.len().max(1);
            *index = if act == Action::Left {
                (*index + n - 1) % n
            } else {
                (*index + 1) % n
            };
        }
        (
            Dialog::Export { on_path, .. },
            Action::NextField | Action::PrevField | Action::Up | Action::Down,
        ) => *on_path = !*on_path,
        (
            Dialog::Export {
                targets,
                index,
                path,
                ..
            },
            Action::Save | Action::Open,
        ) => {
            let target = match targets.get(*index).and_then(|(_, device)| device.clone()) {
                Some(device) => Target::Peer(device),
                None => Target::Full,
            };
            let opts = ExportOptions {
                out: PathBuf::from(path.text().trim()),
                target,
                encryption: Encryption::Team,
                config_recipients: app.config.sync.recipients.clone(),
                scopes: app.config.grids.clone(),
            };
            match export(store, &opts, &mut |_, _| {}) {
                Ok(summary) => {
                    app.info(app.lang.f(
                        Msg::SyncExported,
                        &[("n", &summary.op_count), ("path", &summary.path.display())],
                    ));
                    super::data::refresh_counters(app, store);
                    load(app, store);
                    return None;
                }
                Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
            }
        }
        (
            Dialog::Import {
                path,
                preview: None,
                ..
            },
            Action::Type(t),
        ) => path.insert_str(&t),
        (
            Dialog::Import {
                path,
                preview: None,
                ..
            },
            Action::Backspace,
        ) => path.backspace(),
        (
            Dialog::Import {
                path,
                preview: None,
                ..
            },
            Action::Left,
        ) => path.left(),
        (
            Dialog::Import {
                path,
                preview: None,
                ..
            },
            Action::Right,
        ) => path.right(),
        (
            Dialog::Import {
                path,
                preview: preview @ None,
                error,
            },
            Action::Open,
        ) => {
            let file = PathBuf::from(path.text().trim());
            let opts = ImportOptions {
                dry_run: true,
                passphrase: None,
                allow_plain: false,
            };
            match import_file(store, &file, &opts, &mut |_, _, _| {}) {
                Ok(report) if report.already_imported => {
                    let date = report.imported_at.clone().unwrap_or_default();
                    app.info(app.lang.f(Msg::SyncAlready, &[("date", &date)]));
                    return None;
                }
                Ok(report) => *preview = Some((file, Box::new(report))),
                Err(e) => *error = Some(e.to_string()),
            }
        }
        (
            Dialog::Import {
                preview: Some((file, _)),
                ..
            },
            Action::Yes | Action::Open,
        ) => {
            let opts = ImportOptions {
                dry_run: false,
                passphrase: None,
                allow_plain: false,
            };
            match import_file(store, file, &opts, &mut |_, _, _| {}) {
                Ok(report) => {
                    app.info(app.lang.f(Msg::SyncImported, &[("n", &report.new_ops)]));
                    if let Err(e) = super::data::reload(app, store) {
                        app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)]));
                    }
                    app.due.stale = true;
                    app.board.stale = true;
                    app.figures.stale = true;
                    load(app, store);
                }
                Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
            }
            return None;
        }
        (
            Dialog::Settle {
                options, selected, ..
            },
            Action::Up | Action::Down,
        ) => {
            let delta = if act == Action::Up { -1 } else { 1 };
            HouseholdList::move_by(selected, options.len(), delta);
        }
        (
            Dialog::Settle {
                options, selected, ..
            },
            Action::Open | Action::Yes,
        ) => {
            let (_, choice) = options.get(*selected).cloned()?;
            settle(app, store, choice);
            return None;
        }
        _ => {}
    }
    Some(d)
}

fn settle(app: &mut App, store: &mut Store, choice: Settle) {
    let reason = app.t(Msg::SyncKeptReason).to_string();
    let result = match choice {
        Settle::Keep {
            entity,
            field,
            value,
        } => store
            .write(|w| w.resolve_conflict(entity, &field, value))
            .map(|_| ()),
        Settle::Merge { duplicate, into } => store
            .write(|w| w.merge_households(duplicate, into))
            .map(|_| ()),
        Settle::KeepVersion { visit, keep } => store
            .write(|w| w.resolve_visit_fork(visit, keep, &reason))
            .map(|_| ()),
        Settle::Dismiss(what, key) => store.dismiss(what, &key),
    };
    match result {
        Ok(()) => {
            app.info(app.t(Msg::SyncSettled));
            if let Err(e) = super::data::reload(app, store) {
                app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)]));
            }
            load(app, store);
        }
        Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
    }
}
