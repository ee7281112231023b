//! `kokyaku summary`: the headline figures and the data-quality report of order exports.
//!
//! The figures are the core's [`SummaryReport`]; this module only prints them, as pretty JSON (`--json`) or as a
//! report for people, and writes the rejected rows to a CSV file when asked.

use std::io::{self, Write};

use kokyaku_core::ingest::{FileNote, FileReport, StatusClass, StatusTally};
use kokyaku_core::report::{format_money, SummaryReport};
use kokyaku_core::{Lang, Words};

use crate::{columns, input, CliError, SummaryArgs};

/// How many rejects the text report lists; the rest are counted (and `--rejects-csv` has the first 100,000).
pub const REJECTS_LISTED: usize = 20;

/// Runs the command.
pub fn run(args: &SummaryArgs) -> Result<(), CliError> {
    let rejects_csv = args.rejects_csv.as_deref();
    // The report has the counts of rejected rows and left-out orders, so no stderr line says them again.
    let data = input::read(&args.input, rejects_csv.map(|p| ("--rejects-csv", p)))?;
    input::check_table_as_of(&data.dataset, args.as_of)?;
    if let Some(path) = &args.rejects_csv {
        std::fs::write(path, data.quality.rejects_csv(crate::output::lang()))
            .map_err(|e| CliError::io(format!("cannot write {}", path.display()), e))?;
        let q = &data.quality;
        if q.rejects_truncated() {
            let (path, listed) = (path.display(), q.rejects.len());
            let all = q.rows_rejected + q.orders_rejected;
            match crate::output::lang() {
                Lang::Ja => eprintln!(
                    "kokyaku: 注記：{path} には除外した行と注文{all}件のうち最初の{listed}件を載せています。残りは件数にだけ含まれます"
                ),
                Lang::En => eprintln!(
                    "kokyaku: note: {path} lists the first {listed} of {all} rejected rows and orders; the rest are counted but not listed"
                ),
            }
        }
    }
    // After the rejects are written: they say why the check failed.
    input::check_reject_rate(&args.input, &data.quality)?;
    let report = SummaryReport::new(&data, args.as_of);
    crate::output::to_stdout(|out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &report)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            write_text(out, &report)
        }
    })
}

/// Writes the report for people, in the language of `--lang` or the locale.
pub fn write_text(out: &mut dyn Write, r: &SummaryReport) -> io::Result<()> {
    let l = crate::output::lang();
    let s = &r.summary;
    let money = |minor: i64| format_money(minor, &s.currency, s.currency_decimals);
    for (i, file) in r.files.iter().enumerate() {
        write_file(out, l, i + 1, file)?;
    }
    writeln!(out)?;
    match (s.as_of, l) {
        (Some(day), Lang::Ja) => writeln!(out, "{}", crate::output::as_of_ja(day))?,
        (Some(day), Lang::En) => writeln!(out, "As of {day} (orders dated before this day)")?,
        (None, _) => writeln!(out, "{}", crate::output::no_orders(l))?,
    }
    row(out, l.t("顧客数", "Customers"), s.customers)?;
    row(out, l.t("注文数", "Orders"), s.orders)?;
    row(out, l.t("売上", "Revenue"), money(s.revenue_minor))?;
    if let Some(aov) = s.average_order_value_minor {
        row(
            out,
            l.t("平均注文額", "Average order value"),
            money(aov.round() as i64),
        )?;
    }
    if let Some(opc) = s.orders_per_customer {
        row(
            out,
            l.t("1人あたり注文数", "Orders per customer"),
            format!("{opc:.2}"),
        )?;
    }
    if let Some(rate) = s.repeat_rate {
        let (pct, repeat, all) = (rate * 100.0, s.repeat_customers, s.customers);
        let text = match l {
            Lang::Ja => format!("{pct:.1}%（{all}人中{repeat}人が2回以上購入）"),
            Lang::En => format!("{pct:.1}% ({repeat} of {all} customers ordered twice or more)"),
        };
        row(out, l.t("リピート率", "Repeat rate"), text)?;
    }
    if let (Some(first), Some(last)) = (s.first_order_date, s.last_order_date) {
        let span = match l {
            Lang::Ja => format!("{first}〜{last}"),
            Lang::En => format!("{first} to {last}"),
        };
        row(out, l.t("注文日", "Order dates"), span)?;
    }

    writeln!(out)?;
    writeln!(out, "{}", l.t("データ品質", "Data quality"))?;
    row(out, l.t("読み込んだ行", "Rows read"), r.rows_read)?;
    row(out, l.t("除外した行", "Rows rejected"), r.rows_rejected)?;
    row(
        out,
        l.t("除外した注文", "Orders rejected"),
        r.orders_rejected,
    )?;
    for reject in r.rejects.iter().take(REJECTS_LISTED) {
        let field = reject.field.map_or(String::new(), |f| {
            format!(" {}:", l.t(f.names().0, f.name()))
        });
        writeln!(
            out,
            "    {}:{}:{} {}",
            reject.file,
            reject.line,
            field,
            reject.reason.words(l)
        )?;
    }
    let all_rejects = r.rows_rejected + r.orders_rejected;
    let listed = r.rejects.len().min(REJECTS_LISTED) as u64;
    if all_rejects > listed {
        let more = all_rejects - listed;
        match l {
            Lang::Ja => writeln!(out, "    … ほか{more}件")?,
            Lang::En => writeln!(out, "    ... and {more} more")?,
        }
    }
    row(
        out,
        l.t("キャンセル・返品の注文", "Cancelled orders"),
        r.cancelled_orders,
    )?;
    row(
        out,
        l.t("未完了の注文", "Incomplete orders"),
        r.incomplete_orders,
    )?;
    if r.excluded_orders > 0 {
        row(
            out,
            l.t("除外したステータスの注文", "Orders of excluded statuses"),
            r.excluded_orders,
        )?;
    }
    row(out, l.t("重複注文", "Duplicate orders"), r.duplicate_orders)?;
    let without = if r.orders_without_customer > 0 {
        let (n, revenue) = (
            r.orders_without_customer,
            money(r.revenue_without_customer_minor),
        );
        match l {
            Lang::Ja => format!("{n}（{revenue}、上の数字には含まない）"),
            Lang::En => format!("{n} ({revenue}, not in the figures above)"),
        }
    } else {
        "0".to_string()
    };
    row(
        out,
        l.t("顧客キーのない注文", "Orders without customer key"),
        without,
    )?;
    let key_notes = l.t(&r.key_notes_ja, &r.key_notes);
    let order_notes = l.t(&r.order_notes_ja, &r.order_notes);
    for note in key_notes.iter().chain(order_notes) {
        writeln!(out, "  {}{note}", l.t("注記：", "note: "))?;
    }
    write_statuses(out, l, &r.statuses)
}

