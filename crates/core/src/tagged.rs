//! An enum's kind and values as data: the form in which the JSON reports and the JS API give typed reasons
//! and errors next to their English words (`reason_kind` and `reason_values`, `kind` and `values`).

use serde::Serialize;
use serde_json::{Map, Value};

/// The variant name (snake_case, as serde names it) and the fields of `value`, an enum of unit and struct
/// variants: `("unreadable_date", {"cell": "2024-13-01"})`; a unit variant has no fields (`{}`).
pub(crate) fn kind_and_values<T: Serialize>(value: &T) -> (String, Value) {
    match serde_json::to_value(value) {
        Ok(Value::String(kind)) => (kind, Value::Object(Map::new())),
        Ok(Value::Object(map)) if map.len() == 1 => {
            let (kind, values) = map.into_iter().next().unwrap_or_default();
            (kind, values)
        }
        // Only enums of unit and struct variants are given.
        _ => (String::new(), Value::Object(Map::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Example {
        Plain,
        WithCell { cell: String },
    }

    #[test]
    fn unit_and_struct_variants_give_their_name_and_fields() {
        assert_eq!(
            kind_and_values(&Example::Plain),
            ("plain".to_string(), serde_json::json!({}))
        );
        assert_eq!(
            kind_and_values(&Example::WithCell { cell: "x".into() }),
            ("with_cell".to_string(), serde_json::json!({ "cell": "x" }))
        );
    }
}
