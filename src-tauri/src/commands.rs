//! The commands the webview may call (and, by the capability file, nothing else). Each one
//! moves its library work to a blocking worker so the UI thread never waits on SQLite,
//! tantivy or the disk.

use crate::error::IpcError;
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;
use wenzhai_core::model::{
    AnnotationView, ArticleDetail, ImportOutcome, ImportSummary, ListPage, ListQuery, NoteRow,
    NotesFilter, SearchResults,
};
use wenzhai_library::{export, ImportReport, Importer, Library, UpdateMode};

/// Run `f` with the library on a blocking worker thread.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&Library) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    let lib = state.library()?;
    tauri::async_runtime::spawn_blocking(move || f(&lib))
        .await
        .map_err(|e| IpcError::new("internal", e.to_string()))?
}

#[derive(Serialize)]
pub struct LibraryInfo {
    path: Option<String>,
    articles: u64,
    /// Another process is writing the library: reading works, changes do not.
    read_only: bool,
    error: Option<IpcError>,
}

#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, IpcError> {
    let current = state.current();
    let path = current.path.as_ref().map(|p| p.display().to_string());
    match &current.library {
        Err(e) => Ok(LibraryInfo {
            path,
            articles: 0,
            read_only: true,
            error: Some(e.clone()),
        }),
        Ok(_) => {
            let (articles, read_only) =
                blocking(&state, |lib| Ok((lib.article_count()?, lib.is_read_only()))).await?;
            Ok(LibraryInfo {
                path,
                articles,
                read_only,
                error: None,
            })
        }
    }
}

/// One page of the library list, filtered and sorted, with the number of matching articles.
#[tauri::command]
pub async fn list_articles(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<ListPage, IpcError> {
    blocking(&state, move |lib| Ok(lib.list_page(&query)?)).await
}

#[tauri::command]
pub async fn get_article(state: State<'_, AppState>, id: i64) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| Ok(lib.article(id)?)).await
}

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    offset: usize,
    limit: usize,
) -> Result<SearchResults, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.search(&query, offset, limit.min(200))?)
    })
    .await
}

/// Add and remove tags of one article; returns its tags afterwards.
#[tauri::command]
pub async fn retag(
    state: State<'_, AppState>,
    id: i64,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Vec<String>, IpcError> {
    blocking(&state, move |lib| Ok(lib.retag(id, &add, &remove)?)).await
}

/// Change reading state; fields left null stay as they are.
#[tauri::command]
pub async fn set_state(
    state: State<'_, AppState>,
    id: i64,
    read: Option<bool>,
    starred: Option<bool>,
    archived: Option<bool>,
) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.set_state(id, read, starred, archived)?)
    })
    .await
}

/// Allow or block an article's remote images; the reader then loads them through `wzimg:`.
#[tauri::command]
pub async fn set_images_allowed(
    state: State<'_, AppState>,
    id: i64,
    allowed: bool,
) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| Ok(lib.set_images_allowed(id, allowed)?)).await
}

/// Highlight `[start, end)` (chars of the article's plain text), optionally with a note.
#[tauri::command]
pub async fn annotate_range(
    state: State<'_, AppState>,
    id: i64,
    start: i64,
    end: i64,
    color: Option<String>,
    note: Option<String>,
) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.annotate_range(id, start, end, color, non_empty(note))?)
    })
    .await
}

/// Recolour a highlight and/or replace its note; a given empty note removes it.
#[tauri::command]
pub async fn update_annotation(
    state: State<'_, AppState>,
    id: i64,
    color: Option<String>,
    note: Option<String>,
) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.update_annotation(id, color.map(Some), note.map(|n| non_empty(Some(n))))?)
    })
    .await
}

#[derive(Serialize)]
pub struct DeletedAnnotation {
    article: ArticleDetail,
    /// Everything needed to undo the deletion with `restore_annotation`.
    removed: AnnotationView,
}

#[tauri::command]
pub async fn delete_annotation(
    state: State<'_, AppState>,
    id: i64,
) -> Result<DeletedAnnotation, IpcError> {
    blocking(&state, move |lib| {
        let (article, removed) = lib.delete_annotation(id)?;
        Ok(DeletedAnnotation { article, removed })
    })
    .await
}

/// Undo a deletion: put the annotation back with its selectors, colour and note.
#[tauri::command]
pub async fn restore_annotation(
    state: State<'_, AppState>,
    article_id: i64,
    view: AnnotationView,
) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.restore_annotation(article_id, &view)?)
    })
    .await
}

/// Set or clear the note on the whole article.
#[tauri::command]
pub async fn set_article_note(
    state: State<'_, AppState>,
    id: i64,
    note: Option<String>,
) -> Result<ArticleDetail, IpcError> {
    blocking(&state, move |lib| {
        lib.set_article_note(id, non_empty(note))?;
        Ok(lib.article(id)?)
    })
    .await
}

