//! What the app was started with, or handed by a second launch: files to import ("Open with
//! Wenzhai", `wenzhai a.html`) and `wenzhai://article/<id>` links (an exported note's "open in
//! Wenzhai").
//!
//! One window per library: a second launch on the same library hands its arguments to the
//! running app through tauri-plugin-single-instance (D-Bus on Linux, a named mutex on Windows,
//! a socket on macOS) and exits; the running app merges them into [`PendingLaunch`], focuses
//! its window and tells the webview (`launch-pending`), which takes them with `take_launch`.
//! The webview also asks once right after it loads, so a launch that arrives before its
//! listener exists is not lost.

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// What a launch asked for, until the UI takes it.
#[derive(Default, Debug, Clone, PartialEq, Serialize)]
pub struct Launch {
    /// Files and folders to import, absolute.
    pub files: Vec<String>,
    /// The article of the last `wenzhai://article/<id>` link.
    pub article: Option<i64>,
}

#[derive(Default)]
pub struct PendingLaunch(pub Mutex<Launch>);

impl PendingLaunch {
    pub fn take(&self) -> Launch {
        self.0
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }

    fn merge(&self, more: Launch) {
        if let Ok(mut l) = self.0.lock() {
            l.files.extend(more.files);
            if more.article.is_some() {
                l.article = more.article;
            }
        }
    }
}

/// The article id of a `wenzhai://article/<id>` link.
pub fn article_id(url: &str) -> Option<i64> {
    let rest = url.strip_prefix("wenzhai://article/")?;
    rest.trim_end_matches('/').parse().ok().filter(|id| *id > 0)
}

/// Read a command line (without the program name): links, and paths that exist (relative
/// ones against `cwd`, the launching process's folder). Options (`-…`, as a WebDriver adds)
/// and anything else are ignored.
pub fn parse(args: impl IntoIterator<Item = String>, cwd: &Path) -> Launch {
    let mut launch = Launch::default();
    for arg in args {
        if arg.starts_with("wenzhai:") {
            if let Some(id) = article_id(&arg) {
                launch.article = Some(id);
            }
            continue;
        }
        if arg.starts_with('-') || arg.is_empty() {
            continue;
        }
        // A file manager may pass a file:// URL (the desktop entry's %U).
        let path = match arg.strip_prefix("file://") {
            Some(p) => PathBuf::from(percent_decode(p)),
            None => PathBuf::from(&arg),
        };
        let path = if path.is_absolute() {
            path
        } else {
            cwd.join(path)
        };
        if path.exists() {
            launch.files.push(path.display().to_string());
        }
    }
    launch
}

/// `%XX` escapes of a file URL's path (UTF-8 bytes), as file managers write non-ASCII names.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok();
        match (bytes[i], hex().and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first launch's own arguments. `args_os`: a file name that is not UTF-8 must not crash
/// the app (`std::env::args` panics on one); such a name is kept as lossy text only when it
/// still names the file.
pub fn from_own_args() -> Launch {
    let cwd = std::env::current_dir().unwrap_or_default();
    parse(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned()),
        &cwd,
    )
}

/// Links the OS delivers to the running app as events (macOS, and the deep-link plugin's
/// own registration): the same as a second launch.
pub fn deliver<R: Runtime>(app: &AppHandle<R>, launch: Launch) {
    if launch == Launch::default() {
        return;
    }
    tracing::info!(files = launch.files.len(), article = ?launch.article, "launch handed over");
    app.state::<PendingLaunch>().merge(launch);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let _ = app.emit("launch-pending", ());
}

/// A second launch's command line (its argv, program first) and folder.
pub fn second_instance<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>, cwd: String) {
    let launch = parse(argv.into_iter().skip(1), Path::new(&cwd));
    // Even with nothing to open, a second launch means "show me the app".
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    deliver(app, launch);
}

/// The single-instance key of a library: the app's identifier and a stable hash of the
/// library's path, so two libraries are two windows (and tests on temp libraries never meet a
/// running app), while a second launch on the same library goes to its window.
pub fn instance_id(identifier: &str, library: Option<&Path>) -> String {
    // The same folder however it was written (relative, `..`, a symlink): one window.
    let key = library
        .map(|p| {
            std::fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        })
        .unwrap_or_default();
    // FNV-1a: stable across builds and Rust versions, unlike std's hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{identifier}.l{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_article_links_with_a_positive_id_open_something() {
        assert_eq!(article_id("wenzhai://article/12"), Some(12));
        assert_eq!(article_id("wenzhai://article/12/"), Some(12));
        assert_eq!(article_id("wenzhai://article/0"), None);
        assert_eq!(article_id("wenzhai://article/x"), None);
        assert_eq!(article_id("https://example.com/article/12"), None);
    }

    #[test]
    fn a_command_line_gives_existing_files_made_absolute_and_the_last_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("文章 一.html"), "<p>x</p>").expect("write");
        let args = [
            "--automation",
            "文章 一.html",
            "missing.html",
            "wenzhai://article/3",
            "file:///nonexistent/x.txt",
        ]
        .map(String::from);
        let launch = parse(args, dir.path());
        assert_eq!(
            launch.files,
            vec![dir.path().join("文章 一.html").display().to_string()]
        );
        assert_eq!(launch.article, Some(3));
        let url = format!(
            "file://{}/%E6%96%87%E7%AB%A0%20%E4%B8%80.html",
            dir.path().display()
        );
        assert_eq!(parse([url], Path::new("/")).files.len(), 1);
    }

    #[test]
    fn two_libraries_are_two_instances_and_one_library_is_one() {
        let a = instance_id("app.wenzhai.desktop", Some(Path::new("/home/u/lib")));
        let b = instance_id("app.wenzhai.desktop", Some(Path::new("/tmp/other")));
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_id("app.wenzhai.desktop", Some(Path::new("/home/u/lib")))
        );
        // A D-Bus name element must not start with a digit.
        assert!(a.rsplit('.').next().is_some_and(|e| e.starts_with('l')));
    }
}
