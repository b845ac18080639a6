//! What can go wrong exporting and importing bundles, in words a worker can act on.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A bundle failed one of the checks made before anything is written. `check` names it
    /// (size, format, encryption, header, truncation, count, hash, signature, signer, line N).
    #[error("bundle refused ({check} check): {detail}; nothing was imported")]
    Refused { check: String, detail: String },
    #[error("{0}")]
    Keys(crate::i18n::said::Said),
    #[error("{0}")]
    Export(crate::i18n::said::Said),
    /// Making or joining a team, enrolling or revoking a device.
    #[error("{0}")]
    Team(crate::i18n::said::Said),
    /// A file could not be read or written (the cause is in the message, not chained, so the
    /// command line prints it once).
    #[error("{context}: {cause}")]
    Io {
        context: crate::fsutil::IoAct,
        cause: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    pub fn refused(check: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::Refused {
            check: check.into(),
            detail: detail.into(),
        }
    }

    /// The name of the failed check, for a refused bundle.
    pub fn check(&self) -> Option<&str> {
        match self {
            Self::Refused { check, .. } => Some(check),
            Self::Store(StoreError::ImportRefused { check, .. }) => Some(check),
            _ => None,
        }
    }
}
