//! JSON Lines: one document per line, as in the labelled format of `FORMAT.md` and in the
//! Dolma / datatrove dumps (`{"id", "text", "metadata": {"url"}}`). Field names are the
//! caller's; the URL is taken from a top-level `url` or from `metadata.url`.

use std::io::{BufReader, Read};

use serde_json::Value;

use super::detect::Compression;
use super::error::CrawlErrorKind;
use super::origin::Origin;
use super::record::{CrawlItem, CrawlRecord, Locator};
use super::stream::{chomp, read_line_bounded, ByteStream, LineRead};
use crate::document::Format;

/// Which fields of a JSON line hold the document's text and id. A dotted name
/// (`meta.body`) reaches into nested objects when no top-level key has the dotted name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonFields {
    pub text: String,
    pub id: String,
}

impl Default for JsonFields {
    fn default() -> Self {
        JsonFields {
            text: "text".to_string(),
            id: "id".to_string(),
        }
    }
}

/// Yields one item per non-blank line; a bad line is an error item and the next line is
/// read, a failed read (a truncated compressed stream) ends the file.
pub struct JsonlSource {
    stream: Option<ByteStream>,
    origin: Origin,
    fields: JsonFields,
    limit: usize,
    line_no: u64,
    buf: Vec<u8>,
    /// Answer blank lines with an error instead of passing over them.
    keep_blank: bool,
    /// Keep each record's JSON object.
    keep_source: bool,
}

impl JsonlSource {
    pub fn new(stream: ByteStream, origin: Origin, fields: JsonFields, limit: usize) -> Self {
        JsonlSource {
            stream: Some(stream),
            origin,
            fields,
            limit,
            line_no: 0,
            buf: Vec::new(),
            keep_blank: false,
            keep_source: false,
        }
    }

    /// Keep each record's JSON object in [`CrawlRecord::json`].
    pub fn keeping_json(mut self, keep: bool) -> Self {
        self.keep_source = keep;
        self
    }

    /// The document of one line, or why it is not one.
    fn parse(&self, line: &[u8]) -> Result<CrawlRecord, CrawlErrorKind> {
        let mut warnings = Vec::new();
        let line = if self.line_no == 1 {
            line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line)
        } else {
            line
        };
        let mut value: Value = match std::str::from_utf8(line) {
            Ok(s) => serde_json::from_str(s),
            Err(_) => {
                warnings.push("invalid UTF-8 replaced with U+FFFD".to_string());
                serde_json::from_str(&String::from_utf8_lossy(line))
            }
        }
        .map_err(CrawlErrorKind::Json)?;
        if !value.is_object() {
            return Err(CrawlErrorKind::NotAnObject {
                found: json_kind(&value),
            });
        }
        // The text is most of the line: moved out of the record unless the record is
        // written back whole.
        let text = match field_mut(&mut value, &self.fields.text) {
            Some(Value::String(s)) if self.keep_source => s.clone(),
            Some(Value::String(s)) => std::mem::take(s),
            _ => {
                return Err(CrawlErrorKind::MissingText {
                    field: self.fields.text.clone(),
                })
            }
        };
        let id = match field(&value, &self.fields.id) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => format!("{}:{}", self.origin.name, self.line_no),
        };
        let url = [value.get("url"), field(&value, "metadata.url")]
            .into_iter()
            .flatten()
            .find_map(|v| v.as_str().filter(|s| !s.is_empty()))
            .map(str::to_string);
        let format = value
            .get("format")
            .and_then(|f| serde_json::from_value::<Format>(f.clone()).ok())
            .unwrap_or_else(|| Format::detect(&text));
        Ok(CrawlRecord {
            json: self.keep_source.then(|| Box::new(value)),
            raw: None,
            source: self.origin.name.clone(),
            locator: Locator::Line(self.line_no),
            id,
            url,
            format,
            text,
            warnings,
        })
    }
}

impl Iterator for JsonlSource {
    type Item = CrawlItem;

