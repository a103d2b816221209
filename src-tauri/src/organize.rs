//! Commands that organise the library: the filter sidebar's counts, tags renamed, merged and
//! coloured, bulk tagging and reading-state changes with exact undo, deletion with undo, and
//! the reading position. Like every command, they run on a blocking worker.

use crate::commands::blocking;
use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use wenzhai_core::model::{Facets, ReadingState};

/// Counts for the sidebar: reading-state views, the tag tree, the sites.
#[tauri::command]
pub async fn facets(state: State<'_, AppState>) -> Result<Facets, IpcError> {
    blocking(&state, |lib| Ok(lib.facets()?)).await
}

/// Rename a tag and its children; an existing destination merges. Returns the number of
/// articles whose tags changed.
#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<u64, IpcError> {
    blocking(&state, move |lib| Ok(lib.rename_tag(&from, &to)?)).await
}

/// Give a tag a colour (`#rrggbb`), or none.
#[tauri::command]
pub async fn set_tag_color(
    state: State<'_, AppState>,
    path: String,
    color: Option<String>,
) -> Result<(), IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.set_tag_color(&path, color.as_deref())?)
    })
    .await
}

/// Add (or remove) one tag on many articles; returns the ids that changed, which is exactly
/// what the opposite call needs to undo it.
#[tauri::command]
pub async fn bulk_tag(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    tag: String,
    add: bool,
) -> Result<Vec<i64>, IpcError> {
    blocking(&state, move |lib| Ok(lib.bulk_tag(&ids, &tag, add)?)).await
}

/// Change the reading state of many articles; returns their states before, for undo.
#[tauri::command]
pub async fn bulk_state(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    read: Option<bool>,
    starred: Option<bool>,
    archived: Option<bool>,
) -> Result<Vec<ReadingState>, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.bulk_state(&ids, read, starred, archived)?)
    })
    .await
}

/// Put reading states back exactly (undo of `bulk_state`).
#[tauri::command]
pub async fn restore_state(
    state: State<'_, AppState>,
    states: Vec<ReadingState>,
) -> Result<(), IpcError> {
    blocking(&state, move |lib| Ok(lib.restore_state(&states)?)).await
}

/// Delete articles. Their snapshot (text, tags, annotations, reading state) stays in the
/// app's memory so `undo_delete` can bring them back with the same ids.
#[tauri::command]
pub async fn delete_articles(state: State<'_, AppState>, ids: Vec<i64>) -> Result<u64, IpcError> {
    let undo = state.deleted.clone();
    blocking(&state, move |lib| {
        let batch = lib.delete_many(&ids)?;
        let n = batch.len() as u64;
        let mut stack = undo
            .lock()
            .map_err(|_| IpcError::new("internal", "undo stack poisoned"))?;
        stack.push(batch);
        Ok(n)
    })
    .await
}

/// Bring back the most recently deleted articles; returns how many came back (one that was
/// imported again meanwhile stays as it is).
#[tauri::command]
pub async fn undo_delete(state: State<'_, AppState>) -> Result<u64, IpcError> {
    let undo = state.deleted.clone();
    blocking(&state, move |lib| {
        let batch = undo
            .lock()
            .map_err(|_| IpcError::new("internal", "undo stack poisoned"))?
            .pop();
        let Some(batch) = batch else {
            return Err(IpcError::new("nothing_to_undo", "no deletion to undo"));
        };
        match lib.restore_deleted(&batch) {
            Ok(n) => Ok(n),
            Err(e) => {
                // Keep the snapshot: the user may try again (say, once the disk has room).
                if let Ok(mut stack) = undo.lock() {
                    stack.push(batch);
                }
                Err(e.into())
            }
        }
    })
    .await
}

/// Remember how far the user has read an article (0 to 1).
#[tauri::command]
pub async fn set_progress(
    state: State<'_, AppState>,
    id: i64,
    progress: f64,
) -> Result<(), IpcError> {
    blocking(&state, move |lib| Ok(lib.set_progress(id, progress)?)).await
}
