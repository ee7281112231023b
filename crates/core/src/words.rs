//! The two languages people read Kokyaku in, and the [`Words`] every typed reason, note and error has.
//!
//! The core returns reasons and errors as data: a kind and its values. Each such type words itself in English
//! through `Display` (the language of logs and of the JSON's `reason` text) and in Japanese through
//! [`Words::ja`], written beside the type (the `*_ja.rs` files). The page, the JS API and the command line
//! choose the language with [`Words::words`].

/// A language of the page, the command line and the exports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Japanese.
    Ja,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// The language of a BCP 47 tag or a POSIX locale (`ja`, `ja-JP`, `ja_JP.UTF-8`, `en_US`), if it is one
    /// of the two.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_', '.', '@']).next()?;
        match primary.to_ascii_lowercase().as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a POSIX environment asks for: the first set of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// decides (as in `setlocale`), Japanese for `ja_*`, else English. `get` reads a variable.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name).filter(|v| !v.is_empty()))
            .next()
            .and_then(|v| Lang::from_code(&v))
            .unwrap_or(Lang::En)
    }

    /// The BCP 47 tag.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Picks the text (or the texts, or anything) for this language.
    pub fn t<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A reason, note or error in words: English from `Display`, Japanese from [`Words::ja`].
pub trait Words: std::fmt::Display {
    /// The words in Japanese.
    fn ja(&self) -> String;

    /// The words in `lang`.
    fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => self.ja(),
            Lang::En => self.to_string(),
        }
    }
}

/// Whether `text` reads as an English sentence: three words of Latin letters in a row with only spaces
/// between them (ids such as `order_date`, codes such as `JPY` and lists such as `day、week、month` do not).
/// The Japanese wordings' tests use it.
#[cfg(test)]
pub(crate) fn has_english_sentence(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphabetic() || " '_".contains(c)))
        .any(|run| {
            let mut in_a_row = 0;
            run.split_whitespace().any(|word| {
                // An id (`at_risk`) is code, not a word of a sentence.
                let plain = word.len() > 1 && !word.contains('_');
                in_a_row = if plain { in_a_row + 1 } else { 0 };
                in_a_row >= 3
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_tags_and_locales() {
        assert_eq!(Lang::from_code("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr_FR"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn the_environment_decides_like_setlocale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
        // LC_ALL overrides LANG, and an empty variable counts as unset.
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", ""), ("LC_MESSAGES", "ja_JP")])),
            Lang::Ja
        );
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
    }

    #[test]
    fn english_sentences_are_told_from_ids_and_codes() {
        assert!(has_english_sentence("the file is empty"));
        assert!(!has_english_sentence("注文日（order_date）が空です"));
        assert!(!has_english_sentence("通貨 JPY と USD が混ざっています"));
        assert!(!has_english_sentence("UTF-8 でも Shift_JIS でもありません"));
        assert!(!has_english_sentence(
            "day、week、month のどれでもありません"
        ));
        assert!(has_english_sentence("ファイル：cannot read this"));
        assert!(!has_english_sentence(
            "(rfm_segment = at_risk or rfm_segment = lost)"
        ));
    }
}