    fn next(&mut self) -> Option<CrawlItem> {
        loop {
            let stream = self.stream.as_mut()?;
            let read = read_line_bounded(stream, &mut self.buf, self.limit);
            self.line_no += 1;
            let at = Locator::Line(self.line_no);
            match read {
                Err(e) => {
                    self.stream = None;
                    return Some(self.origin.read_error(at, e));
                }
                Ok(LineRead::Eof) => {
                    self.stream = None;
                    return None;
                }
                Ok(LineRead::TooLong(n)) => {
                    return Some(self.origin.too_large(at, n, false, self.limit));
                }
                Ok(LineRead::Line) => {}
            }
            let line = chomp(&self.buf);
            if line.iter().all(u8::is_ascii_whitespace) {
                if self.keep_blank {
                    return Some(self.origin.error(at, CrawlErrorKind::BlankLine));
                }
                continue;
            }
            return Some(match self.parse(line) {
                Ok(record) => CrawlItem::Record(record),
                Err(kind) => self.origin.error(at, kind),
            });
        }
    }
}

/// Every line of a JSON Lines stream as exactly one item, in order, blank lines included
/// (as [`CrawlErrorKind::BlankLine`] errors): for callers that must answer each input line
/// with one output line, such as `spamspan audit --pipe` under Spark's `RDD.pipe`. No
/// compression or layout detection: the stream is JSONL as it is. A failed read ends it.
pub fn json_lines(
    reader: impl Read + Send + 'static,
    name: impl Into<String>,
    fields: JsonFields,
    limit: usize,
) -> impl Iterator<Item = CrawlItem> + Send {
    let origin = Origin {
        name: name.into(),
        compression: Compression::None,
    };
    let stream: ByteStream = Box::new(BufReader::with_capacity(64 * 1024, reader));
    let mut source = JsonlSource::new(stream, origin, fields, limit);
    source.keep_blank = true;
    source
}

/// Set the text field of a JSONL object where [`JsonFields::text`] names it: the top-level
/// key if there is one, else the dotted path into nested objects.
pub fn set_text(value: &mut Value, fields: &JsonFields, text: String) {
    let name = fields.text.as_str();
    if value.get(name).is_some() || !name.contains('.') {
        if let Some(object) = value.as_object_mut() {
            object.insert(name.to_string(), Value::String(text));
        }
        return;
    }
    let mut at = value;
    let mut keys = name.split('.').peekable();
    while let Some(key) = keys.next() {
        let Some(object) = at.as_object_mut() else {
            return;
        };
        if keys.peek().is_none() {
            object.insert(key.to_string(), Value::String(text));
            return;
        }
        let Some(next) = object.get_mut(key) else {
            return;
        };
        at = next;
    }
}

/// A field by exact key, else by a dotted path into nested objects.
fn field<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    if let Some(v) = value.get(name) {
        return Some(v);
    }
    if !name.contains('.') {
        return None;
    }
    name.split('.').try_fold(value, |v, key| v.get(key))
}

