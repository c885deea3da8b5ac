//! Opening one input: undo its compression, look at its first kilobytes to tell its layout
//! (and to pass over binary files), and hand the stream to the reader for that layout.

use std::io::{BufReader, Read};
use std::path::Path;

use super::detect::{binary_reason, Compression, InputFormat};
use super::jsonl::JsonlSource;
use super::origin::Origin;
use super::plain::PlainSource;
use super::record::{CrawlItem, Locator};
use super::stream::{read_up_to, replay, ByteStream};
use super::table::CsvSource;
use super::warc::WarcSource;
use super::CrawlOptions;

/// The items of one input.
pub type Records = Box<dyn Iterator<Item = CrawlItem> + Send>;

/// How many decompressed bytes are looked at to tell the layout and binary files; as in
/// ripgrep's binary detection, a NUL this early means the file is not text.
const SNIFF_LEN: usize = 8 * 1024;
/// Read buffer of the decompressed stream.
const BUFFER: usize = 64 * 1024;

/// The items of an input stream. `path` (the file's name) suggests the layout; the bytes
/// decide compression and, when the name says nothing, the layout.
pub fn open_stream(
    mut raw: Box<dyn Read + Send>,
    name: String,
    path: Option<&Path>,
    options: &CrawlOptions,
) -> Records {
    let (magic, error) = read_up_to(&mut raw, Compression::MAGIC_LEN);
    let compression = options
        .compression
        .unwrap_or_else(|| Compression::from_magic(&magic));
    let origin = Origin { name, compression };
    if let Some(error) = error {
        return one(origin.read_error(Locator::Offset(0), error));
    }
    let replayed = replay(magic, None, raw);
    let mut decompressed: Box<dyn Read + Send> = match compression {
        Compression::None => replayed,
        // Multi-member: a `.warc.gz` is one gzip member per record.
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(replayed)),
        Compression::Zstd => match zstd::stream::read::Decoder::new(replayed) {
            Ok(d) => Box::new(d),
            Err(e) => return one(origin.read_error(Locator::Offset(0), e)),
        },
    };
    let (head, error) = read_up_to(&mut decompressed, SNIFF_LEN);
    let format = options
        .format
        .or_else(|| path.and_then(InputFormat::from_extension))
        .unwrap_or_else(|| InputFormat::sniff(&head));
    // A whole file that `clean` must give back is read whole and skipped by PlainSource,
    // which keeps its bytes.
    let whole_file = format.document_format().is_some() || format == InputFormat::Plain;
    if format.refuses_binary() && !(options.keep_source && whole_file) {
        if let Some(reason) = binary_reason(&head) {
            return one(origin.skipped(Locator::File, reason));
        }
    }
    let stream: ByteStream = Box::new(BufReader::with_capacity(
        BUFFER,
        replay(head, error, decompressed),
    ));
    let limit = options.max_record_bytes;
    match format {
        InputFormat::Text | InputFormat::Markdown | InputFormat::Html | InputFormat::Plain => {
            Box::new(
                PlainSource::new(stream, origin, format.document_format(), limit)
                    .keeping_raw(options.keep_source),
            )
        }
        InputFormat::Jsonl => Box::new(
            JsonlSource::new(stream, origin, options.json_fields.clone(), limit)
                .keeping_json(options.keep_source),
        ),
        InputFormat::Csv => Box::new(CsvSource::new(stream, origin, limit)),
        InputFormat::Warc => Box::new(WarcSource::new(stream, origin, limit)),
    }
}

/// An input whose only item is `item`.
pub fn one(item: CrawlItem) -> Records {
    Box::new(std::iter::once(item))
}
