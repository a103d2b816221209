//! Creating highlights and notes (the reader's selection, `wz annotate --quote`), and
//! re-anchoring them when an article's text changes.

use crate::error::{LibraryError, Result};
use crate::{now_utc, Library};
use wenzhai_core::anchor::{self, Placement};
use wenzhai_core::model::AnnotationView;
use wenzhai_store::Store;

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
        let mut store = self.store();
        let body = store.article(id)?.body;
        let (selector, position) = anchor::find_first(&body, quote)
            .and_then(|p| anchor::describe(&body, p.start, p.end))
            .ok_or_else(|| LibraryError::QuoteNotFound {
                id,
                quote: quote.to_string(),
            })?;
        let now = now_utc();
        let (ann, _) = store
            .write(|tx| Store::insert_annotation(tx, id, &selector, position, note, color, &now))?;
        store
            .article(id)?
            .annotations
            .into_iter()
            .find(|a| a.id == ann)
            .ok_or(LibraryError::Store(wenzhai_store::StoreError::NotFound(
                ann,
            )))
    }
}

/// Re-anchor every annotation of `article_id` in `new_text`, inside the transaction that
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
