//! The command line's definitions: the subcommands and their arguments, as clap reads them. Values are read
//! by the core's own parsers (`FromStr`), so the CLI takes what the JS API and the page take.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use kokyaku_core::analysis::basket::OrderScope;
use kokyaku_core::analysis::cohort::Granularity;
use kokyaku_core::analysis::ltv::summary::TimeUnit;
use kokyaku_core::analysis::ltv::TransactionModelKind;
use kokyaku_core::analysis::migration::MigrationBy;
use kokyaku_core::analysis::read_params::{DayList, TenureDays};
use kokyaku_core::analysis::rfm::Scoring;
use kokyaku_core::ingest::options::DateOrder;
use kokyaku_core::ingest::{EncodingChoice, Field, MaxRejectRate, PresetChoice, Threads};
use kokyaku_core::Day;
use kokyaku_core::Lang;

/// The exit codes, as `--help` states them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  a file cannot be read or analysed, or an output cannot be written (the message says why)
  2  usage error: an unknown option or a value that cannot be read
  3  more rows were rejected than --max-reject-rate allows";

/// Customer analytics for online shops, from their order CSV exports.
#[derive(Debug, Parser)]
#[command(name = "kokyaku", version, about, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    /// The subcommand given.
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages, reasons, notes and text reports: ja or en [default: from LC_ALL,
    /// LC_MESSAGES or LANG, Japanese for ja_*, else English]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

/// `ja` or `en` (or a locale of either, `ja_JP`).
fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_code(text).ok_or_else(|| format!("'{text}' is neither ja nor en"))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Customers, orders, revenue, repeat rate and the data-quality report of order exports.
    Summary(SummaryArgs),
    /// The last complete month against the month before and a year earlier, and the monthly series.
    Dashboard(crate::dashboard::DashboardArgs),
    /// RFM scores and segments per customer, the R×F grid and per-segment figures.
    Rfm(RfmArgs),
    /// CPM customer portfolio: the ten groups (first-time … loyal, active or lapsed) per customer and in a grid.
    Cpm(CpmArgs),
    /// Cohorts by month (or week) of the first order: retention, revenue and cumulative revenue per customer.
    Cohorts(CohortsArgs),
    /// Repeat behaviour: F2 conversion, days to the 2nd and 3rd order, conversion by first product, subscriptions.
    Repeat(RepeatArgs),
    /// Historical LTV: mean cumulative order value within D days of the first order, overall, by cohort and product.
    History(HistoryArgs),
    /// Predictive LTV: BG/NBD (or MBG/NBD, or Pareto/NBD) and Gamma-Gamma fits, P(alive), expected transactions
    /// and CLV.
    Ltv(LtvArgs),
    /// 併売: products bought in the same order (support, confidence, lift), and second orders by first product.
    Basket(BasketArgs),
    /// Customers by their first order's channel or coupon code: repeat rate, F2, historical and predicted LTV.
    Acquisition(crate::acquisition::AcquisitionArgs),
    /// 効果推移: customers by RFM segment (or CPM group) at one date and at a later one, with their revenue between.
    Migration(MigrationArgs),
    /// Customers matching a condition, as CSV (chosen fields, or an e-mail or phone list) for mail and
    /// messaging tools or a spreadsheet.
    Segment(crate::segment::SegmentArgs),
    /// Every analysis from one read, each table a CSV file in a folder, with the summary (for batch jobs).
    Report(crate::report::ReportArgs),
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

    /// Read a field from a column, as field=column (repeatable); overrides the preset's column. field= (no
    /// column) unmaps the field. A column of digits that is not a header name is a column number, from 1.
    #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_mapping)]
    pub mapping: Vec<(Field, String)>,

    /// The files have no header row: the first line is data, and --map names columns by number
    /// (order_date=2).
    #[arg(long)]
    pub no_header: bool,

    /// Threads reading (and `report`'s analyses) may use: 2 (default) or 1. Results are the same; 1 is slower
    /// and leaves a core free.
    #[arg(long, value_name = "N", default_value = "2")]
    pub threads: Threads,

    /// Text encoding: auto, utf-8 or shift-jis.
    #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = parse_encoding)]
    pub encoding: EncodingChoice,

    /// Currency (ISO 4217 code) of files that do not name one; required when the files mix currencies.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<String>,

    /// Count orders of these statuses as purchases, whatever the preset reads them as (the whole status,
    /// any case; comma-separated, repeatable). `kokyaku summary` lists the statuses seen.
    #[arg(long = "include-status", value_name = "STATUS", value_delimiter = ',')]
    pub include_status: Vec<String>,

    /// Leave out orders of these statuses (the whole status, any case; comma-separated, repeatable).
    #[arg(long = "exclude-status", value_name = "STATUS", value_delimiter = ',')]
    pub exclude_status: Vec<String>,

    /// Whether dates with the year last (05/01/2024) put the day or the month first: dmy or mdy (default:
    /// what each file's dates settle, such as a day above 12).
    #[arg(long, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,

    /// Fail with exit code 3 when more than this share of the rows read is rejected: a number from 0 to 1
    /// (0.05: more than 5% of the rows).
    #[arg(long, value_name = "R", value_parser = str::parse::<MaxRejectRate>, allow_negative_numbers = true)]
    pub max_reject_rate: Option<MaxRejectRate>,
}

