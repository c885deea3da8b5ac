//! Whole-file layouts: a `.txt`, `.md` or `.html` file (or stdin) is one document, read
//! into memory up to the record size limit.

use super::decode::decode;
use super::detect::binary_reason;
use super::origin::Origin;
use super::record::{CrawlItem, CrawlRecord, Locator};
use super::stream::{read_up_to, ByteStream};
use crate::document::Format;

/// Yields the one document of a whole-file input, or why there is none.
pub struct PlainSource {
    stream: Option<ByteStream>,
    origin: Origin,
    format: Option<Format>,
    limit: usize,
    keep_raw: bool,
}

impl PlainSource {
    /// `format` is `None` when it is to be guessed from the text.
    pub fn new(stream: ByteStream, origin: Origin, format: Option<Format>, limit: usize) -> Self {
        PlainSource {
            stream: Some(stream),
            origin,
            format,
            limit,
            keep_raw: false,
        }
    }

    /// Keep the bytes of a file that is not valid UTF-8 in [`CrawlRecord::raw`].
    pub fn keeping_raw(mut self, keep: bool) -> Self {
        self.keep_raw = keep;
        self
    }

    fn read(&self, mut stream: ByteStream) -> CrawlItem {
        let (bytes, error) = read_up_to(&mut stream, self.limit.saturating_add(1));
        if let Some(error) = error {
            return self
                .origin
                .read_error(Locator::Offset(bytes.len() as u64), error);
        }
        if bytes.len() > self.limit {
            return self
                .origin
                .too_large(Locator::File, bytes.len() as u64, true, self.limit);
        }
        // The sniff saw only the head; a NUL further on still means this is no text.
        if let Some(reason) = binary_reason(&bytes) {
            return if self.keep_raw {
                self.origin.skipped_keeping(reason, bytes)
            } else {
                self.origin.skipped(Locator::File, reason)
            };
        }
        let decoded = decode(&bytes, None, self.format != Some(Format::Text));
        let format = self.format.unwrap_or_else(|| Format::detect(&decoded.text));
        // Only a lossy UTF-8 reading maps back to the bytes one U+FFFD per bad sequence;
        // a page in another charset comes out transcoded.
        let raw = (self.keep_raw && decoded.lossy_utf8).then_some(bytes);
        CrawlItem::Record(CrawlRecord {
            json: None,
            raw,
            source: self.origin.name.clone(),
            locator: Locator::File,
            id: self.origin.name.clone(),
            url: None,
            format,
            text: decoded.text,
            warnings: decoded.warnings,
        })
    }
}

impl Iterator for PlainSource {
    type Item = CrawlItem;

    fn next(&mut self) -> Option<CrawlItem> {
        let stream = self.stream.take()?;
        Some(self.read(stream))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::crawl::detect::Compression;

    fn origin() -> Origin {
        Origin {
            name: "page".to_string(),
            compression: Compression::None,
        }
    }

    fn read(bytes: &'static [u8], format: Option<Format>, limit: usize) -> Vec<CrawlItem> {
        PlainSource::new(Box::new(bytes), origin(), format, limit).collect()
    }

    #[test]
    fn one_document_with_guessed_format() {
        let items = read(b"<html><body><a href=\"x\">x</a></body></html>", None, 1000);
        let [CrawlItem::Record(r)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!((r.id.as_str(), r.format), ("page", Format::Html));
    }

    #[test]
    fn invalid_utf8_is_kept_with_a_warning() {
        let items = read(b"na\xefve", Some(Format::Text), 1000);
        let [CrawlItem::Record(r)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(r.text, "na\u{fffd}ve");
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn oversized_and_late_binary_files_are_reported() {
        let items = read(b"0123456789", None, 4);
        assert!(
            matches!(&items[..], [CrawlItem::Error(e)] if e.to_string().contains("over the limit"))
        );
        let items = read(b"text then \0 a NUL", None, 100);
        assert!(matches!(&items[..], [CrawlItem::Skipped(_)]));
    }
}
