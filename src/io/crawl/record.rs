//! What the crawl reader hands out: documents, files passed over on purpose, and errors,
//! each naming where in its source it was found.

use std::fmt;

use serde::Serialize;

use super::error::CrawlError;
use crate::document::{Document, Format};

/// Where in its source a record, a skip or an error sits, so that a person can go and look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "at")]
pub enum Locator {
    /// The whole file is the document (plain, markdown and HTML files).
    File,
    /// A 1-based line number (JSONL; CSV counts the physical line a record starts on).
    Line(u64),
    /// A byte offset into the decompressed stream (WARC records, and read failures of
    /// whole-file documents). For a `.warc.gz` this is the offset after decompression:
    /// the gzip decoder does not tell which compressed member a byte came from.
    Offset(u64),
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::File => f.write_str("whole file"),
            Locator::Line(n) => write!(f, "line {n}"),
            Locator::Offset(o) => write!(f, "byte {o}"),
        }
    }
}

/// One document found in a crawl, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrawlRecord {
    /// The file path as given or found by the directory walk, or `-` for stdin.
    pub source: String,
    pub locator: Locator,
    /// Stable across runs: the path for whole files, the id field or `path:line` for
    /// JSONL and CSV, the `WARC-Record-ID` (without angle brackets) for WARC.
    pub id: String,
    /// The page's address: a JSONL `url` / `metadata.url`, a CSV `url` column, or
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    pub format: Format,
    pub text: String,
    /// The JSON object a JSONL record came from, when [`super::CrawlOptions::keep_source`]
    /// asks for it: `clean` writes it back with the cleaned text, every other field kept.
    #[serde(skip)]
    pub json: Option<Box<serde_json::Value>>,
    /// The bytes of a whole-file record that is not valid UTF-8 and was read as UTF-8
    /// (each bad sequence one U+FFFD in `text`), when `keep_source` asks for it: `clean`
    /// cuts the spans out of these bytes, so the rest comes out exactly as it came in.
    #[serde(skip)]
    pub raw: Option<Vec<u8>>,
    /// Things that went wrong without losing the record, such as bytes that were not valid
    /// in the declared encoding and were replaced with U+FFFD.
    pub warnings: Vec<String>,
}

impl CrawlRecord {
    /// The record as a document for the detector.
    pub fn into_document(self) -> Document {
        let mut doc = Document::new(self.id, self.text, Some(self.format));
        doc.url = self.url;
        doc
    }
}

/// A file or record passed over on purpose, so that a count of inputs still adds up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub source: String,
    pub locator: Locator,
    pub reason: String,
    /// The bytes of a whole file skipped as binary, when `keep_source` asks for them:
    /// `clean` writes them back unchanged rather than drop them.
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): skipped: {}",
            self.source, self.locator, self.reason
        )
    }
}

/// One item of the crawl stream. Errors are items rather than the end of the stream: the
/// reader goes on with the next record, or the next file, wherever it can.
#[derive(Debug)]
pub enum CrawlItem {
    Record(CrawlRecord),
    Skipped(Skipped),
    Error(CrawlError),
}

impl CrawlItem {
    /// The file (or `-`) the item came from.
    pub fn source(&self) -> &str {
        match self {
            CrawlItem::Record(r) => &r.source,
            CrawlItem::Skipped(s) => &s.source,
            CrawlItem::Error(e) => &e.source_name,
        }
    }

    pub fn locator(&self) -> Locator {
        match self {
            CrawlItem::Record(r) => r.locator,
            CrawlItem::Skipped(s) => s.locator,
            CrawlItem::Error(e) => e.locator,
        }
    }

    pub fn record(self) -> Option<CrawlRecord> {
        match self {
            CrawlItem::Record(r) => Some(r),
            _ => None,
        }
    }
}
