//! wenzhai-search: the tantivy index. It is derived data: SQLite is the source of truth and the
//! index can always be rebuilt from it. CJK is indexed as unigrams + bigrams (exact substring
//! matching, see `tokenizer`), jieba words only boost ranking, queries are built by us
//! (see `query`), and snippets come from the text, not from tantivy (see `snippet`).
//!
//! # The query language
//!
//! - **Parts** are separated by whitespace (also the ideographic space `　`) and ANDed;
//!   `"a quoted phrase"` (also “…”, 「…」, 『…』, ＂…＂) is one part; an unbalanced quote runs
//!   to the end. A part must occur in the title, the body or the notes and highlighted
//!   quotes of the article's annotations: CJK as a substring,
//!   letters/digits as whole words, case-insensitive, full-width ASCII folded to half-width
//!   (`５Ｇ` = `5G`), Traditional Chinese folded to Simplified (`组织` = `組織`; 发 finds 發
//!   and 髮, 里 finds 裡 and 裏: OpenCC's character table, see `wenzhai_core::han`). Inside a part, `5G网络` means `5G` directly followed by `网络`;
//!   whitespace and punctuation are told apart but not their exact chars. Parts without
//!   letters, digits or CJK (punctuation, emoji) are ignored.
//! - **`=part`** (also `="a phrase"`, `"=a phrase"`, `-=part`): the exact characters, no
//!   简繁 folding: `=組織` finds 組織 but not 组织 (width and case still fold). The index
//!   finds the folded part and the hits are checked against the stored title, body and notes
//!   ([`SearchIndex::search_checked`]); [`ParsedQuery::with_exact_characters`] makes every
//!   part exact (the app's "exact characters" toggle, [`SearchOptions`]).
//! - **`-part`** (also `-"a phrase"`, `-tag:x`, `-site:x`, `-source:x`, `-author:x`) excludes.
//! - **`a OR b`** (upper-case, unquoted): either. OR binds tighter than the implicit AND:
//!   `碳中和 OR 碳达峰 目标` = (碳中和 OR 碳达峰) AND 目标. Filters may be alternatives
//!   (`tag:a OR tag:b`); exclusions and state filters may not.
//! - **Filters** `key:value` (also with the full-width colon `：`, `key` case-insensitive, the
//!   value possibly quoted: `author:"John Smith"`):
//!   - `tag:党建` — the tag and its children (`党建`, `党建/组织建设`, not `党建建设`);
//!     case-insensitive, full-width and 简繁 folded (`tag:组织` finds the tag `組織`), spaces
//!     around `/` ignored.
//!   - `site:`, `source:`, `author:` — the value occurs in that field the way a part occurs in
//!     the text: CJK as a substring, words as whole words, case-insensitive, 简繁 folded. So the whole
//!     value matches, `author:张三` also finds `记者 张三` and `张三丰` (CJK names have no
//!     word boundaries), `author:smith` finds `John Smith` but not `Smithers`, and
//!     `site:news.cn` finds `news.cn` and `www.news.cn` but not `badnews.cn`.
//!   - `after:D`, `before:D` — the published date, inclusive, with `D` = `2022`, `2022-03` or
//!     `2022-03-15` (also `/` or `.` separators, `2022年3月15日`): `after:` from the first
//!     instant of `D`, `before:` to its last. A stored date with less precision counts as its
//!     first instant (`2022-07` = 2022-07-01). Articles without a date never match a date
//!     filter.
//!   - `is:unread`, `is:read`, `is:starred`, `is:archived`, `has:notes` (any annotation),
//!     `has:highlights` (a highlight in the text) — state filters: the
//!     index does not hold reading state, so they are returned by
//!     [`ParsedQuery::state_filters`] and the caller passes the allowed ids to
//!     [`SearchIndex::search_parsed`].
//!   - Any other `foo:bar` is literal text.
//! - **Malformed** queries are [`SearchError::Query`] with a message naming the problem:
//!   `OR` at either end or twice in a row, an empty filter value (`tag:`), a bad date
//!   (`after:notadate`), an unknown `is:`/`has:` value, a filter value without letters,
//!   digits or CJK, an exclusion or state filter inside `OR`, an excluded date or state filter.
//! - A query without a positive part, filter or state filter (empty, or only exclusions)
//!   matches nothing; one with only state filters matches every allowed article. Queries are
//!   cut at 1024 chars.
//!
//! Hits are ranked by BM25 with matches in the title counting 3×, plus a bonus when jieba sees
//! a part as a word; filters do not change scores. [`SortOrder::Newest`] sorts by published
//! date instead (undated last).

mod date;
mod directory;
mod exact;
mod filter;
mod index;
mod keywords;
mod parse;
mod query;
mod related;
mod schema;
mod snippet;
mod tags;
mod text;
mod tokenizer;

pub use index::{IndexWriterSession, SearchIndex, INDEX_VERSION};
pub use parse::{parse_query, ParsedQuery, StateFilter};
pub use tokenizer::{CJK_TOKENIZER, JIEBA_TOKENIZER, RAW_TOKENIZER};

/// One article as the index sees it (defined in wenzhai-core, shared with the store).
pub use wenzhai_core::model::IndexDoc;

/// One page of results: ids with scores, best first; `total` counts every match.
#[derive(Debug, Clone, Default)]
pub struct SearchPage {
    pub total: u64,
    pub hits: Vec<(i64, f32)>,
}

/// How a query is run, beside the query text: what the app's search box offers as toggles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchOptions {
    pub sort: SortOrder,
    /// Every text part matches its exact characters only, as if written `=part`: 組織 finds
    /// 組織 but not 组织. Off by default: Traditional and Simplified fold together.
    pub exact_characters: bool,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first (BM25, title boost, jieba word boost).
    #[default]
    Relevance,
    /// Newest `published` first; articles without a date last; ties by relevance.
    Newest,
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

/// The literal parts of a query, for snippets/highlights: the same as
/// [`ParsedQuery::literal_parts`] (required parts and `OR` alternatives; excluded parts,
/// filters and parts without any letter, digit or CJK char left out). Empty for a malformed
/// query.
pub fn query_parts(query: &str) -> Vec<String> {
    parse_query(query)
        .map(|parsed| parsed.literal_parts())
        .unwrap_or_default()
}

/// True when any part occurs in `text` the way the index matches it (see [`snippet`]): the
/// library asks this of annotation notes and quotes to tell which one a hit matched.
pub fn contains_part(text: &str, parts: &[String]) -> bool {
    snippet::contains_part(text, parts)
}

/// The byte offset in `text` of the first match of any part, found as [`snippet`] finds it
/// (so a snippet and the chapter named beside it agree); None without a match.
pub fn first_match_offset(text: &str, parts: &[String]) -> Option<usize> {
    snippet::first_match_offset(text, parts)
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
