//! The window's menu: import files or a folder through the native file dialog, and back up the
//! library. Import hands the chosen paths to the webview as a `menu-import` event, so they go
//! through exactly the code path a drop does (the UI's import with progress and per-file
//! results). Backup runs here, off the UI thread, and reports `backup-done`. Settings… opens
//! the webview's settings dialog (`menu-settings`); Help has the log folder and About.

use crate::state::AppState;
use serde::Serialize;
use std::path::PathBuf;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

const IMPORT_FILES: &str = "import-files";
const IMPORT_FOLDER: &str = "import-folder";
const BACKUP: &str = "backup";
const SETTINGS: &str = "settings";
const LOG_FOLDER: &str = "log-folder";
const ABOUT: &str = "about";

/// Menu labels follow the OS locale (the webview's own language switch cannot reach the native
/// menu before the window exists).
fn chinese() -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .is_some_and(|v| v.starts_with("zh"))
}

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let zh = chinese();
    let label = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
    let file = Submenu::with_items(
        app,
        label("文件", "File"),
        true,
        &[
            &MenuItem::with_id(
                app,
                IMPORT_FILES,
                label("导入文件…", "Import Files…"),
                true,
                Some("CmdOrCtrl+O"),
            )?,
            &MenuItem::with_id(
                app,
                IMPORT_FOLDER,
                label("导入文件夹…", "Import Folder…"),
                true,
                Some("CmdOrCtrl+Shift+O"),
            )?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(
                app,
                BACKUP,
                label("备份文库…", "Back Up Library…"),
                true,
                None::<&str>,
            )?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(
                app,
                SETTINGS,
                label("设置…", "Settings…"),
                true,
                Some("CmdOrCtrl+,"),
            )?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some(label("退出", "Quit")))?,
        ],
    )?;
    let help = Submenu::with_items(
        app,
        label("帮助", "Help"),
        true,
        &[
            &MenuItem::with_id(
                app,
                LOG_FOLDER,
                label("打开日志文件夹", "Open Log Folder"),
                true,
                None::<&str>,
            )?,
            &MenuItem::with_id(
                app,
                ABOUT,
                label("关于文摘", "About Wenzhai"),
                true,
                None::<&str>,
            )?,
        ],
    )?;
    // macOS routes ⌘C/⌘V/⌘A through the menu bar: without an Edit menu they do nothing in the
    // webview (and ⌘V paste-to-import never fires). Undo stays the window's own (Ctrl/⌘-Z undoes
    // bulk actions). Elsewhere the webview handles these keys itself.
    #[cfg(target_os = "macos")]
    {
        let edit = Submenu::with_items(
            app,
            label("编辑", "Edit"),
            true,
            &[
                &PredefinedMenuItem::cut(app, None)?,
                &PredefinedMenuItem::copy(app, None)?,
                &PredefinedMenuItem::paste(app, None)?,
                &PredefinedMenuItem::select_all(app, None)?,
            ],
        )?;
        Menu::with_items(app, &[&file, &edit, &help])
    }
    #[cfg(not(target_os = "macos"))]
    Menu::with_items(app, &[&file, &help])
}

#[derive(Clone, Serialize)]
struct BackupDone {
    path: String,
    articles: Option<u64>,
    error: Option<String>,
}

pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let app = app.clone();
    match event.id().as_ref() {
        IMPORT_FILES => pick_import(&app, false),
        IMPORT_FOLDER => pick_import(&app, true),
        BACKUP => {
            let name = format!("wenzhai-{}.wzbackup", today());
            app.dialog()
                .file()
                .set_file_name(name)
                .save_file(move |picked| {
                    if let Some(path) = picked.and_then(|p| p.into_path().ok()) {
                        tauri::async_runtime::spawn_blocking(move || backup(&app, path));
                    }
                })
        }
        SETTINGS => {
            let _ = app.emit("menu-settings", ());
        }
        LOG_FOLDER => {
            if let Some(dir) = app.state::<crate::logging::LogDir>().0.clone() {
                let _ = std::fs::create_dir_all(&dir);
                if let Err(e) = tauri_plugin_opener::open_path(&dir, None::<&str>) {
                    tracing::warn!("cannot open the log folder {}: {e}", dir.display());
                }
            }
        }
        ABOUT => about(&app),
        _ => {}
    }
}

/// Help ▸ About: the version, where the library and the logs are.
fn about<R: Runtime>(app: &AppHandle<R>) {
    let zh = chinese();
    let library = app
        .state::<AppState>()
        .current()
        .path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "—".into());
    let logs = app
        .state::<crate::logging::LogDir>()
        .0
        .clone()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "—".into());
    let version = env!("CARGO_PKG_VERSION");
    let text = if zh {
        format!("文摘 Wenzhai {version}\n\n文库:{library}\n日志:{logs}\n\nMIT 许可证")
    } else {
        format!("Wenzhai (文摘) {version}\n\nLibrary: {library}\nLogs: {logs}\n\nMIT licence")
    };
    app.dialog()
        .message(text)
        .title(if zh { "关于文摘" } else { "About Wenzhai" })
        .show(|_| {});
}

/// Open the native dialog for files (or one folder) to import; the chosen paths go to the
/// webview as the `menu-import` event, which imports them as a drop would.
pub fn pick_import<R: Runtime>(app: &AppHandle<R>, folders: bool) {
    let app = app.clone();
    if folders {
        app.dialog().file().pick_folder(move |picked| {
            if let Some(p) = picked.and_then(|p| p.into_path().ok()) {
                let _ = app.emit("menu-import", vec![p.display().to_string()]);
            }
        });
    } else {
        app.dialog().file().pick_files(move |picked| {
            let paths: Vec<String> = picked
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.into_path().ok())
                .map(|p| p.display().to_string())
                .collect();
            if !paths.is_empty() {
                let _ = app.emit("menu-import", paths);
            }
        });
    }
}

fn backup<R: Runtime>(app: &AppHandle<R>, path: PathBuf) {
    let result = app
        .state::<AppState>()
        .library()
        .map_err(|e| e.message)
        .and_then(|lib| lib.backup(&path).map_err(|e| e.to_string()));
    let done = BackupDone {
        path: path.display().to_string(),
        articles: result.as_ref().ok().map(|c| c.articles),
        error: result.err(),
    };
    let _ = app.emit("backup-done", done);
}

/// Today's date (UTC) as YYYYMMDD, for the backup's default file name.
fn today() -> String {
    wenzhai_library::now_utc()
        .get(..10)
        .unwrap_or("backup")
        .replace('-', "")
}
