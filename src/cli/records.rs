//! `detect` and `clean`: records stream from the crawl reader through the detector to the
//! output, in input order, with a bounded number in flight (see [`spamspan::pipeline`]).
//!
//! Every record gets exactly one answer. A record that cannot be read is answered in JSONL
//! output by an error record `{"source", "at", "error"}` in its place, and named on
//! stderr. After a record written wrong (a broken JSONL line or CSV row) the run stops
//! with exit 2, or with `--skip-bad` goes on to the next record. Damaged input (a
//! truncated gzip stream, a corrupt WARC record, a missing file) is reported and the rest
//! of the input read; the run then ends with exit 2 unless `--skip-bad` was given.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use serde::Serialize;

use spamspan::clean;
use spamspan::detect::Detector;
use spamspan::io::crawl::{
    self, Crawl, CrawlError, CrawlItem, CrawlOptions, CrawlRecord, InputFormat, Locator,
};
use spamspan::io::LabelledDoc;
use spamspan::pipeline::{self, Sink, Window};

use super::output::Output;

/// Shown by `detect --help` and `clean --help`.
pub const EXIT_CODES: &str = "Exit codes: 0 success (bad records answered and skipped with \
--skip-bad included); 1 spam found with --fail-on-spam; 2 a record written wrong (stopped \
there; no --output file is put in place), damaged input (reported, the rest read), a usage \
error or an unusable model. Every record is answered in order; one that cannot be read gets \
an error record {\"source\", \"at\", \"error\"} in its place.";

/// What `detect` or `clean` makes of each record.
#[derive(Clone, Copy)]
pub enum Job {
    /// A prediction record per document; `Some(n)` adds the `n` features that weighed
    /// most per span.
    Detect { explain: Option<usize> },
    /// The document without its spans.
    Clean,
}

/// How the records are read and what happens to bad ones.
pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub format: Option<InputFormat>,
    pub skip_bad: bool,
    pub fail_on_spam: bool,
}

/// The answer to one item of the input.
enum Answer {
    /// A JSON line (a prediction, or a cleaned JSONL/CSV/WARC record).
    Json { line: String, flagged: bool },
    /// A whole file, cleaned: written as it is.
    Text { bytes: Vec<u8>, flagged: bool },
    /// A record that could not be read (or answered).
    Bad(BadRecord),
    /// A file passed over on purpose (binary): no record, a warning; `clean` writes its
    /// bytes back unchanged.
    Skipped {
        reason: String,
        bytes: Option<Vec<u8>>,
    },
}

struct BadRecord {
    message: String,
    json: String,
    /// Whether the output is JSONL for this input, so the error gets a line of its own.
    in_jsonl: bool,
    /// A record written wrong, rather than damaged input (see the module doc).
    written_wrong: bool,
}

/// The error record written in place of a record that could not be read.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    source: &'a str,
    at: Locator,
    error: String,
}

