//! Earlier versions of an article (`article_versions`, schema 4). When a newer save of the same
//! page replaces an article's text, [`Store::replace_original`] moves the original it had been
//! extracted from into this table, so the bytes the user gave us stay referenced: `wz check`
//! verifies them, backups carry them, and a delete-with-undo snapshot keeps them.

use crate::{Result, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// An original an article was once extracted from, replaced by a newer save of its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleVersion {
    pub original_sha256: String,
    pub original_name: Option<String>,
    /// When that original was imported.
    pub imported_at: String,
    /// When a newer save replaced it.
    pub replaced_at: String,
}

impl Store {
    /// The article whose normalized text has this hash, if any.
    pub fn find_by_content_hash(&self, content_hash: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE content_hash = ?1",
                [content_hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The oldest article saved from this URL, with its `published_at`, if any.
    pub fn find_by_url(&self, url: &str) -> Result<Option<(i64, Option<String>)>> {
        if url.is_empty() {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT id, published_at FROM articles WHERE url = ?1 ORDER BY id LIMIT 1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Inside a write transaction: make `(sha256, name)` the article's original, imported at
    /// `now`, and keep the one it had as an earlier version replaced at `now`. The article's
    /// extracted columns are updated separately ([`Store::update_extracted`]).
    pub fn replace_original(
        tx: &Connection,
        id: i64,
        sha256: &str,
        name: Option<&str>,
        now: &str,
    ) -> Result<()> {
        let n = tx.execute(
            "INSERT INTO article_versions
                 (article_id, original_sha256, original_name, imported_at, replaced_at)
             SELECT id, original_sha256, original_name, imported_at, ?2 FROM articles
             WHERE id = ?1",
            params![id, now],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.execute(
            "UPDATE articles SET original_sha256 = ?2, original_name = ?3, imported_at = ?4
             WHERE id = ?1",
            params![id, sha256, name, now],
        )?;
        Ok(())
    }

    /// Inside a write transaction: add `versions` to article `id`'s earlier versions (after
    /// those it has), e.g. the originals of an article merged into it.
    pub fn add_versions(tx: &Connection, id: i64, versions: &[ArticleVersion]) -> Result<()> {
        insert_versions(tx, id, versions)
    }

    /// The earlier versions of an article, oldest first.
    pub fn versions(&self, id: i64) -> Result<Vec<ArticleVersion>> {
        versions_of(&self.conn, id)
    }

    /// `(article id, sha256)` of every earlier version's original, for `wz check`.
    pub fn version_originals(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT article_id, original_sha256 FROM article_versions ORDER BY article_id, id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// An article's versions, oldest first (also inside a transaction: `Transaction` derefs to
/// `Connection`).
pub(crate) fn versions_of(conn: &rusqlite::Connection, id: i64) -> Result<Vec<ArticleVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT original_sha256, original_name, imported_at, replaced_at
         FROM article_versions WHERE article_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(ArticleVersion {
                original_sha256: r.get(0)?,
                original_name: r.get(1)?,
                imported_at: r.get(2)?,
                replaced_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Put back an article's versions (restoring a deleted article).
pub(crate) fn insert_versions(
    tx: &Connection,
    article_id: i64,
    versions: &[ArticleVersion],
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO article_versions
             (article_id, original_sha256, original_name, imported_at, replaced_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for v in versions {
        insert.execute(params![
            article_id,
            v.original_sha256,
            v.original_name,
            v.imported_at,
            v.replaced_at
        ])?;
    }
    Ok(())
}
