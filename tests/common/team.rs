//! The team the tests' devices join: one fixed team key, so every device a test makes trusts
//! the others as a real team's devices do, and a registry of their signing keys so a test can
//! relay a device's feed with the heads its origin signed.

use std::cell::RefCell;
use std::collections::HashMap;

use ed25519_dalek::SigningKey;
use gridbook::domain::DeviceId;
use gridbook::oplog::cert::{CertBody, Certificate, Role};
use gridbook::store::Store;
use gridbook::store::team::Team;
use gridbook::sync::keys::DeviceKeys;

/// The team every test device joins: one key, so devices made by one test trust each other.
pub fn team_key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

pub fn team() -> Team {
    Team {
        pk: team_key().verifying_key().to_bytes(),
        name: "测试社区".into(),
    }
}

thread_local! {
    /// The signing keys of the devices tests made, so a test can relay a device's feed with
    /// its origin's signed heads, as a real relay forwards them.
    static KEYS: RefCell<HashMap<DeviceId, SigningKey>> = RefCell::new(HashMap::new());
}

pub fn remember_key(device: DeviceId, key: &SigningKey) {
    KEYS.with(|k| k.borrow_mut().insert(device, key.clone()));
}

pub fn key_of(device: DeviceId) -> Option<SigningKey> {
    KEYS.with(|k| k.borrow().get(&device).cloned())
}

/// A certificate of the test team for `keys`' device.
pub fn certificate(
    keys: &DeviceKeys,
    label: &str,
    role: Role,
    grids: &[&str],
    issued: u64,
) -> Certificate {
    CertBody {
        team: hex::encode(team().pk),
        team_name: team().name,
        device: keys.device,
        label: label.into(),
        grids: grids.iter().map(|g| g.to_string()).collect(),
        role,
        sign_pk: hex::encode(keys.sign_pk()),
        age_pk: keys.recipient(),
        issued,
    }
    .sign(&team_key())
}

/// Makes `store`'s device a member of the test team with `role`.
pub fn join_team(store: &mut Store, label: &str, role: Role, grids: &[&str]) -> Certificate {
    let keys = gridbook::sync::keys::ensure(store).unwrap();
    remember_key(keys.device, &keys.signing);
    let issued = gridbook::oplog::hlc::tick(store.last_hlc().unwrap(), store.clock().now_ms());
    let cert = certificate(&keys, label, role, grids, issued);
    store
        .write(|w| {
            w.set_team(&team())?;
            w.certify(&cert)
        })
        .unwrap();
    cert
}
