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
    /// A batch transaction is open (see [`Store::write_in_batch`]).
    batch_open: bool,
}

impl Store {
    /// Open (creating if needed) the database at `path`, apply pragmas, run migrations.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = open::connect(path)?;
        migrate::migrate(&mut conn)?;
        Ok(Store {
            conn,
            batch_open: false,
        })
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

    /// Like [`write`](Self::write), for one item of a long batch (an import): the items share
    /// one IMMEDIATE transaction, opened by the first and ended by
    /// [`commit_batch`](Self::commit_batch), each inside its own savepoint, so an item that
    /// fails leaves nothing behind and the others stay. Why: a transaction per article
    /// rewrote every touched B-tree page into the WAL at each commit — 1.6 GB written for
    /// 19k articles whose database is 90 MB. A plain `write` (another command of the app
    /// between two items) commits the batch first, so nothing waits on it and nothing of it
    /// is lost; a store dropped with a batch open commits it.
    pub fn write_in_batch<T>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<(T, u64)> {
        if !self.batch_open {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.batch_open = true;
        }
        self.conn.execute_batch("SAVEPOINT batch_item")?;
        let run = (|| {
            let value = f(&self.conn)?;
            Ok((value, bump_change_counter(&self.conn)?))
        })();
        match run {
            Ok(done) => {
                self.conn.execute_batch("RELEASE batch_item")?;
                Ok(done)
            }
            Err(e) => {
                // The item's own writes go; the batch's earlier items stay.
                self.conn
                    .execute_batch("ROLLBACK TO batch_item; RELEASE batch_item")?;
                Err(e)
            }
        }
    }

    /// End the open batch (if any), making its items durable.
    pub fn commit_batch(&mut self) -> Result<()> {
        if self.batch_open {
            self.batch_open = false;
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// Run `f` in one IMMEDIATE transaction that also bumps the change counter; returns
    /// `f`'s value and the new counter. Nothing is written when `f` fails.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<(T, u64)> {
        self.commit_batch()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        let counter = bump_change_counter(&tx)?;
        tx.commit()?;
        Ok((value, counter))
    }

    /// Run `f` in one IMMEDIATE transaction without bumping the change counter: for writes
    /// the search index does not see (reading state).
    pub fn write_unindexed<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.commit_batch()?;
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

impl Drop for Store {
    fn drop(&mut self) {
        // The batch's items were reported as written: keep them.
        let _ = self.commit_batch();
    }
}

/// Count one more write the search index must see; the new count.
fn bump_change_counter(conn: &Connection) -> Result<u64> {
    let counter: i64 = conn.query_row(
        "UPDATE meta SET value = value + 1 WHERE key = 'changes' RETURNING value",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(counter).unwrap_or(0))
}
