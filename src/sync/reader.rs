//! Reading and verifying a bundle's plaintext before anything is written: the header first
//! (magic and format, since a newer major format may change everything after it), then the
//! trailer (count, hash, signature), then every op, strictly, with line numbers.

use std::collections::HashMap;

use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use super::bundle::{FORMAT, Header, MAGIC, MAX_HEADER_LINE, MAX_LINE, Preamble, Trailer};
use super::error::SyncError;
use super::strict;
use crate::oplog::keys::canonical_hex;
use crate::oplog::op::{Body, Envelope};
use crate::store::import::RawOp;

/// A bundle whose every check passed. The ops borrow the plaintext.
#[derive(Debug)]
pub struct Verified<'a> {
    pub header: Header,
    /// The Ed25519 public key that signed it.
    pub signer: [u8; 32],
    /// The SHA-256 the trailer carries (of everything before the trailer).
    pub sha256: [u8; 32],
    pub ops: Vec<RawOp<'a>>,
}

fn refused(check: &str, detail: impl Into<String>) -> SyncError {
    SyncError::refused(check, detail)
}

/// Checks everything in a bundle's plaintext; `progress` gets (lines checked, total).
pub fn verify<'a>(
    plain: &'a [u8],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Verified<'a>, SyncError> {
    let frame = verify_frame(plain)?;
    let ops = read_ops(frame.op_lines, frame.header.op_count, progress)?;
    Ok(Verified {
        header: frame.header,
        signer: frame.signer,
        sha256: frame.sha256,
        ops,
    })
}

/// A bundle whose header, trailer, count, hash and signature were checked.
pub struct Frame<'a> {
    pub header: Header,
    pub sha256: [u8; 32],
    pub signer: [u8; 32],
    /// The op lines, each ending in a newline.
    pub op_lines: &'a [u8],
}

/// Checks a bundle's header, trailer, count, hash and signature, but not the ops one by one
/// (for reading back an export made from ops already checked).
pub fn verify_frame(plain: &[u8]) -> Result<Frame<'_>, SyncError> {
    let header_end = plain
        .iter()
        .take(MAX_HEADER_LINE + 1)
        .position(|b| *b == b'\n');
    if !plain.starts_with(b"{") {
        return Err(refused(
            "format",
            "this is not a gridbook bundle (it is neither an encrypted .gbx file nor a plain bundle)",
        ));
    }
    let Some(header_end) = header_end else {
        return Err(if plain.len() > MAX_HEADER_LINE {
            refused("size", "the header line is longer than 1 MiB")
        } else {
            refused("truncation", "the bundle is cut short inside its header")
        });
    };
    let header = read_header(plain.get(..header_end).unwrap_or_default())?;
    if !plain.ends_with(b"\n") {
        return Err(refused(
            "truncation",
            "the bundle is cut short (its last line is incomplete); ask for a new export",
        ));
    }
    let body = plain.get(..plain.len() - 1).unwrap_or_default();
    let trailer_start = body.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    if trailer_start <= header_end {
        return Err(refused(
            "truncation",
            "the bundle has no trailer (it was cut short); ask for a new export",
        ));
    }
    let signed = plain.get(..trailer_start).unwrap_or_default();
    let trailer_line = body.get(trailer_start..).unwrap_or_default();
    let (sha256, signer, trailer) = read_trailer(trailer_line, signed)?;
    let op_lines = signed.get(header_end + 1..).unwrap_or_default();
    let count = op_lines.iter().filter(|b| **b == b'\n').count() as u64;
    if trailer.op_count != count || header.op_count != count {
        return Err(refused(
            "count",
            format!(
                "the bundle holds {count} changes but says {} (header) and {} (trailer)",
                header.op_count, trailer.op_count
            ),
        ));
    }
    Ok(Frame {
        header,
        sha256,
        signer,
        op_lines,
    })
}

fn read_header(line: &[u8]) -> Result<Header, SyncError> {
    let not_a_bundle = || {
        refused(
            "format",
            "this is not a gridbook bundle (its first line is not a bundle header)",
        )
    };
    let preamble: Preamble = serde_json::from_slice(line).map_err(|_| not_a_bundle())?;
    if preamble.magic != MAGIC {
        return Err(not_a_bundle());
    }
    let [major, minor] = preamble.fmt;
    if major > FORMAT[0] {
        return Err(refused(
            "format",
            format!(
                "made by a newer gridbook; update gridbook to import it (bundle format {major}.{minor}, this version reads {}.x)",
                FORMAT[0]
            ),
        ));
    }
    if major < FORMAT[0] {
        return Err(refused(
            "format",
            format!(
                "made by an older gridbook (bundle format {major}.{minor}, which cannot show who made each change); ask the sender to update gridbook and export again"
            ),
        ));
    }
    std::str::from_utf8(line).map_err(|_| refused("header", "the header is not valid UTF-8"))?;
    strict::check(line).map_err(|e| refused("header", e))?;
    serde_json::from_slice(line).map_err(|e| refused("header", e.to_string()))
}

