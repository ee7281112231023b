//! `kokyaku segment`: the customers a condition selects (docs/analyses.md, "Segments and export"), written as
//! CSV for a spreadsheet or as an e-mail or phone list for mail and messaging tools.
//!
//! The condition language is the core's ([`kokyaku_core::segment::query`]), the same as the page's segment
//! builder. A line on stderr says how many customers were selected, their share of revenue and the as-of date.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use kokyaku_core::analysis::default_as_of;
use kokyaku_core::analysis::ltv::{predictive_ltv, LtvParams};
use kokyaku_core::params::ParamError;
use kokyaku_core::report::format_money;
use kokyaku_core::segment::{
    export, select, CustomerTable, ExportOptions, Field, LayoutKind, Query, TableParams,
};

use kokyaku_core::segment::{Encoding, PhoneForm, Unmappable};
use kokyaku_core::segment::{Message, QueryError};
use kokyaku_core::{Day, Words};

use crate::segment_report as report;
use crate::{input, CliError, InputArgs};

/// Arguments of `kokyaku segment`.
#[derive(Debug, Args)]
#[command(after_long_help = SEGMENT_HELP)]
pub struct SegmentArgs {
    /// The files and how to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// R, cohorts and every other field are counted to this day; orders on or after it are left out (default:
    /// the day after the latest order).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub as_of: Option<Day>,
    /// The earlier date of the *_at_from fields (their RFM segment and CPM group are as of this day), before
    /// the as-of date (default: 90 days before it).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = str::parse::<Day>)]
    pub from: Option<Day>,
    /// The condition, e.g. 'rfm_segment in (at_risk, cant_lose_them) and m_score >= 3' (the language is
    /// described below); empty selects every customer.
    #[arg(long = "where", value_name = "CONDITION", default_value = "")]
    pub condition: String,
    /// Start from a ready-made segment (win_back, second_purchase, vip_thanks, subscription_churn_risk,
    /// vip_churn_risk); --where adds conditions to it.
    #[arg(long, value_name = "ID", value_parser = |id: &str| kokyaku_core::segment::Starter::find(id).map(|s| s.condition))]
    pub starter: Option<&'static str>,
    /// The columns, as field names separated by commas, or `all` (default:
    /// customer,email,phone,recency,frequency,monetary,rfm_segment,cpm_group).
    #[arg(long, value_name = "FIELDS", value_parser = parse_fields, conflicts_with = "layout")]
    pub fields: Option<FieldList>,
    /// fields (a header and the chosen fields), email-list or phone-list (distinct addresses or numbers, one
    /// per line, no header: the audience-upload form of mail tools and LINE 公式アカウント).
    #[arg(long, value_name = "LAYOUT", default_value = "fields", value_parser = str::parse::<LayoutKind>)]
    pub layout: LayoutKind,
    /// Text encoding of the CSV: utf-8 (with a BOM, which Excel needs, when the file has a header row) or
    /// shift-jis (as Windows writes it: 〜 − ¢ £ and the like in their CP932 forms).
    #[arg(long, value_name = "ENCODING", default_value = "utf-8", value_parser = str::parse::<Encoding>)]
    pub out_encoding: Encoding,
    /// Phone numbers: national (090-1234-5678 in the fields layout, so that Excel keeps the 0; digits in the
    /// phone list) or e164 (+819012345678, for SMS and LINE tools; numbers without that form are left out).
    #[arg(long, value_name = "FORM", default_value = "national", value_parser = str::parse::<PhoneForm>)]
    pub phone_form: PhoneForm,
    /// In Shift_JIS, a character it cannot hold (emoji, some kanji variants): refuse (stop, naming it), geta
    /// (write 〓) or question (write ?); the lines changed are reported.
    #[arg(long, value_name = "WHAT", default_value = "refuse", value_parser = str::parse::<Unmappable>)]
    pub unmappable: Unmappable,
    /// Write the CSV to this file instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

const SEGMENT_HELP: &str = "\
Conditions:
  FIELD OP VALUE            OP: = != < <= > >=
  FIELD in (V1, V2, ...)    also: not in, and (for text) contains
  clause and clause ...     every clause must hold
  (FIELD = A or FIELD = B)  OR only between conditions on one field
Values: numbers (30), amounts in currency units (4980, 49.90), dates (2024-01-05), months (2024-01),
probabilities (0.5 or 50%), ids (at_risk), text in quotes (\"Drip bags\").
Fields: customer email phone name name_family name_given recency frequency monetary aov r_score f_score m_score
rfm_segment cpm_group rfm_segment_at_from cpm_group_at_from (as of --from; none: no order yet) cohort
first_order last_order days_since_first first_product products first_channel first_coupon subscription
subscription_orders, and from the BG/NBD and Gamma-Gamma fits: p_alive expected_orders clv p_alive_30
p_alive_90 expected_orders_30 expected_orders_90 expected_orders_365 next_order_from next_order_to churn_risk.
Example: kokyaku segment orders.csv --where 'frequency = 1 and recency <= 30' --layout email-list --out f2.csv
Example: kokyaku segment orders.csv --from 2024-10-01 --where 'rfm_segment_at_from = champions and rfm_segment = at_risk'";

/// The columns `--fields` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldList(pub Vec<Field>);

/// Parses `--fields` with the core's reader: field names separated by commas, or `all`.
pub fn parse_fields(s: &str) -> Result<FieldList, ParamError> {
    Field::parse_list(s).map(FieldList)
}

/// Runs the command.
pub fn run(args: &SegmentArgs) -> Result<(), CliError> {
    let condition = match (args.starter, args.condition.trim()) {
        (Some(starter), "") => starter.to_string(),
        (Some(starter), extra) => format!("{starter} and {extra}"),
        (None, condition) => condition.to_string(),
    };
    let query: Query = condition.parse().map_err(|e: QueryError| {
        let (en, ja) = (e.to_string(), e.ja());
        CliError::Worded(Message::new(
            format!("--where: {en}\n  {condition}"),
            format!("--where：{ja}\n  {condition}"),
        ))
    })?;
    let layout = args.layout.with_fields(
        args.fields
            .clone()
            .map_or_else(|| Field::DEFAULT_EXPORT.to_vec(), |f| f.0),
    );
    let out = args.out.as_deref().map(|p| ("--out", p));
    let data = input::load_writing(&args.input, out)?;
    input::check_table_as_of(&data.dataset, args.as_of)?;
    let ds = &data.dataset;
    let used = || {
        query
            .fields()
            .chain(args.fields.iter().flat_map(|f| f.0.iter()).copied())
    };
    let wants_ltv = used().any(Field::needs_ltv);
    let params = TableParams {
        from: args.from,
        // Every order's products and the earlier states only when the condition or a column uses them.
        heavy_fields: used().any(Field::is_heavy),
        ..TableParams::default()
    };
    params
        .check_from(args.as_of.or_else(|| default_as_of(ds)))
        .map_err(|e| CliError::from(&e))?;
    let ltv = wants_ltv.then(|| predictive_ltv(ds, args.as_of, &LtvParams::default()));
    let table = CustomerTable::new(ds, args.as_of, &params, ltv.as_ref());
    // A condition on a predicted field whose model could not be fitted is the core's error; predicted
    // columns it leaves empty are its warnings.
    let selection = select(&query, &table, ds).map_err(|e| CliError::Worded(e.0))?;
    let empty_columns = match &layout {
        kokyaku_core::segment::Layout::Fields(fields) => table.empty_field_warnings(fields),
        _ => Vec::new(),
    };
    let options = ExportOptions {
        encoding: args.out_encoding,
        phone_form: args.phone_form,
        unmappable: args.unmappable,
    };
    let export = export(&layout, &options, &selection, &table, ds).map_err(|e| {
        CliError::Worded(Message::new(
            format!("{e} (--out-encoding utf-8, or --unmappable geta|question)"),
            format!(
                "{}（--out-encoding utf-8 か --unmappable geta|question）",
                e.ja()
            ),
        ))
    })?;
    let bytes = export.bytes;
    let l = crate::output::lang();
    for warning in selection.warnings.iter().chain(&empty_columns) {
        eprintln!(
            "kokyaku: {}{}",
            l.t("警告：", "warning: "),
            crate::output::for_stderr(&warning.words(l))
        );
    }
    let destination = match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| CliError::io(format!("cannot write {}", path.display()), e))?;
            Some(path.display().to_string())
        }
        None => {
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| CliError::io("cannot write to stdout", e))?;
            None
        }
    };
    let lines = [
        export
            .list
            .as_ref()
            .and_then(|list| report::list_line(l, args.layout, list)),
        report::not_e164_line(l, &export.phones_not_e164),
        export
            .replaced
            .as_ref()
            .map(|r| report::replaced_line(l, r)),
    ];
    for line in lines.into_iter().flatten() {
        eprintln!("kokyaku: {}", crate::output::for_stderr(&line));
    }
    let selected = report::Selected {
        customers: selection.customers,
        of: selection.of_customers,
        revenue: format_money(
            selection.revenue_minor,
            &ds.currency.code,
            ds.currency.decimals,
        ),
        share: selection.revenue_share.unwrap_or(0.0),
        as_of: table.as_of,
        to: destination.as_deref(),
    };
    eprintln!("kokyaku: {}", report::selected_line(l, &selected));
    Ok(())
}
