//! Typed errors of the crawl reader. Every error names its file and where in it the trouble
//! was, so that nothing is lost silently: the caller can count, print or re-read them.

use std::io;

use super::detect::Compression;
use super::record::Locator;

/// An input that could not be read, in whole or in part.
#[derive(Debug, thiserror::Error)]
#[error("{source_name} ({locator}): {kind}")]
pub struct CrawlError {
    /// The file path, or `-` for stdin.
    pub source_name: String,
    pub locator: Locator,
    pub kind: CrawlErrorKind,
}

/// What went wrong. Which of them end the file is said on each variant.
#[derive(Debug, thiserror::Error)]
pub enum CrawlErrorKind {
    /// The path could not be opened or its type read; other inputs go on.
    #[error("cannot open: {0}")]
    Open(#[source] io::Error),
    /// The directory walk failed at this path (unreadable directory, symlink loop); the
    /// walk goes on with the next entry.
    #[error("cannot walk: {0}")]
    Walk(#[source] io::Error),
    /// Reading failed part way; ends the file. For a compressed file this is almost always
    /// a truncated or corrupt stream.
    #[error("{}read failed: {error}", truncation_hint(*.compression))]
    Read {
        compression: Compression,
        #[source]
        error: io::Error,
    },
    /// A JSONL line that is not a JSON object; the next line is read.
    #[error("not a JSON object: {0}")]
    Json(#[source] serde_json::Error),
    /// A JSON line that is valid but is not an object, or lacks the text field.
    #[error("JSON record has no string field `{field}`")]
    MissingText { field: String },
    #[error("JSON record is a {found}, not an object")]
    NotAnObject { found: &'static str },
    /// A blank line where every line must be a record (`json_lines`); the next line is read.
    #[error("blank line")]
    BlankLine,
    /// Broken CSV (a row with the wrong number of fields, which is what unbalanced quotes
    /// come out as); the next row is read.
    #[error("CSV: {0}")]
    Csv(#[source] csv::Error),
    /// A quoted field that is never closed: the csv crate reads the rest of the input
    /// into it. The row is dropped and the lines after its first are read again as rows.
    #[error(
        "CSV: a quoted field opened in this row is never closed, so the {lines} line(s) after it \
         were read into it; the row is skipped and those lines are read again as rows \
         (close the quote, or double a quote inside a quoted field)"
    )]
    CsvUnclosedQuote { lines: usize },
    /// The CSV header lacks `id` or `text`; ends the file.
    #[error("CSV needs the columns `id` and `text`; found {found:?}")]
    CsvColumns { found: Vec<String> },
    /// A record (line, row, WARC block or whole file) larger than
    /// [`super::CrawlOptions::max_record_bytes`]; it is skipped and reading goes on.
    #[error("record of {size}{} bytes is over the limit of {limit}", if *.at_least { "+" } else { "" })]
    TooLarge {
        size: u64,
        at_least: bool,
        limit: usize,
    },
    /// A WARC record whose header block is malformed, or bytes between records that are
    /// not a record; the reader looks for the next `WARC/` line.
    #[error("corrupt WARC record: {0}")]
    Warc(String),
    /// The stream ended inside a WARC record; ends the file.
    #[error("WARC record truncated: {0}")]
    WarcTruncated(String),
    /// The HTTP response inside a WARC `response` record cannot be read; the next record
    /// is read.
    #[error("bad HTTP response in WARC record: {0}")]
    Http(String),
}

fn truncation_hint(compression: Compression) -> &'static str {
    match compression {
        Compression::None => "",
        Compression::Gzip => "gzip stream truncated or corrupt: ",
        Compression::Zstd => "zstd stream truncated or corrupt: ",
    }
}

impl CrawlErrorKind {
    /// Whether this is a record written wrong (a JSONL line or CSV row, a record over the
    /// size limit) rather than input damaged in storage or transit (a truncated
    /// compressed stream, a corrupt WARC record, a file that cannot be opened). The first
    /// is the writer's mistake, which `detect` and `clean` stop at unless told to skip;
    /// the second is reported and the rest of the input read, as a crawl must be.
    pub fn is_bad_record(&self) -> bool {
        matches!(
            self,
            CrawlErrorKind::Json(_)
                | CrawlErrorKind::MissingText { .. }
                | CrawlErrorKind::NotAnObject { .. }
                | CrawlErrorKind::BlankLine
                | CrawlErrorKind::Csv(_)
                | CrawlErrorKind::CsvUnclosedQuote { .. }
                | CrawlErrorKind::CsvColumns { .. }
                | CrawlErrorKind::TooLarge { .. }
        )
    }

    /// Whether reading this file cannot go on after the error.
    pub fn ends_file(&self) -> bool {
        matches!(
            self,
            CrawlErrorKind::Open(_)
                | CrawlErrorKind::Read { .. }
                | CrawlErrorKind::CsvColumns { .. }
                | CrawlErrorKind::WarcTruncated(_)
        )
    }
}
