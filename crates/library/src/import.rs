//! Importing files and folders: walk the inputs, then for each file read → extract
//! (wenzhai-core) → duplicate check → keep the original → one SQLite transaction (the row, its
//! near-duplicate sketch and pairs) → index.
//!
//! A file that cannot be imported gets a per-file `Failed` outcome with a stable code and a
//! message naming the reason; the batch goes on. Nothing half-written stays: the SQLite row is
//! one transaction, the original is renamed into place only when complete and removed again if
//! the row could not be written, and an index that misses rows after a crash is rebuilt on the
//! next open (its commit records how far it got).
//!
//! A file the detection refused as `undecodable` can be imported again with the encoding the
//! user picked ([`Importer::encoding`]): the same path, with that decoding instead of the
//! detection.

use crate::annotate::{reanchor_all, ReanchorCounts};
use crate::error::{LibraryError, Result};
use crate::{originals, Library};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use walkdir::WalkDir;
use wenzhai_core::model::{ImportOutcome, ImportProgress, ImportStatus, ImportSummary, IndexDoc};
use wenzhai_core::{text, ImportError, MAX_FILE_BYTES};
use wenzhai_store::{NewArticle, Store};

/// Extensions taken when walking a folder. A file named explicitly is always tried, whatever
/// its name; inside folders, other files (images, scripts and styles of a "save page complete"
/// folder, JSON, archives) are skipped silently.
const ARTICLE_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "mht", "mhtml", "txt", "text", "md", "markdown", "pdf",
    "docx", "doc", "wps", "odt", "epub",
];

/// Commit the index after this many imported files, or after this much time with at least one
/// new article, so a running import is searchable within about a second and a crash loses
/// little index work, without a commit per article.
const COMMIT_EVERY: u32 = 500;
const COMMIT_AFTER: std::time::Duration = std::time::Duration::from_secs(1);
/// Articles are written to SQLite in shared transactions (`Store::write_in_batch`) of at
/// most this many, or [`COMMIT_AFTER`] of work: what a crash can lose of a running import.
const BATCH_EVERY: u32 = 500;
/// A batch big enough to be merged at its end ([`MERGE_AFTER`] files) checkpoints after one
/// second or [`COMMIT_EVERY`] files, then after twice as long (or many) each time, up to this: its first articles are searchable
/// at once, and a long import makes a handful of segments instead of one per second (each
/// one costs the final merge time: 126 of them made that merge take a minute on the 76k
/// corpus).
const BULK_COMMIT_MAX: std::time::Duration = std::time::Duration::from_secs(16);
/// An import that wrote at least this many articles merges the index into one segment at
/// its end (see `IndexWriterSession::commit_and_merge`): the once-a-second commits of a
/// large import leave many segments, and each one costs every search time and memory. A
/// smaller import leaves it to tantivy's merge policy rather than rewrite a large index.
const MERGE_AFTER: u32 = 2_000;

/// The result of an import: one outcome per input file, in walk order, and the counts.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub outcomes: Vec<ImportOutcome>,
    pub summary: ImportSummary,
    /// True when the import was cancelled before every file was done.
    pub cancelled: bool,
}

/// Options of one import run.
#[derive(Default)]
pub struct Importer<'a> {
    /// Set to true (from any thread) to stop after the current file.
    pub cancel: Option<&'a AtomicBool>,
    /// What to do with a new save of a page already in the library (same URL, other text).
    pub update: UpdateMode,
    /// An encoding label the user picked (`"koi8-r"`, `"gb18030"`; see
    /// `wenzhai_core::encoding_choices`) for files the detection refused: it replaces the
    /// BOM, the declared charset and the detection for every file of this import. An unknown
    /// label fails each file with `unknown_encoding`; everything else (duplicates, originals,
    /// one transaction, the index) is as in any import.
    pub encoding: Option<&'a str>,
    /// Import without near-duplicate detection: no sketch is made and nothing is reported as
    /// `near_duplicate`. Only for the benchmark that measures what detection costs; the
    /// next writer's open sketches what this left out (see `dupes.rs`).
    pub skip_near_duplicates: bool,
    /// Threads that read and extract files (`None`: one per core). Whatever the number, files
    /// are written to SQLite and the index one at a time, in walk order, so the outcomes,
    /// the progress and the stored results are the same.
    pub workers: Option<usize>,
    /// At most this many articles share one SQLite transaction (`None`: [`BATCH_EVERY`]);
    /// progress for them is reported when it commits. Smaller means livelier progress and
    /// more writing; tests use it to see batches end in a small folder.
    pub batch_every: Option<u32>,
}

