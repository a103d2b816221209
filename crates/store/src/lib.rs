//! wenzhai-store: the SQLite database that is the source of truth of a library.
//!
//! [`Store::open`] applies the pragmas and runs pending migrations; the repositories
//! (`articles`, `list`, `tags`, `annotations`, `bulk`, `snapshot`, `versions`, `sketches`) are methods on [`Store`]. Every write runs in an IMMEDIATE transaction
//! and bumps the `changes` counter that the search index follows.

mod annotations;
mod articles;
mod backup;
mod bulk;
mod error;
mod list;
mod migrate;
mod open;
mod pinyin_keys;
mod sketches;
mod snapshot;
mod tags;
mod versions;

pub use annotations::{new_uuid, StoredAnchor};
pub use articles::{NewArticle, StateQuery};
pub use backup::BackupCounts;
pub use error::StoreError;
pub use migrate::{MIGRATIONS, SCHEMA_VERSION};
pub use pinyin_keys::{ArticleHead, NameKey, TitleKey};
pub use sketches::{sketch_of, NearDuplicatePair};
pub use snapshot::{AnnotationRow, ArticleRow, DeletedArticle, DeletedTag};
pub use tags::{normalize_color, normalize_tag};
/// The UUID type, for callers that derive ids from the library's (exports).
pub use uuid::Uuid;
pub use versions::ArticleVersion;

pub use rusqlite::Transaction;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open library database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Open (creating if needed) the database at `path`, apply pragmas, run migrations.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = open::connect(path)?;
        migrate::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// The number of writes the search index must have seen to be current.
    pub fn change_counter(&self) -> Result<u64> {
        let v: i64 =
            self.conn
                .query_row("SELECT value FROM meta WHERE key = 'changes'", [], |r| {
                    r.get(0)
                })?;
        Ok(u64::try_from(v).unwrap_or(0))
    }

    /// Run `f` in one IMMEDIATE transaction that also bumps the change counter; returns
    /// `f`'s value and the new counter. Nothing is written when `f` fails.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<(T, u64)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        let counter: i64 = tx.query_row(
            "UPDATE meta SET value = value + 1 WHERE key = 'changes' RETURNING value",
            [],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok((value, u64::try_from(counter).unwrap_or(0)))
    }

    /// Run `f` in one IMMEDIATE transaction without bumping the change counter: for writes
    /// the search index does not see (reading state).
    pub fn write_unindexed<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The library's own identity (a v4 UUID made by migration 5): the namespace of the ids
    /// its exports give to collections, so two libraries' exports never share an id.
    pub fn library_uuid(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT uuid FROM library_identity WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Read-only access for queries that span several statements.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}
