//! Values crossing the JS boundary: options and parameters in (checked, with messages naming the bad key),
//! reports out as plain JSON-compatible objects.

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect};
use kokyaku_core::ingest::options::DateOrder;
use kokyaku_core::ingest::{EncodingChoice, Field, PresetChoice, StatusChoice, Threads};
use kokyaku_core::{Day, IngestOptions};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsError, JsValue};

/// A report as a plain JS object (numbers, strings, arrays, objects; `null` for absent values).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// An as-of date `YYYY-MM-DD`, if given (empty text is none).
pub fn as_of(text: Option<String>) -> Result<Option<Day>, JsError> {
    Day::parse_optional(text.as_deref().unwrap_or(""))
        .map_err(|e| JsError::new(&format!("asOf: {e}")))
}

/// An analysis's parameters from a partial JS object (absent keys take their defaults). A key the
/// parameters do not have is an error, so that a misspelt one is not silently ignored.
pub fn read_params<T: DeserializeOwned + Serialize + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsError> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    let params: T = serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        let message = e.to_string();
        let message = message.strip_prefix("Error: ").unwrap_or(&message);
        JsError::new(&format!("{what} parameters: {message}"))
    })?;
    if let Some(key) = unknown_key(&value, &to_js(&params)?, "") {
        return Err(JsError::new(&format!(
            "{what} parameters: unknown key '{key}'"
        )));
    }
    Ok(params)
}

/// The first key of `given` (a nested path) that `known`, the same parameters as read, does not have.
fn unknown_key(given: &JsValue, known: &JsValue, path: &str) -> Option<String> {
    let plain = |v: &JsValue| v.is_object() && !Array::is_array(v);
    if !plain(given) || !plain(known) {
        return None;
    }
    let given_object: &Object = given.unchecked_ref();
    Object::keys(given_object).iter().find_map(|key| {
        let name = key.as_string().unwrap_or_default();
        let full = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        if !Reflect::has(known, &key).unwrap_or(false) {
            return Some(full);
        }
        let (g, k) = (
            Reflect::get(given, &key).ok()?,
            Reflect::get(known, &key).ok()?,
        );
        unknown_key(&g, &k, &full)
    })
}

/// The reading options as JS passes them: names as on the command line.
#[derive(Default, Deserialize)]
#[serde(default)]
struct JsIngestOptions {
    encoding: Option<String>,
    preset: Option<String>,
    mapping: Option<JsMapping>,
    no_header: bool,
    currency: Option<String>,
    statuses: Option<StatusChoice>,
    date_order: Option<String>,
}

/// `{ order_total: 'Amount' }` or `[['order_total', 'Amount']]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsMapping {
    Pairs(Vec<(String, String)>),
    Object(BTreeMap<String, String>),
}

/// [`IngestOptions`] from `{ encoding?, preset?, mapping?, no_header?, currency?, statuses?, date_order? }`.
pub fn ingest_options(value: Option<JsValue>) -> Result<IngestOptions, JsError> {
    let bad = |e: String| JsError::new(&format!("options: {e}"));
    let js: JsIngestOptions = match value {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            if v.is_object() {
                let keys = Object::keys(v.unchecked_ref::<Object>());
                if let Some(key) = keys.iter().filter_map(|k| k.as_string()).find(|k| {
                    ![
                        "encoding",
                        "preset",
                        "mapping",
                        "no_header",
                        "currency",
                        "statuses",
                        "date_order",
                    ]
                    .contains(&k.as_str())
                }) {
                    return Err(bad(format!(
                        "unknown key '{key}' (use encoding, preset, mapping, no_header, currency, statuses, date_order)"
                    )));
                }
            }
            serde_wasm_bindgen::from_value(v).map_err(|e| {
                let message = e.to_string();
                bad(message
                    .strip_prefix("Error: ")
                    .unwrap_or(&message)
                    .to_string())
            })?
        }
        _ => JsIngestOptions::default(),
    };
    let encoding = match js.encoding {
        Some(e) => e.parse::<EncodingChoice>().map_err(bad)?,
        None => EncodingChoice::default(),
    };
    let preset = match js.preset {
        Some(p) => p.parse::<PresetChoice>().map_err(bad)?,
        None => PresetChoice::default(),
    };
    let pairs = match js.mapping {
        None => Vec::new(),
        Some(JsMapping::Pairs(p)) => p,
        Some(JsMapping::Object(o)) => o.into_iter().collect(),
    };
    let mapping = pairs
        .into_iter()
        .map(|(field, column)| {
            Field::from_name(&field)
                .map(|f| (f, column))
                .ok_or_else(|| bad(format!("mapping: '{field}' is not a field")))
        })
        .collect::<Result<_, _>>()?;
    Ok(IngestOptions {
        encoding,
        preset,
        mapping,
        no_header: js.no_header,
        currency: js.currency.filter(|c| !c.trim().is_empty()),
        statuses: js.statuses.unwrap_or_default(),
        date_order: js
            .date_order
            .map(|o| o.parse::<DateOrder>())
            .transpose()
            .map_err(bad)?,
        // The page reads on its worker's one thread.
        threads: Threads::One,
    })
}
