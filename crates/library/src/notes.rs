//! The notes view across the library: every highlight and note with its article, filtered
//! by tag, colour, article or text.

use crate::error::Result;
use crate::Library;
use wenzhai_core::model::{ArticleDetail, NoteRow, NotesFilter};

impl Library {
    /// Annotations matching `filter` (every condition given must hold): newest first, or in
    /// text order (the article note first) when `filter.article` is given. `placed` is false
    /// for highlights whose quote is no longer at their place in the text (orphans), so the
    /// view can list them apart. `query` is a plain substring of the quote or the note.
    pub fn notes(&self, filter: NotesFilter) -> Result<Vec<NoteRow>> {
        Ok(self.store().notes(&filter)?)
    }

    /// Every article with at least one highlight or note (carrying `tag`, when given), in id
    /// order: what a notes export of a tag or of the library holds.
    pub fn annotated_articles(&self, tag: Option<&str>) -> Result<Vec<ArticleDetail>> {
        let filter = NotesFilter {
            tag: tag.map(str::to_owned),
            ..NotesFilter::default()
        };
        let mut ids: Vec<i64> = self.notes(filter)?.iter().map(|r| r.article_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| self.article(id)).collect()
    }
}
