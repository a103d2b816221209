//! wenzhai-search: the tantivy index. It is derived data: SQLite is the source of truth and the
//! index can always be rebuilt from it. CJK is indexed as unigrams + bigrams (exact substring
//! matching, see `tokenizer`), jieba words only boost ranking, queries are built by us
//! (see `query`), and snippets come from the text, not from tantivy (see `snippet`).
//!
//! Queries: parts are separated by whitespace; `"a quoted phrase"` (also “…”, 「…」) is one
//! part; `-part` excludes. Every other part is required and must occur in the title or the
//! body: CJK as a substring, letters/digits as whole words, case-insensitive, full-width ASCII
//! folded to half-width (`５Ｇ` = `5G`). Inside a part, `5G网络` means `5G` directly followed
//! by `网络`; whitespace and punctuation are told apart but not their exact chars. Parts
//! without letters, digits or CJK (punctuation, emoji) are ignored; a query without required
//! parts matches nothing. Queries are cut at 1024 chars. Hits are ranked by BM25 with matches
//! in the title counting 3×, plus a bonus when jieba sees the part as a word.

mod index;
mod query;
mod schema;
mod snippet;
mod text;
mod tokenizer;

pub use index::{IndexWriterSession, SearchIndex};
pub use tokenizer::{CJK_TOKENIZER, JIEBA_TOKENIZER, RAW_TOKENIZER};

/// One article as the index sees it (defined in wenzhai-core, shared with the store).
pub use wenzhai_core::model::IndexDoc;

/// One page of results: ids with scores, best first; `total` counts every match.
#[derive(Debug, Clone, Default)]
pub struct SearchPage {
    pub total: u64,
    pub hits: Vec<(i64, f32)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("the search index is locked by another writer")]
    Locked,
    #[error("invalid query: {0}")]
    Query(String),
    #[error("index I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// The literal parts of a query (what must be found; excluded `-parts` and parts without any
/// letter, digit or CJK char left out), for snippets/highlights.
pub fn query_parts(query: &str) -> Vec<String> {
    query::query_parts(query)
}

/// A plain-text snippet of about `max_chars` chars around the first match of any part in
/// `text` (case-insensitive for Latin; substring for CJK), plus [start,end) char ranges of
/// every match inside the snippet. With no match, the beginning of the text. Offsets count
/// chars, never bytes. Whitespace runs become one space; `…` marks cut text at either end.
pub fn snippet(text: &str, parts: &[String], max_chars: usize) -> (String, Vec<(u32, u32)>) {
    snippet::snippet(text, parts, max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn index_is_send_and_sync() {
        assert_send_sync::<SearchIndex>();
        assert_send_sync::<IndexWriterSession>();
    }
}
