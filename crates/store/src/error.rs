//! Errors of the store. `code()` gives the stable string the app and the CLI report.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Upgrading from schema `from` failed at the migration to `version`. Migrations run in
    /// one transaction, so nothing was changed; the message says so, because a user who sees
    /// "migration failed" otherwise fears for the library.
    #[error("could not upgrade the library database to schema version {version} ({reason}); nothing was changed, it is still at schema version {from}")]
    Migration {
        version: u32,
        from: u32,
        /// Not `#[source]`: the message already carries it, and `wz` prints the source chain
        /// after the message, which would repeat it.
        reason: rusqlite::Error,
    },
    #[error("this library was written by a newer Wenzhai (schema {found}, this version knows up to {supported})")]
    TooNew { found: u32, supported: u32 },
    #[error("backup: {0}")]
    Backup(String),
    #[error("no article with id {0}")]
    NotFound(i64),
    #[error("no annotation with id {0}")]
    AnnotationNotFound(i64),
    #[error("invalid tag {0:?}: {1}")]
    InvalidTag(String, &'static str),
    #[error("no tag {0:?}")]
    TagNotFound(String),
    #[error("invalid colour {0:?}: give #rgb or #rrggbb")]
    InvalidColor(String),
    #[error("invalid reading progress {0}: give a number from 0 to 1")]
    InvalidProgress(f64),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                "busy"
            }
            StoreError::Sqlite(_) => "database",
            StoreError::Migration { .. } => "migration",
            StoreError::TooNew { .. } => "too_new",
            StoreError::NotFound(_) | StoreError::AnnotationNotFound(_) => "not_found",
            StoreError::Backup(_) => "backup",
            StoreError::InvalidTag(..) => "invalid_tag",
            StoreError::TagNotFound(_) => "tag_not_found",
            StoreError::InvalidColor(_) => "bad_color",
            StoreError::InvalidProgress(_) => "bad_progress",
        }
    }
}
