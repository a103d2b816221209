//! The index schema: field names, options and the [`Fields`] handle.
//!
//! - `id`: i64, indexed (for delete-by-term), fast (to read hits) and stored.
//! - `title`, `body`: the matching fields, `wz_cjk` tokenizer with positions. Nothing but the
//!   id is stored: texts live in SQLite.
//! - `notes`: the third matching field, analysed like the body: the notes and highlighted
//!   quotes of the article's annotations, one value each (tantivy leaves a position gap between
//!   values, and a bigram never spans two values, so a part does not match across two notes).
//! - `words`: jieba search-mode words of title, body and notes, frequencies only, ranking
//!   boost only.
//! - `author`, `source`, `site`: `wz_cjk` with positions, for `author:`/`source:`/`site:`
//!   filters matched like text parts (CJK substring, whole words).
//! - `tag`: every tag path of the article and all its ancestors, normalized (see `tags`), as
//!   whole terms (`wz_raw`), for `tag:`.
//! - `published`: i64 date key `YYYYMMDDhhmmss` (see `date`), indexed for `after:`/`before:`
//!   and fast for the newest-first order; absent when the article has no (valid) date.
//!
//! Changing anything here changes the schema, and opening an index built with another schema
//! fails: the caller then rebuilds the index from SQLite.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
};

use crate::tokenizer::{CJK_TOKENIZER, JIEBA_TOKENIZER, RAW_TOKENIZER};

pub(crate) const ID: &str = "id";
pub(crate) const TITLE: &str = "title";
pub(crate) const BODY: &str = "body";
pub(crate) const NOTES: &str = "notes";
pub(crate) const WORDS: &str = "words";
pub(crate) const AUTHOR: &str = "author";
pub(crate) const SOURCE: &str = "source";
pub(crate) const SITE: &str = "site";
pub(crate) const TAG: &str = "tag";
pub(crate) const PUBLISHED: &str = "published";

/// Handles of our fields in an index's schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub notes: Field,
    pub words: Field,
    pub author: Field,
    pub source: Field,
    pub site: Field,
    pub tag: Field,
    pub published: Field,
}

impl Fields {
    /// Looks our fields up in `schema`.
    pub(crate) fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field(ID)?,
            title: schema.get_field(TITLE)?,
            body: schema.get_field(BODY)?,
            notes: schema.get_field(NOTES)?,
            words: schema.get_field(WORDS)?,
            author: schema.get_field(AUTHOR)?,
            source: schema.get_field(SOURCE)?,
            site: schema.get_field(SITE)?,
            tag: schema.get_field(TAG)?,
            published: schema.get_field(PUBLISHED)?,
        })
    }
}

fn text_field(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// The schema of a Wenzhai index.
pub(crate) fn build() -> Schema {
    let mut builder = Schema::builder();
    builder.add_i64_field(ID, INDEXED | FAST | STORED);
    let matching = text_field(CJK_TOKENIZER, IndexRecordOption::WithFreqsAndPositions);
    builder.add_text_field(TITLE, matching.clone());
    builder.add_text_field(BODY, matching.clone());
    builder.add_text_field(NOTES, matching);
    builder.add_text_field(
        WORDS,
        text_field(JIEBA_TOKENIZER, IndexRecordOption::WithFreqs),
    );
    let meta = text_field(CJK_TOKENIZER, IndexRecordOption::WithFreqsAndPositions);
    for name in [AUTHOR, SOURCE, SITE] {
        builder.add_text_field(name, meta.clone());
    }
    builder.add_text_field(TAG, text_field(RAW_TOKENIZER, IndexRecordOption::Basic));
    builder.add_i64_field(PUBLISHED, INDEXED | FAST);
    builder.build()
}
