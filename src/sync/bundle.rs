//! The bundle file's inner format (SYNC.md "The bundle file", format 2): one JSON value per line
//! — a header (with the team and, for every run of a feed it carries, the link before the run
//! and the head its origin signed), the ops exactly as stored, and a trailer with the op count,
//! the SHA-256 of every byte before it, and the sending device's Ed25519 signature of that hash
//! with its public key. Inside the age layer the lines are zstd-compressed.

use std::io::{self, Write};

use ed25519_dalek::{Signer, SigningKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::DeviceId;
use crate::oplog::heads::SignedHead;
use crate::oplog::vector::Vector;

pub const MAGIC: &str = "gridbook-bundle";
/// The format this version writes: `[major, minor]`. A newer major is refused; a newer minor is
/// read (unknown op types are stored raw and relayed).
pub const FORMAT: [u32; 2] = [2, 0];
/// Size caps, checked before anything is parsed.
pub const MAX_FILE: u64 = 1 << 30;
pub const MAX_LINE: usize = 64 * 1024;
/// The header carries the sender vector, which grows with the number of devices and grids.
pub const MAX_HEADER_LINE: usize = 1024 * 1024;

/// Whether a bundle holds everything the sender has or what one peer lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Delta,
    Full,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Delta => "delta",
            Self::Full => "full",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    pub device: DeviceId,
    pub label: String,
}

/// One run of a feed: the ops `from_seq..=to_seq` of (origin, scope), in order, continuing the
/// link `prev_chain` (`chain[from_seq - 1]`) up to the origin's signed `head`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    pub origin: DeviceId,
    pub scope: String,
    pub from_seq: u64,
    pub to_seq: u64,
    /// Lowercase hex of `chain[from_seq - 1]`.
    pub prev_chain: String,
    pub head: SignedHead,
}

/// Line 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub magic: String,
    pub fmt: [u32; 2],
    pub id: Uuid,
    pub kind: Kind,
    pub app: String,
    pub schema: i64,
    pub from: Sender,
    /// The device the bundle was made for, or `*`.
    pub to: String,
    /// The sender's clock when it made the bundle.
    pub created: u64,
    pub sender_vector: Vector,
    /// The grids the sender wants to receive (empty: all).
    #[serde(default)]
    pub scopes: Vec<String>,
    pub op_count: u64,
    /// Lowercase hex of the sender's team key (a device in no team: its own signing key).
    pub team: String,
    /// The runs of feeds the ops form, in the order the ops follow.
    pub feeds: Vec<Feed>,
}

/// Only the fields read before anything else: a newer major format may change all the rest.
#[derive(Debug, Deserialize)]
pub struct Preamble {
    pub magic: String,
    pub fmt: [u32; 2],
}

/// The last line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trailer {
    pub op_count: u64,
    /// Lowercase hex of the SHA-256 of every byte before this line.
    pub sha256: String,
    /// Lowercase hex of the Ed25519 signature of those 32 bytes.
    pub signature: String,
    /// Lowercase hex of the signing device's Ed25519 public key.
    pub public_key: String,
}

/// Writes a bundle's plaintext line by line, hashing as it goes.
pub struct BundleWriter<W: Write> {
    out: W,
    hasher: Sha256,
    ops: u64,
}

impl<W: Write> BundleWriter<W> {
    pub fn new(mut out: W, header: &Header) -> io::Result<Self> {
        let mut line = serde_json::to_vec(header).map_err(io::Error::other)?;
        line.push(b'\n');
        out.write_all(&line)?;
        let mut hasher = Sha256::new();
        hasher.update(&line);
        Ok(Self {
            out,
            hasher,
            ops: 0,
        })
    }

    /// Appends one op's stored bytes (one line, no newline inside).
    pub fn op(&mut self, raw: &[u8]) -> io::Result<()> {
        if raw.contains(&b'\n') {
            return Err(io::Error::other("an op spans more than one line"));
        }
        self.out.write_all(raw)?;
        self.out.write_all(b"\n")?;
        self.hasher.update(raw);
        self.hasher.update(b"\n");
        self.ops += 1;
        Ok(())
    }

    pub fn ops_written(&self) -> u64 {
        self.ops
    }

    /// Signs and writes the trailer; returns the output and the hash that was signed.
    pub fn finish(mut self, key: &SigningKey) -> io::Result<(W, [u8; 32])> {
        let hash: [u8; 32] = self.hasher.finalize().into();
        let trailer = Trailer {
            op_count: self.ops,
            sha256: hex::encode(hash),
            signature: hex::encode(key.sign(&hash).to_bytes()),
            public_key: hex::encode(key.verifying_key().to_bytes()),
        };
        let mut line = serde_json::to_vec(&trailer).map_err(io::Error::other)?;
        line.push(b'\n');
        self.out.write_all(&line)?;
        Ok((self.out, hash))
    }
}
