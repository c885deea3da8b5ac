//! Tests of the whole crawl reader on the fixtures in `tests/fixtures/crawl/mixed`, which
//! `tests/fixtures/crawl/make_fixtures.py` writes.

use std::path::Path;

use super::*;
use crate::document::Format;

const MIXED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/crawl/mixed");

fn fixture(name: &str) -> String {
    format!("{MIXED}/{name}")
}

/// A path relative to the fixture directory, for readable expectations.
fn rel(path: &str) -> &str {
    path.strip_prefix(MIXED)
        .map_or(path, |p| p.trim_start_matches('/'))
}

/// One line per item: what it is, its source, locator, id, URL and format.
fn summary(item: &CrawlItem) -> String {
    match item {
        CrawlItem::Record(r) => format!(
            "record {} ({}) id={} url={} {}{}",
            rel(&r.source),
            r.locator,
            rel(&r.id),
            r.url.as_deref().unwrap_or("-"),
            r.format.name(),
            if r.warnings.is_empty() { "" } else { " warned" },
        ),
        CrawlItem::Skipped(s) => format!("skipped {} ({})", rel(&s.source), s.locator),
        CrawlItem::Error(e) => format!("error {} ({})", rel(&e.source_name), e.locator),
    }
}

fn uuid(n: u32) -> String {
    format!("urn:uuid:00000000-0000-4000-8000-{n:012}")
}

#[test]
fn a_directory_of_every_layout_is_read_in_one_call() {
    let items: Vec<CrawlItem> = Crawl::new([MIXED], CrawlOptions::default()).collect();
    let shown: Vec<String> = items.iter().map(summary).collect();
    let (truncated, rest): (Vec<&String>, Vec<&String>) =
        shown.iter().partition(|s| s.contains("truncated.jsonl.gz"));
    let (cafe, privet, wet) = (uuid(3), uuid(4), uuid(11));
    let expected = [
        "record bad_line.jsonl (line 1) id=ok-1 url=- text".to_string(),
        "error bad_line.jsonl (line 2)".to_string(),
        "record bad_line.jsonl (line 3) id=ok-3 url=- text".to_string(),
        "record dolma.jsonl (line 1) id=dolma-1 url=https://rivers.example/nile text".to_string(),
        "record dolma.jsonl (line 2) id=dolma-2 url=https://rivers.example/amazon text".to_string(),
        "record dolma.jsonl (line 3) id=dolma.jsonl:3 url=- text".to_string(),
        "skipped image.png (whole file)".to_string(),
        "record nested/legacy.txt (whole file) id=nested/legacy.txt url=- text warned".to_string(),
        "record nested/shard-00001 (line 1) id=shard-1 url=https://shard.example/1 text".to_string(),
        "record nested/shard-00001 (line 2) id=shard-2 url=- text".to_string(),
        format!("record nested/site.warc.gz (byte 544) id={cafe} url=http://latin1.example/cafe html"),
        format!("record nested/site.warc.gz (byte 1069) id={privet} url=https://cyrillic.example/privet html"),
        "record notes.md (whole file) id=notes.md url=- markdown".to_string(),
        "record page.html (whole file) id=page.html url=- html".to_string(),
        "record pages.jsonl.zst (line 1) id=zst-1 url=https://z.example/a html".to_string(),
        "record pages.jsonl.zst (line 2) id=zst-2 url=- text".to_string(),
        "record readme.txt (whole file) id=readme.txt url=- text".to_string(),
        "record rows.csv (line 2) id=row-1 url=https://rows.example/1 text".to_string(),
        "record rows.csv (line 3) id=row-2 url=- text".to_string(),
        format!("record site.warc (byte 544) id={cafe} url=http://latin1.example/cafe html"),
        format!("record site.warc (byte 1069) id={privet} url=https://cyrillic.example/privet html"),
        format!("record site.wet (byte 222) id={wet} url=http://latin1.example/cafe text"),
    ];
    assert_eq!(rest, expected.iter().collect::<Vec<_>>());

    // The truncated gzip file: the lines that decompressed, in order, then one error on the
    // line after them, which ends that file only.
    let (last, lines) = truncated
        .split_last()
        .expect("items from truncated.jsonl.gz");
    assert!(lines.len() >= 10, "{truncated:?}");
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let want = format!("record truncated.jsonl.gz (line {n}) id=t-{n:02} url=- text");
        assert_eq!(line.as_str(), want);
    }
    let cut = format!("error truncated.jsonl.gz (line {})", lines.len() + 1);
    assert_eq!(last.as_str(), cut);
}

