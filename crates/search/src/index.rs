//! [`SearchIndex`] (open, search, read) and [`IndexWriterSession`] (a batch of changes).
//!
//! The index lives in a directory of its own. The reader reloads on its own when another
//! process commits (tantivy watches `meta.json`), and explicitly right after our own commits.
//! Every commit carries the library's change counter and the [`INDEX_VERSION`] as its payload
//! (`"42 v2"`), so the library can tell whether the index is behind SQLite, or was built by
//! an older Wenzhai whose tokenizers find other things (then it rebuilds it).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::{Collector, Count, FilterCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::directory::MmapDirectory;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument, TantivyError, Term,
};

use crate::directory::IndexDirectory;
use crate::parse::{parse_query, ParsedQuery};
use crate::schema::{self, Fields};
use crate::{date, exact, query, tags, tokenizer, IndexDoc, SearchError, SearchPage, SortOrder};

/// The version of what the index holds: bump it whenever a change to tokenizing or folding
/// (or anything else that does not change the schema) means an index built before would
/// find other things than a new one. An index at another version is rebuilt by the library.
///
/// - 1 (no `v` in the payload): up to width and case folding.
/// - 2: Traditional Chinese folded to Simplified (组织 finds 組織), tags too.
pub const INDEX_VERSION: u32 = 2;

/// The commit payload: the change counter, then the index version.
fn payload(counter: u64, version: u32) -> String {
    format!("{counter} v{version}")
}

/// (change counter, index version) of a payload; a payload without a version is version 1,
/// one that is not ours is counter 0 (which makes the library rebuild).
fn parse_payload(payload: &str) -> (u64, u32) {
    let mut words = payload.split_whitespace();
    let counter = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    let version = words
        .next()
        .and_then(|w| w.strip_prefix('v'))
        .and_then(|w| w.parse().ok())
        .unwrap_or(1);
    (counter, version)
}

/// Memory budget of a writer, split among its threads (tantivy needs ≥ 15 MB per thread).
const WRITER_MEMORY: usize = 50_000_000;
/// A writer that only merges indexes nothing: tantivy's smallest budget for one thread.
const MERGE_WRITER_MEMORY: usize = 15_000_000;
/// At most this many indexing threads.
const WRITER_THREADS: usize = 2;

/// A tantivy index of articles. `Send + Sync`: share it (e.g. in an `Arc`) between threads.
pub struct SearchIndex {
    index: Index,
    /// The folder, for the mapped view [`IndexWriterSession::commit_and_merge`] merges through.
    dir: PathBuf,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
}

/// Holds tantivy's single writer for a batch of changes. Dropping it without
/// [`commit`](IndexWriterSession::commit) discards the changes.
pub struct IndexWriterSession {
    writer: IndexWriter,
    reader: IndexReader,
    fields: Fields,
    /// The index version the commit records: the index's own, until `delete_all` makes this
    /// batch a rebuild (adding documents to an old index does not make it a new one).
    version: u32,
    dir: PathBuf,
}

fn lock_error(error: TantivyError) -> SearchError {
    match error {
        TantivyError::LockFailure(LockError::LockBusy, _) => SearchError::Locked,
        other => SearchError::Tantivy(other),
    }
}

