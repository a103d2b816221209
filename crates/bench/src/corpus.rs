//! The shared corpus (`../shared/corpus`) as both benchmark binaries read it: its files, its
//! items, and the `.txt` layout they are imported in. `wz-bench` (search) and `wz-perf` (the
//! desktop app) must import exactly the same files.

use anyhow::{anyhow, Context, Result};
use serde_json::Value;
use std::path::Path;

pub const CORPUS_FILES: [&str; 2] = ["xwlb_zh.jsonl.gz", "bbc_en.jsonl.gz"];
pub const QUERIES_FILE: &str = "queries-dev.json";

/// One corpus article.
pub struct Item {
    pub title: String,
    pub body: String,
    pub date: String,
}

/// The items of both corpus files, the first `fraction` of each.
pub fn load_items(corpus: &Path, fraction: f64) -> Result<Vec<Item>> {
    use std::io::BufRead;
    let mut items = Vec::new();
    for name in CORPUS_FILES {
        let path = corpus.join(name);
        let file =
            std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
        let mut these = Vec::new();
        for line in reader.lines() {
            let line = line.with_context(|| format!("reading {}", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line)
                .with_context(|| format!("a JSON line of {}", path.display()))?;
            let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            these.push(Item {
                title: text("title"),
                body: text("body"),
                date: text("date"),
            });
        }
        let keep = ((these.len() as f64) * fraction).round() as usize;
        these.truncate(keep.min(these.len()));
        items.extend(these);
    }
    Ok(items)
}

/// `title\n[发布时间:date\n]\nbody\n`, the layout users save news in.
pub fn txt_content(item: &Item) -> String {
    let date = if item.date.is_empty() {
        String::new()
    } else {
        format!("发布时间:{}\n", item.date)
    };
    format!("{}\n{date}\n{}\n", item.title, item.body)
}

/// The queries of `queries-dev.json` (`[{"q": …, "cat": …}, …]`) as `(query, category)`.
pub fn load_queries(corpus: &Path) -> Result<Vec<(String, String)>> {
    let path = corpus.join(QUERIES_FILE);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let v: Value = serde_json::from_str(&text)?;
    let list = v
        .as_array()
        .ok_or_else(|| anyhow!("{} is not a list", path.display()))?;
    Ok(list
        .iter()
        .filter_map(|q| {
            let text = q["q"].as_str()?.to_string();
            let cat = q["cat"].as_str().unwrap_or("").to_string();
            Some((text, cat))
        })
        .collect())
}
