//! WARC 1.0 / 1.1 (ISO 28500) record framing, and the documents in `response`,
//! `resource` and `conversion` (WET) records.
//!
//! Why not the `warc` crate (0.4): it was evaluated and does not fit a crawl auditor.
//! It reports no byte offsets for records, so an error could not say where to look; after a
//! malformed header it cannot find the next record (its streaming iterator skips by the
//! previous record's length), so one bad record would end the file; its header reader
//! grows without bound until it meets a blank line, so a corrupt file can fill memory; it
//! rejects records over semantics we do not need (a `WARC-Date` it cannot parse); and it
//! brings `nom` 7, `chrono`, `uuid` 0.8 and a second gzip implementation. The framing is
//! small — a version line, `Name: value` lines, a blank line, `Content-Length` bytes, two
//! line ends — so it is parsed here, with every line read bounded, the record offset
//! tracked, and a resynchronising scan for the next `WARC/` line after corruption. The
//! HTTP message inside a `response` record is parsed with `httparse` (see [`super::http`]).

use std::io::{self, Read};

use super::decode::{charset_param, decode};
use super::detect::binary_reason;
use super::error::CrawlErrorKind;
use super::http::parse_response;
use super::origin::Origin;
use super::record::{CrawlItem, CrawlRecord, Locator};
use super::stream::{chomp, read_line_bounded, read_up_to, ByteStream, Counting, LineRead};
use crate::document::Format;

/// The longest header line kept; real ones are URLs, rarely over a few kilobytes.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// The largest header block; past it the record is treated as corrupt.
const MAX_HEADER_BLOCK: usize = 1024 * 1024;

/// Yields the documents of a WARC stream. Records of other types (`request`, `metadata`,
/// `warcinfo`, `revisit`), non-text payloads and non-2xx responses are passed over without
/// an item, since a crawl has millions of them.
pub struct WarcSource {
    stream: Option<Counting<ByteStream>>,
    origin: Origin,
    limit: usize,
    line: Vec<u8>,
    /// The offset of a version line already read while scanning past unexpected bytes.
    pending: Option<u64>,
    /// After a corrupt header block, the bytes up to the next version line are that
    /// record's rest, already reported: skip them without a second error.
    resyncing: bool,
}

/// The named fields of one record's header block, in order.
struct Header(Vec<(String, String)>);

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a step of the parser came to.
enum Step {
    /// Boxed: an item is large, and a `Step` is the error side of most results here.
    Item(Box<CrawlItem>),
    /// A record passed over, or nothing yet: go on.
    Continue,
    End,
}

impl WarcSource {
    pub fn new(stream: ByteStream, origin: Origin, limit: usize) -> Self {
        WarcSource {
            stream: Some(Counting::new(stream)),
            origin,
            limit,
            line: Vec::new(),
            pending: None,
            resyncing: false,
        }
    }