impl SearchIndex {
    /// Open the index in `dir` (create the directory and an empty index if missing); registers
    /// our tokenizers. Loads jieba's dictionary the first time in a process.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let directory = IndexDirectory::open(dir).map_err(TantivyError::from)?;
        let index = Index::open_or_create(directory, schema::build())?;
        tokenizer::register(index.tokenizers());
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            index,
            dir: dir.to_path_buf(),
            reader,
            fields,
        })
    }

    /// Take tantivy's single writer for a batch of changes. Another writer (same or other
    /// process) holding it -> [`SearchError::Locked`].
    pub fn writer(&self) -> Result<IndexWriterSession, SearchError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, WRITER_THREADS);
        let writer = self
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY)
            .map_err(lock_error)?;
        Ok(IndexWriterSession {
            writer,
            dir: self.dir.clone(),
            reader: self.reader.clone(),
            fields: self.fields,
            version: self.index_version()?,
        })
    }

    /// The writer for a large batch (an import, a rebuild): the same as [`writer`](Self::writer)
    /// but it merges nothing while the batch runs. The batch checkpoints every second or so
    /// (so searches see the new articles), and tantivy's merge policy would merge those small
    /// segments again and again, level by level — measured on the 76,720-article corpus, the
    /// merge thread took more time than indexing itself. The batch ends with
    /// [`commit_and_merge`](IndexWriterSession::commit_and_merge), which merges everything
    /// once; a batch that ends small or cancelled leaves its segments to the next writer's
    /// merge policy.
    pub fn bulk_writer(&self) -> Result<IndexWriterSession, SearchError> {
        let session = self.writer()?;
        session
            .writer
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(session)
    }

    /// The change counter stored in the last commit's payload (0 for a new index, or for a
    /// payload that is not a number, which makes the library rebuild).
    pub fn committed_counter(&self) -> Result<u64, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.map_or(0, |p| parse_payload(&p).0))
    }

    /// The [`INDEX_VERSION`] the index was built with (the current one for an index that has
    /// never been committed: it holds nothing).
    pub fn index_version(&self) -> Result<u32, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.map_or(INDEX_VERSION, |p| parse_payload(&p).1))
    }

    /// True when the index was built by a Wenzhai with other tokenizers or folding (another
    /// [`INDEX_VERSION`]): it must be rebuilt from SQLite before its searches can be trusted.
    pub fn is_outdated(&self) -> Result<bool, SearchError> {
        Ok(self.index_version()? != INDEX_VERSION)
    }

    /// How many segments searches go through (each has its own term dictionary).
    pub fn segment_count(&self) -> Result<usize, SearchError> {
        Ok(self.index.searchable_segment_ids()?.len())
    }

    /// A query string (see the [crate docs](crate)), by relevance; `offset`/`limit` page
    /// through the hits; `total` counts every match. An empty query matches nothing. A
    /// malformed query, or one with state filters (`is:unread`, `has:notes`: the index does
    /// not know reading state, use [`search_parsed`](Self::search_parsed)), is
    /// [`SearchError::Query`].
    pub fn search(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<SearchPage, SearchError> {
        let parsed = parse_query(query)?;
        if let Some(state) = parsed.state_filters().first() {
            return Err(SearchError::Query(format!(
                "the state filter {state:?} needs the library's reading state; \
                 this search cannot apply it"
            )));
        }
        self.search_parsed(&parsed, None, SortOrder::Relevance, offset, limit)
    }

    /// A parsed query. `allowed`: when Some, only these article ids can match (the caller
    /// resolves the state filters from SQLite; they are not applied otherwise). `sort`:
    /// relevance (BM25, best first) or newest first (undated last, ties by relevance). Hits
    /// carry their relevance score either way; `total` counts every match after all filters.
    pub fn search_parsed(
        &self,
        query: &ParsedQuery,
        allowed: Option<&HashSet<i64>>,
        sort: SortOrder,
        offset: usize,
        limit: usize,
    ) -> Result<SearchPage, SearchError> {
        let Some(query) = query::build(query, &self.fields) else {
            return Ok(SearchPage::default());
        };
        if allowed.is_some_and(HashSet::is_empty) {
            return Ok(SearchPage::default());
        }
        let allowed = allowed.map(|ids| Arc::new(ids.clone()));
        let searcher = self.reader.searcher();
        // Never ask tantivy for more hits than there are documents.
        let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = limit.min(num_docs.saturating_sub(offset));
        if limit == 0 {
            let total = collect(&searcher, query.as_ref(), allowed, Count)?;
            return Ok(SearchPage {
                total: total as u64,
                hits: Vec::new(),
            });
        }
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, top): (usize, Vec<(Score, DocAddress)>) = match sort {
            SortOrder::Relevance => collect(
                &searcher,
                query.as_ref(),
                allowed,
                (Count, top.order_by_score()),
            )?,
            SortOrder::Newest => {
                let (total, top) = collect(
                    &searcher,
                    query.as_ref(),
                    allowed,
                    (Count, top.tweak_score(newest_first)),
                )?;
                let top = top
                    .into_iter()
                    .map(|((_, score), address)| (score, address))
                    .collect();
                (total, top)
            }
        };
        let mut hits = Vec::with_capacity(top.len());
        let mut columns = Vec::new();
        for (score, address) in top {
            let segment = address.segment_ord as usize;
            if columns.len() <= segment {
                columns.resize_with(segment + 1, || None);
            }
            if columns[segment].is_none() {
                let reader = searcher.segment_reader(address.segment_ord);
                columns[segment] = Some(reader.fast_fields().i64(schema::ID)?);
            }
            if let Some(id) = columns[segment]
                .as_ref()
                .and_then(|c| c.first(address.doc_id))
            {
                hits.push((id, score));
            }
        }
        Ok(SearchPage {
            total: total as u64,
            hits,
        })
    }

    /// [`search_parsed`](Self::search_parsed), then, when the query has an exact part
    /// (`=組織`, or [`ParsedQuery::with_exact_characters`]), only the hits whose stored text
    /// has the exact characters: `article(id)` gives the article as SQLite holds it (None for
    /// one that is gone). Such a query reads every folded hit's text, so its cost grows with
    /// the number of folded matches; a query without exact parts costs what `search_parsed`
    /// does. `total` counts the checked hits.
    pub fn search_checked<E: From<SearchError>>(
        &self,
        query: &ParsedQuery,
        allowed: Option<&HashSet<i64>>,
        sort: SortOrder,
        offset: usize,
        limit: usize,
        mut article: impl FnMut(i64) -> Result<Option<IndexDoc>, E>,
    ) -> Result<SearchPage, E> {
        if !query.needs_text_check() {
            return Ok(self.search_parsed(query, allowed, sort, offset, limit)?);
        }
        // Ids matching the other alternatives of each checked clause (`=組織 OR tag:x`).
        let mut others = Vec::new();
        for (i, clause) in exact::checked_clauses(query) {
            if let Some(other) = exact::other_alternatives(clause) {
                let page = self.search_parsed(&other, allowed, sort, 0, usize::MAX)?;
                others.push((i, page.hits.into_iter().map(|(id, _)| id).collect()));
            }
        }
        let candidates = self.search_parsed(query, allowed, sort, 0, usize::MAX)?;
        let mut hits = Vec::new();
        for (id, score) in candidates.hits {
            if let Some(doc) = article(id)? {
                if exact::passes(query, &doc, &others) {
                    hits.push((id, score));
                }
            }
        }
        Ok(SearchPage {
            total: hits.len() as u64,
            hits: hits.into_iter().skip(offset).take(limit).collect(),
        })
    }

    /// Every article id in the index (for `wz check`), sorted.
    pub fn all_ids(&self) -> Result<Vec<i64>, SearchError> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().i64(schema::ID)?;
            ids.extend(segment.doc_ids_alive().filter_map(|doc| column.first(doc)));
        }
        ids.sort_unstable();
        Ok(ids)
    }
}

