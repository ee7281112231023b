//! `kokyaku migration`: segment migration (効果推移, docs/analyses.md, "Segment migration"): the customers of
//! each RFM segment (or CPM group) at `--from` by their segment at `--to`, with what they spent in between.
//! `--csv` prints the table, `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::migration::{migration, Migration, MigrationParams};
use kokyaku_core::table::Cell;
use kokyaku_core::{tables, Lang};

use crate::columns::Columns;
use crate::output::{self, Format};
use crate::{input, CliError, MigrationArgs};

/// Runs the command.
pub fn run(args: &MigrationArgs) -> Result<(), CliError> {
    let params = MigrationParams {
        by: args.by,
        ..MigrationParams::default()
    };
    let data = input::load_orders(&args.input, "migration")?;
    let ds = &data.dataset;
    let result = migration(ds, args.from, args.to, &params).map_err(|e| CliError::from(&e))?;
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::migration::migration(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, &result, &ds.currency.code, ds.currency.decimals),
    })
}

/// Writes the report for people, in the language of `--lang` or the locale: one line per pair of segments.
pub fn write_text(
    out: &mut dyn Write,
    m: &Migration,
    currency: &str,
    decimals: u32,
) -> io::Result<()> {
    let l = output::lang();
    let (from, to, customers) = (m.from, m.to, m.customers);
    match l {
        Lang::Ja => writeln!(
            out,
            "効果推移 {from} → {to}（セグメントはそれぞれの日を基準日として判定）：顧客数 {customers}人"
        )?,
        Lang::En => writeln!(
            out,
            "Segment migration from {from} to {to} (each as of its date): {customers} customers"
        )?,
    }
    let columns = Columns::new(
        l.t("顧客数|期間中の売上", "customers|revenue between"),
        &[9, 16],
        0,
    );
    let arrow = l.t("比較元 → 比較先", "from → to");
    writeln!(out, "{}  {arrow}", columns.heading())?;
    // The core's table names each segment (or group) in Japanese.
    let named = tables::migration::migration(m);
    for (r, cells) in m.rows.iter().zip(&named.rows) {
        let name = |id: &'static str, cell: &Cell| match (l, cell) {
            (Lang::Ja, Cell::Choice { ja, .. }) => *ja,
            _ => id,
        };
        let figures = [
            r.customers.to_string(),
            kokyaku_core::money::format_money(r.revenue_between_minor, currency, decimals),
        ];
        writeln!(
            out,
            "{}  {} → {}",
            columns.line(&figures),
            name(r.from, &cells[0]),
            name(r.to, &cells[1])
        )?;
    }
    Ok(())
}
