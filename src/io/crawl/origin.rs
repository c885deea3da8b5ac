//! The input a layout reader is working on: its name and compression, for stamping onto
//! the records and errors it yields.

use std::io;

use super::detect::Compression;
use super::error::{CrawlError, CrawlErrorKind};
use super::record::{CrawlItem, Locator, Skipped};

#[derive(Debug, Clone)]
pub struct Origin {
    /// The file path, or `-` for stdin.
    pub name: String,
    pub compression: Compression,
}

impl Origin {
    pub fn error(&self, locator: Locator, kind: CrawlErrorKind) -> CrawlItem {
        CrawlItem::Error(CrawlError {
            source_name: self.name.clone(),
            locator,
            kind,
        })
    }

    /// A failed read: in a compressed file, almost always a truncated stream.
    pub fn read_error(&self, locator: Locator, error: io::Error) -> CrawlItem {
        self.error(
            locator,
            CrawlErrorKind::Read {
                compression: self.compression,
                error,
            },
        )
    }

    pub fn too_large(
        &self,
        locator: Locator,
        size: u64,
        at_least: bool,
        limit: usize,
    ) -> CrawlItem {
        self.error(
            locator,
            CrawlErrorKind::TooLarge {
                size,
                at_least,
                limit,
            },
        )
    }

    pub fn skipped(&self, locator: Locator, reason: impl Into<String>) -> CrawlItem {
        CrawlItem::Skipped(Skipped {
            source: self.name.clone(),
            locator,
            reason: reason.into(),
            bytes: None,
        })
    }

    /// A whole file skipped as binary, its bytes kept.
    pub fn skipped_keeping(&self, reason: impl Into<String>, bytes: Vec<u8>) -> CrawlItem {
        CrawlItem::Skipped(Skipped {
            source: self.name.clone(),
            locator: Locator::File,
            reason: reason.into(),
            bytes: Some(bytes),
        })
    }
}
