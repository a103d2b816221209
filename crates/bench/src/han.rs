//! The 简繁 figures of wz-bench (issue 16): search folds Traditional Chinese to Simplified, so
//! its results must equal the *folded* substring truth (text and query both converted to
//! Simplified with `wenzhai_core::han`, then the rule of `truth.rs`):
//!
//! - **Traditional queries over the corpus**: every dev query converted with OpenCC's `s2t`
//!   (ferrous-opencc, a real phrase-aware converter, not our own table), run on the corpus
//!   library.
//! - **Simplified (and Traditional) queries over Traditional texts**: every
//!   [`SAMPLE_STRIDE`]-th corpus item converted with `s2t`, imported through the real importer
//!   into a second library.
//! - **Exact characters** (`SearchOptions::exact_characters`): the dev queries against the
//!   *unfolded* truth of the corpus, since that mode must not fold.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use wenzhai_bench::corpus::{txt_content, Item};
use wenzhai_library::model::ImportStatus;
use wenzhai_library::{Importer, Library, SearchOptions};

use crate::{median, ms, percentile, truth, Quality, ALL, TOP};

/// Every this-many-th corpus item is converted to Traditional for the second library.
pub(crate) const SAMPLE_STRIDE: usize = 20;

/// OpenCC's Simplified → Traditional conversion.
pub(crate) struct S2t(OpenCC);

impl S2t {
    pub(crate) fn new() -> Result<S2t> {
        Ok(S2t(
            OpenCC::from_config(BuiltinConfig::S2t).context("loading OpenCC's s2t")?
        ))
    }

    pub(crate) fn convert(&self, text: &str) -> String {
        self.0.convert(text)
    }
}

/// The Traditional sample: every [`SAMPLE_STRIDE`]-th item, title and body converted.
pub(crate) fn traditional_sample(items: &[Item], s2t: &S2t) -> Vec<Item> {
    items
        .iter()
        .step_by(SAMPLE_STRIDE)
        .map(|item| Item {
            title: s2t.convert(&item.title),
            body: s2t.convert(&item.body),
            date: item.date.clone(),
        })
        .collect()
}

/// A library and, for each of its article ids, the items imported as it.
pub(crate) struct Imported {
    pub lib: Library,
    pub items_of: HashMap<i64, Vec<usize>>,
    pub import_s: f64,
    pub failed: usize,
}

