//! The notes view across the library: every highlight and note with its article, filtered
//! by tag, colour, article or text.

use crate::error::Result;
use crate::Library;
use wenzhai_core::model::{NoteRow, NotesFilter};

impl Library {
    /// Annotations matching `filter` (every condition given must hold): newest first, or in
    /// text order (the article note first) when `filter.article` is given. `placed` is false
    /// for highlights whose quote is no longer at their place in the text (orphans), so the
    /// view can list them apart. `query` is a plain substring of the quote or the note.
    pub fn notes(&self, filter: NotesFilter) -> Result<Vec<NoteRow>> {
        Ok(self.store().notes(&filter)?)
    }
}