/// How far (in files) extraction may run ahead of the writer, per worker: enough to keep every
/// core busy while one large file is written, few enough that memory stays bounded (at most
/// this many files' bytes and articles are held at once).
const AHEAD_PER_WORKER: usize = 4;

/// What the extraction stage made of one input: its bytes and article, or its failure.
enum Prepared {
    Ready {
        bytes: Vec<u8>,
        extracted: Box<wenzhai_core::Extracted>,
        content_hash: String,
    },
    Failed(ImportStatus),
}

/// What an import does with a file whose URL is an article's but whose text differs: a page
/// saved again after it changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UpdateMode {
    /// Report it as a duplicate with `changed` (what DESIGN.md's import promises by default):
    /// the user decides.
    #[default]
    Never,
    /// Replace the article's text unless the file's date is before the article's (an old
    /// copy found in a folder must not undo a newer save). `wz import --update`.
    Newer,
    /// Replace it whatever the dates (the user chose this one file).
    Always,
}

enum Input {
    File(PathBuf),
    Failed(PathBuf, &'static str, String),
}

fn failed(path: &Path, code: &str, error: String) -> ImportOutcome {
    ImportOutcome {
        path: path.display().to_string(),
        status: ImportStatus::Failed {
            code: code.to_string(),
            error,
        },
    }
}

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().map(|n| n.starts_with('.')).unwrap_or(false)
}

/// Expand the inputs into files, recording inputs that cannot be read.
fn walk(inputs: &[PathBuf]) -> Vec<Input> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = match fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                files.push(Input::Failed(input.clone(), "unreadable", e.to_string()));
                continue;
            }
        };
        if !meta.is_dir() {
            files.push(Input::File(input.clone()));
            continue;
        }
        let walker = WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() && has_article_extension(e.path()) => {
                    files.push(Input::File(e.into_path()))
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or(input.clone());
                    if let Some(ancestor) = e.loop_ancestor() {
                        let msg = format!("symlink loop (points back to {})", ancestor.display());
                        files.push(Input::Failed(path, "symlink_loop", msg));
                    } else {
                        let msg = e
                            .io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string());
                        files.push(Input::Failed(path, "unreadable", msg));
                    }
                }
            }
        }
    }
    files
}

