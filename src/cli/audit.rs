//! `spamspan audit`: run the detector over a whole crawl and say what it found.
//!
//! The crawl reader streams items, [`pipeline`] audits them in parallel and in order, and
//! [`AuditSink`] does everything that writes: the `--output` JSONL, the summary, the
//! `--report` page, the error lines on stderr and the progress bar. `--pipe` is the
//! one-line-in, one-line-out variant for Spark (see [`super::pipe`]).
//!
//! Exit codes: 0 when the run completed without input errors (and, with
//! `--fail-on-spam`, found nothing); 1 with `--fail-on-spam` when any span was found;
//! 2 on usage errors, an unusable model or output file, or when any input could not be
//! read (the run still completes and every error is counted and reported).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use spamspan::audit::{AuditOptions, Audited, Auditor, PageAudit};
use spamspan::io::crawl::{
    self, ByteMeter, Compression, Crawl, CrawlItem, CrawlOptions, InputFormat, JsonFields,
};
use spamspan::pipeline::{self, Sink, Window};
use spamspan::report::{self, Limits, ReportInfo, Summary};

use super::output::Output;
use super::pipe;
use super::progress::Progress;
use super::ModelArg;

/// The exit codes, for `--help`.
pub const EXIT_CODES: &str =
    "Exit codes: 0 no input errors (and nothing found, with --fail-on-spam); \
1 spam found with --fail-on-spam; 2 usage error, unusable model or output file, or an input \
that could not be read (reported on stderr; the run still completes). --pipe answers bad \
lines in place and exits 0 unless stdin itself cannot be read.";

/// Rows of the host and spam-domain tables printed at the end.
const PRINTED_ROWS: usize = 20;

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Files, directories (walked recursively, dot-files skipped) and `-` for stdin;
    /// none reads stdin.
    pub inputs: Vec<PathBuf>,
    /// Read every input in this layout instead of detecting it: text, markdown, html,
    /// plain, jsonl, csv or warc.
    #[arg(long, value_name = "LAYOUT")]
    pub format: Option<InputFormat>,
    /// Take every input to be compressed so instead of detecting it: none, gzip or zstd.
    #[arg(long, value_name = "KIND")]
    pub compression: Option<Compression>,
    /// JSONL field holding the text (a dotted name reaches into nested objects).
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// JSONL field holding the document id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    #[command(flatten)]
    pub model: ModelArg,
    /// Decision threshold instead of the model's.
    #[arg(long)]
    pub threshold: Option<f32>,
    /// Add, per span, the features that weighed most (in --output and --pipe records).
    #[arg(long)]
    pub explain: bool,
    /// Write one JSON record per document here (`-`: standard output, and no summary).
    #[arg(long, short, value_name = "FILE.jsonl")]
    pub output: Option<PathBuf>,
    /// Write a self-contained HTML report here.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Exit with status 1 when any span is found.
    #[arg(long)]
    pub fail_on_spam: bool,
    /// No progress bar and no summary; errors still go to stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Read JSONL on stdin and write exactly one JSON line per input line to stdout, in
    /// order: a prediction, or `{"line": N, "error": …}`. For Spark's `RDD.pipe`.
    #[arg(
        long,
        visible_alias = "jsonl-stdin",
        conflicts_with_all = ["inputs", "output", "report", "format", "compression"]
    )]
    pub pipe: bool,
}

impl AuditArgs {
    fn crawl_options(&self) -> CrawlOptions {
        CrawlOptions {
            format: self.format,
            compression: self.compression,
            json_fields: JsonFields {
                text: self.text_field.clone(),
                id: self.id_field.clone(),
            },
            ..CrawlOptions::default()
        }
    }
}

