//! Readers for labelled and unlabelled documents: JSONL (FORMAT.md), CSV with columns
//! `id,text,spans` (spans as a JSON array), and plain files (one document each).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::crawl::ends_inside_quotes;
use super::LabelledDoc;
use crate::document::Format;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{source_name}:{line}: not a valid document record: {detail}")]
    BadRecord {
        source_name: String,
        line: u64,
        detail: String,
    },
    #[error("{source_name}:{line}: I/O error: {source}")]
    Io {
        source_name: String,
        line: u64,
        source: std::io::Error,
    },
    #[error("{source_name}: CSV needs the columns `id` and `text` (and `spans` for training); found {found:?}")]
    CsvColumns {
        source_name: String,
        found: Vec<String>,
    },
}

/// How a file's documents are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Jsonl,
    Csv,
    /// The whole file is one document.
    Plain(Option<Format>),
}

impl Layout {
    /// The layout a file name suggests.
    pub fn from_path(path: &Path) -> Layout {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Layout::Jsonl,
            "csv" => Layout::Csv,
            "html" | "htm" => Layout::Plain(Some(Format::Html)),
            "md" | "markdown" => Layout::Plain(Some(Format::Markdown)),
            "txt" => Layout::Plain(Some(Format::Text)),
            _ => Layout::Plain(None),
        }
    }
}

/// Read every document of a file in the layout its name suggests.
pub fn read_path(path: &Path) -> Result<Vec<LabelledDoc>, ReadError> {
    let file = File::open(path).map_err(|source| ReadError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    match Layout::from_path(path) {
        Layout::Jsonl => read_jsonl(BufReader::new(file), &name),
        Layout::Csv => read_csv(file, &name),
        Layout::Plain(format) => read_plain(file, &name, format),
    }
}

/// One labelled document per non-empty line.
pub fn read_jsonl(reader: impl BufRead, source_name: &str) -> Result<Vec<LabelledDoc>, ReadError> {
    let mut docs = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|source| ReadError::Io {
            source_name: source_name.to_string(),
            line: line_no,
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: LabelledDoc = serde_json::from_str(&line).map_err(|e| ReadError::BadRecord {
            source_name: source_name.to_string(),
            line: line_no,
            detail: e.to_string(),
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

/// CSV with a header naming `id`, `text`, and optionally `spans` (a JSON array of span
/// objects), `format` and `url`. A quoted field left open to the end of the file (which
/// the csv crate reads the rest of the file into) is an error naming its row's line.
pub fn read_csv(reader: impl Read, source_name: &str) -> Result<Vec<LabelledDoc>, ReadError> {
    let bytes = read_all(reader, source_name)?;
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(bytes.as_slice());
    let bad = |line: u64, detail: String| ReadError::BadRecord {
        source_name: source_name.to_string(),
        line,
        detail,
    };
    let headers = csv.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id_col), Some(text_col)) = (column("id"), column("text")) else {
        return Err(ReadError::CsvColumns {
            source_name: source_name.to_string(),
            found: headers.iter().map(str::to_string).collect(),
        });
    };
    let (spans_col, format_col, url_col) = (column("spans"), column("format"), column("url"));
    let mut docs = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(bad(e.position().map_or(0, |p| p.line()), e.to_string())),
        }
        let line = record.position().map_or(0, |p| p.line());
        let start = record.position().map_or(0, |p| p.byte() as usize);
        if csv.position().byte() as usize == bytes.len()
            && ends_inside_quotes(bytes.get(start..).unwrap_or_default())
        {
            return Err(bad(
                line,
                "a quoted field opened in this row is never closed, so the rest of the file was read into it; \
                 close the quote (or double a quote inside a quoted field)"
                    .to_string(),
            ));
        }
        let field = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .filter(|s| !s.trim().is_empty())
        };
        let spans = match field(spans_col) {
            Some(s) => {
                Some(serde_json::from_str(s).map_err(|e| bad(line, format!("spans column: {e}")))?)
            }
            None if spans_col.is_some() => Some(Vec::new()),
            None => None,
        };
        let format = match field(format_col) {
            Some(f) => Some(
                serde_json::from_value(serde_json::Value::String(f.to_lowercase())).map_err(
                    |_| bad(line, format!("format {f:?} is not text, markdown or html")),
                )?,
            ),
            None => None,
        };
        docs.push(LabelledDoc {
            id: record.get(id_col).unwrap_or_default().to_string(),
            text: record.get(text_col).unwrap_or_default().to_string(),
            format,
            url: field(url_col).map(str::to_string),
            spans,
            meta: None,
        });
    }
    Ok(docs)
}

/// A whole file as one unlabelled document, named after its source.
pub fn read_plain(
    reader: impl Read,
    source_name: &str,
    format: Option<Format>,
) -> Result<Vec<LabelledDoc>, ReadError> {
    let bytes = read_all(reader, source_name)?;
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(vec![LabelledDoc {
        id: source_name.to_string(),
        text,
        format,
        url: None,
        spans: None,
        meta: None,
    }])
}

fn read_all(mut reader: impl Read, source_name: &str) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            source_name: source_name.to_string(),
            line: 0,
            source,
        })?;
    Ok(bytes)
}

/// Write records as JSON lines.
pub fn write_jsonl<T: Serialize>(mut out: impl Write, records: &[T]) -> std::io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_reports_the_bad_line() {
        let input = "{\"id\":\"a\",\"text\":\"x\",\"spans\":[]}\n\nnot json\n";
        let err = read_jsonl(input.as_bytes(), "in.jsonl").unwrap_err();
        assert!(err.to_string().starts_with("in.jsonl:3:"), "{err}");
    }

    #[test]
    fn csv_with_span_column() {
        let input = "id,text,spans\nd1,\"buy Cheap Jerseys now\",\"[{\"\"start\"\":4,\"\"end\"\":17}]\"\nd2,clean,\n";
        let docs = read_csv(input.as_bytes(), "t.csv").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].spans.as_ref().unwrap()[0].end, 17);
        assert_eq!(docs[1].spans, Some(vec![]));
    }

    #[test]
    fn csv_with_an_unclosed_quote_is_refused_naming_the_row() {
        let input = "id,text\n1,fine\n2,\"never closed\n3,x\n";
        let err = read_csv(input.as_bytes(), "t.csv").unwrap_err().to_string();
        assert!(
            err.starts_with("t.csv:3:") && err.contains("never closed"),
            "{err}"
        );
    }

    #[test]
    fn csv_without_text_column_is_refused() {
        let err = read_csv("id,body\n1,x\n".as_bytes(), "t.csv").unwrap_err();
        assert!(matches!(err, ReadError::CsvColumns { .. }));
    }
}
