//! File helpers. Everything gridbook writes goes through [`NewFile`] (or [`write_private`]): a
//! temporary file beside the target, created owner-only (0600) and exclusively (never through a
//! link planted at its name), written, fsynced and renamed into place, then the folder fsynced.
//! So a file is whole or absent, and a symbolic link at the target is replaced, never followed:
//! what it pointed at stays as it was. Files used in place (the window lock) are opened without
//! following a link; input that must be a file is checked to be one before it is read.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Creates `dir` and its parents, owner-only (0700) on Unix. Folders that exist keep their mode.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Writes `bytes` to `path` whole or not at all, owner-only, creating its folders owner-only.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(explain)?;
    }
    let mut file = NewFile::create(path)?;
    file.write_all(bytes)?;
    file.persist()
}

/// A file being written under a temporary name beside its target. [`NewFile::persist`] puts it
/// in place; dropped without that, the temporary file is removed.
#[derive(Debug)]
pub struct NewFile {
    target: PathBuf,
    temp: PathBuf,
    file: File,
    persisted: bool,
}

/// Numbers the temporary files of one process, so two writers of one target never share one.
static SERIAL: AtomicU32 = AtomicU32::new(0);

impl NewFile {
    /// Starts writing `target`. Its folder must exist. Temporary files an interrupted writer of
    /// the same target left behind are removed first (those whose process is gone).
    pub fn create(target: &Path) -> io::Result<Self> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "that is not a file name")
            })?;
        let dir = folder_of(target);
        let stem = temp_stem(&name);
        remove_stale_temps(dir, &stem);
        let pid = std::process::id();
        loop {
            let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(".{stem}.{pid}-{serial}.tmp"));
            match create_new_private(&temp) {
                Ok(file) => {
                    return Ok(Self {
                        target: target.to_path_buf(),
                        temp,
                        file,
                        persisted: false,
                    });
                }
                // Left by an earlier process with this pid: take the next number.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(explain(e)),
            }
        }
    }

    /// The temporary file (for writers that open it by name, such as SQLite's `VACUUM INTO`).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The open temporary file.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Makes the file durable and puts it in place: fsync, rename over the target (a link at
    /// the target is replaced by the file, its own target untouched), fsync of the folder.
    pub fn persist(mut self) -> io::Result<()> {
        self.file.flush().map_err(explain)?;
        self.file.sync_all().map_err(explain)?;
        fs::rename(&self.temp, &self.target).map_err(explain)?;
        self.persisted = true;
        if let Ok(dir) = File::open(folder_of(&self.target)) {
            // Not every file system can sync a folder; the rename has happened either way.
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Write for NewFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(explain)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf).map_err(explain)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(explain)
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The target's name as it appears in its temporary files, short enough that the whole name
/// stays within the 255 bytes file systems allow.
fn temp_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        if stem.len() + c.len_utf8() > 200 {
            break;
        }
        stem.push(c);
    }
    stem
}

/// Creates `path` owner-only, failing if anything (a link included) is already there.
fn create_new_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    opts.open(path)
}

/// Removes `.{stem}.{pid}[-{n}].tmp` files in `dir` whose process is gone (where that cannot be
/// told, nothing is removed).
fn remove_stale_temps(dir: &Path, stem: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").is_dir() {
        return;
    }
    let prefix = format!(".{stem}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .map(|rest| rest.split_once('-').map_or(rest, |(pid, _)| pid))
            .filter(|pid| !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()))
        else {
            continue;
        };
        if !proc.join(pid).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Opens a file used in place (the window lock) for reading and writing, creating it
/// owner-only if missing; a symbolic link at `path` is refused, not followed.
pub fn open_in_place(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    opts.open(path).map_err(explain)
}

/// Opens `path` for reading if it is a regular file (or a link to one). A named pipe, a device
/// or a folder is refused at once, with the error saying which: its type is checked before
/// opening, and again on the open file, which is opened non-blocking so that a pipe swapped in
/// between cannot hang the read.
pub fn open_regular(path: &Path) -> io::Result<File> {
    not_a_file(&fs::metadata(path)?.file_type())?;
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path)?;
    not_a_file(&file.metadata()?.file_type())?;
    Ok(file)
}

fn not_a_file(kind: &fs::FileType) -> io::Result<()> {
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a file; give the path of the file itself"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "not a regular file"
}

/// What gridbook was doing with a file when the system refused: the typed half of an I/O
/// error, so the edge can say it in the user's language. `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoAct {
    Read(std::path::PathBuf),
    /// Writing a file the worker asked for (a bundle, a certificate).
    Write(std::path::PathBuf),
    /// Writing an export, said with what to check.
    WriteExport(std::path::PathBuf),
    WriteBundle,
    ReadBack(std::path::PathBuf),
    CreateLock(std::path::PathBuf),
    Lock(std::path::PathBuf),
    Backup(std::path::PathBuf),
    Remove(std::path::PathBuf),
    CreateDir(std::path::PathBuf),
    ReadPassphrase(std::path::PathBuf),
}

/// An I/O error with what was being done: for the command line's own file work.
#[derive(Debug, thiserror::Error)]
#[error("{act}: {cause}")]
pub struct IoFailed {
    pub act: IoAct,
    pub cause: io::Error,
}

