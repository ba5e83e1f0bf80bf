//! Where every command writes: standard output for `-`, otherwise an
//! [`AtomicFile`] that appears only when the command finishes, so an existing
//! file is left untouched on any failure and an abort never leaves half a file.

use std::io::{self, BufWriter, Stdout, Write};
use std::path::Path;

use atomic_file::{ensure_distinct, AtomicFile, Overwrite};

use super::CliError;

/// An output opened for a command.
pub enum Output {
    /// `-`: standard output.
    Stdout(BufWriter<Stdout>),
    /// A file, replaced atomically by [`Output::finish`].
    File(AtomicFile),
}

impl Output {
    /// Open `path` (`-` for standard output), refusing a path that is one of
    /// `inputs` and, with [`Overwrite::Refuse`], one that exists.
    pub fn open(path: &Path, inputs: &[&Path], overwrite: Overwrite) -> Result<Self, CliError> {
        ensure_distinct(path, inputs)?;
        if path.as_os_str() == "-" {
            return Ok(Output::Stdout(BufWriter::new(io::stdout())));
        }
        Ok(Output::File(AtomicFile::create(path, overwrite)?))
    }

    /// Make the output visible: flush standard output, or commit the file.
    pub fn finish(self) -> Result<(), CliError> {
        match self {
            Output::Stdout(mut w) => w
                .flush()
                .map_err(|e| CliError(format!("cannot write to standard output: {e}"))),
            Output::File(file) => Ok(file.commit()?),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File(f) => f.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}
