//! Kokyaku's page: drop order exports, read them in the browser with the analysis core, and show the results.
//!
//! Nothing leaves the browser: files are read with `File.slice` in chunks and fed to `kokyaku_core::Ingestor`;
//! the page loads only its own static files (its Content-Security-Policy forbids anything else).

mod app;
mod download;
mod dropped;
mod fit_worker;
mod format;
mod i18n;
mod loader;
mod mapping;
mod views;

/// Renders the page, or serves model fits when loaded by the fit worker (which has no window).
fn main() {
    if web_sys::window().is_some() {
        yew::Renderer::<app::App>::new().render();
    } else {
        fit_worker::serve();
    }
}
