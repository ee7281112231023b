//! Column mappings for exports the presets do not know: before reading, each dropped file's start is
//! previewed (`kokyaku_core::ingest::preview`); a mapping the user made for the same header row is applied
//! again (to that file only: files of one drop may differ), and a header whose required fields are not found
//! goes to the mapping screen.
//!
//! Mappings are remembered in the browser's local storage under `kokyaku.mapping.<header key>`; nothing
//! leaves the device.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use kokyaku_core::ingest::preview::{preview, Preview, PREVIEW_BYTES};
use kokyaku_core::ingest::Field;
use kokyaku_core::IngestOptions;

use crate::loader::{self, Input};

/// How many data rows the mapping screen shows.
pub const PREVIEW_ROWS: usize = 5;

const STORAGE_PREFIX: &str = "kokyaku.mapping.";

/// A `field → column` mapping, as `IngestOptions::mapping` takes it.
pub type UserMapping = Vec<(Field, String)>;

/// The mapping remembered for a header row, if any.
pub fn remembered(header_key: &str) -> Option<UserMapping> {
    LocalStorage::get::<UserMapping>(format!("{STORAGE_PREFIX}{header_key}")).ok()
}

/// Remembers `mapping` for a header row (an empty mapping forgets it).
pub fn remember(header_key: &str, mapping: &UserMapping) {
    let key = format!("{STORAGE_PREFIX}{header_key}");
    if mapping.is_empty() {
        LocalStorage::delete(key);
    } else {
        let _ = LocalStorage::set(key, mapping);
    }
}

/// What the mapping screen needs: the inputs to read once mapped, the file shown and its preview.
pub struct MapRequest {
    /// Every input of the drop, read together.
    pub inputs: Vec<Input>,
    /// The reading options chosen (encoding, format), without a mapping.
    pub options: IngestOptions,
    /// The file previewed.
    pub file: String,
    /// Its preview with the preset's own mapping (what is found without the user).
    pub preview: Preview,
    /// The user's mapping in effect for this header row (remembered, or empty).
    pub mapping: UserMapping,
}

/// What to do with dropped inputs.
pub enum Plan {
    /// Read them with these options and, by position, each file's own mapping where it has one. `adjust`
    /// offers the mapping screen for a file; `remembered` says a mapping made before was applied.
    Read {
        options: IngestOptions,
        mappings: Vec<Option<UserMapping>>,
        adjust: Option<Rc<MapRequest>>,
        remembered: bool,
    },
    /// Ask the user to map the columns of this file first.
    Map(Rc<MapRequest>),
}

/// Previews the dropped files and decides: read them, each with the mapping remembered for its header row
/// (or `made`, a mapping just made for one header key), or map a file whose required columns are not found.
/// Files that cannot be previewed are read as they are, so their error is the reader's.
pub async fn plan(
    inputs: &[Input],
    options: IngestOptions,
    made: Option<(String, UserMapping)>,
) -> Plan {
    let base = IngestOptions {
        mapping: Vec::new(),
        ..options.clone()
    };
    let mut previewed: Vec<MapRequest> = Vec::new();
    let mut mappings: Vec<Option<UserMapping>> = Vec::new();
    let mut remembered_any = false;
    for input in inputs {
        let shown = match input {
            Input::File(file) => match loader::head(file, PREVIEW_BYTES as u64).await {
                Ok((bytes, complete)) => preview(
                    &file.name(),
                    &bytes,
                    complete,
                    base.encoding,
                    base.preset,
                    &[],
                    PREVIEW_ROWS,
                )
                .ok()
                .map(|p| (file.name(), p)),
                Err(_) => None,
            },
            Input::Sample => None,
        };
        let Some((file, shown)) = shown else {
            mappings.push(None);
            continue;
        };
        let key = shown.header_key();
        let mapping = match &made {
            Some((k, m)) if *k == key => m.clone(),
            _ => {
                let stored = remembered(&key).unwrap_or_default();
                remembered_any |= !stored.is_empty();
                stored
            }
        };
        mappings.push((!mapping.is_empty()).then(|| mapping.clone()));
        previewed.push(MapRequest {
            inputs: inputs.to_vec(),
            options: base.clone(),
            file,
            preview: shown,
            mapping,
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
        mappings,
        adjust,
        remembered: remembered_any,
    }
}
