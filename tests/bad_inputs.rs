//! Bad inputs, each run through the `spamspan` binary (crawl dumps through the crawl reader
//! API, which the binary's `detect` and `clean` do not use): what spamspan does with each
//! now, asserted so that a panic, a hang, a huge allocation, an error that does not say
//! where, or silently lost records would fail the test.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use spamspan::io::crawl::{Crawl, CrawlErrorKind, CrawlItem, CrawlOptions, Locator};
use spamspan::model::format::encode;
use spamspan::model::{FeatureConfig, Model, TrainingMeta};

/// The binary, with a time limit: a hang fails the test instead of stalling the suite.
fn spamspan() -> Command {
    let mut cmd = Command::cargo_bin("spamspan").expect("binary built");
    cmd.timeout(Duration::from_secs(120));
    cmd
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .expect("predictions are UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// What each output line answers: the record's id, or `error at N` for an error record.
fn answer_ids(stdout: &[u8]) -> Vec<String> {
    records(stdout)
        .iter()
        .map(|r| match r["id"].as_str() {
            Some(id) => id.to_string(),
            None => format!("error at {}", r["at"]["at"]),
        })
        .collect()
}

/// `spamspan COMMAND --skip-bad PATH`, expected to succeed.
fn skip_bad(command: &str, path: &Path) -> assert_cmd::assert::Assert {
    spamspan()
        .arg(command)
        .arg("--skip-bad")
        .arg(path)
        .assert()
        .success()
}

fn span_texts(record: &Value) -> Vec<String> {
    record["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

/// A URL the embedded model flags in plain prose (checked by the tests that use it).
const SPAM_URL: &str = "https://cheapjerseysa.com/Jonas-Siegenthaler-Jersey";

// ---------------------------------------------------------------------------------------
// Encodings and binary files
// ---------------------------------------------------------------------------------------

/// Latin-1 "ï" and "é" (single bytes 0xEF and 0xE9, invalid in UTF-8) in a page with an
/// injected anchor text and URL.
fn latin1_document() -> Vec<u8> {
    // The Latin-1 bytes sit in a clean sentence of their own: what this checks is that
    // bytes outside the spans come back as they were, not where the model draws a span.
    let mut bytes =
        b"Our na\xefve caf\xe9 opens at nine on weekdays and serves soup.\nBuy cheap jerseys at "
            .to_vec();
    bytes.extend_from_slice(SPAM_URL.as_bytes());
    bytes.extend_from_slice(b" today.\n");
    assert!(std::str::from_utf8(&bytes).is_err());
    bytes
}

/// Invalid UTF-8 in a plain file: `detect` decodes it lossily (U+FFFD) and warns, naming
/// the document and the first bad byte; the spans are still found, with offsets into the
/// decoded text.
#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_naming_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = latin1_document();
    let path = write(dir.path(), "latin1.txt", &bytes);

    let out = spamspan().arg("detect").arg(&path).assert().success();
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("not valid UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("offset 6"),
        "the first bad byte is byte 6: {stderr}"
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    // Code-point offsets index the decoded text, in which each bad byte is one U+FFFD.
    let decoded = String::from_utf8_lossy(&bytes);
    let url = recs[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"] == SPAM_URL)
        .unwrap_or_else(|| panic!("the URL is found: {recs:?}"));
    let url_at = decoded.find(SPAM_URL).unwrap();
    assert_eq!(
        url["start"].as_u64().unwrap() as usize,
        decoded[..url_at].chars().count()
    );
}

/// `clean` keeps a plain file's bytes outside the spans exactly as they came in, invalid
/// UTF-8 included: the spans are found in the lossy reading and cut from the raw bytes
/// (`Removal::apply_to_lossy_bytes`). In JSONL the text is a JSON string, so it can only
/// be valid UTF-8: there a bad byte is read, and written, as U+FFFD, with a warning.
#[test]
fn clean_keeps_invalid_bytes_outside_spans_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "latin1.txt", latin1_document());
    let out = spamspan().arg("clean").arg(&path).assert().success();
    let out = out.get_output();
    assert_eq!(
        out.stdout,
        b"Our na\xefve caf\xe9 opens at nine on weekdays and serves soup.\nat today.\n".to_vec()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("back unchanged"),
        "{stderr}"
    );
}

/// NUL bytes mean binary to the reader (as to ripgrep and git): a file with NULs is
/// skipped with a warning naming it. `detect` writes no record for it; `clean` writes it
/// back unchanged (a publication filter must not drop content it cannot read).
#[test]
fn files_with_nul_bytes_are_skipped_with_a_warning_and_clean_gives_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = "\0Minutes\0 of the\0\0 council\0 meeting.\0\n";
    let text = format!("{minutes}Buy cheap jerseys at {SPAM_URL} today.\n");
    let path = write(dir.path(), "nul.txt", &text);
    let other = write(dir.path(), "other.txt", "Plain minutes of the meeting.\n");

    let out = spamspan()
        .arg("detect")
        .arg(&path)
        .arg(&other)
        .assert()
        .success();
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nul.txt") && stderr.contains("skipped"),
        "{stderr}"
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["id"], other.display().to_string());

    let out = spamspan().arg("clean").arg(&path).assert().success();
    let out = out.get_output();
    assert_eq!(out.stdout, text.as_bytes());
    assert!(String::from_utf8_lossy(&out.stderr).contains("written back unchanged"));
}

/// A binary file (a PNG header, then NULs and high bytes) is skipped with a warning naming
/// it, no panic, exit 0; `clean` gives it back byte for byte.
#[test]
fn a_binary_file_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    let path = write(dir.path(), "image.png", &bytes);
    let out = spamspan().arg("detect").arg(&path).assert().success();
    let out = out.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("image.png") && stderr.contains("skipped"),
        "{stderr}"
    );
    assert!(records(&out.stdout).is_empty());
    let out = spamspan().arg("clean").arg(&path).assert().success();
    assert_eq!(out.get_output().stdout, bytes);
}

