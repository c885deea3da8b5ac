//! The `spamspan` command line: a thin layer over the library that reads inputs, picks the
//! model (embedded default or `--model`) and writes results.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("spamspan: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
