//! `wz-suggest-bench`: tag suggestions, pinyin suggestions and related articles on the shared
//! corpus, through the real importer and `Library` (see crates/bench/README.md, "Suggestions").
//!
//! - **tags**: the BBC part (ids carry the section). A deterministic 20% of each section (every
//!   fifth item by corpus order) is tagged with its section; the top `suggest_tags` suggestion
//!   of every other article must be its section. Then 20 Chinese articles' keywords, printed
//!   for checking by eye.
//! - **pinyin / speed** (`--zh-fraction F`, default 0.1): the first F of the Chinese part
//!   imported; the time to convert every title's pinyin key and build the suggestion index;
//!   the share of titles found among the top 10 suggestions by their full pinyin and by their
//!   initials (the crate's own `Pinyin::phrase` and `Pinyin::abbr` of the title, as a user
//!   would type them, cut at 63 letters); suggestion and related-article latency.
//!
//! Usage: `wz-suggest-bench [--corpus DIR] [--zh-fraction F] [--work DIR]`. Skips (exit 0) with
//! a reason when the corpus is missing.

use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;
use wenzhai_library::model::ImportStatus;
use wenzhai_library::suggestions::TagSuggestionReason;
use wenzhai_library::{Importer, Library};

struct Item {
    id: String,
    title: String,
    body: String,
}

fn load(path: &Path) -> Result<Vec<Item>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut items = Vec::new();
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        items.push(Item {
            id: text("id"),
            title: text("title"),
            body: text("body"),
        });
    }
    Ok(items)
}

