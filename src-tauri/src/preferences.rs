//! Settings the app itself acts on: the remote-image policy (the app fetches images, so it must
//! know) and the library's folder, which "Move to…" changes by moving the whole library
//! (`wenzhai_library::relocate`: copied, verified, switched, only then the old folder removed).

use crate::error::IpcError;
use crate::state::{open_library, AppState, OpenLibrary};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons};
use wenzhai_library::RelocatePhase;

/// "Always load remote images" (Settings) or "ask per article" (the default).
#[tauri::command]
pub fn set_image_policy(state: State<'_, AppState>, always: bool) {
    state.images_always.store(always, Ordering::Relaxed);
}

/// The native folder picker, then a native confirmation (`confirm`, with `{}` for the
/// folder). The chosen folder, or `None` when the user cancelled either.
#[tauri::command]
pub async fn choose_library_folder<R: Runtime>(
    app: AppHandle<R>,
    title: String,
    confirm: String,
) -> Result<Option<String>, IpcError> {
    tauri::async_runtime::spawn_blocking(move || {
        let picked = app
            .dialog()
            .file()
            .set_title(&title)
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok());
        let folder = picked?;
        // A chosen existing folder receives the library as a subfolder, as users expect of
        // "move to"; a new empty folder is used as it is.
        let has_files = std::fs::read_dir(&folder).is_ok_and(|mut e| e.next().is_some());
        let dest = if has_files {
            folder.join("Wenzhai")
        } else {
            folder
        };
        let text = confirm.replace("{}", &dest.display().to_string());
        app.dialog()
            .message(text)
            .buttons(MessageDialogButtons::OkCancel)
            .blocking_show()
            .then(|| dest.display().to_string())
    })
    .await
    .map_err(|e| IpcError::new("internal", e.to_string()))
}

#[derive(Clone, Serialize)]
struct MoveProgress {
    phase: &'static str,
    done: u64,
    total: u64,
}

#[derive(Serialize)]
pub struct MoveReport {
    path: String,
    articles: u64,
    /// The move waited for an import (or another command) to let go of the library first.
    waited_for_others: bool,
}

/// Move the open library to `dest`. Commands get `library_moving` meanwhile; a running import
/// finishes first (the move waits for every other user of the library to let go), so nothing
/// it imports is left behind. On failure the old library is opened again, unchanged.
#[tauri::command]
pub async fn move_library<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    dest: String,
) -> Result<MoveReport, IpcError> {
    let current = state.current();
    let Some(from) = current.path.clone() else {
        return Err(IpcError::new("no_library", "no library is open"));
    };
    let moving = OpenLibrary {
        library: Err(IpcError::new(
            "library_moving",
            "the library is being moved; try again when it is done",
        )),
        path: Some(from.clone()),
    };
    let Ok(library) = state.replace(moving).library else {
        // It had not opened: nothing to move from here.
        state.replace(current);
        return Err(IpcError::new("no_library", "the library is not open"));
    };
    drop(current);
    let handle = app.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let emit = |phase: &'static str, done: u64, total: u64| {
            let _ = handle.emit("move-progress", MoveProgress { phase, done, total });
        };
        // Wait for the commands and the import that still hold the library.
        let mut library = library;
        let mut waited = false;
        let library = loop {
            match Arc::try_unwrap(library) {
                Ok(lib) => break lib,
                Err(shared) => {
                    library = shared;
                    waited = true;
                    emit("waiting", 0, 0);
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        };
        let cancel = handle.state::<AppState>().cancel_move.clone();
        cancel.store(false, Ordering::Relaxed);
        let moved = library.move_to(
            &PathBuf::from(&dest),
            |p| {
                emit(phase_name(p.phase), p.files_done, p.files_total);
            },
            &cancel,
        );
        match moved {
            Ok(report) => {
                tracing::info!(from = %report.from.display(), to = %report.to.display(), "library moved");
                (open_library(Some(report.to.clone())), Ok((report, waited)))
            }
            Err(e) => {
                tracing::warn!("library not moved: {e}");
                (open_library(Some(from)), Err(IpcError::from(e)))
            }
        }
    })
    .await
    .map_err(|e| IpcError::new("internal", e.to_string()))?;
    let (reopened, outcome) = result;
    state.replace(reopened);
    let (report, waited_for_others) = outcome?;
    Ok(MoveReport {
        path: report.to.display().to_string(),
        articles: report.articles,
        waited_for_others,
    })
}

/// The phases by the names the UI translates.
fn phase_name(phase: RelocatePhase) -> &'static str {
    match phase {
        RelocatePhase::Waiting => "waiting",
        RelocatePhase::Database => "database",
        RelocatePhase::Files => "files",
        RelocatePhase::Verifying => "verifying",
        RelocatePhase::Switching => "switching",
        RelocatePhase::RemovingOld => "removing_old",
    }
}
