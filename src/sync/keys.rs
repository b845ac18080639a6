//! This device's keys: an Ed25519 key that signs the bundles it makes, and an age X25519
//! identity that bundles are encrypted to. They are made at first use and kept in the config
//! dir beside the device file, keyed by the database id and readable by the owner only — never
//! in the database, so a copied database does not carry them. The public halves are announced
//! in a `device.enrol` op, so peers learn them through the log.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use ed25519_dalek::SigningKey;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::error::SyncError;
use crate::domain::DeviceId;
use crate::i18n::Msg;
use crate::i18n::said::Said;
use crate::store::Store;

pub struct DeviceKeys {
    pub device: DeviceId,
    pub signing: SigningKey,
    pub age: age::x25519::Identity,
    /// Identities of this database's earlier enrolments, so bundles made for them still open.
    pub retired: Vec<age::x25519::Identity>,
    /// The team key, on the office machine that made the team (`gridbook team init`).
    pub team: Option<SigningKey>,
}

/// The file as stored.
#[derive(Serialize, Deserialize)]
struct KeyFile {
    device: DeviceId,
    sign_sk: String,
    age_sk: String,
    #[serde(default)]
    retired_age_sks: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    team_sk: Option<String>,
}

pub fn key_file(config_dir: &Path, db_id: &str) -> PathBuf {
    config_dir.join("devices").join(format!("{db_id}.keys"))
}

impl DeviceKeys {
    /// Fresh keys for a device.
    pub fn generate(device: DeviceId) -> Self {
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        Self {
            device,
            signing: SigningKey::from_bytes(&secret),
            age: age::x25519::Identity::generate(),
            retired: Vec::new(),
            team: None,
        }
    }

    /// The age public key others encrypt bundles for this device to (`age1…`).
    pub fn recipient(&self) -> String {
        self.age.to_public().to_string()
    }

    pub fn sign_pk(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// Reads the keys of this database's device, making and saving them if missing.
    pub fn load_or_create(
        config_dir: &Path,
        db_id: &str,
        device: DeviceId,
    ) -> Result<Self, SyncError> {
        let path = key_file(config_dir, db_id);
        let mut retired = Vec::new();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let bad = |what: &str| {
                    SyncError::Keys(
                        Said::new(Msg::KeyErrDamaged)
                            .with("path", path.display())
                            .with("what", what),
                    )
                };
                let file: KeyFile = serde_json::from_str(&text).map_err(|_| bad("not JSON"))?;
                let age =
                    age::x25519::Identity::from_str(&file.age_sk).map_err(|_| bad("age key"))?;
                let old: Vec<age::x25519::Identity> = file
                    .retired_age_sks
                    .iter()
                    .filter_map(|k| age::x25519::Identity::from_str(k).ok())
                    .collect();
                if file.device == device {
                    let bytes: [u8; 32] = hex::decode(&file.sign_sk)
                        .ok()
                        .and_then(|b| b.try_into().ok())
                        .ok_or_else(|| bad("signing key"))?;
                    let team = file
                        .team_sk
                        .as_deref()
                        .map(|k| {
                            crate::oplog::keys::canonical_hex::<32>(k)
                                .map(|b| SigningKey::from_bytes(&b))
                                .ok_or_else(|| bad("team key"))
                        })
                        .transpose()?;
                    return Ok(Self {
                        device,
                        signing: SigningKey::from_bytes(&bytes),
                        age,
                        retired: old,
                        team,
                    });
                }
                // The database was enrolled as a new device: new keys, the old identity kept
                // for opening bundles already made for it.
                retired.push(age);
                retired.extend(old);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(SyncError::Keys(
                    Said::new(Msg::KeyErrRead)
                        .with("path", path.display())
                        .with("e", e),
                ));
            }
        }
        let mut keys = Self::generate(device);
        keys.retired = retired;
        keys.save(&path)?;
        Ok(keys)
    }

    /// Saves the keys of the device of the database `db_id` (after a team key was made).
    pub fn save_for(&self, config_dir: &Path, db_id: &str) -> Result<(), SyncError> {
        self.save(&key_file(config_dir, db_id))
    }

    fn save(&self, path: &Path) -> Result<(), SyncError> {
        let file = KeyFile {
            device: self.device,
            sign_sk: hex::encode(self.signing.to_bytes()),
            age_sk: self.age.to_string().expose_secret().to_string(),
            retired_age_sks: self
                .retired
                .iter()
                .map(|i| i.to_string().expose_secret().to_string())
                .collect(),
            team_sk: self.team.as_ref().map(|k| hex::encode(k.to_bytes())),
        };
        let text = serde_json::to_string_pretty(&file)
            .map_err(|e| SyncError::Keys(Said::new(Msg::KeyErrEncode).with("e", e)))?;
        crate::fsutil::write_private(path, text.as_bytes()).map_err(|e| {
            SyncError::Keys(
                Said::new(Msg::KeyErrSave)
                    .with("path", path.display())
                    .with("e", e),
            )
        })
    }
}

/// Parses an age public key (`age1…`).
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, SyncError> {
    age::x25519::Recipient::from_str(text.trim()).map_err(|_| {
        SyncError::Keys(Said::new(Msg::KeyErrNotAge).with(
            "text",
            format!("{:?}", text.chars().take(70).collect::<String>()),
        ))
    })
}

/// This device's keys, made at first use, without writing to the database (for opening a
/// bundle: a refused import leaves the database as it was).
pub fn load(store: &Store) -> Result<DeviceKeys, SyncError> {
    DeviceKeys::load_or_create(store.config_dir(), store.db_id(), store.device())
}

/// This device's keys, made at first use; their public halves are recorded in the database
/// (and announced to peers in a `device.enrol` op) if they are not already.
pub fn ensure(store: &mut Store) -> Result<DeviceKeys, SyncError> {
    if let Some(reason) = store.blocked() {
        return Err(SyncError::Store(crate::store::StoreError::WritesBlocked(
            reason.to_string(),
        )));
    }
    let keys = DeviceKeys::load_or_create(store.config_dir(), store.db_id(), store.device())?;
    let sign_pk = keys.sign_pk();
    let recipient = keys.recipient();
    let known = store.device_keys(store.device())?;
    if known
        .as_ref()
        .map(|k| (k.sign_pk.as_deref(), k.age_pk.as_deref()))
        != Some((Some(sign_pk.as_slice()), Some(recipient.as_str())))
    {
        let label = store.label().to_string();
        store.write(|w| w.announce_keys(&label, &sign_pk, &recipient))?;
    }
    Ok(keys)
}
