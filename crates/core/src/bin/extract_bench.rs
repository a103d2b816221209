//! `cargo run --release -p wenzhai-core --bin extract_bench -- [DIR ...]`: run `extract` in one
//! thread over every file under the given folders (default `../shared/extraction` beside the
//! workspace) and print pages, pages/s, p50/p95/max milliseconds and errors by code.
//! Label files (`gt/*.json`) are skipped: only the inputs a user would drop are timed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "gt") {
                continue;
            }
            collect(&p, out);
        } else if p.is_file() && !p.extension().is_some_and(|e| e == "py" || e == "md") {
            out.push(p);
        }
    }
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> ExitCode {
    let mut dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/extraction");
        if !default.is_dir() {
            println!("skip: no folders given and {} is absent", default.display());
            return ExitCode::SUCCESS;
        }
        dirs.push(default);
    }
    for d in &dirs {
        let mut files = Vec::new();
        collect(d, &mut files);
        if files.is_empty() {
            println!("skip: no files under {}", d.display());
            continue;
        }
        // Read everything first: the bench times extraction, not the disk.
        let inputs: Vec<(PathBuf, Vec<u8>)> = files
            .into_iter()
            .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
            .collect();
        let mut times = Vec::with_capacity(inputs.len());
        let mut errors: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut slowest = (Duration::ZERO, PathBuf::new());
        let total = Instant::now();
        for (path, bytes) in &inputs {
            let name = path.file_name().and_then(|n| n.to_str());
            let t = Instant::now();
            let r = wenzhai_core::extract(bytes, name);
            let el = t.elapsed();
            if let Err(e) = r {
                *errors.entry(e.code()).or_default() += 1;
            }
            if el > slowest.0 {
                slowest = (el, path.clone());
            }
            times.push(el);
        }
        let wall = total.elapsed();
        times.sort();
        let sum: Duration = times.iter().sum();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!("{}", d.display());
        println!(
            "  pages {}  pages/s {:.1}  p50 {:.2} ms  p95 {:.2} ms  max {:.2} ms ({})  wall {:.2} s",
            times.len(),
            times.len() as f64 / sum.as_secs_f64().max(1e-9),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(slowest.0),
            slowest.1.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            wall.as_secs_f64(),
        );
        if errors.is_empty() {
            println!("  errors: none");
        } else {
            let list: Vec<String> = errors.iter().map(|(k, v)| format!("{k}={v}")).collect();
            println!("  errors: {}", list.join(" "));
        }
    }
    ExitCode::SUCCESS
}