    fn step(&mut self) -> Step {
        let start = match self.pending.take() {
            Some(start) => start,
            None => match self.find_record() {
                Ok(start) => start,
                Err(step) => return step,
            },
        };
        let at = Locator::Offset(start);
        let header = match self.read_header(start) {
            Ok(h) => h,
            Err(step) => return step,
        };
        let Some(length) = header
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            self.resyncing = true;
            let kind = CrawlErrorKind::Warc("missing or malformed Content-Length".to_string());
            return Step::Item(Box::new(self.origin.error(at, kind)));
        };
        let kind = header.get("warc-type").unwrap_or("").to_ascii_lowercase();
        let wanted = matches!(kind.as_str(), "response" | "resource" | "conversion");
        if !wanted || length > self.limit as u64 {
            if let Err(step) = self.skip_block(start, length) {
                return step;
            }
            if !wanted {
                return Step::Continue;
            }
            let item = self.origin.too_large(at, length, false, self.limit);
            return Step::Item(Box::new(item));
        }
        match self.read_block(start, length) {
            Ok(block) => match self.document(start, &kind, &header, block) {
                Some(item) => Step::Item(Box::new(item)),
                None => Step::Continue,
            },
            Err(step) => step,
        }
    }

    /// Skip blank lines to the next `WARC/` version line and return its offset. Other
    /// bytes on the way are reported once, as one run, unless they are the rest of a record
    /// already reported as corrupt.
    fn find_record(&mut self) -> Result<u64, Step> {
        let mut unexpected: Option<(u64, u64)> = None;
        loop {
            let stream = self.stream.as_mut().ok_or(Step::End)?;
            let at = stream.offset();
            let read = read_line_bounded(stream, &mut self.line, MAX_HEADER_LINE);
            let version_line = match read {
                Err(e) => return Err(self.end_with(self.origin.read_error(Locator::Offset(at), e))),
                Ok(LineRead::Eof) => {
                    self.stream = None;
                    return Err(match self.unexpected_bytes(unexpected) {
                        Some(item) => Step::Item(Box::new(item)),
                        None => Step::End,
                    });
                }
                Ok(LineRead::Line) if chomp(&self.line).is_empty() => continue,
                Ok(LineRead::Line) => self.line.starts_with(b"WARC/"),
                Ok(LineRead::TooLong(_)) => false,
            };
            if version_line {
                if let Some(item) = self.unexpected_bytes(unexpected) {
                    self.pending = Some(at);
                    self.resyncing = false;
                    return Err(Step::Item(Box::new(item)));
                }
                self.resyncing = false;
                return Ok(at);
            }
            let run = unexpected.get_or_insert((at, 0));
            run.1 = stream_offset(&self.stream) - run.0;
        }
    }

    fn unexpected_bytes(&self, run: Option<(u64, u64)>) -> Option<CrawlItem> {
        let (at, len) = run?;
        if self.resyncing {
            return None;
        }
        let kind = CrawlErrorKind::Warc(format!(
            "{len} bytes that are not a WARC record (wrong Content-Length before them?)"
        ));
        Some(self.origin.error(Locator::Offset(at), kind))
    }

    /// Read `Name: value` lines up to the blank line; a continuation line (leading space or
    /// tab) extends the previous value.
    fn read_header(&mut self, start: u64) -> Result<Header, Step> {
        let at = Locator::Offset(start);
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut size = 0usize;
        loop {
            let stream = self.stream.as_mut().ok_or(Step::End)?;
            let too_long = match read_line_bounded(stream, &mut self.line, MAX_HEADER_LINE) {
                Err(e) => return Err(self.end_with(self.origin.read_error(at, e))),
                Ok(LineRead::Eof) => {
                    let kind = CrawlErrorKind::WarcTruncated("ended in the header block".into());
                    return Err(self.end_with(self.origin.error(at, kind)));
                }
                Ok(LineRead::TooLong(_)) => true,
                Ok(LineRead::Line) => false,
            };
            size += self.line.len();
            let line = chomp(&self.line);
            if line.is_empty() && !too_long {
                return Ok(Header(fields));
            }
            let problem = if too_long || size > MAX_HEADER_BLOCK {
                Some("header line or block too long".to_string())
            } else if matches!(line.first(), Some(b' ' | b'\t')) && !fields.is_empty() {
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(String::from_utf8_lossy(line).trim());
                }
                None
            } else if let Some(colon) = memchr::memchr(b':', line) {
                let name = String::from_utf8_lossy(&line[..colon]).trim().to_string();
                let value = String::from_utf8_lossy(&line[colon + 1..])
                    .trim()
                    .to_string();
                fields.push((name, value));
                None
            } else {
                let shown: String = String::from_utf8_lossy(line).chars().take(60).collect();
                Some(format!("header line without a colon: {shown:?}"))
            };
            if let Some(problem) = problem {
                self.resyncing = true;
                let item = self.origin.error(at, CrawlErrorKind::Warc(problem));
                return Err(Step::Item(Box::new(item)));
            }
        }
    }

    fn read_block(&mut self, start: u64, length: u64) -> Result<Vec<u8>, Step> {
        let stream = self.stream.as_mut().ok_or(Step::End)?;
        let (block, error) = read_up_to(&mut stream.by_ref().take(length), length as usize);
        self.block_end(start, length, block.len() as u64, error)?;
        Ok(block)
    }

    fn skip_block(&mut self, start: u64, length: u64) -> Result<(), Step> {
        let stream = self.stream.as_mut().ok_or(Step::End)?;
        let copied = io::copy(&mut stream.by_ref().take(length), &mut io::sink());
        let (got, error) = match copied {
            Ok(n) => (n, None),
            Err(e) => (0, Some(e)),
        };
        self.block_end(start, length, got, error)
    }

    /// Check that a record's block was read whole; a short read ends the file.
    fn block_end(
        &mut self,
        start: u64,
        length: u64,
        got: u64,
        error: Option<io::Error>,
    ) -> Result<(), Step> {
        let at = Locator::Offset(start);
        if let Some(e) = error {
            return Err(self.end_with(self.origin.read_error(at, e)));
        }
        if got < length {
            let kind = CrawlErrorKind::WarcTruncated(format!(
                "Content-Length is {length} but the stream ends after {got} bytes"
            ));
            return Err(self.end_with(self.origin.error(at, kind)));
        }
        Ok(())
    }

    fn end_with(&mut self, item: CrawlItem) -> Step {
        self.stream = None;
        Step::Item(Box::new(item))
    }

    /// The document in a record's block, if it holds a page.
    fn document(
        &self,
        start: u64,
        kind: &str,
        header: &Header,
        block: Vec<u8>,
    ) -> Option<CrawlItem> {
        let at = Locator::Offset(start);
        let warc_type = header.get("content-type").map(str::to_ascii_lowercase);
        let is_http = kind == "response"
            && match &warc_type {
                Some(ct) => ct.starts_with("application/http"),
                None => block.starts_with(b"HTTP/"),
            };
        let (content_type, body, mut warnings) = if is_http {
            match parse_response(&block, self.limit) {
                Err(e) => return Some(self.origin.error(at, CrawlErrorKind::Http(e))),
                Ok(r) if !(200..300).contains(&r.status) => return None,
                Ok(r) => (r.content_type, r.body.into_owned(), r.warnings),
            }
        } else if kind == "conversion" {
            let ct = header.get("content-type").unwrap_or("text/plain");
            (Some(ct.to_string()), block, Vec::new())
        } else {
            (
                header.get("content-type").map(str::to_string),
                block,
                Vec::new(),
            )
        };
        let format = match page_format(content_type.as_deref()) {
            Kind::Page(format) => Some(format),
            Kind::Unknown if binary_reason(&body).is_none() => None,
            Kind::Unknown | Kind::NotAPage => return None,
        };
        let charset = content_type.as_deref().and_then(charset_param);
        let decoded = decode(&body, charset, format != Some(Format::Text));
        warnings.extend(decoded.warnings);
        let format = format.unwrap_or_else(|| Format::detect(&decoded.text));
        let id = header
            .get("warc-record-id")
            .map(strip_angles)
            .filter(|s| !s.is_empty())
            .map_or_else(|| format!("{}@{start}", self.origin.name), str::to_string);
        let url = header
            .get("warc-target-uri")
            .map(strip_angles)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Some(CrawlItem::Record(CrawlRecord {
            json: None,
            raw: None,
            source: self.origin.name.clone(),
            locator: at,
            id,
            url,
            format,
            text: decoded.text,
            warnings,
        }))
    }
}

