//! `kokyaku migration`: segment migration (効果推移, docs/analyses.md, "Segment migration"): the customers of
//! each RFM segment (or CPM group) at `--from` by their segment at `--to`, with what they spent in between.
//! `--csv` prints the table, `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::migration::{migration, Migration, MigrationParams};
use kokyaku_core::tables;

use crate::output::{self, Format};
use crate::{input, CliError, MigrationArgs};

/// Runs the command.
pub fn run(args: &MigrationArgs) -> Result<(), CliError> {
    let params = MigrationParams {
        by: args.by,
        ..MigrationParams::default()
    };
    let data = input::load(&args.input)?;
    let ds = &data.dataset;
    let result = migration(ds, args.from, args.to, &params).map_err(|e| CliError::from(&e))?;
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            &tables::migration::migration(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, &result, &ds.currency.code, ds.currency.decimals),
    })
}

/// Writes the report for people: one line per pair of segments.
pub fn write_text(
    out: &mut dyn Write,
    m: &Migration,
    currency: &str,
    decimals: u32,
) -> io::Result<()> {
    writeln!(
        out,
        "Segment migration from {} to {} (each as of its date): {} customers",
        m.from, m.to, m.customers
    )?;
    writeln!(
        out,
        "{:>9} {:>16}  from → to",
        "customers", "revenue between"
    )?;
    for r in &m.rows {
        writeln!(
            out,
            "{:>9} {:>16}  {} → {}",
            r.customers,
            kokyaku_core::money::format_money(r.revenue_between_minor, currency, decimals),
            r.from,
            r.to
        )?;
    }
    Ok(())
}
