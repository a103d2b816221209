//! `wenzhai://article/<id>` links, as exports write them ("open in Wenzhai"). The OS starts the
//! app with the link as its argument (the deep-link plugin registers the scheme: in the .deb's
//! desktop file, and at start for an app that was not installed); the article it names is kept
//! here until the webview asks for it with `take_opened_article`, right after it loads.

use std::sync::Mutex;
use tauri::{App, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;

/// The article a link asked for, until the UI takes it.
#[derive(Default)]
pub struct OpenedArticle(pub Mutex<Option<i64>>);

/// The article id of a `wenzhai://article/<id>` link.
pub fn article_id(url: &str) -> Option<i64> {
    let rest = url.strip_prefix("wenzhai://article/")?;
    rest.trim_end_matches('/').parse().ok().filter(|id| *id > 0)
}

pub fn setup<R: Runtime>(app: &mut App<R>) {
    // Registering is best effort: it needs xdg-mime on Linux, and an installed app already
    // carries the scheme in its desktop file.
    #[cfg(any(windows, target_os = "linux"))]
    if let Err(e) = app.deep_link().register_all() {
        eprintln!("wenzhai: could not register wenzhai:// links: {e}");
    }
    let from_link = app
        .deep_link()
        .get_current()
        .ok()
        .flatten()
        .unwrap_or_default()
        .iter()
        .find_map(|u| article_id(u.as_str()));
    // Also a plain argument, as tests and scripts pass it.
    let from_args = std::env::args().skip(1).find_map(|a| article_id(&a));
    app.manage(OpenedArticle(Mutex::new(from_link.or(from_args))));
}

#[cfg(test)]
mod tests {
    use super::article_id;

    #[test]
    fn only_article_links_with_a_positive_id_open_something() {
        assert_eq!(article_id("wenzhai://article/12"), Some(12));
        assert_eq!(article_id("wenzhai://article/12/"), Some(12));
        assert_eq!(article_id("wenzhai://article/0"), None);
        assert_eq!(article_id("wenzhai://article/x"), None);
        assert_eq!(article_id("https://example.com/article/12"), None);
    }
}
