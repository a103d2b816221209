//! The two libraries the app is measured on: the shared corpus imported through the real
//! importer (reused when a folder already holds it), and an empty one (the peer).
//!
//! Reading the corpus and the `.txt` layout come from `wenzhai_bench::corpus`, so the files
//! are exactly the ones `wz-bench` imports.

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wenzhai_library::model::ImportStatus;
use wenzhai_library::{Importer, Library};

pub use wenzhai_bench::corpus::{load_items, CORPUS_FILES, QUERIES_FILE};
use wenzhai_bench::corpus::{txt_content, Item};

/// Written into a library folder this tool built, so that a later run knows what it holds.
const MARKER: &str = "wz-perf.json";

/// The query strings of `queries-dev.json`, without their categories.
pub fn load_queries(corpus: &Path) -> Result<Vec<String>> {
    Ok(wenzhai_bench::corpus::load_queries(corpus)?
        .into_iter()
        .map(|(q, _)| q)
        .collect())
}

/// What a library folder holds, as reported in the results.
#[derive(Debug, Clone)]
pub struct LibraryInfo {
    pub dir: PathBuf,
    pub articles: usize,
    /// Corpus items fed to the importer (all of them for a full run).
    pub items: usize,
    pub duplicates: Option<u64>,
    pub failed: Option<u64>,
    pub reused: bool,
}

impl LibraryInfo {
    pub fn to_json(&self) -> Value {
        json!({
            "dir": self.dir,
            "articles": self.articles,
            "corpus_items": self.items,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "reused": self.reused,
        })
    }
}

fn article_count(dir: &Path) -> Result<usize> {
    let lib = Library::open_read_only(dir)
        .with_context(|| format!("opening {} read-only", dir.display()))?;
    Ok(lib.ids()?.len())
}

fn read_marker(dir: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    serde_json::from_str(&text).ok()
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut rd| rd.next().is_none())
}

/// The library in `dir` when it holds the corpus of `items` items; `None` when it does not.
fn reusable(dir: &Path, items: usize) -> Result<Option<LibraryInfo>> {
    if !dir.join(wenzhai_library::DB_FILE).is_file() {
        return Ok(None);
    }
    let articles = article_count(dir)?;
    let info = |duplicates, failed| LibraryInfo {
        dir: dir.to_path_buf(),
        articles,
        items,
        duplicates,
        failed,
        reused: true,
    };
    if let Some(m) = read_marker(dir) {
        let same_items = m["corpus_items"].as_u64() == Some(items as u64);
        let same_count = m["articles"].as_u64() == Some(articles as u64);
        if same_items && same_count {
            return Ok(Some(info(m["duplicates"].as_u64(), m["failed"].as_u64())));
        }
        println!(
            "  {} was built from {} corpus items with {} articles; it now has {articles} \
             articles and this run needs {items} items: not reused",
            dir.display(),
            m["corpus_items"],
            m["articles"]
        );
        return Ok(None);
    }
    // A library built some other way: accept it when it has the corpus's size, allowing for
    // the ~0.1% of items the importer folds into duplicates.
    if articles <= items && articles as f64 >= items as f64 * 0.99 {
        println!(
            "  {} has {articles} articles (no {MARKER}); taken as the corpus of {items} items",
            dir.display()
        );
        return Ok(Some(info(None, None)));
    }
    println!(
        "  {} has {articles} articles, not the corpus ({items} items): not reused",
        dir.display()
    );
    Ok(None)
}

