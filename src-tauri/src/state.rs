//! The app's state: the library it opened at start (or why it could not), shared with the
//! worker threads that run the commands.

use crate::error::IpcError;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::sync::{Mutex, RwLock};
use wenzhai_library::{DeletedArticle, Library, LibraryError, MergeUndo};

/// The library the window shows: swapped whole when Settings moves it to another folder.
#[derive(Clone)]
pub struct OpenLibrary {
    pub library: Result<Arc<Library>, IpcError>,
    pub path: Option<PathBuf>,
}

pub struct AppState {
    current: RwLock<OpenLibrary>,
    /// Set by `cancel_import`; the running import stops after its current file.
    pub cancel_import: Arc<AtomicBool>,
    /// Set to stop a library move (the move then removes its copy).
    pub cancel_move: Arc<AtomicBool>,
    /// Settings ▸ Remote images ▸ always: every article's images are fetched when shown.
    pub images_always: AtomicBool,
    /// Snapshots of deleted articles, newest last, for undo (kept while the app runs).
    pub deleted: Arc<Mutex<Vec<Vec<DeletedArticle>>>>,
    /// What undoes each near-duplicate merge, newest last (kept while the app runs).
    pub merges: Arc<Mutex<Vec<MergeUndo>>>,
}

impl AppState {
    /// Open the library at `path` (`wenzhai_library::default_dir`: `$WENZHAI_LIBRARY`, the
    /// settings file, else the OS data dir's `wenzhai/library`).
    pub fn open(path: Result<PathBuf, LibraryError>) -> AppState {
        let current = match path {
            Ok(p) => open_library(Some(p)),
            Err(e) => {
                tracing::error!("{e}");
                OpenLibrary {
                    library: Err(IpcError::from(e)),
                    path: None,
                }
            }
        };
        AppState {
            current: RwLock::new(current),
            cancel_import: Arc::new(AtomicBool::new(false)),
            cancel_move: Arc::new(AtomicBool::new(false)),
            images_always: AtomicBool::new(false),
            deleted: Arc::default(),
            merges: Arc::default(),
        }
    }

    pub fn library(&self) -> Result<Arc<Library>, IpcError> {
        self.current().library
    }

    pub fn current(&self) -> OpenLibrary {
        match self.current.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Put `next` in place of the open library and return the one it replaces. The undo
    /// stacks name articles of the old library: they go with it.
    pub fn replace(&self, next: OpenLibrary) -> OpenLibrary {
        let mut current = match self.current.write() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Ok(mut d) = self.deleted.lock() {
            d.clear();
        }
        if let Ok(mut m) = self.merges.lock() {
            m.clear();
        }
        std::mem::replace(&mut *current, next)
    }
}

/// Open the library at `path` for writing, read-only when another process writes it, and
/// start sketching older articles for near-duplicates on a worker.
pub fn open_library(path: Option<PathBuf>) -> OpenLibrary {
    let library = match &path {
        // Another process (say `wz import`) is writing: still let the user read.
        Some(p) => match Library::open(p) {
            Err(e @ LibraryError::InUse { .. }) => {
                tracing::warn!("{e}; opening read-only");
                Library::open_read_only(p)
                    .map(Arc::new)
                    .map_err(IpcError::from)
            }
            other => other.map(Arc::new).map_err(IpcError::from),
        },
        None => Err(IpcError::new(
            "no_library",
            "no library folder: set WENZHAI_LIBRARY",
        )),
    };
    if let Err(e) = &library {
        tracing::error!("{}", e.message);
    }
    // Articles from before near-duplicate detection (an upgraded library) are sketched on
    // a worker, so the window never waits for it; the reader's "also saved from" and the
    // Reposts view fill in as it goes.
    if let Ok(lib) = &library {
        let lib = Arc::clone(lib);
        std::thread::spawn(move || {
            if !lib.is_read_only() {
                if let Err(e) = lib.backfill_sketches() {
                    tracing::warn!("near-duplicates not found for older articles: {e}");
                }
            }
        });
    }
    OpenLibrary { library, path }
}