pub fn audit(a: AuditArgs) -> Result<ExitCode> {
    let mut detector = a.model.detector()?;
    if let Some(t) = a.threshold {
        detector = detector.with_threshold(t);
    }
    let threshold = a.threshold.unwrap_or(detector.model().threshold);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    if a.pipe {
        let options = a.crawl_options();
        return pipe::run(&pool, &detector, &options, a.explain, a.fail_on_spam);
    }

    let inputs = if a.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        a.inputs.clone()
    };
    let to_stdout = a.output.as_ref().is_some_and(|p| p.as_os_str() == "-");
    let out = a
        .output
        .as_deref()
        .map(|p| Output::open(Some(p)))
        .transpose()?;
    // Created now so that a bad path fails before hours of auditing; it appears when done.
    let report_file = match &a.report {
        Some(path) => Some(Output::open(Some(path))?),
        None => None,
    };

    let meter = ByteMeter::new();
    let crawl = Crawl::new(&inputs, a.crawl_options()).with_meter(meter.clone());
    let progress = Progress::start(a.quiet, || crawl::input_size(&inputs), meter.clone());
    let auditor = Auditor::new(
        detector,
        AuditOptions {
            // The report always shows why a span was flagged.
            explain: a.explain || a.report.is_some(),
            context: a.report.is_some(),
        },
    );
    let mut sink = AuditSink {
        out,
        explain: a.explain,
        summary: Summary::new(Limits::default()),
        progress,
    };
    let started = Instant::now();
    pipeline::run(
        Some(&pool),
        crawl,
        Window::default(),
        weigh,
        |item| auditor.audit_item(item),
        &mut sink,
    )?;
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(p) = sink.progress.as_mut() {
        p.finish();
    }
    if let Some(out) = sink.out.take() {
        out.finish().context("writing the audit records")?;
    }
    let summary = sink.summary;

    if let (Some(path), Some(file)) = (&a.report, report_file) {
        let info = ReportInfo {
            inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
            model: a.model.model.as_ref().map_or_else(
                || "embedded default".to_string(),
                |p| p.display().to_string(),
            ),
            threshold,
        };
        write_report(path, file, &summary, &info)?;
    }
    if !a.quiet && !to_stdout {
        print_summary(&summary, elapsed, meter.get())?;
    }
    Ok(if summary.errors > 0 {
        ExitCode::from(2)
    } else if a.fail_on_spam && summary.flagged_pages > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_report(path: &Path, mut out: Output, summary: &Summary, info: &ReportInfo) -> Result<()> {
    out.write_all(report::render_html(summary, info).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    out.finish()
}

/// The tables, then how fast it went.
fn print_summary(summary: &Summary, elapsed: f64, bytes_read: u64) -> Result<()> {
    let mut stdout = io::stdout().lock();
    write!(stdout, "{}", report::render_text(summary, PRINTED_ROWS))?;
    let elapsed = elapsed.max(1e-9);
    writeln!(
        stdout,
        "\n{elapsed:.1} s, {:.0} pages/s, {:.1} MB of text/s, {:.1} MB read",
        summary.pages as f64 / elapsed,
        summary.text_bytes as f64 / 1e6 / elapsed,
        bytes_read as f64 / 1e6,
    )?;
    stdout.flush()?;
    Ok(())
}

/// An item's weight in the pipeline's window: its text in bytes.
fn weigh(item: &CrawlItem) -> usize {
    match item {
        CrawlItem::Record(r) => r.text.len().max(1),
        _ => 1,
    }
}

/// Everything that happens to an audited item, in input order.
struct AuditSink {
    out: Option<Output>,
    explain: bool,
    summary: Summary,
    progress: Option<Progress>,
}

impl AuditSink {
    /// One line on stderr, above the progress bar if there is one.
    fn tell(&self, line: String) {
        let line = line.replace(['\n', '\r'], " ");
        match &self.progress {
            Some(p) => p.println(&line),
            None => eprintln!("{line}"),
        }
    }

    fn page(&mut self, page: PageAudit) -> Result<()> {
        if let Some(out) = self.out.as_mut() {
            serde_json::to_writer(&mut *out, &page.record(self.explain))
                .context("writing an audit record")?;
            out.write_all(b"\n").context("writing an audit record")?;
        }
        if let Some(p) = self.progress.as_mut() {
            p.document();
        }
        self.summary.add_page(page);
        Ok(())
    }
}

impl Sink<Audited> for AuditSink {
    type Error = anyhow::Error;

    fn accept(&mut self, item: Audited) -> Result<()> {
        match item {
            Audited::Page(page) => self.page(*page)?,
            Audited::Skipped(s) => {
                self.summary.add_skipped();
                self.tell(format!("spamspan: {s}"));
            }
            Audited::Error(e) => {
                self.summary.add_error();
                self.tell(format!("spamspan: error: {e}"));
            }
        }
        Ok(())
    }
}