/// Runs `collector`, over the documents whose id is in `allowed` when given.
pub(crate) fn collect<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    allowed: Option<Arc<HashSet<i64>>>,
    collector: C,
) -> tantivy::Result<C::Fruit> {
    match allowed {
        None => searcher.search(query, &collector),
        Some(ids) => searcher.search(
            query,
            &FilterCollector::new(
                schema::ID.to_string(),
                move |id: i64| ids.contains(&id),
                collector,
            ),
        ),
    }
}

/// The newest-first sort key of a segment's documents: (published date key, undated lowest;
/// relevance score).
fn newest_first(segment: &SegmentReader) -> impl Fn(DocId, Score) -> (i64, Score) {
    let column = segment
        .fast_fields()
        .column_opt::<i64>(schema::PUBLISHED)
        .ok()
        .flatten();
    move |doc, score| {
        let date = column.as_ref().and_then(|c| c.first(doc));
        (date.unwrap_or(i64::MIN), score)
    }
}

fn add_optional(doc: &mut TantivyDocument, field: Field, value: Option<&String>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        doc.add_text(field, value.trim());
    }
}

impl IndexWriterSession {
    /// Adds or replaces (delete by id term, then add) one article.
    pub fn upsert(&mut self, doc: &IndexDoc) -> Result<(), SearchError> {
        self.writer
            .delete_term(Term::from_field_i64(self.fields.id, doc.id));
        self.add(doc)
    }

