//! What a user chooses about a segment export, besides its columns: the layout's kind, the text encoding, how
//! phone numbers are written and what becomes of a character Shift_JIS cannot hold. The command line, the JS
//! options and the page's controls all read these ids.

use serde::{Deserialize, Serialize};

use crate::params::ParamError;

/// The text encoding of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8; a file with a header row starts with a byte-order mark, which Excel needs to read it as UTF-8.
    /// Headerless e-mail and phone lists have none: mail and LINE tools would read it as part of the first
    /// address or number.
    #[default]
    Utf8Bom,
    /// Shift_JIS as Windows writes it (code page 932), for older Japanese tools.
    ShiftJis,
}

/// The kind of layout, without its fields: what a command line, a form or JS options choose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutKind {
    /// A header and the chosen fields, one row per customer.
    #[default]
    Fields,
    /// The distinct usable e-mail addresses, one per line, for mail tools.
    EmailList,
    /// The distinct usable phone numbers, one per line, for SMS and LINE tools.
    PhoneList,
}

/// How phone numbers are written (see [`super::phone`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneForm {
    /// As dialled in Japan: in the fields layout grouped with hyphens (`090-1234-5678`), so that Excel keeps
    /// the leading zero; in the phone list digits only (`09012345678`), as upload forms ask.
    #[default]
    National,
    /// E.164, `+` and the country code (`+819012345678`), as SMS gateways and LINE's upload ask. A number
    /// that cannot be written so is left out and counted.
    E164,
}

/// What a Shift_JIS export does with a character Shift_JIS cannot hold (emoji, 髙 written with a variant,
/// most accented letters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unmappable {
    /// Stop the export, naming the row, the customer and the character.
    #[default]
    Refuse,
    /// Write 〓 (ゲタ記号, the mark Japanese printing uses for a missing character) in its place.
    Geta,
    /// Write `?` in its place.
    Question,
}

/// Everything an export's bytes depend on besides the layout and the selection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// The text encoding.
    pub encoding: Encoding,
    /// How phone numbers are written.
    pub phone_form: PhoneForm,
    /// What a Shift_JIS export does with a character it cannot hold.
    pub unmappable: Unmappable,
}

impl From<Encoding> for ExportOptions {
    /// The default options with `encoding`.
    fn from(encoding: Encoding) -> ExportOptions {
        ExportOptions {
            encoding,
            ..ExportOptions::default()
        }
    }
}

impl LayoutKind {
    /// Every kind, with its id (`fields`, `email-list`, `phone-list`).
    pub const ALL: [LayoutKind; 3] = [
        LayoutKind::Fields,
        LayoutKind::EmailList,
        LayoutKind::PhoneList,
    ];

    /// The id used on the command line, in forms and in JS options.
    pub fn id(self) -> &'static str {
        match self {
            LayoutKind::Fields => "fields",
            LayoutKind::EmailList => "email-list",
            LayoutKind::PhoneList => "phone-list",
        }
    }
}

impl PhoneForm {
    /// The id used on the command line, in forms and in JS options (`national`, `e164`).
    pub fn id(self) -> &'static str {
        match self {
            PhoneForm::National => "national",
            PhoneForm::E164 => "e164",
        }
    }
}

impl Unmappable {
    /// The id used on the command line, in forms and in JS options (`refuse`, `geta`, `question`).
    pub fn id(self) -> &'static str {
        match self {
            Unmappable::Refuse => "refuse",
            Unmappable::Geta => "geta",
            Unmappable::Question => "question",
        }
    }

    /// The character written in place of one Shift_JIS cannot hold; `None` when the export stops instead.
    pub fn replacement(self) -> Option<char> {
        match self {
            Unmappable::Refuse => None,
            Unmappable::Geta => Some('〓'),
            Unmappable::Question => Some('?'),
        }
    }
}

/// An id as the command line and forms write it: trimmed, lower case, `_` read as `-`.
fn id_of(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace('_', "-")
}

impl std::str::FromStr for LayoutKind {
    type Err = ParamError;

    /// Reads an [`id`](LayoutKind::id), case-insensitively.
    fn from_str(s: &str) -> Result<LayoutKind, ParamError> {
        let id = id_of(s);
        LayoutKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| ParamError::Layout { text: s.into() })
    }
}

impl std::str::FromStr for Encoding {
    type Err = ParamError;

    /// `utf-8` (also `utf8`, `utf8-bom`) or `shift-jis` (also `sjis`, `cp932`), any case, `_` as `-`.
    fn from_str(s: &str) -> Result<Encoding, ParamError> {
        match id_of(s).as_str() {
            "utf-8" | "utf8" | "utf8-bom" => Ok(Encoding::Utf8Bom),
            "shift-jis" | "sjis" | "cp932" => Ok(Encoding::ShiftJis),
            _ => Err(ParamError::OutEncoding { text: s.into() }),
        }
    }
}

impl std::str::FromStr for PhoneForm {
    type Err = ParamError;

    /// `national` or `e164` (also `e.164`), any case.
    fn from_str(s: &str) -> Result<PhoneForm, ParamError> {
        match id_of(s).as_str() {
            "national" => Ok(PhoneForm::National),
            "e164" | "e.164" => Ok(PhoneForm::E164),
            _ => Err(ParamError::PhoneForm { text: s.into() }),
        }
    }
}

impl std::str::FromStr for Unmappable {
    type Err = ParamError;

    /// `refuse`, `geta` (also `〓`) or `question` (also `?`), any case.
    fn from_str(s: &str) -> Result<Unmappable, ParamError> {
        match id_of(s).as_str() {
            "refuse" => Ok(Unmappable::Refuse),
            "geta" | "〓" => Ok(Unmappable::Geta),
            "question" | "?" => Ok(Unmappable::Question),
            _ => Err(ParamError::Unmappable { text: s.into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_and_others_are_refused() {
        for k in LayoutKind::ALL {
            assert_eq!(k.id().parse::<LayoutKind>(), Ok(k));
        }
        for f in [PhoneForm::National, PhoneForm::E164] {
            assert_eq!(f.id().parse::<PhoneForm>(), Ok(f));
        }
        for u in [Unmappable::Refuse, Unmappable::Geta, Unmappable::Question] {
            assert_eq!(u.id().parse::<Unmappable>(), Ok(u));
        }
        assert_eq!(" E.164 ".parse::<PhoneForm>(), Ok(PhoneForm::E164));
        assert_eq!("〓".parse::<Unmappable>(), Ok(Unmappable::Geta));
        assert_eq!("SJIS".parse::<Encoding>(), Ok(Encoding::ShiftJis));
        assert!("intl".parse::<PhoneForm>().is_err());
        assert!("drop".parse::<Unmappable>().is_err());
        // The serde ids are the command line's.
        let json = serde_json::to_string(&ExportOptions {
            encoding: Encoding::ShiftJis,
            phone_form: PhoneForm::E164,
            unmappable: Unmappable::Geta,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"encoding":"shift-jis","phone_form":"e164","unmappable":"geta"}"#
        );
    }
}
