//! Tags suggested for an article, from two sources:
//!
//! - **Similar**: the tags of the user's own tagged articles most like this one (the ten
//!   nearest by more-like-this among tagged articles), each neighbour's vote weighted by its
//!   similarity relative to the nearest; a tag's score is its share of the votes (0–1].
//!   This is what learns the user's own tagging.
//! - **Keyword**: the article's keywords (see `wenzhai_search::SearchIndex::keywords`:
//!   jieba TF-IDF over nouns for Chinese, TF-IDF over the library's words otherwise),
//!   scored below a clear vote of the neighbours (at most [`KEYWORD_SCORE`]), so that a
//!   library with tagged articles suggests its own tags first and a new library still gets
//!   suggestions. A keyword that is already one of the library's tags counts as that tag.
//!
//! Tags the article has are never suggested.

use std::collections::{HashMap, HashSet};

use wenzhai_core::suggestions::{TagSuggestion, TagSuggestionReason};
use wenzhai_store::StoreError;

use crate::{Library, Result};

/// How many tagged neighbours vote.
const NEIGHBOURS: usize = 10;
/// The score of the best keyword; the others are scaled below it by their weight.
const KEYWORD_SCORE: f32 = 0.3;
/// How many keywords are considered.
const KEYWORDS: usize = 10;

impl Library {
    /// Up to `limit` tags for article `id`, best first (see the module docs).
    pub fn suggest_tags(&self, id: i64, limit: usize) -> Result<Vec<TagSuggestion>> {
        let store = self.store();
        let (title, text) = store.title_and_text(id)?.ok_or(StoreError::NotFound(id))?;
        let own: HashSet<String> = store.tags_of(id)?.into_iter().collect();
        let mut tagged = store.tagged_articles()?;
        drop(store);
        tagged.remove(&id);
        let mut suggestions: HashMap<String, TagSuggestion> = HashMap::new();

        let allowed: HashSet<i64> = tagged.keys().copied().collect();
        let neighbours = self
            .index
            .similar(&title, &text, id, Some(&allowed), NEIGHBOURS)?;
        let best = neighbours.first().map_or(1.0, |n| n.1.max(f32::EPSILON));
        let total: f32 = neighbours.iter().map(|n| n.1 / best).sum();
        for (other, score) in &neighbours {
            let weight = score / best / total;
            for tag in tagged.get(other).into_iter().flatten() {
                if own.contains(tag) {
                    continue;
                }
                let entry = suggestions
                    .entry(tag.clone())
                    .or_insert_with(|| TagSuggestion {
                        tag: tag.clone(),
                        score: 0.0,
                        reason: TagSuggestionReason::Similar { from: Vec::new() },
                    });
                entry.score += weight;
                if let TagSuggestionReason::Similar { from } = &mut entry.reason {
                    from.push(*other);
                }
            }
        }

        // The library's tags by lower-cased path, so a keyword can be recognised as one.
        let known: HashMap<String, String> = tagged
            .values()
            .flatten()
            .map(|t| (t.to_lowercase(), t.clone()))
            .collect();
        let keywords = self.index.keywords(&title, &text, KEYWORDS)?;
        let top = keywords.first().map_or(1.0, |k| k.1.max(f32::EPSILON));
        for (word, weight) in keywords {
            let tag = known.get(&word.to_lowercase()).cloned().unwrap_or(word);
            if own.contains(&tag) || own.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                continue;
            }
            let score = KEYWORD_SCORE * weight / top;
            match suggestions.get_mut(&tag) {
                // Both a keyword and the neighbours' tag: the two agree, so it gains.
                Some(found) => found.score += score,
                None => {
                    suggestions.insert(
                        tag.clone(),
                        TagSuggestion {
                            tag,
                            score,
                            reason: TagSuggestionReason::Keyword,
                        },
                    );
                }
            }
        }

        let mut list: Vec<TagSuggestion> = suggestions.into_values().collect();
        list.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.tag.cmp(&b.tag)));
        list.truncate(limit);
        Ok(list)
    }
}