impl Library {
    /// Import files and folders (recursively). `progress` is called after each file.
    pub fn import(
        &self,
        inputs: &[PathBuf],
        options: &Importer,
        mut progress: impl FnMut(&ImportProgress),
    ) -> Result<ImportReport> {
        self.require_writer()?;
        let files = walk(inputs);
        let total = files.len() as u32;
        let mut report = ImportReport::default();
        let mut counter = None;
        let mut since_commit = 0;
        let (mut since_batch, mut last_batch) = (0, std::time::Instant::now());
        let mut unreported: Vec<ImportProgress> = Vec::new();
        let mut last_commit = std::time::Instant::now();
        let cancelled = || options.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
        let workers = options
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, 16)
            .min(files.len().max(1));
        let ahead = workers * AHEAD_PER_WORKER;
        // Workers take the next file, wait while they are `ahead` files past the writer, and
        // send what they made; the writer takes the results in walk order.
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let written = (Mutex::new(0usize), Condvar::new());
        let (send, receive) = mpsc::channel::<(usize, Prepared)>();
        let run = std::thread::scope(|scope| -> Result<()> {
            // A batch big enough to be merged at its end merges nothing before.
            let bulk = files.len() as u32 >= MERGE_AFTER;
            let mut writer = match bulk {
                true => self.index.bulk_writer()?,
                false => self.index.writer()?,
            };
            let (mut commit_after, mut commit_every) = (COMMIT_AFTER, COMMIT_EVERY);
            let files = &files;
            for _ in 0..workers {
                let send = send.clone();
                let (next, stop, written) = (&next, &stop, &written);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= files.len() || stop.load(Ordering::Relaxed) || cancelled() {
                        break;
                    }
                    let mut done = written.0.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *done + ahead && !stop.load(Ordering::Relaxed) {
                        done = written.1.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(done);
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let prepared = match &files[i] {
                        Input::File(path) => prepare(path, options),
                        Input::Failed(..) => Prepared::Failed(ImportStatus::Failed {
                            code: String::new(),
                            error: String::new(),
                        }),
                    };
                    if send.send((i, prepared)).is_err() {
                        break;
                    }
                });
            }
            drop(send);
            let finish = |stop: &AtomicBool| {
                stop.store(true, Ordering::Relaxed);
                written.1.notify_all();
            };
            let mut pending: BTreeMap<usize, Prepared> = BTreeMap::new();
            for (i, input) in files.iter().enumerate() {
                if cancelled() {
                    report.cancelled = true;
                    break;
                }
                let prepared = loop {
                    if let Some(p) = pending.remove(&i) {
                        break Some(p);
                    }
                    match receive.recv() {
                        Ok((j, p)) => {
                            pending.insert(j, p);
                        }
                        // Every worker stopped: only a cancel does that before the end.
                        Err(_) => break None,
                    }
                };
                let Some(prepared) = prepared else {
                    report.cancelled = true;
                    break;
                };
                let outcome = match (input, prepared) {
                    (Input::Failed(path, code, msg), _) => failed(path, code, msg.clone()),
                    (Input::File(path), Prepared::Failed(status)) => ImportOutcome {
                        path: path.display().to_string(),
                        status,
                    },
                    (
                        Input::File(path),
                        Prepared::Ready {
                            bytes,
                            extracted,
                            content_hash,
                        },
                    ) => {
                        let name = path.file_name().and_then(|n| n.to_str());
                        let result = self.write_file(
                            &bytes,
                            name,
                            &extracted,
                            &content_hash,
                            options,
                            &mut writer,
                        );
                        let result = match result {
                            Ok(r) => r,
                            Err(e) => {
                                finish(&stop);
                                return Err(e);
                            }
                        };
                        match result {
                            Ok((status, c)) => {
                                counter = Some(c);
                                since_commit += 1;
                                since_batch += 1;
                                ImportOutcome {
                                    path: path.display().to_string(),
                                    status,
                                }
                            }
                            Err(status) => ImportOutcome {
                                path: path.display().to_string(),
                                status,
                            },
                        }
                    }
                };
                *written.0.lock().unwrap_or_else(|e| e.into_inner()) = i + 1;
                written.1.notify_all();
                match &outcome.status {
                    ImportStatus::Imported { .. } => report.summary.imported += 1,
                    ImportStatus::NearDuplicate { .. } => {
                        report.summary.imported += 1;
                        report.summary.near_duplicates += 1;
                    }
                    ImportStatus::Duplicate { .. } => report.summary.duplicates += 1,
                    ImportStatus::Updated { .. } => report.summary.updated += 1,
                    ImportStatus::Failed { .. } => report.summary.failed += 1,
                }
                // Told once SQLite has made it durable (the batch's commit below): an import
                // killed after "imported" was shown must still have the article.
                unreported.push(ImportProgress {
                    done: i as u32 + 1,
                    total,
                    outcome: outcome.clone(),
                });
                report.outcomes.push(outcome);
                if since_batch >= options.batch_every.unwrap_or(BATCH_EVERY).max(1)
                    || last_batch.elapsed() >= COMMIT_AFTER
                {
                    if let Err(e) = self.store().commit_batch() {
                        finish(&stop);
                        return Err(e.into());
                    }
                    unreported.drain(..).for_each(|p| progress(&p));
                    since_batch = 0;
                    last_batch = std::time::Instant::now();
                }
                // A bulk import's checkpoints also come by count, doubling like the time: its
                // first articles are searchable at once however fast it runs.
                if since_commit >= commit_every
                    || (since_commit > 0 && last_commit.elapsed() >= commit_after)
                {
                    if let Some(c) = counter {
                        // The index never runs ahead of what SQLite has made durable.
                        if let Err(e) = self
                            .store()
                            .commit_batch()
                            .map_err(LibraryError::from)
                            .and_then(|()| writer.checkpoint(c).map_err(LibraryError::from))
                        {
                            finish(&stop);
                            return Err(e);
                        }
                        unreported.drain(..).for_each(|p| progress(&p));
                        since_commit = 0;
                        last_commit = std::time::Instant::now();
                        if bulk {
                            commit_after = (commit_after * 2).min(BULK_COMMIT_MAX);
                            commit_every = commit_every.saturating_mul(2);
                        }
                    }
                }
            }
            finish(&stop);
            self.store().commit_batch()?;
            unreported.drain(..).for_each(|p| progress(&p));
            if let Some(c) = counter {
                // A cancelled import stops now: the user asked for it, not for a merge.
                if !report.cancelled
                    && report.summary.imported + report.summary.updated >= MERGE_AFTER
                {
                    writer.commit_and_merge(c)?;
                } else {
                    writer.commit(c)?;
                }
            }
            Ok(())
        });
        // A batch that stopped on an error still keeps what it wrote (each article is whole).
        let kept = self.store().commit_batch();
        if kept.is_ok() {
            unreported.drain(..).for_each(|p| progress(&p));
        }
        run?;
        kept?;
        Ok(report)
    }

    /// Write one extracted file. The outer `Result` is a library failure that stops the batch
    /// (the database or the index is broken); the inner one is this file's own outcome:
    /// written (imported or updated, with the change counter reached) or not (a duplicate).
    fn write_file(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        extracted: &wenzhai_core::Extracted,
        content_hash: &str,
        options: &Importer,
        writer: &mut wenzhai_search::IndexWriterSession,
    ) -> Result<std::result::Result<(ImportStatus, u64), ImportStatus>> {
        let update = options.update;
        let content_hash = content_hash.to_owned();
        let mut store = self.store();
        if let Some(existing) = store.find_by_content_hash(&content_hash)? {
            return Ok(Err(ImportStatus::Duplicate {
                duplicate_of: existing,
                changed: false,
                older: false,
            }));
        }
        let same_url = match extracted.url.as_deref() {
            Some(url) => store.find_by_url(url)?,
            None => None,
        };
        if let Some((existing, published)) = same_url {
            let older = is_before(extracted.published.as_deref(), published.as_deref());
            if update == UpdateMode::Never || (update == UpdateMode::Newer && older) {
                return Ok(Err(ImportStatus::Duplicate {
                    duplicate_of: existing,
                    changed: true,
                    older,
                }));
            }
            drop(store); // update_article takes the store again
            return self
                .update_article(existing, bytes, name, extracted, &content_hash, writer)
                .map(Ok);
        }
        let sha = text::sha256_hex(bytes);
        let created = originals::put(&self.root, &sha, bytes)?;
        let imported_at = crate::now_utc();
        let new = NewArticle {
            extracted,
            content_hash: &content_hash,
            original_sha256: &sha,
            original_name: name,
            imported_at: &imported_at,
        };
        let mut bands = match options.skip_near_duplicates {
            true => None,
            false => Some(self.band_index(&store)?),
        };
        let written = store.write_in_batch(|tx| {
            let id = Store::insert_article(tx, &new)?;
            let near = match bands.as_mut() {
                None => None,
                Some(bands) => Store::sketch_article(tx, bands, id, &extracted.body_text)?,
            };
            Ok((id, near))
        });
        drop(bands);
        let ((id, near), counter) = match written {
            Ok(v) => v,
            Err(e) => {
                if created {
                    originals::remove(&self.root, &sha);
                }
                return Err(e.into());
            }
        };
        // A new SQLite id is not in the index (an index that disagrees is rebuilt on open).
        if let Err(e) = writer.add(&IndexDoc::new_article(id, extracted)) {
            // Undo the row so SQLite and the index agree; the batch stops with the error.
            store.write(|tx| Store::delete_article(tx, id))?;
            if created {
                originals::remove(&self.root, &sha);
            }
            return Err(e.into());
        }
        let status = match near {
            Some((near_duplicate_of, similarity)) => ImportStatus::NearDuplicate {
                id,
                near_duplicate_of,
                similarity,
            },
            None => ImportStatus::Imported { id },
        };
        Ok(Ok((status, counter)))
    }

    /// Replace article `id`'s text with a newer save of its page, as re-extraction does:
    /// the article keeps its id, tags, reading state and highlights (re-anchored in the new
    /// text, unplaced ones kept as orphans); its previous original becomes an earlier version.
    fn update_article(
        &self,
        id: i64,
        bytes: &[u8],
        name: Option<&str>,
        extracted: &wenzhai_core::Extracted,
        content_hash: &str,
        writer: &mut wenzhai_search::IndexWriterSession,
    ) -> Result<(ImportStatus, u64)> {
        let sha = text::sha256_hex(bytes);
        let created = originals::put(&self.root, &sha, bytes)?;
        let mut store = self.store();
        let now = crate::now_utc();
        let mut counts = ReanchorCounts::default();
        let mut bands = self.band_index(&store)?;
        let written = store.write(|tx| {
            Store::replace_original(tx, id, &sha, name, &now)?;
            Store::update_extracted(tx, id, extracted, content_hash)?;
            Store::sketch_article(tx, &mut bands, id, &extracted.body_text)?;
            reanchor_all(tx, id, &extracted.body_text, &mut counts)
        });
        let ((), counter) = match written {
            Ok(v) => v,
            Err(e) => {
                if created {
                    originals::remove(&self.root, &sha);
                }
                return Err(e.into());
            }
        };
        // The row is committed: a failed index write leaves the index behind SQLite, which
        // the next open catches up (the counter differs), so the new text is never lost.
        writer.upsert(&store.index_doc(id)?)?;
        Ok((
            ImportStatus::Updated {
                id,
                placed: counts.exact + counts.moved,
                orphaned: counts.orphaned,
            },
            counter,
        ))
    }
}

