//! The outer layers of a bundle: an age file, encrypted to X25519 recipients or a passphrase,
//! holding the bundle's lines compressed with zstd. Decryption reads the whole payload into
//! memory before a single line is looked at, because age hands out plaintext before it detects
//! truncation or tampering.

use std::io::{self, Read, Write};

use age::secrecy::SecretString;

use super::bundle::MAX_FILE;
use super::error::SyncError;

/// The first bytes of every age file.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// How an exported bundle is protected.
pub enum Protection {
    /// Encrypted to these public keys (this device's own is always added, so the export can
    /// be read back and verified).
    Recipients(Vec<age::x25519::Recipient>),
    /// Encrypted with a passphrase.
    Passphrase(SecretString),
    /// Not encrypted: for inspection and tests only.
    None,
}

/// The first bytes of a zstd frame.
pub const ZSTD_MAGIC: &[u8] = &[0x28, 0xB5, 0x2F, 0xFD];

/// The zstd level bundles are compressed at: fast, and most of the gain (ops repeat their keys,
/// ids and text).
const ZSTD_LEVEL: i32 = 3;

/// Where the plaintext goes: straight to the file, or compressed through the age encryptor.
pub enum Sink<W: Write> {
    Plain(W),
    Age(zstd::stream::write::Encoder<'static, age::stream::StreamWriter<W>>),
}

impl<W: Write> Sink<W> {
    pub fn new(out: W, protection: &Protection) -> Result<Self, SyncError> {
        let encryptor = match protection {
            Protection::None => return Ok(Self::Plain(out)),
            Protection::Passphrase(p) => age::Encryptor::with_user_passphrase(p.clone()),
            Protection::Recipients(list) => {
                age::Encryptor::with_recipients(list.iter().map(|r| r as &dyn age::Recipient))
                    .map_err(|e| {
                        SyncError::Export(
                            crate::i18n::said::Said::new(crate::i18n::Msg::ExErrEncrypt)
                                .with("e", e),
                        )
                    })?
            }
        };
        let io = |source| SyncError::Io {
            context: crate::fsutil::IoAct::WriteBundle,
            cause: source,
        };
        let writer = encryptor.wrap_output(out).map_err(io)?;
        Ok(Self::Age(
            zstd::stream::write::Encoder::new(writer, ZSTD_LEVEL).map_err(io)?,
        ))
    }

    /// Completes the encryption and returns the file.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Self::Plain(w) => Ok(w),
            Self::Age(w) => w.finish()?.finish(),
        }
    }
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Age(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.write_all(buf),
            Self::Age(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Age(w) => w.flush(),
        }
    }
}

/// The keys tried to open a bundle.
pub struct Openers<'a> {
    pub identities: Vec<&'a age::x25519::Identity>,
    pub passphrase: Option<SecretString>,
}

/// A bundle's plaintext and how it was protected.
pub struct Opened {
    pub plain: Vec<u8>,
    pub encrypted: bool,
}

fn refused(detail: impl Into<String>) -> SyncError {
    SyncError::refused("encryption", detail)
}

/// Whether the age header's first line names a version after v1 (`age-encryption.org/v2`):
/// only then is "update gridbook" the answer; any other unreadable header is damage.
fn names_newer_age_version(bytes: &[u8]) -> bool {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    std::str::from_utf8(first)
        .ok()
        .and_then(|l| l.strip_prefix("age-encryption.org/v"))
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| v > 1)
}

/// Decrypts a whole bundle into memory (or passes a plain one through).
/// Whether the bundle at `path` is protected by a passphrase (so the interface asks for one
/// before it tries). Reads only the encryption header; false for anything it cannot read.
pub fn asks_passphrase(path: &std::path::Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut reader = std::io::BufReader::new(file);
    let mut magic = [0u8; 64];
    let n = std::io::Read::read(&mut reader, &mut magic).unwrap_or(0);
    if !magic[..n].starts_with(AGE_MAGIC) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    age::Decryptor::new_buffered(std::io::BufReader::new(file)).is_ok_and(|d| d.is_scrypt())
}

pub fn open(bytes: &[u8], keys: &Openers<'_>) -> Result<Opened, SyncError> {
    if !bytes.starts_with(AGE_MAGIC) {
        return Ok(Opened {
            plain: decompress(bytes.to_vec())?,
            encrypted: false,
        });
    }
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(|e| match e {
        age::DecryptError::UnknownFormat if names_newer_age_version(bytes) => {
            refused("the file uses an age format this gridbook cannot read; update gridbook")
        }
        _ => refused(
            "the encryption header is damaged (the file was cut short or altered); ask for a new export",
        ),
    })?;
    let scrypt = decryptor.is_scrypt();
    let passphrase_identity;
    let mut identities: Vec<&dyn age::Identity> = Vec::new();
    if scrypt {
        let Some(p) = &keys.passphrase else {
            return Err(refused(
                "the bundle is protected by a passphrase; give it with --passphrase-file",
            ));
        };
        passphrase_identity = age::scrypt::Identity::new(p.clone());
        identities.push(&passphrase_identity);
    } else {
        for id in &keys.identities {
            identities.push(*id);
        }
    }
    let reader = decryptor
        .decrypt(identities.into_iter())
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => refused(
                "the bundle was not encrypted for this device (it may be for another team); ask the sender to add this device's key, which `gridbook keys` prints",
            ),
            age::DecryptError::ExcessiveWork { .. } => refused(
                "the passphrase protection asks for far more work than usual; ask the sender to export again",
            ),
            _ if scrypt => refused("wrong passphrase"),
            _ => refused(
                "the encryption header is damaged or altered; ask for a new export",
            ),
        })?;
    let mut compressed = Vec::with_capacity(bytes.len());
    reader
        .take(MAX_FILE + 1)
        .read_to_end(&mut compressed)
        .map_err(|_| {
            refused("the encrypted content is damaged or cut short (it does not verify); ask for a new export")
        })?;
    let plain = decompress(compressed)?;
    if plain.len() as u64 > MAX_FILE {
        return Err(SyncError::refused(
            "size",
            "the decrypted bundle is larger than 1 GiB",
        ));
    }
    Ok(Opened {
        plain,
        encrypted: true,
    })
}

/// The bundle's lines from a zstd frame (anything else is returned as it is, for the reader to
/// judge), at most 1 GiB of them: a small file cannot expand without limit.
fn decompress(bytes: Vec<u8>) -> Result<Vec<u8>, SyncError> {
    if !bytes.starts_with(ZSTD_MAGIC) {
        return Ok(bytes);
    }
    let damaged = || {
        SyncError::refused(
            "compression",
            "the compressed content is damaged; ask for a new export",
        )
    };
    let decoder = zstd::stream::read::Decoder::new(bytes.as_slice()).map_err(|_| damaged())?;
    let mut plain = Vec::with_capacity(bytes.len().saturating_mul(4));
    decoder
        .take(MAX_FILE + 1)
        .read_to_end(&mut plain)
        .map_err(|_| damaged())?;
    if plain.len() as u64 > MAX_FILE {
        return Err(SyncError::refused(
            "size",
            "the decompressed bundle is larger than 1 GiB",
        ));
    }
    Ok(plain)
}
