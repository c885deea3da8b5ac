//! The crawl input layer: every form a web crawl comes in, read as one stream of
//! documents for `spamspan audit`.
//!
//! Inputs are files, directories (walked recursively in sorted path order, so the output
//! is the same on every run, skipping dot-files) and stdin (`-`). Each input's layout —
//! whole-file text, markdown or HTML; JSON Lines; CSV; WARC / WET — and its compression
//! (gzip, multi-member included, or zstd) are found from its bytes and its name, unless
//! [`CrawlOptions`] fixes them.
//!
//! [`Crawl`] is an iterator of [`CrawlItem`]s holding one record in memory at a time, so a
//! multi-gigabyte dump streams through. Problems are items too, never a panic or an abort:
//! a bad line or row, or a corrupt WARC record, is a [`CrawlError`] naming the file and the
//! line or byte offset, and reading goes on with the next record; a truncated compressed
//! stream ends its file, and the other inputs go on; binary files are [`Skipped`].
//!
//! ```no_run
//! use spamspan::io::crawl::{Crawl, CrawlItem, CrawlOptions};
//!
//! for item in Crawl::new(["crawl/", "-"], CrawlOptions::default()) {
//!     match item {
//!         CrawlItem::Record(r) => println!("{} {:?} {}", r.id, r.url, r.text.len()),
//!         CrawlItem::Skipped(s) => eprintln!("{s}"),
//!         CrawlItem::Error(e) => eprintln!("{e}"),
//!     }
//! }
//! ```

mod decode;
mod detect;
mod error;
mod http;
mod jsonl;
mod meter;
mod open;
mod origin;
mod plain;
mod record;
mod stream;
mod table;
mod warc;

#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

pub use decode::{charset_param, decode, Decoded};
pub use detect::{binary_reason, Compression, InputFormat};
pub use error::{CrawlError, CrawlErrorKind};
pub use jsonl::{json_lines, set_text, JsonFields};
pub use meter::ByteMeter;
pub use record::{CrawlItem, CrawlRecord, Locator, Skipped};

use meter::Metered;
use open::{one, open_stream, Records};
use origin::Origin;
pub(crate) use table::ends_inside_quotes;

/// How to read the inputs. The defaults detect everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlOptions {
    /// Read every input in this layout instead of detecting it.
    pub format: Option<InputFormat>,
    /// Take every input to be compressed so (or not at all) instead of detecting it.
    pub compression: Option<Compression>,
    /// The JSONL fields holding the text and the id.
    pub json_fields: JsonFields,
    /// The largest record (a line, a row, a WARC block, a whole file) held in memory;
    /// larger ones are reported as errors and skipped.
    pub max_record_bytes: usize,
    /// Keep what is needed to write a record back as it came, changed only where it is
    /// cleaned: a JSONL record's JSON object ([`CrawlRecord::json`]), and the bytes of a
    /// whole file that is not valid UTF-8 ([`CrawlRecord::raw`]).
    pub keep_source: bool,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            format: None,
            compression: None,
            json_fields: JsonFields::default(),
            max_record_bytes: 64 << 20,
            keep_source: false,
        }
    }
}

/// The directory walk: sorted by file name at each level, which is sorted path order,
/// symlinks followed (walkdir reports loops), dot-files and dot-directories skipped.
type Walk = walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>;

/// A stream of the documents, skips and errors of a list of inputs, in input order and,
/// within a directory, in sorted path order.
pub struct Crawl {
    inputs: VecDeque<PathBuf>,
    walk: Option<Walk>,
    current: Option<Records>,
    options: CrawlOptions,
    meter: Option<ByteMeter>,
}