/// Read one file and extract its article: the part of an import that needs no library, run on
/// the worker threads.
fn prepare(path: &Path, options: &Importer) -> Prepared {
    let fail = |code: &str, error: String| {
        Prepared::Failed(ImportStatus::Failed {
            code: code.to_string(),
            error,
        })
    };
    let size = match fs::metadata(path) {
        // A FIFO, a device such as /dev/zero or a socket has no size to check first and may
        // never end: only regular files are articles.
        Ok(m) if !m.is_file() => {
            return fail(
                "not_a_file",
                "not a regular file (a device, pipe or socket)".into(),
            )
        }
        Ok(m) => m.len(),
        Err(e) => return fail("unreadable", e.to_string()),
    };
    let too_large = |size| {
        let e = ImportError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        };
        fail(e.code(), e.to_string())
    };
    if size > MAX_FILE_BYTES {
        return too_large(size);
    }
    // Read at most one byte past the limit, so a file that grew since its size was taken
    // still cannot make us read without bound.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let read = fs::File::open(path).and_then(|f| {
        std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_FILE_BYTES + 1), &mut bytes)
    });
    if let Err(e) = read {
        return fail("unreadable", e.to_string());
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return too_large(bytes.len() as u64);
    }
    let name = path.file_name().and_then(|n| n.to_str());
    // A panic in a format reader (a parser bug on hostile input) fails this file only.
    let extracted = std::panic::catch_unwind(|| {
        wenzhai_core::extract_with_encoding(&bytes, name, options.encoding)
    });
    let extracted = match extracted {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return fail(e.code(), e.to_string()),
        Err(_) => {
            return fail(
                "internal",
                "the importer failed on this file (a bug: please report it)".into(),
            )
        }
    };
    let content_hash = text::content_hash(&format!("{}\n{}", extracted.title, extracted.body_text));
    Prepared::Ready {
        bytes,
        extracted: Box::new(extracted),
        content_hash,
    }
}

/// Whether a file dated `new` is an older save than an article dated `existing`. Dates are
/// ISO 8601 of varying precision (`2003-05`, `2024-05-01T08:00`); they are compared on the
/// precision both have, and an unknown date is never "older".
fn is_before(new: Option<&str>, existing: Option<&str>) -> bool {
    match (new, existing) {
        (Some(new), Some(existing)) => {
            let n = new.len().min(existing.len());
            new.get(..n)
                .zip(existing.get(..n))
                .is_some_and(|(a, b)| a < b)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_before;

    #[test]
    fn an_older_save_is_before_on_the_precision_both_dates_have() {
        assert!(is_before(Some("2023-01-01"), Some("2024-05-01T08:00")));
        assert!(is_before(Some("2003-04"), Some("2003-05-20")));
        assert!(!is_before(Some("2003-05"), Some("2003-05-20")));
        assert!(!is_before(Some("2024-06-01"), Some("2024-05-01")));
        assert!(!is_before(None, Some("2024-05-01")));
        assert!(!is_before(Some("2024-05-01"), None));
    }
}
