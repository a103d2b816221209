//! The articles repository: insert, look up duplicates, read for the reader and the index,
//! delete. The list and its facets are in `list.rs`.

use crate::{Result, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Row};
use wenzhai_core::model::{ArticleDetail, IndexDoc};
use wenzhai_core::Extracted;

/// Reading-state conditions of a search (`is:read`/`is:unread`, `is:starred`, `is:archived`,
/// `has:notes`, `has:highlights`), resolved in SQLite because the index does not hold reading state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateQuery {
    pub read: Option<bool>,
    pub starred: bool,
    pub archived: bool,
    /// Any annotation, the article note included.
    pub has_notes: bool,
    /// A highlight in the text.
    pub has_highlights: bool,
}

/// An article about to be stored: what the importer extracted plus the library's bookkeeping.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    pub extracted: &'a Extracted,
    pub content_hash: &'a str,
    pub original_sha256: &'a str,
    pub original_name: Option<&'a str>,
    pub imported_at: &'a str,
}

impl Store {
    /// The id of an article with the same normalized text or the same URL, if any.
    pub fn find_duplicate(&self, content_hash: &str, url: Option<&str>) -> Result<Option<i64>> {
        if let Some(id) = self.find_by_content_hash(content_hash)? {
            return Ok(Some(id));
        }
        match url {
            Some(url) => Ok(self.find_by_url(url)?.map(|(id, _)| id)),
            None => Ok(None),
        }
    }