/// Parses and checks the trailer against the bytes it signs; returns (hash, signer, trailer).
fn read_trailer(line: &[u8], signed: &[u8]) -> Result<([u8; 32], [u8; 32], Trailer), SyncError> {
    let cut_short = || {
        refused(
            "truncation",
            "the bundle's last line is not its trailer (the file was cut short); ask for a new export",
        )
    };
    if line.len() > MAX_LINE {
        return Err(cut_short());
    }
    strict::check(line).map_err(|_| cut_short())?;
    let trailer: Trailer = serde_json::from_slice(line).map_err(|_| cut_short())?;
    let hash: [u8; 32] = canonical_hex(&trailer.sha256)
        .ok_or_else(|| refused("trailer", "the checksum in the trailer is malformed"))?;
    let signature: [u8; 64] = canonical_hex(&trailer.signature)
        .ok_or_else(|| refused("trailer", "the signature in the trailer is malformed"))?;
    let public_key: [u8; 32] = canonical_hex(&trailer.public_key)
        .ok_or_else(|| refused("trailer", "the public key in the trailer is malformed"))?;
    let actual: [u8; 32] = Sha256::digest(signed).into();
    if actual != hash {
        return Err(refused(
            "hash",
            "the content does not match its SHA-256 (the file was damaged or altered in transit); ask for a new export",
        ));
    }
    let key = VerifyingKey::from_bytes(&public_key)
        .map_err(|_| refused("signature", "the signing key in the trailer is not valid"))?;
    key.verify_strict(&hash, &Signature::from_bytes(&signature))
        .map_err(|_| {
            refused(
                "signature",
                "the signature does not match the content (the file was altered); ask for a new export",
            )
        })?;
    Ok((hash, public_key, trailer))
}

/// Splits the op lines and checks each (on every core for large bundles).
fn read_ops<'a>(
    lines: &'a [u8],
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<RawOp<'a>>, SyncError> {
    let mut ops = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut rest = lines;
    let mut number = 1usize;
    while let Some(end) = rest.iter().position(|b| *b == b'\n') {
        number += 1;
        let (raw, tail) = rest.split_at(end);
        rest = tail.get(1..).unwrap_or_default();
        ops.push(RawOp {
            line: number,
            raw,
            sha256: [0; 32],
        });
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(4);
    let ids: Vec<(uuid::Uuid, [u8; 32])> = if threads > 1 && ops.len() >= PARALLEL_FROM {
        let chunk = ops.len().div_ceil(threads);
        let parts: Vec<&[RawOp<'a>]> = ops.chunks(chunk).collect();
        std::thread::scope(|scope| {
            let (first, others) = parts
                .split_first()
                .map_or((&[][..], &[][..]), |(f, o)| (*f, o));
            let handles: Vec<_> = others
                .iter()
                .map(|part| scope.spawn(move || check_all(part, &mut |_| {})))
                .collect();
            let scale = threads as u64;
            let mine = check_all(first, &mut |done| {
                if done.is_multiple_of(10_000) {
                    progress(done * scale, total);
                }
            });
            let mut ids = mine?;
            for h in handles {
                let part = h
                    .join()
                    .map_err(|_| refused("op", "a change could not be checked"))??;
                ids.extend(part);
            }
            Ok::<_, SyncError>(ids)
        })?
    } else {
        check_all(&ops, &mut |done| {
            if done.is_multiple_of(10_000) {
                progress(done, total);
            }
        })?
    };
    let mut seen: HashMap<uuid::Uuid, [u8; 32]> = HashMap::with_capacity(ids.len());
    for (op, (id, hash)) in ops.iter_mut().zip(ids) {
        op.sha256 = hash;
        if let Some(other) = seen.insert(id, hash)
            && other != hash
        {
            return Err(refused(
                "op",
                format!(
                    "line {}: record {id} appears twice with different content",
                    op.line
                ),
            ));
        }
    }
    progress(total, total);
    Ok(ops)
}

/// Bundles with at least this many ops are checked on several threads.
const PARALLEL_FROM: usize = 20_000;

/// Checks ops in order; returns each one's id and hash, or the first failure.
fn check_all(
    ops: &[RawOp<'_>],
    tick: &mut dyn FnMut(u64),
) -> Result<Vec<(uuid::Uuid, [u8; 32])>, SyncError> {
    let mut out = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        out.push(check_op(op)?);
        tick(i as u64 + 1);
    }
    Ok(out)
}

/// Checks one op line: size, UTF-8, strict JSON, the envelope and the typed payload.
fn check_op(op: &RawOp<'_>) -> Result<(uuid::Uuid, [u8; 32]), SyncError> {
    let number = op.line;
    let raw = op.raw;
    let bad = |problem: String| refused("op", format!("line {number}: {problem}"));
    if raw.len() > MAX_LINE {
        return Err(refused(
            "size",
            format!(
                "line {number} is {} KiB, more than the {} KiB a change may take",
                raw.len().div_ceil(1024),
                MAX_LINE / 1024
            ),
        ));
    }
    std::str::from_utf8(raw)
        .map_err(|_| refused("utf-8", format!("line {number} is not valid UTF-8")))?;
    strict::check(raw).map_err(bad)?;
    let env: Envelope = serde_json::from_slice(raw)
        .map_err(|e| bad(format!("not a change record: {}", strip_position(&e))))?;
    Body::parse(&env.kind, &env.payload).map_err(|e| {
        bad(format!(
            "the {} record is malformed: {}",
            env.kind,
            strip_position(&e)
        ))
    })?;
    if env.seq == 0 || env.scope.is_empty() {
        return Err(bad("the record has no sequence number or scope".into()));
    }
    Ok((env.id.0, Sha256::digest(raw).into()))
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line 1 ") {
        Some((what, col)) => format!("{what} ({col})"),
        None => text,
    }
}
