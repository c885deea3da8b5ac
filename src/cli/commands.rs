//! One function per subcommand: parse inputs, call the library, write outputs.

use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use rayon::prelude::*;

use spamspan::eval::{self, EvalInput};
use spamspan::io::crawl::InputFormat;
use spamspan::io::{self as sio, read::Layout, LabelledDoc};
use spamspan::model::format as model_format;
use spamspan::synth::{self, SynthConfig};
use spamspan::train::{self as trainer, TrainConfig};

use super::output::Output;
use super::records::{self, Job, RunOptions};
use super::ModelArg;

/// The labelled documents of `train` and `eval`, each file in the layout its name
/// suggests; standard input is one plain document.
fn read_inputs(inputs: &[PathBuf]) -> Result<Vec<LabelledDoc>> {
    let mut docs = Vec::new();
    if inputs.is_empty() || inputs.iter().any(|p| p.as_os_str() == "-") {
        let stdin = io::stdin();
        let mut lock = stdin.lock();
        let mut text = Vec::new();
        lock.read_to_end(&mut text)
            .context("reading standard input")?;
        warn_if_not_utf8("<stdin>", &text);
        docs.extend(sio::read::read_plain(text.as_slice(), "<stdin>", None)?);
    }
    for path in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let mut file =
            File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let name = path.display().to_string();
        docs.extend(match Layout::from_path(path) {
            Layout::Jsonl => sio::read::read_jsonl(io::BufReader::new(file), &name)?,
            Layout::Csv => sio::read::read_csv(file, &name)?,
            Layout::Plain(f) => {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes)
                    .with_context(|| format!("reading {name}"))?;
                warn_if_not_utf8(&name, &bytes);
                sio::read::read_plain(bytes.as_slice(), &name, f)?
            }
        });
    }
    Ok(docs)
}

/// Whole-file documents are decoded lossily; say so, naming the document and its first bad
/// byte, since the invalid bytes come out of `clean` as U+FFFD rather than as they were.
fn warn_if_not_utf8(name: &str, bytes: &[u8]) {
    if let Err(e) = std::str::from_utf8(bytes) {
        eprintln!(
            "spamspan: warning: {name}: not valid UTF-8 (first invalid byte at offset {}); \
             invalid bytes are read, and written by `clean`, as U+FFFD",
            e.valid_up_to()
        );
    }
}

/// How inputs are laid out, when the file name does not say.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Input files; `-` or none reads standard input.
    pub inputs: Vec<PathBuf>,
    /// Treat every input as JSONL records (the default for `.jsonl` files).
    #[arg(long, conflicts_with_all = ["csv", "format"])]
    pub jsonl: bool,
    /// Treat every input as CSV with `id,text[,spans]` columns.
    #[arg(long)]
    pub csv: bool,
    /// Treat every input as one document of this format.
    #[arg(long, value_parser = ["text", "markdown", "html"])]
    pub format: Option<String>,
    /// Answer a record that cannot be read with an error record and go on (default: stop
    /// there with exit 2).
    #[arg(long)]
    pub skip_bad: bool,
}

