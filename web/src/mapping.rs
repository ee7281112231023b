//! Column mappings for exports the presets do not know: before reading, each dropped file's start is
//! previewed (`kokyaku_core::ingest::preview`); a mapping the user made for the same header row is applied
//! again (to that file only: files of one drop may differ), and a header whose required fields are not found
//! goes to the mapping screen. A file without a header row is mapped by column number and read with
//! `no_header`; its mapping is remembered for the files without a header row with as many columns, and
//! applied again to one whose first row looks like data (the core says when it does).
//!
//! Mappings are remembered in the browser's local storage under `kokyaku.mapping.<header key>`, where a
//! file without a header row has the key `no-header-<columns>` (`Preview::header_key`), never a header
//! row's; nothing leaves the device.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use kokyaku_core::ingest::preview::{preview, preview_headerless, Preview, PREVIEW_BYTES};
use kokyaku_core::ingest::Field;
use kokyaku_core::IngestOptions;

use crate::loader::{self, FileColumns, Input};

/// How many data rows the mapping screen shows.
pub const PREVIEW_ROWS: usize = 5;

const STORAGE_PREFIX: &str = "kokyaku.mapping.";

/// A `field → column` mapping, as `IngestOptions::mapping` takes it.
pub type UserMapping = Vec<(Field, String)>;

/// The mapping remembered for a header row (or a headerless key), if any.
pub fn remembered(header_key: &str) -> Option<UserMapping> {
    LocalStorage::get::<UserMapping>(format!("{STORAGE_PREFIX}{header_key}")).ok()
}

/// Remembers `mapping` for a header row or a headerless key (an empty mapping forgets it).
pub fn remember(header_key: &str, mapping: &UserMapping) {
    let key = format!("{STORAGE_PREFIX}{header_key}");
    if mapping.is_empty() {
        LocalStorage::delete(key);
    } else {
        let _ = LocalStorage::set(key, mapping);
    }
}

/// What the mapping screen needs: the inputs to read once mapped, the file shown, its first bytes and its
/// preview.
pub struct MapRequest {
    /// Every input of the drop, read together.
    pub inputs: Vec<Input>,
    /// The reading options chosen (encoding, format), without a mapping.
    pub options: IngestOptions,
    /// The file previewed.
    pub file: String,
    /// The key of the file's first row read as a header row: the mapping made for it applies to the files
    /// of the drop with the same key.
    pub key: String,
    /// The file's first bytes, and whether they are the whole file: to preview it again with or without a
    /// header row.
    pub head: Rc<(Vec<u8>, bool)>,
    /// Its preview with the preset's own mapping (what is found without the user), with a header row or,
    /// when it is read without one, without.
    pub preview: Preview,
    /// The user's mapping in effect for this file (remembered, or empty).
    pub mapping: UserMapping,
}

impl MapRequest {
    /// The file's preview with a header row or without one (`no_header`), without the user's mapping.
    pub fn preview_as(&self, no_header: bool) -> Result<Preview, String> {
        preview_of(&self.file, &self.head, &self.options, no_header).map_err(|e| e.to_string())
    }
}

/// The preview of a file's first bytes, with a header row or without one.
fn preview_of(
    file: &str,
    head: &(Vec<u8>, bool),
    options: &IngestOptions,
    no_header: bool,
) -> Result<Preview, kokyaku_core::ingest::IngestError> {
    let read = match no_header {
        true => preview_headerless,
        false => preview,
    };
    let (bytes, complete) = head;
    read(
        file,
        bytes,
        *complete,
        options.encoding,
        options.preset,
        &[],
        PREVIEW_ROWS,
    )
}

/// What to do with dropped inputs.
pub enum Plan {
    /// Read them with these options and, by position, each file's own columns where it has them. `adjust`
    /// offers the mapping screen for a file; `remembered` says a mapping made before was applied.
    Read {
        options: IngestOptions,
        columns: Vec<Option<FileColumns>>,
        adjust: Option<Rc<MapRequest>>,
        remembered: bool,
    },
    /// Ask the user to map the columns of this file first.
    Map(Rc<MapRequest>),
}

/// A file's columns as the user mapped them, when they did: `made` for its key, else the mapping remembered
/// for its header row, else, when that row looks like data and reading stops without a mapping, the mapping
/// remembered for files without a header row with as many columns (with their preview). Whether a
/// remembered mapping was found comes last.
fn user_columns(
    file: &str,
    head: &(Vec<u8>, bool),
    base: &IngestOptions,
    headed: Preview,
    made: Option<&(String, FileColumns)>,
) -> (FileColumns, Preview, bool) {
    let key = headed.header_key();
    if let Some((_, columns)) = made.filter(|(k, _)| *k == key) {
        let shown = match columns.no_header {
            true => preview_of(file, head, base, true).unwrap_or(headed),
            false => headed,
        };
        return (columns.clone(), shown, false);
    }
    if let Some(mapping) = remembered(&key).filter(|m| !m.is_empty()) {
        let columns = FileColumns {
            mapping,
            no_header: false,
        };
        return (columns, headed, true);
    }
    if !headed.missing.is_empty() && headed.header_is_data {
        if let Ok(headerless) = preview_of(file, head, base, true) {
            if let Some(mapping) = remembered(&headerless.header_key()).filter(|m| !m.is_empty()) {
                let columns = FileColumns {
                    mapping,
                    no_header: true,
                };
                return (columns, headerless, true);
            }
        }
    }
    (FileColumns::default(), headed, false)
}

/// Previews the dropped files and decides: read them, each with the mapping remembered for its header row
/// (or `made`, a mapping just made for one file's key) or for files without a header row like it, or map a
/// file whose required columns are not found. Files that cannot be previewed are read as they are, so their
/// error is the reader's.
pub async fn plan(
    inputs: &[Input],
    options: IngestOptions,
    made: Option<(String, FileColumns)>,
) -> Plan {
    let base = IngestOptions {
        mapping: Vec::new(),
        no_header: false,
        ..options.clone()
    };
    let mut previewed: Vec<MapRequest> = Vec::new();
    let mut columns: Vec<Option<FileColumns>> = Vec::new();
    let mut remembered_any = false;
    for input in inputs {
        let Input::File(file) = input else {
            columns.push(None);
            continue;
        };
        let Ok(head) = loader::head(file, PREVIEW_BYTES as u64).await else {
            columns.push(None);
            continue;
        };
        let name = file.name();
        let Ok(headed) = preview_of(&name, &head, &base, false) else {
            columns.push(None);
            continue;
        };
        let key = headed.header_key();
        let (own, shown, was_remembered) = user_columns(&name, &head, &base, headed, made.as_ref());
        remembered_any |= was_remembered;
        let mapped = !own.mapping.is_empty();
        columns.push((mapped || own.no_header).then(|| own.clone()));
        previewed.push(MapRequest {
            inputs: inputs.to_vec(),
            options: base.clone(),
            file: name,
            key,
            head: Rc::new(head),
            preview: shown,
            mapping: own.mapping,
        });
    }
    let unresolved = previewed
        .iter()
        .position(|r| r.mapping.is_empty() && !r.preview.missing.is_empty());
    if let Some(i) = unresolved {
        return Plan::Map(Rc::new(previewed.swap_remove(i)));
    }
    // The mapping screen on request shows the first file with a mapping of the user's, else the first.
    let adjust = previewed
        .iter()
        .position(|r| !r.mapping.is_empty())
        .or((!previewed.is_empty()).then_some(0))
        .map(|i| Rc::new(previewed.swap_remove(i)));
    Plan::Read {
        options,
        columns,
        adjust,
        remembered: remembered_any,
    }
}