/// The notes view: every annotation across the library, filtered by tag, colour, article, text.
#[tauri::command]
pub async fn list_notes(
    state: State<'_, AppState>,
    filter: NotesFilter,
) -> Result<Vec<NoteRow>, IpcError> {
    blocking(&state, move |lib| Ok(lib.notes(filter)?)).await
}

/// An article with its highlights and notes, as `wz export` renders it: "md" (Markdown with
/// the text) or "w3c" (W3C Web Annotation JSON).
#[tauri::command]
pub async fn export_article(
    state: State<'_, AppState>,
    id: i64,
    format: String,
) -> Result<String, IpcError> {
    blocking(&state, move |lib| render_export(lib, id, &format)).await
}

fn render_export(lib: &Library, id: i64, format: &str) -> Result<String, IpcError> {
    let a = lib.article(id)?;
    match format {
        "md" => Ok(export::article_markdown(&a, true)),
        "w3c" => {
            // Named in this library, as `wz export --format w3c ID` names it: the same
            // export from the app and the CLI has the same ids.
            let label = a.title.clone();
            let collection = lib.w3c_collection(&format!("article:{id}"), &label, &[a])?;
            serde_json::to_string_pretty(&collection)
                .map_err(|e| IpcError::new("internal", e.to_string()))
        }
        other => Err(IpcError::new(
            "bad_format",
            format!("unknown export format {other:?} (md or w3c)"),
        )),
    }
}

/// Export an article to a file the user picks in the native save dialog; the path written, or
/// null when the user cancelled.
#[tauri::command]
pub async fn save_export(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    format: String,
) -> Result<Option<String>, IpcError> {
    blocking(&state, move |lib| {
        let text = render_export(lib, id, &format)?;
        let ext = if format == "md" { "md" } else { "json" };
        save_as(&app, &format!("wenzhai-{id}.{ext}"), &text)
    })
    .await
}

/// The highlights and notes of a tag (or of the whole library) as one Markdown file the user
/// picks; the path written, or null when cancelled.
#[tauri::command]
pub async fn save_notes_export(
    app: AppHandle,
    state: State<'_, AppState>,
    tag: Option<String>,
) -> Result<Option<String>, IpcError> {
    blocking(&state, move |lib| {
        let articles = lib.annotated_articles(tag.as_deref())?;
        let heading = match &tag {
            Some(t) => format!("文摘笔记 Wenzhai notes: {t}"),
            None => "文摘笔记 Wenzhai notes".to_owned(),
        };
        save_as(
            &app,
            "wenzhai-notes.md",
            &export::notes_markdown(&heading, &articles),
        )
    })
    .await
}

