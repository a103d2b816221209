//! The tags repository. Tags are paths: `党建/组织建设` is a child of `党建`; a path is
//! trimmed of surrounding slashes and spaces and may not contain empty segments.

use crate::{Result, Store, StoreError};
use rusqlite::{OptionalExtension, Transaction};
use wenzhai_core::model::TagCount;

/// Normalize a user-typed tag path, or say why it is not one.
pub fn normalize_tag(raw: &str) -> Result<String> {
    let segments: Vec<&str> = raw
        .trim()
        .trim_matches('/')
        .split('/')
        .map(str::trim)
        .collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(StoreError::InvalidTag(raw.to_string(), "empty segment"));
    }
    Ok(segments.join("/"))
}

impl Store {
    /// Tag paths of one article, sorted.
    pub fn tags_of(&self, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.path FROM tags t JOIN article_tags at ON at.tag_id = t.id
             WHERE at.article_id = ?1 ORDER BY t.path",
        )?;
        let tags = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(tags)
    }

    /// Every tag with its article count, sorted by path (so children follow their parent).
    pub fn tag_counts(&self) -> Result<Vec<TagCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.path, count(at.article_id) FROM tags t
             LEFT JOIN article_tags at ON at.tag_id = t.id
             GROUP BY t.id HAVING count(at.article_id) > 0 ORDER BY t.path",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TagCount {
                    path: r.get(0)?,
                    articles: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Add and remove tags of one article inside a write transaction.
    pub fn retag(tx: &Transaction, id: i64, add: &[String], remove: &[String]) -> Result<()> {
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound(id));
        }
        for raw in add {
            let path = normalize_tag(raw)?;
            tx.execute("INSERT OR IGNORE INTO tags(path) VALUES (?1)", [&path])?;
            tx.execute(
                "INSERT OR IGNORE INTO article_tags(article_id, tag_id)
                 SELECT ?1, id FROM tags WHERE path = ?2",
                rusqlite::params![id, path],
            )?;
        }
        for raw in remove {
            let path = normalize_tag(raw)?;
            tx.execute(
                "DELETE FROM article_tags WHERE article_id = ?1
                 AND tag_id = (SELECT id FROM tags WHERE path = ?2)",
                rusqlite::params![id, path],
            )?;
        }
        Ok(())
    }
}