pub fn run(detector: &Detector, job: Job, options: RunOptions, out: Output) -> Result<ExitCode> {
    let inputs = if options.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        options.inputs.clone()
    };
    let crawl_options = CrawlOptions {
        format: options.format,
        keep_source: matches!(job, Job::Clean),
        // A single document of any size is read; the detector splits very long ones
        // into segments so that memory follows the document, not its tokens.
        max_record_bytes: 1 << 30,
        ..CrawlOptions::default()
    };
    let fields = crawl_options.json_fields.clone();
    let crawl = Crawl::new(inputs, crawl_options);
    let mut sink = RecordSink {
        out,
        skip_bad: options.skip_bad,
        flagged: false,
        bad: 0,
        damaged: false,
    };
    let weigh = |item: &CrawlItem| match item {
        CrawlItem::Record(r) => r.text.len().max(1),
        _ => 1,
    };
    let answer = |item: CrawlItem| match item {
        CrawlItem::Record(record) => answer_record(detector, job, &fields, record),
        CrawlItem::Error(e) => Answer::Bad(bad_record(&e, job)),
        CrawlItem::Skipped(mut s) => Answer::Skipped {
            bytes: s.bytes.take(),
            reason: s.to_string(),
        },
    };
    let stopped = pipeline::run(None, crawl, Window::default(), weigh, answer, &mut sink);
    let RecordSink {
        out,
        flagged,
        bad,
        damaged,
        ..
    } = sink;
    match stopped {
        Ok(()) => out.finish()?,
        // The output file is not put in place: it would look complete.
        Err(Stop::BadRecord(message)) => {
            return Err(anyhow!(
                "{message}\n(stopped here; pass --skip-bad to answer bad records with an error record and go on)"
            ))
        }
        Err(Stop::Write(e)) => return Err(e),
    }
    if bad > 0 {
        eprintln!("spamspan: {bad} bad record(s) could not be read: answered with error records");
    }
    Ok(if damaged && !options.skip_bad {
        eprintln!(
            "spamspan: some input was damaged (see above); everything else was read. \
             Exit 2; --skip-bad makes this exit 0"
        );
        ExitCode::from(2)
    } else if options.fail_on_spam && flagged {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn answer_record(
    detector: &Detector,
    job: Job,
    fields: &crawl::JsonFields,
    mut record: CrawlRecord,
) -> Answer {
    let kept = if record.raw.is_some() {
        "; `clean` writes the bytes outside the spans back unchanged"
    } else {
        ""
    };
    for w in &record.warnings {
        eprintln!(
            "spamspan: warning: {} ({}): {w}{kept}",
            record.source, record.locator
        );
    }
    let whole_file = record.locator == Locator::File;
    let json = record.json.take();
    let raw = record.raw.take();
    let url = record.url.clone();
    let format = record.format;
    let result = match job {
        Job::Detect { explain } => {
            let prediction = detector.predict(&record.into_document(), explain);
            let flagged = !prediction.spans.is_empty();
            serde_json::to_string(&prediction).map(|line| Answer::Json { line, flagged })
        }
        Job::Clean => {
            let doc = record.into_document();
            let (spans, _) = detector.spans(&doc);
            let flagged = !spans.is_empty();
            let ranges: Vec<_> = spans.iter().map(|s| s.range.clone()).collect();
            let removal = clean::Removal::new(&doc.text, &ranges);
            if whole_file {
                let bytes = match raw {
                    Some(raw) => removal.apply_to_lossy_bytes(&raw),
                    None => removal.text.into_bytes(),
                };
                Ok(Answer::Text { bytes, flagged })
            } else {
                let text = removal.text;
                match json {
                    Some(mut value) => {
                        crawl::set_text(&mut value, fields, text);
                        // Gold spans index the text before cleaning.
                        if let Some(object) = value.as_object_mut() {
                            object.remove("spans");
                        }
                        serde_json::to_string(&value)
                    }
                    None => serde_json::to_string(&LabelledDoc {
                        id: doc.id,
                        text,
                        format: Some(format),
                        url,
                        spans: None,
                        meta: None,
                    }),
                }
                .map(|line| Answer::Json { line, flagged })
            }
        }
    };
    result.unwrap_or_else(|e| {
        Answer::Bad(BadRecord {
            message: format!("cannot write the record: {e}"),
            json: String::new(),
            in_jsonl: false,
            written_wrong: true,
        })
    })
}

fn bad_record(e: &CrawlError, job: Job) -> BadRecord {
    let record = ErrorRecord {
        source: &e.source_name,
        at: e.locator,
        error: e.kind.to_string(),
    };
    let in_jsonl = matches!(job, Job::Detect { .. }) || e.locator != Locator::File;
    BadRecord {
        message: e.to_string(),
        json: serde_json::to_string(&record).unwrap_or_default(),
        in_jsonl,
        written_wrong: e.kind.is_bad_record(),
    }
}

enum Stop {
    BadRecord(String),
    Write(anyhow::Error),
}

struct RecordSink {
    out: Output,
    skip_bad: bool,
    flagged: bool,
    bad: usize,
    /// Some input was damaged (and the rest read).
    damaged: bool,
}

impl RecordSink {
    fn write_line(&mut self, line: &str) -> Result<(), Stop> {
        self.out
            .write_all(line.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .context("writing the output")
            .map_err(Stop::Write)
    }
}

impl Sink<Answer> for RecordSink {
    type Error = Stop;

    fn accept(&mut self, answer: Answer) -> Result<(), Stop> {
        match answer {
            Answer::Json { line, flagged } => {
                self.flagged |= flagged;
                self.write_line(&line)
            }
            Answer::Text { bytes, flagged } => {
                self.flagged |= flagged;
                self.out
                    .write_all(&bytes)
                    .context("writing the cleaned text")
                    .map_err(Stop::Write)
            }
            Answer::Bad(bad) => {
                if bad.in_jsonl && !bad.json.is_empty() {
                    self.write_line(&bad.json)?;
                }
                if bad.written_wrong && !self.skip_bad {
                    return Err(Stop::BadRecord(bad.message));
                }
                eprintln!("spamspan: {}", bad.message);
                self.bad += 1;
                self.damaged |= !bad.written_wrong;
                Ok(())
            }
            Answer::Skipped { reason, bytes } => match bytes {
                Some(bytes) => {
                    eprintln!("spamspan: warning: {reason}; written back unchanged");
                    self.out
                        .write_all(&bytes)
                        .context("writing the output")
                        .map_err(Stop::Write)
                }
                None => {
                    eprintln!("spamspan: warning: {reason}");
                    Ok(())
                }
            },
        }
    }
}
