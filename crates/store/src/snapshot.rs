//! Deleting articles so that the deletion can be undone: [`Store::delete_with_snapshot`] keeps
//! every column of each article, its tags (with their colours), its annotations and its earlier
//! versions verbatim, and [`Store::restore_deleted`] puts them back under the same ids.

use crate::{normalize_tag, Result, Store};
use rusqlite::types::ToSql;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// Every column of `articles`, in the order of [`ArticleRow`]'s fields.
const ARTICLE_COLUMNS: &str = "id, title, author, published_at, source, site, section, url, \
     lang, body_text, body_html, content_hash, original_sha256, original_name, format, \
     encoding, imported_at, read_at, progress, starred, archived, images_allowed";

/// Every column of `annotations`, in the order of [`AnnotationRow`]'s fields.
const ANNOTATION_COLUMNS: &str = "id, article_id, kind, color, note, quote_exact, \
     quote_prefix, quote_suffix, pos_start, pos_end, created_at, updated_at, uuid";

/// `?1, ?2, …` for the columns of a list.
fn placeholders(columns: &str) -> String {
    (1..=columns.split(',').count())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row of `articles`, every column as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: i64,
    pub title: String,
    pub author: Option<String>,
    pub published_at: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub section: Option<String>,
    pub url: Option<String>,
    pub lang: String,
    pub body_text: String,
    pub body_html: String,
    pub content_hash: String,
    pub original_sha256: String,
    pub original_name: Option<String>,
    pub format: String,
    pub encoding: String,
    pub imported_at: String,
    pub read_at: Option<String>,
    pub progress: f64,
    pub starred: bool,
    pub archived: bool,
    pub images_allowed: bool,
}

impl ArticleRow {
    fn read(r: &Row) -> rusqlite::Result<ArticleRow> {
        Ok(ArticleRow {
            id: r.get(0)?,
            title: r.get(1)?,
            author: r.get(2)?,
            published_at: r.get(3)?,
            source: r.get(4)?,
            site: r.get(5)?,
            section: r.get(6)?,
            url: r.get(7)?,
            lang: r.get(8)?,
            body_text: r.get(9)?,
            body_html: r.get(10)?,
            content_hash: r.get(11)?,
            original_sha256: r.get(12)?,
            original_name: r.get(13)?,
            format: r.get(14)?,
            encoding: r.get(15)?,
            imported_at: r.get(16)?,
            read_at: r.get(17)?,
            progress: r.get(18)?,
            starred: r.get(19)?,
            archived: r.get(20)?,
            images_allowed: r.get(21)?,
        })
    }

    /// The values in [`ARTICLE_COLUMNS`] order, with `id` in place of the stored id (`None`:
    /// SQLite picks a new one).
    fn values<'a>(&'a self, id: &'a Option<i64>) -> [&'a dyn ToSql; 22] {
        [
            id,
            &self.title,
            &self.author,
            &self.published_at,
            &self.source,
            &self.site,
            &self.section,
            &self.url,
            &self.lang,
            &self.body_text,
            &self.body_html,
            &self.content_hash,
            &self.original_sha256,
            &self.original_name,
            &self.format,
            &self.encoding,
            &self.imported_at,
            &self.read_at,
            &self.progress,
            &self.starred,
            &self.archived,
            &self.images_allowed,
        ]
    }
}

/// One row of `annotations`, every column as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationRow {
    pub id: i64,
    pub article_id: i64,
    pub kind: String,
    pub color: Option<String>,
    pub note: Option<String>,
    pub quote_exact: String,
    pub quote_prefix: String,
    pub quote_suffix: String,
    pub pos_start: i64,
    pub pos_end: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Its stable identity (schema 5); a snapshot without one gets a new one on restore.
    #[serde(default)]
    pub uuid: String,
}

impl AnnotationRow {
    fn read(r: &Row) -> rusqlite::Result<AnnotationRow> {
        Ok(AnnotationRow {
            id: r.get(0)?,
            article_id: r.get(1)?,
            kind: r.get(2)?,
            color: r.get(3)?,
            note: r.get(4)?,
            quote_exact: r.get(5)?,
            quote_prefix: r.get(6)?,
            quote_suffix: r.get(7)?,
            pos_start: r.get(8)?,
            pos_end: r.get(9)?,
            created_at: r.get(10)?,
            updated_at: r.get(11)?,
            uuid: r.get(12)?,
        })
    }

    /// The values in [`ANNOTATION_COLUMNS`] order, with `id`, `article_id` and `uuid` as
    /// given.
    // `&String`, not `&str`: the values are `&dyn ToSql`, and an unsized `str` cannot be one.
    #[allow(clippy::ptr_arg)]
    fn values<'a>(
        &'a self,
        id: &'a Option<i64>,
        article_id: &'a i64,
        uuid: &'a String,
    ) -> [&'a dyn ToSql; 13] {
        [
            id,
            article_id,
            &self.kind,
            &self.color,
            &self.note,
            &self.quote_exact,
            &self.quote_prefix,
            &self.quote_suffix,
            &self.pos_start,
            &self.pos_end,
            &self.created_at,
            &self.updated_at,
            uuid,
        ]
    }
}

/// A tag an article carried, with the tag's colour at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedTag {
    pub path: String,
    pub color: Option<String>,
}

