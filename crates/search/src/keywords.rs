//! The keywords of an article, for tag suggestions.
//!
//! - Chinese text: jieba-rs's TF-IDF (its IDF table from a large Chinese corpus), over nouns,
//!   names of people, places and organisations and verbal nouns only (verbs such as 表示 or
//!   进行 make poor tags), with a stop list of words that are nouns but say nothing about the
//!   subject (记者, 目前, 方面 …).
//! - Other text: words of three letters or more, weighed by their frequency in the text and
//!   their rarity in this library's index (the `words` field's document frequency), with an
//!   English stop list.

use std::collections::HashMap;
use std::sync::OnceLock;

use jieba_rs::{KeywordExtract, KeywordExtractConfig, TfIdf};
use tantivy::Term;

use crate::{text, tokenizer, SearchError, SearchIndex};

/// Nouns of news and reports that name no subject.
const CHINESE_STOP_WORDS: &[&str] = &[
    "记者", "目前", "方面", "情况", "问题", "时间", "今年", "去年", "明年", "今天", "昨天", "近日",
    "日前", "同时", "时候", "地方", "人们", "大家", "消息", "报道", "新闻", "视频", "编辑", "文字",
    "图片", "来源", "原文", "链接", "责任", "作者", "本报", "全文", "全国", "工作", "方式", "过程",
    "部分", "内容", "成果", "水平", "作用", "基础", "领域", "意见", "措施", "活动", "重点", "力度",
    "能力", "程度", "形式", "阶段", "条件", "任务", "单位",
];

/// English words that are never a subject.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "are",
    "was",
    "were",
    "been",
    "being",
    "has",
    "have",
    "had",
    "having",
    "its",
    "this",
    "that",
    "these",
    "those",
    "with",
    "from",
    "into",
    "onto",
    "but",
    "not",
    "she",
    "they",
    "them",
    "their",
    "his",
    "her",
    "him",
    "you",
    "your",
    "our",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "why",
    "how",
    "said",
    "says",
    "say",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "also",
    "than",
    "then",
    "there",
    "here",
    "more",
    "most",
    "much",
    "many",
    "some",
    "any",
    "all",
    "each",
    "other",
    "such",
    "only",
    "one",
    "two",
    "three",
    "new",
    "over",
    "after",
    "before",
    "about",
    "against",
    "between",
    "during",
    "out",
    "off",
    "does",
    "did",
    "doing",
    "just",
    "very",
    "like",
    "now",
    "year",
    "years",
    "told",
    "last",
    "first",
    "made",
    "make",
    "get",
    "got",
    "back",
    "because",
    "while",
    "still",
    "well",
    "way",
    "since",
    "under",
    "until",
    "even",
    "people",
    "time",
    "mr",
    "mrs",
    "ms",
    "per",
    "cent",
    "however",
    "added",
    "according",
    "week",
    "month",
    "going",
    "take",
    "taken",
    "set",
    "put",
    "see",
    "think",
    "want",
    "use",
    "used",
];

/// Parts of speech that make tags: nouns, names, places, organisations, verbal nouns.
const TAG_POS: &[&str] = &["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "vn"];

fn tfidf() -> &'static TfIdf {
    static TFIDF: OnceLock<TfIdf> = OnceLock::new();
    TFIDF.get_or_init(|| {
        let mut extractor = TfIdf::default();
        let mut config = KeywordExtractConfig::builder();
        for word in CHINESE_STOP_WORDS {
            config = config.add_stop_word(*word);
        }
        *extractor.config_mut() = config.build();
        extractor
    })
}

/// True when most of the letters of `text` are CJK.
fn is_mostly_cjk(text: &str) -> bool {
    let (mut cjk, mut other) = (0usize, 0usize);
    for c in text.chars().take(4000) {
        if text::is_cjk(c) {
            cjk += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    cjk > other
}

impl SearchIndex {
    /// The `limit` best keywords of an article (its title counts twice), best first, with
    /// weights comparable within one call.
    pub fn keywords(
        &self,
        title: &str,
        body: &str,
        limit: usize,
    ) -> Result<Vec<(String, f32)>, SearchError> {
        let text = format!("{title}\n{title}\n{body}");
        if limit == 0 {
            return Ok(Vec::new());
        }
        if is_mostly_cjk(&text) {
            let allowed = TAG_POS.iter().map(|p| p.to_string()).collect();
            return Ok(tfidf()
                .extract_keywords(tokenizer::jieba(), &text, limit, allowed)
                .into_iter()
                .filter(|k| k.keyword.chars().any(char::is_alphabetic))
                .map(|k| (k.keyword, k.weight as f32))
                .collect());
        }
        self.latin_keywords(&text, limit)
    }

    /// TF-IDF over the words of a non-CJK text, the IDF from this index.
    fn latin_keywords(&self, text: &str, limit: usize) -> Result<Vec<(String, f32)>, SearchError> {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            let word = word.trim_matches('\'').to_lowercase();
            let word = word.strip_suffix("'s").unwrap_or(&word).to_string();
            if word.chars().count() < 3
                || word.chars().any(|c| c.is_ascii_digit())
                || ENGLISH_STOP_WORDS.contains(&word.as_str())
            {
                continue;
            }
            *counts.entry(word).or_default() += 1;
        }
        let searcher = self.reader.searcher();
        let docs = searcher.num_docs().max(1) as f32;
        let mut scored = Vec::with_capacity(counts.len());
        for (word, tf) in counts {
            let df = searcher.doc_freq(&Term::from_field_text(self.fields.words, &word))? as f32;
            let idf = (docs / (1.0 + df)).ln().max(0.0) + 1.0;
            scored.push((word, tf as f32 * idf));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        scored.truncate(limit);
        Ok(scored)
    }
}
