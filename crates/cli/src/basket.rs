//! `kokyaku basket`: 併売 analysis (docs/analyses.md, "Basket"): the product pairs bought in the same order
//! with support, confidence and lift, and with `--sequence` what customers bought in their second order given
//! their first order's products. `--csv` prints the pairs (or next products), `--json` everything.

use std::io::{self, Write};

use kokyaku_core::analysis::basket::{basket, Basket, BasketParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::{tables, Lang};

use crate::columns::Columns;
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
    let data = input::load_orders(&args.input, "basket")?;
    let result = basket(&data.dataset, args.as_of, params);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv if args.sequence => output::csv(
            out,
            tables::basket::next_products(&result),
            data.dataset.currency.decimals,
        ),
        Format::Csv => output::csv(
            out,
            tables::basket::pairs(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, &result, args.sequence),
    })
}

/// Writes the report for people, in the language of `--lang` or the locale: what was read, then the top
/// pairs (or next products).
pub fn write_text(out: &mut dyn Write, b: &Basket, sequence: bool) -> io::Result<()> {
    let l = output::lang();
    let Some(as_of) = b.as_of else {
        return writeln!(
            out,
            "{}",
            l.t("有効な注文がありません。", "No valid orders were found.")
        );
    };
    let (orders, with_products) = (b.orders, b.orders_with_products);
    match l {
        Lang::Ja => writeln!(
            out,
            "併売分析 {}：注文数 {orders}件、うち商品のある注文 {with_products}件",
            output::as_of_ja(as_of)
        )?,
        Lang::En => writeln!(
            out,
            "Basket as of {as_of} (orders dated before this day): {orders} orders read, {with_products} with \
             products"
        )?,
    }
    if b.lines_left_out > 0 {
        write_left_out(out, l, b)?;
    }
    let name = |i: u32| b.products[i as usize].name.as_str();
    let least = b.params.min_orders;
    if sequence {
        match l {
            Lang::Ja => writeln!(
                out,
                "\n初回購入商品別の2回目の購入商品（{least}人以上が購入した組み合わせ）"
            )?,
            Lang::En => writeln!(
                out,
                "\nSecond orders by a product of the first (customers from {least} up)"
            )?,
        }
        let columns = Columns::new(
            l.t(
                "初回購入者|2回目購入者|2回目にこの商品|割合",
                "first|second|next|share",
            ),
            &[9, 9, 9, 7],
            0,
        );
        let rows = b.next_products.iter().map(|n| {
            let cells = [
                n.customers_first.to_string(),
                n.customers_second.to_string(),
                n.customers_next.to_string(),
                output::percent(Some(n.share)),
            ];
            (cells, name(n.first), name(n.next))
        });
        let arrow = l.t("初回の商品 → 2回目の商品", "first → next");
        return write_pairs(out, l, &columns, arrow, rows);
    }
    match l {
        Lang::Ja => writeln!(
            out,
            "\n同じ注文で一緒に購入された商品（{least}件以上の注文にある組み合わせ）、リフト値の高い順"
        )?,
        Lang::En => writeln!(
            out,
            "\nProducts bought together (orders from {least} up), by lift"
        )?,
    }
    let columns = Columns::new(
        l.t(
            "両方を含む注文|支持度|確信度|リフト値",
            "both|support|confidence|lift",
        ),
        &[7, 9, 10, 6],
        0,
    );
    let rows = b.pairs.iter().map(|p| {
        let cells = [
            p.orders_both.to_string(),
            output::percent(Some(p.support)),
            output::percent(Some(p.confidence)),
            format!("{:.2}", p.lift),
        ];
        (cells, name(p.a), name(p.b))
    });
    write_pairs(out, l, &columns, l.t("商品A → 商品B", "a → b"), rows)
}

/// Writes a table of product pairs: the figures in `columns`, then the two products with an arrow; the first
/// [`LISTED`] rows, and how many more there are.
fn write_pairs<'a>(
    out: &mut dyn Write,
    l: Lang,
    columns: &Columns,
    arrow: &str,
    rows: impl ExactSizeIterator<Item = ([String; 4], &'a str, &'a str)>,
) -> io::Result<()> {
    writeln!(out, "{}  {arrow}", columns.heading())?;
    let all = rows.len();
    for (cells, a, b) in rows.take(LISTED) {
        writeln!(out, "{}  {a} → {b}", columns.line(&cells))?;
    }
    more(out, l, all)
}

/// Says how many lines were left out as not goods, naming the first products.
fn write_left_out(out: &mut dyn Write, l: Lang, b: &Basket) -> io::Result<()> {
    let names: Vec<&str> = b
        .products_left_out
        .iter()
        .take(5)
        .map(String::as_str)
        .collect();
    let more = b.products_left_out.len() > names.len();
    let lines = b.lines_left_out;
    match l {
        Lang::Ja => writeln!(
            out,
            "商品ではない明細{lines}行を除外（{}{}）",
            names.join("、"),
            if more { "、…" } else { "" }
        ),
        Lang::En => writeln!(
            out,
            "{lines} {} left out as not goods ({}{})",
            if lines == 1 { "line" } else { "lines" },
            names.join(", "),
            if more { ", …" } else { "" }
        ),
    }
}

/// Says how many rows the report left out, if any.
fn more(out: &mut dyn Write, l: Lang, rows: usize) -> io::Result<()> {
    match (rows, l) {
        (0, _) => writeln!(out, "{}", l.t("（該当なし）", "(none)")),
        (n, Lang::Ja) if n > LISTED => writeln!(
            out,
            "… ほか{}件（すべて --csv か --json で出力）",
            n - LISTED
        ),
        (n, Lang::En) if n > LISTED => writeln!(
            out,
            "… and {} more (--csv or --json lists them all)",
            n - LISTED
        ),
        _ => Ok(()),
    }
}
