//! wz-bench-docs: import of a mixed folder of documents on all cores beside one worker (issue
//! 14), in one run.
//!
//! A folder of `--files` documents (default 1,000) is made with `wenzhai_core::samples`: PDFs
//! (multi-page Chinese reports in a non-embedded font), DOCX, ODT, EPUB, HTML pages and .txt
//! files in turn, each with its own text. It is imported into fresh libraries, each import in
//! a child process of this binary (`import-phase`) so its time and peak memory (VmHWM) are its
//! own: one worker, then one per core, then both again (the order alternates so a warm file
//! cache favours neither). The stored articles of the two kinds of import must be identical
//! (id, title, text, format, date); the ratio of the times is the figure.
//!
//! `wz-bench-docs [--files N] [--work DIR] [--corpus DIR]` (the text comes from the shared
//! corpus, `../shared/corpus` beside the workspace; without it the bench says so and stops).

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use wenzhai_bench::peak_rss_kb;
use wenzhai_core::samples;
use wenzhai_library::{Importer, Library};

/// Corpus items per document: a report of six news items is a few pages long.
const ITEMS_PER_DOCUMENT: usize = 6;

/// One document's title and paragraphs, made of `ITEMS_PER_DOCUMENT` consecutive corpus items
/// (each item's title, then its body's paragraphs): real, distinct text, so no document is a
/// near-duplicate of another. (Documents made of a few shared sentences were all candidate
/// near-duplicates of each other, and the importer spent the bench comparing them.)
struct Text {
    title: String,
    paragraphs: Vec<String>,
}

fn texts(corpus: &Path, files: usize) -> Result<Vec<Text>> {
    let items = wenzhai_bench::corpus::load_items(corpus, 1.0)?;
    let items: Vec<_> = items
        .into_iter()
        .filter(|i| i.body.chars().count() >= 80)
        .collect();
    if items.len() < files * ITEMS_PER_DOCUMENT {
        bail!(
            "the corpus has {} items, {} documents need {}",
            items.len(),
            files,
            files * ITEMS_PER_DOCUMENT
        );
    }
    Ok(items
        .chunks(ITEMS_PER_DOCUMENT)
        .take(files)
        .map(|chunk| Text {
            title: chunk[0].title.trim().to_owned(),
            paragraphs: chunk
                .iter()
                .flat_map(|item| {
                    std::iter::once(item.title.trim().to_owned()).chain(
                        item.body
                            .split('\n')
                            .map(|p| p.trim().to_owned())
                            .filter(|p| !p.is_empty()),
                    )
                })
                .collect(),
        })
        .collect())
}

/// `&`, `<` and `>` escaped for the XML and HTML the documents are written in.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn make_folder(dir: &Path, texts: &[Text]) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for (i, text) in texts.iter().enumerate() {
        let paras: Vec<String> = text.paragraphs.iter().map(|p| escape(p)).collect();
        let refs: Vec<&str> = text.paragraphs.iter().map(String::as_str).collect();
        let title = escape(&text.title);
        let (name, bytes) = match i % 6 {
            0 => (
                format!("{i:04}.pdf"),
                samples::chinese_report_pdf(&text.title, "某市人民政府办公室", &refs),
            ),
            1 => {
                let body: String =
                    std::iter::once(samples::w_para(Some("1"), &samples::w_run(&title)))
                        .chain(
                            paras
                                .iter()
                                .map(|p| samples::w_para(None, &samples::w_run(p))),
                        )
                        .collect();
                (format!("{i:04}.docx"), samples::docx(&body, Some(&title)))
            }
            2 => {
                let body: String = std::iter::once(format!(
                    r#"<text:h text:outline-level="1">{title}</text:h>"#
                ))
                .chain(paras.iter().map(|p| format!("<text:p>{p}</text:p>")))
                .collect();
                (format!("{i:04}.odt"), samples::odt(&body))
            }
            3 => {
                let half = paras.len() / 2;
                let ch1: String = paras[..half]
                    .iter()
                    .map(|p| format!("<p>{p}</p>"))
                    .collect();
                let ch2: String = paras[half..]
                    .iter()
                    .map(|p| format!("<p>{p}</p>"))
                    .collect();
                (
                    format!("{i:04}.epub"),
                    samples::epub(
                        &format!("<dc:title>{title}</dc:title><dc:creator>编写组</dc:creator>"),
                        "",
                        &[("第一章", ch1.as_str()), ("第二章", ch2.as_str())],
                        true,
                    ),
                )
            }
            4 => {
                let body: String = paras.iter().map(|p| format!("<p>{p}</p>")).collect();
                (
                    format!("{i:04}.html"),
                    format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>")
                        .into_bytes(),
                )
            }
            _ => (
                format!("{i:04}.txt"),
                format!("{}\n\n{}\n", text.title, text.paragraphs.join("\n\n")).into_bytes(),
            ),
        };
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

