//! Named segment definitions: the ready-made starting points, and the JSON file a team shares definitions in.

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::message::Message;
use super::query::Query;
use super::query_error::QueryError;
use crate::params::ParamError;

/// A segment as saved and shared: a name, its condition text and the fields its export writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    /// The name the user gave it.
    pub name: String,
    /// The condition, in the language of [`super::query`].
    #[serde(rename = "where")]
    pub condition: String,
    /// The export's columns (by [`Field::name`]); empty means the default columns.
    #[serde(default)]
    pub fields: Vec<Field>,
}

/// A ready-made starting point for a common action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Starter {
    /// Stable id (`win_back`).
    pub id: &'static str,
    /// Name in Japanese and in English.
    pub names: (&'static str, &'static str),
    /// What it is for, in Japanese and in English.
    pub purpose: (&'static str, &'static str),
    /// The condition.
    pub condition: &'static str,
}

/// The ready-made segments, each one editable once picked.
pub const STARTERS: [Starter; 5] = [
    Starter {
        id: "win_back",
        names: ("休眠優良顧客の掘り起こし", "Win back lapsed good customers"),
        purpose: (
            "以前はよく買っていたのに最近買っていない顧客",
            "Customers who used to buy often and have stopped",
        ),
        condition: "rfm_segment in (at_risk, cant_lose_them) and m_score >= 3",
    },
    Starter {
        id: "second_purchase",
        names: ("2回目購入の後押し", "Second-purchase push"),
        purpose: (
            "初回購入から30日以内の新規顧客",
            "First-time buyers within 30 days of their order",
        ),
        condition: "frequency = 1 and recency <= 30",
    },
    Starter {
        id: "vip_thanks",
        names: ("VIP顧客へのお礼", "VIP thanks"),
        purpose: (
            "最近も買っていて購入回数・金額が最上位の顧客",
            "Recent customers with the most orders and the highest spend",
        ),
        condition: "rfm_segment in (champions, loyal) and m_score = 5",
    },
    Starter {
        id: "subscription_churn_risk",
        names: ("定期購入の解約リスク", "Subscription churn risk"),
        purpose: (
            "定期購入が継続中だが35日以上注文がない顧客",
            "Active subscribers with no order for 35 days or more",
        ),
        condition: "subscription = active and recency >= 35",
    },
    Starter {
        id: "vip_churn_risk",
        names: ("離反しそうなVIP顧客", "VIPs likely to churn"),
        purpose: (
            "購入金額が最上位で、予測モデルでは離反リスクが中〜高の顧客",
            "Top spenders whom the model gives a medium or high churn risk",
        ),
        condition: "m_score = 5 and churn_risk in (medium, high)",
    },
];

impl Starter {
    /// The ready-made segment with this id.
    pub fn find(id: &str) -> Result<&'static Starter, ParamError> {
        STARTERS
            .iter()
            .find(|s| s.id == id.trim())
            .ok_or_else(|| ParamError::Starter {
                id: id.to_string(),
                ids: STARTERS.map(|s| s.id.to_string()).to_vec(),
            })
    }
}

/// The shared-definitions file: `{"format": "kokyaku-segments", "version": 1, "segments": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    segments: Vec<Definition>,
}

const FORMAT: &str = "kokyaku-segments";

/// The definitions as the JSON text of a shared-definitions file.
pub fn to_json(definitions: &[Definition]) -> String {
    let file = File {
        format: FORMAT.into(),
        version: 1,
        segments: definitions.to_vec(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Why a shared-definitions file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefinitionsError {
    /// The file is not a segments file this Kokyaku reads, or a segment has no name: in words.
    File(Message),
    /// The condition of the segment `name` does not read.
    Condition {
        /// The segment's name.
        name: String,
        /// Why the condition does not read.
        error: QueryError,
    },
}

impl std::fmt::Display for DefinitionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DefinitionsError::File(m) => m.fmt(f),
            DefinitionsError::Condition { name, error } => write!(f, "segment '{name}': {error}"),
        }
    }
}

impl std::error::Error for DefinitionsError {}

/// Reads a shared-definitions file, checking that every definition has a name and a condition that parses.
pub fn from_json(text: &str) -> Result<Vec<Definition>, DefinitionsError> {
    let file: File = serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|e| {
        DefinitionsError::File(Message::new(
            format!("not a Kokyaku segments file: {e}"),
            format!("Kokyaku のセグメント定義ファイルではありません: {e}"),
        ))
    })?;
    if file.format != FORMAT {
        return Err(DefinitionsError::File(Message::new(
            format!(
                "not a Kokyaku segments file: its format is '{}', not '{FORMAT}'",
                file.format
            ),
            format!(
                "Kokyaku のセグメント定義ファイルではありません（format が「{}」）",
                file.format
            ),
        )));
    }
    if file.version != 1 {
        return Err(DefinitionsError::File(Message::new(
            format!(
                "segments file version {} is newer than this Kokyaku reads (1)",
                file.version
            ),
            format!(
                "セグメント定義ファイルのバージョン {} はこの Kokyaku では読めません（1 まで）",
                file.version
            ),
        )));
    }
    for (i, d) in file.segments.iter().enumerate() {
        if d.name.trim().is_empty() {
            return Err(DefinitionsError::File(Message::new(
                format!("segment {} has no name", i + 1),
                format!("{}番目のセグメントに名前がありません", i + 1),
            )));
        }
        d.condition
            .parse::<Query>()
            .map_err(|error| DefinitionsError::Condition {
                name: d.name.clone(),
                error,
            })?;
    }
    Ok(file.segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_parse_and_files_round_trip() {
        for s in STARTERS {
            s.condition.parse::<Query>().unwrap();
        }
        let defs = vec![Definition {
            name: "休眠".into(),
            condition: "recency > 180".into(),
            fields: vec![Field::Customer, Field::Email],
        }];
        let json = to_json(&defs);
        assert!(json.contains("\"where\": \"recency > 180\""), "{json}");
        assert_eq!(from_json(&json).unwrap(), defs);
    }

    #[test]
    fn rejects_files_that_are_not_segments_or_have_bad_conditions() {
        assert!(from_json("[]")
            .unwrap_err()
            .to_string()
            .starts_with("not a Kokyaku segments file"));
        let other = r#"{"format":"x","version":1,"segments":[]}"#;
        assert!(from_json(other)
            .unwrap_err()
            .to_string()
            .contains("format is 'x'"));
        let bad = r#"{"format":"kokyaku-segments","version":1,"segments":[{"name":"a","where":"recency >"}]}"#;
        let e = from_json(bad).unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 'a': at character 10: expected a value for recency"
        );
        let DefinitionsError::Condition { name, error } = e else {
            panic!("a condition's error")
        };
        assert_eq!((name.as_str(), error.column), ("a", 10));
        let field = r#"{"format":"kokyaku-segments","version":1,"segments":[{"name":"a","where":"","fields":["nope"]}]}"#;
        assert!(from_json(field)
            .unwrap_err()
            .to_string()
            .contains("unknown variant `nope`"));
    }
}
