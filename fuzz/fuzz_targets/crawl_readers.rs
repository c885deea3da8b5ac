//! The crawl input layer on arbitrary bytes, with every layout and compression forced (or
//! detected): no panic, no hang, every item consumed, and every item names its source.
//!
//! The first byte picks the layout, the second the compression; the rest is the stream.

#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use spamspan::io::crawl::{Compression, Crawl, CrawlItem, CrawlOptions, InputFormat};

const FORMATS: [Option<InputFormat>; 8] = [
    None,
    Some(InputFormat::Text),
    Some(InputFormat::Markdown),
    Some(InputFormat::Html),
    Some(InputFormat::Plain),
    Some(InputFormat::Jsonl),
    Some(InputFormat::Csv),
    Some(InputFormat::Warc),
];

const COMPRESSIONS: [Option<Compression>; 4] = [
    None,
    Some(Compression::None),
    Some(Compression::Gzip),
    Some(Compression::Zstd),
];

fuzz_target!(|data: &[u8]| {
    let [format, compression, rest @ ..] = data else {
        return;
    };
    let options = CrawlOptions {
        format: FORMATS[usize::from(*format) % FORMATS.len()],
        compression: COMPRESSIONS[usize::from(*compression) % COMPRESSIONS.len()],
        // Small, so that a record limit is reachable by the fuzzer.
        max_record_bytes: 4096,
        ..CrawlOptions::default()
    };
    let crawl = Crawl::from_reader("fuzz", Cursor::new(rest.to_vec()), options);
    let mut items = 0usize;
    for item in crawl {
        assert_eq!(item.source(), "fuzz");
        if let CrawlItem::Record(r) = &item {
            assert!(
                r.text.len() <= 4 * 4096,
                "record over the limit: {}",
                r.text.len()
            );
        }
        items += 1;
        // Every item consumes at least a byte of decompressed input, and gzip or zstd
        // expand at most a few thousand times: anything past this is a loop.
        assert!(items <= 1 << 22, "the reader does not end");
    }
});
