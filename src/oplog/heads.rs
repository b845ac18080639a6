//! Signed feed heads: a device's signature over the latest link of one of its feeds. Every
//! bundle carries, for each feed it holds ops of, the origin's own signed head covering them (a
//! relay forwards the origin's signature as it received it), so whoever imports can check that
//! the ops are the origin's, byte for byte and in order, whatever route they took.

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use super::keys::{canonical_hex, sign, verify};
use crate::domain::DeviceId;

const DOMAIN: &str = "gridbook-feed-head-v1";

/// `{origin, scope, seq, chain}` signed by the origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    pub origin: DeviceId,
    pub scope: String,
    pub seq: u64,
    /// Lowercase hex of `chain[seq]`.
    pub chain: String,
    /// Lowercase hex of the origin's Ed25519 signature.
    pub signature: String,
}

fn message(origin: DeviceId, scope: &str, seq: u64, chain: &[u8; 32]) -> Vec<u8> {
    let mut m = Vec::with_capacity(16 + 4 + scope.len() + 8 + 32);
    m.extend_from_slice(origin.0.as_bytes());
    m.extend_from_slice(&u32::try_from(scope.len()).unwrap_or(u32::MAX).to_be_bytes());
    m.extend_from_slice(scope.as_bytes());
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(chain);
    m
}

impl SignedHead {
    /// Signs this device's head of one feed.
    pub fn sign(
        key: &SigningKey,
        origin: DeviceId,
        scope: &str,
        seq: u64,
        chain: &[u8; 32],
    ) -> Self {
        Self {
            origin,
            scope: scope.to_string(),
            seq,
            chain: hex::encode(chain),
            signature: sign(key, DOMAIN, &message(origin, scope, seq, chain)),
        }
    }

    /// The link, if it is well formed.
    pub fn chain_bytes(&self) -> Option<[u8; 32]> {
        canonical_hex(&self.chain)
    }

    /// Whether the origin's key `sign_pk` signed this head.
    pub fn verifies(&self, sign_pk: &[u8; 32]) -> bool {
        let Some(chain) = self.chain_bytes() else {
            return false;
        };
        verify(
            sign_pk,
            DOMAIN,
            &message(self.origin, &self.scope, self.seq, &chain),
            &self.signature,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_verifies_only_with_its_key_and_its_values() {
        let key = SigningKey::from_bytes(&[3u8; 32]);
        let pk = key.verifying_key().to_bytes();
        let origin = DeviceId(uuid::Uuid::from_u128(5));
        let head = SignedHead::sign(&key, origin, "第一网格", 12, &[4u8; 32]);
        assert!(head.verifies(&pk));
        let other = SigningKey::from_bytes(&[6u8; 32])
            .verifying_key()
            .to_bytes();
        assert!(!head.verifies(&other));
        for changed in [
            SignedHead {
                seq: 13,
                ..head.clone()
            },
            SignedHead {
                scope: "第二网格".into(),
                ..head.clone()
            },
            SignedHead {
                origin: DeviceId(uuid::Uuid::from_u128(6)),
                ..head.clone()
            },
            SignedHead {
                chain: hex::encode([5u8; 32]),
                ..head.clone()
            },
        ] {
            assert!(!changed.verifies(&pk), "{changed:?}");
        }
    }
}