impl Iterator for WarcSource {
    type Item = CrawlItem;

    fn next(&mut self) -> Option<CrawlItem> {
        loop {
            self.stream.as_ref()?;
            match self.step() {
                Step::Item(item) => return Some(*item),
                Step::Continue => continue,
                Step::End => return None,
            }
        }
    }
}

fn stream_offset(stream: &Option<Counting<ByteStream>>) -> u64 {
    stream.as_ref().map_or(0, Counting::offset)
}

/// `WARC-Record-ID` and, in WARC 1.0, `WARC-Target-URI` come in angle brackets.
fn strip_angles(value: &str) -> &str {
    let v = value.trim();
    v.strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(v)
}

/// What a payload's media type says about it.
enum Kind {
    Page(Format),
    /// No type, or a generic one: look at the bytes.
    Unknown,
    /// Images, scripts, styles, feeds, PDFs: not what the detector reads.
    NotAPage,
}

fn page_format(content_type: Option<&str>) -> Kind {
    let Some(ct) = content_type else {
        return Kind::Unknown;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Kind::Page(Format::Html),
        "text/plain" => Kind::Page(Format::Text),
        "text/markdown" | "text/x-markdown" => Kind::Page(Format::Markdown),
        "" | "application/octet-stream" | "unknown/unknown" => Kind::Unknown,
        _ => Kind::NotAPage,
    }
}

#[cfg(test)]
#[path = "warc_tests.rs"]
mod tests;
