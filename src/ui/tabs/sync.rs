//! Tab 5, sync: this device and its peers, gaps, export and import of bundles with the same
//! report as the command line, and the review list (conflicts, possible duplicates, invalid
//! request steps, waiting changes, flagged cases) with a way to settle each.

use std::path::PathBuf;

use serde_json::Value;

use crate::domain::{HouseholdId, MemberId, OpId, VisitId};
use crate::i18n::{Lang, Msg};
use crate::store::Store;
use crate::store::fields::EntityKind;
use crate::store::import_report::ImportReport;
use crate::store::review::{Dismissal, Flag, Review};
use crate::sync::export::{Encryption, ExportOptions, Target, export};
use crate::sync::import::{ImportOptions, import_file};
use crate::sync::status::{SyncStatus, status};
use crate::ui::action::Action;
use crate::ui::cursor::{Cursor, Move};
use crate::ui::cx::Cx;
use crate::ui::effect::{Changed, Effect, Effects, Tab};
use crate::ui::layout;
use crate::ui::overlay::Overlay;
use crate::ui::text::TextInput;

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
    /// Each item's household and person as the worker reads them ("幸福小区3栋101 王芳").
    pub places: Vec<String>,
    /// The households the review is about, as the worker reads them.
    pub addresses: std::collections::HashMap<HouseholdId, String>,
    pub cursor: Cursor,
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
        /// Asked for when the bundle is protected by one.
        passphrase: Option<TextInput>,
        preview: Option<(PathBuf, Box<ImportReport>)>,
        error: Option<String>,
    },
    Settle {
        title: String,
        options: Vec<(String, Settle)>,
        selected: usize,
        /// For a conflict: a value of the worker's own, typed in instead of either.
        typed: Option<TypedValue>,
    },
}

/// A new value for a conflicting field, typed by the worker.
#[derive(Debug, Clone)]
pub struct TypedValue {
    pub entity: uuid::Uuid,
    pub field: String,
    pub input: TextInput,
    /// The option "type a new value" is at this index; the field shows when it is selected.
    pub at: usize,
}

impl Dialog {
    pub fn typing(&self) -> bool {
        match self {
            Dialog::Export { on_path, .. } => *on_path,
            Dialog::Import { preview, .. } => preview.is_none(),
            Dialog::Settle {
                typed, selected, ..
            } => typed.as_ref().is_some_and(|t| t.at == *selected),
        }
    }
}

impl SyncTab {
    pub fn needs_load(&self) -> bool {
        self.status.is_none() || self.stale
    }

    /// Review items listed at once on a screen of `size`.
    pub fn height(&self, size: (u16, u16)) -> usize {
        let (peers, gaps) = self
            .status
            .as_ref()
            .map_or((0, 0), |s| (s.peers.len(), s.gaps.len()));
        layout::sync_review_rows(size, peers, gaps)
    }

