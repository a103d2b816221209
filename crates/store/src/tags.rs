//! The tags repository. Tags are paths: `党建/组织建设` is a child of `党建`; a path is
//! trimmed of surrounding slashes and spaces and may not contain empty segments.
//!
//! A tag "exists" when a tag row has its path or a path beneath it: the tag tree shows the
//! parents of used tags, so the user can rename or colour `党建` when only `党建/组织建设` is
//! stored.

use crate::{Result, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;
use wenzhai_core::model::TagCount;

/// The condition that a `tags` row's `path` is `?1` or beneath it.
const AT_OR_BENEATH: &str = "path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/'";

/// Normalize a tag colour: `#rgb` or `#rrggbb` (any case) becomes lowercase `#rrggbb`.
pub fn normalize_color(raw: &str) -> Result<String> {
    let bad = || StoreError::InvalidColor(raw.to_string());
    let hex = raw.trim().strip_prefix('#').ok_or_else(bad)?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let hex = hex.to_ascii_lowercase();
    match hex.len() {
        6 => Ok(format!("#{hex}")),
        3 => Ok(hex.chars().fold(String::from("#"), |mut out, c| {
            out.push(c);
            out.push(c);
            out
        })),
        _ => Err(bad()),
    }
}

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
    pub fn retag(tx: &Connection, id: i64, add: &[String], remove: &[String]) -> Result<()> {
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

impl Store {
    /// Rename tag `from` and every tag beneath it (`from/x` → `to/x`) inside a write
    /// transaction; returns the ids of the articles whose tags changed, ascending.
    ///
    /// Where a new path already exists the two tags merge: the articles of both carry it
    /// once, the source row goes, and the destination keeps its colour (or takes the
    /// source's when it has none). A renamed tag keeps its row (and id). `to == from` changes
    /// nothing; `to` beneath `from` is refused, as it would rename into itself.
    pub fn rename_tag(tx: &Connection, from: &str, to: &str) -> Result<Vec<i64>> {
        let from = normalize_tag(from)?;
        let to = normalize_tag(to)?;
        let sources: Vec<(i64, String, Option<String>)> = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT id, path, color FROM tags WHERE {AT_OR_BENEATH} ORDER BY path"
            ))?;
            let rows = stmt
                .query_map([&from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        if sources.is_empty() {
            return Err(StoreError::TagNotFound(from));
        }
        if to == from {
            return Ok(Vec::new());
        }
        if to.starts_with(&format!("{from}/")) {
            return Err(StoreError::InvalidTag(
                to,
                "lies beneath the tag being renamed",
            ));
        }
        let mut affected = BTreeSet::new();
        {
            let mut stmt =
                tx.prepare_cached("SELECT article_id FROM article_tags WHERE tag_id = ?1")?;
            for (id, _, _) in &sources {
                for article in stmt.query_map([id], |r| r.get::<_, i64>(0))? {
                    affected.insert(article?);
                }
            }
        }
        // All sources are renamed at once: `a/b` → `a` turns `a/b/b` into `a/b`, which is not
        // a merge with the old `a/b` (that one moves away). So first park every source under a
        // path no normalized tag can have (they never start with '/'), then place each one.
        for (id, _, _) in &sources {
            tx.execute(
                "UPDATE tags SET path = '/renaming/' || id WHERE id = ?1",
                [id],
            )?;
        }
        for (id, path, color) in &sources {
            let new_path = format!("{to}{}", &path[from.len()..]);
            let existing: Option<i64> = tx
                .query_row("SELECT id FROM tags WHERE path = ?1", [&new_path], |r| {
                    r.get(0)
                })
                .optional()?;
            match existing {
                Some(dest) => {
                    tx.execute(
                        "INSERT OR IGNORE INTO article_tags(article_id, tag_id)
                         SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
                        params![id, dest],
                    )?;
                    tx.execute(
                        "UPDATE tags SET color = coalesce(color, ?2) WHERE id = ?1",
                        params![dest, color],
                    )?;
                    // Its links go with it (ON DELETE CASCADE).
                    tx.execute("DELETE FROM tags WHERE id = ?1", [id])?;
                }
                None => {
                    tx.execute(
                        "UPDATE tags SET path = ?2 WHERE id = ?1",
                        params![id, new_path],
                    )?;
                }
            }
        }
        Ok(affected.into_iter().collect())
    }

    /// Merge every tag of `sources` (each with the tags beneath it) into `into`, as repeated
    /// [`Store::rename_tag`] in one transaction; returns the ids of the articles whose tags
    /// changed, ascending. A source equal to `into` is skipped.
    pub fn merge_tags(tx: &Connection, sources: &[String], into: &str) -> Result<Vec<i64>> {
        let mut affected = BTreeSet::new();
        for source in sources {
            affected.extend(Store::rename_tag(tx, source, into)?);
        }
        Ok(affected.into_iter().collect())
    }

    /// Set (or with `None` clear) a tag's colour inside a write transaction. A parent that
    /// only exists through its children gets a row of its own to hold the colour.
    pub fn set_tag_color(tx: &Connection, path: &str, color: Option<&str>) -> Result<()> {
        let path = normalize_tag(path)?;
        let color = color.map(normalize_color).transpose()?;
        let exists = tx
            .query_row(
                &format!("SELECT 1 FROM tags WHERE {AT_OR_BENEATH} LIMIT 1"),
                [&path],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            return Err(StoreError::TagNotFound(path));
        }
        tx.execute(
            "INSERT INTO tags(path, color) VALUES (?1, ?2)
             ON CONFLICT(path) DO UPDATE SET color = excluded.color",
            params![path, color],
        )?;
        Ok(())
    }
}
