//! The annotations repository: highlights and notes, stored as W3C TextQuote + TextPosition
//! selectors over the article's `body_text` (char offsets; see `wenzhai_core::anchor`).

use crate::{Result, Store, StoreError};
use rusqlite::{params, OptionalExtension, Transaction};
use wenzhai_core::anchor::{TextPosition, TextQuote};

/// A stored annotation's selectors, for re-anchoring.
#[derive(Debug, Clone)]
pub struct StoredAnchor {
    pub id: i64,
    pub quote: TextQuote,
    pub position: TextPosition,
}

impl Store {
    /// Insert inside a write transaction; returns the new id.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_annotation(
        tx: &Transaction,
        article_id: i64,
        quote: &TextQuote,
        position: TextPosition,
        note: Option<&str>,
        color: Option<&str>,
        now: &str,
    ) -> Result<i64> {
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM articles WHERE id = ?1", [article_id], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound(article_id));
        }
        let kind = if note.is_some() { "note" } else { "highlight" };
        tx.execute(
            "INSERT INTO annotations (article_id, kind, color, note, quote_exact, quote_prefix,
                 quote_suffix, pos_start, pos_end, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                article_id,
                kind,
                color,
                note,
                quote.exact,
                quote.prefix,
                quote.suffix,
                position.start as i64,
                position.end as i64,
                now
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// The selectors of every annotation of one article, inside a transaction.
    pub fn anchors_of(tx: &Transaction, article_id: i64) -> Result<Vec<StoredAnchor>> {
        let mut stmt = tx.prepare(
            "SELECT id, quote_exact, quote_prefix, quote_suffix, pos_start, pos_end
             FROM annotations WHERE article_id = ?1 ORDER BY id",
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
        tx: &Transaction,
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
