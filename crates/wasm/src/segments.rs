//! Segments from JS: select customers with the core's condition language, list them with chosen fields, and
//! export them as CSV bytes (the same as the page's export and `kokyaku segment`), with what an e-mail or
//! phone list skipped. A condition that does not read throws an `Error` that also holds the core's
//! `QueryError` as data (`column`, `kind`, `values`).

use js_sys::{Object, Reflect, Uint8Array};
use kokyaku_core::analysis::ltv::{predictive_ltv, LtvParams};
use kokyaku_core::segment::csv::cell;
use kokyaku_core::segment::{
    export, select, CustomerTable, Encoding, Export, ExportError, ExportOptions, Field, LayoutKind,
    ListReport, Message, PhoneForm, Query, QueryError, Selection, Skipped as SkippedPhones,
    TableParams, Unmappable, STARTERS,
};
use kokyaku_core::{Dataset, Day};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::convert::{as_of, read_params, to_js};
use crate::types::SegmentOptionsArg;
use crate::Analyzer;

/// The options of `segment` and `exportSegment`.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct SegmentOptions {
    /// Columns (default: customer, e-mail, phone, R, F, M, RFM segment, CPM group).
    fields: Option<Vec<Field>>,
    layout: LayoutKind,
    encoding: Encoding,
    /// Phone numbers: `national` (grouped with hyphens in the fields layout, digits in the list) or `e164`.
    phone_form: PhoneForm,
    /// In Shift_JIS, a character it cannot hold: `refuse` (throw), `geta` (〓) or `question` (`?`).
    unmappable: Unmappable,
    /// Fit the predictive-LTV models so that p_alive, expected_orders and clv can be used (also done when the
    /// condition or the fields name one of them).
    predictions: bool,
    /// RFM and CPM parameters and the subscription window behind the fields.
    params: TableParams,
}

/// What `segment` returns.
#[derive(Serialize)]
struct SegmentResult<'a> {
    as_of: Option<Day>,
    /// The condition, written canonically.
    condition: String,
    #[serde(flatten)]
    selection: &'a Selection,
    fields: Vec<Field>,
    /// One object per selected customer: field name → the cell as the CSV export writes it.
    rows: Vec<Row>,
}

/// A customer's cells, serialised as an object with the fields in their order.
struct Row(Vec<(&'static str, String)>);

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// What an e-mail or phone list skipped, as `exportSegmentWithReport` returns it (the core's `ListReport`,
/// with each skipped customer as an object).
#[derive(Serialize)]
struct ListSkips<'a> {
    written: u64,
    missing: u64,
    unusable: u64,
    repeated: u64,
    not_e164: u64,
    skipped: Vec<Skipped<'a>>,
}

/// A customer an e-mail or phone list skipped: its key, and its value (empty when it has none).
#[derive(Serialize)]
struct Skipped<'a> {
    customer: &'a str,
    value: &'a str,
}

impl<'a> From<&'a ListReport> for ListSkips<'a> {
    fn from(r: &'a ListReport) -> ListSkips<'a> {
        ListSkips {
            written: r.written,
            missing: r.missing,
            unusable: r.unusable,
            repeated: r.repeated,
            not_e164: r.not_e164,
            skipped: skipped(&r.skipped),
        }
    }
}

/// Customers named with their value, as objects.
fn skipped(named: &[(String, String)]) -> Vec<Skipped<'_>> {
    named
        .iter()
        .map(|(customer, value)| Skipped { customer, value })
        .collect()
}

/// The customers whose phone cell an E.164 export left empty: how many, and the first five.
#[derive(Serialize)]
struct PhonesNotE164<'a> {
    count: u64,
    skipped: Vec<Skipped<'a>>,
}

impl<'a> From<&'a SkippedPhones> for PhonesNotE164<'a> {
    fn from(s: &'a SkippedPhones) -> PhonesNotE164<'a> {
        PhonesNotE164 {
            count: s.count,
            skipped: skipped(&s.named),
        }
    }
}

/// A ready-made segment, as `segmentStarters` lists it.
#[derive(Serialize)]
struct StarterInfo {
    id: &'static str,
    name_ja: &'static str,
    name_en: &'static str,
    purpose_ja: &'static str,
    purpose_en: &'static str,
    condition: &'static str,
}