/// Find or build the library with the corpus. `library`: the caller's `--library`; `work`:
/// this run's working folder; `kept_work`: whether `work` outlives the run (`--work`);
/// `may_build_in_work`: whether a library may be built in `<work>/library` when `library`
/// holds something else (no point when `work` is about to be removed and nothing measured).
pub fn corpus_library(
    corpus: &Path,
    fraction: f64,
    library: Option<&Path>,
    work: &Path,
    kept_work: bool,
    may_build_in_work: bool,
) -> Result<LibraryInfo> {
    println!("corpus library:");
    let started = Instant::now();
    let items = load_items(corpus, fraction)?;
    println!(
        "  corpus {}: {} items (fraction {fraction}), read in {:.1} s",
        corpus.display(),
        items.len(),
        started.elapsed().as_secs_f64()
    );
    let work_lib = work.join("library");
    if let Some(dir) = library {
        if let Some(info) = reusable(dir, items.len())? {
            println!("  reusing {} ({} articles)", dir.display(), info.articles);
            return Ok(info);
        }
    }
    if kept_work {
        if let Some(info) = reusable(&work_lib, items.len())? {
            println!(
                "  reusing {} ({} articles)",
                work_lib.display(),
                info.articles
            );
            return Ok(info);
        }
    }
    // Where to build: the caller's --library when it is new or empty (kept for the next run),
    // else <work>/library.
    let target = match library {
        Some(dir) if is_empty_dir(dir) => dir.to_path_buf(),
        Some(dir) if !may_build_in_work => bail!(
            "{} holds something other than this corpus: pass an empty or new folder",
            dir.display()
        ),
        Some(dir) => {
            println!(
                "  {} holds something else: building in {} instead",
                dir.display(),
                work_lib.display()
            );
            work_lib
        }
        None => work_lib,
    };
    if target.exists() && !is_empty_dir(&target) {
        if read_marker(&target).is_some() {
            println!("  removing {} (an older wz-perf library)", target.display());
            std::fs::remove_dir_all(&target)
                .with_context(|| format!("removing {}", target.display()))?;
        } else {
            bail!(
                "{} is not empty and was not built by wz-perf: move it away or pass another --work",
                target.display()
            );
        }
    }
    build(&items, &target, work)
}

/// Write the items as `.txt` files, import them with the real importer into `target`.
fn build(items: &[Item], target: &Path, work: &Path) -> Result<LibraryInfo> {
    std::fs::create_dir_all(work)?;
    let txt = tempfile::Builder::new()
        .prefix("wz-perf-txt-")
        .tempdir_in(work)?;
    let started = Instant::now();
    for (i, item) in items.iter().enumerate() {
        std::fs::write(txt.path().join(format!("{i:06}.txt")), txt_content(item))?;
    }
    println!(
        "  wrote {} .txt files in {:.1} s; importing into {} …",
        items.len(),
        started.elapsed().as_secs_f64(),
        target.display()
    );
    let started = Instant::now();
    let lib = Library::open(target).with_context(|| format!("creating {}", target.display()))?;
    let mut last_print = Instant::now();
    let report = lib.import(&[txt.path().to_path_buf()], &Importer::default(), |p| {
        if last_print.elapsed() >= Duration::from_secs(10) || p.done == p.total {
            last_print = Instant::now();
            println!(
                "  … {}/{} files, {:.0} s",
                p.done,
                p.total,
                started.elapsed().as_secs_f64()
            );
        }
    })?;
    drop(lib);
    let s = &report.summary;
    let failures: Vec<String> = report
        .outcomes
        .iter()
        .filter_map(|o| match &o.status {
            ImportStatus::Failed { code, error } => Some(format!("{}: {code}: {error}", o.path)),
            _ => None,
        })
        .take(5)
        .collect();
    println!(
        "  import: {} imported, {} duplicates, {} failed in {:.1} s{}",
        s.imported,
        s.duplicates,
        s.failed,
        started.elapsed().as_secs_f64(),
        if failures.is_empty() {
            String::new()
        } else {
            format!(" (first failures: {failures:?})")
        }
    );
    txt.close()?;
    let articles = article_count(target)?;
    let marker = json!({
        "corpus_items": items.len(),
        "articles": articles,
        "imported": s.imported,
        "duplicates": s.duplicates,
        "failed": s.failed,
    });
    std::fs::write(target.join(MARKER), format!("{marker:#}\n"))?;
    Ok(LibraryInfo {
        dir: target.to_path_buf(),
        articles,
        items: items.len(),
        duplicates: Some(u64::from(s.duplicates)),
        failed: Some(u64::from(s.failed)),
        reused: false,
    })
}

/// Open the library as the app will (as the writer), so that a pending schema migration or
/// index catch-up happens now and not inside the first measured launch.
pub fn prepare(dir: &Path) -> Result<()> {
    let started = Instant::now();
    let lib = Library::open(dir).with_context(|| {
        format!(
            "opening {} as the writer (is an app or `wz` using it?)",
            dir.display()
        )
    })?;
    drop(lib);
    let took = started.elapsed();
    if took > Duration::from_secs(2) {
        println!(
            "  opening {} took {:.1} s (migration or index catch-up)",
            dir.display(),
            took.as_secs_f64()
        );
    }
    Ok(())
}

/// A new, empty library: the peer.
pub fn empty_library(dir: &Path) -> Result<LibraryInfo> {
    prepare(dir)?;
    Ok(LibraryInfo {
        dir: dir.to_path_buf(),
        articles: article_count(dir)?,
        items: 0,
        duplicates: None,
        failed: None,
        reused: false,
    })
}
