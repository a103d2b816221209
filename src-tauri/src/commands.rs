//! The commands the webview may call (and, by the capability file, nothing else). Each one
//! moves its library work to a blocking worker so the UI thread never waits on SQLite,
//! tantivy or the disk.

use crate::error::IpcError;
use crate::state::AppState;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};
use wenzhai_core::model::{
    ArticleDetail, ArticleSummary, ImportOutcome, ImportSummary, SearchResults, TagCount,
};
use wenzhai_library::{Importer, Library};

/// Run `f` with the library on a blocking worker thread.
async fn blocking<T: Send + 'static>(
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
    articles: usize,
    /// Another process is writing the library: reading works, changes do not.
    read_only: bool,
    error: Option<IpcError>,
}

#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, IpcError> {
    let path = state.path.as_ref().map(|p| p.display().to_string());
    match &state.library {
        Err(e) => Ok(LibraryInfo {
            path,
            articles: 0,
            read_only: true,
            error: Some(e.clone()),
        }),
        Ok(_) => {
            let (articles, read_only) =
                blocking(&state, |lib| Ok((lib.ids()?.len(), lib.is_read_only()))).await?;
            Ok(LibraryInfo {
                path,
                articles,
                read_only,
                error: None,
            })
        }
    }
}

#[tauri::command]
pub async fn list_articles(
    state: State<'_, AppState>,
    tag: Option<String>,
) -> Result<Vec<ArticleSummary>, IpcError> {
    blocking(&state, move |lib| Ok(lib.list(tag.as_deref())?)).await
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

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> Result<Vec<TagCount>, IpcError> {
    blocking(&state, |lib| Ok(lib.tags()?)).await
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

#[derive(Serialize)]
pub struct ImportResult {
    summary: ImportSummary,
    outcomes: Vec<ImportOutcome>,
    cancelled: bool,
}

/// Import dropped or chosen files and folders; emits `import-progress` after each file.
#[tauri::command]
pub async fn import_paths(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> Result<ImportResult, IpcError> {
    let cancel = state.cancel_import.clone();
    cancel.store(false, Ordering::Relaxed);
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    blocking(&state, move |lib| {
        let options = Importer {
            cancel: Some(&cancel),
        };
        let report = lib.import(&paths, &options, |p| {
            // A closed window must not stop the import; the result is in the library anyway.
            let _ = app.emit("import-progress", p);
        })?;
        Ok(ImportResult {
            summary: report.summary,
            outcomes: report.outcomes,
            cancelled: report.cancelled,
        })
    })
    .await
}

#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.cancel_import.store(true, Ordering::Relaxed);
    Ok(())
}