/// Arguments of `kokyaku summary`.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,

    /// Count orders dated before this day (default: the day after the latest valid order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
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
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// The day R is counted to; orders on or after it are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// R scoring: `quantile` (default) or four day thresholds, e.g. 30,90,180,365 (≤ 30 days scores 5).
    #[arg(long, value_name = "SCORING", value_parser = str::parse::<Scoring>)]
    pub r_scoring: Option<Scoring>,
    /// F scoring: four order-count thresholds (default 1,2,3,5) or `quantile`.
    #[arg(long, value_name = "SCORING", value_parser = str::parse::<Scoring>)]
    pub f_scoring: Option<Scoring>,
    /// M scoring: `quantile` (default) or four thresholds in minor units.
    #[arg(long, value_name = "SCORING", value_parser = str::parse::<Scoring>)]
    pub m_scoring: Option<Scoring>,
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

/// Arguments of `kokyaku cpm`.
#[derive(Debug, Args)]
pub struct CpmArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// The day idle days are counted to; orders on or after it are left out (default: the day after the latest
    /// order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// A customer is lapsed (離脱) when the latest order is at least this many days before the as-of date.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 240,
        allow_negative_numbers = true
    )]
    pub lapse_days: i32,
    /// Tenure thresholds in days, A ≤ B: below A beginner; from A, below B trendy; from B on loyal.
    #[arg(long, value_name = "A,B", default_value = "90,210", value_parser = str::parse::<TenureDays>, allow_negative_numbers = true)]
    pub tenure_days: TenureDays,
    /// Value threshold in currency units (yen, dollars; not minor units): steady below it, trendy or loyal from it.
    #[arg(
        long,
        value_name = "V",
        default_value_t = 70_000,
        allow_negative_numbers = true
    )]
    pub value_threshold: i64,
    /// Print the full result as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print each customer's group as CSV (UTF-8 with BOM): customer_key, cpm_group.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku cohorts`.
#[derive(Debug, Args)]
pub struct CohortsArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out; periods ending on or after it are incomplete (default: the
    /// day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// Cohort period: `month` (calendar months) or `week` (ISO weeks, Monday to Sunday).
    #[arg(long, value_name = "PERIOD", default_value = "month", value_parser = str::parse::<Granularity>)]
    pub granularity: Granularity,
    /// Print the full result as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print one row per cohort and period as CSV (UTF-8 with BOM).
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku repeat`.
#[derive(Debug, Args)]
pub struct RepeatArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// The windows D of F2 conversion within D days, comma-separated.
    #[arg(long, value_name = "D,...", default_value = "30,60,90,180,365", value_parser = str::parse::<DayList>, allow_negative_numbers = true)]
    pub windows: DayList,
    /// The window D of F2 conversion by first-order product, in days.
    #[arg(
        long,
        value_name = "D",
        default_value_t = 90,
        allow_negative_numbers = true
    )]
    pub product_window: i32,
    /// Leave products of first orders with fewer customers than this out of the product table.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_customers: u64,
    /// Print the full result as JSON (F2, days to 2nd and 3rd order, products, subscriptions).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the F2 conversion table as CSV (UTF-8 with BOM): window_days, eligible, converted, rate.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku basket`.
#[derive(Debug, Args)]
pub struct BasketArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// List pairs bought together in at least this many orders (next products: customers).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_orders: u64,
    /// Which orders to read: all, first (each customer's first) or repeat (the others).
    #[arg(long, value_name = "all|first|repeat", default_value = "all")]
    pub orders: OrderScope,
    /// Lines whose product name or id holds one of these words are not goods and are left out
    /// (comma-separated; default: 送料, 手数料, ギフト包装, ノベルティ, 値引, shipping, fee and the like).
    #[arg(
        long,
        value_name = "WORD,...",
        value_delimiter = ',',
        conflicts_with = "keep_every_line"
    )]
    pub not_products: Option<Vec<String>>,
    /// Read every line as goods (no words leave lines out).
    #[arg(long)]
    pub keep_every_line: bool,
    /// What customers bought in their second order, by product of their first, instead of pairs.
    #[arg(long)]
    pub sequence: bool,
    /// Print the full result as JSON (pairs, next products, products, what was left out).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the pairs (with --sequence the next products) as CSV (UTF-8 with BOM).
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku migration`.
#[derive(Debug, Args)]
pub struct MigrationArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// The earlier date: segments as `kokyaku rfm --as-of FROM` gives them.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub from: Day,
    /// The later date: segments as `kokyaku rfm --as-of TO` gives them; revenue between is of orders dated
    /// from FROM to the day before TO.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub to: Day,
    /// Group customers by RFM segment (default) or CPM group.
    #[arg(long, value_name = "rfm|cpm", default_value = "rfm")]
    pub by: MigrationBy,
    /// Print the full result as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the table as CSV (UTF-8 with BOM): from_segment, to_segment, customers, revenue_between.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// The horizons D in days, comma-separated: value within D days of the first order.
    #[arg(long, value_name = "D,...", default_value = "30,90,180,365", value_parser = str::parse::<DayList>, allow_negative_numbers = true)]
    pub horizons: DayList,
    /// Print the full result as JSON (overall, by cohort month, by first product).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the overall table as CSV (UTF-8 with BOM): horizon_days, eligible, total_minor, mean_minor.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku ltv`.