#[test]
fn every_error_names_its_file_and_line_or_offset() {
    let errors: Vec<CrawlError> = Crawl::new([MIXED], CrawlOptions::default())
        .filter_map(|i| match i {
            CrawlItem::Error(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 2);
    let bad = &errors[0];
    assert_eq!(bad.source_name, fixture("bad_line.jsonl"));
    assert!(matches!(bad.kind, CrawlErrorKind::Json(_)));
    assert!(bad.to_string().starts_with(&format!(
        "{} (line 2): not a JSON object",
        fixture("bad_line.jsonl")
    )));
    let cut = &errors[1];
    assert_eq!(cut.source_name, fixture("truncated.jsonl.gz"));
    assert!(matches!(cut.locator, Locator::Line(n) if n > 1));
    assert!(
        matches!(
            cut.kind,
            CrawlErrorKind::Read {
                compression: Compression::Gzip,
                ..
            }
        ),
        "{cut}"
    );
    assert!(
        cut.to_string().contains("gzip stream truncated or corrupt"),
        "{cut}"
    );
    assert!(cut.kind.ends_file());
}

#[test]
fn warc_pages_are_decoded_from_their_declared_charsets() {
    let records: Vec<CrawlRecord> = Crawl::new([fixture("site.warc")], CrawlOptions::default())
        .filter_map(CrawlItem::record)
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records[0]
        .text
        .contains("Un caf\u{e9} cr\u{e8}me \u{e0} Montr\u{e9}al"));
    assert!(
        records[0].text.starts_with("<html>"),
        "HTTP headers are stripped"
    );
    assert!(records[1]
        .text
        .contains("\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}, \u{43c}\u{438}\u{440}!"));
    assert!(records.iter().all(|r| r.warnings.is_empty()));
    let doc = records[0].clone().into_document();
    assert_eq!(doc.url.as_deref(), Some("http://latin1.example/cafe"));
    assert_eq!(doc.format, Format::Html);
}

#[test]
fn a_gzipped_warc_on_stdin_is_found_by_its_bytes() {
    let bytes = std::fs::read(fixture("nested/site.warc.gz")).expect("fixture");
    let from_stream: Vec<String> =
        Crawl::from_reader("-", std::io::Cursor::new(bytes), CrawlOptions::default())
            .map(|i| summary(&i))
            .collect();
    let uri = uuid(3);
    assert_eq!(from_stream.len(), 2, "{from_stream:?}");
    assert_eq!(
        from_stream[0],
        format!("record - (byte 544) id={uri} url=http://latin1.example/cafe html")
    );
}

#[test]
fn options_override_detection() {
    let forced = CrawlOptions {
        format: Some(InputFormat::Text),
        ..CrawlOptions::default()
    };
    let items: Vec<String> = Crawl::new([fixture("notes.md"), fixture("page.html")], forced)
        .map(|i| summary(&i))
        .collect();
    assert_eq!(
        items,
        [
            "record notes.md (whole file) id=notes.md url=- text",
            "record page.html (whole file) id=page.html url=- text",
        ]
    );
    let fields = CrawlOptions {
        json_fields: JsonFields {
            text: "source".to_string(),
            id: "metadata.url".to_string(),
        },
        ..CrawlOptions::default()
    };
    let first = Crawl::new([fixture("dolma.jsonl")], fields)
        .next()
        .map(|i| summary(&i));
    assert_eq!(
        first.as_deref(),
        Some("record dolma.jsonl (line 1) id=https://rivers.example/nile url=https://rivers.example/nile text")
    );
    let wrong = CrawlOptions {
        compression: Some(Compression::Zstd),
        ..CrawlOptions::default()
    };
    let items: Vec<CrawlItem> = Crawl::new([fixture("readme.txt")], wrong).collect();
    assert!(
        matches!(&items[..], [CrawlItem::Error(e)] if e.kind.ends_file()),
        "{items:?}"
    );
}

#[test]
fn missing_and_truncated_inputs_are_errors_and_the_others_go_on() {
    let inputs = [
        fixture("no-such-file.txt"),
        fixture(".hidden.txt"),
        fixture("truncated.jsonl.gz"),
        fixture("readme.txt"),
    ];
    let items: Vec<String> = Crawl::new(inputs, CrawlOptions::default())
        .map(|i| summary(&i))
        .filter(|s| !s.starts_with("record truncated"))
        .collect();
    assert_eq!(
        items,
        [
            "error no-such-file.txt (whole file)",
            // Named explicitly, a dot-file is read; only the walk skips them.
            "record .hidden.txt (whole file) id=.hidden.txt url=- text",
            "error truncated.jsonl.gz (line 19)",
            "record readme.txt (whole file) id=readme.txt url=- text",
        ]
    );
}

#[test]
fn the_crawl_can_move_to_another_thread() {
    fn send<T: Send>(_: &T) {}
    let crawl = Crawl::new([Path::new(MIXED)], CrawlOptions::default());
    send(&crawl);
    let count = std::thread::spawn(move || crawl.count()).join().ok();
    assert!(count.is_some_and(|n| n > 20));
}

#[test]
fn truncated_warc_gz_and_zst_streams_end_their_file_with_an_error() {
    let warc = std::fs::read(fixture("nested/site.warc.gz")).expect("fixture");
    let cut = warc[..warc.len() - 100].to_vec();
    let items: Vec<String> = Crawl::from_reader(
        "cut.warc.gz",
        std::io::Cursor::new(cut),
        CrawlOptions::default(),
    )
    .map(|i| summary(&i))
    .collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        items[0].starts_with("record cut.warc.gz (byte 544)"),
        "{items:?}"
    );
    assert_eq!(items[1], "error cut.warc.gz (byte 1069)");

    let zst = std::fs::read(fixture("pages.jsonl.zst")).expect("fixture");
    let cut = zst[..zst.len() - 10].to_vec();
    let items: Vec<CrawlItem> = Crawl::from_reader(
        "cut.jsonl.zst",
        std::io::Cursor::new(cut),
        CrawlOptions::default(),
    )
    .collect();
    let Some(CrawlItem::Error(e)) = items.last() else {
        panic!("{items:?}")
    };
    assert!(
        matches!(
            e.kind,
            CrawlErrorKind::Read {
                compression: Compression::Zstd,
                ..
            }
        ),
        "{e}"
    );
    assert!(matches!(e.locator, Locator::Line(_)), "{e}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_walk_errors_and_dot_directories_are_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    std::fs::write(root.join(".git/config"), "[core]\n").expect("write");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::write(root.join("sub/a.txt"), "a").expect("write");
    std::os::unix::fs::symlink(root, root.join("sub/loop")).expect("symlink");
    let items: Vec<CrawlItem> = Crawl::new([root], CrawlOptions::default()).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(&items[0], CrawlItem::Record(r) if r.text == "a"));
    let CrawlItem::Error(e) = &items[1] else {
        panic!("{items:?}")
    };
    assert!(matches!(e.kind, CrawlErrorKind::Walk(_)));
    assert!(e.source_name.ends_with("sub/loop"), "{e}");
}

/// Damaged copies of every fixture, read in every layout: items come out, panics do not.
#[test]
fn damaged_inputs_never_panic() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut fixtures: Vec<Vec<u8>> = walkdir::WalkDir::new(MIXED)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    fixtures.push(Vec::new());
    let formats = [
        None,
        Some(InputFormat::Warc),
        Some(InputFormat::Jsonl),
        Some(InputFormat::Csv),
        Some(InputFormat::Html),
    ];
    for round in 0..400 {
        let mut bytes = fixtures[round % fixtures.len()].clone();
        for _ in 0..rng.gen_range(0..6) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.gen_range(0..bytes.len());
            match rng.gen_range(0..3) {
                0 => bytes[at] = rng.gen(),
                1 => bytes.truncate(at),
                _ => bytes.insert(at, *b"\r\n\0:<WARC/".get(at % 10).unwrap_or(&0)),
            }
        }
        let options = CrawlOptions {
            format: formats[round % formats.len()],
            max_record_bytes: 1 << 16,
            ..CrawlOptions::default()
        };
        let cursor = std::io::Cursor::new(bytes);
        let count = Crawl::from_reader(format!("r{round}"), cursor, options).count();
        assert!(count < 10_000);
    }
}
