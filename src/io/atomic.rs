//! Files written atomically: the bytes go to a hidden temporary file in the target's own
//! directory, which is fsynced and renamed over the target only when everything was
//! written. An interrupted or failed run leaves the old file or the complete new one,
//! never half a prediction file, report or model.
//!
//! Only regular files are replaced. A target that is a device, a pipe or a socket
//! (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written in place: renaming a file over
//! `/dev/null` would turn it into a regular file that every later reader of /dev/null then
//! reads back (seen: cargo's compiler probe failing on text other programs had thrown
//! away). A symbolic link is followed, and the file it names replaced, so the link stays.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A file being written; [`AtomicFile::commit`] puts it in place. Dropped without a commit
/// (an error, a panic), it removes its temporary file and the target is untouched.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    /// `None` when the target is written in place (not a regular file).
    tmp_path: Option<PathBuf>,
    file: Option<File>,
}

impl AtomicFile {
    /// Start writing `target`. Fails at once when its directory cannot take a new file,
    /// so a bad output path is reported before any work is done.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        if let Ok(meta) = fs::metadata(target) {
            if meta.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the path is a directory",
                ));
            }
            if !meta.is_file() {
                let file = OpenOptions::new().write(true).open(target)?;
                return Ok(AtomicFile {
                    target: target.to_path_buf(),
                    tmp_path: None,
                    file: Some(file),
                });
            }
        }
        let is_link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
        let target = match is_link {
            true => fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf()),
            false => target.to_path_buf(),
        };
        let file_name = target.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
        })?;
        let (tmp_path, file) = create_temp(target_dir(&target), file_name)?;
        Ok(AtomicFile {
            target,
            tmp_path: Some(tmp_path),
            file: Some(file),
        })
    }

    /// Flush to disk and rename over the target.
    pub fn commit(mut self) -> io::Result<()> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("already committed"))?;
        let Some(tmp_path) = &self.tmp_path else {
            // A device or pipe: nothing to sync or rename.
            return file.flush();
        };
        file.sync_all()?;
        drop(file);
        fs::rename(tmp_path, &self.target)?;
        sync_dir(target_dir(&self.target));
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("write after commit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let (Some(_), Some(tmp_path)) = (self.file.take(), &self.tmp_path) {
            // Best effort: the error that stopped the write matters more.
            let _ = fs::remove_file(tmp_path);
        }
    }
}

/// Write `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// The directory the temporary file goes in: the target's own, so the rename never
/// crosses file systems. A bare file name has an empty parent, meaning the current one.
fn target_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Create a new, uniquely named hidden file next to the target. `create_new` guarantees we
/// never clobber someone else's file; the pid and a counter keep concurrent writers (other
/// processes, other threads) apart.
fn create_temp(dir: &Path, file_name: &OsStr) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut last_err = None;
    for _ in 0..64 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut name = OsString::from(".");
        name.push(file_name);
        name.push(format!(".{}.{n}.tmp", std::process::id()));
        let tmp_path = dir.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp_path)
        {
            Ok(file) => return Ok((tmp_path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::other("could not create a temporary file")))
}

/// Make the rename itself durable. Best effort: some file systems refuse to fsync a
/// directory, and the file's contents are already safely on disk by then.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_target_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        fs::write(&target, "old\n").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        assert_eq!(entries(dir.path()), ["out.jsonl"]);
    }

    #[test]
    fn an_abandoned_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half a rep").unwrap();
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(dir.path()), ["report.html"]);
    }

    #[test]
    fn the_temporary_file_goes_next_to_the_target() {
        assert_eq!(target_dir(Path::new("m.spamspan")), Path::new("."));
        assert_eq!(target_dir(Path::new("out/m.spamspan")), Path::new("out"));
        assert_eq!(target_dir(Path::new("/m.spamspan")), Path::new("/"));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_written_in_place_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        if fs::metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device()) {
            write_atomically(Path::new("/dev/null"), b"gone\n").unwrap();
            let meta = fs::symlink_metadata("/dev/null").unwrap();
            assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
        }
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
            };
            write_atomically(&fifo, b"through the pipe\n").unwrap();
            assert_eq!(reader.join().unwrap(), "through the pipe\n");
            assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
            assert_eq!(entries(dir.path()), ["fifo"]);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.jsonl");
        let link = dir.path().join("link.jsonl");
        fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
        assert_eq!(entries(dir.path()), ["link.jsonl", "real.jsonl"]);
    }

    #[test]
    fn a_bad_directory_fails_at_once() {
        let dir = tempfile::tempdir().unwrap();
        assert!(AtomicFile::create(&dir.path().join("missing/out.jsonl")).is_err());
        assert!(AtomicFile::create(Path::new("/")).is_err());
    }
}
