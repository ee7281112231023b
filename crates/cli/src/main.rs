//! `kokyaku`: Kokyaku's analyses on the command line.
//!
//! A thin front end to `kokyaku-core` for big files, batch jobs, benchmarks and reference tests: it streams
//! files (or stdin) into the core's [`kokyaku_core::Ingestor`] and prints what the core returns, as a readable
//! report or as JSON. It also wraps `kokyaku-gen` to write synthetic exports with known answers.
//!
//! This file holds the command-line definitions and the dispatch; each subcommand lives in its own module, and
//! [`input`] reads the files every analysis command takes.
//!
//! Exit codes: 0 on success, 1 when a file cannot be read or analysed (the message on stderr starts with
//! `kokyaku:`), 2 for usage errors (clap's default).

mod generate;
mod input;
mod output;
mod rfm;
mod summary;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use kokyaku_core::ingest::{EncodingChoice, Field, PresetChoice};
use kokyaku_core::Day;

/// Customer analytics for online shops, from their order CSV exports.
#[derive(Debug, Parser)]
#[command(name = "kokyaku", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Customers, orders, revenue, repeat rate and the data-quality report of order exports.
    Summary(SummaryArgs),
    /// RFM scores and segments per customer, the R×F grid and per-segment figures.
    Rfm(RfmArgs),
    /// Write a synthetic order export in a cart's format, with the figures it must produce.
    Gen(GenArgs),
}

/// How to read the input files; shared by every analysis command.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Order exports to read: files, directories (every *.csv in them, by name) or `-` for stdin.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Export format: auto, shopify, ec-cube, rakuten, base, ecforce or generic.
    #[arg(long, value_name = "PRESET", default_value = "auto", value_parser = parse_preset)]
    pub preset: PresetChoice,

    /// Read a field from a column, as field=column (repeatable); overrides the preset's column.
    #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_mapping)]
    pub mapping: Vec<(Field, String)>,

    /// Text encoding: auto, utf-8 or shift-jis.
    #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = parse_encoding)]
    pub encoding: EncodingChoice,

    /// Currency (ISO 4217 code) of files that do not name one; required when the files mix currencies.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<String>,
}

/// Arguments of `kokyaku summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Count orders dated before this day (default: the day after the latest valid order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<Day>,

    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,

    /// Write every rejected row and order to this CSV file (UTF-8 with BOM).
    #[arg(long, value_name = "PATH")]
    pub rejects_csv: Option<PathBuf>,
}

/// Arguments of `kokyaku rfm`.
#[derive(Debug, Args)]
pub struct RfmArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The day R is counted to; orders on or after it are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<Day>,
    /// R scoring: `quantile` (default) or four day thresholds, e.g. 30,90,180,365 (≤ 30 days scores 5).
    #[arg(long, value_name = "SCORING", value_parser = rfm::parse_scoring)]
    pub r_scoring: Option<kokyaku_core::analysis::rfm::Scoring>,
    /// F scoring: four order-count thresholds (default 1,2,3,5) or `quantile`.
    #[arg(long, value_name = "SCORING", value_parser = rfm::parse_scoring)]
    pub f_scoring: Option<kokyaku_core::analysis::rfm::Scoring>,
    /// M scoring: `quantile` (default) or four thresholds in minor units.
    #[arg(long, value_name = "SCORING", value_parser = rfm::parse_scoring)]
    pub m_scoring: Option<kokyaku_core::analysis::rfm::Scoring>,
    /// Score M on the average order value instead of the total.
    #[arg(long)]
    pub average_monetary: bool,
    /// Print the full result as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the per-customer table as CSV (UTF-8 with BOM).
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Export format to write (a cart's name, as in --preset).
    #[arg(long, value_name = "FORMAT", value_parser = generate::parse_format)]
    pub preset: kokyaku_gen::Format,

    /// Number of orders to generate.
    #[arg(long, value_name = "N")]
    pub orders: usize,

    /// Seed of the random generator: the same seed writes the same file.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Write the export here instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// Write the figures the export must produce (the generator's truth) here as JSON.
    #[arg(long, value_name = "PATH")]
    pub truth_json: Option<PathBuf>,
}

/// Parses `--preset` with the core's own parser, so the CLI and the page accept the same names.
fn parse_preset(s: &str) -> Result<PresetChoice, String> {
    s.parse()
}

/// Parses `--encoding` with the core's own parser.
fn parse_encoding(s: &str) -> Result<EncodingChoice, String> {
    s.parse()
}

/// Parses `--as-of` as an ISO date.
fn parse_day(s: &str) -> Result<Day, String> {
    s.parse()
}

/// Checks `--currency` before any file is read: an ISO 4217 code, returned upper case.
fn parse_currency(s: &str) -> Result<String, String> {
    kokyaku_core::money::Currency::from_code(s)
        .map(|c| c.code)
        .ok_or_else(|| format!("'{s}' is not a currency code such as JPY or USD"))
}

/// Parses a `--map field=column` value; an unknown field name lists the valid ones.
fn parse_mapping(s: &str) -> Result<(Field, String), String> {
    let Some((field, column)) = s.split_once('=') else {
        return Err(format!("'{s}' is not of the form field=column"));
    };
    let field = Field::from_name(field).ok_or_else(|| {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown field '{}' (use one of: {})",
            field.trim(),
            names.join(", ")
        )
    })?;
    if column.trim().is_empty() {
        return Err(format!("the mapping '{s}' names no column"));
    }
    Ok((field, column.to_string()))
}

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
            CliError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CliError {}

impl From<kokyaku_core::IngestError> for CliError {
    fn from(e: kokyaku_core::IngestError) -> Self {
        CliError::Ingest(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Summary(args) => summary::run(&args),
        Command::Rfm(args) => rfm::run(&args),
        Command::Gen(args) => generate::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that went away (`kokyaku summary x.csv | head`) is not an error worth a message.
        Err(CliError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kokyaku: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn mapping_values_parse_and_unknown_fields_list_the_valid_names() {
        assert_eq!(
            parse_mapping("order_total=amount_usd"),
            Ok((Field::OrderTotal, "amount_usd".to_string()))
        );
        assert_eq!(
            parse_mapping("order_date=注文 日"),
            Ok((Field::OrderDate, "注文 日".to_string()))
        );
        let err = parse_mapping("nope=x").unwrap_err();
        assert!(
            err.contains("unknown field 'nope'") && err.contains("customer_id"),
            "{err}"
        );
        assert!(parse_mapping("order_total").is_err());
        assert!(parse_mapping("order_total=").is_err());
    }
}
