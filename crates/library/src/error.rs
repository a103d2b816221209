//! Errors of the library API. Each has a stable `code()` that crosses IPC and `--json` output
//! as `{code, message}`, so the UI can match on it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Store(#[from] wenzhai_store::StoreError),
    #[error(transparent)]
    Search(#[from] wenzhai_search::SearchError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the library at {path} is in use by another Wenzhai process{}", pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    InUse { path: PathBuf, pid: Option<u32> },
    #[error("no library at {0} (import something first, or pass --library)")]
    NoLibrary(PathBuf),
    #[error("no library folder: set WENZHAI_LIBRARY or pass --library")]
    NoDefaultDir,
    #[error("article {id} does not contain {quote:?}")]
    QuoteNotFound { id: i64, quote: String },
    #[error("cannot highlight chars {start}..{end} of article {id}: its text has {len} chars, and a highlight needs at least one that is not whitespace")]
    BadRange {
        id: i64,
        start: i64,
        end: i64,
        len: usize,
    },
    #[error("article {0} cannot be merged with or kept apart from itself")]
    SameArticle(i64),
    #[error("this library was opened read-only")]
    ReadOnly,
    /// A highlight colour other than the five the app shows (`export::HIGHLIGHT_COLORS`):
    /// refused so that no tool can store a colour the reader cannot draw.
    #[error("unknown highlight colour {color:?}: use one of {}", crate::export::HIGHLIGHT_COLORS.join(", "))]
    BadColor { color: String },
    #[error("no settings folder: set WENZHAI_CONFIG_DIR")]
    NoConfigDir,
    /// `settings.json` is not settings: the file is named, and never replaced by defaults
    /// (which would open an empty library while the user's sits elsewhere).
    #[error("{path}: not valid Wenzhai settings ({reason}); correct or delete this file")]
    BadSettings { path: PathBuf, reason: String },
    /// A move the library refused before touching anything: the destination exists and holds
    /// something, or lies inside the library (or the library inside it).
    #[error("cannot move the library to {path}: {reason}")]
    MoveRefused { path: PathBuf, reason: String },
    /// The copy of a move did not match the library; the copy was removed, nothing moved.
    #[error("the library was not moved to {path}: its copy did not match it ({}); the copy was removed and the library is unchanged", problems.join("; "))]
    MoveVerify {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("cancelled; nothing was changed")]
    Cancelled,
}

impl LibraryError {
    pub fn code(&self) -> &'static str {
        match self {
            LibraryError::Store(e) => e.code(),
            LibraryError::Search(wenzhai_search::SearchError::Locked) => "in_use",
            LibraryError::Search(wenzhai_search::SearchError::Query(_)) => "bad_query",
            LibraryError::Search(_) => "index",
            LibraryError::Io { .. } => "io",
            LibraryError::InUse { .. } => "in_use",
            LibraryError::NoLibrary(_) => "no_library",
            LibraryError::NoDefaultDir => "no_library",
            LibraryError::ReadOnly => "read_only",
            LibraryError::SameArticle(_) => "same_article",
            LibraryError::QuoteNotFound { .. } => "quote_not_found",
            LibraryError::BadRange { .. } => "bad_range",
            LibraryError::BadColor { .. } => "bad_color",
            LibraryError::NoConfigDir => "no_config_dir",
            LibraryError::BadSettings { .. } => "bad_settings",
            LibraryError::MoveRefused { .. } => "move_refused",
            LibraryError::MoveVerify { .. } => "move_failed",
            LibraryError::Cancelled => "cancelled",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> LibraryError {
        LibraryError::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = LibraryError> = std::result::Result<T, E>;
