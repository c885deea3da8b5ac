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
struct Columns {
    id: usize,
    text: usize,
    url: Option<usize>,
    format: Option<usize>,
}

/// Yields one item per row. A row with the wrong number of fields (what unbalanced quotes
/// turn into) is an error item and the next row is read; a failed read ends the file.
pub struct CsvSource {
    reader: csv::Reader<RowGuard>,
    origin: Origin,
    columns: Option<Columns>,
    done: bool,
    row: ByteRecord,
}

impl CsvSource {
    pub fn new(stream: ByteStream, origin: Origin, limit: usize) -> Self {
        let guard = RowGuard {
            inner: stream,
            read: 0,
            mark: 0,
            limit: limit as u64,
        };
        CsvSource {
            reader: csv::ReaderBuilder::new().flexible(false).from_reader(guard),
            origin,
            columns: None,
            done: false,
            row: ByteRecord::new(),
        }
    }

    /// A row error goes on to the next row; a read error (which the csv crate reports
    /// without a position, so the reader's own position stands in) ends the file.
    fn error(&mut self, error: csv::Error) -> CrawlItem {
        let line = error
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
        let line = self.row.position().map_or(0, |p| p.line());
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
            Ok(true) => CrawlItem::Record(self.record(&columns)),
            Err(e) => self.error(e),
        };
        self.columns = Some(columns);
        Some(item)
    }
}

/// Fails a read once one row has taken more than the record limit: an unclosed quote
/// would otherwise make the rest of a multi-gigabyte file one field in memory.
struct RowGuard {
    inner: ByteStream,
    read: u64,
    mark: u64,
    limit: u64,
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
        Ok(n)
    }
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