/// [`field`], mutable.
fn field_mut<'v>(value: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    if value.get(name).is_some() || !name.contains('.') {
        return value.get_mut(name);
    }
    name.split('.').try_fold(value, |v, key| v.get_mut(key))
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &'static str, fields: JsonFields) -> Vec<CrawlItem> {
        let origin = Origin {
            name: "in.jsonl".to_string(),
            compression: Compression::None,
        };
        JsonlSource::new(Box::new(input.as_bytes()), origin, fields, 1000).collect()
    }

    #[test]
    fn dolma_layout_and_fallback_ids() {
        let input = concat!(
            "{\"id\":\"d1\",\"text\":\"hello\",\"metadata\":{\"url\":\"https://a.example/\"}}\n",
            "\n",
            "{\"text\":\"no id\",\"url\":\"https://b.example/\"}\r\n",
            "{\"id\":7,\"text\":\"<p>x</p>\",\"format\":\"html\"}",
        );
        let records: Vec<_> = read(input, JsonFields::default())
            .into_iter()
            .filter_map(CrawlItem::record)
            .collect();
        let ids: Vec<_> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["d1", "in.jsonl:3", "7"]);
        assert_eq!(records[0].url.as_deref(), Some("https://a.example/"));
        assert_eq!(records[1].url.as_deref(), Some("https://b.example/"));
        assert_eq!(records[1].locator, Locator::Line(3));
        assert_eq!(records[2].format, Format::Html);
    }

    #[test]
    fn bad_lines_are_errors_and_reading_goes_on() {
        let input = "{\"text\":\"a\"}\nnot json\n[1]\n{\"body\":\"b\"}\n{\"text\":\"c\"}\n";
        let items = read(input, JsonFields::default());
        let errors: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                CrawlItem::Error(e) => Some(e.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("in.jsonl (line 2): not a JSON object"));
        assert!(errors[1].starts_with("in.jsonl (line 3): JSON record is a array"));
        assert!(errors[2].starts_with("in.jsonl (line 4): JSON record has no string field"));
        assert!(matches!(items.last(), Some(CrawlItem::Record(r)) if r.text == "c"));
    }

    #[test]
    fn configurable_and_nested_fields_and_lossy_utf8() {
        let fields = JsonFields {
            text: "doc.body".to_string(),
            id: "key".to_string(),
        };
        let items = read("{\"key\":\"k\",\"doc\":{\"body\":\"b\"}}\n", fields);
        assert!(matches!(&items[..], [CrawlItem::Record(r)] if r.id == "k" && r.text == "b"));
        let origin = Origin {
            name: "x".to_string(),
            compression: Compression::None,
        };
        let bytes: &'static [u8] = b"{\"text\":\"caf\xe9\"}\n";
        let items: Vec<_> =
            JsonlSource::new(Box::new(bytes), origin, JsonFields::default(), 100).collect();
        let [CrawlItem::Record(r)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!((r.text.as_str(), r.warnings.len()), ("caf\u{fffd}", 1));
    }

    #[test]
    fn kept_objects_get_the_cleaned_text_back_where_it_was() {
        let fields = JsonFields {
            text: "doc.body".to_string(),
            id: "id".to_string(),
        };
        let origin = Origin {
            name: "x".to_string(),
            compression: Compression::None,
        };
        let input: &'static [u8] =
            b"{\"id\":\"a\",\"doc\":{\"body\":\"b\",\"lang\":\"en\"},\"extra\":[1]}\n";
        let items: Vec<_> = JsonlSource::new(Box::new(input), origin, fields.clone(), 1000)
            .keeping_json(true)
            .collect();
        let [CrawlItem::Record(r)] = &items[..] else {
            panic!("{items:?}")
        };
        let mut value = *r.json.clone().unwrap();
        set_text(&mut value, &fields, "cleaned".to_string());
        assert_eq!(
            value.to_string(),
            r#"{"doc":{"body":"cleaned","lang":"en"},"extra":[1],"id":"a"}"#
        );
        let mut flat: Value = serde_json::from_str(r#"{"text":"t","n":1}"#).unwrap();
        set_text(&mut flat, &JsonFields::default(), "u".to_string());
        assert_eq!(flat.to_string(), r#"{"n":1,"text":"u"}"#);
    }

    #[test]
    fn json_lines_answers_every_line_blank_ones_included() {
        let input = "{\"text\":\"a\"}\n\n  \r\nnope\n{\"text\":\"b\"}";
        let items: Vec<_> = json_lines(input.as_bytes(), "-", JsonFields::default(), 100).collect();
        let shown: Vec<String> = items
            .iter()
            .map(|i| match i {
                CrawlItem::Record(r) => format!("{} {}", r.locator, r.text),
                CrawlItem::Error(e) => format!("{} {}", e.locator, e.kind),
                CrawlItem::Skipped(s) => s.to_string(),
            })
            .collect();
        assert_eq!(shown.len(), 5, "{shown:?}");
        assert_eq!(shown[0], "line 1 a");
        assert_eq!(shown[1], "line 2 blank line");
        assert_eq!(shown[2], "line 3 blank line");
        assert!(shown[3].starts_with("line 4 not a JSON object"));
        assert_eq!(shown[4], "line 5 b");
    }
}
