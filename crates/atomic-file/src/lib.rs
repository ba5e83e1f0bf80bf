//! # atomic-file
//!
//! Files written so that nothing is ever half-written and nothing is lost:
//! the content goes to a temporary file in the target's folder, is flushed to
//! disk (`fsync`), and is renamed over the target. A failure at any point
//! leaves the existing target untouched.
//!
//! ```
//! use std::io::Write;
//! use atomic_file::{AtomicFile, Overwrite};
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("results.jsonl");
//! std::fs::write(&path, "old\n")?;
//!
//! let mut out = AtomicFile::create(&path, Overwrite::Allow)?;
//! writeln!(out, "new")?;
//! assert_eq!(std::fs::read_to_string(&path)?, "old\n"); // not yet visible
//! out.commit()?;
//! assert_eq!(std::fs::read_to_string(&path)?, "new\n");
//!
//! let abandoned = AtomicFile::create(&path, Overwrite::Allow)?;
//! drop(abandoned); // an error path: the target keeps its content
//! assert_eq!(std::fs::read_to_string(&path)?, "new\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use thiserror::Error;

/// What went wrong, always naming the file.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AtomicFileError {
    /// Reading, writing, syncing or renaming failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done (`creating a temporary file in`, `writing`, ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The target exists and overwriting was not allowed.
    #[error("{path} already exists (pass --force to replace it)")]
    Exists {
        /// The target.
        path: PathBuf,
    },
    /// The output is one of the inputs: writing it would destroy the input.
    #[error("the output {output} is the input {input}: choose another output file")]
    SameAsInput {
        /// The output as given.
        output: PathBuf,
        /// The input it is the same file as.
        input: PathBuf,
    },
}

impl AtomicFileError {
    fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        AtomicFileError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<AtomicFileError> for io::Error {
    fn from(e: AtomicFileError) -> Self {
        let kind = match &e {
            AtomicFileError::Io { source, .. } => source.kind(),
            AtomicFileError::Exists { .. } => io::ErrorKind::AlreadyExists,
            AtomicFileError::SameAsInput { .. } => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, e)
    }
}

/// Whether an existing target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace an existing target (like a shell redirection, but atomic).
    Allow,
    /// Fail with [`AtomicFileError::Exists`] when the target exists.
    Refuse,
}

/// The file a rename must replace: the target of a symlink, so that writing
/// through a link updates the file it points to rather than the link.
fn resolved_target(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A file being written: invisible until [`AtomicFile::commit`], removed if
/// dropped before.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    writer: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Start writing `path` (a temporary file in its folder).
    pub fn create(path: impl AsRef<Path>, overwrite: Overwrite) -> Result<Self, AtomicFileError> {
        let target = resolved_target(path.as_ref());
        if overwrite == Overwrite::Refuse && target.exists() {
            return Err(AtomicFileError::Exists { path: target });
        }
        let dir = parent_dir(&target);
        let tmp = tempfile::Builder::new()
            .prefix(".credito-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| AtomicFileError::io("creating a temporary file in", dir, e))?;
        Ok(AtomicFile {
            target,
            writer: BufWriter::with_capacity(64 * 1024, tmp),
        })
    }

    /// The file that [`AtomicFile::commit`] will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flush, sync to disk and rename over the target.
    pub fn commit(self) -> Result<(), AtomicFileError> {
        let target = self.target;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| AtomicFileError::io("writing", &target, e.into_error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| AtomicFileError::io("syncing", &target, e))?;
        tmp.persist(&target)
            .map_err(|e| AtomicFileError::io("renaming into place", &target, e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Write `bytes` to `path` atomically, replacing any existing file.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("model.json");
/// atomic_file::write_atomic(&path, b"{}")?;
/// assert_eq!(std::fs::read(&path)?, b"{}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomic(path: impl AsRef<Path>, bytes: &[u8]) -> Result<(), AtomicFileError> {
    let mut file = AtomicFile::create(path, Overwrite::Allow)?;
    let target = file.target.clone();
    file.write_all(bytes)
        .map_err(|e| AtomicFileError::io("writing", &target, e))?;
    file.commit()
}

/// `true` when `a` and `b` name the same file: the same inode when both exist
/// (so symlinks, `./` and hard links are seen through), else the same
/// canonical folder and file name.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    canonical_lexical(a) == canonical_lexical(b)
}

fn canonical_lexical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let dir = fs::canonicalize(parent_dir(path)).ok()?;
    Some(dir.join(path.file_name()?))
}

/// Refuse an `output` that is one of `inputs` (`-` entries, standard input
/// and output, are never the same file).
///
/// ```
/// use std::path::Path;
/// let dir = tempfile::tempdir()?;
/// let input = dir.path().join("a.jsonl");
/// std::fs::write(&input, "{}\n")?;
/// let through_dot = dir.path().join(".").join("a.jsonl");
/// assert!(atomic_file::ensure_distinct(&through_dot, &[&input]).is_err());
/// assert!(atomic_file::ensure_distinct(Path::new("-"), &[Path::new("-")]).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn ensure_distinct(output: &Path, inputs: &[&Path]) -> Result<(), AtomicFileError> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    for input in inputs {
        if input.as_os_str() != "-" && same_file(output, input) {
            return Err(AtomicFileError::SameAsInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}
