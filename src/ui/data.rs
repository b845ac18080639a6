//! Loading what the interface shows: the household rows at once, the lookup index on a
//! background thread (so the first screen never waits for it), and the status-line counters.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;

use super::app::App;
use crate::domain::HouseholdId;
use crate::search::{Index, SearchDoc};
use crate::store::lists::{HouseholdRow, load_people};
use crate::store::{Result, Store};

/// The rows the index covers: the worker's grids, households not moved away.
fn indexed_rows(app: &App) -> Vec<HouseholdRow> {
    app.list
        .rows
        .iter()
        .filter(|r| {
            !r.archived && (app.config.grids.is_empty() || app.config.grids.contains(&r.grid))
        })
        .cloned()
        .collect()
}

/// Starts building the index from `rows` and the people read on a separate connection.
pub fn spawn_index(
    path: PathBuf,
    rows: Vec<HouseholdRow>,
) -> mpsc::Receiver<Result<Index, String>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let built = load_people(&path)
            .map_err(|e| e.to_string())
            .map(|people| build_index(rows, people));
        let _ = tx.send(built);
    });
    rx
}

/// Documents in row order: each row's address and tags with its people's names and numbers.
pub fn build_index(rows: Vec<HouseholdRow>, people: Vec<crate::store::lists::People>) -> Index {
    let mut by_household: HashMap<HouseholdId, crate::store::lists::People> = people
        .into_iter()
        .filter_map(|p| p.household.map(|h| (h, p)))
        .collect();
    let docs = rows
        .into_iter()
        .map(|r| {
            let p = by_household.remove(&r.id).unwrap_or_default();
            SearchDoc {
                id: r.id,
                head: if p.head.is_empty() {
                    r.head.clone()
                } else {
                    p.head
                },
                members: p.members,
                address: r.address.display(),
                compound: r.address.compound.clone(),
                phones: p.phones,
                id_numbers: p.id_numbers,
                tags: r.tags.iter().map(|t| t.as_str().to_string()).collect(),
            }
        })
        .collect();
    Index::build(docs)
}

/// Rebuilds the index after a change (the old one keeps serving meanwhile).
pub fn rebuild_index(app: &mut App, store: &Store) {
    if app.index_job.is_some() {
        app.index_stale = true;
        return;
    }
    let rows = indexed_rows(app);
    app.index_job = Some(spawn_index(store.path().to_path_buf(), rows));
}

pub fn refresh_counters(app: &mut App, store: &Store) {
    if let Ok(n) = store.unsynced_count() {
        app.unsynced = n;
    }
    if let Ok(n) = store.overdue_request_count(app.today(), &app.config.grids) {
        app.overdue = n;
    }
}

/// Reads the rows and counters and starts the index: everything the first screen needs.
pub fn load(app: &mut App, store: &Store) -> Result<()> {
    let rows = store.household_rows()?;
    app.row_of = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    app.list = super::list::HouseholdList::new(rows);
    super::update::refresh_list(app);
    refresh_counters(app, store);
    let rows = indexed_rows(app);
    app.index_job = Some(spawn_index(store.path().to_path_buf(), rows));
    Ok(())
}
