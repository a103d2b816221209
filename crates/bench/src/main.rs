//! wz-bench: imports the shared corpus through Wenzhai's real importer into a fresh library,
//! runs `queries-dev.json` against it, and in the same run does the same with SQLite FTS5
//! trigram (+ LIKE for parts under 3 characters) on the same text. See README.md.
//!
//! ```text
//! wz-bench [--corpus DIR] [--fraction F] [--work DIR] [--json FILE]
//! wz-bench extrapolate SMALL.json FULL.json      # the 1M-articles table from two runs
//! ```
//!
//! The import and the FTS5 build each run in a child process of this binary (`import-phase`,
//! `fts-phase`) so that their peak RSS (VmHWM) is theirs alone.
//!
//! The 简繁 figures (`han.rs`) run in the same process after the main queries.

mod fts;
mod han;
mod truth;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;
use wenzhai_bench::corpus::{load_items, load_queries, txt_content, CORPUS_FILES, QUERIES_FILE};
use wenzhai_bench::peak_rss_kb;
use wenzhai_library::model::ImportStatus;
use wenzhai_library::{Importer, Library, SearchOptions};

/// Timed runs of each query after one warm-up.
const REPEATS: usize = 5;
/// Rows per page (with snippets).
const TOP: usize = 20;
/// Limit of the correctness pass: everything.
const ALL: usize = 10_000_000;
const MB: f64 = 1_000_000.0;

fn main() {
    if let Err(e) = run() {
        eprintln!("wz-bench: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("import-phase") => import_phase(&args[1..]),
        Some("fts-phase") => fts_phase(&args[1..]),
        Some("extrapolate") => extrapolate(&args[1..]),
        Some("-h" | "--help") => {
            println!(
                "wz-bench [--corpus DIR] [--fraction F] [--work DIR] [--json FILE]\n\
                 wz-bench extrapolate SMALL.json FULL.json"
            );
            Ok(())
        }
        _ => bench(&args),
    }
}

// ------------------------------------------------------------------ helpers

fn dir_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|rd| rd.flatten().map(|e| dir_size(&e.path())).sum())
        .unwrap_or(0)
}

/// `title\n[发布时间:date\n]\nbody\n` → (title, body), exactly as written.
pub fn split_txt(text: &str) -> (&str, &str) {
    let (title, mut rest) = text.split_once('\n').unwrap_or((text, ""));
    if rest.starts_with("发布时间:") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    let body = rest.strip_prefix('\n').unwrap_or(rest);
    (title, body.strip_suffix('\n').unwrap_or(body))
}

fn txt_files(dir: &Path) -> Result<Vec<(usize, PathBuf)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let Some(index) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        files.push((index, path));
    }
    files.sort();
    Ok(files)
}

/// Run this binary as a child (`import-phase` / `fts-phase`) and parse the JSON it prints.
fn child(args: &[&str]) -> Result<Value> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", args[0]))?;
    if !out.status.success() {
        bail!("{} failed ({})", args[0], out.status);
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).with_context(|| format!("{} printed {stdout:?}", args[0]))
}

fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    if sorted_ms.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted_ms.len() as f64).ceil() as usize).clamp(1, sorted_ms.len());
    sorted_ms[rank - 1]
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ------------------------------------------------------------------ child phases