fn message_error(m: &Message) -> JsError {
    JsError::new(&m.en)
}

/// An `Error` with `message`, and the error as data in its `kind` and `values` (and `column`, when given).
fn typed_error(message: &str, kind: &str, values: &impl Serialize, column: Option<u32>) -> JsValue {
    let error = js_sys::Error::new(message);
    let values = to_js(values).map_or(JsValue::NULL, JsValue::from);
    let column = column.map(JsValue::from);
    for (key, value) in [
        ("column", column),
        ("kind", Some(JsValue::from(kind))),
        ("values", Some(values)),
    ] {
        if let Some(value) = value {
            let _ = Reflect::set(&error, &key.into(), &value);
        }
    }
    error.into()
}

/// The error an export throws: a character Shift_JIS cannot hold (`kind` `unmappable`, `values` its
/// `line`, `customer` and `character`).
fn export_error(e: &ExportError) -> JsValue {
    let (kind, values) = e.kind_and_values();
    typed_error(&e.to_string(), &kind, &values, None)
}

/// The error a condition that does not read throws: an `Error` with the message `condition: at character 10:
/// …`, and the error as data in its `column`, `kind` and `values`.
fn condition_error(e: &QueryError) -> JsValue {
    let (kind, values) = e.kind.kind_and_values();
    typed_error(
        &format!("condition: {e}"),
        &kind,
        &values,
        Some(e.column as u32),
    )
}

/// The selection of `condition` with its table, and the options it was read with.
fn run(
    ds: &Dataset,
    condition: &str,
    options: Option<SegmentOptionsArg>,
    as_of_date: Option<String>,
) -> Result<(CustomerTable, Selection, Query, SegmentOptions), JsValue> {
    let options: SegmentOptions = read_params(options.map(JsValue::from), "segment")?;
    options
        .params
        .validate()
        .map_err(|e| JsError::new(&format!("segment parameters: {e}")))?;
    let query: Query = condition.parse().map_err(|e| condition_error(&e))?;
    let as_of = as_of(as_of_date)?;
    options
        .params
        .check_from(as_of.or_else(|| kokyaku_core::analysis::default_as_of(ds)))
        .map_err(|e| JsError::new(&format!("segment parameters: {e}")))?;
    let wants_ltv = options.predictions
        || query
            .fields()
            .chain(options.fields.iter().flatten().copied())
            .any(Field::needs_ltv);
    let ltv = wants_ltv.then(|| predictive_ltv(ds, as_of, &LtvParams::default()));
    let table = CustomerTable::new(ds, as_of, &options.params, ltv.as_ref());
    let mut selection = select(&query, &table, ds).map_err(|e| message_error(&e.0))?;
    // Predicted fields asked for, as columns or with `predictions`, that a model left empty: said as data.
    let mut shown = options
        .fields
        .clone()
        .unwrap_or_else(|| Field::DEFAULT_EXPORT.to_vec());
    if options.predictions {
        shown.extend(Field::ALL.into_iter().filter(|f| f.needs_ltv()));
    }
    selection
        .warnings
        .extend(table.empty_field_warnings(&shown));
    Ok((table, selection, query, options))
}

impl Analyzer {
    /// The selection of `condition` written in the options' layout and encoding.
    fn export(
        &self,
        condition: &str,
        options: Option<SegmentOptionsArg>,
        as_of_date: Option<String>,
    ) -> Result<Export, JsValue> {
        let ds = &self.data()?.dataset;
        let (table, selection, _, options) = run(ds, condition, options, as_of_date)?;
        let layout = options.layout.with_fields(
            options
                .fields
                .unwrap_or_else(|| Field::DEFAULT_EXPORT.to_vec()),
        );
        let export_options = ExportOptions {
            encoding: options.encoding,
            phone_form: options.phone_form,
            unmappable: options.unmappable,
        };
        export(&layout, &export_options, &selection, &table, ds).map_err(|e| export_error(&e))
    }
}

