//! wenzhai-library: a `Library` is a folder holding `library.sqlite3` (the source of truth),
//! `index/` (tantivy, derived) and `originals/` (the imported bytes). This crate is the one API
//! that the app, the CLI and the tests call, and the only place that keeps SQLite and the index
//! consistent: every write goes to SQLite first (one transaction, bumping a change counter),
//! then to the index, whose commit records the counter it reached. An index that is behind is
//! rebuilt when a writer opens the library.

mod annotate;
mod backup;
mod bulk;
mod check;
mod dupes;
mod error;
pub mod export;
mod import;
mod lock;
mod notes;
mod originals;
mod pinyin;
mod reextract;
mod related;
mod relocate;
mod settings;
mod suggest;
mod tag_suggest;
mod tags;
mod view;

pub use annotate::ReanchorCounts;
pub use check::CheckReport;
pub use dupes::MergeUndo;
pub use error::{LibraryError, Result};
pub use import::{ImportReport, Importer, UpdateMode};
pub use reextract::ReextractReport;
pub use relocate::{relocate, RelocatePhase, RelocateProgress, RelocateReport};
pub use settings::{settings_path, Settings, SETTINGS_FILE};
pub use wenzhai_core::model;
pub use wenzhai_core::suggestions;
pub use wenzhai_search::{SearchOptions, SortOrder};
pub use wenzhai_store::{
    AnnotationRow, ArticleRow, ArticleVersion, BackupCounts, DeletedArticle, DeletedTag,
};

use lock::WriterLock;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;
use wenzhai_core::band_index::BandIndex;
use wenzhai_core::model::{
    AnnotationHit, ArticleDetail, ArticleSummary, SearchHit, SearchResults, TagCount,
};
use wenzhai_search::{SearchIndex, StateFilter};
use wenzhai_store::{StateQuery, Store};

/// The database file inside a library folder.
pub const DB_FILE: &str = "library.sqlite3";

/// Snippet length in chars for search hits.
const SNIPPET_CHARS: usize = 120;

/// The library folder to use when none is given: `$WENZHAI_LIBRARY` (when set and not
/// empty), else the folder `settings.json` names (where `wz move` or the app put it; see
/// [`Settings`]), else the OS data dir's `wenzhai/library` (`~/.local/share/wenzhai/library`,
/// `~/Library/Application Support/wenzhai/library`, `%APPDATA%\wenzhai\library`).
/// A settings file that cannot be read is an error naming it, not the default folder.
pub fn default_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("WENZHAI_LIBRARY").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if let Some(dir) = Settings::load()?.library {
        return Ok(dir);
    }
    data_dir_library()
}

/// The OS data dir's `wenzhai/library`: the library when neither `$WENZHAI_LIBRARY` nor the
/// settings name one.
pub(crate) fn data_dir_library() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("wenzhai").join("library"))
        .ok_or(LibraryError::NoDefaultDir)
}

/// Articles without a near-duplicate sketch that a writer's open sketches at once (about a
/// second); more are left to an explicit [`Library::backfill_sketches`].
pub const BACKFILL_ON_OPEN_MAX: usize = 2_000;

/// An open library. Cheap to share between threads (`Arc<Library>`): SQLite access is
/// serialized by a mutex, the index reader is shared.
pub struct Library {
    root: PathBuf,
    store: Mutex<Store>,
    index: SearchIndex,
    writer_lock: Option<WriterLock>,
    /// Built on the first suggestion request, rebuilt when the change counter moves.
    suggestions: Mutex<Option<std::sync::Arc<suggest::SuggestionIndex>>>,
    /// The writer's LSH band table for near-duplicates, built from the stored sketches when
    /// first needed ([`Library::band_index`]); only this process writes sketches while it
    /// holds the writer lock, so it stays true.
    bands: Mutex<Option<BandIndex>>,
}

/// The writer's band table, locked (see [`Library::band_index`]).
pub(crate) struct BandsGuard<'a>(MutexGuard<'a, Option<BandIndex>>);

impl std::ops::Deref for BandsGuard<'_> {
    type Target = BandIndex;
    fn deref(&self) -> &BandIndex {
        self.0.as_ref().expect("built by Library::band_index")
    }
}

impl std::ops::DerefMut for BandsGuard<'_> {
    fn deref_mut(&mut self) -> &mut BandIndex {
        self.0.as_mut().expect("built by Library::band_index")
    }
}

