//! `kokyaku cohorts`: retention and revenue by the month (or week) of the first order (docs/analyses.md,
//! "Cohorts"), printed as a retention triangle, as one CSV row per cohort and period, or as JSON.

use std::io::{self, Write};

use kokyaku_core::analysis::cohort::{cohorts, Cohorts, Granularity};
use kokyaku_core::{tables, Lang};

use crate::columns::Columns;
use crate::output::{self, Format};
use crate::{input, CliError, CohortsArgs};

/// Runs the command.
pub fn run(args: &CohortsArgs) -> Result<(), CliError> {
    let data = input::load_orders(&args.input, "cohorts")?;
    let result = cohorts(&data.dataset, args.as_of, args.granularity);
    output::to_stdout(|out| match Format::from_flags(args.json, args.csv) {
        Format::Json => output::json(out, &result),
        Format::Csv => output::csv(
            out,
            tables::cohort::cohorts(&result),
            data.dataset.currency.decimals,
        ),
        Format::Text => write_text(out, &result),
    })
}

/// Width of a retention cell (`100.0%*`).
const CELL: usize = 8;

/// How many periods the text triangle shows; later ones are in `--csv` and `--json`.
pub const PERIODS_SHOWN: u32 = 36;

/// Writes the retention triangle: one line per cohort, one column per period, incomplete periods starred; in
/// the language of `--lang` or the locale.
pub fn write_text(out: &mut dyn Write, c: &Cohorts) -> io::Result<()> {
    let l = output::lang();
    // The period's name, the prefix of the column heads, and the width of a cohort label.
    let (period, prefix, label_width) = match c.granularity {
        Granularity::Month => (l.t("月", "month"), 'M', 7),
        Granularity::Week => (l.t("週", "week"), 'W', 10),
    };
    let Some(as_of) = c.as_of else {
        return writeln!(out, "{}", output::no_orders(l));
    };
    let labels = c.cohort_labels();
    let customers: u64 = c.by_cohort().map(|rows| rows[0].customers).sum::<u64>();
    let cohorts = labels.len();
    match l {
        Lang::Ja => {
            writeln!(
                out,
                "コホート分析 {}：顧客数 {customers}人、初回購入{period}別の{cohorts}コホート",
                output::as_of_ja(as_of)
            )?;
            if c.granularity == Granularity::Week {
                writeln!(
                    out,
                    "週は月曜〜日曜。コホートはその週の月曜日の日付で表します。"
                )?;
            }
            let nth = match c.granularity {
                Granularity::Month => "k か月目",
                Granularity::Week => "k 週目",
            };
            writeln!(
                out,
                "継続率：コホートの顧客のうち、{nth}（{prefix}0＝初回購入{period}）に購入した顧客の割合。"
            )?;
        }
        Lang::En => {
            writeln!(
                out,
                "Cohorts as of {as_of} (orders dated before this day): {customers} customers in {cohorts} cohorts \
                 by {period} of the first order",
            )?;
            if c.granularity == Granularity::Week {
                writeln!(
                    out,
                    "Weeks run Monday to Sunday; a cohort is named by its Monday."
                )?;
            }
            writeln!(
                out,
                "Retention: share of the cohort's customers with an order in its {period} k ({prefix}0 = the \
                 {period} of the first order)."
            )?;
        }
    }
    writeln!(out)?;
    let columns = Columns::new(
        l.t("コホート|顧客数", "cohort|customers"),
        &[label_width, 9],
        1,
    );
    write!(out, "{}", columns.heading())?;
    let shown = c.period_count().min(PERIODS_SHOWN);
    for k in 0..shown {
        write!(out, "{:>CELL$}", format!("{prefix}{k}"))?;
    }
    writeln!(out)?;
    let mut incomplete = false;
    for rows in c.by_cohort() {
        let first = [rows[0].cohort.clone(), rows[0].customers.to_string()];
        write!(out, "{}", columns.line(&first))?;
        for r in rows.iter().take(shown as usize) {
            let star = if r.complete { ' ' } else { '*' };
            incomplete |= !r.complete;
            write!(
                out,
                "{:>w$}{star}",
                format!("{:.1}%", r.retention * 100.0),
                w = CELL - 1
            )?;
        }
        writeln!(out)?;
    }
    if incomplete {
        writeln!(
            out,
            "\n{}",
            l.t(
                "* 集計途中：基準日の時点で終わっていない期間です（確定値ではありません）。",
                "* incomplete: the period ends on or after the as-of date, so it is not over yet."
            )
        )?;
    }
    if c.period_count() > shown {
        let last = c.period_count() - 1;
        match l {
            Lang::Ja => writeln!(
                out,
                "{prefix}{shown}〜{prefix}{last}はここでは省略しています。"
            )?,
            Lang::En => writeln!(
                out,
                "Periods {prefix}{shown} to {prefix}{last} are left out here."
            )?,
        }
    }
    writeln!(
        out,
        "{}",
        l.t(
            "全期間の継続率・売上・1人あたり累計売上は --csv か --json で出力できます。",
            "Every period, with revenue and cumulative revenue per customer: --csv or --json."
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokyaku_core::ingest::{ingest_files, IngestOptions};
    use kokyaku_core::table::CsvStyle;
    use kokyaku_core::Dataset;

    fn data(csv: &str) -> Dataset {
        ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    #[test]
    fn the_triangle_stars_incomplete_periods_and_the_csv_has_every_cell() {
        // January: a (Jan, Mar) and b (Jan). February: c. As of 2024-03-16, March is incomplete.
        let ds = data(
            "order_id,order_date,email,order_total\n\
             1,2024-01-05,a@x,100\n2,2024-03-10,a@x,200\n3,2024-01-20,b@x,50\n4,2024-02-01,c@x,70\n",
        );
        let c = cohorts(&ds, Some("2024-03-16".parse().unwrap()), Granularity::Month);
        let mut out = Vec::new();
        write_text(&mut out, &c).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("as of 2024-03-16") && text.contains("3 customers in 2 cohorts"),
            "{text}"
        );
        let line = |l: &str| text.lines().find(|x| x.starts_with(l)).unwrap().to_owned();
        assert_eq!(line("cohort"), "cohort  customers      M0      M1      M2");
        assert_eq!(line("2024-01"), "2024-01         2 100.0%    0.0%   50.0%*");
        assert_eq!(line("2024-02"), "2024-02         1 100.0%    0.0%*");
        assert!(text.contains("* incomplete"), "{text}");
        let t = tables::cohort::cohorts(&c);
        assert_eq!(t.rows.len(), 5);
        // January, period 2: 1 of 2 active, 200 in March, (150 + 200) / 2 = 175.
        assert_eq!(
            t.written_rows(&CsvStyle::ids(0))[2],
            ["2024-01", "2", "2", "1", "0.5000", "200", "175", "false"]
        );
        assert_eq!(
            t.written_rows(&CsvStyle::ids(0))[3],
            ["2024-02", "0", "1", "1", "1.0000", "70", "70", "true"]
        );
    }
}