// ---------------------------------------------------------------------------------------
// Size and depth
// ---------------------------------------------------------------------------------------

/// A single-line document of `size` bytes: a prose block repeated, with the spam URL after
/// every 50th block. Returns the text and the number of blocks.
fn single_line_document(size: usize) -> (String, usize) {
    let block = "The council said on Tuesday that its budget will be spent on schools and roads. ";
    let mut text = String::with_capacity(size + 200);
    let mut blocks = 0;
    while text.len() < size {
        text.push_str(block);
        blocks += 1;
        if blocks % 50 == 0 {
            text.push_str(SPAM_URL);
            text.push(' ');
        }
    }
    (text, blocks)
}

/// Run `clean` on a single-line document, its address space limited to `limit_kib`, and
/// check that no prose was lost: every block survives, and the injected URLs are removed.
fn clean_single_line(size: usize, limit_kib: u64, timeout: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let (text, blocks) = single_line_document(size);
    assert!(!text.contains('\n'));
    let path = write(dir.path(), "one-line.txt", &text);
    drop(text);
    let out = Command::new("sh")
        .timeout(timeout)
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib} && exec \"$0\" clean \"$1\""))
        .arg(assert_cmd::cargo::cargo_bin("spamspan"))
        .arg(&path)
        .assert()
        .success();
    let cleaned = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(cleaned.matches("The council said").count(), blocks);
    assert_eq!(cleaned.matches(SPAM_URL).count(), 0);
    assert!(cleaned.len() < size);
}

/// A 2 MB single-line document (minified HTML and scraped pages often have no line
/// breaks): processed whole, nothing but spans removed.
#[test]
fn a_two_megabyte_single_line_document_is_cleaned_without_losing_text() {
    clean_single_line(2 << 20, 1 << 20, Duration::from_secs(120));
}

/// The 200 MB version, in 3 GB of address space: a document longer than
/// `detect::SEGMENT_BYTES` is detected in segments of about 2 MB cut at spaces, so memory
/// is the text, the cleaned text and a segment's features per thread (about 1 GB peak RSS
/// on 2 cores, 20 s in release) rather than 80 bytes per byte of text (16 GB before).
#[test]
fn a_200_megabyte_single_line_document_is_cleaned_in_bounded_memory() {
    clean_single_line(200 << 20, 3 << 20, Duration::from_secs(600));
}