/// `import-phase TXT_DIR LIB_DIR MAP_FILE`: open a fresh library, import the folder, close it.
/// Prints one JSON line; writes `index \t article id` (or `-1 \t error`) per file to MAP_FILE.
fn import_phase(args: &[String]) -> Result<()> {
    let [txt, lib_dir, map] = args else {
        bail!("usage: wz-bench import-phase TXT_DIR LIB_DIR MAP_FILE");
    };
    let started = Instant::now();
    let lib = Library::open(Path::new(lib_dir))?;
    let opened = started.elapsed();
    let report = lib.import(&[PathBuf::from(txt)], &Importer::default(), |_| {})?;
    let imported = started.elapsed();
    drop(lib);
    let total = started.elapsed();
    let mut lines = String::new();
    let mut failures = Vec::new();
    for outcome in &report.outcomes {
        let index = Path::new(&outcome.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        match &outcome.status {
            ImportStatus::Imported { id }
            | ImportStatus::NearDuplicate { id, .. }
            | ImportStatus::Updated { id, .. } => writeln!(lines, "{index}\t{id}")?,
            ImportStatus::Duplicate { duplicate_of, .. } => {
                writeln!(lines, "{index}\t{duplicate_of}")?
            }
            ImportStatus::Failed { code, error } => {
                writeln!(lines, "{index}\t-1")?;
                if failures.len() < 10 {
                    failures.push(format!("{}: {code}: {error}", outcome.path));
                }
            }
        }
    }
    std::fs::write(map, lines)?;
    let s = &report.summary;
    println!(
        "{}",
        json!({
            "open_s": opened.as_secs_f64(),
            "import_s": (imported - opened).as_secs_f64(),
            "close_s": (total - imported).as_secs_f64(),
            "total_s": total.as_secs_f64(),
            "imported": s.imported,
            "duplicates": s.duplicates,
            "failed": s.failed,
            "failures": failures,
            "peak_rss_kb": peak_rss_kb(),
        })
    );
    Ok(())
}

/// `fts-phase TXT_DIR DB`: build the FTS5 trigram table from the same files. Prints JSON.
fn fts_phase(args: &[String]) -> Result<()> {
    let [txt, db] = args else {
        bail!("usage: wz-bench fts-phase TXT_DIR DB");
    };
    let files = txt_files(Path::new(txt))?;
    let started = Instant::now();
    let rows = fts::build(Path::new(db), &files)?;
    let total = started.elapsed();
    println!(
        "{}",
        json!({
            "total_s": total.as_secs_f64(),
            "rows": rows,
            "peak_rss_kb": peak_rss_kb(),
        })
    );
    Ok(())
}

// ------------------------------------------------------------------ the benchmark

struct Options {
    corpus: PathBuf,
    fraction: f64,
    work: Option<PathBuf>,
    json: Option<PathBuf>,
}

fn options(args: &[String]) -> Result<Options> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut o = Options {
        corpus: root.join("../shared/corpus"),
        fraction: 1.0,
        work: None,
        json: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--corpus" => o.corpus = PathBuf::from(value()?),
            "--fraction" => {
                o.fraction = value()?.parse().context("--fraction")?;
                if !(o.fraction > 0.0 && o.fraction <= 1.0) {
                    bail!("--fraction must be in (0, 1]");
                }
            }
            "--work" => o.work = Some(PathBuf::from(value()?)),
            "--json" => o.json = Some(PathBuf::from(value()?)),
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    Ok(o)
}

#[derive(Default)]
struct Quality {
    truth: usize,
    got: usize,
    hit: usize,
}

impl Quality {
    fn new(truth: &BTreeSet<usize>, got: &BTreeSet<usize>) -> Quality {
        Quality {
            truth: truth.len(),
            got: got.len(),
            hit: truth.intersection(got).count(),
        }
    }
    fn recall(&self) -> f64 {
        if self.truth == 0 {
            1.0
        } else {
            self.hit as f64 / self.truth as f64
        }
    }
    fn precision(&self) -> f64 {
        if self.got == 0 {
            1.0
        } else {
            self.hit as f64 / self.got as f64
        }
    }
    fn exact(&self) -> bool {
        self.hit == self.truth && self.hit == self.got
    }
}

struct PerQuery {
    query: String,
    cat: String,
    truth: usize,
    ours: Quality,
    ours_ms: Vec<f64>,
    fts: Quality,
    fts_ms: Vec<f64>,
}

struct EngineSummary {
    p50: f64,
    p99: f64,
    recall: f64,
    precision: f64,
    min_recall: f64,
    min_precision: f64,
    exact: usize,
}

fn summarize(rows: &[PerQuery], ours: bool) -> EngineSummary {
    fn pick(r: &PerQuery, ours: bool) -> (&Quality, &Vec<f64>) {
        if ours {
            (&r.ours, &r.ours_ms)
        } else {
            (&r.fts, &r.fts_ms)
        }
    }
    let mut times: Vec<f64> = rows.iter().flat_map(|r| pick(r, ours).1.clone()).collect();
    times.sort_by(f64::total_cmp);
    let (mut hit, mut truth, mut got) = (0, 0, 0);
    let mut s = EngineSummary {
        p50: percentile(&times, 0.50),
        p99: percentile(&times, 0.99),
        recall: 0.0,
        precision: 0.0,
        min_recall: 1.0,
        min_precision: 1.0,
        exact: 0,
    };
    for r in rows {
        let q = pick(r, ours).0;
        hit += q.hit;
        truth += q.truth;
        got += q.got;
        s.min_recall = s.min_recall.min(q.recall());
        s.min_precision = s.min_precision.min(q.precision());
        s.exact += usize::from(q.exact());
    }
    s.recall = if truth == 0 {
        1.0
    } else {
        hit as f64 / truth as f64
    };
    s.precision = if got == 0 {
        1.0
    } else {
        hit as f64 / got as f64
    };
    s
}

fn bench(args: &[String]) -> Result<()> {
    let o = options(args)?;
    for name in CORPUS_FILES.iter().chain([&QUERIES_FILE]) {
        let path = o.corpus.join(name);
        if !path.is_file() {
            println!(
                "skipping: the benchmark corpus is not there ({} is missing; pass --corpus DIR)",
                path.display()
            );
            return Ok(());
        }
    }
    let corpus = o.corpus.canonicalize()?;
    let queries = load_queries(&corpus)?;
    let started = Instant::now();
    let items = load_items(&corpus, o.fraction)?;
    let text_bytes: usize = items.iter().map(|i| i.title.len() + 1 + i.body.len()).sum();
    eprintln!(
        "corpus {}: {} items, {:.1} MB of text (fraction {}), read in {:.1} s",
        corpus.display(),
        items.len(),
        text_bytes as f64 / MB,
        o.fraction,
        started.elapsed().as_secs_f64()
    );

    let work = match &o.work {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            tempfile::Builder::new()
                .prefix("wz-bench-")
                .tempdir_in(dir)?
        }
        None => tempfile::Builder::new().prefix("wz-bench-").tempdir()?,
    };
    let txt_dir = work.path().join("txt");
    let lib_dir = work.path().join("library");
    let map_file = work.path().join("import-map.tsv");
    let fts_db = work.path().join("fts5.sqlite3");
    std::fs::create_dir_all(&txt_dir)?;
    let started = Instant::now();
    let mut file_bytes = 0;
    for (i, item) in items.iter().enumerate() {
        let content = txt_content(item);
        file_bytes += content.len();
        std::fs::write(txt_dir.join(format!("{i:06}.txt")), content)?;
    }
    eprintln!(
        "wrote {} .txt files ({:.1} MB) to {} in {:.1} s",
        items.len(),
        file_bytes as f64 / MB,
        txt_dir.display(),
        started.elapsed().as_secs_f64()
    );

    // --- Wenzhai: the real importer, in a child process.
    eprintln!("importing into a fresh library …");
    let txt_arg = txt_dir.to_string_lossy();
    let imp = child(&[
        "import-phase",
        &txt_arg,
        &lib_dir.to_string_lossy(),
        &map_file.to_string_lossy(),
    ])?;
    let import_s = imp["total_s"].as_f64().unwrap_or(0.0);
    eprintln!("import: {imp}");
    let sqlite_bytes: u64 = ["", "-wal", "-shm"]
        .iter()
        .map(|s| dir_size(&lib_dir.join(format!("{}{s}", wenzhai_library::DB_FILE))))
        .sum();
    let index_bytes = dir_size(&lib_dir.join("index"));
    let originals_bytes = dir_size(&lib_dir.join("originals"));
    let ours_bytes = sqlite_bytes + index_bytes;

    // --- FTS5 trigram, in a child process.
    eprintln!("building the FTS5 trigram table …");
    let fts_build = child(&["fts-phase", &txt_arg, &fts_db.to_string_lossy()])?;
    eprintln!("fts5: {fts_build}");
    let fts_s = fts_build["total_s"].as_f64().unwrap_or(0.0);
    let fts_bytes = dir_size(&fts_db);
    let conn = rusqlite::Connection::open(&fts_db)?;
    let fts_index_bytes = fts::index_bytes(&conn)?;

    // --- The library as the app would open it; check it.
    let started = Instant::now();
    let lib = Library::open(&lib_dir)?;
    let open_ms = ms(started.elapsed());
    let started = Instant::now();
    let check = lib.check()?;
    eprintln!(
        "library opened in {open_ms:.0} ms; check in {:.1} s: {} articles, {} indexed, {} originals, problems: {:?}",
        started.elapsed().as_secs_f64(),
        check.articles,
        check.indexed,
        check.originals_checked,
        check.problems.iter().take(5).collect::<Vec<_>>()
    );

    // Article id → corpus items (duplicates map to the article they duplicate).
    let mut items_of: HashMap<i64, Vec<usize>> = HashMap::new();
    for line in std::fs::read_to_string(&map_file)?.lines() {
        let mut f = line.split('\t');
        let (Some(index), Some(id)) = (f.next(), f.next()) else {
            continue;
        };
        let (index, id): (usize, i64) = (index.parse()?, id.parse()?);
        if id >= 0 {
            items_of.entry(id).or_default().push(index);
        }
    }

    // --- Truth: folded (简繁 too), as search folds by default; the unfolded one for the
    // exact-characters mode.
    let started = Instant::now();
    let exact_hays: Vec<String> = items
        .iter()
        .map(|i| truth::fold(&format!("{}\n{}", i.title, i.body)))
        .collect();
    let hays: Vec<String> = exact_hays
        .iter()
        .map(|h| wenzhai_core::han::fold_to_simplified(h))
        .collect();
    let s2t = han::S2t::new()?;
    let converting = Instant::now();
    let hant_items = han::traditional_sample(&items, &s2t);
    let hant_chars: usize = hant_items
        .iter()
        .map(|i| i.title.chars().count() + i.body.chars().count())
        .sum();
    let s2t_s = converting.elapsed().as_secs_f64();
    drop(items);
    let dev: Vec<String> = queries.iter().map(|(q, _)| q.clone()).collect();
    let truths = han::truths(&hays, &dev, true);
    let exact_truths = han::truths(&exact_hays, &dev, false);
    drop(exact_hays);
    let folding_changed = truths
        .iter()
        .zip(&exact_truths)
        .filter(|(a, b)| a != b)
        .count();
    eprintln!(
        "truth for {} queries in {:.1} s ({folding_changed} differ folded / unfolded)",
        queries.len(),
        started.elapsed().as_secs_f64()
    );

    // --- Queries.
    let mut rows = Vec::new();
    let mut mismatches = Vec::new();
    for ((q, cat), want) in queries.iter().zip(&truths) {
        // Correctness: the full result sets.
        let all = lib.search(q, 0, ALL)?;
        let got_ids: BTreeSet<i64> = all.hits.iter().map(|h| h.id).collect();
        if all.total != got_ids.len() as u64 {
            mismatches.push(format!(
                "{q:?}: total {} but {} distinct hits",
                all.total,
                got_ids.len()
            ));
        }
        let got: BTreeSet<usize> = got_ids
            .iter()
            .flat_map(|id| items_of.get(id).into_iter().flatten().copied())
            .collect();
        let ours = Quality::new(want, &got);
        if !ours.exact() {
            let missing: Vec<_> = want.difference(&got).take(3).collect();
            let extra: Vec<_> = got.difference(want).take(3).collect();
            mismatches.push(format!(
                "ours {q:?}: truth {} got {} (missing items {missing:?}, extra {extra:?})",
                want.len(),
                got.len()
            ));
        }
        let plan = fts::plan(q);
        let fts_got: BTreeSet<usize> = fts::all_rowids(&conn, &plan)?
            .into_iter()
            .map(|r| r as usize - 1)
            .collect();
        let fts_q = Quality::new(want, &fts_got);

        // Timing: count + top 20 + snippets, one warm-up then REPEATS runs.
        let mut ours_ms = Vec::new();
        for run in 0..=REPEATS {
            let t = Instant::now();
            let page = lib.search(q, 0, TOP)?;
            let took = ms(t.elapsed());
            std::hint::black_box(&page);
            if run > 0 {
                ours_ms.push(took);
            }
        }
        let mut fts_ms = Vec::new();
        for run in 0..=REPEATS {
            let t = Instant::now();
            let page = fts::page(&conn, &plan, TOP)?;
            let took = ms(t.elapsed());
            std::hint::black_box((&page.rows, page.total));
            if run > 0 {
                fts_ms.push(took);
            }
        }
        eprintln!(
            "{q:<22} truth {:>6}  ours {:>6} {:>8.3} ms  fts5 {:>6} {:>8.3} ms",
            want.len(),
            got.len(),
            median(&ours_ms),
            fts_got.len(),
            median(&fts_ms)
        );
        rows.push(PerQuery {
            query: q.clone(),
            cat: cat.clone(),
            truth: want.len(),
            ours,
            ours_ms,
            fts: fts_q,
            fts_ms,
        });
    }

    // --- 简繁 (see han.rs).
    eprintln!("简繁: Traditional queries over the corpus …");
    let hant_queries: Vec<String> = dev.iter().map(|q| s2t.convert(q)).collect();
    let hant_truths = han::truths(&hays, &hant_queries, true);
    let folded = SearchOptions::default();
    let hant_over_corpus = han::run_set(
        &lib,
        &items_of,
        &hant_queries,
        &hant_truths,
        folded,
        REPEATS,
    )?;
    eprintln!("简繁: exact characters over the corpus …");
    let exact = SearchOptions {
        exact_characters: true,
        ..SearchOptions::default()
    };
    let exact_over_corpus = han::run_set(&lib, &items_of, &dev, &exact_truths, exact, 2)?;
    drop(lib);
    eprintln!(
        "简繁: importing {} articles converted to Traditional …",
        hant_items.len()
    );
    let hant_lib = han::import(work.path(), &hant_items)?;
    let hant_hays: Vec<String> = hant_items
        .iter()
        .map(|i| truth::fold_han(&format!("{}\n{}", i.title, i.body)))
        .collect();
    let over_hant_truths = han::truths(&hant_hays, &dev, true);
    let simplified_over_hant = han::run_set(
        &hant_lib.lib,
        &hant_lib.items_of,
        &dev,
        &over_hant_truths,
        folded,
        REPEATS,
    )?;
    let hant_over_hant_truths = han::truths(&hant_hays, &hant_queries, true);
    let hant_over_hant = han::run_set(
        &hant_lib.lib,
        &hant_lib.items_of,
        &hant_queries,
        &hant_over_hant_truths,
        folded,
        REPEATS,
    )?;

    let ours = summarize(&rows, true);
    let fts_sum = summarize(&rows, false);
    let ours_rss = imp["peak_rss_kb"].as_u64().unwrap_or(0);
    let fts_rss = fts_build["peak_rss_kb"].as_u64().unwrap_or(0);
    let n = hays.len();
    let text_mb = text_bytes as f64 / MB;

    let mut out = String::new();
    writeln!(
        out,
        "## {} items, {text_mb:.1} MB of text (fraction {}), {} queries × {REPEATS} timed runs\n",
        n,
        o.fraction,
        rows.len()
    )?;
    writeln!(
        out,
        "Import: {} imported, {} duplicates (same text), {} failed; `check`: {}.\n",
        imp["imported"],
        imp["duplicates"],
        imp["failed"],
        if check.ok() { "ok" } else { "PROBLEMS" }
    )?;
    writeln!(out, "| | Wenzhai | FTS5 trigram + LIKE | Wenzhai / FTS5 |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let ratio = |a: f64, b: f64| {
        let r = a / b;
        if !(b > 0.0 && r.is_finite()) {
            "–".into()
        } else if r < 0.5 {
            format!("{r:.3}× (1/{:.0})", 1.0 / r)
        } else {
            format!("{r:.2}×")
        }
    };
    let mut row =
        |name: &str, a: String, b: String, r: String| writeln!(out, "| {name} | {a} | {b} | {r} |");
    row(
        "import / build time",
        format!("{import_s:.1} s"),
        format!("{fts_s:.1} s"),
        ratio(import_s, fts_s),
    )?;
    row(
        "MB/s of text",
        format!("{:.2}", text_mb / import_s),
        format!("{:.2}", text_mb / fts_s),
        ratio(fts_s, import_s),
    )?;
    row(
        "on disk",
        format!(
            "{:.1} MB (SQLite {:.1} + index {:.1})",
            ours_bytes as f64 / MB,
            sqlite_bytes as f64 / MB,
            index_bytes as f64 / MB
        ),
        format!("{:.1} MB", fts_bytes as f64 / MB),
        ratio(ours_bytes as f64, fts_bytes as f64),
    )?;
    row(
        "on disk / text",
        format!("{:.2}×", ours_bytes as f64 / text_bytes as f64),
        format!("{:.2}×", fts_bytes as f64 / text_bytes as f64),
        ratio(ours_bytes as f64, fts_bytes as f64),
    )?;
    row(
        "index alone / text",
        format!("{:.2}×", index_bytes as f64 / text_bytes as f64),
        format!("{:.2}×", fts_index_bytes as f64 / text_bytes as f64),
        ratio(index_bytes as f64, fts_index_bytes as f64),
    )?;
    row(
        "peak RSS (import / build)",
        format!("{:.0} MB", ours_rss as f64 / 1024.0),
        format!("{:.0} MB", fts_rss as f64 / 1024.0),
        ratio(ours_rss as f64, fts_rss as f64),
    )?;
    row(
        "query p50 (count + top 20 + snippets)",
        format!("{:.3} ms", ours.p50),
        format!("{:.3} ms", fts_sum.p50),
        ratio(ours.p50, fts_sum.p50),
    )?;
    row(
        "query p99",
        format!("{:.3} ms", ours.p99),
        format!("{:.3} ms", fts_sum.p99),
        ratio(ours.p99, fts_sum.p99),
    )?;
    row(
        "recall (all results; lowest query)",
        format!("{:.3} ({:.3})", ours.recall, ours.min_recall),
        format!("{:.3} ({:.3})", fts_sum.recall, fts_sum.min_recall),
        ratio(ours.recall, fts_sum.recall),
    )?;
    row(
        "precision (all results; lowest query)",
        format!("{:.3} ({:.3})", ours.precision, ours.min_precision),
        format!("{:.3} ({:.3})", fts_sum.precision, fts_sum.min_precision),
        ratio(ours.precision, fts_sum.precision),
    )?;
    row(
        "queries exactly right (recall = precision = 1)",
        format!("{} / {}", ours.exact, rows.len()),
        format!("{} / {}", fts_sum.exact, rows.len()),
        String::new(),
    )?;
    writeln!(
        out,
        "\nOriginals kept by the library (not counted above): {:.1} MB. Library open: {open_ms:.0} ms.",
        originals_bytes as f64 / MB
    )?;
    writeln!(
        out,
        "\n| query | kind | truth | Wenzhai R / P | Wenzhai median ms | FTS5 R / P | FTS5 median ms |"
    )?;
    writeln!(out, "|---|---|---:|---|---:|---|---:|")?;
    for r in &rows {
        writeln!(
            out,
            "| `{}` | {} | {} | {:.3} / {:.3} | {:.3} | {:.3} / {:.3} | {:.2} |",
            r.query.replace('|', "\\|"),
            r.cat,
            r.truth,
            r.ours.recall(),
            r.ours.precision(),
            median(&r.ours_ms),
            r.fts.recall(),
            r.fts.precision(),
            median(&r.fts_ms)
        )?;
    }
    if !mismatches.is_empty() {
        writeln!(out, "\nMismatches:\n")?;
        for m in &mismatches {
            writeln!(out, "- {m}")?;
        }
    }

    let n_hant = hant_items.len();
    writeln!(
        out,
        "\n## 简繁 folding\n\nTruth folded (text and query to Simplified with `wenzhai_core::han`, \
         then the rule above) except for the exact-characters row, which must not fold. \
         Traditional queries and texts made with OpenCC s2t (ferrous-opencc 0.4): {n_hant} \
         articles (every {}th item, {hant_chars} chars converted in {s2t_s:.1} s), imported in \
         {:.1} s ({} failed). {folding_changed} of {} dev queries have another folded than \
         unfolded truth on the corpus.\n",
        han::SAMPLE_STRIDE,
        hant_lib.import_s,
        hant_lib.failed,
        dev.len(),
    )?;
    writeln!(
        out,
        "| query set | queries | truth (items) | recall (lowest) | precision (lowest) | exactly right | p50 ms | p99 ms |"
    )?;
    writeln!(out, "|---|---:|---:|---|---|---:|---:|---:|")?;
    let main_rows: Vec<han::Row> = rows
        .iter()
        .map(|r| han::Row {
            truth: r.truth,
            quality: Quality {
                truth: r.ours.truth,
                got: r.ours.got,
                hit: r.ours.hit,
            },
            ms: r.ours_ms.clone(),
            problem: None,
        })
        .collect();
    let sets: [(&str, &[han::Row]); 5] = [
        (
            "Simplified dev queries, corpus (the table above)",
            &main_rows,
        ),
        ("Traditional dev queries (s2t), corpus", &hant_over_corpus),
        (
            "Simplified dev queries, Traditional texts (s2t)",
            &simplified_over_hant,
        ),
        (
            "Traditional dev queries, Traditional texts",
            &hant_over_hant,
        ),
        (
            "exact characters on, corpus, unfolded truth",
            &exact_over_corpus,
        ),
    ];
    for (name, set_rows) in &sets {
        han::summary_row(&mut out, name, set_rows)?;
    }
    writeln!(out)?;
    han::per_query_table(&mut out, &dev, &hant_queries, &sets[1..])?;
    let mut han_problems = String::new();
    for (name, set_rows) in &sets[1..] {
        han::problems(&mut han_problems, name, set_rows)?;
    }
    if !han_problems.is_empty() {
        writeln!(out, "\n简繁 mismatches:\n\n{han_problems}")?;
    }
    drop(hant_lib);
    print!("{out}");

    if let Some(path) = &o.json {
        let summary = json!({
            "items": n,
            "fraction": o.fraction,
            "text_bytes": text_bytes,
            "ours": {
                "import_s": import_s,
                "sqlite_bytes": sqlite_bytes,
                "index_bytes": index_bytes,
                "bytes": ours_bytes,
                "peak_rss_kb": ours_rss,
                "p50_ms": ours.p50,
                "p99_ms": ours.p99,
                "recall": ours.recall,
                "precision": ours.precision,
            },
            "fts5": {
                "import_s": fts_s,
                "index_bytes": fts_index_bytes,
                "bytes": fts_bytes,
                "peak_rss_kb": fts_rss,
                "p50_ms": fts_sum.p50,
                "p99_ms": fts_sum.p99,
                "recall": fts_sum.recall,
                "precision": fts_sum.precision,
            },
        });
        std::fs::write(path, serde_json::to_string_pretty(&summary)?)?;
    }
    Ok(())
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    percentile(&v, 0.5)
}

