//! Column mappings for exports the presets do not know: before reading, each dropped file's start is
//! previewed (`kokyaku_core::ingest::preview`); a mapping the user made for the same header row is applied
//! again, and a header whose required fields are not found goes to the mapping screen.
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
    /// Every input of the drop, read together with the mapping.
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
    /// Read them with these options. `adjust` offers the mapping screen for the first file; `remembered` says
    /// its mapping was one the user made before.
    Read {
        options: IngestOptions,
        adjust: Option<Rc<MapRequest>>,
        remembered: bool,
    },
    /// Ask the user to map the columns of this file first.
    Map(Rc<MapRequest>),
}

/// Previews the dropped files and decides: read them (with a remembered mapping if there is one), or map a
/// file whose required columns are not found. Files that cannot be previewed are read as they are, so their
/// error is the reader's.
pub async fn plan(inputs: &[Input], options: IngestOptions) -> Plan {
    let mut previewed: Vec<MapRequest> = Vec::new();
    for input in inputs {
        let Input::File(file) = input else { continue };
        let Ok((bytes, complete)) = loader::head(file, PREVIEW_BYTES as u64).await else {
            continue;
        };
        let base = IngestOptions {
            mapping: Vec::new(),
            ..options.clone()
        };
        let Ok(shown) = preview(
            &file.name(),
            &bytes,
            complete,
            base.encoding,
            base.preset,
            &[],
            PREVIEW_ROWS,
        ) else {
            continue;
        };
        let mapping = remembered(&shown.header_key()).unwrap_or_default();
        previewed.push(MapRequest {
            inputs: Vec::new(),
            options: base,
            file: file.name(),
            preview: shown,
            mapping,
        });
    }
    let unresolved = previewed
        .iter()
        .position(|r| r.mapping.is_empty() && !r.preview.missing.is_empty());
    // The mapping applies to every file of the drop: the first remembered one, if any.
    let chosen = unresolved
        .or_else(|| previewed.iter().position(|r| !r.mapping.is_empty()))
        .or((!previewed.is_empty()).then_some(0));
    let first = chosen.map(|i| previewed.swap_remove(i));
    let with_inputs = |mut r: MapRequest| {
        r.inputs = inputs.to_vec();
        Rc::new(r)
    };
    match first {
        Some(request) if unresolved.is_some() => Plan::Map(with_inputs(request)),
        Some(request) => {
            let remembered = !request.mapping.is_empty();
            let options = IngestOptions {
                mapping: request.mapping.clone(),
                ..options
            };
            Plan::Read {
                options,
                adjust: Some(with_inputs(request)),
                remembered,
            }
        }
        None => Plan::Read {
            options,
            adjust: None,
            remembered: false,
        },
    }
}