    pub fn load(&mut self, cx: &Cx<'_>) -> Effects {
        let store: &Store = cx.store;
        let shown = |e: &(dyn std::error::Error + 'static)| crate::explain::shown(cx.lang, e);
        match status(store)
            .map_err(|e| shown(&e))
            .and_then(|s| store.review().map(|r| (s, r)).map_err(|e| shown(&e)))
        {
            Ok((s, review)) => {
                let mut items: Vec<Item> =
                    (0..review.conflicts.len()).map(Item::Conflict).collect();
                items.extend((0..review.duplicates.len()).map(Item::Duplicate));
                items.extend((0..review.invalid_transitions.len()).map(Item::Invalid));
                items.extend((0..review.flags.len()).map(Item::Flag));
                items.extend((0..review.parked.len()).map(Item::Parked));
                self.addresses = addresses(store, &review);
                self.places = items
                    .iter()
                    .map(|i| place(store, &self.addresses, &review, *i))
                    .collect();
                self.status = Some(s);
                self.review = review;
                self.items = items;
                self.stale = false;
                let height = self.height(cx.size);
                self.cursor.show(self.items.len(), height);
                Effects::none()
            }
            Err(e) => Effects::error(e),
        }
    }
}

/// Every household the review mentions, as the worker reads it: its address and head.
fn addresses(store: &Store, review: &Review) -> std::collections::HashMap<HouseholdId, String> {
    let mut ids: Vec<HouseholdId> = review
        .conflicts
        .iter()
        .filter_map(|c| c.household)
        .collect();
    for d in &review.duplicates {
        ids.extend([d.a, d.b]);
    }
    for f in &review.flags {
        if let Flag::ArchivedWhileEdited { household, .. }
        | Flag::ConcurrentAmendments { household, .. } = f
        {
            ids.push(*household);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            let row = store.household_row(id).ok().flatten()?;
            Some((id, format!("{} {}", row.address.display(), row.head)))
        })
        .collect()
}

/// Which household (and, for a member's field, which person) a review item is about.
fn place(
    store: &Store,
    addresses: &std::collections::HashMap<HouseholdId, String>,
    review: &Review,
    item: Item,
) -> String {
    let address = |id: &HouseholdId| addresses.get(id).cloned().unwrap_or_default();
    match item {
        Item::Conflict(i) => review.conflicts.get(i).map_or_else(String::new, |c| {
            let household = c.household.as_ref().map(address).unwrap_or_default();
            let person = (c.kind == EntityKind::Member)
                .then(|| store.member(MemberId(c.entity)).ok().flatten())
                .flatten()
                .map(|m| m.name);
            match person {
                Some(name) => format!("{household}  {name}"),
                None => household,
            }
        }),
        Item::Duplicate(i) => review.duplicates.get(i).map_or_else(String::new, |d| {
            format!("{} / {}", address(&d.a), address(&d.b))
        }),
        Item::Flag(i) => review.flags.get(i).map_or_else(String::new, |f| match f {
            Flag::ArchivedWhileEdited { household, .. }
            | Flag::ConcurrentAmendments { household, .. } => address(household),
            Flag::SuspectClock { .. } => String::new(),
        }),
        Item::Invalid(_) | Item::Parked(_) => String::new(),
    }
}

/// A stored field's name in the worker's words (电话, not `phone`).
pub fn field_label(lang: Lang, field: &str) -> String {
    lang.field(field)
        .map_or_else(|| field.to_string(), str::to_string)
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

fn settle_dialog(tab: &SyncTab, lang: Lang) -> Option<Dialog> {
    let review = &tab.review;
    let item = *tab.items.get(tab.cursor.selected)?;
    let place = tab
        .places
        .get(tab.cursor.selected)
        .cloned()
        .unwrap_or_default();
    let mut typed = None;
    let (title, options) = match item {
        Item::Conflict(i) => {
            let c = review.conflicts.get(i)?;
            let mut options: Vec<(String, Settle)> = c
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
            // Neither value may be right: the worker can type the one the resident gave.
            let at = options.len();
            options.push((
                lang.t(Msg::SyncTypeValue).to_string(),
                Settle::Dismiss(Dismissal::Flag, String::new()),
            ));
            typed = Some(TypedValue {
                entity: c.entity,
                field: c.field.clone(),
                input: TextInput::default(),
                at,
            });
            (
                format!(
                    "{}  {place}  {}",
                    lang.t(Msg::SyncConflict),
                    field_label(lang, &c.field)
                ),
                options,
            )
        }
        Item::Duplicate(i) => {
            let d = review.duplicates.get(i)?;
            let options = vec![
                (
                    lang.f(Msg::SyncMergeInto, &[("address", &tab_address(tab, d.a))]),
                    Settle::Merge {
                        duplicate: d.b,
                        into: d.a,
                    },
                ),
                (
                    lang.f(Msg::SyncMergeInto, &[("address", &tab_address(tab, d.b))]),
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
            (flag_title(lang, f, &place), options)
        }
        Item::Parked(_) => return None,
    };
    Some(Dialog::Settle {
        title,
        options,
        selected: 0,
        typed,
    })
}

/// A household's address as the tab read it.
fn tab_address(tab: &SyncTab, id: HouseholdId) -> String {
    tab.addresses.get(&id).cloned().unwrap_or_default()
}

pub fn flag_title(lang: Lang, f: &Flag, place: &str) -> String {
    match f {
        Flag::ArchivedWhileEdited { editors, .. } => {
            format!(
                "{}  {place}  {}",
                lang.t(Msg::SyncArchivedEdited),
                editors.join("、")
            )
        }
        Flag::ConcurrentAmendments { .. } => {
            format!("{}  {place}", lang.t(Msg::SyncForked))
        }
        Flag::SuspectClock { label, ops, .. } => {
            format!("{}  {label}  {ops}", lang.t(Msg::SyncSuspectClock))
        }
    }
}

impl SyncTab {
    pub fn update(&mut self, action: Action, cx: &mut Cx<'_>) -> Effects {
        if let Some(m) = Move::of(&action) {
            let height = self.height(cx.size);
            self.cursor.go(m, self.items.len(), height);
            return Effects::none();
        }
        match action {
            Action::Back => Effects::one(Effect::Go(Tab::Households)),
            Action::Search => Effects::one(Effect::Lookup),
            Action::ExportBundle => {
                let targets = export_targets(cx);
                let name = format!(
                    "gridbook-{}-{}.gbx",
                    cx.store.label().replace([' ', '/'], "_"),
                    cx.now.format("%Y%m%d-%H%M")
                );
                let path = std::env::current_dir()
                    .map(|d| d.join(&name))
                    .unwrap_or_else(|_| PathBuf::from(&name));
                Effects::one(Effect::Overlay(Overlay::Sync(Box::new(Dialog::Export {
                    targets,
                    index: 0,
                    path: TextInput::new(&path.display().to_string()),
                    on_path: false,
                }))))
            }
            Action::ImportBundle => {
                Effects::one(Effect::Overlay(Overlay::Sync(Box::new(Dialog::Import {
                    path: TextInput::default(),
                    passphrase: None,
                    preview: None,
                    error: None,
                }))))
            }
            Action::Open | Action::Save => match self.items.get(self.cursor.selected) {
                Some(Item::Parked(_)) => Effects::info(cx.t(Msg::SyncParkedInfo)),
                Some(_) => match settle_dialog(self, cx.lang) {
                    Some(d) => Effects::one(Effect::Overlay(Overlay::Sync(Box::new(d)))),
                    None => Effects::none(),
                },
                None => Effects::none(),
            },
            _ => Effects::none(),
        }
    }

    /// Actions inside a sync dialog: the dialog if it stays open, and what it did.
    pub fn dialog(
        &mut self,
        mut d: Dialog,
        action: Action,
        cx: &mut Cx<'_>,
    ) -> (Option<Dialog>, Effects) {
        if matches!(action, Action::Back | Action::No) {
            return (None, Effects::none());
        }
        // Enter and Ctrl-S mean the same in every dialog: go ahead.
        let go = matches!(action, Action::Open | Action::Save | Action::Yes);
        match &mut d {
            Dialog::Export {
                targets,
                index,
                path,
                on_path,
            } => {
                if go {
                    return match run_export(targets, *index, path, cx) {
                        Ok(fx) => {
                            let mut fx = fx;
                            fx.push(Effect::Changed(Changed::Synced));
                            (None, fx)
                        }
                        Err(e) => (Some(d), Effects::error(e)),
                    };
                }
                match action {
                    // Only Tab moves from the target to the path (and Shift-Tab back), so
                    // arrows never move the focus into the path unnoticed. On the path, Tab
                    // completes it.
                    Action::NextField if *on_path => complete_path(path),
                    Action::NextField => *on_path = true,
                    Action::PrevField => *on_path = false,
                    ref a if *on_path => {
                        path.apply(a);
                    }
                    Action::Left | Action::Up | Action::Right | Action::Down => {
                        let n = targets.len().max(1);
                        *index = if matches!(action, Action::Left | Action::Up) {
                            (*index + n - 1) % n
                        } else {
                            (*index + 1) % n
                        };
                    }
                    Action::Home => *index = 0,
                    Action::End => *index = targets.len().saturating_sub(1),
                    _ => {}
                }
                (Some(d), Effects::none())
            }
            Dialog::Import {
                path,
                passphrase,
                preview,
                error,
            } => {
                if let Some((file, _)) = preview {
                    if !go {
                        return (Some(d), Effects::none());
                    }
                    let opts = ImportOptions {
                        dry_run: false,
                        passphrase: passphrase.as_ref().map(secret),
                        allow_plain: false,
                    };
                    let fx = match import_file(cx.store, file, &opts, &mut |_, _, _| {}) {
                        Ok(report) => {
                            let mut fx = Effects::info(
                                cx.lang.f(Msg::SyncImported, &[("n", &report.new_ops)]),
                            );
                            fx.push(Effect::Changed(Changed::Everything));
                            fx
                        }
                        Err(e) => Effects::error(crate::explain::shown(cx.lang, &e)),
                    };
                    return (None, fx);
                }
                if go {
                    let file = crate::ui::path_input::resolve(path.text());
                    if passphrase.is_none() && crate::sync::crypt::asks_passphrase(&file) {
                        *passphrase = Some(TextInput::default());
                        *error = Some(cx.t(Msg::SyncNeedsPassphrase).to_string());
                        return (Some(d), Effects::none());
                    }
                    let opts = ImportOptions {
                        dry_run: true,
                        passphrase: passphrase.as_ref().map(secret),
                        allow_plain: false,
                    };
                    match import_file(cx.store, &file, &opts, &mut |_, _, _| {}) {
                        Ok(report) if report.already_imported => {
                            let date = report.imported_at.clone().unwrap_or_default();
                            return (
                                None,
                                Effects::info(cx.lang.f(Msg::SyncAlready, &[("date", &date)])),
                            );
                        }
                        Ok(report) => *preview = Some((file, Box::new(report))),
                        Err(e) => *error = Some(crate::explain::shown(cx.lang, &e)),
                    }
                    return (Some(d), Effects::none());
                }
                // Once a passphrase is asked for, keys go to it (the path is settled).
                match (&action, passphrase.as_mut()) {
                    (Action::NextField, None) => complete_path(path),
                    (a, Some(p)) => {
                        p.apply(a);
                    }
                    (a, None) => {
                        path.apply(a);
                    }
                }
                (Some(d), Effects::none())
            }
            Dialog::Settle {
                options,
                selected,
                typed,
                ..
            } => {
                let on_typed = typed.as_ref().is_some_and(|t| t.at == *selected);
                if go {
                    let choice = if on_typed {
                        let t = typed.as_ref().expect("on the typed option");
                        let text = t.input.text().trim();
                        if text.is_empty() {
                            return (Some(d), Effects::error(cx.t(Msg::SyncTypeValueEmpty)));
                        }
                        // Tags are a list: typed as 低保户、独居老人 (or with commas).
                        let value = if t.field == "tags" {
                            Value::Array(
                                text.split(['、', ',', '，', ' '])
                                    .filter(|x| !x.is_empty())
                                    .map(|x| Value::String(x.to_string()))
                                    .collect(),
                            )
                        } else {
                            Value::String(text.to_string())
                        };
                        Settle::Keep {
                            entity: t.entity,
                            field: t.field.clone(),
                            value,
                        }
                    } else {
                        match options.get(*selected) {
                            Some((_, c)) => c.clone(),
                            None => return (Some(d), Effects::none()),
                        }
                    };
                    return (None, settle(cx, choice));
                }
                match action {
                    Action::Up | Action::Down | Action::Home | Action::End => {
                        let mut c = Cursor {
                            selected: *selected,
                            offset: 0,
                        };
                        if let Some(m) = Move::of(&action) {
                            c.go(m, options.len(), options.len());
                        }
                        *selected = c.selected;
                    }
                    other if on_typed => {
                        if let Some(t) = typed.as_mut() {
                            t.input.apply(&other);
                        }
                    }
                    _ => {}
                }
                (Some(d), Effects::none())
            }
        }
    }
}

/// Where an export can go: everything, or any device this one knows (its peers and the
/// team's devices).
fn export_targets(cx: &Cx<'_>) -> Vec<(String, Option<String>)> {
    let mut targets = vec![(cx.t(Msg::SyncExportFull).to_string(), None)];
    let me = cx.store.device().to_string();
    if let Ok(devices) = cx.store.devices() {
        targets.extend(
            devices
                .into_iter()
                .filter(|d| d.id != me)
                .map(|d| (d.label, Some(d.id))),
        );
    }
    targets
}

fn run_export(
    targets: &[(String, Option<String>)],
    index: usize,
    path: &TextInput,
    cx: &mut Cx<'_>,
) -> Result<Effects, String> {
    let target = match targets.get(index).and_then(|(_, device)| device.clone()) {
        Some(device) => Target::Peer(device),
        None => Target::Full,
    };
    let opts = ExportOptions {
        out: crate::ui::path_input::resolve(path.text()),
        target,
        encryption: Encryption::Team,
        config_recipients: cx.config.sync.recipients.clone(),
        scopes: cx.config.grids.clone(),
    };
    match export(cx.store, &opts, &mut |_, _| {}) {
        Ok(summary) => Ok(Effects::info(cx.lang.f(
            Msg::SyncExported,
            &[("n", &summary.op_count), ("path", &summary.path.display())],
        ))),
        Err(e) => Err(crate::explain::shown(cx.lang, &e)),
    }
}

fn complete_path(path: &mut TextInput) {
    if let Some(done) = crate::ui::path_input::complete(path.text()) {
        *path = TextInput::new(&done);
    }
}

fn secret(p: &TextInput) -> age::secrecy::SecretString {
    age::secrecy::SecretString::from(p.text().to_string())
}

fn settle(cx: &mut Cx<'_>, choice: Settle) -> Effects {
    let reason = cx.t(Msg::SyncKeptReason).to_string();
    let result = match choice {
        Settle::Keep {
            entity,
            field,
            value,
        } => cx
            .store
            .write(|w| w.resolve_conflict(entity, &field, value))
            .map(|_| ()),
        Settle::Merge { duplicate, into } => cx
            .store
            .write(|w| w.merge_households(duplicate, into))
            .map(|_| ()),
        Settle::KeepVersion { visit, keep } => cx
            .store
            .write(|w| w.resolve_visit_fork(visit, keep, &reason))
            .map(|_| ()),
        Settle::Dismiss(what, key) => cx.store.dismiss(what, &key),
    };
    match result {
        Ok(()) => {
            let mut fx = Effects::info(cx.t(Msg::SyncSettled));
            // A merge or a kept value changes households, the route and the figures.
            fx.push(Effect::Changed(Changed::Everything));
            fx
        }
        Err(e) => Effects::error(cx.store_error(&e)),
    }
}
