//! `spamspan audit --pipe`: JSONL on stdin, exactly one JSON line per input line on
//! stdout, in order — a prediction for a record, `{"line": N, "error": …}` for a line that
//! is not one (blank lines included). Nothing else is written to stdout, and there is no
//! summary or progress bar, so the output can be zipped with the input line by line, as
//! Spark's `RDD.pipe` does.
//!
//! Lines are read in batches of a few hundred, so this is for streams, not for
//! request-and-wait use one line at a time. Exit code 0 even when lines are bad (they are
//! answered in place; a failing exit would fail the Spark task); 2 when stdin itself
//! cannot be read; 1 with `--fail-on-spam` when any span was found.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use rayon::ThreadPool;

use spamspan::audit::{PipeError, PipeRecord, EXPLAIN_TOP};
use spamspan::detect::Detector;
use spamspan::io::crawl::{json_lines, CrawlItem, CrawlOptions, Locator};
use spamspan::pipeline::{self, Sink, Window};

/// The answer to one input line.
struct Answer {
    json: String,
    flagged: bool,
    /// The input could not be read on from here.
    fatal: bool,
}

pub fn run(
    pool: &ThreadPool,
    detector: &Detector,
    options: &CrawlOptions,
    explain: bool,
    fail_on_spam: bool,
) -> Result<ExitCode> {
    let lines = json_lines(
        io::stdin(),
        "-",
        options.json_fields.clone(),
        options.max_record_bytes,
    );
    let explain = explain.then_some(EXPLAIN_TOP);
    let mut sink = PipeSink {
        out: BufWriter::new(io::stdout()),
        flagged: false,
        fatal: false,
    };
    let weigh = |item: &CrawlItem| match item {
        CrawlItem::Record(r) => r.text.len().max(1),
        _ => 1,
    };
    pipeline::run(
        Some(pool),
        lines,
        Window::default(),
        weigh,
        |item| answer(detector, explain, item),
        &mut sink,
    )?;
    sink.out.flush().context("writing to standard output")?;
    Ok(if sink.fatal {
        ExitCode::from(2)
    } else if fail_on_spam && sink.flagged {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn answer(detector: &Detector, explain: Option<usize>, item: CrawlItem) -> Answer {
    let line = match item.locator() {
        Locator::Line(n) => n,
        _ => 0,
    };
    let (error, fatal) = match item {
        CrawlItem::Record(record) => {
            let url = record.url.clone();
            let prediction = detector.predict(&record.into_document(), explain);
            let json = serde_json::to_string(&PipeRecord {
                id: &prediction.id,
                url: url.as_deref(),
                spans: &prediction.spans,
                doc_score: prediction.doc_score,
            });
            match json {
                Ok(json) => {
                    return Answer {
                        json,
                        flagged: !prediction.spans.is_empty(),
                        fatal: false,
                    }
                }
                Err(e) => (format!("cannot write the prediction: {e}"), false),
            }
        }
        CrawlItem::Error(e) => (e.kind.to_string(), e.kind.ends_file()),
        CrawlItem::Skipped(s) => (format!("skipped: {}", s.reason), false),
    };
    let json = serde_json::to_string(&PipeError { line, error })
        .unwrap_or_else(|_| format!("{{\"line\":{line},\"error\":\"unprintable error\"}}"));
    Answer {
        json,
        flagged: false,
        fatal,
    }
}

struct PipeSink<W: Write> {
    out: W,
    flagged: bool,
    fatal: bool,
}

impl<W: Write> Sink<Answer> for PipeSink<W> {
    type Error = anyhow::Error;

    fn accept(&mut self, answer: Answer) -> Result<()> {
        self.flagged |= answer.flagged;
        self.fatal |= answer.fatal;
        self.out
            .write_all(answer.json.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .context("writing to standard output")
    }

    /// A reader downstream sees each batch as soon as it is done.
    fn batch_done(&mut self) -> Result<()> {
        self.out.flush().context("writing to standard output")
    }
}