/// Lists the statuses seen, on how many rows, and whether their orders counted.
fn write_statuses(out: &mut dyn Write, l: Lang, statuses: &StatusTally) -> io::Result<()> {
    if statuses.seen.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", l.t("ステータス（行数）", "Statuses (rows)"))?;
    // By terminal columns, so that Japanese statuses (発送済み) line up too.
    let width = statuses
        .seen
        .iter()
        .map(|s| columns::width(&s.status))
        .max()
        .unwrap_or(0)
        .min(40);
    for s in &statuses.seen {
        let meaning = match s.class {
            StatusClass::Purchase => l.t("集計する", "counted"),
            StatusClass::Included => {
                l.t("集計する（--include-status）", "counted (--include-status)")
            }
            StatusClass::Cancelled => l.t(
                "集計しない：キャンセル・返品",
                "not counted: cancelled or returned",
            ),
            StatusClass::Incomplete => l.t(
                "集計しない：未完了・未入金",
                "not counted: never completed or not paid",
            ),
            StatusClass::Excluded => l.t(
                "集計しない（--exclude-status）",
                "not counted (--exclude-status)",
            ),
        };
        writeln!(
            out,
            "  {} {:>9}  {meaning}",
            columns::left(&s.status, width),
            s.rows
        )?;
    }
    if statuses.more_rows > 0 {
        writeln!(
            out,
            "  {} {:>9}",
            l.t("（その他のステータス）", "(other statuses)"),
            statuses.more_rows
        )?;
    }
    Ok(())
}

/// Writes what happened to one file.
fn write_file(out: &mut dyn Write, l: Lang, number: usize, f: &FileReport) -> io::Result<()> {
    let unknown = l.t("不明", "unknown");
    let encoding = match f.encoding {
        Some(e) => e.label(),
        None if f.notes.contains(&FileNote::Parquet) => "Parquet",
        None => unknown,
    };
    let preset = match f.preset {
        Some(p) => p.label(),
        None if f.notes.contains(&FileNote::CustomerTable) => {
            l.t("顧客テーブル", "a customers table")
        }
        None => unknown,
    };
    match l {
        Lang::Ja => {
            writeln!(out, "ファイル {number}：{}", f.name)?;
            writeln!(out, "  文字コード {encoding}、{preset} として読み込み")?;
            write!(
                out,
                "  {}行を読み込み、{}行を除外",
                f.rows_read, f.rows_rejected
            )?;
            if f.duplicate_rows > 0 {
                write!(out, "、{}行は前のファイルで読み込み済み", f.duplicate_rows)?;
            }
        }
        Lang::En => {
            writeln!(out, "File {number}: {}", f.name)?;
            writeln!(out, "  encoding {encoding}, read as {preset}")?;
            write!(
                out,
                "  {} rows read, {} rejected",
                f.rows_read, f.rows_rejected
            )?;
            if f.duplicate_rows > 0 {
                write!(
                    out,
                    ", {} already read from an earlier file",
                    f.duplicate_rows
                )?;
            }
        }
    }
    writeln!(out)?;
    for note in &f.notes {
        writeln!(out, "  {}{}", l.t("注記：", "note: "), note.words(l))?;
    }
    Ok(())
}

/// Writes one `label: value` line of the report, values aligned (wide characters count twice).
fn row(out: &mut dyn Write, label: &str, value: impl std::fmt::Display) -> io::Result<()> {
    writeln!(
        out,
        "  {} {value}",
        crate::columns::fit(&format!("{label}:"), 28)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokyaku_core::ingest::{ingest_files, IngestOptions};

    #[test]
    fn text_report_lists_figures_and_rejects() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n2,2024-02-01,a@example.jp,800\n3,2024-13-01,b@example.jp,5\n";
        let data = ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())]).unwrap();
        let mut out = Vec::new();
        write_text(&mut out, &SummaryReport::new(&data, None)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("As of 2024-02-02"), "{text}");
        assert!(text.contains("¥2,000"), "{text}");
        assert!(text.contains("100.0% (1 of 1"), "{text}");
        assert!(
            text.contains("t.csv:4: order_date: cannot read '2024-13-01'"),
            "{text}"
        );
    }
}
