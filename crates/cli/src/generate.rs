//! `kokyaku gen`: writes a synthetic order export in a cart's format, and the figures it must produce.
//!
//! A thin wrapper over `kokyaku-gen`: the export goes to a file or stdout through a buffer, and the generator's
//! truth (customers, valid orders, revenue, ... as the analyses must find them) to a JSON file when asked, so
//! that benchmarks and reference tests can check the core against data with known answers.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use kokyaku_gen::{Format, GenOptions, Truth};

use crate::{CliError, GenArgs};

/// Parses `--preset` of `gen`: one of the generator's format names.
pub fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
        .map_err(|e: kokyaku_gen::UnknownFormat| e.to_string())
}

/// Runs the command.
pub fn run(args: &GenArgs) -> Result<(), CliError> {
    let options = GenOptions {
        format: args.preset,
        orders: args.orders,
        seed: args.seed,
    };
    let truth = match &args.out {
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| CliError::io(format!("cannot create {}", path.display()), e))?;
            write_export(&options, BufWriter::new(file))
                .map_err(|e| CliError::io(format!("cannot write {}", path.display()), e))?
        }
        None => write_export(&options, BufWriter::new(io::stdout().lock()))
            .map_err(|e| CliError::io("cannot write the export", e))?,
    };
    if let Some(path) = &args.truth_json {
        write_truth(path, &truth)?;
    }
    Ok(())
}

/// Generates the export into `out` and flushes it.
fn write_export(options: &GenOptions, mut out: impl Write) -> io::Result<Truth> {
    let truth = kokyaku_gen::generate(options, &mut out)?;
    out.flush()?;
    Ok(truth)
}

/// Writes the truth as pretty JSON.
fn write_truth(path: &Path, truth: &Truth) -> Result<(), CliError> {
    let mut json = serde_json::to_string_pretty(truth)
        .map_err(|e| CliError::Other(format!("cannot serialise the truth: {e}")))?;
    json.push('\n');
    std::fs::write(path, json)
        .map_err(|e| CliError::io(format!("cannot write {}", path.display()), e))
}
