//! Unit tests of the WARC reader on records built in memory.

use super::*;
use crate::io::crawl::detect::Compression;

fn record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(content_type: &str, status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn response(id: &str, content_type: &str, status: &str, body: &[u8]) -> Vec<u8> {
    let block = http(content_type, status, body);
    let uri = format!("https://example.org/{id}");
    record(
        "response",
        id,
        &uri,
        "application/http; msgtype=response",
        &block,
    )
}

fn read_with_limit(bytes: Vec<u8>, limit: usize) -> Vec<CrawlItem> {
    let origin = Origin {
        name: "t.warc".to_string(),
        compression: Compression::None,
    };
    WarcSource::new(Box::new(io::Cursor::new(bytes)), origin, limit).collect()
}

fn read(bytes: Vec<u8>) -> Vec<CrawlItem> {
    read_with_limit(bytes, 1 << 20)
}

fn describe(items: &[CrawlItem]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            CrawlItem::Record(r) => format!("record {} @{}", r.id, r.locator),
            CrawlItem::Skipped(s) => s.to_string(),
            CrawlItem::Error(e) => e.to_string(),
        })
        .collect()
}

#[test]
fn pages_are_read_and_everything_else_passed_over() {
    let mut warc = record(
        "warcinfo",
        "info",
        "",
        "application/warc-fields",
        b"software: t\r\n",
    );
    warc.extend(record(
        "request",
        "req",
        "https://example.org/a",
        "application/http; msgtype=request",
        b"GET /a HTTP/1.1\r\n\r\n",
    ));
    let a_offset = warc.len() as u64;
    warc.extend(response(
        "a",
        "text/html; charset=ISO-8859-1",
        "200 OK",
        b"<p>caf\xe9</p>",
    ));
    warc.extend(response(
        "png",
        "image/png",
        "200 OK",
        b"\x89PNG\r\n\x1a\n\0\0",
    ));
    warc.extend(response(
        "gone",
        "text/html",
        "404 Not Found",
        b"<p>missing</p>",
    ));
    warc.extend(response(
        "bin",
        "application/octet-stream",
        "200 OK",
        b"a\0b",
    ));
    warc.extend(record(
        "conversion",
        "wet",
        "https://example.org/a",
        "text/plain",
        "caf\u{e9} text".as_bytes(),
    ));
    let items = read(warc);
    assert_eq!(items.len(), 2, "{:?}", describe(&items));
    let CrawlItem::Record(a) = &items[0] else {
        panic!("{:?}", describe(&items))
    };
    assert_eq!(a.id, "a");
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(
        (a.text.as_str(), a.format),
        ("<p>caf\u{e9}</p>", Format::Html)
    );
    assert_eq!(a.locator, Locator::Offset(a_offset));
    assert!(a.warnings.is_empty());
    let CrawlItem::Record(wet) = &items[1] else {
        panic!("{:?}", describe(&items))
    };
    assert_eq!((wet.id.as_str(), wet.format), ("wet", Format::Text));
    assert_eq!(wet.text, "caf\u{e9} text");
}

#[test]
fn a_corrupt_header_is_reported_once_and_the_next_record_read() {
    let mut warc = response("a", "text/html", "200 OK", b"<p>a</p>");
    let bad_at = warc.len();
    warc.extend(b"WARC/1.1\r\nWARC-Type: response\r\nthis is no header\r\nContent-Length: 9\r\n\r\nbody text\r\n\r\n");
    warc.extend(response("c", "text/plain", "200 OK", b"c"));
    let items = read(warc);
    let shown = describe(&items);
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(shown[0], "record a @byte 0");
    assert!(
        shown[1].starts_with(&format!(
            "t.warc (byte {bad_at}): corrupt WARC record: header line without a colon"
        )),
        "{shown:?}"
    );
    assert!(shown[2].starts_with("record c @"), "{shown:?}");
}

#[test]
fn a_wrong_content_length_shows_as_unexpected_bytes() {
    let mut warc = response("a", "text/html", "200 OK", b"<p>a</p>");
    let len_at = warc.len();
    let good = response("b", "text/html", "200 OK", b"<p>b</p>");
    let n = http("text/html", "200 OK", b"<p>b</p>").len();
    let text = String::from_utf8(good).unwrap().replace(
        &format!("Content-Length: {n}"),
        &format!("Content-Length: {}", n - 6),
    );
    warc.extend(text.as_bytes());
    warc.extend(response("c", "text/plain", "200 OK", b"c"));
    let shown = describe(&read(warc));
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert!(
        shown[1].starts_with(&format!("record b @byte {len_at}")),
        "{shown:?}"
    );
    assert!(
        shown[2].contains("bytes that are not a WARC record"),
        "{shown:?}"
    );
    assert!(shown[3].starts_with("record c"), "{shown:?}");
}

#[test]
fn missing_length_oversized_and_bad_http_records_are_errors_that_go_on() {
    let mut warc =
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\nx\r\n\r\n".to_vec();
    let big_at = warc.len();
    warc.extend(response("big", "text/html", "200 OK", &[b'x'; 500]));
    let bad_http_at = warc.len();
    warc.extend(record(
        "response",
        "bad",
        "u",
        "application/http",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
    ));
    warc.extend(response("ok", "text/html", "200 OK", b"<p>ok</p>"));
    let shown = describe(&read_with_limit(warc, 200));
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert!(shown[0]
        .starts_with("t.warc (byte 0): corrupt WARC record: missing or malformed Content-Length"));
    assert!(
        shown[1].starts_with(&format!("t.warc (byte {big_at}): record of")),
        "{shown:?}"
    );
    assert!(
        shown[2].starts_with(&format!("t.warc (byte {bad_http_at}): bad HTTP response")),
        "{shown:?}"
    );
    assert!(shown[3].starts_with("record ok"), "{shown:?}");
}

#[test]
fn a_truncated_record_ends_the_file() {
    let mut warc = response("a", "text/html", "200 OK", b"<p>a</p>");
    let cut_at = warc.len();
    let b = response(
        "b",
        "text/html",
        "200 OK",
        b"<p>b is long enough to cut</p>",
    );
    warc.extend(&b[..b.len() - 20]);
    let items = read(warc);
    let shown = describe(&items);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[1].starts_with(&format!("t.warc (byte {cut_at}): WARC record truncated")),
        "{shown:?}"
    );
    assert!(matches!(&items[1], CrawlItem::Error(e) if e.kind.ends_file()));
    let shown = describe(&read(b"WARC/1.0\r\nWARC-Type: resp".to_vec()));
    assert_eq!(
        shown,
        ["t.warc (byte 0): WARC record truncated: ended in the header block"]
    );
}

#[test]
fn lf_only_files_resource_records_and_missing_ids_are_tolerated() {
    let warc = b"\n\nWARC/1.0\nWARC-Type: resource\nContent-Type: text/html\nWARC-Target-URI: <https://x.example/>\nContent-Length: 10\n\n<p>res</p>\n\n".to_vec();
    let items = read(warc);
    let [CrawlItem::Record(r)] = &items[..] else {
        panic!("{:?}", describe(&items))
    };
    assert_eq!(r.id, "t.warc@2");
    assert_eq!(r.url.as_deref(), Some("https://x.example/"));
    assert_eq!(r.text, "<p>res</p>");
    assert!(read(b"garbage only\n".to_vec()).len() == 1);
    assert!(read(Vec::new()).is_empty());
}