    /// Adds an article the index cannot hold yet (a new import). Cheaper than `upsert`: every
    /// delete costs a term lookup in every segment at commit time.
    pub fn add(&mut self, doc: &IndexDoc) -> Result<(), SearchError> {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_i64(f.id, doc.id);
        d.add_text(f.title, &doc.title);
        d.add_text(f.body, &doc.body);
        d.add_text(f.words, &doc.title);
        d.add_text(f.words, &doc.body);
        for note in doc.notes.iter().filter(|n| !n.trim().is_empty()) {
            d.add_text(f.notes, note);
            d.add_text(f.words, note);
        }
        add_optional(&mut d, f.author, doc.author.as_ref());
        add_optional(&mut d, f.source, doc.source.as_ref());
        add_optional(&mut d, f.site, doc.site.as_ref());
        let mut paths: Vec<String> = doc
            .tags
            .iter()
            .flat_map(|t| tags::with_ancestors(t))
            .collect();
        paths.sort_unstable();
        paths.dedup();
        for path in paths {
            d.add_text(f.tag, path);
        }
        if let Some(key) = doc.published.as_deref().and_then(date::stored_key) {
            d.add_i64(f.published, key);
        }
        self.writer.add_document(d)?;
        Ok(())
    }

    /// Removes one article (no error when it is not there).
    pub fn delete(&mut self, id: i64) -> Result<(), SearchError> {
        self.writer
            .delete_term(Term::from_field_i64(self.fields.id, id));
        Ok(())
    }

    /// Removes every article (for a rebuild in the same batch: the commit then records the
    /// current [`INDEX_VERSION`]).
    pub fn delete_all(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        self.version = INDEX_VERSION;
        Ok(())
    }

    /// Commit what was added so far with `counter` as the payload and let searches see it,
    /// keeping this writer for more: the middle of a long batch. Unlike
    /// [`commit`](Self::commit) it neither waits for merges nor gives up the writer (making a
    /// new one starts new indexing threads each time).
    pub fn checkpoint(&mut self, counter: u64) -> Result<(), SearchError> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload(counter, self.version));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Commit with `counter` as the payload, then reload the reader so searches see it.
    /// Waits for the merges the commit started, so small batches don't pile up segments.
    pub fn commit(self, counter: u64) -> Result<(), SearchError> {
        self.commit_then(counter, false)
    }

    /// [`commit`](Self::commit), then merge every segment into one. For the end of a large
    /// batch (a big import, a rebuild): tantivy's merge policy leaves ~10 segments after
    /// 76k documents, and every search looks each term up in every segment's dictionary,
    /// so one segment makes searches faster and maps fewer dictionary pages into the app
    /// (issue 7's memory figure). It costs about 7 s for 76k articles here, which is why
    /// small batches do not do it. The commit payload (the change counter) is kept.
    pub fn commit_and_merge(self, counter: u64) -> Result<(), SearchError> {
        self.commit_then(counter, true)
    }

    fn commit_then(mut self, counter: u64, merge_all: bool) -> Result<(), SearchError> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload(counter, self.version));
        prepared.commit()?;
        self.reader.reload()?;
        let index = self.writer.index().clone();
        // The merges the commit started must end first: a segment being merged cannot be
        // given to another merge.
        self.writer.wait_merging_threads()?;
        if merge_all {
            let segments = index.searchable_segment_ids()?;
            if segments.len() > 1 {
                // A merge reads every posting list once, front to back: through the
                // `pread` directory that is a syscall and a copy per block, which made the
                // merge of the 76k corpus take twice as long. The merge goes through a
                // mapped view of the same folder (same files, same lock), and the mapping
                // ends with the merge.
                let mapped = Index::open(
                    MmapDirectory::open(&self.dir)
                        .map_err(|e| SearchError::Tantivy(TantivyError::from(e)))?,
                )?;
                let mut writer: IndexWriter = mapped
                    .writer_with_num_threads(1, MERGE_WRITER_MEMORY)
                    .map_err(lock_error)?;
                writer.merge(&segments).wait()?;
                writer.wait_merging_threads()?;
            }
        }
        self.reader.reload()?;
        Ok(())
    }
}
