//! The report of an import (SYNC.md "The report"), also what `import --json` prints.

use serde::Serialize;

/// A run of seqs missing from one device's series in one scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub device: String,
    pub label: String,
    pub scope: String,
    pub from_seq: u64,
    pub to_seq: u64,
}

impl Gap {
    /// `missing seq 1043–1050 from Laptop-Li (第一网格)`.
    pub fn describe(&self) -> String {
        let seqs = if self.from_seq == self.to_seq {
            format!("seq {}", self.from_seq)
        } else {
            format!("seq {}–{}", self.from_seq, self.to_seq)
        };
        format!("missing {seqs} from {} ({})", self.label, self.scope)
    }
}

/// A device this database had not seen before the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeenDevice {
    pub device: String,
    pub label: String,
    /// Set for the device that signed the bundle: the fingerprint of its key, now trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_fingerprint: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub bundle_id: String,
    pub from_device: String,
    pub from_label: String,
    pub kind: String,
    /// Changes the bundle holds.
    pub op_count: u64,
    pub encrypted: bool,
    pub dry_run: bool,
    pub already_imported: bool,
    /// When it was imported before (`already_imported`), as local time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<String>,
    pub new_ops: u64,
    pub duplicate_ops: u64,
    /// New changes waiting for a parent that has not arrived.
    pub parked_ops: u64,
    /// Changes parked earlier and applied now that their parent arrived.
    pub unparked_ops: u64,
    pub conflicts_opened: u64,
    pub conflicts_closed: u64,
    pub invalid_transitions: u64,
    /// Other changes stored but not applied (a value of the wrong shape, a second creation).
    pub invalid_ops: u64,
    pub gaps: Vec<Gap>,
    pub gaps_closed: Vec<Gap>,
    /// Changes of types this version does not know (from a newer gridbook): kept and relayed.
    pub unknown_ops: u64,
    /// Changes stamped before 2020 or more than a day ahead of this machine's clock.
    pub clock_suspect_ops: u64,
    pub first_seen_devices: Vec<SeenDevice>,
}

impl ImportReport {
    /// Whether the import left something to look at in the review list.
    pub fn needs_review(&self) -> bool {
        self.conflicts_opened > 0
            || self.invalid_transitions > 0
            || self.parked_ops > 0
            || self.clock_suspect_ops > 0
            || !self.gaps.is_empty()
    }
}
