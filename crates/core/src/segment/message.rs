//! Messages for people in the page's two languages.

use serde::Serialize;

/// A message in English and in Japanese. It displays in English, the command line's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The message in English.
    pub en: String,
    /// The message in Japanese.
    pub ja: String,
}

impl Message {
    /// The words of a reason or an error in both languages.
    pub fn of(words: &impl crate::words::Words) -> Message {
        Message {
            en: words.to_string(),
            ja: words.ja(),
        }
    }

    /// A message from its two texts.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Message {
        Message {
            en: en.into(),
            ja: ja.into(),
        }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Message {}

/// What a [`Warning`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A condition names a product no order holds. Values: the product id or name.
    UnknownProduct,
    /// Predicted fields are empty because the model they come from could not be fitted on this data. Values:
    /// the model (`bg_nbd`, `mbg_nbd`, `pareto_nbd` or `gamma_gamma`), the fit's reason (in English), then the
    /// fields left empty.
    ModelNotFitted,
    /// Fields are empty because the data is a customers table, which has no single orders. Values: the
    /// fields left empty.
    NeedsOrders,
}

/// Something the user should know about a selection or an export: what it is about and its values, as data
/// for a program in any language, and in words in English and Japanese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What the warning is about, for a program to act on.
    pub kind: WarningKind,
    /// The product, model or fields concerned (see [`WarningKind`]).
    pub values: Vec<String>,
    /// The warning in words.
    #[serde(flatten)]
    pub message: Message,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message.fmt(f)
    }
}