impl InputArgs {
    /// How `detect` and `clean` read their inputs: the crawl reader's layout, detected
    /// from each input's name and bytes unless a flag fixes it.
    fn run_options(&self, fail_on_spam: bool) -> RunOptions {
        let format = if self.jsonl {
            Some(InputFormat::Jsonl)
        } else if self.csv {
            Some(InputFormat::Csv)
        } else {
            // clap allows only text, markdown and html, each an `InputFormat` name.
            self.format.as_deref().and_then(|f| f.parse().ok())
        };
        RunOptions {
            inputs: self.inputs.clone(),
            format,
            skip_bad: self.skip_bad,
            fail_on_spam,
        }
    }
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled training documents (JSONL or CSV).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Labelled held-out documents for choosing the threshold (default: the training set).
    #[arg(long)]
    pub heldout: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, short, default_value = "model.spamspan")]
    pub output: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// linfa solver: ftrl (mini-batch FTRL-Proximal) or lbfgs (batch logistic regression).
    #[arg(long, default_value = "ftrl")]
    pub solver: trainer::Solver,
    /// L2 regularisation strength: FTRL's `l2_ratio`, in [0, 1]; lbfgs's `alpha`, any
    /// non-negative value.
    #[arg(long, default_value_t = TrainConfig::default().l2)]
    pub l2: f32,
    /// L1 regularisation strength: FTRL's `l1_ratio`, in [0, 1] (lbfgs has none).
    #[arg(long, default_value_t = TrainConfig::default().l1)]
    pub l1: f32,
    /// Clean retention the threshold must keep on the held-out documents.
    #[arg(long, default_value_t = TrainConfig::default().target.retention)]
    pub target_retention: f64,
    /// Share of held-out clean documents the threshold may flag.
    #[arg(long, default_value_t = TrainConfig::default().target.flagged_clean_docs)]
    pub max_flagged_clean: f64,
    /// Passes over the training rows.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub epochs: usize,
    /// Most training rows kept (every injected token, the rest sampled down to fit): about
    /// 1 KB of memory each. Raise it with the data, or hard negatives get thinned out.
    #[arg(long, default_value_t = TrainConfig::default().max_rows)]
    pub max_rows: usize,
}

pub fn train(a: TrainArgs) -> Result<ExitCode> {
    let train_docs = read_inputs(&a.inputs)?;
    let heldout = match &a.heldout {
        Some(p) => sio::read_path(p)?,
        None => Vec::new(),
    };
    let config = TrainConfig {
        seed: a.seed,
        solver: a.solver,
        l2: a.l2,
        l1: a.l1,
        epochs: a.epochs,
        max_rows: a.max_rows,
        target: trainer::Target {
            retention: a.target_retention,
            flagged_clean_docs: a.max_flagged_clean,
        },
        ..TrainConfig::default()
    };
    eprintln!(
        "training on {} documents ({} held out)",
        train_docs.len(),
        heldout.len()
    );
    let started = std::time::Instant::now();
    let trained = trainer::train(&train_docs, &heldout, &config)?;
    eprintln!("trained in {:.1} s", started.elapsed().as_secs_f64());
    model_format::write(&a.output, &trained.model)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "threshold {:.2}; wrote {}",
        trained.model.threshold,
        a.output.display()
    );
    if let Some(m) = trained.heldout {
        eprintln!("{}", m.render_table());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct DetectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub model: ModelArg,
    /// Add, per span, the features that weighed most.
    #[arg(long)]
    pub explain: bool,
    /// Decision threshold instead of the model's (lower finds more, costs more clean text).
    #[arg(long)]
    pub threshold: Option<f32>,
    /// Write predictions here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when any span is found.
    #[arg(long)]
    pub fail_on_spam: bool,
}

