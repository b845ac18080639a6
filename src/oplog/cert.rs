//! Team certificates and revocations (SYNC.md "Provenance and team trust"). The office's team
//! key signs, for each device of the team, which grids it may write, its role and its public
//! keys; a revocation ends a device's writing at the sequence numbers the office held. Both are
//! self-verifying (the team's signature), travel as ops (`team.certify`, `team.revoke`) and are
//! valid whoever relays them.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use super::keys::{canonical_hex, sign, verify};
use crate::domain::DeviceId;

const CERT_DOMAIN: &str = "gridbook-team-cert-v1";
const REVOKE_DOMAIN: &str = "gridbook-team-revoke-v1";

/// What a device may do in its team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes the grids its certificate names.
    Worker,
    /// The community office: writes every grid.
    Office,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Self::Worker => "worker",
            Self::Office => "office",
        }
    }
}

/// The signed part of a certificate, in the order it is serialised for signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertBody {
    /// Lowercase hex of the team's Ed25519 public key: the team's identity.
    pub team: String,
    pub team_name: String,
    pub device: DeviceId,
    pub label: String,
    /// The grids (op scopes) the device may write; an office writes all.
    pub grids: Vec<String>,
    pub role: Role,
    /// Lowercase hex of the device's Ed25519 key (it signs the device's feed heads).
    pub sign_pk: String,
    /// The device's age public key (`age1…`), bundles for it are encrypted to.
    pub age_pk: String,
    /// When it was issued (the office's clock, Unix ms): a later certificate of the same
    /// device replaces an earlier one.
    pub issued: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    #[serde(flatten)]
    pub body: CertBody,
    /// Lowercase hex of the team key's signature of the body.
    pub signature: String,
}

impl CertBody {
    fn message(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Signs the body with the team key.
    pub fn sign(self, team_key: &SigningKey) -> Certificate {
        let signature = sign(team_key, CERT_DOMAIN, &self.message());
        Certificate {
            body: self,
            signature,
        }
    }

    pub fn team_pk(&self) -> Option<[u8; 32]> {
        canonical_hex(&self.team)
    }

    pub fn sign_pk_bytes(&self) -> Option<[u8; 32]> {
        canonical_hex(&self.sign_pk)
    }

    /// Whether the device may write ops of `kind` in `scope` (see [`may_write`]).
    pub fn may_write(&self, scope: &str, kind: &str) -> bool {
        may_write(self.role, &self.grids, scope, kind)
    }
}

/// What a certificate lets a device write: an office every scope; a worker its grids, and `*`
/// (the office-wide scope) only for what it says about itself.
pub fn may_write(role: Role, grids: &[String], scope: &str, kind: &str) -> bool {
    match role {
        Role::Office => true,
        Role::Worker if scope == super::op::SCOPE_ALL => {
            matches!(kind, "device.enrol" | "team.certify")
        }
        Role::Worker => grids.iter().any(|g| g == scope),
    }
}

impl Certificate {
    /// Whether the team key `team_pk` signed this certificate (and it names that team).
    pub fn verifies(&self, team_pk: &[u8; 32]) -> bool {
        self.body.team_pk().as_ref() == Some(team_pk)
            && verify(team_pk, CERT_DOMAIN, &self.body.message(), &self.signature)
    }
}

/// The end of a device's writing: ops it numbered beyond `upto` (per scope; absent scopes:
/// none) are refused from then on, whoever relays them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeBody {
    pub team: String,
    pub device: DeviceId,
    pub upto: BTreeMap<String, u64>,
    pub issued: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    #[serde(flatten)]
    pub body: RevokeBody,
    pub signature: String,
}

impl RevokeBody {
    pub fn sign(self, team_key: &SigningKey) -> Revocation {
        let message = serde_json::to_vec(&self).unwrap_or_default();
        Revocation {
            signature: sign(team_key, REVOKE_DOMAIN, &message),
            body: self,
        }
    }
}

impl Revocation {
    pub fn verifies(&self, team_pk: &[u8; 32]) -> bool {
        let message = serde_json::to_vec(&self.body).unwrap_or_default();
        canonical_hex::<32>(&self.body.team).as_ref() == Some(team_pk)
            && verify(team_pk, REVOKE_DOMAIN, &message, &self.signature)
    }

    /// Whether op `seq` of `scope` was written before the revocation.
    pub fn allows(&self, scope: &str, seq: u64) -> bool {
        self.body.upto.get(scope).is_some_and(|&upto| seq <= upto)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(team: &SigningKey) -> CertBody {
        CertBody {
            team: hex::encode(team.verifying_key().to_bytes()),
            team_name: "幸福社区".into(),
            device: DeviceId(uuid::Uuid::from_u128(1)),
            label: "王芳 第一网格".into(),
            grids: vec!["第一网格".into()],
            role: Role::Worker,
            sign_pk: hex::encode([2u8; 32]),
            age_pk: "age1example".into(),
            issued: 1,
        }
    }

    #[test]
    fn a_certificate_verifies_with_its_team_only_and_unchanged() {
        let team = SigningKey::from_bytes(&[1u8; 32]);
        let pk = team.verifying_key().to_bytes();
        let cert = body(&team).sign(&team);
        assert!(cert.verifies(&pk));
        let stranger = SigningKey::from_bytes(&[9u8; 32]);
        assert!(!cert.verifies(&stranger.verifying_key().to_bytes()));
        let mut more = cert.clone();
        more.body.grids.push("第二网格".into());
        assert!(!more.verifies(&pk), "a grid added after signing");
        let mut office = cert.clone();
        office.body.role = Role::Office;
        assert!(!office.verifies(&pk), "a role raised after signing");
        // Signed by a stranger for this team's name: not this team's.
        let forged = body(&team).sign(&stranger);
        assert!(!forged.verifies(&pk));
        // Round trip through JSON keeps it valid.
        let json = serde_json::to_string(&cert).unwrap();
        let back: Certificate = serde_json::from_str(&json).unwrap();
        assert!(back.verifies(&pk));
    }

    #[test]
    fn a_worker_writes_its_grids_and_only_its_own_records_office_wide() {
        let team = SigningKey::from_bytes(&[1u8; 32]);
        let b = body(&team);
        assert!(b.may_write("第一网格", "household.set"));
        assert!(!b.may_write("第二网格", "household.set"));
        assert!(!b.may_write("*", "household.set"));
        assert!(b.may_write("*", "device.enrol"));
        let office = CertBody {
            role: Role::Office,
            ..b
        };
        assert!(
            office.may_write("第二网格", "household.set") && office.may_write("*", "team.revoke")
        );
    }

    #[test]
    fn a_revocation_allows_what_was_written_before_it() {
        let team = SigningKey::from_bytes(&[1u8; 32]);
        let r = RevokeBody {
            team: hex::encode(team.verifying_key().to_bytes()),
            device: DeviceId(uuid::Uuid::from_u128(1)),
            upto: [("第一网格".to_string(), 10)].into(),
            issued: 5,
        }
        .sign(&team);
        assert!(r.verifies(&team.verifying_key().to_bytes()));
        assert!(r.allows("第一网格", 10));
        assert!(!r.allows("第一网格", 11));
        assert!(!r.allows("第二网格", 1));
    }
}
