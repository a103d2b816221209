//! The model types of suggestions (issue 16): what the search box suggests as the user types
//! (titles, tags and sites, by characters or by pinyin), the tags suggested for an article,
//! and the articles related to one. Like `model`, they cross IPC and `wz --json`, and their
//! TypeScript bindings are generated into `ui/src/bindings/`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a suggestion names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SuggestionKind {
    Title,
    Tag,
    Site,
}

/// How the typed text matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SuggestionMatch {
    /// The characters themselves, as a substring (简繁 folded, case-insensitive).
    Text,
    /// Pinyin syllables, whole or cut short (`zuzhigongzuo`, `zuzhig`, `zǔ zhī`).
    Pinyin,
    /// The syllables' initials (`zzgz`).
    Initials,
}

/// One suggestion for what is being typed into the search box or a tag field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// The title, tag path or site as stored.
    pub text: String,
    /// The article, for a title.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub matched: SuggestionMatch,
}

/// Why a tag is suggested for an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TagSuggestionReason {
    /// A keyword of the article's own text.
    Keyword,
    /// The tag of articles much like this one (their ids, most similar first).
    Similar {
        #[ts(type = "Array<number>")]
        from: Vec<i64>,
    },
}

/// A tag suggested for an article, best first; never one it already has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TagSuggestion {
    pub tag: String,
    /// Higher is better; comparable within one article's suggestions only.
    pub score: f32,
    pub reason: TagSuggestionReason,
}

/// An article related to the one being read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RelatedArticle {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub site: Option<String>,
    /// ISO 8601 as stored, or null.
    pub published: Option<String>,
    /// tantivy's more-like-this score: higher is more alike.
    pub score: f32,
}
