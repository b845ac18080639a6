//! What the sync tab shows at a glance: each peer with its last import and export and how many
//! changes it lacks, the gaps in what this device holds, and how much waits for review.
//!
//! The tab's actions are [`super::export::export`] and [`super::import::import_file`] (both
//! return what the CLI prints), [`crate::store::Store::review`] for the "to review" list, and
//! the writes that settle review items: [`crate::store::Writer::resolve_conflict`],
//! [`crate::store::Writer::merge_households`], [`crate::store::Writer::resolve_visit_fork`] and
//! [`crate::store::Store::dismiss`].

use chrono::NaiveDateTime;

use crate::store::import_report::Gap;
use crate::store::{Result, Store};

/// One peer as the sync tab lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerStatus {
    pub device: String,
    pub label: String,
    pub last_import: Option<NaiveDateTime>,
    pub last_export: Option<NaiveDateTime>,
    /// Changes this device holds that the peer lacks (as of the last bundle it sent).
    pub unsynced: u64,
    /// The grids the peer asked for (empty: all).
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub device: String,
    pub label: String,
    pub ops: u64,
    pub peers: Vec<PeerStatus>,
    pub gaps: Vec<Gap>,
    /// Items in the review list.
    pub to_review: usize,
}

pub fn status(store: &Store) -> Result<SyncStatus> {
    let own = store.device().to_string();
    let mut peers = Vec::new();
    for p in store.peers()? {
        if p.device == own {
            continue;
        }
        peers.push(PeerStatus {
            unsynced: store.unsynced_for(&p)?,
            last_import: p.last_in_at.map(|ms| store.local_from_ms(ms)),
            last_export: p.last_out_at.map(|ms| store.local_from_ms(ms)),
            device: p.device,
            label: p.label,
            scopes: p.scopes,
        });
    }
    let labels = store.devices()?;
    let gaps = store
        .all_gaps()?
        .into_iter()
        .map(|(device, scope, from_seq, to_seq)| Gap {
            label: labels
                .iter()
                .find(|d| d.id == device)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| crate::domain::short_id(&device)),
            device,
            scope,
            from_seq,
            to_seq,
        })
        .collect();
    Ok(SyncStatus {
        device: own,
        label: store.label().to_string(),
        ops: store.op_count()?,
        peers,
        gaps,
        to_review: store.review()?.len(),
    })
}