fn import_phase(args: &[String]) -> Result<()> {
    let [src, lib, workers] = args else {
        bail!("usage: wz-bench-docs import-phase SRC LIB WORKERS");
    };
    let workers: usize = workers.parse()?;
    let lib = Library::open(Path::new(lib))?;
    let started = Instant::now();
    let options = Importer {
        workers: Some(workers),
        ..Importer::default()
    };
    let report = lib.import(&[PathBuf::from(src)], &options, |_| {})?;
    let s = &report.summary;
    println!(
        "{}",
        json!({"workers": workers, "import_s": started.elapsed().as_secs_f64(),
               "peak_kb": peak_rss_kb(), "imported": s.imported, "failed": s.failed,
               "duplicates": s.duplicates})
    );
    Ok(())
}

fn run_phase(src: &Path, lib: &Path, workers: usize) -> Result<Value> {
    let out = Command::new(std::env::current_exe()?)
        .arg("import-phase")
        .arg(src)
        .arg(lib)
        .arg(workers.to_string())
        .output()?;
    if !out.status.success() {
        bail!(
            "import-phase failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    serde_json::from_slice(&out.stdout).context("import-phase output")
}

/// One stored article: id, title, text, format, date.
type Stored = (i64, String, String, String, Option<String>);

/// Every stored article, in id order.
fn stored(lib: &Path) -> Result<Vec<Stored>> {
    let lib = Library::open_read_only(lib)?;
    let mut out = Vec::new();
    for s in lib.list(None)? {
        let d = lib.article(s.id)?;
        out.push((d.id, d.title, d.body, d.format, d.published));
    }
    out.sort_by_key(|a| a.0);
    Ok(out)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("import-phase") {
        return import_phase(&args[1..]);
    }
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let files: usize = opt("--files")
        .map(|f| f.parse())
        .transpose()?
        .unwrap_or(1000);
    let tmp = tempfile::tempdir()?;
    let work = opt("--work")
        .map(PathBuf::from)
        .unwrap_or(tmp.path().to_path_buf());
    let corpus = opt("--corpus")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if !corpus.join(wenzhai_bench::corpus::CORPUS_FILES[0]).exists() {
        println!(
            "skipping: the corpus is not there ({} is missing; pass --corpus DIR)",
            corpus.display()
        );
        return Ok(());
    }
    let texts = texts(&corpus, files)?;
    let src = work.join("src");
    let made = Instant::now();
    make_folder(&src, &texts)?;
    eprintln!(
        "made {files} documents in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut runs: Vec<Value> = Vec::new();
    for (round, workers) in [1, cores, cores, 1].into_iter().enumerate() {
        let lib = work.join(format!("lib-{round}-{workers}"));
        let r = run_phase(&src, &lib, workers)?;
        eprintln!("{r}");
        runs.push(json!({"lib": lib, "result": r}));
    }
    let time = |w: usize| -> f64 {
        runs.iter()
            .filter(|r| r["result"]["workers"] == w)
            .filter_map(|r| r["result"]["import_s"].as_f64())
            .sum::<f64>()
    };
    let peak = |w: usize| -> u64 {
        runs.iter()
            .filter(|r| r["result"]["workers"] == w)
            .filter_map(|r| r["result"]["peak_kb"].as_u64())
            .max()
            .unwrap_or(0)
    };
    let first = stored(Path::new(runs[0]["lib"].as_str().unwrap_or_default()))?;
    let identical = runs
        .iter()
        .skip(1)
        .map(|r| stored(Path::new(r["lib"].as_str().unwrap_or_default())))
        .collect::<Result<Vec<_>>>()?
        .iter()
        .all(|s| *s == first);
    println!(
        "{}",
        json!({
            "files": files, "cores": cores,
            "one_worker_s": time(1) / 2.0, "all_cores_s": time(cores) / 2.0,
            "speedup": time(1) / time(cores),
            "peak_mb_one_worker": peak(1) / 1024, "peak_mb_all_cores": peak(cores) / 1024,
            "imported": runs[0]["result"]["imported"], "identical_stored_results": identical,
        })
    );
    Ok(())
}
