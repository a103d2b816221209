//! The app's state: the library it opened at start (or why it could not), shared with the
//! worker threads that run the commands.

use crate::error::IpcError;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::sync::Mutex;
use wenzhai_library::{default_dir, DeletedArticle, Library, LibraryError, MergeUndo};

pub struct AppState {
    pub library: Result<Arc<Library>, IpcError>,
    pub path: Option<PathBuf>,
    /// Set by `cancel_import`; the running import stops after its current file.
    pub cancel_import: Arc<AtomicBool>,
    /// Snapshots of deleted articles, newest last, for undo (kept while the app runs).
    pub deleted: Arc<Mutex<Vec<Vec<DeletedArticle>>>>,
    /// What undoes each near-duplicate merge, newest last (kept while the app runs).
    pub merges: Arc<Mutex<Vec<MergeUndo>>>,
}

impl AppState {
    /// Open `$WENZHAI_LIBRARY`, else the OS data dir's `wenzhai/library`.
    pub fn open_default() -> AppState {
        let path = default_dir().ok();
        let library = match &path {
            // Another process (say `wz import`) is writing: still let the user read.
            Some(p) => match Library::open(p) {
                Err(e @ LibraryError::InUse { .. }) => {
                    eprintln!("wenzhai: {e}; opening read-only");
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
            eprintln!("wenzhai: {}", e.message);
        }
        // Articles from before near-duplicate detection (an upgraded library) are sketched on
        // a worker, so the window never waits for it; the reader's "also saved from" and the
        // Reposts view fill in as it goes.
        if let Ok(lib) = &library {
            let lib = Arc::clone(lib);
            std::thread::spawn(move || {
                if !lib.is_read_only() {
                    if let Err(e) = lib.backfill_sketches() {
                        eprintln!("wenzhai: near-duplicates not found for older articles: {e}");
                    }
                }
            });
        }
        AppState {
            library,
            path,
            cancel_import: Arc::new(AtomicBool::new(false)),
            deleted: Arc::default(),
            merges: Arc::default(),
        }
    }

    pub fn library(&self) -> Result<Arc<Library>, IpcError> {
        self.library.clone()
    }
}
