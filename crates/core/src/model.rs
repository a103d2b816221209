//! The model types that cross the library boundary: what `wz --json` prints and what the app
//! sends over IPC. TypeScript bindings for the UI are generated from these (ts-rs) into
//! `ui/src/bindings/` by `cargo test -p wenzhai-core`, and committed; CI fails on drift.

use crate::import::escape;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One article as the search index sees it (read from SQLite, indexed by wenzhai-search).
/// The body is indexed, never stored in the index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexDoc {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub author: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub tags: Vec<String>,
    /// ISO 8601 as stored (`2022-07-05T14:30:29`, `2022-07-05` or `2022-07`), for `after:`/`before:`.
    pub published: Option<String>,
    /// The notes and highlighted quotes of the article's annotations, one value each, so a
    /// query word can be found in what the user wrote or marked (see wenzhai-search).
    pub notes: Vec<String>,
}

impl IndexDoc {
    /// A freshly imported article as the index sees it (no tags yet).
    pub fn new_article(id: i64, x: &crate::Extracted) -> IndexDoc {
        IndexDoc {
            id,
            title: x.title.clone(),
            body: x.body_text.clone(),
            author: x.author.clone(),
            source: x.source.clone(),
            site: x.site.clone(),
            tags: Vec::new(),
            published: x.published.clone(),
            notes: Vec::new(),
        }
    }
}

/// A tag path with the number of articles carrying it (not counting its children).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TagCount {
    pub path: String,
    #[ts(type = "number")]
    pub articles: i64,
}

/// One row of the article list: no bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub site: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub tags: Vec<String>,
    pub read: bool,
    pub starred: bool,
    pub archived: bool,
    /// ISO 8601 UTC, e.g. `2026-11-27T21:30:00Z`.
    pub imported_at: String,
}

/// The order of the library list. Each has a natural direction that `ListQuery.reverse`
/// flips; ties are broken by id in the same direction, so paging is stable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum ListSort {
    /// Published time (the import time when the page gave none), newest first.
    #[default]
    Date,
    /// Title, A→Z (by code point).
    Title,
    /// Import time, newest first.
    Imported,
}

/// One page of the library list: filters (every one given must hold), order and window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ListQuery {
    /// Articles with this tag or a tag beneath it (`党建` covers `党建/组织建设`); a blank
    /// string is no filter.
    pub tag: Option<String>,
    /// Articles of exactly this site; a blank string is no filter.
    pub site: Option<String>,
    /// `false`: only unread; `true`: only read.
    pub read: Option<bool>,
    /// `true`: only starred; `false`: only unstarred.
    pub starred: Option<bool>,
    /// `true`: only archived; `false`: archived ones hidden; null: both.
    pub archived: Option<bool>,
    pub sort: ListSort,
    /// Flip the sort's natural direction.
    pub reverse: bool,
    pub offset: u32,
    /// Rows per page: 0 means 100; at most 1000.
    pub limit: u32,
}

impl ListQuery {
    pub const DEFAULT_LIMIT: u32 = 100;
    pub const MAX_LIMIT: u32 = 1000;

    /// The page size actually used.
    pub fn page_size(&self) -> u32 {
        match self.limit {
            0 => Self::DEFAULT_LIMIT,
            n => n.min(Self::MAX_LIMIT),
        }
    }
}

/// One page of the library list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListPage {
    /// Every article matching the filters, not only this page.
    #[ts(type = "number")]
    pub total: u32,
    pub rows: Vec<ArticleSummary>,
}

/// A node of the tag tree. Parents of used tags are included even when no article carries
/// them itself (`own` 0), so the tree is complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TagNode {
    pub path: String,
    /// Articles carrying exactly this tag.
    #[ts(type = "number")]
    pub own: i64,
    /// Distinct articles carrying this tag or any tag beneath it.
    #[ts(type = "number")]
    pub total: i64,
    /// `#rrggbb`, or null for the default colour.
    pub color: Option<String>,
}

/// A site with its number of articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SiteCount {
    pub site: String,
    #[ts(type = "number")]
    pub articles: i64,
}

/// Article counts of the whole library by reading state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LibraryCounts {
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub unread: i64,
    #[ts(type = "number")]
    pub starred: i64,
    #[ts(type = "number")]
    pub archived: i64,
}

/// What the library view's side panel shows: the tag tree, the sites, the state counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Facets {
    /// Sorted by path segment by segment, so children directly follow their parent (`a`,
    /// `a/b`, `a b`); tags no article uses (at or beneath them) are left out.
    pub tags: Vec<TagNode>,
    /// Most articles first, then by site; articles without a site are not counted here.
    pub sites: Vec<SiteCount>,
    pub counts: LibraryCounts,
}

