//! Changes to many articles at once, for the library view's selection, each with its undo:
//! a tag added or removed (undo: the opposite call on the ids that changed), reading state
//! set (undo: [`Library::restore_state`] with the states returned), articles deleted (undo:
//! [`Library::restore_deleted`] with the snapshots returned).
//!
//! Each is one SQLite transaction: an unknown id fails the whole call and changes nothing.
//! Tags and articles are in the index, so those calls end with one index commit; reading state
//! is not, so it is written without bumping the change counter.

use crate::{now_utc, Library, Result};
use wenzhai_core::model::ReadingState;
use wenzhai_store::{DeletedArticle, Store};

impl Library {
    /// Add (`add`) or remove one tag on the articles `ids`; returns the ids whose tags actually
    /// changed (the same call with `!add` on exactly those undoes it).
    pub fn bulk_tag(&self, ids: &[i64], tag: &str, add: bool) -> Result<Vec<i64>> {
        self.require_writer()?;
        let mut store = self.store();
        let (changed, counter) = store.write(|tx| Store::bulk_tag(tx, ids, tag, add))?;
        self.reindex_ids(&store, &changed, counter)?;
        Ok(changed)
    }

    /// Set read / starred / archived (`None` leaves it) on the articles `ids`; returns each
    /// one's state before, for [`Library::restore_state`]. An article already read keeps the
    /// time it was first read.
    pub fn bulk_state(
        &self,
        ids: &[i64],
        read: Option<bool>,
        starred: Option<bool>,
        archived: Option<bool>,
    ) -> Result<Vec<ReadingState>> {
        self.require_writer()?;
        let now = now_utc();
        Ok(self
            .store()
            .write_unindexed(|tx| Store::bulk_state(tx, ids, read, starred, archived, &now))?)
    }

    /// Put reading states back exactly, `read_at` included (undo of
    /// [`Library::bulk_state`]). Articles deleted since are skipped.
    pub fn restore_state(&self, states: &[ReadingState]) -> Result<()> {
        self.require_writer()?;
        self.store()
            .write_unindexed(|tx| Store::restore_states(tx, states))?;
        Ok(())
    }

    /// Delete the articles `ids` from SQLite and the index; returns a snapshot of each (every
    /// column, tags with colours, annotations) for [`Library::restore_deleted`]. Their
    /// original bytes stay in `originals/`, which restoring relies on.
    pub fn delete_many(&self, ids: &[i64]) -> Result<Vec<DeletedArticle>> {
        self.require_writer()?;
        let mut store = self.store();
        let (batch, counter) = store.write(|tx| Store::delete_with_snapshot(tx, ids))?;
        let mut writer = self.index.writer()?;
        for deleted in &batch {
            writer.delete(deleted.article.id)?;
        }
        writer.commit(counter)?;
        Ok(batch)
    }

    /// Undo of [`Library::delete_many`]: the articles come back with their ids, tags and
    /// annotations, and are searchable again. One whose text was imported again meanwhile is
    /// skipped; returns how many came back.
    pub fn restore_deleted(&self, batch: &[DeletedArticle]) -> Result<u64> {
        self.require_writer()?;
        let mut store = self.store();
        let (restored, counter) = store.write(|tx| Store::restore_deleted(tx, batch))?;
        self.reindex_ids(&store, &restored, counter)?;
        Ok(restored.len() as u64)
    }
}
