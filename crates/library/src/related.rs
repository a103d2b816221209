//! Articles related to the one being read: tantivy's more-like-this over the jieba words of
//! its title and text (see `wenzhai_search::SearchIndex::similar`), the text read from
//! SQLite because the index stores none.

use wenzhai_core::suggestions::RelatedArticle;
use wenzhai_store::StoreError;

use crate::{Library, Result};

impl Library {
    /// Up to `limit` articles most like article `id`, most alike first (never itself).
    /// `not_found` for an unknown id.
    pub fn related(&self, id: i64, limit: usize) -> Result<Vec<RelatedArticle>> {
        let store = self.store();
        let (title, text) = store.title_and_text(id)?.ok_or(StoreError::NotFound(id))?;
        let similar = self.index.similar(&title, &text, id, None, limit)?;
        let mut related = Vec::with_capacity(similar.len());
        for (other, score) in similar {
            // An id the index still has for an instant after a delete is skipped.
            if let Some(head) = store.article_head(other)? {
                related.push(RelatedArticle {
                    id: head.id,
                    title: head.title,
                    site: head.site,
                    published: head.published,
                    score,
                });
            }
        }
        Ok(related)
    }
}
