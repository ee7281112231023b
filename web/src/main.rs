//! Kokyaku's page: drop order exports, read them in the browser with the analysis core, and show the results.
//!
//! Nothing leaves the browser: files are read with `File.slice` in chunks and fed to `kokyaku_core::Ingestor`;
//! the page loads only its own static files (its Content-Security-Policy forbids anything else).

mod app;
mod assets;
mod derived;
mod download;
mod dropped;
mod embed;
mod format;
mod i18n;
mod loader;
mod mapping;
mod practice;
mod same;
mod timing;
mod views;
mod workers;

/// Serves the page's requests when loaded by a worker (which has no window). In a window the module waits to
/// be asked: `start` renders the standalone page, `mount` the app inside another page (see `embed`).
fn main() {
    if web_sys::window().is_none() {
        workers::serve::serve();
    }
}