/// HTML nested 100,000 elements deep: the parser keeps an explicit stack, so neither the
/// main thread nor rayon's 2 MB worker stacks overflow; the link at the bottom is found and
/// removed, every tag around it kept.
#[test]
fn html_nested_100000_deep_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    // What is tested is depth, not the model's margin: the seed's slug URL under a
    // four-word page sits at the bar (0.969 to 0.971 from one retraining to the next), a
    // shop's home page does not.
    let link = "<a href=\"https://cheapjerseysa.com/\">cheap nfl jerseys</a>".to_string();
    let html = format!(
        "<html><body>{}Read more at {link} today.{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let path = write(dir.path(), "deep.html", &html);

    let out = spamspan().arg("detect").arg(&path).assert().success();
    let recs = records(&out.get_output().stdout);
    assert_eq!(span_texts(&recs[0]), vec![link.clone()]);

    let out = spamspan().arg("clean").arg(&path).assert().success();
    let cleaned = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(cleaned, html.replace(&format!("{link} "), ""));

    // Unclosed and self-nesting elements, 100,000 of them.
    for (name, src) in [
        ("anchors.html", "<a href=\"x\">".repeat(depth) + "t"),
        ("items.html", "<ul><li>".repeat(depth / 2) + "x"),
        ("spans.html", "<span style=\"display:none\">".repeat(depth)),
    ] {
        let path = write(dir.path(), name, src);
        spamspan().arg("detect").arg(&path).assert().success();
    }
}

/// A 50,000-character URL in prose: recognised as one URL (the finder is linear), analysed
/// with its path words capped, and the text around it kept. The injected URL after it is
/// still found.
#[test]
fn a_50000_character_url_is_one_link_and_costs_little() {
    let long = format!("https://example.com/{}", "a".repeat(50_000));
    let text = format!(
        "The council met on Tuesday. See {long} for details. Buy cheap jerseys at {SPAM_URL} now.\n"
    );
    let found = spamspan::urls::find_urls(&text);
    assert_eq!(&text[found[0].range.clone()], long);
    let info = spamspan::urls::analyze(&long).expect("a web URL");
    assert!(info.path_words.len() <= 200);

    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "long-url.txt", &text);
    let out = spamspan()
        .timeout(Duration::from_secs(30))
        .arg("clean")
        .arg(&path)
        .assert()
        .success();
    let cleaned = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        cleaned.contains(&long),
        "the long example.com URL is not spam"
    );
    assert!(!cleaned.contains(SPAM_URL));
    assert!(cleaned.starts_with("The council met on Tuesday. See https://example.com/"));
}

// ---------------------------------------------------------------------------------------
// Record formats: broken CSV and JSONL
// ---------------------------------------------------------------------------------------

/// A JSONL file with a bad line. Every line before it is answered; the bad line gets an
/// error record naming it (`{"source", "at", "error"}`) in its place, stderr names the
/// file and line and says what to do, and `detect` stops there with exit 2. With
/// `--skip-bad` it goes on: one output line per input line, exit 0.
#[test]
fn jsonl_with_a_bad_line_is_an_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "docs.jsonl",
        "{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":\"cut\n{\"id\":\"c\",\"text\":\"z\"}\n",
    );
    let out = spamspan()
        .arg("detect")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("docs.jsonl (line 2)"))
        .stderr(predicate::str::contains("--skip-bad"));
    let recs = records(&out.get_output().stdout);
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["id"], "a");
    assert_eq!(recs[1]["at"], serde_json::json!({"kind": "line", "at": 2}));
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));

    // An output file is not put in place when the run stops.
    let target = dir.path().join("out.jsonl");
    spamspan()
        .arg("detect")
        .arg(&path)
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2);
    assert!(!target.exists());

    for command in ["detect", "clean"] {
        let out = skip_bad(command, &path).stderr(predicate::str::contains("docs.jsonl (line 2)"));
        let shown = answer_ids(&out.get_output().stdout);
        assert_eq!(shown, ["a", "error at 2", "c"], "{command}");
    }

    // The crawl reader reports the same line and reads the others.
    let items: Vec<String> = Crawl::new([&path], CrawlOptions::default())
        .map(|i| match i {
            CrawlItem::Record(r) => format!("record {}", r.id),
            CrawlItem::Error(e) => format!("error {}", e.locator),
            CrawlItem::Skipped(s) => format!("skipped {}", s.locator),
        })
        .collect();
    assert_eq!(items, ["record a", "error line 2", "record c"]);
}