pub fn detect(a: DetectArgs) -> Result<ExitCode> {
    let mut detector = a.model.detector()?;
    if let Some(t) = a.threshold {
        detector = detector.with_threshold(t);
    }
    let out = Output::open(a.output.as_deref())?;
    let job = Job::Detect {
        explain: a.explain.then_some(8),
    };
    records::run(&detector, job, a.input.run_options(a.fail_on_spam), out)
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub model: ModelArg,
    /// Write the cleaned text or records here instead of standard output (the file appears
    /// only once complete).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn clean(a: CleanArgs) -> Result<ExitCode> {
    let detector = a.model.detector()?;
    let out = Output::open(a.output.as_deref())?;
    records::run(&detector, Job::Clean, a.input.run_options(false), out)
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Labelled documents (JSONL or CSV).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArg,
    /// Score this prediction file instead of running the model.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Decision threshold instead of the model's.
    #[arg(long)]
    pub threshold: Option<f32>,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn eval(a: EvalArgs) -> Result<ExitCode> {
    let docs: Vec<LabelledDoc> = read_inputs(&a.inputs)?
        .into_iter()
        .filter(|d| d.spans.is_some())
        .collect();
    if docs.is_empty() {
        bail!("no labelled documents (with a `spans` field) in the input");
    }
    let predictions = match &a.predictions {
        Some(p) => read_predictions(p)?,
        None => {
            let mut detector = a.model.detector()?;
            if let Some(t) = a.threshold {
                detector = detector.with_threshold(t);
            }
            docs.par_iter()
                .map(|d| detector.predict(&d.document(), None))
                .collect()
        }
    };
    if predictions.len() != docs.len() {
        bail!(
            "{} predictions for {} labelled documents",
            predictions.len(),
            docs.len()
        );
    }
    let pairs: Vec<EvalInput> = docs
        .iter()
        .zip(&predictions)
        .map(|(g, p)| EvalInput { gold: g, pred: p })
        .collect();
    let metrics = eval::evaluate(&pairs)?;
    let mut out = io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&metrics)?)?;
    } else {
        writeln!(out, "{}", metrics.render_table())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read_predictions(path: &Path) -> Result<Vec<sio::Prediction>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: bad prediction record", path.display(), i + 1))?,
        );
    }
    Ok(out)
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// The shared data directory (corpora and spam vocabularies).
    #[arg(long, env = "SPAMSPAN_SHARED", default_value = "../shared")]
    pub shared: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// At most this many documents per corpus (0: all).
    #[arg(long, default_value_t = 0)]
    pub max_docs: usize,
    /// Directory for `train.jsonl` and `heldout.jsonl`.
    #[arg(long, default_value = "target/synth")]
    pub out_dir: PathBuf,
}

pub fn synth(a: SynthArgs) -> Result<ExitCode> {
    let config = SynthConfig {
        shared_dir: a.shared.clone(),
        seed: a.seed,
        max_docs_per_corpus: a.max_docs,
        ..SynthConfig::default()
    };
    let out = synth::synthesize(&config)?;
    std::fs::create_dir_all(&a.out_dir)
        .with_context(|| format!("cannot create {}", a.out_dir.display()))?;
    for (name, docs) in [("train.jsonl", &out.train), ("heldout.jsonl", &out.heldout)] {
        let path = a.out_dir.join(name);
        let mut out = Output::open(Some(&path))?;
        sio::write_jsonl(&mut out, docs)?;
        out.finish()?;
        eprintln!("wrote {} documents to {}", docs.len(), path.display());
    }
    for (k, v) in &out.summary {
        eprintln!("{k}: {v}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// How many of the most positive and most negative features to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

pub fn inspect(a: InspectArgs) -> Result<ExitCode> {
    let m = a.model.load()?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "extractor version {}, {} weights ({} named, {} hashed buckets in each of {} namespaces), window {}",
        m.config.extractor_version,
        m.weights.len(),
        spamspan::features::NAMES.len(),
        m.config.hash_buckets,
        spamspan::features::Namespace::ALL.len(),
        m.config.window
    )?;
    writeln!(
        out,
        "threshold {:.3}, bias {:.3}, seed {}",
        m.threshold, m.bias, m.meta.seed
    )?;
    for (k, v) in &m.meta.data {
        writeln!(out, "data.{k}: {v}")?;
    }
    for (k, v) in &m.meta.hyper {
        writeln!(out, "hyper.{k}: {v}")?;
    }
    for (k, v) in &m.meta.heldout {
        writeln!(out, "heldout.{k}: {v:.4}")?;
    }
    let mut order: Vec<usize> = (0..m.weights.len()).collect();
    order.sort_by(|&a, &b| m.weights[b].total_cmp(&m.weights[a]).then(a.cmp(&b)));
    writeln!(out, "\nmost positive features:")?;
    for &i in order.iter().take(a.top) {
        writeln!(out, "  {:+.3}  {}", m.weights[i], m.feature_names[i])?;
    }
    writeln!(out, "\nmost negative features:")?;
    for &i in order.iter().rev().take(a.top) {
        writeln!(out, "  {:+.3}  {}", m.weights[i], m.feature_names[i])?;
    }
    Ok(ExitCode::SUCCESS)
}
