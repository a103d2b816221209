//! Changes to many articles at once (the library view's selection): one tag added or removed,
//! reading state set, reading progress. Each returns exactly what it changed or what was there
//! before, so that the caller can undo precisely.

use crate::{normalize_tag, Result, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;
use wenzhai_core::model::ReadingState;

impl Store {
    /// `ids` without repeats, in their first order, after checking that every one is an
    /// article (else `NotFound` naming the first that is not, and the caller's transaction
    /// rolls back, so nothing changes).
    pub fn require_articles(tx: &Connection, ids: &[i64]) -> Result<Vec<i64>> {
        let mut seen = HashSet::with_capacity(ids.len());
        let mut stmt = tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        let mut unique = Vec::with_capacity(ids.len());
        for &id in ids {
            if !seen.insert(id) {
                continue;
            }
            if stmt.query_row([id], |_| Ok(())).optional()?.is_none() {
                return Err(StoreError::NotFound(id));
            }
            unique.push(id);
        }
        Ok(unique)
    }

    /// Add (`add`) or remove one tag on many articles inside a write transaction; returns the
    /// ids whose tags actually changed, in the order given (the opposite call on exactly
    /// those undoes it). Removing takes off that tag only, not the tags beneath it.
    pub fn bulk_tag(tx: &Connection, ids: &[i64], tag: &str, add: bool) -> Result<Vec<i64>> {
        let path = normalize_tag(tag)?;
        let ids = Store::require_articles(tx, ids)?;
        let tag_id: Option<i64> = if add {
            tx.execute("INSERT OR IGNORE INTO tags(path) VALUES (?1)", [&path])?;
            Some(tx.query_row("SELECT id FROM tags WHERE path = ?1", [&path], |r| r.get(0))?)
        } else {
            tx.query_row("SELECT id FROM tags WHERE path = ?1", [&path], |r| r.get(0))
                .optional()?
        };
        let Some(tag_id) = tag_id else {
            return Ok(Vec::new()); // removing a tag nobody has
        };
        let mut stmt = tx.prepare_cached(if add {
            "INSERT OR IGNORE INTO article_tags(article_id, tag_id) VALUES (?1, ?2)"
        } else {
            "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2"
        })?;
        let mut changed = Vec::new();
        for id in ids {
            if stmt.execute(params![id, tag_id])? > 0 {
                changed.push(id);
            }
        }
        Ok(changed)
    }

    /// Set read / starred / archived (`None` leaves it) on many articles inside a write
    /// transaction; returns their states before, in the order given. Marking read keeps the
    /// time an article already read was first read; `now` is used for the others.
    pub fn bulk_state(
        tx: &Connection,
        ids: &[i64],
        read: Option<bool>,
        starred: Option<bool>,
        archived: Option<bool>,
        now: &str,
    ) -> Result<Vec<ReadingState>> {
        let ids = Store::require_articles(tx, ids)?;
        let mut before = Vec::with_capacity(ids.len());
        let mut get =
            tx.prepare_cached("SELECT id, read_at, starred, archived FROM articles WHERE id = ?1")?;
        let mut set = tx.prepare_cached(
            "UPDATE articles SET
                 read_at = CASE ?2 WHEN 1 THEN coalesce(read_at, ?3) WHEN 0 THEN NULL
                           ELSE read_at END,
                 starred = coalesce(?4, starred),
                 archived = coalesce(?5, archived)
             WHERE id = ?1",
        )?;
        for id in ids {
            before.push(get.query_row([id], |r| {
                Ok(ReadingState {
                    id: r.get(0)?,
                    read_at: r.get(1)?,
                    starred: r.get(2)?,
                    archived: r.get(3)?,
                })
            })?);
            set.execute(params![id, read, now, starred, archived])?;
        }
        Ok(before)
    }

    /// Put reading states back exactly (undo of [`Store::bulk_state`]) inside a write
    /// transaction. Articles deleted since are skipped: there is nothing to restore them on.
    pub fn restore_states(tx: &Connection, states: &[ReadingState]) -> Result<()> {
        let mut stmt = tx.prepare_cached(
            "UPDATE articles SET read_at = ?2, starred = ?3, archived = ?4 WHERE id = ?1",
        )?;
        for s in states {
            stmt.execute(params![s.id, s.read_at, s.starred, s.archived])?;
        }
        Ok(())
    }

    /// Set one article's reading progress, clamped to 0..=1; not a number is refused.
    pub fn set_progress(tx: &Connection, id: i64, progress: f64) -> Result<()> {
        if progress.is_nan() {
            return Err(StoreError::InvalidProgress(progress));
        }
        let n = tx.execute(
            "UPDATE articles SET progress = ?2 WHERE id = ?1",
            params![id, progress.clamp(0.0, 1.0)],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }
}
