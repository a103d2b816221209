//! Suggestions as the user types: titles, tags and sites whose characters contain the input
//! (简繁 folded, case-insensitive) or whose pinyin it spells (see [`crate::pinyin`]).
//!
//! The search box asks on every keystroke, so the answer must take a few milliseconds even
//! for ~76K articles. Converting a title to pinyin takes ~25 µs and the dictionary over a
//! second to load, so keys are converted once and kept in SQLite (`pinyin_keys`); the
//! suggestion index is built in memory from them on the first request and rebuilt when the
//! library's change counter moves (an import, a retag, a delete). A text without a stored
//! key (imported since, or a library from before schema 7) is converted then, and its key
//! stored when this library is the writer: the first suggestion after a large import pays
//! for the conversion once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use wenzhai_core::han::fold_to_simplified;
use wenzhai_core::suggestions::{Suggestion, SuggestionKind, SuggestionMatch};
use wenzhai_store::Store;

use crate::pinyin::{self, SCHEME};
use crate::{Library, Result};

/// One suggestible text.
struct Entry {
    kind: SuggestionKind,
    text: Box<str>,
    /// The text folded to Simplified and lower case, when that differs from `text`.
    folded: Option<Box<str>>,
    /// The article, for a title.
    id: Option<i64>,
    /// Pinyin syllables, space-separated.
    key: Box<str>,
    /// Articles with this tag or site (titles: 1), for ranking.
    articles: u64,
}

impl Entry {
    fn new(
        kind: SuggestionKind,
        text: String,
        id: Option<i64>,
        key: String,
        articles: u64,
    ) -> Entry {
        let folded = fold(&text);
        Entry {
            kind,
            folded: (folded != text).then(|| folded.into()),
            text: text.into(),
            id,
            key: key.into(),
            articles,
        }
    }

    fn folded(&self) -> &str {
        self.folded.as_deref().unwrap_or(&self.text)
    }
}

fn fold(text: &str) -> String {
    fold_to_simplified(text).to_lowercase()
}

/// The in-memory suggestion index of one state of the library.
pub(crate) struct SuggestionIndex {
    /// The change counter it was built at.
    counter: u64,
    /// Tags, then sites, then titles (each title text once, its newest article).
    entries: Vec<Entry>,
}