impl Library {
    /// Open `dir` for reading and writing, creating it if needed. Takes the one-writer lock
    /// (another writer gets [`LibraryError::InUse`]) and brings a lagging index up to date.
    pub fn open(dir: &Path) -> Result<Library> {
        std::fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, e))?;
        Library::open_locked(dir, WriterLock::acquire(dir)?)
    }

    /// [`Library::open`] with the writer lock of `dir` already taken (a move holds it across
    /// its whole copy and hands it to the library it opens).
    pub(crate) fn open_locked(dir: &Path, lock: WriterLock) -> Result<Library> {
        // SQLite first: when its migration fails, the open stops before the index folder is
        // created or touched, so the library is left exactly as it was.
        let store = Store::open(&dir.join(DB_FILE))?;
        // The index is derived data: one that cannot be opened (damaged, or written with an
        // older schema) is removed and rebuilt from SQLite by the catch-up below.
        if let Err(e) = SearchIndex::open(&dir.join("index")) {
            eprintln!("wenzhai: rebuilding the search index ({e})");
            let index_dir = dir.join("index");
            std::fs::remove_dir_all(&index_dir).map_err(|e| LibraryError::io(&index_dir, e))?;
        }
        let lib = Library::with_store(dir, store, Some(lock))?;
        lib.catch_up_index()?;
        lib.backfill_sketches_up_to(BACKFILL_ON_OPEN_MAX)?;
        Ok(lib)
    }

    /// Open an existing library for reading only (search, list, show, export, check): no
    /// writer lock, so it works while the app has the library open.
    pub fn open_read_only(dir: &Path) -> Result<Library> {
        if !dir.join(DB_FILE).is_file() {
            return Err(LibraryError::NoLibrary(dir.to_path_buf()));
        }
        let store = Store::open(&dir.join(DB_FILE))?;
        Library::with_store(dir, store, None)
    }

    fn with_store(dir: &Path, store: Store, writer_lock: Option<WriterLock>) -> Result<Library> {
        let index = SearchIndex::open(&dir.join("index"))?;
        Ok(Library {
            root: dir.to_path_buf(),
            store: Mutex::new(store),
            index,
            writer_lock,
            suggestions: Mutex::new(None),
            bands: Mutex::new(None),
        })
    }

    /// Close the library and keep its writer lock (`None` for a reader): for a move, which must
    /// not let another writer in between closing the library and renaming its folder.
    pub(crate) fn into_writer_lock(self) -> Option<WriterLock> {
        let Library { writer_lock, .. } = self;
        writer_lock
    }

    /// True when opened with [`Library::open_read_only`]: writes fail with `ReadOnly`.
    pub fn is_read_only(&self) -> bool {
        self.writer_lock.is_none()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll
        // back on drop), so a poisoned mutex is safe to keep using.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The band table, built from `store`'s sketches on first use (about 0.3 s and 20 MB for
    /// 76K articles). Take it after the store's lock. A panic while it was held may have left
    /// it short of entries, so a poisoned table is built again.
    pub(crate) fn band_index(&self, store: &Store) -> Result<BandsGuard<'_>> {
        let mut guard = self.bands.lock().unwrap_or_else(|p| {
            let mut g = p.into_inner();
            *g = None;
            g
        });
        if guard.is_none() {
            *guard = Some(store.band_index()?);
        }
        Ok(BandsGuard(guard))
    }

    pub(crate) fn require_writer(&self) -> Result<()> {
        if self.writer_lock.is_none() {
            return Err(LibraryError::ReadOnly);
        }
        Ok(())
    }

    /// Rebuild the index when its commit is not at SQLite's change counter (a crash between
    /// the two writes, or a restored database).
    /// The index has not caught up with SQLite: an import is running in another process, or
    /// one was killed, or the index folder was deleted. A writer's open catches it up.
    /// Also true when the index was built by a Wenzhai that tokenized or folded differently
    /// (its [`wenzhai_search::INDEX_VERSION`] is another): a writer's open rebuilds it.
    pub fn index_is_behind(&self) -> Result<bool> {
        Ok(
            self.index.committed_counter()? != self.store().change_counter()?
                || self.index.is_outdated()?,
        )
    }

    fn catch_up_index(&self) -> Result<()> {
        if self.index_is_behind()? {
            self.reindex(|_, _| {})?;
        }
        Ok(())
    }

    /// Rebuild the whole index from SQLite. `progress(done, total)` after each article.
    pub fn reindex(&self, mut progress: impl FnMut(u64, u64)) -> Result<u64> {
        self.require_writer()?;
        let store = self.store();
        let total = store.article_count()?;
        let counter = store.change_counter()?;
        let mut writer = self.index.writer()?;
        writer.delete_all()?;
        let mut done = 0;
        store.for_each_index_doc(|doc| -> Result<()> {
            writer.upsert(&doc)?;
            done += 1;
            progress(done, total);
            Ok(())
        })?;
        writer.commit_and_merge(counter)?;
        Ok(done)
    }

    /// Re-index the articles `ids` (after a write that changed them) in one index commit at
    /// `counter`, the change counter that write reached.
    pub(crate) fn reindex_ids(&self, store: &Store, ids: &[i64], counter: u64) -> Result<()> {
        let mut writer = self.index.writer()?;
        for &id in ids {
            writer.upsert(&store.index_doc(id)?)?;
        }
        writer.commit(counter)?;
        Ok(())
    }

    /// Every article, newest first; optionally only those under `tag`. For the CLI; the app
    /// pages with [`Library::list_page`].
    pub fn list(&self, tag: Option<&str>) -> Result<Vec<ArticleSummary>> {
        Ok(self.store().list_articles(tag)?)
    }

    /// One article with its tags and annotations.
    pub fn article(&self, id: i64) -> Result<ArticleDetail> {
        Ok(self.store().article(id)?)
    }

    /// Where the bytes an article was imported from are kept, and the file's name then (for
    /// "Open original": the system viewer of a PDF or Word file shows it best).
    pub fn original_file(&self, id: i64) -> Result<(PathBuf, Option<String>)> {
        let (sha, name) = self.store().original_of(id)?;
        Ok((originals::path_of(&self.root, &sha), name))
    }

    /// The originals an article was extracted from before newer saves of its page replaced
    /// its text, oldest first.
    pub fn versions(&self, id: i64) -> Result<Vec<ArticleVersion>> {
        Ok(self.store().versions(id)?)
    }

    /// Search; `total` counts every match, `hits` is one page with snippets.
    pub fn search(&self, query: &str, offset: usize, limit: usize) -> Result<SearchResults> {
        self.search_sorted(query, SortOrder::Relevance, offset, limit)
    }

    /// Search with the full query language (see wenzhai-search): text parts, phrases,
    /// exclusions, `OR`, `tag:` `site:` `source:` `author:` `after:` `before:`, and the reading
    /// state filters `is:unread` `is:read` `is:starred` `is:archived` `has:notes`
    /// `has:highlights`, which are
    /// resolved here in SQLite because the index does not hold reading state.
    pub fn search_sorted(
        &self,
        query: &str,
        sort: SortOrder,
        offset: usize,
        limit: usize,
    ) -> Result<SearchResults> {
        let options = SearchOptions {
            sort,
            ..SearchOptions::default()
        };
        self.search_with(query, options, offset, limit)
    }

    /// [`Library::search_sorted`] with the search box's toggles: `exact_characters` makes
    /// every text part match its exact characters (as if written `=part`), not its 简繁
    /// variants.
    pub fn search_with(
        &self,
        query: &str,
        options: SearchOptions,
        offset: usize,
        limit: usize,
    ) -> Result<SearchResults> {
        let started = Instant::now();
        let sort = options.sort;
        let mut parsed = wenzhai_search::parse_query(query)?;
        if options.exact_characters {
            parsed = parsed.with_exact_characters();
        }
        let store = self.store();
        let allowed = if parsed.state_filters().is_empty() {
            None
        } else {
            let mut state = StateQuery::default();
            for f in parsed.state_filters() {
                match f {
                    StateFilter::Unread => state.read = Some(false),
                    StateFilter::Read => state.read = Some(true),
                    StateFilter::Starred => state.starred = true,
                    StateFilter::Archived => state.archived = true,
                    StateFilter::HasNotes => state.has_notes = true,
                    StateFilter::HasHighlights => state.has_highlights = true,
                }
            }
            Some(store.ids_in_state(&state)?)
        };
        // Exact parts are checked against the text SQLite holds (the index has folded text).
        let page =
            self.index
                .search_checked(
                    &parsed,
                    allowed.as_ref(),
                    sort,
                    offset,
                    limit,
                    |id| match store.index_doc(id) {
                        Ok(doc) => Ok(Some(doc)),
                        Err(wenzhai_store::StoreError::NotFound(_)) => Ok(None),
                        Err(e) => Err(LibraryError::from(e)),
                    },
                )?;
        let parts = parsed.literal_parts();
        let mut hits = Vec::with_capacity(page.hits.len());
        for (id, score) in page.hits {
            // The index can only name ids SQLite has, except in the instant between a delete's
            // two writes; such an id is skipped rather than shown broken.
            let Some((title, text)) = store.title_and_text(id)? else {
                continue;
            };
            // Annotation notes and quotes are indexed with the text, so a hit may have matched
            // only there: name the annotation, and cut the snippet from it when the text
            // itself has no match.
            let annotation = if parts.is_empty() {
                None
            } else {
                store.annotations_of(id)?.into_iter().find(|a| {
                    wenzhai_search::contains_part(&a.quote, &parts)
                        || a.note
                            .as_deref()
                            .is_some_and(|n| wenzhai_search::contains_part(n, &parts))
                })
            };
            let source = match &annotation {
                Some(a) if !wenzhai_search::contains_part(&text, &parts) => {
                    match a.note.as_deref() {
                        Some(note) if wenzhai_search::contains_part(note, &parts) => note,
                        _ => a.quote.as_str(),
                    }
                }
                _ => text.as_str(),
            };
            let (snippet, highlights) = wenzhai_search::snippet(source, &parts, SNIPPET_CHARS);
            let chapter = if std::ptr::eq(source, text.as_str()) {
                self.chapter_of_match(&store, id, &text, &parts)?
            } else {
                None
            };
            hits.push(SearchHit {
                id,
                title,
                score,
                snippet_html: wenzhai_core::model::marked_html(&snippet, &highlights),
                snippet,
                highlights,
                annotation: annotation.map(|a| AnnotationHit {
                    id: a.id,
                    quote: a.quote,
                    note: a.note,
                    color: a.color,
                }),
                chapter,
            });
        }
        Ok(SearchResults {
            total: page.total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
        })
    }

    /// The chapter of a document that holds the first match of `parts` in its text (what
    /// the snippet shows and the reader scrolls to); None for web pages and texts.
    fn chapter_of_match(
        &self,
        store: &Store,
        id: i64,
        text: &str,
        parts: &[String],
    ) -> Result<Option<String>> {
        let Some(html) = store.document_html(id)? else {
            return Ok(None);
        };
        let Some(at) = wenzhai_search::first_match_offset(text, parts) else {
            return Ok(None);
        };
        let chapters = wenzhai_core::chapters::chapters(&html, text);
        Ok(wenzhai_core::chapters::chapter_at(&chapters, at).map(str::to_owned))
    }

    /// Add and remove tags of one article.
    pub fn retag(&self, id: i64, add: &[String], remove: &[String]) -> Result<Vec<String>> {
        self.require_writer()?;
        let mut store = self.store();
        let ((), counter) = store.write(|tx| Store::retag(tx, id, add, remove))?;
        let mut writer = self.index.writer()?;
        writer.upsert(&store.index_doc(id)?)?;
        writer.commit(counter)?;
        Ok(store.tags_of(id)?)
    }

    /// Every tag in use with its article count.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        Ok(self.store().tag_counts()?)
    }

    /// Change the reading state of one article. `read: Some(true)` marks it read now.
    pub fn set_state(
        &self,
        id: i64,
        read: Option<bool>,
        starred: Option<bool>,
        archived: Option<bool>,
    ) -> Result<ArticleDetail> {
        self.require_writer()?;
        let now = now_utc();
        let read_at = read.map(|r| r.then_some(now.as_str()));
        let mut store = self.store();
        // Reading state is not in the index: no change counter, no index commit.
        store.write_unindexed(|tx| Store::set_state(tx, id, read_at, starred, archived))?;
        Ok(store.article(id)?)
    }

    /// Set one article's reading progress (0 to 1; clamped, not a number is `bad_progress`).
    /// Not in the index: no change counter.
    pub fn set_progress(&self, id: i64, progress: f64) -> Result<()> {
        self.require_writer()?;
        self.store()
            .write_unindexed(|tx| Store::set_progress(tx, id, progress))?;
        Ok(())
    }

    /// Allow or block one article's remote images (not in the index: no change counter).
    pub fn set_images_allowed(&self, id: i64, allowed: bool) -> Result<ArticleDetail> {
        self.require_writer()?;
        let mut store = self.store();
        store.write_unindexed(|tx| Store::set_images_allowed(tx, id, allowed))?;
        Ok(store.article(id)?)
    }

    /// The remote URL of the `n`-th image of an article whose images the user allowed; `None`
    /// when they are blocked or there is no such image. The `wzimg:` protocol asks this, so
    /// the webview can only ever make the app fetch what an allowed article shows.
    pub fn allowed_image_url(&self, id: i64, n: usize) -> Result<Option<String>> {
        let a = self.store().article(id)?;
        if !a.images_allowed {
            return Ok(None);
        }
        Ok(wenzhai_core::import::image_urls(&a.body_html)
            .into_iter()
            .nth(n))
    }

    /// Delete one article from SQLite and the index. Its original bytes stay in `originals/`.
    pub fn delete(&self, id: i64) -> Result<()> {
        self.require_writer()?;
        let mut store = self.store();
        let ((), counter) = store.write(|tx| Store::delete_article(tx, id))?;
        let mut writer = self.index.writer()?;
        writer.delete(id)?;
        writer.commit(counter)?;
        Ok(())
    }
    /// The number of articles (one SQL count, for the app's start: no id list).
    pub fn article_count(&self) -> Result<u64> {
        Ok(self.store().article_count()?)
    }

    /// Every article id, ascending.
    pub fn ids(&self) -> Result<Vec<i64>> {
        Ok(self.store().all_ids()?)
    }
}

/// The current time as ISO 8601 UTC (`2026-11-27T21:30:00Z`), as stored in `imported_at`,
/// `created_at`, `read_at`.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