#[derive(Debug, Args)]
pub struct LtvArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Orders on or after this day are left out (default: the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// Fit the models on orders up to and including this day and predict from it (default: the day before the
    /// as-of date, so every order is calibration).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub calibration_end: Option<Day>,
    /// Last day of the holdout period after the calibration end: orders in it are compared with the model's
    /// prediction, by calibration repeat transactions x = 0..6, 7+.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>, requires = "calibration_end")]
    pub holdout_end: Option<Day>,
    /// Time unit of t_x and T and of the fitted rates: day, week or month (30.4375 days).
    #[arg(long, value_name = "UNIT", default_value = "week", value_parser = str::parse::<TimeUnit>)]
    pub unit: TimeUnit,
    /// CLV horizon in months, from 1 to 1200.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub horizon_months: u32,
    /// Discount rate per month, 0 or more (0.01 ≈ 12.7% a year).
    #[arg(
        long,
        value_name = "RATE",
        default_value_t = 0.01,
        allow_negative_numbers = true
    )]
    pub discount: f64,
    /// Share of the transaction value that is profit, 0 or more (1.0: CLV in revenue).
    #[arg(
        long,
        value_name = "M",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub margin: f64,
    /// Transaction model: bg-nbd (Fader, Hardie & Lee 2005), mbg-nbd (Batislam, Denizel & Filiztekin 2007,
    /// where customers without repeat purchases can have dropped out) or pareto-nbd (Schmittlein, Morrison &
    /// Colombo 1987, where customers can drop out at any time).
    #[arg(long, value_name = "MODEL", default_value = "bg-nbd", value_parser = str::parse::<TransactionModelKind>)]
    pub model: TransactionModelKind,
    /// Print the parameters, fit diagnostics, holdout table and per-customer predictions as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the per-customer predictions as CSV (UTF-8 with BOM): customer_key, x, t_x, T, mean_value_minor,
    /// p_alive, expected_transactions, expected_value_minor, clv_minor. Money in minor units (cents, yen) as
    /// unrounded decimals; expected_transactions and clv_minor over the horizon; empty where the model could not
    /// be fitted (and mean_value_minor empty for x = 0).
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `kokyaku gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Export format to write (a cart's name, as in --preset).
    #[arg(long, value_name = "FORMAT", value_parser = crate::generate::parse_format)]
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
pub(crate) fn parse_preset(s: &str) -> Result<PresetChoice, String> {
    s.parse()
}

/// Parses `--encoding` with the core's own parser.
pub(crate) fn parse_encoding(s: &str) -> Result<EncodingChoice, String> {
    s.parse()
}

/// Checks `--currency` before any file is read: an ISO 4217 code, returned upper case.
pub(crate) fn parse_currency(s: &str) -> Result<String, String> {
    kokyaku_core::money::Currency::from_code(s)
        .map(|c| c.code)
        .ok_or_else(|| format!("'{s}' is not a currency code such as JPY or USD"))
}

/// Parses a `--map field=column` value; an unknown field name lists the valid ones.
pub(crate) fn parse_mapping(s: &str) -> Result<(Field, String), String> {
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
    // An empty column unmaps the field: the preset's column for it is not read.
    Ok((field, column.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{basket, command, cpm, dashboard, history, ltv, refused, repeat, rfm};

    #[test]
    fn command_line_definition_is_consistent() {
        command().debug_assert();
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
        // No column: the field is unmapped.
        assert_eq!(
            parse_mapping("order_total="),
            Ok((Field::OrderTotal, String::new()))
        );
    }

    #[test]
    fn analysis_parameters_default_to_the_documented_values() {
        let cli = Cli::try_parse_from(["kokyaku", "cpm", "x.csv"]).unwrap();
        let Command::Cpm(a) = cli.command else {
            panic!("not cpm")
        };
        assert_eq!(
            (a.lapse_days, a.tenure_days, a.value_threshold),
            (240, TenureDays([90, 210]), 70_000)
        );
        let cli = Cli::try_parse_from(["kokyaku", "repeat", "x.csv"]).unwrap();
        let Command::Repeat(a) = cli.command else {
            panic!("not repeat")
        };
        assert_eq!(
            (a.windows.0, a.product_window, a.min_customers),
            (vec![30, 60, 90, 180, 365], 90, 1)
        );
        let cli = Cli::try_parse_from(["kokyaku", "history", "x.csv"]).unwrap();
        let Command::History(a) = cli.command else {
            panic!("not history")
        };
        assert_eq!(a.horizons.0, [30, 90, 180, 365]);
        let cli = Cli::try_parse_from(["kokyaku", "ltv", "x.csv"]).unwrap();
        let Command::Ltv(a) = cli.command else {
            panic!("not ltv")
        };
        assert_eq!(
            (a.unit, a.model, a.horizon_months, a.discount, a.margin),
            (TimeUnit::Week, TransactionModelKind::BgNbd, 12, 0.01, 1.0)
        );
        assert_eq!((a.calibration_end, a.holdout_end), (None, None));
        let cli = Cli::try_parse_from(["kokyaku", "cohorts", "x.csv"]).unwrap();
        let Command::Cohorts(a) = cli.command else {
            panic!("not cohorts")
        };
        assert_eq!(a.granularity, Granularity::Month);
        for bad in [
            &["kokyaku", "cpm", "x.csv", "--tenure-days", "90"][..],
            &["kokyaku", "cpm", "x.csv", "--json", "--csv"],
            &["kokyaku", "cohorts", "x.csv", "--granularity", "year"],
            &["kokyaku", "repeat", "x.csv", "--windows", "30,x"],
            &["kokyaku", "ltv", "x.csv", "--margin", "x"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }

    /// The parameters of `args`, checked as `main` checks them.
    fn checked(args: &[&str]) -> Result<(), String> {
        let cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
        let checked = match &cli.command {
            Command::Rfm(a) => rfm::params(a).map(drop),
            Command::Cpm(a) => cpm::params(a).map(drop),
            Command::Repeat(a) => repeat::params(a).map(drop),
            Command::History(a) => history::params(a).map(drop),
            Command::Ltv(a) => ltv::params(a).map(drop),
            Command::Basket(a) => basket::params(a).map(drop),
            Command::Dashboard(a) => dashboard::params(a).map(drop),
            Command::Acquisition(a) => crate::acquisition::params(a).map(drop),
            _ => Ok(()),
        };
        checked.map_err(|e| refused(&e))
    }

    #[test]
    fn parameters_that_read_are_checked_with_the_cores_rules() {
        for (command, option, value, error) in [
            (
                "cpm",
                "--tenure-days",
                "210,90",
                "tenure_days must be ascending, not 210,90",
            ),
            ("cpm", "--lapse-days", "-1", "lapse_days is -1; at least 0"),
            (
                "rfm",
                "--r-scoring",
                "5,3,2,1",
                "recency must be ascending, not 5,3,2,1",
            ),
            (
                "history",
                "--horizons",
                "",
                "horizons needs at least one number of days",
            ),
            (
                "repeat",
                "--product-window",
                "-7",
                "product_window is -7; at least 0",
            ),
            (
                "ltv",
                "--horizon-months",
                "0",
                "clv.horizon_months is 0; at least 1",
            ),
            (
                "ltv",
                "--discount",
                "-0.1",
                "clv.monthly_discount_rate is -0.1; at least 0",
            ),
            ("basket", "--min-orders", "0", "min_orders is 0; at least 1"),
            ("dashboard", "--months", "0", "months is 0; at least 1"),
            (
                "dashboard",
                "--f2-window",
                "-1",
                "f2_window_days is -1; at least 0",
            ),
        ] {
            let args = ["kokyaku", command, "x.csv", option, value];
            let refused = format!("invalid value for {option}: {error}");
            assert_eq!(checked(&args), Err(refused), "{args:?}");
        }
        assert_eq!(checked(&["kokyaku", "cpm", "x.csv"]), Ok(()));
    }
}
