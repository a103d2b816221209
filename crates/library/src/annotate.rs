//! Highlights and notes: creating them (the reader's selection, `wz annotate --quote`),
//! editing, deleting and restoring them (undo), the article-level note, and re-anchoring them
//! when an article's text changes.
//!
//! Notes and quotes are part of the article's index document (they are searchable), so every
//! write here bumps the change counter and re-indexes that one article in the same call.
//!
//! Colours are one of the five the reader draws ([`HIGHLIGHT_COLORS`]); any other is refused
//! with `bad_color` before anything is written, so neither the app, `wz` nor an old undo
//! snapshot can store a colour that no view can show or export as a style.

use crate::error::{LibraryError, Result};
use crate::export::HIGHLIGHT_COLORS;
use crate::{now_utc, Library};
use wenzhai_core::anchor::{self, Placement};
use wenzhai_core::model::{AnnotationView, ArticleDetail};
use wenzhai_store::{Store, Transaction};

/// How the annotations of re-extracted articles fared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReanchorCounts {
    /// Still at the same place.
    pub exact: u64,
    /// Found again elsewhere (exactly or approximately) and moved there.
    pub moved: u64,
    /// Not found: kept with their old selectors and shown as unplaced, never dropped.
    pub orphaned: u64,
}

impl Library {
    /// Highlight the first occurrence of `quote` in an article's text, optionally with a note.
    pub fn annotate(
        &self,
        id: i64,
        quote: &str,
        note: Option<&str>,
        color: Option<&str>,
    ) -> Result<AnnotationView> {
        self.require_writer()?;
        let color = highlight_color(color)?;
        let body = self.store().article(id)?.body;
        let (selector, position) = anchor::find_first(&body, quote)
            .and_then(|p| anchor::describe(&body, p.start, p.end))
            .ok_or_else(|| LibraryError::QuoteNotFound {
                id,
                quote: quote.to_string(),
            })?;
        let now = now_utc();
        let (ann, detail) = self.write_annotations(|tx| {
            let ann = Store::insert_annotation(tx, id, &selector, position, note, color, &now)?;
            Ok((ann, id))
        })?;
        find(detail, ann)
    }

    /// Highlight the chars `[start, end)` of an article's text (the reader's selection),
    /// with the W3C TextQuote (exact text and 32 chars of context) and TextPosition selectors
    /// built from the text. `bad_range` when the range is empty, outside the text or only
    /// whitespace.
    pub fn annotate_range(
        &self,
        article_id: i64,
        start: i64,
        end: i64,
        color: Option<String>,
        note: Option<String>,
    ) -> Result<ArticleDetail> {
        self.require_writer()?;
        let color = highlight_color(color.as_deref())?;
        let body = self.store().article(article_id)?.body;
        let bad = || LibraryError::BadRange {
            id: article_id,
            start,
            end,
            len: body.chars().count(),
        };
        let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else {
            return Err(bad());
        };
        let (selector, position) = anchor::describe(&body, s, e)
            .filter(|(quote, _)| !quote.exact.trim().is_empty())
            .ok_or_else(bad)?;
        let now = now_utc();
        let ((), detail) = self.write_annotations(|tx| {
            Store::insert_annotation(
                tx,
                article_id,
                &selector,
                position,
                note.as_deref(),
                color,
                &now,
            )?;
            Ok(((), article_id))
        })?;
        Ok(detail)
    }

    /// Change the colour and/or the note of an annotation: `None` leaves it, `Some(None)` (or
    /// a blank text) clears it, `Some(Some(x))` sets it.
    pub fn update_annotation(
        &self,
        id: i64,
        color: Option<Option<String>>,
        note: Option<Option<String>>,
    ) -> Result<ArticleDetail> {
        self.require_writer()?;
        let color = match &color {
            Some(c) => Some(highlight_color(c.as_deref())?),
            None => None,
        };
        let now = now_utc();
        let ((), detail) = self.write_annotations(|tx| {
            let article =
                Store::update_annotation(tx, id, color, note.as_ref().map(Option::as_deref), &now)?;
            Ok(((), article))
        })?;
        Ok(detail)
    }

