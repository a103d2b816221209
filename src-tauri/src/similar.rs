//! Commands for what the reader shows beside an article and the search box suggests:
//! near-duplicate reposts (merge, keep apart, both undoable), search-box and tag suggestions
//! (characters, 简繁, pinyin, initials), tag suggestions for an article, related articles.
//! Each runs on a blocking worker like every library call.

use crate::commands::blocking;
use crate::error::IpcError;
use crate::state::AppState;
use tauri::State;
use wenzhai_core::model::{ArticleDetail, DuplicateCluster, NearDuplicate};
use wenzhai_core::suggestions::{RelatedArticle, Suggestion, TagSuggestion};

/// The articles this one is nearly the same as (not kept apart), best first.
#[tauri::command]
pub async fn near_duplicates(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Vec<NearDuplicate>, IpcError> {
    blocking(&state, move |lib| Ok(lib.near_duplicates(id)?)).await
}

/// Every cluster of near-duplicate articles (the library view's "reposts").
#[tauri::command]
pub async fn duplicate_clusters(
    state: State<'_, AppState>,
) -> Result<Vec<DuplicateCluster>, IpcError> {
    blocking(&state, move |lib| Ok(lib.duplicate_clusters()?)).await
}

/// How many clusters there are (the sidebar's count), without reading their articles.
#[tauri::command]
pub async fn duplicate_cluster_count(state: State<'_, AppState>) -> Result<u64, IpcError> {
    blocking(&state, move |lib| Ok(lib.duplicate_cluster_count()?)).await
}

/// Merge `other` into `keep`; what undoes it stays in the app's memory for `undo_merge`.
#[tauri::command]
pub async fn merge_near_duplicates(
    state: State<'_, AppState>,
    keep: i64,
    other: i64,
) -> Result<ArticleDetail, IpcError> {
    let undo = state.merges.clone();
    blocking(&state, move |lib| {
        let step = lib.merge_near_duplicates(keep, other)?;
        undo.lock()
            .map_err(|_| IpcError::new("internal", "undo stack poisoned"))?
            .push(step);
        Ok(lib.article(keep)?)
    })
    .await
}

/// Undo the newest merge: both articles back as they were.
#[tauri::command]
pub async fn undo_merge(state: State<'_, AppState>) -> Result<(), IpcError> {
    let undo = state.merges.clone();
    blocking(&state, move |lib| {
        let step = undo
            .lock()
            .map_err(|_| IpcError::new("internal", "undo stack poisoned"))?
            .pop();
        let Some(step) = step else {
            return Err(IpcError::new("nothing_to_undo", "no merge to undo"));
        };
        if let Err(e) = lib.undo_merge(&step) {
            if let Ok(mut stack) = undo.lock() {
                stack.push(step); // the user may try again
            }
            return Err(e.into());
        }
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn keep_apart(state: State<'_, AppState>, a: i64, b: i64) -> Result<(), IpcError> {
    blocking(&state, move |lib| Ok(lib.keep_apart(a, b)?)).await
}

#[tauri::command]
pub async fn undo_keep_apart(state: State<'_, AppState>, a: i64, b: i64) -> Result<(), IpcError> {
    blocking(&state, move |lib| Ok(lib.undo_keep_apart(a, b)?)).await
}

/// Titles, tags and sites for the search box, as the user types.
#[tauri::command]
pub async fn suggest(
    state: State<'_, AppState>,
    input: String,
    limit: usize,
) -> Result<Vec<Suggestion>, IpcError> {
    blocking(&state, move |lib| Ok(lib.suggest(&input, limit.min(50))?)).await
}

/// Existing tags for the tag box's autocomplete, by characters or pinyin.
#[tauri::command]
pub async fn tag_completions(
    state: State<'_, AppState>,
    input: String,
    limit: usize,
) -> Result<Vec<String>, IpcError> {
    blocking(&state, move |lib| {
        Ok(lib.tag_completions(&input, limit.min(50))?)
    })
    .await
}

/// Tags the article might get: its keywords and the tags of similar tagged articles.
#[tauri::command]
pub async fn suggest_tags(
    state: State<'_, AppState>,
    id: i64,
    limit: usize,
) -> Result<Vec<TagSuggestion>, IpcError> {
    blocking(&state, move |lib| Ok(lib.suggest_tags(id, limit.min(20))?)).await
}

#[tauri::command]
pub async fn related(
    state: State<'_, AppState>,
    id: i64,
    limit: usize,
) -> Result<Vec<RelatedArticle>, IpcError> {
    blocking(&state, move |lib| Ok(lib.related(id, limit.min(20))?)).await
}