/// The reading state of one article exactly as it was before a bulk change; giving it back to
/// the library (`restore_state`) undoes the change, `read_at` included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReadingState {
    #[ts(type = "number")]
    pub id: i64,
    /// ISO 8601 UTC; null when unread.
    pub read_at: Option<String>,
    pub starred: bool,
    pub archived: bool,
}

/// A highlight or note, as shown to the user. `start`/`end` count chars of the article's
/// plain text; `placed` is false when the quote could not be found in the current text.
///
/// `kind` is `"highlight"` (a quote of the text, maybe with a note) or `"note"` (the one
/// article-level note: empty quote, `start == end == 0`, always `placed`). `prefix`/`suffix`
/// are the W3C TextQuote context (up to 32 chars either side), kept so a deleted annotation
/// can be restored with exactly its selectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnnotationView {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub color: Option<String>,
    pub note: Option<String>,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    #[ts(type = "number")]
    pub start: i64,
    #[ts(type = "number")]
    pub end: i64,
    pub placed: bool,
    /// ISO 8601 UTC.
    pub created_at: String,
    /// ISO 8601 UTC; changes with the note, the colour or a move by re-anchoring.
    pub updated_at: String,
    /// Its stable, library-independent identity (a v4 UUID, lowercase): exported as
    /// `urn:uuid:…`. Kept through edits, re-anchoring and undo; empty only in a view made by
    /// an older caller, which then gets a fresh one when restored.
    #[serde(default)]
    pub uuid: String,
}

impl AnnotationView {
    /// `kind` of the article-level note.
    pub const NOTE: &'static str = "note";
    /// `kind` of a highlight (a quote, maybe with a note).
    pub const HIGHLIGHT: &'static str = "highlight";

    /// True for the article-level note (not anchored in the text).
    pub fn is_article_note(&self) -> bool {
        self.kind == Self::NOTE
    }
}

/// The annotation a search hit matched in: its note or its quote contains a query part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnnotationHit {
    #[ts(type = "number")]
    pub id: i64,
    /// Empty for the article-level note.
    pub quote: String,
    pub note: Option<String>,
    pub color: Option<String>,
}

/// Which annotations [`NoteRow`]s list: every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotesFilter {
    /// Articles with this tag or a tag beneath it.
    pub tag: Option<String>,
    /// Annotations of this colour.
    pub color: Option<String>,
    /// Annotations of this article.
    #[ts(type = "number | null")]
    pub article: Option<i64>,
    /// Text the quote or the note contains (case-insensitive for ASCII).
    pub query: Option<String>,
}

/// One row of the notes view across the library: an annotation with its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteRow {
    pub annotation: AnnotationView,
    #[ts(type = "number")]
    pub article_id: i64,
    pub article_title: String,
    pub article_tags: Vec<String>,
}

/// Everything about one article: the fields `wz extract` gives plus the library's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleDetail {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub section: Option<String>,
    pub url: Option<String>,
    /// Plain text, paragraphs separated by a blank line.
    pub body: String,
    /// Sanitized HTML for the reader.
    pub body_html: String,
    pub lang: String,
    pub encoding: String,
    pub format: String,
    pub tags: Vec<String>,
    pub annotations: Vec<AnnotationView>,
    pub read: bool,
    pub starred: bool,
    pub archived: bool,
    /// The user allowed this article's remote images (fetched by the app without cookies).
    pub images_allowed: bool,
    /// Reading progress, 0 (not started) to 1 (read to the end).
    pub progress: f64,
    /// ISO 8601 UTC, e.g. `2026-11-27T21:30:00Z`.
    pub imported_at: String,
}

/// One search result row. `snippet` is plain text around the first match (in the article's
/// text, else in the matching annotation's note);
/// `highlights` are `[start, end)` char ranges of the matches within `snippet`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub score: f32,
    pub snippet: String,
    #[ts(type = "Array<[number, number]>")]
    pub highlights: Vec<(u32, u32)>,
    /// The snippet as HTML: escaped text with every match in `<mark>…</mark>`.
    pub snippet_html: String,
    /// The first annotation (in text order, the article note first) whose note or quote
    /// contains a query part; null when none does. When the text itself has no match, the
    /// snippet is cut from this annotation's note (or its quote).
    pub annotation: Option<AnnotationHit>,
    /// The chapter of a document (a book's chapter, a report's top heading) that holds the
    /// snippet's match; null for web pages and texts, and before a document's first heading.
    pub chapter: Option<String>,
}

