//! Bytes to text. Crawled pages come in whatever encoding their server declared (or did
//! not); the detector works on UTF-8. The order follows the HTML standard's encoding
//! sniffing, minus locale guessing: a byte-order mark, the transport's `charset`, a
//! `<meta charset>` in the first kilobytes of an HTML page, then UTF-8. Anything that does
//! not decode cleanly is replaced with U+FFFD and the record carries a warning, so a
//! mis-decoded page is never silent.

use std::sync::OnceLock;

use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;

/// How far into an HTML page to look for `<meta charset>`. The standard says 1024 bytes;
/// real pages put long `<title>`s and scripts first, so look a little further.
const META_PRESCAN: usize = 4096;

/// Text decoded from bytes, and what went wrong on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
    /// The bytes were not valid UTF-8 and were read as UTF-8 from their first byte, each
    /// bad sequence one U+FFFD: the text maps back to the bytes (see
    /// `clean::Removal::apply_to_lossy_bytes`).
    pub lossy_utf8: bool,
}

/// Decode `bytes` given the transport's charset label (from `Content-Type`), looking for
/// `<meta charset>` when `html`.
pub fn decode(bytes: &[u8], declared: Option<&str>, html: bool) -> Decoded {
    let mut warnings = Vec::new();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        // Without its byte-order mark the text no longer lines up with the bytes.
        return Decoded {
            lossy_utf8: false,
            ..finish(encoding, &bytes[bom_len..], warnings)
        };
    }
    if let Some(label) = declared {
        match Encoding::for_label(label.trim().as_bytes()) {
            Some(encoding) => return finish(encoding, bytes, warnings),
            None => warnings.push(format!("unknown charset {label:?} declared; read as UTF-8")),
        }
    }
    if html {
        if let Some(label) = meta_charset(bytes) {
            match Encoding::for_label(label.as_bytes()) {
                // A page cannot declare UTF-16 in ASCII-compatible bytes; the standard
                // reads such a declaration as UTF-8, which `output_encoding` gives.
                Some(encoding) => return finish(encoding.output_encoding(), bytes, warnings),
                None => warnings.push(format!("unknown <meta> charset {label:?}; read as UTF-8")),
            }
        }
    }
    finish(UTF_8, bytes, warnings)
}

/// The `charset` parameter of a `Content-Type` value such as `text/html; charset="utf-8"`.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|v| !v.is_empty())
    })
}

/// The charset an HTML page declares in a `<meta charset>` or `<meta http-equiv>` tag near
/// its start.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    static META: OnceLock<Option<Regex>> = OnceLock::new();
    let re = META
        .get_or_init(|| {
            Regex::new(r#"(?i-u)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.()+-]+)"#).ok()
        })
        .as_ref()?;
    let head = &bytes[..bytes.len().min(META_PRESCAN)];
    let label = re.captures(head)?.get(1)?.as_bytes();
    Some(String::from_utf8_lossy(label).into_owned())
}

fn finish(encoding: &'static Encoding, bytes: &[u8], mut warnings: Vec<String>) -> Decoded {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(text) => Decoded {
                text: text.to_string(),
                warnings,
                lossy_utf8: false,
            },
            Err(e) => {
                warnings.push(format!(
                    "not valid UTF-8 (first invalid byte at offset {}): each bad sequence read as U+FFFD",
                    e.valid_up_to()
                ));
                Decoded {
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    warnings,
                    lossy_utf8: true,
                }
            }
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!(
            "bytes not valid in {} replaced with U+FFFD",
            encoding.name()
        ));
    }
    Decoded {
        text: text.into_owned(),
        warnings,
        lossy_utf8: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_latin1_is_decoded() {
        let d = decode(b"caf\xe9", Some("ISO-8859-1"), false);
        assert_eq!(d.text, "caf\u{e9}");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn meta_charset_is_honoured_for_html_only() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head>\xcf\xf0\xe8";
        assert!(decode(page, None, true)
            .text
            .ends_with("\u{41f}\u{440}\u{438}"));
        let plain = decode(page, None, false);
        assert_eq!(
            plain.warnings,
            vec!["not valid UTF-8 (first invalid byte at offset 93): each bad sequence read as U+FFFD"]
        );
        let short = decode(b"<meta charset=utf-8><p>\xc3\xa9", None, true);
        assert_eq!(short.text, "<meta charset=utf-8><p>\u{e9}");
    }

    #[test]
    fn bom_wins_and_bad_bytes_warn() {
        let d = decode(b"\xff\xfeh\0i\0", Some("iso-8859-1"), false);
        assert_eq!(d.text, "hi");
        let bad = decode(b"ok \xff", None, false);
        assert_eq!(bad.text, "ok \u{fffd}");
        assert_eq!(bad.warnings.len(), 1);
        let unknown = decode(b"ok", Some("klingon"), false);
        assert_eq!(unknown.text, "ok");
        assert_eq!(unknown.warnings.len(), 1);
    }

    #[test]
    fn charset_parameter() {
        assert_eq!(charset_param("text/html; charset=\"UTF-8\""), Some("UTF-8"));
        assert_eq!(charset_param("text/html;Charset=latin1 "), Some("latin1"));
        assert_eq!(charset_param("text/html"), None);
        assert_eq!(charset_param("text/html; charset="), None);
    }
}
