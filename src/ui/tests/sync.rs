//! The sync tab driven by actions: export from one device, import on another with a preview,
//! and a conflict settled from the review list.

#![allow(clippy::unwrap_used)]

use super::support::*;
use crate::i18n::Lang;
use crate::oplog::cert::Role;
use crate::store::households::HouseholdField;
use crate::ui::action::Action;
use crate::ui::app::{App, Overlay, Tab};
use crate::ui::tabs::sync::{Dialog, Item};

/// Exports everything from `app`'s database to `path` through the tab's dialog.
fn export_via_tab(app: &mut App, store: &mut crate::store::Store, path: &std::path::Path) {
    press(app, store, &[Action::TabSync, Action::ExportBundle]);
    assert!(matches!(app.overlay, Some(Overlay::Sync(_))));
    press(app, store, &[Action::NextField]);
    for _ in 0..300 {
        press(app, store, &[Action::Backspace]);
    }
    press(app, store, &typed(path.to_str().unwrap()));
    press(app, store, &[Action::Save]);
    assert!(app.overlay.is_none(), "{:?}", app.status);
    assert!(path.exists());
}

/// Imports `path` through the tab's dialog: a preview first, then the import.
fn import_via_tab(app: &mut App, store: &mut crate::store::Store, path: &std::path::Path) {
    press(app, store, &[Action::TabSync, Action::ImportBundle]);
    press(app, store, &typed(path.to_str().unwrap()));
    press(app, store, &[Action::Open]);
    let Some(Overlay::Sync(d)) = &app.overlay else {
        panic!("closed: {:?}", app.status)
    };
    let Dialog::Import { preview, error, .. } = &**d else {
        panic!("not the import dialog")
    };
    assert!(preview.is_some(), "{error:?}");
    press(app, store, &[Action::Yes]);
    assert!(app.overlay.is_none());
}