#[wasm_bindgen]
impl Analyzer {
    /// The customers a condition selects (`"rfm_segment in (at_risk, cant_lose_them) and m_score >= 3"`):
    /// their count, revenue and share, and their chosen fields. A condition that does not read throws, saying
    /// at which character and why, and so does a condition on a predicted field whose model could not be
    /// fitted; predicted fields left empty for that reason come with a `model_not_fitted` warning.
    #[wasm_bindgen(unchecked_return_type = "SegmentResult")]
    pub fn segment(
        &self,
        condition: &str,
        options: Option<SegmentOptionsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let ds = &self.data()?.dataset;
        let (table, selection, query, options) = run(ds, condition, options, as_of_date)?;
        let fields = options
            .fields
            .unwrap_or_else(|| Field::DEFAULT_EXPORT.to_vec());
        let rows = selection
            .rows
            .iter()
            .map(|&i| {
                Row(fields
                    .iter()
                    .map(|f| (f.name(), cell(*f, &table.rows[i], ds)))
                    .collect())
            })
            .collect();
        Ok(to_js(&SegmentResult {
            as_of: table.as_of,
            condition: query.to_string(),
            selection: &selection,
            fields,
            rows,
        })?)
    }

    /// The selected customers as CSV bytes: the chosen fields with a header, or the distinct e-mail addresses
    /// or phone numbers; UTF-8 (with a BOM when there is a header row) or Shift_JIS as Windows writes it;
    /// phone numbers in the chosen form; cells that a spreadsheet would run as formulas neutralised. A
    /// character Shift_JIS cannot hold throws (`kind` `unmappable`) unless `unmappable` replaces it.
    #[wasm_bindgen(js_name = exportSegment)]
    pub fn export_segment(
        &self,
        condition: &str,
        options: Option<SegmentOptionsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<Vec<u8>, JsValue> {
        Ok(self.export(condition, options, as_of_date)?.bytes)
    }

    /// The export of `exportSegment` with what it left out or changed: `{ bytes, list, phones_not_e164,
    /// replaced }`. `list`, for an e-mail or phone list, counts the lines written and the customers without
    /// a value (`missing`: empty or a placeholder), with one that is not usable (`unusable`), without an
    /// E.164 form (`not_e164`) or already listed (`repeated`), and names the first five skipped (`null` for
    /// the fields layout). `phones_not_e164`, in the fields layout in E.164, the customers whose phone cell
    /// is empty (`null` when none). `replaced`, in Shift_JIS with a replacement chosen, the characters
    /// replaced and the first five lines changed (`null` when none).
    #[wasm_bindgen(js_name = exportSegmentWithReport, unchecked_return_type = "SegmentExport")]
    pub fn export_segment_with_report(
        &self,
        condition: &str,
        options: Option<SegmentOptionsArg>,
        #[wasm_bindgen(js_name = asOf)] as_of_date: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let export = self.export(condition, options, as_of_date)?;
        let list = match &export.list {
            Some(list) => to_js(&ListSkips::from(list))?,
            None => JsValue::NULL,
        };
        let phones = match export.phones_not_e164.count {
            0 => JsValue::NULL,
            _ => to_js(&PhonesNotE164::from(&export.phones_not_e164))?,
        };
        let replaced = match &export.replaced {
            Some(r) => to_js(r)?,
            None => JsValue::NULL,
        };
        let result = Object::new();
        let bytes = Uint8Array::from(export.bytes.as_slice());
        Reflect::set(&result, &"bytes".into(), &bytes)?;
        Reflect::set(&result, &"list".into(), &list)?;
        Reflect::set(&result, &"phones_not_e164".into(), &phones)?;
        Reflect::set(&result, &"replaced".into(), &replaced)?;
        Ok(result.into())
    }

    /// The ready-made segments (win back, second purchase, VIP thanks, subscription churn risk).
    #[wasm_bindgen(js_name = segmentStarters, unchecked_return_type = "SegmentStarter[]")]
    pub fn segment_starters() -> Result<JsValue, JsError> {
        let starters: Vec<StarterInfo> = STARTERS
            .iter()
            .map(|s| StarterInfo {
                id: s.id,
                name_ja: s.names.0,
                name_en: s.names.1,
                purpose_ja: s.purpose.0,
                purpose_en: s.purpose.1,
                condition: s.condition,
            })
            .collect();
        to_js(&starters)
    }
}
