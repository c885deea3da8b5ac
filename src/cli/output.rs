//! Where a command writes its results: standard output, or a file that appears only when
//! the command has written all of it (see [`spamspan::io::atomic`]), so an interrupted run
//! never leaves half a prediction file or report behind.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use spamspan::io::atomic::AtomicFile;

pub enum Output {
    Stdout(BufWriter<io::Stdout>),
    File {
        writer: BufWriter<AtomicFile>,
        path: PathBuf,
    },
}

impl Output {
    /// Standard output for `None` or `-`, else a new file at `path` (its directory is
    /// checked now, so a bad path fails before any work is done).
    pub fn open(path: Option<&Path>) -> Result<Output> {
        Ok(match path {
            None => Output::Stdout(BufWriter::new(io::stdout())),
            Some(p) if p.as_os_str() == "-" => Output::Stdout(BufWriter::new(io::stdout())),
            Some(p) => Output::File {
                writer: BufWriter::new(
                    AtomicFile::create(p)
                        .with_context(|| format!("cannot create {}", p.display()))?,
                ),
                path: p.to_path_buf(),
            },
        })
    }

    /// Flush everything and, for a file, put it in place.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().context("writing to standard output"),
            Output::File { writer, path } => writer
                .into_inner()
                .map_err(|e| e.into_error())
                .and_then(AtomicFile::commit)
                .with_context(|| format!("cannot write {}", path.display())),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { writer, .. } => writer.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { writer, .. } => writer.flush(),
        }
    }
}