impl Crawl {
    /// Read files, directories and `-` (stdin), in the order given.
    pub fn new<I, P>(inputs: I, options: CrawlOptions) -> Crawl
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        Crawl {
            inputs: inputs.into_iter().map(Into::into).collect(),
            walk: None,
            current: None,
            options,
            meter: None,
        }
    }

    /// Read one already-open stream, named `name` in records and errors; the name's suffix
    /// suggests the layout as a file name would.
    pub fn from_reader(
        name: impl Into<String>,
        reader: impl Read + Send + 'static,
        options: CrawlOptions,
    ) -> Crawl {
        let name = name.into();
        let current = open_stream(
            Box::new(reader),
            name.clone(),
            Some(Path::new(&name)),
            &options,
        );
        Crawl {
            inputs: VecDeque::new(),
            walk: None,
            current: Some(current),
            options,
            meter: None,
        }
    }

    /// Count the bytes read from every input opened from now on (files and stdin, as
    /// stored: compressed bytes for a compressed file) into `meter`.
    pub fn with_meter(mut self, meter: ByteMeter) -> Crawl {
        self.meter = Some(meter);
        self
    }

    /// `reader`, counted by the meter if there is one.
    fn metered(&self, reader: impl Read + Send + 'static) -> Box<dyn Read + Send> {
        match &self.meter {
            Some(meter) => Box::new(Metered {
                inner: reader,
                meter: meter.clone(),
            }),
            None => Box::new(reader),
        }
    }

    /// The items of the next file, or `None` when every input is done.
    fn next_input(&mut self) -> Option<Records> {
        loop {
            if let Some(walk) = self.walk.as_mut() {
                match walk.next() {
                    None => self.walk = None,
                    Some(Ok(entry)) if entry.file_type().is_file() => {
                        return Some(self.open_path(entry.path()))
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                        let origin = origin(&path);
                        return Some(one(
                            origin.error(Locator::File, CrawlErrorKind::Walk(e.into()))
                        ));
                    }
                }
                continue;
            }
            let input = self.inputs.pop_front()?;
            if input.as_os_str() == "-" {
                let stdin = self.metered(std::io::stdin());
                return Some(open_stream(stdin, "-".to_string(), None, &self.options));
            }
            match std::fs::metadata(&input) {
                Ok(meta) if meta.is_dir() => {
                    let walk = WalkDir::new(&input).follow_links(true).sort_by_file_name();
                    self.walk = Some(
                        walk.into_iter()
                            .filter_entry(visible as fn(&DirEntry) -> bool),
                    );
                }
                Ok(_) => return Some(self.open_path(&input)),
                Err(e) => {
                    let origin = origin(&input);
                    return Some(one(origin.error(Locator::File, CrawlErrorKind::Open(e))));
                }
            }
        }
    }

    fn open_path(&self, path: &Path) -> Records {
        let name = path.display().to_string();
        match File::open(path) {
            Ok(file) => open_stream(self.metered(file), name, Some(path), &self.options),
            Err(e) => one(origin(path).error(Locator::File, CrawlErrorKind::Open(e))),
        }
    }
}

impl Iterator for Crawl {
    type Item = CrawlItem;

    fn next(&mut self) -> Option<CrawlItem> {
        loop {
            if let Some(records) = self.current.as_mut() {
                if let Some(item) = records.next() {
                    return Some(item);
                }
                self.current = None;
            }
            self.current = Some(self.next_input()?);
        }
    }
}

/// The total size in bytes of the files that `inputs` name, directories walked as
/// [`Crawl`] walks them: what a progress bar can count down. `None` when stdin (`-`) is
/// among the inputs, since its size is unknown. Unreadable entries count as empty; the
/// crawl itself reports them.
pub fn input_size<I, P>(inputs: I) -> Option<u64>
where
    I: IntoIterator<Item = P>,
    P: AsRef<Path>,
{
    let mut total = 0u64;
    for input in inputs {
        let input = input.as_ref();
        if input.as_os_str() == "-" {
            return None;
        }
        let walk = WalkDir::new(input)
            .follow_links(true)
            .into_iter()
            .filter_entry(visible);
        for entry in walk.flatten() {
            if entry.file_type().is_file() {
                total += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    Some(total)
}

/// Whether a walked entry is read: dot-files and dot-directories below the given root are
/// not (version control, editor backups, `.DS_Store`).
fn visible(entry: &DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().as_encoded_bytes().starts_with(b".")
}

/// The origin of a file-level error, before its compression is known.
fn origin(path: &Path) -> Origin {
    Origin {
        name: path.display().to_string(),
        compression: Compression::None,
    }
}
