//! `kokyaku basket`: 併売 analysis (docs/analyses.md, "Basket"): the product pairs bought in the same order
//! with support, confidence and lift, and with `--sequence` what customers bought in their second order given
//! their first order's products. `--csv` prints the pairs (or next products), `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::basket::{basket, Basket, BasketParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::tables;

use crate::output::{self, Format};
use crate::{input, BasketArgs, CliError};

/// How many rows the text report lists; every row is in `--csv` and `--json`.
pub const LISTED: usize = 20;

/// The parameters the options give, checked.
pub fn params(args: &BasketArgs) -> Result<BasketParams, ParamError> {
    let params = BasketParams {
        min_orders: args.min_orders,
        not_products: match args.keep_every_line {
            true => Vec::new(),
            false => args
                .not_products
                .clone()
                .unwrap_or_else(|| BasketParams::default().not_products),
        },
        scope: args.orders,
    };
    params.validate()?;
    Ok(params)
}

/// Runs the command with the checked `params`.
pub fn run(args: &BasketArgs, params: &BasketParams) -> Result<(), CliError> {
    let data = input::load(&args.input)?;
    let result = basket(&data.dataset, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv if args.sequence => output::csv(
            out,
            &tables::basket::next_products(&result),
            data.dataset.currency.decimals,
        ),
        Format::Csv => output::csv(
            out,
            &tables::basket::pairs(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, &result, args.sequence),
    })
}

/// Writes the report for people: what was read, then the top pairs (or next products).
pub fn write_text(out: &mut dyn Write, b: &Basket, sequence: bool) -> io::Result<()> {
    let Some(as_of) = b.as_of else {
        return writeln!(out, "No valid orders were found.");
    };
    writeln!(
        out,
        "Basket as of {as_of} (orders dated before this day): {} orders read, {} with products",
        b.orders, b.orders_with_products
    )?;
    if b.lines_left_out > 0 {
        let names: Vec<&str> = b
            .products_left_out
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        writeln!(
            out,
            "{} {} left out as not goods ({}{})",
            b.lines_left_out,
            if b.lines_left_out == 1 {
                "line"
            } else {
                "lines"
            },
            names.join(", "),
            if b.products_left_out.len() > names.len() {
                ", …"
            } else {
                ""
            }
        )?;
    }
    let name = |i: u32| b.products[i as usize].name.as_str();
    if sequence {
        writeln!(
            out,
            "\nSecond orders by a product of the first (customers from {} up)",
            b.params.min_orders
        )?;
        writeln!(
            out,
            "{:>9} {:>9} {:>9} {:>7}  first → next",
            "first", "second", "next", "share"
        )?;
        for n in b.next_products.iter().take(LISTED) {
            writeln!(
                out,
                "{:>9} {:>9} {:>9} {:>7}  {} → {}",
                n.customers_first,
                n.customers_second,
                n.customers_next,
                output::percent(Some(n.share)),
                name(n.first),
                name(n.next)
            )?;
        }
        return more(out, b.next_products.len());
    }
    writeln!(
        out,
        "\nProducts bought together (orders from {} up), by lift",
        b.params.min_orders
    )?;
    writeln!(
        out,
        "{:>7} {:>9} {:>10} {:>6}  a → b",
        "both", "support", "confidence", "lift"
    )?;
    for p in b.pairs.iter().take(LISTED) {
        writeln!(
            out,
            "{:>7} {:>9} {:>10} {:>6.2}  {} → {}",
            p.orders_both,
            output::percent(Some(p.support)),
            output::percent(Some(p.confidence)),
            p.lift,
            name(p.a),
            name(p.b)
        )?;
    }
    more(out, b.pairs.len())
}

/// Says how many rows the report left out, if any.
fn more(out: &mut dyn Write, rows: usize) -> io::Result<()> {
    match rows {
        0 => writeln!(out, "(none)"),
        n if n > LISTED => writeln!(
            out,
            "… and {} more (--csv or --json lists them all)",
            n - LISTED
        ),
        _ => Ok(()),
    }
}
