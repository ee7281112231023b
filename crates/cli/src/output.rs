//! Printing an analysis: pretty JSON (`--json`), CSV (`--csv`, UTF-8 with BOM, cells neutralised against
//! formula injection), or a text table for people.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::CliError;

/// The output format an analysis command was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

impl Format {
    /// From the `--json` / `--csv` flags (clap makes them exclusive).
    pub fn from_flags(json: bool, csv: bool) -> Format {
        match (json, csv) {
            (true, _) => Format::Json,
            (_, true) => Format::Csv,
            _ => Format::Text,
        }
    }
}

/// A CSV table: a header and rows of already-formatted cells.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Writes the table as CSV with a BOM, text cells neutralised (`kokyaku_core::export::csv_cell`).
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all("\u{FEFF}".as_bytes())?;
        writeln!(out, "{}", self.header.join(","))?;
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| kokyaku_core::export::csv_cell(c))
                .collect();
            write!(out, "{}\r\n", cells.join(","))?;
        }
        Ok(())
    }
}

/// Runs `write` on a buffered stdout and turns failures into a [`CliError`].
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("cannot write the output", e))
}

/// Prints `value` as pretty JSON.
pub fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}
