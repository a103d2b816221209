//! How the Linux webview (WebKitGTK) draws: without accelerated compositing, unless the user
//! chose otherwise.
//!
//! Why: WebKitGTK's accelerated compositing paints every page through OpenGL layers. Where
//! there is no GPU acceleration (virtual machines, remote desktops, Xvfb, many older
//! laptops) that GL is Mesa's software rasteriser, and it costs far more than it gives: on
//! the 76k-article library measured by `wz-perf` (crates/perf), the web process took
//! ~300 MB with compositing and ~165 MB without, after the same browsing; an empty window
//! took 318 MB instead of 237 MB; and search results painted in 29 ms instead of 42 ms (p50).
//! A reader of text and a list of rows needs no GPU layers. It also avoids the blank-window
//! bugs of some GPU drivers that Tauri apps on Linux hit with compositing on.
//!
//! `WEBKIT_DISABLE_COMPOSITING_MODE` is read by WebKit's processes when they start, so it is
//! set before the first webview exists. A value the user already set (`0` turns compositing
//! back on) is kept.

/// The environment variable WebKitGTK reads.
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call first thing in `main`, before any thread or webview is started: setting an
/// environment variable is only sound while the process has a single thread.
pub fn configure_before_start() {
    if cfg!(target_os = "linux") && std::env::var_os(DISABLE_COMPOSITING).is_none() {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}