/// Escaped `text` with the `[start, end)` char ranges wrapped in `<mark>`.
pub fn marked_html(text: &str, ranges: &[(u32, u32)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let piece = |from: usize, to: usize| escape(&chars[from..to].iter().collect::<String>());
    let mut out = String::with_capacity(text.len() + 16 * ranges.len());
    let mut pos = 0;
    for &(start, end) in ranges {
        let (start, end) = (start as usize, (end as usize).min(chars.len()));
        if start < pos || start >= end {
            continue;
        }
        out.push_str(&piece(pos, start));
        out.push_str("<mark>");
        out.push_str(&piece(start, end));
        out.push_str("</mark>");
        pos = end;
    }
    out.push_str(&piece(pos, chars.len()));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn marked_html_escapes_and_marks_by_char_offsets() {
        assert_eq!(
            super::marked_html("😀<组织>建设", &[(2, 4), (5, 7)]),
            "😀&lt;<mark>组织</mark>&gt;<mark>建设</mark>"
        );
        assert_eq!(super::marked_html("abc", &[]), "abc");
    }
}

/// A page of search results; `total` counts every match, not only this page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchResults {
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub took_ms: u64,
    pub hits: Vec<SearchHit>,
}

/// What happened to one input file of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase", tag = "status")]
pub enum ImportStatus {
    Imported {
        #[ts(type = "number")]
        id: i64,
    },
    Duplicate {
        #[ts(type = "number")]
        duplicate_of: i64,
        /// Same URL as that article but a different text: a newer (or older) save of the
        /// page. An import with an update mode may replace the article's text with it.
        #[serde(default, skip_serializing_if = "is_false")]
        #[ts(as = "Option<bool>", optional)]
        changed: bool,
        /// With `changed`: the file's date is before the article's, so importing with
        /// `UpdateMode::Newer` kept the article as it is.
        #[serde(default, skip_serializing_if = "is_false")]
        #[ts(as = "Option<bool>", optional)]
        older: bool,
    },
    /// The file is a new save of an article's page (same URL, different text) and replaced
    /// that article's text. The article keeps its id, tags, reading state and highlights
    /// (re-anchored in the new text; `orphaned` ones are kept as unplaced); its previous
    /// original stays in the library as an earlier version.
    Updated {
        #[ts(type = "number")]
        id: i64,
        #[ts(type = "number")]
        placed: u64,
        #[ts(type = "number")]
        orphaned: u64,
    },
    /// Imported as a new article, whose text is substantially the same as an article already
    /// in the library (a repost: other boilerplate, trimmed, re-punctuated, 简繁 or width
    /// differences, a few sentences changed). `similarity` (0–1) is the share of the shorter
    /// text's shingles found in the other (see `wenzhai_core::similar`).
    #[serde(rename = "near_duplicate")]
    NearDuplicate {
        #[ts(type = "number")]
        id: i64,
        #[ts(type = "number")]
        near_duplicate_of: i64,
        similarity: f64,
    },
    Failed {
        /// Stable code, e.g. `not_text`, `too_large`, `unreadable`.
        code: String,
        error: String,
    },
}

/// One file's result: `{"path", "status", "id"?, "duplicate_of"?, "near_duplicate_of"?,
/// "similarity"?, "changed"?, "older"?, "placed"?,
/// "orphaned"?, "code"?, "error"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    pub path: String,
    #[serde(flatten)]
    pub status: ImportStatus,
}

/// Counts of a finished import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportSummary {
    pub imported: u32,
    pub duplicates: u32,
    /// Articles whose text a newer save of the same URL replaced (only with an update mode;
    /// absent when 0, so the summary stays `{imported, duplicates, failed}` otherwise).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(as = "Option<u32>", optional)]
    pub updated: u32,
    pub failed: u32,
    /// Of the `imported`, those reported as near-duplicates of an article already there
    /// (absent when 0, like `updated`).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(as = "Option<u32>", optional)]
    pub near_duplicates: u32,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Progress of a long import, reported after each file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    /// Files done so far (including failures and duplicates).
    pub done: u32,
    /// Files found in total (known once the inputs have been walked).
    pub total: u32,
    pub outcome: ImportOutcome,
}

/// Another article that one is a near-duplicate of (and was not kept apart from): what the
/// reader shows as "also saved from 反腐倡廉网 (2022-07-05)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NearDuplicate {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub site: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// 0–1: the share of the shorter text found in the other.
    pub similarity: f64,
}

/// Articles that are near-duplicates of each other (connected by near-duplicate pairs not
/// kept apart), at least two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateCluster {
    /// Ascending.
    #[ts(type = "Array<number>")]
    pub ids: Vec<i64>,
    /// One per id, in the same order.
    pub members: Vec<ArticleSummary>,
    /// The lowest similarity of the pairs that join the cluster.
    pub similarity: f64,
}