    /// Insert inside a write transaction (see [`Store::write`]); returns the new id.
    pub fn insert_article(tx: &Connection, a: &NewArticle) -> Result<i64> {
        let e = a.extracted;
        tx.execute(
            "INSERT INTO articles (title, author, published_at, source, site, section, url, lang,
                 body_text, body_html, content_hash, original_sha256, original_name, format,
                 encoding, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                e.title,
                e.author,
                e.published,
                e.source,
                e.site,
                e.section,
                e.url,
                e.lang,
                e.body_text,
                e.body_html,
                a.content_hash,
                a.original_sha256,
                a.original_name,
                e.format.as_str(),
                e.encoding,
                a.imported_at,
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// Replace what the importer extracted (after `wz reextract`), keeping the library's own
    /// state: id, tags, annotations, reading state, import time.
    pub fn update_extracted(
        tx: &Connection,
        id: i64,
        e: &Extracted,
        content_hash: &str,
    ) -> Result<()> {
        let n = tx.execute(
            "UPDATE articles SET title = ?2, author = ?3, published_at = ?4, source = ?5, site = ?6,
                 section = ?7, url = ?8, lang = ?9, body_text = ?10, body_html = ?11,
                 content_hash = ?12, format = ?13, encoding = ?14
             WHERE id = ?1",
            params![
                id,
                e.title,
                e.author,
                e.published,
                e.source,
                e.site,
                e.section,
                e.url,
                e.lang,
                e.body_text,
                e.body_html,
                content_hash,
                e.format.as_str(),
                e.encoding,
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// Set the reading state of one article: `read_at` (None = unread), starred, archived.
    pub fn set_state(
        tx: &Connection,
        id: i64,
        read_at: Option<Option<&str>>,
        starred: Option<bool>,
        archived: Option<bool>,
    ) -> Result<()> {
        let n = tx.execute(
            "UPDATE articles SET
                 read_at = CASE WHEN ?2 THEN ?3 ELSE read_at END,
                 starred = coalesce(?4, starred),
                 archived = coalesce(?5, archived)
             WHERE id = ?1",
            params![id, read_at.is_some(), read_at.flatten(), starred, archived],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// Allow or block one article's remote images in the reader.
    pub fn set_images_allowed(tx: &Connection, id: i64, allowed: bool) -> Result<()> {
        let n = tx.execute(
            "UPDATE articles SET images_allowed = ?2 WHERE id = ?1",
            params![id, allowed],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// `(id, original_sha256, original_name)` of every article, for re-extraction.
    pub fn original_sources(&self) -> Result<Vec<(i64, String, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, original_sha256, original_name FROM articles ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// `(original_sha256, original_name)` of one article.
    pub fn original_of(&self, id: i64) -> Result<(String, Option<String>)> {
        self.conn
            .query_row(
                "SELECT original_sha256, original_name FROM articles WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }

    /// Delete inside a write transaction; tags links and annotations go with it (cascade).
    pub fn delete_article(tx: &Connection, id: i64) -> Result<()> {
        // The sketch's band rows have no foreign key (see migration 6): delete them by key.
        Store::delete_sketch(tx, id)?;
        let n = tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    pub fn article_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Every article id, ascending.
    pub fn all_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    /// `(id, original_sha256)` of every article.
    pub fn originals(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, original_sha256 FROM articles ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Ids of the articles in a reading state (`is:unread`, `is:starred`, `has:notes` …): every
    /// condition given must hold.
    pub fn ids_in_state(&self, state: &StateQuery) -> Result<std::collections::HashSet<i64>> {
        let mut conditions = vec!["1"];
        match state.read {
            Some(true) => conditions.push("read_at IS NOT NULL"),
            Some(false) => conditions.push("read_at IS NULL"),
            None => {}
        }
        if state.starred {
            conditions.push("starred = 1");
        }
        if state.archived {
            conditions.push("archived = 1");
        }
        if state.has_notes {
            conditions
                .push("EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = articles.id)");
        }
        if state.has_highlights {
            conditions.push(
                "EXISTS (SELECT 1 FROM annotations n
                         WHERE n.article_id = articles.id AND n.quote_exact <> '')",
            );
        }
        let sql = format!("SELECT id FROM articles WHERE {}", conditions.join(" AND "));
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<std::collections::HashSet<i64>>>()?;
        Ok(ids)
    }

    /// Title and plain text of one article (for search hits and snippets).
    pub fn title_and_text(&self, id: i64) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT title, body_text FROM articles WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The reader HTML of a document (PDF, Word, ODT, EPUB), whose headings are its chapters;
    /// None for web pages and texts (their HTML is the page's own) and for a missing id.
    pub fn document_html(&self, id: i64) -> Result<Option<String>> {
        // The format from its covering index (migration 9): from the row it would walk the
        // body's overflow pages for every hit of every search.
        let format: Option<String> = self
            .conn
            .query_row(
                "SELECT format FROM articles INDEXED BY articles_id_format WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let is_document = format
            .and_then(|f| wenzhai_core::import::Format::parse(&f))
            .is_some_and(|f| f.is_document());
        if !is_document {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row("SELECT body_html FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Everything about one article, for the reader and `wz show`.
    pub fn article(&self, id: i64) -> Result<ArticleDetail> {
        let detail = self
            .conn
            .query_row(
                "SELECT id, title, author, published_at, source, site, section, url, body_text,
                        body_html, lang, encoding, format, read_at, starred, archived, imported_at,
                        images_allowed, progress
                 FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok(ArticleDetail {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        author: r.get(2)?,
                        published: r.get(3)?,
                        source: r.get(4)?,
                        site: r.get(5)?,
                        section: r.get(6)?,
                        url: r.get(7)?,
                        body: r.get(8)?,
                        body_html: r.get(9)?,
                        lang: r.get(10)?,
                        encoding: r.get(11)?,
                        format: r.get(12)?,
                        read: r.get::<_, Option<String>>(13)?.is_some(),
                        starred: r.get(14)?,
                        archived: r.get(15)?,
                        imported_at: r.get(16)?,
                        images_allowed: r.get(17)?,
                        progress: r.get(18)?,
                        tags: Vec::new(),
                        annotations: Vec::new(),
                    })
                },
            )
            .optional()?;
        let mut detail = detail.ok_or(StoreError::NotFound(id))?;
        detail.tags = self.tags_of(id)?;
        // `placed` is computed by the query (see `annotations::VIEW_COLUMNS`).
        detail.annotations = self.annotations_of(id)?;
        Ok(detail)
    }

    /// Visit every article as the index needs it, in id order, without holding them all.
    /// The callback's error type lets the caller stop the walk with its own error.
    pub fn for_each_index_doc<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(IndexDoc) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(&format!("{INDEX_DOC_SELECT} ORDER BY id"))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            f(self.read_index_doc(r)?)?;
        }
        Ok(())
    }

    /// One article as the index needs it.
    pub fn index_doc(&self, id: i64) -> Result<IndexDoc> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{INDEX_DOC_SELECT} WHERE id = ?1"))?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => self.read_index_doc(r),
            None => Err(StoreError::NotFound(id)),
        }
    }

    fn read_index_doc(&self, r: &Row) -> Result<IndexDoc> {
        let id: i64 = r.get(0)?;
        Ok(IndexDoc {
            id,
            title: r.get(1)?,
            body: r.get(2)?,
            author: r.get(3)?,
            source: r.get(4)?,
            site: r.get(5)?,
            published: r.get(6)?,
            tags: self.tags_of(id)?,
            notes: self.annotation_texts(id)?,
        })
    }
}

const INDEX_DOC_SELECT: &str =
    "SELECT id, title, body_text, author, source, site, published_at FROM articles";