/// Everything a deleted article was: enough to bring it back exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeletedArticle {
    pub article: ArticleRow,
    pub tags: Vec<DeletedTag>,
    pub annotations: Vec<AnnotationRow>,
    /// Its earlier versions (originals replaced by newer saves of its page).
    #[serde(default)]
    pub versions: Vec<crate::versions::ArticleVersion>,
}

impl Store {
    /// Delete articles inside a write transaction, returning a snapshot of each first (in the
    /// order given, repeats once). Any unknown id is `NotFound` and the transaction rolls
    /// back. Tag links and annotations go with the rows (cascade); the tags stay.
    pub fn delete_with_snapshot(tx: &Connection, ids: &[i64]) -> Result<Vec<DeletedArticle>> {
        let ids = Store::require_articles(tx, ids)?;
        let mut batch = Vec::with_capacity(ids.len());
        for id in ids {
            batch.push(Store::snapshot_article(tx, id)?);
            Store::delete_article(tx, id)?;
        }
        Ok(batch)
    }

    /// Everything article `id` is (every column, tags with colours, annotations, versions),
    /// as [`Store::delete_with_snapshot`] keeps it, without deleting it.
    pub fn snapshot_article(conn: &rusqlite::Connection, id: i64) -> Result<DeletedArticle> {
        let mut article = conn.prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"
        ))?;
        let mut tags = conn.prepare_cached(
            "SELECT t.path, t.color FROM tags t JOIN article_tags at ON at.tag_id = t.id
             WHERE at.article_id = ?1 ORDER BY t.path",
        )?;
        let mut annotations = conn.prepare_cached(&format!(
            "SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE article_id = ?1 ORDER BY id"
        ))?;
        let article = article
            .query_row([id], ArticleRow::read)
            .optional()?
            .ok_or(crate::StoreError::NotFound(id))?;
        let tags = tags
            .query_map([id], |r| {
                Ok(DeletedTag {
                    path: r.get(0)?,
                    color: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let annotations = annotations
            .query_map([id], AnnotationRow::read)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(DeletedArticle {
            article,
            tags,
            annotations,
            versions: crate::versions::versions_of(conn, id)?,
        })
    }

    /// Insert deleted articles again inside a write transaction, with their tags (rows made
    /// again where gone; an existing tag keeps its colour unless it has none) and annotations;
    /// returns the ids they got. Each keeps its id, and each annotation its id, unless
    /// something else took that id meanwhile (SQLite reuses the highest rowid), in which case
    /// it gets a new one rather than be lost. An article whose text was imported again
    /// meanwhile (same `content_hash`) is skipped: it is already back.
    pub fn restore_deleted(tx: &Connection, batch: &[DeletedArticle]) -> Result<Vec<i64>> {
        let mut restored = Vec::with_capacity(batch.len());
        let mut insert_article = tx.prepare_cached(&format!(
            "INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({})",
            placeholders(ARTICLE_COLUMNS)
        ))?;
        let mut insert_annotation = tx.prepare_cached(&format!(
            "INSERT INTO annotations ({ANNOTATION_COLUMNS}) VALUES ({})",
            placeholders(ANNOTATION_COLUMNS)
        ))?;
        for deleted in batch {
            let a = &deleted.article;
            let again = tx
                .query_row(
                    "SELECT 1 FROM articles WHERE content_hash = ?1",
                    [&a.content_hash],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if again {
                continue;
            }
            let id = free_id(tx, "articles", a.id)?;
            insert_article.execute(&a.values(&id)[..])?;
            let article_id = tx.last_insert_rowid();
            for tag in &deleted.tags {
                let path = normalize_tag(&tag.path)?;
                tx.execute("INSERT OR IGNORE INTO tags(path) VALUES (?1)", [&path])?;
                tx.execute(
                    "UPDATE tags SET color = coalesce(color, ?2) WHERE path = ?1",
                    params![path, tag.color],
                )?;
                tx.execute(
                    "INSERT OR IGNORE INTO article_tags(article_id, tag_id)
                     SELECT ?1, id FROM tags WHERE path = ?2",
                    params![article_id, path],
                )?;
            }
            for n in &deleted.annotations {
                let id = free_id(tx, "annotations", n.id)?;
                let uuid = crate::annotations::kept_uuid(tx, &n.uuid)?;
                insert_annotation.execute(&n.values(&id, &article_id, &uuid)[..])?;
            }
            crate::versions::insert_versions(tx, article_id, &deleted.versions)?;
            restored.push(article_id);
        }
        Ok(restored)
    }
}

/// `Some(id)` when no row of `table` has it, else `None` (a new one).
fn free_id(tx: &Connection, table: &str, id: i64) -> Result<Option<i64>> {
    let taken = tx
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1"),
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    Ok((!taken && id > 0).then_some(id))
}

// A snapshot that misses a column would lose it on undo: keep the lists complete.
#[cfg(test)]
mod tests {
    use super::*;

    fn columns(store: &Store, table: &str) -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
            ))
            .expect("prepare");
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("names");
        names.join(", ")
    }

    #[test]
    fn snapshots_hold_every_column_of_the_current_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("l.sqlite3")).expect("open");
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(squash(ARTICLE_COLUMNS), columns(&store, "articles"));
        assert_eq!(squash(ANNOTATION_COLUMNS), columns(&store, "annotations"));
    }
}