#[test]
fn a_bundle_goes_from_one_device_to_another_and_a_conflict_is_settled() {
    let a_env = Env::new();
    let b_env = Env::new();
    let mut a = demo_store(&a_env, 20);
    let mut b = b_env.open();
    // Both in one team: the worker's exports are encrypted to the office's certified key.
    team::join_team(&mut a, "worker", Role::Worker, &["第一网格", "第二网格"]);
    // The office's certificate reaches the worker the way `team join` brings it.
    let office_cert = team::join_team(&mut b, "office", Role::Office, &[]);
    a.write(|w| w.certify(&office_cert)).unwrap();
    let mut app_a = app_for(&mut a, Lang::Zh, (100, 30));
    let mut app_b = app_for(&mut b, Lang::Zh, (100, 30));
    assert!(app_a.unsynced > 0);

    let bundle = a_env.path("to-office.gbx");
    export_via_tab(&mut app_a, &mut a, &bundle);
    assert_eq!(app_a.unsynced, 0, "an export clears the unsynced count");
    import_via_tab(&mut app_b, &mut b, &bundle);
    assert_eq!(app_b.households.list.rows.len(), 20);
    assert_eq!(b.counts().unwrap(), {
        let mut c = a.counts().unwrap();
        c.ops = b.counts().unwrap().ops;
        c
    });
    // Importing it again: nothing to do.
    press(&mut app_b, &mut b, &[Action::ImportBundle]);
    press(&mut app_b, &mut b, &typed(bundle.to_str().unwrap()));
    press(&mut app_b, &mut b, &[Action::Open]);
    assert!(app_b.overlay.is_none());

    // Both edit the same note; after exchanging both ways there is a conflict on each side.
    let household = app_a.households.list.rows[0].id;
    a.write(|w| w.set_household(household, HouseholdField::Note("门口有狗".into())))
        .unwrap();
    b.write(|w| w.set_household(household, HouseholdField::Note("电话先联系".into())))
        .unwrap();
    let a2 = a_env.path("a2.gbx");
    let b2 = b_env.path("b2.gbx");
    export_via_tab(&mut app_a, &mut a, &a2);
    export_via_tab(&mut app_b, &mut b, &b2);
    import_via_tab(&mut app_b, &mut b, &a2);
    import_via_tab(&mut app_a, &mut a, &b2);
    assert_eq!(app_b.tab, Tab::Sync);
    let conflict = app_b
        .sync
        .items
        .iter()
        .position(|i| matches!(i, Item::Conflict(_)))
        .expect("a conflict to review");
    app_b.sync.cursor.selected = conflict;
    press(&mut app_b, &mut b, &[Action::Open]);
    let Some(Overlay::Sync(d)) = &app_b.overlay else {
        panic!("no settle dialog")
    };
    let Dialog::Settle { options, .. } = &**d else {
        panic!("not a settle dialog")
    };
    // Both values, and typing a new one.
    assert_eq!(options.len(), 3);
    assert_eq!(options[2].0, "输入新的值");
    let keep = options[1].0.clone();
    press(&mut app_b, &mut b, &[Action::Down, Action::Open]);
    assert!(
        app_b
            .sync
            .items
            .iter()
            .all(|i| !matches!(i, Item::Conflict(_))),
        "{:?}",
        app_b.sync.items
    );
    let note = b.household(household).unwrap().unwrap().note;
    assert!(keep.contains(&note), "{keep} kept, note is {note}");
    // The resolution travels back and closes the conflict on A too.
    let b3 = b_env.path("b3.gbx");
    export_via_tab(&mut app_b, &mut b, &b3);
    import_via_tab(&mut app_a, &mut a, &b3);
    assert!(
        app_a
            .sync
            .items
            .iter()
            .all(|i| !matches!(i, Item::Conflict(_)))
    );
    assert_eq!(a.household(household).unwrap().unwrap().note, note);
    assert!(a.check(&mut |_, _| {}).unwrap().is_ok());
    assert!(b.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn a_damaged_bundle_is_refused_in_the_dialog() {
    let env = Env::new();
    let mut store = demo_store(&env, 5);
    let mut app = app_for(&mut store, Lang::En, (100, 30));
    let junk = env.path("junk.gbx");
    std::fs::write(&junk, b"this is not a bundle").unwrap();
    let before = store.op_count().unwrap();
    press(
        &mut app,
        &mut store,
        &[Action::TabSync, Action::ImportBundle],
    );
    press(&mut app, &mut store, &typed(junk.to_str().unwrap()));
    press(&mut app, &mut store, &[Action::Open]);
    let Some(Overlay::Sync(d)) = &app.overlay else {
        panic!("closed")
    };
    let Dialog::Import { error, preview, .. } = &**d else {
        panic!("not the import dialog")
    };
    assert!(preview.is_none());
    assert!(
        error.as_deref().unwrap_or("").contains("refused"),
        "{error:?}"
    );
    assert_eq!(store.op_count().unwrap(), before);
}

/// The settle dialog as it stands, or a panic saying what is open instead.
fn settle_options(app: &App) -> Vec<String> {
    let Some(Overlay::Sync(d)) = &app.overlay else {
        panic!("no dialog: {:?}", app.status)
    };
    let Dialog::Settle { options, .. } = &**d else {
        panic!("not a settle dialog")
    };
    options.iter().map(|(l, _)| l.clone()).collect()
}

/// The sync tab in the worker's words: every known device to export to, review rows naming the
/// household and the field (备注, not `note`), a conflict settled with a value typed in, and a
/// passphrase asked for when a bundle has one.
#[test]
fn the_sync_tab_names_what_it_shows_and_asks_what_it_needs() {
    let a_env = Env::new();
    let b_env = Env::new();
    let mut a = demo_store(&a_env, 10);
    let mut b = b_env.open();
    team::join_team(&mut a, "worker", Role::Worker, &["第一网格", "第二网格"]);
    let office_cert = team::join_team(&mut b, "office", Role::Office, &[]);
    a.write(|w| w.certify(&office_cert)).unwrap();
    let mut app_a = app_for(&mut a, Lang::Zh, (120, 40));
    let mut app_b = app_for(&mut b, Lang::Zh, (120, 40));
    let first = a_env.path("first.gbx");
    export_via_tab(&mut app_a, &mut a, &first);
    import_via_tab(&mut app_b, &mut b, &first);
    let household = app_a.households.list.rows[0].id;
    let address = app_a.households.list.rows[0].address.display();
    a.write(|w| w.set_household(household, HouseholdField::Note("门口有狗".into())))
        .unwrap();
    b.write(|w| w.set_household(household, HouseholdField::Note("电话先联系".into())))
        .unwrap();
    let (a2, b2) = (a_env.path("a2.gbx"), b_env.path("b2.gbx"));
    export_via_tab(&mut app_a, &mut a, &a2);
    export_via_tab(&mut app_b, &mut b, &b2);
    import_via_tab(&mut app_b, &mut b, &a2);
    // The review row says where and which field, in the worker's words.
    let shown = screen(&app_b);
    let row = shown
        .lines()
        .find(|l| l.contains("门口有狗"))
        .unwrap_or_else(|| panic!("no conflict row: {shown}"));
    assert!(row.contains(&address) && row.contains("备注"), "{row}");
    assert!(!row.contains("note"), "{row}");
    // Settle it with a value neither side had: the one the resident gave.
    let conflict = app_b
        .sync
        .items
        .iter()
        .position(|i| matches!(i, Item::Conflict(_)))
        .unwrap();
    app_b.sync.cursor.selected = conflict;
    press(&mut app_b, &mut b, &[Action::Open]);
    let options = settle_options(&app_b);
    press(&mut app_b, &mut b, &vec![Action::Down; options.len() - 1]);
    assert!(app_b.typing(), "the typed option takes text");
    press(&mut app_b, &mut b, &[Action::Save]);
    assert!(app_b.overlay.is_some(), "an empty value is refused");
    press(&mut app_b, &mut b, &typed("先打电话再上门"));
    press(&mut app_b, &mut b, &[Action::Open]);
    assert!(app_b.overlay.is_none(), "{:?}", app_b.status);
    assert_eq!(
        b.household(household).unwrap().unwrap().note,
        "先打电话再上门"
    );
    // X offers every device this one knows, the worker's laptop among them.
    press(&mut app_b, &mut b, &[Action::ExportBundle]);
    let Some(Overlay::Sync(d)) = &app_b.overlay else {
        panic!("no export dialog")
    };
    let Dialog::Export { targets, .. } = &**d else {
        panic!("not the export dialog")
    };
    let a_device = a.device().to_string();
    assert!(
        targets
            .iter()
            .any(|(_, d)| d.as_deref() == Some(a_device.as_str())),
        "{targets:?}"
    );
    // Arrows choose the target; they never move into the path.
    press(
        &mut app_b,
        &mut b,
        &[Action::Down, Action::Up, Action::Down],
    );
    assert!(!app_b.typing(), "still on the target");
    press(&mut app_b, &mut b, &[Action::Back]);
    // A passphrase bundle: the dialog asks for the passphrase, then previews and imports.
    let secret = a_env.path("secret.gbx");
    crate::sync::export::export(
        &mut a,
        &crate::sync::export::ExportOptions {
            out: secret.clone(),
            target: crate::sync::export::Target::Full,
            encryption: crate::sync::export::Encryption::Passphrase(
                age::secrecy::SecretString::from("红色议事驿站".to_string()),
            ),
            config_recipients: Vec::new(),
            scopes: Vec::new(),
        },
        &mut |_, _| {},
    )
    .unwrap();
    press(&mut app_b, &mut b, &[Action::ImportBundle]);
    press(
        &mut app_b,
        &mut b,
        &typed(&format!("'{}'", secret.display())),
    );
    press(&mut app_b, &mut b, &[Action::Open]);
    let asked = |app: &App| match &app.overlay {
        Some(Overlay::Sync(d)) => match &**d {
            Dialog::Import {
                passphrase,
                preview,
                error,
                ..
            } => (passphrase.is_some(), preview.is_some(), error.clone()),
            _ => panic!("not the import dialog"),
        },
        _ => panic!("closed: {:?}", app.status),
    };
    let (passphrase, preview, error) = asked(&app_b);
    assert!(passphrase && !preview, "{error:?}");
    assert!(error.unwrap_or_default().contains("口令"));
    assert!(!screen(&app_b).contains("红色"), "nothing typed yet");
    press(&mut app_b, &mut b, &typed("红色议事驿站"));
    assert!(
        !screen(&app_b).contains("红色议事驿站"),
        "the passphrase never shows"
    );
    press(&mut app_b, &mut b, &[Action::Open]);
    let (_, preview, error) = asked(&app_b);
    assert!(preview, "{error:?}");
    press(&mut app_b, &mut b, &[Action::Save]);
    assert!(app_b.overlay.is_none(), "{:?}", app_b.status);
    assert!(b.check(&mut |_, _| {}).unwrap().is_ok());
}