impl IoAct {
    /// The file it is about, if one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Self::Read(p)
            | Self::Write(p)
            | Self::WriteExport(p)
            | Self::ReadBack(p)
            | Self::CreateLock(p)
            | Self::Lock(p)
            | Self::Backup(p)
            | Self::Remove(p)
            | Self::CreateDir(p)
            | Self::ReadPassphrase(p) => Some(p),
            Self::WriteBundle => None,
        }
    }
}

impl std::fmt::Display for IoAct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Read(p) => write!(f, "cannot read {}", p.display()),
            Self::Write(p) => write!(f, "cannot write {}", p.display()),
            Self::WriteExport(p) => write!(
                f,
                "cannot write {} (check that the disk has room and the folder is writable)",
                p.display()
            ),
            Self::WriteBundle => f.write_str("cannot write the bundle"),
            Self::ReadBack(p) => write!(f, "cannot read back {}", p.display()),
            Self::CreateLock(p) => write!(f, "cannot create the lock file {}", p.display()),
            Self::Lock(p) => write!(f, "cannot lock {}", p.display()),
            Self::Backup(p) => write!(f, "cannot back up the database to {}", p.display()),
            Self::Remove(p) => write!(f, "cannot remove {}", p.display()),
            Self::CreateDir(p) => write!(f, "cannot create the folder {}", p.display()),
            Self::ReadPassphrase(p) => {
                write!(f, "cannot read the passphrase file {}", p.display())
            }
        }
    }
}

/// The same error in words a worker can act on, for the failures writing a file commonly meets
/// (a full disk first); others are returned as they are.
pub fn explain(e: io::Error) -> io::Error {
    use io::ErrorKind as K;
    let text = match e.kind() {
        K::StorageFull | K::QuotaExceeded => {
            "the disk is full; free some space and try again (the file was not written)"
        }
        K::FileTooLarge => {
            "the file does not fit (the disk is full or the file is too large for it); free some space or choose another place (the file was not written)"
        }
        K::ReadOnlyFilesystem => "the disk is read-only; choose another place",
        K::PermissionDenied => "permission denied; choose a folder you can write to",
        K::IsADirectory => "a folder of that name is in the way; choose another name",
        _ if is_link_refused(&e) => {
            "it is a symbolic link, and gridbook does not write through links; remove the link or give the real path"
        }
        _ => return e,
    };
    io::Error::new(e.kind(), text)
}

#[cfg(unix)]
fn is_link_refused(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_refused(_: &io::Error) -> bool {
    false
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_is_written_whole_owner_only_and_replaces_a_link_without_following_it() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep me").unwrap();
        let target = dir.path().join("out.csv");
        symlink(&victim, &target).unwrap();
        write_private(&target, b"new").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert!(!fs::symlink_metadata(&target).unwrap().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(mode(&target), 0o600);
        assert_eq!(names(dir.path()), ["out.csv", "victim"]);
    }

    #[test]
    fn a_file_dropped_before_it_is_persisted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.gbx");
        let mut f = NewFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        assert_eq!(mode(f.temp_path()), 0o600);
        drop(f);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn temporary_files_of_a_dead_process_are_cleared_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has a pid this large.
        let dead = dir.path().join(".a.csv.4999999-0.tmp");
        let legacy = dir.path().join(".a.csv.4999998.tmp");
        let live = dir
            .path()
            .join(format!(".a.csv.{}-99999.tmp", std::process::id()));
        let other = dir.path().join(".b.csv.4999999-0.tmp");
        for p in [&dead, &legacy, &live, &other] {
            fs::write(p, b"x").unwrap();
        }
        write_private(&dir.path().join("a.csv"), b"1").unwrap();
        assert!(!dead.exists() && !legacy.exists());
        assert!(live.exists() && other.exists());
    }

    #[test]
    fn a_folder_at_the_target_is_an_error_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("taken");
        fs::create_dir(&target).unwrap();
        assert!(write_private(&target, b"x").is_err());
        assert_eq!(names(dir.path()), ["taken"]);
    }

    #[test]
    fn a_file_used_in_place_is_owner_only_and_never_opened_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("db.lock");
        open_in_place(&lock).unwrap();
        assert_eq!(mode(&lock), 0o600);
        fs::remove_file(&lock).unwrap();
        let nowhere = dir.path().join("nowhere");
        symlink(&nowhere, &lock).unwrap();
        let err = open_in_place(&lock).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!nowhere.exists());
    }

    #[test]
    fn only_regular_files_open_as_input() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, b"x").unwrap();
        assert!(open_regular(&file).is_ok());
        let link = dir.path().join("l");
        symlink(&file, &link).unwrap();
        assert!(open_regular(&link).is_ok());
        let e = open_regular(dir.path()).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        let e = open_regular(Path::new("/dev/null")).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
    }

    #[test]
    fn a_full_disk_reads_as_a_full_disk() {
        let e = explain(io::Error::from(io::ErrorKind::StorageFull));
        assert!(e.to_string().starts_with("the disk is full"));
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        let other = explain(io::Error::other("odd"));
        assert_eq!(other.to_string(), "odd");
    }
}
