//! The page's two languages. Texts are written in place as (Japanese, English) pairs, so a view reads as what
//! it shows; the choice is kept in the browser's storage and defaults to the browser's language.

use gloo::storage::{LocalStorage, Storage};
use kokyaku_core::segment::{DefinitionsError, Message, QueryError, QueryErrorKind};

use crate::condition_words;

const STORAGE_KEY: &str = "kokyaku.lang";

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// The stored choice, else Japanese for a browser set to Japanese, else English.
    pub fn detect() -> Lang {
        match LocalStorage::get::<String>(STORAGE_KEY).ok().as_deref() {
            Some("ja") => Lang::Ja,
            Some("en") => Lang::En,
            _ => {
                let browser = web_sys::window()
                    .and_then(|w| w.navigator().language())
                    .unwrap_or_default();
                if browser.starts_with("ja") {
                    Lang::Ja
                } else {
                    Lang::En
                }
            }
        }
    }

    /// Remembers the choice in the browser.
    pub fn store(self) {
        let _ = LocalStorage::set(STORAGE_KEY, self.code());
    }

    /// The language of a BCP 47 code (`ja`, `ja-JP`, `en`, `en-US`), if it is one of the two.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn t(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// A message of the core in this language.
    pub fn message(self, m: &Message) -> String {
        match self {
            Lang::Ja => m.ja.clone(),
            Lang::En => m.en.clone(),
        }
    }

    /// A condition's error, with its position, in this language.
    pub fn query_error(self, e: &QueryError) -> String {
        match self {
            Lang::Ja => condition_words::error_ja(e),
            Lang::En => e.to_string(),
        }
    }

    /// What is wrong with a condition, without its position, in this language.
    pub fn query_problem(self, kind: &QueryErrorKind) -> String {
        match self {
            Lang::Ja => condition_words::kind_ja(kind),
            Lang::En => kind.to_string(),
        }
    }

    /// Why a shared-definitions file cannot be read, in this language.
    pub fn definitions_error(self, e: &DefinitionsError) -> String {
        match self {
            Lang::Ja => condition_words::definitions_ja(e),
            Lang::En => e.to_string(),
        }
    }
}
