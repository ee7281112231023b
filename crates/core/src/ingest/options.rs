//! What the user chooses about how files are read: the encoding, the export format, a column mapping, the
//! currency and the statuses that count.

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::presets::PresetChoice;
use super::statuses::StatusChoice;
use crate::join::Threads;

/// A text encoding Kokyaku reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 starting with a byte-order mark (as Excel and ecforce write it).
    Utf8Bom,
    /// Shift_JIS / CP932, the default of Japanese carts.
    ShiftJis,
    /// UTF-16, little-endian (Excel's "Unicode text"), with or without a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with or without a byte-order mark.
    Utf16Be,
}

impl Encoding {
    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::ShiftJis => "Shift_JIS (CP932)",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
        }
    }
}

/// The character between the fields of a record: a comma, or what the file's header row or Excel's `sep=`
/// line says instead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Separator {
    /// Comma-separated values: the default, and what most carts export.
    #[default]
    Comma,
    /// Tab-separated values, as Excel's "Unicode text" and many exports write them.
    Tab,
    /// Semicolons, as spreadsheets write CSV where the comma is the decimal mark.
    Semicolon,
}

impl Separator {
    /// The separators detected, in the order that breaks a tie.
    pub const ALL: [Separator; 3] = [Separator::Comma, Separator::Tab, Separator::Semicolon];

    /// The separator's byte.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Tab => b'\t',
            Separator::Semicolon => b';',
        }
    }

    /// The separator of this character, if it is one.
    pub fn of(c: char) -> Option<Separator> {
        Separator::ALL
            .into_iter()
            .find(|s| char::from(s.byte()) == c)
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Separator::Comma => "commas",
            Separator::Tab => "tabs",
            Separator::Semicolon => "semicolons",
        }
    }
}

/// The user's choice of encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingChoice {
    /// Detect from the bytes.
    #[default]
    Auto,
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Shift_JIS / CP932.
    ShiftJis,
}

impl std::str::FromStr for EncodingChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf-8" | "utf8" => Ok(EncodingChoice::Utf8),
            "shift-jis" | "sjis" | "cp932" | "windows-31j" => Ok(EncodingChoice::ShiftJis),
            _ => Err(format!(
                "unknown encoding '{s}' (use auto, utf-8 or shift-jis)"
            )),
        }
    }
}

/// Whether a date written with the year last (`05/01/2024`) puts the day or the month first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// `05/01/2024` is 5 January (Europe, most of the world).
    Dmy,
    /// `05/01/2024` is May 1 (the United States).
    Mdy,
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::Dmy),
            "mdy" => Ok(DateOrder::Mdy),
            _ => Err(format!("unknown date order '{s}' (use dmy or mdy)")),
        }
    }
}

/// How to read the files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestOptions {
    /// Text encoding (default: detect).
    pub encoding: EncodingChoice,
    /// Export format (default: detect from the header row).
    pub preset: PresetChoice,
    /// The user's own `field → column header` mapping, applied over the preset's; an empty column header
    /// means the field has no column, whatever the preset would take.
    pub mapping: Vec<(Field, String)>,
    /// The files have no header row: the first line is data, and fields are mapped by column number
    /// (`order_date=2`, 1-based) in `mapping`.
    pub no_header: bool,
    /// The currency to use: required when the files mix currencies (orders in others are rejected), and the
    /// currency of files that do not say.
    pub currency: Option<String>,
    /// Statuses whose orders the user counts, or leaves out, whatever the preset says.
    pub statuses: StatusChoice,
    /// Whether dates written with the year last (`05/01/2024`) put the day or the month first; default:
    /// what each file's dates settle.
    pub date_order: Option<DateOrder>,
    /// The threads reading may use (default: two natively, one in WebAssembly).
    pub threads: Threads,
}