/// Ask where to save `text` (native dialog, `name` proposed) and write it there; the path, or
/// None when the user cancelled. Runs on a worker thread: the dialog call blocks.
fn save_as(app: &AppHandle, name: &str, text: &str) -> Result<Option<String>, IpcError> {
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    std::fs::write(&path, text)
        .map_err(|e| IpcError::new("io", format!("cannot write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// The Import button: the same native dialogs as File ▸ Import Files… / Import Folder…; the
/// chosen paths arrive as the `menu-import` event, the way a drop's do.
#[tauri::command]
pub fn choose_import(app: AppHandle, folders: bool) {
    crate::menu::pick_import(&app, folders);
}

/// Open a web link (the article's original URL, or a link in its text) in the system browser,
/// never in the app's webview. Only http(s) and mailto: the webview cannot make the app open
/// files or other schemes.
#[tauri::command]
pub async fn open_external(url: String) -> Result<(), IpcError> {
    if !is_web_link(&url) {
        return Err(IpcError::new(
            "bad_link",
            format!("only web links open in the browser: {url}"),
        ));
    }
    tauri::async_runtime::spawn_blocking(move || {
        tauri_plugin_opener::open_url(&url, None::<&str>)
            .map_err(|e| IpcError::new("open_failed", format!("cannot open {url}: {e}")))
    })
    .await
    .map_err(|e| IpcError::new("internal", e.to_string()))?
}

fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// What the app was asked to open (files to import, an article link) at start or by a second
/// launch since the UI last asked; each once.
#[tauri::command]
pub fn take_launch(pending: State<'_, crate::launch::PendingLaunch>) -> crate::launch::Launch {
    pending.take()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())
}

#[derive(Serialize)]
pub struct ImportResult {
    summary: ImportSummary,
    outcomes: Vec<ImportOutcome>,
    cancelled: bool,
}

impl From<ImportReport> for ImportResult {
    fn from(report: ImportReport) -> ImportResult {
        ImportResult {
            summary: report.summary,
            outcomes: report.outcomes,
            cancelled: report.cancelled,
        }
    }
}

/// What an import does with a new save of a page already in the library (same URL, other
/// text); see [`UpdateMode`].
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpdateChoice {
    /// Report it as a duplicate (a drop or the Import button).
    #[default]
    Never,
    /// "Update all": replace unless the file is older.
    Newer,
    /// "Update with this version" on one file.
    Always,
}

/// Import dropped or chosen files and folders; emits `import-progress` after each file.
#[tauri::command]
pub async fn import_paths(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
    update: Option<UpdateChoice>,
) -> Result<ImportResult, IpcError> {
    let cancel = state.cancel_import.clone();
    cancel.store(false, Ordering::Relaxed);
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let update = match update.unwrap_or_default() {
        UpdateChoice::Never => UpdateMode::Never,
        UpdateChoice::Newer => UpdateMode::Newer,
        UpdateChoice::Always => UpdateMode::Always,
    };
    let result = blocking(&state, move |lib| {
        let options = Importer {
            cancel: Some(&cancel),
            update,
            ..Importer::default()
        };
        let report = lib.import(&paths, &options, |p| {
            // A closed window must not stop the import; the result is in the library anyway.
            let _ = app.emit("import-progress", p);
        })?;
        Ok(ImportResult::from(report))
    })
    .await;
    // The new titles' pinyin keys are made now, off every thread the window waits on, so the
    // next keystroke in the search box does not pay for them.
    if let Ok(lib) = state.library() {
        tauri::async_runtime::spawn_blocking(move || {
            if let Err(e) = lib.refresh_suggestions() {
                tracing::warn!("suggestions not refreshed after the import: {e}");
            }
        });
    }
    result
}

#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.cancel_import.store(true, Ordering::Relaxed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{is_web_link, render_export};
    use wenzhai_library::{Importer, Library};

    #[test]
    fn the_apps_w3c_export_has_the_ids_wz_export_gives_in_this_library() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.txt");
        std::fs::write(
            &file,
            "组织工作会议\n\n各级组织部门要把干部队伍建设摆在突出位置。\n",
        )
        .expect("write");
        let lib = Library::open(&dir.path().join("lib")).expect("open");
        lib.import(&[file], &Importer::default(), |_| {})
            .expect("import");
        let id = lib.ids().expect("ids")[0];
        let n = lib
            .annotate(id, "干部队伍", None, Some("green"))
            .expect("annotate");
        let out: serde_json::Value =
            serde_json::from_str(&render_export(&lib, id, "w3c").expect("export")).expect("json");
        let a = lib.article(id).expect("article");
        let expected = lib
            .w3c_collection(&format!("article:{id}"), &a.title.clone(), &[a])
            .expect("collection");
        assert_eq!(out["id"], expected["id"]);
        assert!(out["id"]
            .as_str()
            .is_some_and(|s| s.starts_with("urn:uuid:")));
        assert_eq!(
            out["first"]["items"][0]["id"],
            format!("urn:uuid:{}", n.uuid)
        );
    }

    #[test]
    fn only_web_and_mail_links_open_in_the_browser() {
        assert!(is_web_link("https://example.com/a"));
        assert!(is_web_link("HTTP://example.com"));
        assert!(is_web_link("mailto:a@b.c"));
        assert!(!is_web_link("file:///etc/passwd"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("/usr/bin/xterm"));
    }
}

/// "Open original" of a PDF, Word, ODT or EPUB article: a copy of the imported file, under
/// its own name (so the system picks its viewer by extension, as Windows and macOS do), opened
/// with the system's default application. The library's copy is never handed out: a viewer
/// that saves cannot change it.
#[tauri::command]
pub async fn open_original(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    let (stored, name) = blocking(&state, move |lib| Ok(lib.original_file(id)?)).await?;
    tauri::async_runtime::spawn_blocking(move || {
        let copy = original_copy_path(id, name.as_deref());
        let io = |e: std::io::Error| {
            IpcError::new(
                "io",
                format!("cannot copy the original to {}: {e}", copy.display()),
            )
        };
        if let Some(dir) = copy.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::copy(&stored, &copy).map_err(io)?;
        tauri_plugin_opener::open_path(&copy, None::<&str>).map_err(|e| {
            IpcError::new(
                "open_failed",
                format!("cannot open {}: {e}", copy.display()),
            )
        })
    })
    .await
    .map_err(|e| IpcError::new("internal", e.to_string()))?
}

/// `<temp>/wenzhai-originals/<id>/<file name>`: the name the file was imported under, without
/// any folder part, or `original` when it had none.
fn original_copy_path(id: i64, name: Option<&str>) -> std::path::PathBuf {
    let file = name
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .unwrap_or("original");
    std::env::temp_dir()
        .join("wenzhai-originals")
        .join(id.to_string())
        .join(file)
}