impl SuggestionIndex {
    /// Titles, tags and sites that match `input`, best first: text matches before pinyin,
    /// matches at the start before others, tags and sites before titles, more used first.
    fn find(&self, input: &str, kinds: &[SuggestionKind], limit: usize) -> Vec<Suggestion> {
        let folded_input = fold(input.trim());
        if folded_input.is_empty() || limit == 0 {
            return Vec::new();
        }
        let typed = pinyin::normalize_input(input);
        let mut found: Vec<(u8, usize)> = Vec::new();
        let mut how: HashMap<usize, SuggestionMatch> = HashMap::new();
        for (i, entry) in self.entries.iter().enumerate() {
            if !kinds.contains(&entry.kind) {
                continue;
            }
            let (rank, matched) = match entry.folded().find(&folded_input) {
                Some(0) => (0, SuggestionMatch::Text),
                Some(_) => (1, SuggestionMatch::Text),
                None => match typed
                    .as_deref()
                    .and_then(|t| pinyin::match_key(&entry.key, t.as_bytes()))
                {
                    Some(m) if entry.key.starts_with(typed.as_deref().unwrap_or_default()) => {
                        (2, m)
                    }
                    Some(m) => (3, m),
                    None => continue,
                },
            };
            found.push((rank, i));
            how.insert(i, matched);
        }
        let order = |&(rank, i): &(u8, usize)| {
            let e = &self.entries[i];
            let kind = match e.kind {
                SuggestionKind::Tag => 0,
                SuggestionKind::Site => 1,
                SuggestionKind::Title => 2,
            };
            (
                rank,
                kind,
                std::cmp::Reverse(e.articles),
                e.text.chars().count(),
                i,
            )
        };
        if found.len() > limit {
            found.select_nth_unstable_by_key(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_unstable_by_key(order);
        found
            .into_iter()
            .map(|(_, i)| {
                let e = &self.entries[i];
                Suggestion {
                    kind: e.kind,
                    text: e.text.to_string(),
                    id: e.id,
                    matched: how[&i],
                }
            })
            .collect()
    }
}

impl Library {
    /// Titles, tags and sites for what is being typed into the search box, best first (at
    /// most `limit`): the input's characters as a substring (简繁 folded, case-insensitive),
    /// or its pinyin — full (`zuzhigongzuo`, `zu zhi gong zuo`, `zǔzhī`), initials (`zzgz`)
    /// or mixed (`zuzhig`) — from any syllable on. Each title text is suggested once, with
    /// its newest article's id.
    pub fn suggest(&self, input: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let index = self.suggestion_index()?;
        Ok(index.find(
            input,
            &[
                SuggestionKind::Tag,
                SuggestionKind::Site,
                SuggestionKind::Title,
            ],
            limit,
        ))
    }

    /// Existing tags for the tag field's autocomplete, matched like [`Library::suggest`]
    /// (substring or pinyin), most used first among equal matches.
    pub fn tag_completions(&self, input: &str, limit: usize) -> Result<Vec<String>> {
        let index = self.suggestion_index()?;
        Ok(index
            .find(input, &[SuggestionKind::Tag], limit)
            .into_iter()
            .map(|s| s.text)
            .collect())
    }

    /// Work out the pinyin key of every title, tag and site that has none yet and store them
    /// (a writer only), then build the suggestion index. The app can call this after an
    /// import so that the first keystroke does not pay for the conversion.
    pub fn refresh_suggestions(&self) -> Result<()> {
        self.suggestion_index().map(drop)
    }

    /// The suggestion index for the library as it is now (built or rebuilt when needed).
    pub(crate) fn suggestion_index(&self) -> Result<Arc<SuggestionIndex>> {
        let counter = self.store().change_counter()?;
        {
            let cached = self.suggestions.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(index) = cached.as_ref().filter(|i| i.counter == counter) {
                return Ok(Arc::clone(index));
            }
        }
        let missing = self.store().texts_without_pinyin(SCHEME)?;
        // Converted without holding the store: the first conversion loads the dictionary.
        let converted: Vec<(String, String)> = missing
            .into_iter()
            .map(|text| {
                let key = pinyin::syllables(&text);
                (text, key)
            })
            .collect();
        let mut store = self.store();
        if !converted.is_empty() && !self.is_read_only() {
            // A cache, not part of what the index sees: no change counter.
            store.write_unindexed(|tx| Store::put_pinyin_keys(tx, &converted, SCHEME))?;
        }
        let fresh: HashMap<&str, &str> = converted
            .iter()
            .map(|(t, k)| (t.as_str(), k.as_str()))
            .collect();
        let key_of = |text: &str, stored: Option<String>| -> String {
            stored
                .or_else(|| fresh.get(text).map(|k| k.to_string()))
                .unwrap_or_default()
        };
        let counter = store.change_counter()?;
        let (tags, sites) = store.name_keys(SCHEME)?;
        let titles = store.title_keys(SCHEME)?;
        drop(store);
        let mut entries = Vec::with_capacity(tags.len() + sites.len() + titles.len());
        for (kind, rows) in [(SuggestionKind::Tag, tags), (SuggestionKind::Site, sites)] {
            for row in rows {
                let key = key_of(&row.name, row.syllables);
                entries.push(Entry::new(kind, row.name, None, key, row.articles));
            }
        }
        let mut seen = HashSet::new();
        for row in titles {
            if row.title.trim().is_empty() || !seen.insert(row.title.clone()) {
                continue;
            }
            let key = key_of(&row.title, row.syllables);
            entries.push(Entry::new(
                SuggestionKind::Title,
                row.title,
                Some(row.id),
                key,
                1,
            ));
        }
        let index = Arc::new(SuggestionIndex { counter, entries });
        *self.suggestions.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&index));
        Ok(index)
    }
}

impl Library {
    /// How many titles, tags and sites have no stored pinyin key yet (the next suggestion
    /// converts them; a writer stores them). `wz suggest` opens the library as the writer
    /// when this is not zero, so the conversion is paid once, not on every call.
    pub fn missing_pinyin_keys(&self) -> Result<usize> {
        Ok(self.store().texts_without_pinyin(SCHEME)?.len())
    }
}
