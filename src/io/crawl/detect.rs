//! Which compression and which layout an input has: from its magic bytes and its first
//! kilobytes, then from its file name, unless the caller says.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use crate::document::Format;

/// How an input's bytes are compressed. Magic bytes win over the file name, since crawl
/// dumps are often renamed or served with the wrong suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    /// Single- or multi-member gzip (a `.warc.gz` is one member per record).
    Gzip,
    Zstd,
}

impl Compression {
    /// Bytes needed to recognise every supported magic number.
    pub const MAGIC_LEN: usize = 4;

    /// The compression whose magic number `head` starts with.
    pub fn from_magic(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The compression a file name's last suffix names, if any.
    pub fn from_extension(path: &Path) -> Compression {
        match extension(path).as_deref() {
            Some("gz" | "gzip") => Compression::Gzip,
            Some("zst" | "zstd") => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        })
    }
}

impl FromStr for Compression {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Ok(Compression::None),
            "gz" | "gzip" => Ok(Compression::Gzip),
            "zst" | "zstd" => Ok(Compression::Zstd),
            _ => Err(format!("unknown compression {s:?}: none, gzip or zstd")),
        }
    }
}

/// How an input's documents are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// The whole input is one plain-text document.
    Text,
    /// The whole input is one markdown document.
    Markdown,
    /// The whole input is one HTML page (its `<meta charset>` is honoured).
    Html,
    /// The whole input is one document whose format is guessed from its text.
    Plain,
    /// One JSON object per line.
    Jsonl,
    /// A header row naming `id` and `text` (optionally `url`, `format`), then one row each.
    Csv,
    /// WARC 1.0/1.1 (and WET): `response`, `resource` and `conversion` records.
    Warc,
}

impl InputFormat {
    /// The layout a file name suggests, looking past a compression suffix
    /// (`a.warc.gz` is WARC). `None` when the name says nothing.
    pub fn from_extension(path: &Path) -> Option<InputFormat> {
        let inner;
        let path = if Compression::from_extension(path) != Compression::None {
            inner = path.with_extension("");
            inner.as_path()
        } else {
            path
        };
        Some(match extension(path)?.as_str() {
            "txt" | "text" => InputFormat::Text,
            "md" | "markdown" => InputFormat::Markdown,
            "html" | "htm" | "xhtml" => InputFormat::Html,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "csv" => InputFormat::Csv,
            "warc" | "wet" => InputFormat::Warc,
            _ => return None,
        })
    }

    /// The layout the first (decompressed) bytes suggest, for inputs whose name says
    /// nothing: a `WARC/` version line, a JSON object, or else one plain document.
    pub fn sniff(head: &[u8]) -> InputFormat {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = &head[start..];
        if head.starts_with(b"WARC/") {
            InputFormat::Warc
        } else if head.starts_with(b"{") {
            InputFormat::Jsonl
        } else {
            InputFormat::Plain
        }
    }

    /// The document format of a whole-file layout, `None` where it is guessed per document.
    pub fn document_format(self) -> Option<Format> {
        match self {
            InputFormat::Text => Some(Format::Text),
            InputFormat::Markdown => Some(Format::Markdown),
            InputFormat::Html => Some(Format::Html),
            _ => None,
        }
    }

    /// Whether a NUL byte in the first kilobytes means the input is not text. WARC files
    /// carry images and other binary payloads inside records, so they are never refused
    /// whole.
    pub fn refuses_binary(self) -> bool {
        self != InputFormat::Warc
    }
}

impl FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => InputFormat::Text,
            "markdown" | "md" => InputFormat::Markdown,
            "html" | "htm" => InputFormat::Html,
            "plain" | "auto" => InputFormat::Plain,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "csv" => InputFormat::Csv,
            "warc" | "wet" => InputFormat::Warc,
            _ => {
                return Err(format!(
                    "unknown input format {s:?}: text, markdown, html, plain, jsonl, csv or warc"
                ))
            }
        })
    }
}

/// Why the first bytes of a text input show it is not text, if they do: a NUL byte (as
/// ripgrep and git decide) or the magic number of a common binary format that may have
/// none early. UTF-16 text with a byte-order mark is text.
pub fn binary_reason(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(what);
    }
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    if !utf16 && memchr::memchr(0, head).is_some() {
        return Some("binary data (NUL bytes)");
    }
    None
}

/// A file name's last suffix, lower-cased.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_beats_nothing_and_names_look_past_compression() {
        assert_eq!(
            Compression::from_magic(b"\x1f\x8b\x08\x00"),
            Compression::Gzip
        );
        assert_eq!(
            Compression::from_magic(b"\x28\xb5\x2f\xfd"),
            Compression::Zstd
        );
        assert_eq!(Compression::from_magic(b"WARC"), Compression::None);
        assert_eq!(Compression::from_magic(b""), Compression::None);
        let f = |p: &str| InputFormat::from_extension(Path::new(p));
        assert_eq!(f("a/CC-MAIN-1.warc.gz"), Some(InputFormat::Warc));
        assert_eq!(f("x.wet.GZ"), Some(InputFormat::Warc));
        assert_eq!(f("shard.jsonl.zst"), Some(InputFormat::Jsonl));
        assert_eq!(f("page.HTM"), Some(InputFormat::Html));
        assert_eq!(f("notes"), None);
        assert_eq!(f("notes.gz"), None);
    }

    #[test]
    fn sniffing_the_first_bytes() {
        assert_eq!(InputFormat::sniff(b"\r\nWARC/1.1\r\n"), InputFormat::Warc);
        assert_eq!(
            InputFormat::sniff(b"\xef\xbb\xbf{\"text\":1}"),
            InputFormat::Jsonl
        );
        assert_eq!(InputFormat::sniff(b"<html>"), InputFormat::Plain);
        assert_eq!(InputFormat::sniff(b""), InputFormat::Plain);
    }

    #[test]
    fn binary_is_nul_or_known_magic_but_not_utf16() {
        assert!(binary_reason(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_some());
        assert!(binary_reason(b"%PDF-1.7\n").is_some());
        assert!(binary_reason(b"abc\0def").is_some());
        assert!(binary_reason(b"\xff\xfea\0b\0").is_none());
        assert!(binary_reason("caf\u{e9}".as_bytes()).is_none());
    }

    #[test]
    fn names_parse() {
        assert_eq!("WET".parse::<InputFormat>(), Ok(InputFormat::Warc));
        assert_eq!("zst".parse::<Compression>(), Ok(Compression::Zstd));
        assert!("xml".parse::<InputFormat>().is_err());
    }
}
