//! Feed chains (SYNC.md "Provenance"): the ops of one (origin, scope) form a hash chain without
//! changing their bytes, `chain[seq] = SHA-256(chain[seq-1] ‖ op_sha256)` with `chain[0]` all
//! zeros, so one signature over the latest link vouches for every op before it.

use sha2::{Digest, Sha256};

/// The link before a feed's first op.
pub const GENESIS: [u8; 32] = [0; 32];

/// The link after appending an op whose stored bytes hash to `op_sha256`.
pub fn next(prev: &[u8; 32], op_sha256: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(op_sha256);
    h.finalize().into()
}

/// The link after a run of ops, starting from `prev`.
pub fn fold<'a>(prev: [u8; 32], op_hashes: impl IntoIterator<Item = &'a [u8; 32]>) -> [u8; 32] {
    op_hashes.into_iter().fold(prev, |link, op| next(&link, op))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_commits_to_every_op_and_its_order() {
        let a = [1u8; 32];
        let b = [2u8; 32];
        let ab = fold(GENESIS, [&a, &b]);
        assert_eq!(ab, next(&next(&GENESIS, &a), &b));
        assert_ne!(ab, fold(GENESIS, [&b, &a]));
        assert_ne!(ab, fold(GENESIS, [&a]));
        // Continuing from a link is the same as folding the whole run.
        let c = [3u8; 32];
        assert_eq!(fold(ab, [&c]), fold(GENESIS, [&a, &b, &c]));
    }
}
