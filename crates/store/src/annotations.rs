//! The annotations repository: highlights and notes, stored as W3C TextQuote + TextPosition
//! selectors over the article's `body_text` (char offsets; see `wenzhai_core::anchor`).
//!
//! Each annotation also has a `uuid` (schema 5): its identity outside this library, made
//! once when it is created and kept through edits, moves and undo, so an export names it the
//! same way every time and never like another library's annotation with the same rowid.

use crate::{Result, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use wenzhai_core::anchor::{TextPosition, TextQuote};
use wenzhai_core::model::AnnotationView;
use wenzhai_core::model::{NoteRow, NotesFilter};

/// A stored annotation's selectors, for re-anchoring.
#[derive(Debug, Clone)]
pub struct StoredAnchor {
    pub id: i64,
    pub quote: TextQuote,
    pub position: TextPosition,
}

impl Store {
    /// Insert a highlight inside a write transaction; returns the new id.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_annotation(
        tx: &Connection,
        article_id: i64,
        quote: &TextQuote,
        position: TextPosition,
        note: Option<&str>,
        color: Option<&str>,
        now: &str,
    ) -> Result<i64> {
        require_article(tx, article_id)?;
        // Always 'highlight': 'note' is the article-level note (see `set_article_note`).
        tx.execute(
            "INSERT INTO annotations (article_id, kind, color, note, quote_exact, quote_prefix,
                 quote_suffix, pos_start, pos_end, created_at, updated_at, uuid)
             VALUES (?1, 'highlight', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                article_id,
                non_blank(color),
                non_blank(note),
                quote.exact,
                quote.prefix,
                quote.suffix,
                position.start as i64,
                position.end as i64,
                now,
                new_uuid()
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// The selectors of every highlight of one article (not the article note, which is not
    /// anchored in the text), inside a transaction.
    pub fn anchors_of(tx: &Connection, article_id: i64) -> Result<Vec<StoredAnchor>> {
        let mut stmt = tx.prepare(
            "SELECT id, quote_exact, quote_prefix, quote_suffix, pos_start, pos_end
             FROM annotations WHERE article_id = ?1 AND quote_exact <> '' ORDER BY id",
        )?;
        let rows = stmt
            .query_map([article_id], |r| {
                Ok(StoredAnchor {
                    id: r.get(0)?,
                    quote: TextQuote {
                        exact: r.get(1)?,
                        prefix: r.get(2)?,
                        suffix: r.get(3)?,
                    },
                    position: TextPosition {
                        start: usize::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                        end: usize::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Move an annotation to new selectors (after re-anchoring), inside a transaction.
    pub fn move_annotation(
        tx: &Connection,
        id: i64,
        quote: &TextQuote,
        position: TextPosition,
        now: &str,
    ) -> Result<()> {
        tx.execute(
            "UPDATE annotations SET quote_exact = ?2, quote_prefix = ?3, quote_suffix = ?4,
                 pos_start = ?5, pos_end = ?6, updated_at = ?7 WHERE id = ?1",
            params![
                id,
                quote.exact,
                quote.prefix,
                quote.suffix,
                position.start as i64,
                position.end as i64,
                now
            ],
        )?;
        Ok(())
    }
}

/// The columns of an [`AnnotationView`] over `annotations n JOIN articles a`. `placed` is
/// computed here, in SQLite, so the reader and the notes view agree: `length` and `substr`
/// count characters of TEXT, exactly as our offsets count `char`s. The article note
/// (`kind = 'note'`, empty quote) is not anchored in the text and is always placed.
pub(crate) const VIEW_COLUMNS: &str = "n.id, n.kind, n.color, n.note, n.quote_exact, \
     n.quote_prefix, n.quote_suffix, n.pos_start, n.pos_end, n.created_at, n.updated_at, \
     (n.kind = 'note' AND n.quote_exact = '') OR (n.pos_start >= 0 AND n.pos_start < n.pos_end \
     AND n.pos_end <= length(a.body_text) \
     AND substr(a.body_text, n.pos_start + 1, n.pos_end - n.pos_start) = n.quote_exact), \
     n.uuid";

/// How many columns [`VIEW_COLUMNS`] has: a query's own columns start at this index.
pub(crate) const VIEW_WIDTH: usize = 13;

/// A new annotation or library id: a random (v4) UUID in lowercase hyphenated form.
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Reads the [`VIEW_COLUMNS`] starting at column `at`.
pub(crate) fn read_view(r: &rusqlite::Row, at: usize) -> rusqlite::Result<AnnotationView> {
    let kind: String = r.get(at + 1)?;
    let quote: String = r.get(at + 4)?;
    // Before article notes existed, a highlight with a note was stored as kind 'note'; only
    // an unquoted 'note' is the article note.
    let kind = if kind == AnnotationView::NOTE && quote.is_empty() {
        AnnotationView::NOTE
    } else {
        AnnotationView::HIGHLIGHT
    };
    Ok(AnnotationView {
        id: r.get(at)?,
        kind: kind.to_string(),
        color: r.get(at + 2)?,
        note: r.get(at + 3)?,
        quote,
        prefix: r.get(at + 5)?,
        suffix: r.get(at + 6)?,
        start: r.get(at + 7)?,
        end: r.get(at + 8)?,
        created_at: r.get(at + 9)?,
        updated_at: r.get(at + 10)?,
        placed: r.get(at + 11)?,
        uuid: r.get(at + 12)?,
    })
}

/// An empty or blank note or colour is no note or colour.
fn non_blank(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

impl Store {
    /// Every annotation of one article: the article note first, then in text order.
    pub fn annotations_of(&self, article_id: i64) -> Result<Vec<AnnotationView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM annotations n JOIN articles a ON a.id = n.article_id
             WHERE n.article_id = ?1
             ORDER BY n.quote_exact <> '', n.pos_start, n.pos_end, n.id"
        ))?;
        let rows = stmt
            .query_map([article_id], |r| read_view(r, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The article an annotation belongs to.
    pub fn annotation_article(conn: &rusqlite::Connection, id: i64) -> Result<i64> {
        conn.query_row(
            "SELECT article_id FROM annotations WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(StoreError::AnnotationNotFound(id))
    }

    /// Change the colour and/or the note of one annotation (`Some(None)` clears); returns its
    /// article's id.
    pub fn update_annotation(
        tx: &Connection,
        id: i64,
        color: Option<Option<&str>>,
        note: Option<Option<&str>>,
        now: &str,
    ) -> Result<i64> {
        let article = Store::annotation_article(tx, id)?;
        tx.execute(
            "UPDATE annotations SET
                 color = CASE WHEN ?2 THEN ?3 ELSE color END,
                 note = CASE WHEN ?4 THEN ?5 ELSE note END,
                 updated_at = ?6
             WHERE id = ?1",
            params![
                id,
                color.is_some(),
                non_blank(color.flatten()),
                note.is_some(),
                non_blank(note.flatten()),
                now
            ],
        )?;
        Ok(article)
    }

    /// Delete one annotation; returns what it was (for undo) and its article's id.
    pub fn delete_annotation(tx: &Connection, id: i64) -> Result<(AnnotationView, i64)> {
        let (view, article) = tx
            .query_row(
                &format!(
                    "SELECT {VIEW_COLUMNS}, n.article_id FROM annotations n
                     JOIN articles a ON a.id = n.article_id WHERE n.id = ?1"
                ),
                [id],
                |r| Ok((read_view(r, 0)?, r.get::<_, i64>(VIEW_WIDTH)?)),
            )
            .optional()?
            .ok_or(StoreError::AnnotationNotFound(id))?;
        tx.execute("DELETE FROM annotations WHERE id = ?1", [id])?;
        Ok((view, article))
    }

    /// Insert an annotation as it was (undo of a delete): same selectors, colour, note,
    /// times and uuid, and the same id unless another annotation took it meanwhile. Returns
    /// the id. A view without a usable uuid (empty, malformed or taken) gets a new one.
    pub fn restore_annotation(
        tx: &Connection,
        article_id: i64,
        view: &AnnotationView,
    ) -> Result<i64> {
        require_article(tx, article_id)?;
        let kind = if view.is_article_note() {
            AnnotationView::NOTE
        } else {
            AnnotationView::HIGHLIGHT
        };
        let taken = tx
            .query_row("SELECT 1 FROM annotations WHERE id = ?1", [view.id], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        let id = (!taken && view.id > 0).then_some(view.id);
        let uuid = kept_uuid(tx, &view.uuid)?;
        tx.execute(
            "INSERT INTO annotations (id, article_id, kind, color, note, quote_exact,
                 quote_prefix, quote_suffix, pos_start, pos_end, created_at, updated_at, uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                id,
                article_id,
                kind,
                non_blank(view.color.as_deref()),
                non_blank(view.note.as_deref()),
                view.quote,
                view.prefix,
                view.suffix,
                view.start,
                view.end,
                view.created_at,
                view.updated_at,
                uuid
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// Set (or, with `None` or a blank text, remove) the one article-level note of an article.
    pub fn set_article_note(
        tx: &Connection,
        article_id: i64,
        note: Option<&str>,
        now: &str,
    ) -> Result<()> {
        require_article(tx, article_id)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM annotations
                 WHERE article_id = ?1 AND kind = 'note' AND quote_exact = ''
                 ORDER BY id LIMIT 1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?;
        match (existing, non_blank(note)) {
            (Some(id), Some(note)) => {
                tx.execute(
                    "UPDATE annotations SET note = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, note, now],
                )?;
            }
            (Some(id), None) => {
                tx.execute("DELETE FROM annotations WHERE id = ?1", [id])?;
            }
            (None, Some(note)) => {
                tx.execute(
                    "INSERT INTO annotations (article_id, kind, note, quote_exact, pos_start,
                         pos_end, created_at, updated_at, uuid)
                     VALUES (?1, 'note', ?2, '', 0, 0, ?3, ?3, ?4)",
                    params![article_id, note, now, new_uuid()],
                )?;
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// The annotations matching `filter` with their articles, for the notes view across the
    /// library: newest first, or in text order (the article note first) for one article.
    /// `query` is a substring of the quote or the note (SQLite `LIKE`: case-insensitive for
    /// ASCII only), which is plenty for the few thousand annotations of a library.
    pub fn notes(&self, filter: &NotesFilter) -> Result<Vec<NoteRow>> {
        let mut conditions = vec!["1".to_string()];
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |v: rusqlite::types::Value| {
            args.push(v);
            format!("?{}", args.len())
        };
        if let Some(tag) = filter.tag.as_deref().map(|t| t.trim().trim_matches('/')) {
            let p = arg(tag.to_string().into());
            conditions.push(format!(
                "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id
                   WHERE t.path = {p} OR substr(t.path, 1, length({p}) + 1) = {p} || '/')"
            ));
        }
        if let Some(color) = &filter.color {
            conditions.push(format!("n.color = {}", arg(color.clone().into())));
        }
        if let Some(article) = filter.article {
            conditions.push(format!("n.article_id = {}", arg(article.into())));
        }
        if let Some(query) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let escaped = query
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = arg(format!("%{escaped}%").into());
            conditions.push(format!(
                "(n.quote_exact LIKE {p} ESCAPE '\\' OR n.note LIKE {p} ESCAPE '\\')"
            ));
        }
        let order = if filter.article.is_some() {
            "n.quote_exact <> '', n.pos_start, n.pos_end, n.id"
        } else {
            "n.created_at DESC, n.id DESC"
        };
        let sql = format!(
            "SELECT {VIEW_COLUMNS}, a.id, a.title FROM annotations n
             JOIN articles a ON a.id = n.article_id
             WHERE {} ORDER BY {order}",
            conditions.join(" AND ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((
                    read_view(r, 0)?,
                    r.get::<_, i64>(VIEW_WIDTH)?,
                    r.get::<_, String>(VIEW_WIDTH + 1)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        let mut rows = Vec::with_capacity(found.len());
        for (annotation, article_id, article_title) in found {
            let article_tags = match tags.get(&article_id) {
                Some(t) => t.clone(),
                None => {
                    let t = self.tags_of(article_id)?;
                    tags.insert(article_id, t.clone());
                    t
                }
            };
            rows.push(NoteRow {
                annotation,
                article_id,
                article_title,
                article_tags,
            });
        }
        Ok(rows)
    }

    /// The notes and quotes of one article's annotations, for its index document.
    pub(crate) fn annotation_texts(&self, article_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT note, quote_exact FROM annotations WHERE article_id = ?1
             ORDER BY pos_start, id",
        )?;
        let mut texts = Vec::new();
        let mut rows = stmt.query([article_id])?;
        while let Some(r) = rows.next()? {
            let (note, quote): (Option<String>, String) = (r.get(0)?, r.get(1)?);
            texts.extend(note.filter(|n| !n.trim().is_empty()));
            if !quote.trim().is_empty() {
                texts.push(quote);
            }
        }
        Ok(texts)
    }
}

/// `uuid` when it is a well-formed UUID that no annotation has, else a new one: an undo
/// gives an annotation back its identity, but never a second annotation the same one.
pub(crate) fn kept_uuid(tx: &Connection, uuid: &str) -> Result<String> {
    let Ok(parsed) = uuid::Uuid::parse_str(uuid) else {
        return Ok(new_uuid());
    };
    let text = parsed.hyphenated().to_string();
    let taken = tx
        .query_row("SELECT 1 FROM annotations WHERE uuid = ?1", [&text], |_| {
            Ok(())
        })
        .optional()?
        .is_some();
    Ok(if taken { new_uuid() } else { text })
}

fn require_article(tx: &Connection, article_id: i64) -> Result<()> {
    tx.query_row("SELECT 1 FROM articles WHERE id = ?1", [article_id], |_| {
        Ok(())
    })
    .optional()?
    .ok_or(StoreError::NotFound(article_id))
}