/// What the crawl reader (used by `audit`) makes of a CSV stream: one line per item.
fn crawl_csv(src: &str) -> Vec<String> {
    let reader = std::io::Cursor::new(src.as_bytes().to_vec());
    Crawl::from_reader("t.csv", reader, CrawlOptions::default())
        .map(|i| match i {
            CrawlItem::Record(r) => format!("record {} {:?}", r.id, r.text),
            CrawlItem::Error(e) => format!("error {}", e.locator),
            CrawlItem::Skipped(s) => format!("skipped {}", s.locator),
        })
        .collect()
}

/// Broken CSV quoting.
///
/// - A stray quote inside a quoted field is accepted leniently by the csv crate: the row
///   is read with its text garbled (`"a "quoted" word"` → `a quoted" word"`), no error.
/// - A row with too many fields is an error naming its line: `detect` answers it with an
///   error record and stops with exit 2; with `--skip-bad` it goes on.
/// - A quoted field never closed would swallow every later row: the row is reported as an
///   error naming its line, and the lines after it are read again as rows.
#[test]
fn csv_with_broken_quoting() {
    let dir = tempfile::tempdir().unwrap();

    let lenient = "id,text\n1,\"fine text\"\n2,\"a \"quoted\" word\"\n3,ok\n";
    let path = write(dir.path(), "lenient.csv", lenient);
    let out = spamspan().arg("detect").arg(&path).assert().success();
    assert_eq!(records(&out.get_output().stdout).len(), 3);

    let extra = "id,text\n1,\"fine\"\n2,\"x\",\"y\"\n3,ok\n";
    let path = write(dir.path(), "extra.csv", extra);
    let out = spamspan()
        .arg("detect")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("extra.csv (line 3)"));
    assert_eq!(answer_ids(&out.get_output().stdout), ["1", "error at 3"]);
    let out = skip_bad("detect", &path);
    assert_eq!(
        answer_ids(&out.get_output().stdout),
        ["1", "error at 3", "3"]
    );
    assert_eq!(
        crawl_csv(extra),
        ["record 1 \"fine\"", "error line 3", "record 3 \"ok\""]
    );

    let unterminated = "id,text\n1,\"fine\"\n2,\"never closed\n3,third\n4,fourth\n";
    let path = write(dir.path(), "unterminated.csv", unterminated);
    let out = skip_bad("detect", &path)
        .stderr(predicate::str::contains("unterminated.csv (line 3)"))
        .stderr(predicate::str::contains("never closed"));
    assert_eq!(
        answer_ids(&out.get_output().stdout),
        ["1", "error at 3", "3", "4"]
    );
    spamspan().arg("detect").arg(&path).assert().code(2);
    assert_eq!(
        crawl_csv(unterminated),
        [
            "record 1 \"fine\"",
            "error line 3",
            "record 3 \"third\"",
            "record 4 \"fourth\""
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Crawl dumps: truncated and corrupt gzip and WARC
// ---------------------------------------------------------------------------------------

fn warc_response(id: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Target-URI: https://example.org/{id}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn page(n: u32) -> String {
    format!("<html><body><p>Page {n}: the council met on Tuesday.</p></body></html>")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Truncated and corrupt `.warc.gz` and `.warc` files in one directory, between good
/// ones: every error names its file and a byte offset, every record before the damage
/// (and every record of the other files) is still read.
#[test]
fn truncated_and_corrupt_warc_and_gzip_name_file_and_offset_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<Vec<u8>> = (1..=3)
        .map(|n| warc_response(&format!("r{n}"), &page(n)))
        .collect();

    write(dir.path(), "a_good.warc", records.concat());

    // One gzip member per record, as crawlers write them; cut inside the second member.
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    let all = members.concat();
    let cut = members[0].len() + members[1].len() / 2;
    write(dir.path(), "b_truncated.warc.gz", &all[..cut]);

    // Garbage in the middle of the second member's deflate data.
    let mut corrupt = all.clone();
    let middle = members[0].len() + members[1].len() / 2;
    for b in &mut corrupt[middle - 8..middle + 8] {
        *b ^= 0x5A;
    }
    write(dir.path(), "c_corrupt.warc.gz", &corrupt);

    // A record whose header block is not a WARC header.
    let bad_header = b"WARC/1.1\r\nthis is not a header line\r\n\r\n".to_vec();
    let d = [records[0].clone(), bad_header, records[2].clone()].concat();
    write(dir.path(), "d_bad_header.warc", &d);
    let d_bad_at = records[0].len() as u64;

    // Cut inside the second record's body.
    let e_cut = records[0].len() + records[1].len() / 2;
    write(dir.path(), "e_truncated.warc", &records.concat()[..e_cut]);

    write(dir.path(), "f_good_after.warc", records.concat());

    let items: Vec<CrawlItem> = Crawl::new([dir.path()], CrawlOptions::default()).collect();
    let file = |i: &CrawlItem| {
        Path::new(i.source())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let summary: Vec<String> = items
        .iter()
        .map(|i| match i {
            CrawlItem::Record(r) => format!("{} record {}", file(i), r.id),
            CrawlItem::Error(e) => format!("{} error at {}", file(i), e.locator),
            CrawlItem::Skipped(s) => format!("{} skipped: {}", file(i), s.reason),
        })
        .map(|s| s.replace("urn:uuid:", ""))
        .collect();

    let errors: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            CrawlItem::Error(e) => Some(e),
            _ => None,
        })
        .collect();
    for e in &errors {
        // Every error names the file and a byte offset, in its message too.
        let message = e.to_string();
        assert!(matches!(e.locator, Locator::Offset(_)), "{message}");
        assert!(message.contains(&e.source_name), "{message}");
        assert!(message.contains("byte "), "{message}");
    }

    let of = |name: &str| -> Vec<&str> {
        summary
            .iter()
            .filter(|s| s.starts_with(name))
            .map(String::as_str)
            .collect()
    };
    let all_three = |name: &str| {
        vec![
            format!("{name} record r1"),
            format!("{name} record r2"),
            format!("{name} record r3"),
        ]
    };
    assert_eq!(of("a_good.warc"), all_three("a_good.warc"), "{summary:#?}");
    assert_eq!(of("f_good_after.warc"), all_three("f_good_after.warc"));

    let b = of("b_truncated.warc.gz");
    assert_eq!(b[0], "b_truncated.warc.gz record r1", "{summary:#?}");
    assert!(b.last().unwrap().contains("error at byte"), "{b:?}");
    let b_error = errors
        .iter()
        .find(|e| e.source_name.ends_with("b_truncated.warc.gz"));
    assert!(b_error
        .unwrap()
        .to_string()
        .contains("gzip stream truncated or corrupt"));

    let c = of("c_corrupt.warc.gz");
    assert_eq!(c[0], "c_corrupt.warc.gz record r1", "{summary:#?}");
    assert!(c.iter().any(|s| s.contains("error at byte")), "{c:?}");

    assert_eq!(
        of("d_bad_header.warc"),
        [
            "d_bad_header.warc record r1".to_string(),
            format!("d_bad_header.warc error at byte {d_bad_at}"),
            "d_bad_header.warc record r3".to_string(),
        ]
    );

    let e = of("e_truncated.warc");
    assert_eq!(e[0], "e_truncated.warc record r1", "{summary:#?}");
    assert_eq!(
        e[1],
        format!("e_truncated.warc error at byte {}", records[0].len())
    );
    assert!(errors
        .iter()
        .any(|e| matches!(e.kind, CrawlErrorKind::WarcTruncated(_))));
}

// ---------------------------------------------------------------------------------------
// Model files given to --model
// ---------------------------------------------------------------------------------------

fn small_model(extractor_version: u32) -> Model {
    Model {
        config: FeatureConfig {
            extractor_version,
            hash_buckets: 16,
            window: 2,
        },
        feature_names: vec!["a".into(), "b".into()].into(),
        weights: vec![0.5, -0.5],
        bias: -1.0,
        threshold: 0.5,
        meta: TrainingMeta::default(),
        fluency: Default::default(),
    }
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A v1 file with this header JSON and these weight bytes, and a correct checksum: a
/// hostile file that passes the checksum and must be refused by its lengths.
fn v1_file(header_len: u32, header: &str, weights: &[u8]) -> Vec<u8> {
    versioned_file(1, header_len, header, weights)
}

fn versioned_file(version: u8, header_len: u32, header: &str, weights: &[u8]) -> Vec<u8> {
    let mut out = b"SPAMSPAN".to_vec();
    out.push(version);
    out.extend_from_slice(&header_len.to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(weights);
    let sum = fnv1a64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Run a command on `--model path` with 1 GB of address space, as a shell `ulimit -v`:
/// a decoder that trusted a length in the file and allocated gigabytes would abort
/// (SIGABRT, no exit code) instead of exiting 2 with a message.
fn with_model_limited(args: &[&str], model: &Path) -> assert_cmd::assert::Assert {
    let bin = assert_cmd::cargo::cargo_bin("spamspan");
    let mut cmd = Command::new("sh");
    cmd.timeout(Duration::from_secs(60))
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args)
        .arg("--model")
        .arg(model);
    cmd.assert()
}

/// Corrupt, truncated, wrong-version, hostile and mismatched model files: each is a clear
/// error naming the file, exit 2, decided before anything is allocated from the file's
/// own lengths.
#[test]
fn bad_model_files_are_clear_errors_without_huge_allocations() {
    let dir = tempfile::tempdir().unwrap();
    let good = encode(&small_model(3));

    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x01;
    let mut newer = good.clone();
    newer[8] = 3;
    let weights_claim = format!(
        "{{\"config\":{{\"extractor_version\":3,\"hash_buckets\":16,\"window\":2}},\
         \"meta\":{{\"seed\":0,\"data\":{{}},\"heldout\":{{}},\"hyper\":{{}}}},\
         \"feature_names\":[\"a\"],\"bias\":0.0,\"threshold\":0.5,\"n_weights\":{}}}",
        1u64 << 31
    );
    // Version 2: two 8 MiB word-pair tables claimed, 4 bytes present.
    let tables_claim = format!(
        "{{\"config\":{{\"extractor_version\":4,\"hash_buckets\":16,\"window\":2}},\
         \"meta\":{{\"seed\":0,\"data\":{{}},\"heldout\":{{}},\"hyper\":{{}}}},\
         \"feature_names\":[\"a\"],\"bias\":0.0,\"threshold\":0.5,\"n_weights\":1,\
         \"known_words\":{0},\"pair_words\":{0}}}",
        1u64 << 20
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.spamspan", Vec::new(), "truncated"),
        (
            "text.spamspan",
            b"{\"not\": \"a model\"}".to_vec(),
            "not a spamspan model file",
        ),
        ("flipped.spamspan", flipped, "checksum mismatch"),
        (
            "cut.spamspan",
            good[..good.len() - 3].to_vec(),
            "checksum mismatch",
        ),
        ("half.spamspan", good[..20].to_vec(), "truncated"),
        ("newer.spamspan", newer, "upgrade spamspan"),
        // A header length of 4 GiB, with a few bytes behind it.
        (
            "huge-header.spamspan",
            v1_file(u32::MAX, "{}", &[0; 16]),
            "the header needs 4294967295 bytes",
        ),
        // A valid header and checksum claiming 2^31 weights (8 GiB) with 4 bytes of them.
        (
            "huge-weights.spamspan",
            v1_file(weights_claim.len() as u32, &weights_claim, &[0; 4]),
            "the weights needs 8589934592 bytes",
        ),
        (
            "huge-tables.spamspan",
            versioned_file(2, tables_claim.len() as u32, &tables_claim, &[0; 4]),
            "the weights and tables needs 16777220 bytes",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = write(dir.path(), name, &bytes);
        for command in [&["detect", "-"][..], &["model", "inspect"][..]] {
            with_model_limited(command, &path)
                .code(2)
                .stderr(predicate::str::contains(name))
                .stderr(predicate::str::contains(message));
        }
    }

    // A valid file from another extractor version loads but does not fit the detector.
    let other = write(dir.path(), "v2.spamspan", encode(&small_model(2)));
    with_model_limited(&["detect", "-"], &other)
        .code(2)
        .stderr(predicate::str::contains("feature extractor version 2"));
    // … and `model inspect` still shows it.
    with_model_limited(&["model", "inspect"], &other).success();

    // A directory is not a model file.
    with_model_limited(&["model", "inspect"], dir.path())
        .code(2)
        .stderr(predicate::str::contains("cannot access model file"));
}

// ---------------------------------------------------------------------------------------
// Hosts and spellings
// ---------------------------------------------------------------------------------------

/// IDN hosts in punycode and in Unicode are one host; percent-encoded hosts are decoded
/// (the `url` crate does it), so the keyword-stuffed host is still segmented. An invalid
/// punycode label is not a web URL at all. Through the binary, none of them upsets
/// detection.
#[test]
fn idn_punycode_and_percent_encoded_hosts() {
    use spamspan::urls::analyze;
    let puny = analyze("http://xn--e1afmkfd.xn--p1ai/x").unwrap();
    let unicode = analyze("http://пример.рф/x").unwrap();
    assert_eq!((puny.host.as_str(), puny.is_idn), ("пример.рф", true));
    assert_eq!(puny.domain, unicode.domain);
    assert_eq!(puny.host_ascii, unicode.host_ascii);

    let encoded = analyze("http://%77%77%77.cheapjerseysa.com/x").unwrap();
    assert_eq!(encoded.host, "www.cheapjerseysa.com");
    assert_eq!(encoded.host_words, ["cheap", "jerseys", "a"]);
    assert_eq!(
        analyze("http://cheap%2Djerseys.com/").unwrap().host_words,
        ["cheap", "jerseys"]
    );
    assert!(analyze("http://xn--zz.com/").is_none());

    // A Cyrillic look-alike of "apple" decodes to its Cyrillic letters: the IDN homograph
    // is visible to features as a non-ASCII host, not as the word it imitates.
    let apple = analyze("http://xn--80ak6aa92e.com/").unwrap();
    assert_eq!(apple.host_words, ["аррӏе"]);

    let dir = tempfile::tempdir().unwrap();
    let text = "Links: http://xn--e1afmkfd.xn--p1ai/x and http://пример.рф/x and \
                http://%77%77%77.cheapjerseysa.com/Jonas-Siegenthaler-Jersey and \
                http://xn--zz.com/ and http://ex%61mple.com/a.\n";
    let path = write(dir.path(), "hosts.txt", text);
    let out = spamspan().arg("detect").arg(&path).assert().success();
    assert_eq!(records(&out.get_output().stdout).len(), 1);
}

/// Spam words spelt with Cyrillic or Greek look-alikes or split by zero-width characters
/// read as the plain word (`spamspan::unobfuscate`): each hidden spelling is flagged as its
/// plain spelling is, and `clean` removes it whole — a URL with a zero-width space in its
/// host included (the host is not cut there).
#[test]
fn homoglyphs_and_zero_width_characters_in_spam_words() {
    let base = "The council met on Tuesday and agreed the budget for schools. ";
    let after = " The roads will be repaired.";
    // (plain spelling, hidden spellings of it, the words that must be gone after `clean`)
    let groups: [(&str, &[&str], &[&str]); 3] = [
        (
            "Buy cheap jerseys online at our outlet store today.",
            &[
                "Buy \u{441}heap jerseys online at our outlet store today.",
                "Buy che\u{200b}ap jer\u{200b}seys online at our outlet store today.",
            ],
            &["heap"],
        ),
        (
            "Buy viagra and cialis online.",
            &[
                "Buy vi\u{430}gra and \u{441}ialis online.",
                "Buy \u{3bd}iagra and ci\u{ad}alis online.",
                "Buy vi\u{200d}agra and ci\u{ad}alis online.",
            ],
            &["gra", "alis"],
        ),
        (
            "Visit https://cheapjerseysa.com/Jonas-Siegenthaler-Jersey now.",
            &[
                "Visit https://\u{441}heapjerseysa.com/Jonas-Siegenthaler-Jersey now.",
                "Visit https://cheap\u{200b}jerseysa.com/Jonas-Siegenthaler-Jersey now.",
            ],
            &["https", "jerseysa", "Jersey"],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (g, (plain, hidden, gone)) in groups.iter().enumerate() {
        let texts: Vec<String> = std::iter::once(plain)
            .chain(hidden.iter())
            .map(|v| format!("{base}{v}{after}"))
            .collect();
        let jsonl: String = texts
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}\n", serde_json::json!({"id": i.to_string(), "text": t})))
            .collect();
        let path = write(dir.path(), &format!("group{g}.jsonl"), jsonl);
        let out = spamspan().arg("detect").arg(&path).assert().success();
        let recs = records(&out.get_output().stdout);
        assert_eq!(recs.len(), texts.len());
        let plain_spans = span_texts(&recs[0]).len();
        assert!(plain_spans > 0, "{:?}", recs[0]);
        for r in &recs[1..] {
            assert_eq!(span_texts(r).len(), plain_spans, "{r:?} vs {:?}", recs[0]);
        }
        let out = spamspan().arg("clean").arg(&path).assert().success();
        for r in records(&out.get_output().stdout) {
            let cleaned = r["text"].as_str().unwrap();
            assert!(
                cleaned.starts_with(base.trim_end()) && cleaned.ends_with(after),
                "{cleaned:?}"
            );
            for word in gone.iter() {
                assert!(!cleaned.contains(word), "{word:?} left in {cleaned:?}");
            }
        }
    }
}

/// The count check: a JSONL input of 1,000 lines mixing good records (clean and spammy),
/// broken JSON, non-objects, records without text and invalid UTF-8 gives exactly one
/// output line per input line, in order, from `detect --skip-bad` and `clean --skip-bad`.
#[test]
fn records_in_equal_records_out_on_a_mixed_input_with_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for i in 0..1000 {
        match i % 10 {
            3 => {
                input.extend_from_slice(format!("{{\"id\":\"{i}\",\"text\":\"cut").as_bytes());
                expected.push(None);
            }
            5 => {
                input.extend_from_slice(b"[1, 2, 3]");
                expected.push(None);
            }
            7 => {
                input.extend_from_slice(format!("{{\"id\":\"{i}\",\"body\":\"x\"}}").as_bytes());
                expected.push(None);
            }
            9 => {
                input.extend_from_slice(format!("{{\"id\":\"{i}\",\"text\":\"caf").as_bytes());
                input.extend_from_slice(b"\xe9 menu\"}");
                expected.push(Some(i.to_string()));
            }
            _ => {
                let text = if i % 2 == 0 {
                    format!("Minutes of meeting {i}. Buy cheap jerseys at {SPAM_URL} today.")
                } else {
                    format!("Minutes of meeting {i}. The council agreed the budget.")
                };
                input.extend_from_slice(
                    serde_json::json!({"id": i.to_string(), "text": text})
                        .to_string()
                        .as_bytes(),
                );
                expected.push(Some(i.to_string()));
            }
        }
        input.push(b'\n');
    }
    let path = write(dir.path(), "mixed.jsonl", &input);
    for command in ["detect", "clean"] {
        let out = skip_bad(command, &path);
        let out = out.get_output();
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 1000, "{command}: records in = records out");
        for (i, (r, want)) in recs.iter().zip(&expected).enumerate() {
            match want {
                Some(id) => assert_eq!(
                    r["id"].as_str(),
                    Some(id.as_str()),
                    "{command} line {}",
                    i + 1
                ),
                None => {
                    assert_eq!(r["at"]["at"], i + 1, "{command}: {r}");
                    assert!(r["error"].is_string());
                }
            }
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("300 bad record(s) could not be read"),
            "{stderr}"
        );
    }
}

/// Damaged input in `detect` and `clean`: a truncated `.jsonl.gz` between good files is
/// reported (file and byte offset) with an error record in its place, every other record
/// is still answered and the output file written; the exit code is 2 (0 with `--skip-bad`).
#[test]
fn detect_reads_past_a_truncated_gzip_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..200)
        .map(|i| format!("{{\"id\":\"z{i}\",\"text\":\"Council minutes number {i}, and a long enough line.\"}}\n"))
        .collect();
    let gz = gzip(lines.as_bytes());
    write(dir.path(), "a.jsonl", "{\"id\":\"a\",\"text\":\"first\"}\n");
    write(dir.path(), "b.jsonl.gz", &gz[..gz.len() / 2]);
    write(dir.path(), "c.txt", "last page\n");
    let target = dir.path().join("out").join("predictions.jsonl");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = spamspan()
        .arg("detect")
        .arg(dir.path().join("a.jsonl"))
        .arg(dir.path().join("b.jsonl.gz"))
        .arg(dir.path().join("c.txt"))
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("b.jsonl.gz (line "));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("gzip stream truncated or corrupt"),
        "{stderr}"
    );
    let recs = records(&std::fs::read(&target).unwrap());
    let ids: Vec<&str> = recs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.first(), Some(&"a"));
    assert!(ids.len() > 3 && ids.contains(&"z0"), "{ids:?}");
    assert_eq!(
        ids.last().copied(),
        Some(
            target
                .parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("c.txt")
                .to_str()
                .unwrap()
        )
    );
    assert_eq!(recs.iter().filter(|r| r["error"].is_string()).count(), 1);

    spamspan()
        .args(["detect", "--skip-bad"])
        .arg(dir.path())
        .assert()
        .success();
}