// ------------------------------------------------------------------ extrapolation

/// `extrapolate SMALL.json FULL.json`: a line through the two runs (per article) for import
/// time and sizes, evaluated at 1M articles; query times are shown as measured.
fn extrapolate(args: &[String]) -> Result<()> {
    let [small, full] = args else {
        bail!("usage: wz-bench extrapolate SMALL.json FULL.json");
    };
    let read = |p: &String| -> Result<Value> {
        Ok(serde_json::from_str(
            &std::fs::read_to_string(p).with_context(|| p.clone())?,
        )?)
    };
    let (a, b) = (read(small)?, read(full)?);
    let num = |v: &Value, path: &[&str]| -> f64 {
        path.iter()
            .fold(v, |v, k| &v[*k])
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let (na, nb) = (num(&a, &["items"]), num(&b, &["items"]));
    if (nb - na).abs() < 1.0 {
        bail!("the two runs have the same number of items");
    }
    let target = 1_000_000.0;
    let fit = |path: &[&str]| {
        let (ya, yb) = (num(&a, path), num(&b, path));
        let slope = (yb - ya) / (nb - na);
        (ya, yb, ya + slope * (target - na))
    };
    let mut out = String::new();
    writeln!(
        out,
        "| | {:.0} items | {:.0} items | 1M articles (linear fit) |",
        na, nb
    )?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let t = fit(&["text_bytes"]);
    writeln!(
        out,
        "| text | {:.1} MB | {:.1} MB | {:.0} MB |",
        t.0 / MB,
        t.1 / MB,
        t.2 / MB
    )?;
    for (engine, name) in [("ours", "Wenzhai"), ("fts5", "FTS5 trigram")] {
        let f = fit(&[engine, "import_s"]);
        writeln!(
            out,
            "| {name} import / build | {:.1} s | {:.1} s | {:.0} s ({:.1} min) |",
            f.0,
            f.1,
            f.2,
            f.2 / 60.0
        )?;
        let f = fit(&[engine, "bytes"]);
        writeln!(
            out,
            "| {name} on disk | {:.1} MB | {:.1} MB | {:.2} GB |",
            f.0 / MB,
            f.1 / MB,
            f.2 / MB / 1000.0
        )?;
        let f = fit(&[engine, "index_bytes"]);
        writeln!(
            out,
            "| {name} index alone | {:.1} MB | {:.1} MB | {:.2} GB |",
            f.0 / MB,
            f.1 / MB,
            f.2 / MB / 1000.0
        )?;
        let (ra, rb) = (
            num(&a, &[engine, "peak_rss_kb"]),
            num(&b, &[engine, "peak_rss_kb"]),
        );
        writeln!(
            out,
            "| {name} peak RSS | {:.0} MB | {:.0} MB | (see text) |",
            ra / 1024.0,
            rb / 1024.0
        )?;
        for p in ["p50_ms", "p99_ms"] {
            let (qa, qb) = (num(&a, &[engine, p]), num(&b, &[engine, p]));
            writeln!(
                out,
                "| {name} query {} | {qa:.3} ms | {qb:.3} ms | ≤ {:.1} ms if linear in matches ({:.1}× per 10× data measured) |",
                &p[..3],
                qb * target / nb,
                qb / qa
            )?;
        }
    }
    print!("{out}");
    Ok(())
}
