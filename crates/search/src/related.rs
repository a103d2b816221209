//! Articles like a given one: tantivy's more-like-this over the jieba `words` field.
//!
//! The index stores no text (see `schema`), so the caller passes the article's title and
//! body from SQLite; tantivy tokenizes them with the `words` field's own tokenizer (jieba),
//! weighs each word by its frequency in the text and its rarity in the index, and runs the
//! best words as one optional-terms query. The title is given twice: its words say most
//! about what the article is.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::MoreLikeThisQuery;
use tantivy::schema::OwnedValue;
use tantivy::{DocAddress, Score};

use crate::{index::collect, schema, SearchError, SearchIndex};

/// At most this many of the article's words make the query.
const MAX_QUERY_TERMS: usize = 40;

/// Words too common to tell articles apart (jieba also yields function words and single
/// characters; most are dropped by the document-frequency cap, these also in small
/// libraries).
const STOP_WORDS: &[&str] = &[
    "的", "了", "在", "是", "和", "与", "及", "或", "也", "都", "就", "而", "对", "为", "以", "把",
    "被", "从", "到", "向", "这", "那", "我", "你", "他", "她", "它", "我们", "他们", "一个", "中",
    "上", "下", "有", "将", "等", "年", "月", "日", "说", "要", "会", "还", "the", "a", "an", "of",
    "to", "in", "and", "or", "for", "on", "at", "by", "with", "from", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "it", "its", "this", "that", "as", "but", "not", "he",
    "she", "they", "we", "you", "his", "her", "their", "said", "says", "will", "would", "also",
    "which", "who", "than", "more", "one", "s",
];

impl SearchIndex {
    /// Articles like the text `title` + `body`, most alike first, at most `limit`, never
    /// `exclude` (the article itself); when `allowed` is given, only those ids. Scores are
    /// BM25 sums of the shared words: comparable within one call only.
    pub fn similar(
        &self,
        title: &str,
        body: &str,
        exclude: i64,
        allowed: Option<&HashSet<i64>>,
        limit: usize,
    ) -> Result<Vec<(i64, f32)>, SearchError> {
        if limit == 0 || allowed.is_some_and(HashSet::is_empty) {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let num_docs = searcher.num_docs();
        if num_docs < 2 {
            return Ok(Vec::new());
        }
        let value = |s: &str| OwnedValue::Str(s.to_string());
        let query = MoreLikeThisQuery::builder()
            // A word no other article has cannot make two articles alike.
            .with_min_doc_frequency(2)
            // One in every ten articles (or more) has it: it says little about this one.
            .with_max_doc_frequency((num_docs / 10).max(10))
            .with_min_term_frequency(1)
            .with_max_query_terms(MAX_QUERY_TERMS)
            .with_min_word_length(2)
            .with_boost_factor(1.0)
            .with_stop_words(STOP_WORDS.iter().map(|w| w.to_string()).collect())
            .with_document_fields(vec![(
                self.fields.words,
                vec![value(title), value(title), value(body)],
            )]);
        let wanted = (limit + 1).min(usize::try_from(num_docs).unwrap_or(usize::MAX));
        let allowed = allowed.map(|ids| Arc::new(ids.clone()));
        let top: Vec<(Score, DocAddress)> = collect(
            &searcher,
            &query,
            allowed,
            TopDocs::with_limit(wanted).order_by_score(),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .i64(schema::ID)?;
            if let Some(id) = column.first(address.doc_id).filter(|&id| id != exclude) {
                hits.push((id, score));
            }
        }
        hits.truncate(limit);
        Ok(hits)
    }
}
