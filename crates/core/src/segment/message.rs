//! Messages for people in the page's two languages.

use serde::Serialize;

/// A message in English and in Japanese. It displays in English, the command line's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub en: String,
    pub ja: String,
}

impl Message {
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
