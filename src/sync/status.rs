//! What the sync tab shows at a glance: each peer with its last import and export and how many
//! changes it lacks, the gaps in what this device holds, and how much waits for review.
//!
//! The tab's actions are [`super::export::export`] and [`super::import::import_file`] (both
//! return what the CLI prints), [`crate::store::Store::review`] for the "to review" list, and
//! the writes that settle review items: [`crate::store::Writer::resolve_conflict`],
//! [`crate::store::Writer::merge_households`], [`crate::store::Writer::resolve_visit_fork`] and
//! [`crate::store::Store::dismiss`].

use chrono::NaiveDateTime;

use crate::oplog::cert::Role;
use crate::store::import_report::Gap;
use crate::store::{Result, Store};

/// What a device's certificate says, as the sync tab shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The office: it writes every grid.
    Office,
    /// A worker writing these grids.
    Worker(Vec<String>),
    /// Revoked: nothing new from it is accepted.
    Revoked,
    /// No certificate of the team: nothing new from it is accepted.
    NotCertified,
}

/// The team this device is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamStatus {
    pub name: String,
    pub fingerprint: String,
}

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
    pub standing: Standing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub device: String,
    pub label: String,
    pub ops: u64,
    /// `None`: a team of one, which accepts no bundles.
    pub team: Option<TeamStatus>,
    /// This device's own certificate.
    pub standing: Standing,
    /// The peers exchanged with, then the other certified devices of the team.
    pub peers: Vec<PeerStatus>,
    pub gaps: Vec<Gap>,
    /// Items in the review list.
    pub to_review: usize,
}

pub fn status(store: &Store) -> Result<SyncStatus> {
    let own = store.device().to_string();
    let certificates = store.certificates()?;
    let standing_of = |device: &str| {
        certificates
            .iter()
            .find(|c| c.device.to_string() == device)
            .map_or(Standing::NotCertified, |c| {
                match (c.revoked_upto.is_some(), c.role) {
                    (true, _) => Standing::Revoked,
                    (false, Role::Office) => Standing::Office,
                    (false, Role::Worker) => Standing::Worker(c.grids.clone()),
                }
            })
    };
    let mut peers = Vec::new();
    for p in store.peers()? {
        if p.device == own {
            continue;
        }
        peers.push(PeerStatus {
            unsynced: store.unsynced_for(&p)?,
            last_import: p.last_in_at.map(|ms| store.local_from_ms(ms)),
            last_export: p.last_out_at.map(|ms| store.local_from_ms(ms)),
            standing: standing_of(&p.device),
            device: p.device,
            label: p.label,
            scopes: p.scopes,
        });
    }
    for c in &certificates {
        let id = c.device.to_string();
        if id != own && !peers.iter().any(|p| p.device == id) {
            let peer = store.peer(&id)?;
            peers.push(PeerStatus {
                unsynced: store.unsynced_for(&peer)?,
                last_import: None,
                last_export: None,
                standing: standing_of(&id),
                device: id,
                label: c.label.clone(),
                scopes: Vec::new(),
            });
        }
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
    let team = store.team()?.map(|t| TeamStatus {
        fingerprint: crate::oplog::keys::team_fingerprint(&t.pk),
        name: t.name,
    });
    Ok(SyncStatus {
        standing: standing_of(&own),
        device: own,
        label: store.label().to_string(),
        ops: store.op_count()?,
        team,
        peers,
        gaps,
        to_review: store.review()?.len(),
    })
}