/// Writes `items` as `.txt` files under `work` and imports them into a fresh library there.
pub(crate) fn import(work: &Path, items: &[Item]) -> Result<Imported> {
    let txt = work.join("txt-hant");
    std::fs::create_dir_all(&txt)?;
    for (i, item) in items.iter().enumerate() {
        std::fs::write(txt.join(format!("{i:06}.txt")), txt_content(item))?;
    }
    let started = Instant::now();
    let lib = Library::open(&work.join("library-hant"))?;
    let report = lib.import(&[PathBuf::from(&txt)], &Importer::default(), |_| {})?;
    let import_s = started.elapsed().as_secs_f64();
    let mut items_of: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut failed = 0;
    for outcome in &report.outcomes {
        let Some(index) = Path::new(&outcome.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        match &outcome.status {
            ImportStatus::Imported { id }
            | ImportStatus::NearDuplicate { id, .. }
            | ImportStatus::Updated { id, .. } => items_of.entry(*id).or_default().push(index),
            ImportStatus::Duplicate { duplicate_of, .. } => {
                items_of.entry(*duplicate_of).or_default().push(index)
            }
            ImportStatus::Failed { .. } => failed += 1,
        }
    }
    Ok(Imported {
        lib,
        items_of,
        import_s,
        failed,
    })
}

/// One query of a set.
pub(crate) struct Row {
    pub truth: usize,
    pub quality: Quality,
    pub ms: Vec<f64>,
    pub problem: Option<String>,
}

/// Runs `queries` on `lib` with `options`: the full result set against `truth`, then
/// `timed` timed runs of count + top 20 + snippets after one warm-up.
pub(crate) fn run_set(
    lib: &Library,
    items_of: &HashMap<i64, Vec<usize>>,
    queries: &[String],
    truths: &[BTreeSet<usize>],
    options: SearchOptions,
    timed: usize,
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (q, want) in queries.iter().zip(truths) {
        let all = lib.search_with(q, options, 0, ALL)?;
        let got: BTreeSet<usize> = all
            .hits
            .iter()
            .flat_map(|h| items_of.get(&h.id).into_iter().flatten().copied())
            .collect();
        let quality = Quality::new(want, &got);
        let problem = (!quality.exact() || all.total != all.hits.len() as u64).then(|| {
            let missing: Vec<_> = want.difference(&got).take(3).collect();
            let extra: Vec<_> = got.difference(want).take(3).collect();
            format!(
                "{q:?}: truth {} got {} (total {}; missing items {missing:?}, extra {extra:?})",
                want.len(),
                got.len(),
                all.total
            )
        });
        let mut times = Vec::new();
        for run in 0..=timed {
            let t = Instant::now();
            let page = lib.search_with(q, options, 0, TOP)?;
            let took = ms(t.elapsed());
            std::hint::black_box(&page);
            if run > 0 {
                times.push(took);
            }
        }
        eprintln!(
            "{q:<22} truth {:>6}  got {:>6} {:>8.3} ms",
            want.len(),
            got.len(),
            median(&times)
        );
        rows.push(Row {
            truth: want.len(),
            quality,
            ms: times,
            problem,
        });
    }
    Ok(rows)
}

/// The truth of every query over `hays`.
pub(crate) fn truths(hays: &[String], queries: &[String], han: bool) -> Vec<BTreeSet<usize>> {
    queries
        .iter()
        .map(|q| truth::matching(hays, q, han).into_iter().collect())
        .collect()
}

/// One line of the summary table.
pub(crate) fn summary_row(out: &mut String, name: &str, rows: &[Row]) -> Result<()> {
    let mut times: Vec<f64> = rows.iter().flat_map(|r| r.ms.clone()).collect();
    times.sort_by(f64::total_cmp);
    let (hit, truth, got) = rows.iter().fold((0, 0, 0), |(h, t, g), r| {
        (h + r.quality.hit, t + r.quality.truth, g + r.quality.got)
    });
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let min_recall = rows.iter().map(|r| r.quality.recall()).fold(1.0, f64::min);
    let min_precision = rows
        .iter()
        .map(|r| r.quality.precision())
        .fold(1.0, f64::min);
    let exact = rows.iter().filter(|r| r.quality.exact()).count();
    writeln!(
        out,
        "| {name} | {} | {truth} | {:.3} ({:.3}) | {:.3} ({:.3}) | {exact} / {} | {:.3} | {:.3} |",
        rows.len(),
        ratio(hit, truth),
        min_recall,
        ratio(hit, got),
        min_precision,
        rows.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    )?;
    Ok(())
}

/// Mismatching queries of a set, as Markdown list items.
pub(crate) fn problems(out: &mut String, name: &str, rows: &[Row]) -> Result<()> {
    for r in rows {
        if let Some(p) = &r.problem {
            writeln!(out, "- {name}: {p}")?;
        }
    }
    Ok(())
}

/// The per-query table: each dev query, its Traditional form, and R / P in every set.
pub(crate) fn per_query_table(
    out: &mut String,
    simplified: &[String],
    traditional: &[String],
    sets: &[(&str, &[Row])],
) -> Result<()> {
    write!(out, "| query | Traditional (s2t) |")?;
    for (name, _) in sets {
        write!(out, " {name}: truth, R / P |")?;
    }
    writeln!(out)?;
    writeln!(out, "|---|---|{}", "---|".repeat(sets.len()))?;
    for (i, (s, t)) in simplified.iter().zip(traditional).enumerate() {
        write!(
            out,
            "| `{}` | `{}` |",
            s.replace('|', "\\|"),
            t.replace('|', "\\|")
        )?;
        for (_, rows) in sets {
            match rows.get(i) {
                Some(r) => write!(
                    out,
                    " {} {:.3} / {:.3} |",
                    r.truth,
                    r.quality.recall(),
                    r.quality.precision()
                )?,
                None => write!(out, " – |")?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
