//! CSV with a header row naming `id` and `text`, optionally `url` and `format`, read one
//! row at a time with the `csv` crate. (Named `table` so that it does not shadow the crate.)

use std::io::{self, Read};

use csv::ByteRecord;

use super::error::CrawlErrorKind;
use super::origin::Origin;
use super::record::{CrawlItem, CrawlRecord, Locator};
use super::stream::ByteStream;
use crate::document::Format;

/// Column positions found in the header row.
#[derive(Clone)]
struct Columns {
    id: usize,
    text: usize,
    url: Option<usize>,
    format: Option<usize>,
}

/// Yields one item per row. A row with the wrong number of fields (what unbalanced quotes
/// turn into) is an error item and the next row is read; a quoted field left open to the
/// end of the input is an error item, and the lines after the row's first are read again
/// (see [`CsvSource::reread_after`]); a failed read ends the file.
pub struct CsvSource {
    reader: csv::Reader<RowGuard>,
    origin: Origin,
    columns: Option<Columns>,
    done: bool,
    row: ByteRecord,
    limit: usize,
    /// Lines before this reader's first: a reader of re-read lines counts from there.
    line_offset: u64,
}

impl CsvSource {
    pub fn new(stream: ByteStream, origin: Origin, limit: usize) -> Self {
        Self::with_columns(stream, origin, limit, None, 0)
    }

    fn with_columns(
        stream: ByteStream,
        origin: Origin,
        limit: usize,
        columns: Option<Columns>,
        line_offset: u64,
    ) -> Self {
        let guard = RowGuard {
            inner: stream,
            read: 0,
            mark: 0,
            limit: limit as u64,
            kept: Vec::new(),
            kept_from: 0,
            eof: false,
        };
        CsvSource {
            reader: csv::ReaderBuilder::new()
                .flexible(false)
                .has_headers(columns.is_none())
                .from_reader(guard),
            origin,
            columns,
            done: false,
            row: ByteRecord::new(),
            limit,
            line_offset,
        }
    }

    /// The row just read, if its quoted field was never closed: the csv crate then reads
    /// to the end of the input, so the row ends there with a quote open. Returns the
    /// bytes after the row's first line, to be read again.
    fn unclosed_quote(&self) -> Option<Vec<u8>> {
        let guard = self.reader.get_ref();
        let start = self.row.position()?.byte();
        let end = self.reader.position().byte();
        if !guard.eof || end != guard.read || start < guard.kept_from {
            return None;
        }
        let raw = guard.kept.get((start - guard.kept_from) as usize..)?;
        if !ends_inside_quotes(raw) {
            return None;
        }
        let first_line = raw.iter().position(|&b| b == b'\n')?;
        Some(raw[first_line + 1..].to_vec())
    }

    /// Go on with a new reader of the rest of the input, after a row with an unclosed
    /// quote, with the same columns (replacing this one, so that many such rows cost no
    /// depth), and report the row.
    fn reread_after(&mut self, rest: Vec<u8>, columns: Columns) -> CrawlItem {
        let line = self.line();
        let lines = rest.iter().filter(|&&b| b == b'\n').count()
            + usize::from(!rest.is_empty() && !rest.ends_with(b"\n"));
        let error = self.origin.error(
            Locator::Line(line),
            CrawlErrorKind::CsvUnclosedQuote { lines },
        );
        *self = Self::with_columns(
            Box::new(io::Cursor::new(rest)),
            self.origin.clone(),
            self.limit,
            Some(columns),
            line,
        );
        error
    }

    /// The file line the row just read starts on.
    fn line(&self) -> u64 {
        self.line_offset + self.row.position().map_or(0, |p| p.line())
    }

    /// A row error goes on to the next row; a read error (which the csv crate reports
    /// without a position, so the reader's own position stands in) ends the file.
    fn error(&mut self, error: csv::Error) -> CrawlItem {
        let line = self.line_offset
            + error
                .position()
                .map_or_else(|| self.reader.position().line(), |p| p.line());
        let at = Locator::Line(line);
        if !error.is_io_error() {
            return self.origin.error(at, CrawlErrorKind::Csv(error));
        }
        self.done = true;
        let io_error = match error.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => io::Error::other(format!("{other:?}")),
        };
        self.origin.read_error(at, io_error)
    }

    fn header(&mut self) -> Result<Columns, Box<CrawlItem>> {
        let headers = match self.reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(Box::new(self.error(e))),
        };
        let names: Vec<String> = headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let find = |name: &str| names.iter().position(|h| h.eq_ignore_ascii_case(name));
        match (find("id"), find("text")) {
            (Some(id), Some(text)) => Ok(Columns {
                id,
                text,
                url: find("url"),
                format: find("format"),
            }),
            _ => Err(Box::new(self.origin.error(
                Locator::Line(1),
                CrawlErrorKind::CsvColumns { found: names },
            ))),
        }
    }

    fn record(&self, columns: &Columns) -> CrawlRecord {
        let line = self.line();
        let mut warnings = Vec::new();
        let mut field = |c: usize| -> String {
            let bytes = self.row.get(c).unwrap_or_default();
            match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => {
                    warnings.push(format!("invalid UTF-8 in column {} replaced", c + 1));
                    String::from_utf8_lossy(bytes).into_owned()
                }
            }
        };
        let text = field(columns.text);
        let id = Some(field(columns.id))
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| format!("{}:{line}", self.origin.name));
        let url = columns.url.map(&mut field).filter(|s| !s.trim().is_empty());
        let format = columns
            .format
            .map(&mut field)
            .and_then(|f| serde_json::from_value(f.trim().to_lowercase().into()).ok())
            .unwrap_or_else(|| Format::detect(&text));
        CrawlRecord {
            json: None,
            raw: None,
            source: self.origin.name.clone(),
            locator: Locator::Line(line),
            id,
            url,
            format,
            text,
            warnings,
        }
    }
}