/// Writes the items as `.txt` files and imports them into a new library in `dir`; returns
/// the article id of each item (None when it failed).
fn import(dir: &Path, items: &[&Item]) -> Result<(Library, Vec<Option<i64>>, f64)> {
    let txt = dir.join("txt");
    std::fs::create_dir_all(&txt)?;
    for (i, item) in items.iter().enumerate() {
        std::fs::write(
            txt.join(format!("{i:06}.txt")),
            format!("{}\n\n{}\n", item.title, item.body),
        )?;
    }
    let lib = Library::open(&dir.join("lib"))?;
    let started = Instant::now();
    let report = lib.import(std::slice::from_ref(&txt), &Importer::default(), |_| {})?;
    let took = started.elapsed().as_secs_f64();
    let mut ids = vec![None; items.len()];
    for outcome in &report.outcomes {
        let index: usize = Path::new(&outcome.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse().ok())
            .context("a file name")?;
        ids[index] = match outcome.status {
            ImportStatus::Imported { id } => Some(id),
            ImportStatus::Duplicate { duplicate_of, .. } => Some(duplicate_of),
            _ => None,
        };
    }
    Ok((lib, ids, took))
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let corpus = value("--corpus")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let zh_fraction: f64 = value("--zh-fraction").map_or(Ok(0.1), |f| f.parse())?;
    if !corpus.join("bbc_en.jsonl.gz").is_file() {
        println!("skipped: no corpus at {}", corpus.display());
        return Ok(());
    }
    let work = tempfile::Builder::new()
        .prefix("wz-suggest-bench")
        .tempdir_in(
            value("--work").unwrap_or_else(|| std::env::temp_dir().display().to_string()),
        )?;

    // Tag suggestions on the BBC part.
    let bbc = load(&corpus.join("bbc_en.jsonl.gz"))?;
    let section = |item: &Item| item.id.split('-').nth(1).unwrap_or_default().to_string();
    let refs: Vec<&Item> = bbc.iter().collect();
    let (lib, ids, _) = import(&work.path().join("bbc"), &refs)?;
    let mut by_section: HashMap<String, Vec<i64>> = HashMap::new();
    let mut counter_in_section: HashMap<String, usize> = HashMap::new();
    let mut held_out = Vec::new();
    for (item, id) in bbc.iter().zip(&ids) {
        let Some(id) = *id else { continue };
        let s = section(item);
        let n = counter_in_section.entry(s.clone()).or_default();
        if (*n).is_multiple_of(5) {
            by_section.entry(s).or_default().push(id);
        } else {
            held_out.push((id, s));
        }
        *n += 1;
    }
    let mut sections: Vec<_> = by_section.into_iter().collect();
    sections.sort();
    let tagged: usize = sections.iter().map(|(_, v)| v.len()).sum();
    for (s, ids) in &sections {
        lib.bulk_tag(ids, s, true)?;
    }
    // An article imported twice (same text) may be both tagged and held out: it then has
    // its section already, and is not asked.
    let tagged_ids: std::collections::HashSet<i64> = sections
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    held_out.retain(|(id, _)| !tagged_ids.contains(id));
    let mut right = 0;
    let mut by_keyword = 0;
    let mut times = Vec::new();
    let mut confusion: HashMap<(String, String), usize> = HashMap::new();
    for (id, want) in &held_out {
        let started = Instant::now();
        let got = lib.suggest_tags(*id, 5)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let top = got.first();
        if top.is_some_and(|t| matches!(t.reason, TagSuggestionReason::Keyword)) {
            by_keyword += 1;
        }
        let top = top.map(|t| t.tag.clone()).unwrap_or_default();
        if &top == want {
            right += 1;
        } else {
            *confusion.entry((want.clone(), top)).or_default() += 1;
        }
    }
    let accuracy = right as f64 / held_out.len().max(1) as f64;
    println!("## Tag suggestions, BBC ({} articles)\n", bbc.len());
    println!("| tagged (20% of each section) | asked | top suggestion right | accuracy | top was a keyword | suggest_tags p50 / p99 |");
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {tagged} | {} | {right} | {accuracy:.3} | {by_keyword} | {:.1} / {:.1} ms |\n",
        held_out.len(),
        percentile(&mut times.clone(), 0.5),
        percentile(&mut times, 0.99),
    );
    let mut confusion: Vec<_> = confusion.into_iter().collect();
    confusion.sort_by_key(|c| std::cmp::Reverse(c.1));
    for ((want, got), n) in confusion.iter().take(8) {
        eprintln!("  {want} -> {got:?}: {n}");
    }
    drop(lib);

    // Chinese: the pinyin suggestions, their speed, related articles, and 20 articles' keywords.
    let zh = load(&corpus.join("xwlb_zh.jsonl.gz"))?;
    let keep = ((zh.len() as f64) * zh_fraction).round() as usize;
    let zh: Vec<&Item> = zh.iter().take(keep.max(20)).collect();
    let (lib, ids, import_s) = import(&work.path().join("zh"), &zh)?;
    println!(
        "## Chinese part: {} articles imported in {import_s:.1} s\n",
        zh.len()
    );
    println!("Keywords of 20 articles (every {}th):\n", zh.len() / 20);
    let step = zh.len() / 20;
    for k in 0..20 {
        let i = k * step;
        let Some(id) = ids[i] else { continue };
        let tags: Vec<String> = lib
            .suggest_tags(id, 8)?
            .into_iter()
            .map(|t| t.tag)
            .collect();
        println!("- {} — {}", zh[i].title, tags.join("、"));
    }
    println!();

    let started = Instant::now();
    lib.refresh_suggestions()?;
    let build_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    // Now the keys are stored: a new process builds the index from them.
    let dir = lib.root().to_path_buf();
    drop(lib);
    let lib = Library::open_read_only(&dir)?;
    lib.refresh_suggestions()?;
    let reload_s = started.elapsed().as_secs_f64();

    let sample: Vec<usize> = (0..zh.len()).step_by((zh.len() / 2000).max(1)).collect();
    let (mut full_found, mut initials_found, mut asked) = (0, 0, 0);
    let mut times = Vec::new();
    for &i in &sample {
        let Some(id) = ids[i] else { continue };
        let title = &lib.article(id)?.title;
        asked += 1;
        let full = pinyin::Pinyin::phrase(title).to_string();
        let initials = pinyin::Pinyin::abbr(title).to_string_with("");
        for (input, found) in [(full, &mut full_found), (initials, &mut initials_found)] {
            let started = Instant::now();
            let got = lib.suggest(&input, 10)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            if got.iter().any(|s| &s.text == title) {
                *found += 1;
            }
        }
        // What a user types first: the first two initials.
        let short: String = pinyin::Pinyin::abbr(title)
            .to_string_with("")
            .chars()
            .take(2)
            .collect();
        let started = Instant::now();
        lib.suggest(&short, 10)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let mut related = Vec::new();
    for &i in sample.iter().take(200) {
        let Some(id) = ids[i] else { continue };
        let started = Instant::now();
        lib.related(id, 10)?;
        related.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!("| titles asked | found by full pinyin (top 10) | found by initials (top 10) | suggest p50 / p99 | keys + index, first time | index from stored keys (new process) | related p50 / p99 |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {asked} | {:.3} | {:.3} | {:.2} / {:.2} ms | {build_s:.2} s | {reload_s:.2} s | {:.1} / {:.1} ms |",
        full_found as f64 / asked.max(1) as f64,
        initials_found as f64 / asked.max(1) as f64,
        percentile(&mut times.clone(), 0.5),
        percentile(&mut times, 0.99),
        percentile(&mut related.clone(), 0.5),
        percentile(&mut related, 0.99),
    );
    Ok(())
}
