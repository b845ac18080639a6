//! Loading what the interface shows: the household rows at once, the lookup index on a
//! background thread (so the first screen never waits for it), and the status-line counters.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::app::App;
use crate::search::{Index, SearchDoc};
use crate::store::lists::{HouseholdDoc, docs_in_chunks};
use crate::store::{Result, Store};

/// Households per chunk of the streamed index build.
const CHUNK: usize = 4096;

/// Starts building the index of the households in `grids` (all when empty) on a background
/// thread with its own database connection.
pub fn spawn_index(path: PathBuf, grids: Vec<String>) -> mpsc::Receiver<Result<Index, String>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(build_index(&path, &grids));
    });
    rx
}

/// Builds the index while the households are read: documents reach the index builder a chunk
/// at a time, in household-id order, so the whole population is never in memory twice.
pub fn build_index(path: &Path, grids: &[String]) -> Result<Index, String> {
    let (tx, rx) = mpsc::sync_channel::<Vec<SearchDoc>>(1);
    let reader = std::thread::spawn({
        let path = path.to_path_buf();
        let grids = grids.to_vec();
        move || {
            docs_in_chunks(&path, CHUNK, |chunk| {
                let docs: Vec<SearchDoc> = chunk
                    .into_iter()
                    .filter(|d| grids.is_empty() || grids.contains(&d.grid))
                    .filter_map(search_doc)
                    .collect();
                tx.send(docs).is_ok()
            })
            .map_err(|e| e.to_string())
        }
    });
    let index = Index::build_chunked(64, rx.into_iter());
    reader
        .join()
        .map_err(|_| "the reader stopped".to_string())??;
    Ok(index)
}

fn search_doc(d: HouseholdDoc) -> Option<SearchDoc> {
    Some(SearchDoc {
        id: d.id?,
        head: d.head,
        members: d.members,
        address: d.address.display(),
        compound: d.address.compound,
        phones: d.phones,
        id_numbers: d.id_numbers,
        tags: d.tags,
    })
}

/// Rebuilds the index after a change (the old one keeps serving meanwhile).
pub fn rebuild_index(app: &mut App, store: &Store) {
    if app.index_job.is_some() {
        app.index_stale = true;
        return;
    }
    app.index_job = Some(spawn_index(
        store.path().to_path_buf(),
        app.config.grids.clone(),
    ));
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
    app.households.row_of = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    app.households.list = super::list::HouseholdList::new(rows);
    app.refresh_list();
    refresh_counters(app, store);
    app.index_job = Some(spawn_index(
        store.path().to_path_buf(),
        app.config.grids.clone(),
    ));
    offer_drafts(app, store)?;
    Ok(())
}

/// Reads the rows again (after an import), keeping the sort, filter and selection.
pub fn reload(app: &mut App, store: &Store) -> Result<()> {
    let rows = store.household_rows()?;
    app.households.row_of = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    app.households.list.rows = rows;
    app.refresh_list();
    refresh_counters(app, store);
    rebuild_index(app, store);
    Ok(())
}

/// Unfinished visit drafts (after a crash or a closed lid) are offered on the first screen.
fn offer_drafts(app: &mut App, store: &Store) -> Result<()> {
    let drafts: Vec<(crate::domain::HouseholdId, String)> = store
        .drafts()?
        .into_iter()
        .map(|d| {
            let address = app
                .households
                .row_of
                .get(&d.household)
                .and_then(|&i| app.households.list.rows.get(i))
                .map(|r| format!("{}  {}", r.address.display(), r.head))
                .unwrap_or_default();
            (
                d.household,
                format!("{}  {address}", d.updated_at.format("%m-%d %H:%M")),
            )
        })
        .collect();
    if !drafts.is_empty() {
        app.overlay = Some(super::app::Overlay::Drafts(drafts, 0));
    }
    Ok(())
}