impl Iterator for CsvSource {
    type Item = CrawlItem;

    fn next(&mut self) -> Option<CrawlItem> {
        if self.done {
            return None;
        }
        let columns = match self.columns.take() {
            Some(c) => c,
            None => match self.header() {
                Ok(c) => c,
                Err(item) => {
                    self.done = true;
                    return Some(*item);
                }
            },
        };
        self.reader.get_mut().mark = self.reader.get_ref().read;
        let item = match self.reader.read_byte_record(&mut self.row) {
            Ok(false) => {
                self.done = true;
                return None;
            }
            Ok(true) => match self.unclosed_quote() {
                Some(rest) => return Some(self.reread_after(rest, columns)),
                None => CrawlItem::Record(self.record(&columns)),
            },
            Err(e) => self.error(e),
        };
        let next_row = self.reader.position().byte();
        self.reader.get_mut().release_before(next_row);
        self.columns = Some(columns);
        Some(item)
    }
}

/// Fails a read once one row has taken more than the record limit: an unclosed quote
/// would otherwise make the rest of a multi-gigabyte file one field in memory.
///
/// It also keeps the bytes from the start of the current row on (at most the limit and a
/// buffer), so that a row with an unclosed quote can be read again line by line.
struct RowGuard {
    inner: ByteStream,
    read: u64,
    mark: u64,
    limit: u64,
    kept: Vec<u8>,
    /// The input offset of `kept[0]`.
    kept_from: u64,
    eof: bool,
}

impl RowGuard {
    /// Forget the bytes before input offset `at` (the start of the next row).
    fn release_before(&mut self, at: u64) {
        let n = (at.saturating_sub(self.kept_from) as usize).min(self.kept.len());
        self.kept.drain(..n);
        self.kept_from += n as u64;
    }
}

impl Read for RowGuard {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read - self.mark > self.limit {
            return Err(io::Error::other(format!(
                "a CSV row is over the record limit of {} bytes (unclosed quote?)",
                self.limit
            )));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.eof |= n == 0 && !buf.is_empty();
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Whether CSV bytes end inside a quoted field, by the quoting rules the csv crate reads
/// with: a quote opens a field only at its start, and a doubled quote inside is a quote.
pub(crate) fn ends_inside_quotes(raw: &[u8]) -> bool {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &b in raw {
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted,
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',' | b'\n') => {
                State::FieldStart
            }
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, _) => State::Unquoted,
        };
    }
    state == State::Quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::crawl::detect::Compression;

    fn read(input: &'static str, limit: usize) -> Vec<CrawlItem> {
        let origin = Origin {
            name: "t.csv".to_string(),
            compression: Compression::None,
        };
        CsvSource::new(Box::new(input.as_bytes()), origin, limit).collect()
    }

    #[test]
    fn rows_with_urls_and_a_broken_row() {
        let input = "id,text,url\na,\"hello, world\",https://a.example/\n,\"multi\nline\",\nb,\"bad \"quote\" here\",x,y\nc,fine,\n";
        let items = read(input, 1000);
        assert_eq!(items.len(), 4, "{items:?}");
        let CrawlItem::Record(a) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(a.url.as_deref(), Some("https://a.example/"));
        assert_eq!(a.locator, Locator::Line(2));
        let CrawlItem::Record(anon) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!((anon.id.as_str(), anon.url.as_ref()), ("t.csv:3", None));
        let CrawlItem::Error(e) = &items[2] else {
            panic!("{items:?}")
        };
        assert!(e.to_string().starts_with("t.csv (line 5): CSV:"), "{e}");
        assert!(matches!(&items[3], CrawlItem::Record(r) if r.id == "c"));
    }

    #[test]
    fn missing_columns_end_the_file() {
        let items = read("id,body\n1,x\n", 1000);
        assert!(matches!(&items[..], [CrawlItem::Error(e)] if e.kind.ends_file()));
    }

    #[test]
    fn an_unclosed_quote_is_reported_and_the_lines_after_it_are_read_again() {
        // Only a quote that stays open to the end is unambiguous: a later quote would
        // close it, and the rows between would be one field (or a row of the wrong width).
        let input = "id,text\n1,\"fine\"\n2,\"never closed\n3,third\n4,fourth";
        let shown: Vec<String> = read(input, 1000)
            .iter()
            .map(|i| match i {
                CrawlItem::Record(r) => format!("{} {} {:?}", r.locator, r.id, r.text),
                CrawlItem::Error(e) => format!("{} {}", e.locator, e.kind),
                CrawlItem::Skipped(s) => s.to_string(),
            })
            .collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(shown[0], "line 2 1 \"fine\"");
        assert!(
            shown[1].starts_with(
                "line 3 CSV: a quoted field opened in this row is never closed, so the 2 line(s)"
            ),
            "{shown:?}"
        );
        assert_eq!(shown[2], "line 4 3 \"third\"");
        assert_eq!(shown[3], "line 5 4 \"fourth\"");
        assert!(!ends_inside_quotes(b"a,\"b \"\"q\"\" c\",d\n"));
        assert!(ends_inside_quotes(b"a,\"b\nc,d"));
    }

    #[test]
    fn an_unclosed_quote_stops_at_the_limit() {
        let long: &'static str = Box::leak(
            format!("id,text\na,\"never closed{}\n", "x".repeat(100_000)).into_boxed_str(),
        );
        let items = read(long, 20_000);
        assert!(
            matches!(&items[..], [CrawlItem::Error(e)] if e.to_string().contains("over the record limit"))
        );
    }
}
