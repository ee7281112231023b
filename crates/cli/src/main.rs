//! `kokyaku`: Kokyaku's analyses on the command line.
//!
//! A thin front end to `kokyaku-core` for big files, batch jobs, benchmarks and reference tests: it streams
//! files (or stdin) into the core's [`kokyaku_core::Ingestor`] and prints what the core returns, as a readable
//! report or as JSON. It also wraps `kokyaku-gen` to write synthetic exports with known answers.
//!
//! This file holds the dispatch and the errors; `args.rs` the command-line definitions; each subcommand lives in
//! its own module, and [`input`] reads the files every analysis command takes.
//!
//! Exit codes ([`EXIT_CODES`]): 0 on success, 1 when a file cannot be read or analysed (the message on stderr
//! starts with `kokyaku:`), 2 for usage errors (clap's default), 3 when more rows were rejected than
//! `--max-reject-rate` allows.

mod acquisition;
mod args;
mod basket;
mod cohorts;
mod columns;
mod cpm;
mod dashboard;
mod generate;
mod history;
mod input;
mod ltv;
mod ltv_checks;
mod opened;
mod migration;
mod output;
mod repeat;
mod report;
mod rfm;
mod segment;
mod segment_report;
mod summary;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use kokyaku_core::params::ParamError;
use kokyaku_core::segment::Message;
use kokyaku_core::{Lang, Words};

pub use args::*;

/// An error that ends the program with exit code 1.
#[derive(Debug)]
pub enum CliError {
    /// A file could not be read as an order export, or the data could not be analysed.
    Ingest(kokyaku_core::IngestError),
    /// Reading or writing a file (or stdin/stdout) failed.
    Io {
        /// What was being done, naming the file: `cannot open orders.csv`.
        context: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// More rows were rejected than `--max-reject-rate` allows: the reason, in words (exit code 3).
    TooManyRejects(Message),
    /// A typed error of the core, in both languages.
    Worded(Message),
    /// Anything else, already in words.
    Other(String),
}

impl CliError {
    /// An I/O error with what was being done when it happened.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> CliError {
        CliError::Io {
            context: context.into(),
            source,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Ingest(e) => write!(f, "{e}"),
            CliError::Io { context, source } => write!(f, "{context}: {source}"),
            CliError::TooManyRejects(message) | CliError::Worded(message) => message.fmt(f),
            CliError::Other(message) => f.write_str(message),
        }
    }
}

impl CliError {
    /// The error in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (CliError::Ingest(e), _) => e.words(lang),
            (CliError::TooManyRejects(m) | CliError::Worded(m), _) => m.words(lang),
            (CliError::Io { context, source }, Lang::Ja) => format!("{context}：{source}"),
            (e, _) => e.to_string(),
        }
    }
}

impl<E: Words> From<&E> for CliError {
    fn from(e: &E) -> Self {
        CliError::Worded(Message::of(e))
    }
}

impl std::error::Error for CliError {}

impl From<kokyaku_core::IngestError> for CliError {
    fn from(e: kokyaku_core::IngestError) -> Self {
        CliError::Ingest(e)
    }
}

/// The command line, with the exit codes at the end of every order-reading command's help too.
fn command() -> clap::Command {
    Cli::command().mut_subcommands(|c| {
        if c.get_name() == "gen" {
            return c;
        }
        let long = match c.get_after_long_help() {
            Some(help) => format!("{help}\n\n{EXIT_CODES}"),
            None => EXIT_CODES.to_string(),
        };
        c.after_help(EXIT_CODES).after_long_help(long)
    })
}

/// The option that sets each parameter the core's rules check, by the parameter's name.
const OPTIONS: [(&str, &str); 17] = [
    ("recency", "--r-scoring"),
    ("frequency", "--f-scoring"),
    ("monetary", "--m-scoring"),
    ("lapse_days", "--lapse-days"),
    ("tenure_days", "--tenure-days"),
    ("value_threshold", "--value-threshold"),
    ("windows", "--windows"),
    ("product_window", "--product-window"),
    ("horizons", "--horizons"),
    ("summary.holdout_end", "--holdout-end"),
    ("clv.horizon_months", "--horizon-months"),
    ("clv.monthly_discount_rate", "--discount"),
    ("clv.margin", "--margin"),
    ("min_orders", "--min-orders"),
    ("not_products", "--not-products"),
    ("months", "--months"),
    ("f2_window_days", "--f2-window"),
];

/// A refused parameter in words, naming the option that set it.
fn refused(e: &ParamError) -> String {
    let option = e
        .param()
        .and_then(|p| OPTIONS.iter().find(|(name, _)| *name == p))
        .map(|(_, option)| *option);
    match (option, output::lang()) {
        (Some(option), Lang::Ja) => format!("{option} の値が正しくありません：{}", e.ja()),
        (Some(option), Lang::En) => format!("invalid value for {option}: {e}"),
        (None, lang) => e.words(lang),
    }
}

/// The parameters, checked with the core's rules before any file is read; ends the program with a usage error
/// (exit code 2) when they break one.
fn valid<T>(params: Result<T, ParamError>) -> T {
    params.unwrap_or_else(|e| {
        command()
            .error(clap::error::ErrorKind::ValueValidation, refused(&e))
            .exit()
    })
}

fn main() -> ExitCode {
    let cli = Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit());
    output::set_csv_lang(cli.lang);
    output::set_lang(
        cli.lang
            .unwrap_or_else(|| Lang::from_env(|name| std::env::var(name).ok())),
    );
    let result = match cli.command {
        Command::Summary(args) => summary::run(&args),
        Command::Dashboard(args) => dashboard::run(&args, &valid(dashboard::params(&args))),
        Command::Rfm(args) => rfm::run(&args, &valid(rfm::params(&args))),
        Command::Cpm(args) => cpm::run(&args, &valid(cpm::params(&args))),
        Command::Cohorts(args) => cohorts::run(&args),
        Command::Repeat(args) => repeat::run(&args, &valid(repeat::params(&args))),
        Command::History(args) => history::run(&args, &valid(history::params(&args))),
        Command::Ltv(args) => ltv::run(&args, &valid(ltv::params(&args))),
        Command::Basket(args) => basket::run(&args, &valid(basket::params(&args))),
        Command::Acquisition(args) => acquisition::run(&args, &valid(acquisition::params(&args))),
        Command::Migration(args) => migration::run(&args),
        Command::Segment(args) => segment::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Gen(args) => generate::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that went away (`kokyaku summary x.csv | head`) is not an error worth a message.
        Err(CliError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kokyaku: {}", output::for_stderr(&e.words(output::lang())));
            match e {
                CliError::TooManyRejects(_) => ExitCode::from(3),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
