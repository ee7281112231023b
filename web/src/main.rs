//! Kokyaku's page: drop order exports, read them in the browser with the analysis core, and show the results.
//!
//! Nothing leaves the browser: files are read with `File.slice` in chunks and fed to `kokyaku_core::Ingestor`;
//! the page loads only its own static files (its Content-Security-Policy forbids anything else).

mod app;
mod download;
mod dropped;
mod format;
mod i18n;
mod loader;
mod views;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