    /// Delete an annotation. Returns the article as it now is and the deleted annotation as
    /// it was, which [`Library::restore_annotation`] puts back (undo).
    pub fn delete_annotation(&self, id: i64) -> Result<(ArticleDetail, AnnotationView)> {
        self.require_writer()?;
        self.write_annotations(|tx| Store::delete_annotation(tx, id))
            .map(|(view, detail)| (detail, view))
    }

    /// Undo of [`Library::delete_annotation`]: insert the annotation again with the same
    /// selectors, colour, note and times, and the same id unless another annotation took it
    /// meanwhile. If the text changed in between, it shows as unplaced rather than moving.
    pub fn restore_annotation(
        &self,
        article_id: i64,
        view: &AnnotationView,
    ) -> Result<ArticleDetail> {
        self.require_writer()?;
        highlight_color(view.color.as_deref())?;
        if !view.is_article_note() && view.quote.is_empty() {
            return Err(LibraryError::BadRange {
                id: article_id,
                start: view.start,
                end: view.end,
                len: self.store().article(article_id)?.body.chars().count(),
            });
        }
        let ((), detail) = self.write_annotations(|tx| {
            Store::restore_annotation(tx, article_id, view)?;
            Ok(((), article_id))
        })?;
        Ok(detail)
    }

    /// Set the article-level note (an annotation of kind `note` with no quote, shown first);
    /// `None` or a blank text removes it.
    pub fn set_article_note(&self, article_id: i64, note: Option<String>) -> Result<ArticleDetail> {
        self.require_writer()?;
        let now = now_utc();
        let ((), detail) = self.write_annotations(|tx| {
            Store::set_article_note(tx, article_id, note.as_deref(), &now)?;
            Ok(((), article_id))
        })?;
        Ok(detail)
    }

    /// Run one annotation write `f` (which returns its value and the article it touched) in a
    /// counted SQLite transaction, then re-index that article at the new counter, so search
    /// sees the new notes at once and the index never lags SQLite.
    fn write_annotations<T>(
        &self,
        f: impl FnOnce(&Transaction) -> wenzhai_store::Result<(T, i64)>,
    ) -> Result<(T, ArticleDetail)> {
        let mut store = self.store();
        let ((value, article), counter) = store.write(f)?;
        let mut writer = self.index.writer()?;
        writer.upsert(&store.index_doc(article)?)?;
        writer.commit(counter)?;
        Ok((value, store.article(article)?))
    }
}

/// The colour to store: `None` for none (or a blank one), else one of [`HIGHLIGHT_COLORS`]
/// (surrounding spaces ignored); any other is `bad_color`.
fn highlight_color(color: Option<&str>) -> Result<Option<&'static str>> {
    let Some(given) = color.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    HIGHLIGHT_COLORS
        .iter()
        .find(|known| **known == given)
        .map(|known| Some(*known))
        .ok_or_else(|| LibraryError::BadColor {
            color: given.to_string(),
        })
}

fn find(detail: ArticleDetail, id: i64) -> Result<AnnotationView> {
    detail
        .annotations
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(LibraryError::Store(
            wenzhai_store::StoreError::AnnotationNotFound(id),
        ))
}

/// Re-anchor every highlight of `article_id` in `new_text`, inside the transaction that
/// changes the text.
pub(crate) fn reanchor_all(
    tx: &wenzhai_store::Transaction,
    article_id: i64,
    new_text: &str,
    counts: &mut ReanchorCounts,
) -> wenzhai_store::Result<()> {
    let now = now_utc();
    for stored in Store::anchors_of(tx, article_id)? {
        match anchor::reanchor(new_text, &stored.quote, stored.position) {
            Placement::Exact(_) => counts.exact += 1,
            Placement::Orphan => counts.orphaned += 1,
            placed => {
                if let Some((quote, position)) = placed
                    .position()
                    .and_then(|p| anchor::describe(new_text, p.start, p.end))
                {
                    Store::move_annotation(tx, stored.id, &quote, position, &now)?;
                    counts.moved += 1;
                } else {
                    counts.orphaned += 1;
                }
            }
        }
    }
    Ok(())
}
