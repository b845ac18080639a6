//! Signatures and fingerprints shared by feeds and certificates: Ed25519 over domain-separated
//! messages, lowercase hex on the wire, and fingerprints a person can read aloud.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// Lowercase hex of exactly N bytes, and nothing else (no other spelling of the same bytes).
pub fn canonical_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let bytes = hex::decode(text).ok()?;
    if hex::encode(&bytes) != text {
        return None;
    }
    bytes.try_into().ok()
}

/// Signs `message` under `domain` (so a signature made for one purpose is never valid for
/// another); returns the hex signature.
pub fn sign(key: &SigningKey, domain: &str, message: &[u8]) -> String {
    hex::encode(key.sign(&framed(domain, message)).to_bytes())
}

/// Whether `signature` (hex) is `public_key`'s signature of `message` under `domain`.
pub fn verify(public_key: &[u8; 32], domain: &str, message: &[u8], signature: &str) -> bool {
    let Some(sig) = canonical_hex::<64>(signature) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(public_key) else {
        return false;
    };
    key.verify_strict(&framed(domain, message), &Signature::from_bytes(&sig))
        .is_ok()
}

fn framed(domain: &str, message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(domain.len() + 1 + message.len());
    out.extend_from_slice(domain.as_bytes());
    out.push(0);
    out.extend_from_slice(message);
    out
}

/// A short, readable fingerprint of a device's signing key: `1a2b 3c4d 5e6f 7a8b`.
pub fn fingerprint(sign_pk: &[u8]) -> String {
    let hash = Sha256::digest(sign_pk);
    let hex = hex::encode(&hash[..8]);
    let chars: Vec<char> = hex.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The team's fingerprint as six groups of five digits (about 100 bits), to be read aloud and
/// compared between the office's screen and the device joining: `40213 88120 ...`.
pub fn team_fingerprint(team_pk: &[u8; 32]) -> String {
    let hash = Sha256::digest(team_pk);
    let mut first = [0u8; 16];
    first.copy_from_slice(&hash[..16]);
    let n = u128::from_be_bytes(first) % 10u128.pow(30);
    let digits = format!("{n:030}");
    let chars: Vec<char> = digits.chars().collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_bound_to_their_domain() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let pk = key.verifying_key().to_bytes();
        let sig = sign(&key, "gridbook-test", b"hello");
        assert!(verify(&pk, "gridbook-test", b"hello", &sig));
        assert!(!verify(&pk, "gridbook-other", b"hello", &sig));
        assert!(!verify(&pk, "gridbook-test", b"hellO", &sig));
        assert!(!verify(&pk, "gridbook-test", b"hello", &sig.to_uppercase()));
    }

    #[test]
    fn team_fingerprints_are_six_groups_of_five_digits() {
        let fp = team_fingerprint(&[9u8; 32]);
        let groups: Vec<&str> = fp.split(' ').collect();
        assert_eq!(groups.len(), 6);
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 5 && g.chars().all(|c| c.is_ascii_digit()))
        );
        assert_ne!(fp, team_fingerprint(&[8u8; 32]));
    }
}
