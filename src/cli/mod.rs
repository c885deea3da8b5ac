//! Subcommands. Exit codes: 0 success, 1 spam found with `--fail-on-spam`, 2 error.

mod audit;
mod commands;
mod output;
mod pipe;
mod progress;
mod records;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use spamspan::detect::Detector;
use spamspan::model::{self, Model};

#[derive(Parser, Debug)]
#[command(
    name = "spamspan",
    version,
    about = "Find and remove spam and SEO link injection inside web text"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Train a model from labelled documents (JSONL or CSV `id,text,spans`).
    Train(commands::TrainArgs),
    /// Find injected spans: prediction records (FORMAT.md) as JSONL.
    #[command(after_help = records::EXIT_CODES)]
    Detect(commands::DetectArgs),
    /// Remove injected spans: plain stdin → stdout, or JSONL in → JSONL out.
    #[command(after_help = records::EXIT_CODES)]
    Clean(commands::CleanArgs),
    /// Audit a crawl (files, directories, JSONL, CSV, WARC, compressed or not): a summary
    /// per host and spam domain, JSONL records, an HTML report; or `--pipe` for Spark.
    #[command(after_help = audit::EXIT_CODES)]
    Audit(audit::AuditArgs),
    /// Score predictions against a labelled file with every metric of FORMAT.md.
    Eval(commands::EvalArgs),
    /// Make labelled training documents by injecting spam into clean corpora.
    Synth(commands::SynthArgs),
    /// Look inside a model file.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum ModelCommand {
    /// Metadata, held-out metrics and the most weighted features.
    Inspect(commands::InspectArgs),
}

/// Which model to use.
#[derive(Args, Debug, Clone)]
pub struct ModelArg {
    /// Model file written by `spamspan train` (default: the model embedded in the binary).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

impl ModelArg {
    pub fn load(&self) -> Result<Model> {
        match &self.model {
            Some(path) => model::format::read(path).with_context(|| format!("cannot load model {}", path.display())),
            None => Model::embedded().context(
                "the embedded default model is unusable; rebuild it with scripts/train-default or pass --model",
            ),
        }
    }

    pub fn detector(&self) -> Result<Detector> {
        let model = self.load()?;
        Detector::new(model).context("the model does not fit this version of spamspan")
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Train(a) => commands::train(a),
        Command::Detect(a) => commands::detect(a),
        Command::Clean(a) => commands::clean(a),
        Command::Audit(a) => audit::audit(a),
        Command::Eval(a) => commands::eval(a),
        Command::Synth(a) => commands::synth(a),
        Command::Model {
            command: ModelCommand::Inspect(a),
        } => commands::inspect(a),
    }
}
