//! The HTTP response stored in a WARC `response` record: status line and headers parsed by
//! `httparse` (lenient, as crawled servers are), then the payload undone from its
//! transfer coding (chunked) and content coding (gzip, deflate, zstd). Common Crawl stores
//! payloads already decoded and renames those headers `X-Crawler-*`; wget and other
//! crawlers store the bytes as they came over the wire, so both must work.

use std::borrow::Cow;
use std::io::Read;

use super::stream::read_up_to;

/// How many header lines a response may have; crawled servers rarely send more than 40.
const MAX_HEADERS: usize = 256;

/// The parts of an HTTP response the reader uses.
#[derive(Debug)]
pub struct HttpResponse<'a> {
    pub status: u16,
    pub content_type: Option<String>,
    /// The payload, decoded from its transfer and content codings.
    pub body: Cow<'a, [u8]>,
    pub warnings: Vec<String>,
}

/// Parse an HTTP response block, holding at most `limit` bytes of decoded payload.
pub fn parse_response(block: &[u8], limit: usize) -> Result<HttpResponse<'_>, String> {
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let mut config = httparse::ParserConfig::default();
    config
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true);
    let header_len = match config.parse_response(&mut response, block) {
        Ok(httparse::Status::Complete(n)) => n,
        // A header block cut short is corrupt, unless the response was not a page anyway
        // (a redirect or an error, which the caller passes over).
        Ok(httparse::Status::Partial) => match response.code {
            Some(code) if !(200..300).contains(&code) => block.len(),
            _ => return Err("HTTP header block is incomplete".to_string()),
        },
        Err(e) => return Err(format!("HTTP header block: {e}")),
    };
    let status = response.code.unwrap_or(0);
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = header("content-type");
    let transfer_encoding = header("transfer-encoding").unwrap_or_default();
    let content_encoding = header("content-encoding").unwrap_or_default();
    let mut warnings = Vec::new();
    let raw = block.get(header_len..).unwrap_or_default();
    let mut body = Cow::Borrowed(raw);
    if transfer_encoding.to_ascii_lowercase().contains("chunked") {
        match dechunk(raw) {
            Ok(b) => body = Cow::Owned(b),
            Err(e) => warnings.push(format!("chunked body kept as stored: {e}")),
        }
    }
    let body = decode_content(body, &content_encoding.to_ascii_lowercase(), limit)?;
    Ok(HttpResponse {
        status,
        content_type,
        body,
        warnings,
    })
}

/// Undo a `Content-Encoding`, holding at most `limit` decoded bytes (a small gzip body
/// can expand enormously).
fn decode_content<'a>(
    body: Cow<'a, [u8]>,
    encoding: &str,
    limit: usize,
) -> Result<Cow<'a, [u8]>, String> {
    let mut decoder: Box<dyn Read + '_> = match encoding {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&body[..])),
        // "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
        "deflate" if is_zlib(&body) => Box::new(flate2::read::ZlibDecoder::new(&body[..])),
        "deflate" => Box::new(flate2::read::DeflateDecoder::new(&body[..])),
        "zstd" => Box::new(
            zstd::stream::read::Decoder::new(&body[..])
                .map_err(|e| format!("zstd Content-Encoding: {e}"))?,
        ),
        other => return Err(format!("unsupported Content-Encoding {other:?}")),
    };
    let (decoded, error) = read_up_to(&mut decoder, limit.saturating_add(1));
    if let Some(e) = error {
        return Err(format!("{encoding} Content-Encoding: {e}"));
    }
    if decoded.len() > limit {
        return Err(format!(
            "decoded payload is over the record limit of {limit} bytes"
        ));
    }
    Ok(Cow::Owned(decoded))
}

/// Whether a body starts with a zlib header (RFC 1950: deflate method, checksummed).
fn is_zlib(body: &[u8]) -> bool {
    match body {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// Undo `Transfer-Encoding: chunked`: hex size lines (extensions after `;` ignored), each
/// followed by that many bytes and a line end, until a zero size; trailers are dropped.
fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let eol = memchr::memchr(b'\n', raw).ok_or("chunk size line without end")?;
        let line = String::from_utf8_lossy(&raw[..eol]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        raw = &raw[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = raw.get(..size).ok_or("chunk longer than the stored body")?;
        out.extend_from_slice(chunk);
        raw = &raw[size..];
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn plain_response() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Bad Header : 1\r\n\r\n<p>hi</p>";
        let r = parse_response(block, 1000).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(&r.body[..], b"<p>hi</p>");
    }

    #[test]
    fn chunked_and_gzipped() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<p>compressed page</p>").unwrap();
        let gz = gz.finish().unwrap();
        let (a, b) = gz.split_at(10);
        let mut block =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend_from_slice(format!("{:x};ext=1\r\n", a.len()).as_bytes());
        block.extend_from_slice(a);
        block.extend_from_slice(format!("\r\n{:X}\r\n", b.len()).as_bytes());
        block.extend_from_slice(b);
        block.extend_from_slice(b"\r\n0\r\nTrailer: x\r\n\r\n");
        let r = parse_response(&block, 1000).unwrap();
        assert_eq!(&r.body[..], b"<p>compressed page</p>");
        assert!(r.warnings.is_empty());
        assert!(parse_response(&block, 5)
            .unwrap_err()
            .contains("over the record limit"));
    }

    #[test]
    fn broken_responses() {
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", 100).is_err());
        assert_eq!(
            parse_response(b"HTTP/1.1 301 Moved\r\nLocation: /", 100)
                .unwrap()
                .status,
            301
        );
        assert!(parse_response(b"\x00\x01garbage", 100).is_err());
        let br = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx";
        assert!(parse_response(br, 100).unwrap_err().contains("br"));
        let bad_chunks = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc";
        let r = parse_response(bad_chunks, 100).unwrap();
        assert_eq!((&r.body[..], r.warnings.len()), (&b"zz\r\nabc"[..], 1));
    }
}
