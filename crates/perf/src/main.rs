//! wz-perf: launches the release desktop app under tauri-driver on a library with the shared
//! corpus and, in the same run and the same way, on an empty library (the peer: what an empty
//! Tauri window costs here), and measures
//!
//! - startup: WebDriver new-session request → the UI's `wz-first-rows` performance mark;
//! - search: last keystroke in the search box → the UI's `wz-results` mark for that text;
//! - memory: summed PSS of the app and its WebKit helper processes while browsing.
//!
//! Run it under a display, e.g. `scripts/perf.sh` (xvfb-run). See README.md.

mod app;
mod corpus;
mod procs;
mod summary;

use anyhow::{anyhow, bail, Context, Result};
use app::{Env, SearchSample, Session, Startup};
use corpus::LibraryInfo;
use procs::TreePss;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use summary::{percentile, report, Summary};

const USAGE: &str = "\
wz-perf --app PATH [--corpus DIR] [--work DIR] [--library DIR] [--json FILE]
        [--rounds N] [--warmup N] [--fraction F] [--timeout SECS] [--settle-ms MS]
        [--smaps DIR]
wz-perf --library-only [--corpus DIR] [--work DIR] [--library DIR] [--fraction F]

  --app PATH      the app binary to measure (the release build: target/release/wenzhai)
  --corpus DIR    the shared corpus (default: ../shared/corpus beside the repository)
  --work DIR      working folder, kept (default: a temporary folder, removed at the end);
                  the corpus library built there (DIR/library) is reused by later runs
  --library DIR   use this library when it holds the corpus; when DIR is missing or empty,
                  build the corpus library there and keep it for later runs
  --json FILE     also write every measurement as JSON
  --rounds N      measured launches of each side (default 3)
  --warmup N      unmeasured launches of each side first, to warm the caches (default 1)
  --fraction F    only the first F of each corpus file (quick runs; default 1)
  --timeout SECS  longest wait for any one thing (default 30)
  --settle-ms MS  pause after clearing the search box before typing a query (default 300)
  --smaps DIR     save every process's /proc/PID/smaps at each launch's last reading in DIR
  --library-only  only build (or check) the corpus library, print its counts and stop:
                  no app, no display needed";

/// Targets of issue 7.
const TARGET_FIRST_ROWS_MS: f64 = 1000.0;
const TARGET_SEARCH_MS: f64 = 100.0;
const TARGET_TOTAL_MB: f64 = 370.0;
const TARGET_OURS_MB: f64 = 100.0;
/// Idle time after startup before the idle memory sample.
const IDLE: Duration = Duration::from_secs(3);
const SAMPLE_EVERY: Duration = Duration::from_millis(250);
/// Rows scrolled to while browsing (`None`: the end), and articles opened at each.
const SCROLL_STOPS: [Option<u64>; 4] = [Some(0), Some(10_000), Some(40_000), None];
const OPEN_PER_STOP: usize = 5;

struct Options {
    app: PathBuf,
    corpus: PathBuf,
    work: Option<PathBuf>,
    library: Option<PathBuf>,
    json: Option<PathBuf>,
    rounds: usize,
    warmup: usize,
    fraction: f64,
    timeout: Duration,
    settle: Duration,
    library_only: bool,
    /// Save every process's `/proc/PID/smaps` at the last reading of each launch here.
    smaps: Option<PathBuf>,
}

fn options(args: &[String]) -> Result<Option<Options>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut app = None;
    let mut o = Options {
        app: PathBuf::new(),
        corpus: root.join("../shared/corpus"),
        work: None,
        library: None,
        json: None,
        rounds: 3,
        warmup: 1,
        fraction: 1.0,
        timeout: Duration::from_secs(30),
        settle: Duration::from_millis(300),
        library_only: false,
        smaps: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "--app" => app = Some(PathBuf::from(value()?)),
            "--library-only" => o.library_only = true,
            "--corpus" => o.corpus = PathBuf::from(value()?),
            "--work" => o.work = Some(PathBuf::from(value()?)),
            "--library" => o.library = Some(PathBuf::from(value()?)),
            "--json" => o.json = Some(PathBuf::from(value()?)),
            "--smaps" => o.smaps = Some(PathBuf::from(value()?)),
            "--rounds" => {
                o.rounds = value()?.parse().context("--rounds")?;
                if o.rounds == 0 {
                    bail!("--rounds must be at least 1");
                }
            }
            "--warmup" => o.warmup = value()?.parse().context("--warmup")?,
            "--fraction" => {
                o.fraction = value()?.parse().context("--fraction")?;
                if !(o.fraction > 0.0 && o.fraction <= 1.0) {
                    bail!("--fraction must be in (0, 1]");
                }
            }
            "--timeout" => o.timeout = Duration::from_secs(value()?.parse().context("--timeout")?),
            "--settle-ms" => {
                o.settle = Duration::from_millis(value()?.parse().context("--settle-ms")?)
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    match app {
        Some(app) => o.app = app,
        None if o.library_only => {}
        None => bail!("--app PATH is required\n{USAGE}"),
    }
    Ok(Some(o))
}

fn main() {
    match run() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("wz-perf: {e:#}");
            std::process::exit(1);
        }
    }
}

/// 0: measured; 1: a measurement failed (the table says which).
fn run() -> Result<i32> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(o) = options(&args)? else {
        return Ok(0);
    };
    for name in corpus::CORPUS_FILES.iter().chain([&corpus::QUERIES_FILE]) {
        let path = o.corpus.join(name);
        if !path.is_file() {
            println!(
                "skipping: the benchmark corpus is not there ({} is missing; pass --corpus DIR)",
                path.display()
            );
            return Ok(0);
        }
    }
    if o.library_only {
        // Keep the library: in --library, else in <--work>/library.
        let temp;
        let work = match (&o.work, &o.library) {
            (Some(dir), _) => {
                std::fs::create_dir_all(dir)?;
                dir.canonicalize()?
            }
            (None, Some(_)) => {
                temp = tempfile::Builder::new().prefix("wz-perf-").tempdir()?;
                temp.path().to_path_buf()
            }
            (None, None) => bail!("--library-only needs --library DIR or --work DIR"),
        };
        let lib = corpus::corpus_library(
            &o.corpus.canonicalize()?,
            o.fraction,
            o.library.as_deref(),
            &work,
            o.work.is_some(),
            o.work.is_some(),
        )?;
        corpus::prepare(&lib.dir)?;
        println!("{}", lib.to_json());
        return Ok(0);
    }
    let app = o
        .app
        .canonicalize()
        .with_context(|| format!("--app {}", o.app.display()))?;
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!("no display: run under xvfb-run (scripts/perf.sh does)");
    }
    let tauri_driver = app::find_tauri_driver().ok_or_else(|| {
        anyhow!("tauri-driver not found on PATH or in ~/.cargo/bin: `cargo install tauri-driver --locked`")
    })?;
    if !app::on_path("WebKitWebDriver") {
        bail!("WebKitWebDriver not on PATH (Debian: apt-get install webkit2gtk-driver)");
    }
    let corpus_dir = o.corpus.canonicalize()?;

    // Working folder: the caller's (kept) or a temporary one (removed on exit).
    let temp_work;
    let work = match &o.work {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.canonicalize()?
        }
        None => {
            temp_work = tempfile::Builder::new().prefix("wz-perf-").tempdir()?;
            temp_work.path().to_path_buf()
        }
    };
    // Per-run scratch inside it: the empty library and the webview profiles.
    let scratch = tempfile::Builder::new()
        .prefix("wz-perf-run-")
        .tempdir_in(&work)?;

    let mut ours_lib = corpus::corpus_library(
        &corpus_dir,
        o.fraction,
        o.library.as_deref(),
        &work,
        o.work.is_some(),
        true,
    )?;
    corpus::prepare(&ours_lib.dir)?;
    // The app gets it through WENZHAI_LIBRARY: an absolute path.
    ours_lib.dir = ours_lib.dir.canonicalize()?;
    let peer_lib = corpus::empty_library(&scratch.path().join("empty-library"))?;
    println!(
        "libraries: ours {} ({} articles from {} corpus items{}), peer {} ({} articles)",
        ours_lib.dir.display(),
        ours_lib.articles,
        ours_lib.items,
        ours_lib
            .duplicates
            .map_or(String::new(), |d| format!(", {d} duplicates")),
        peer_lib.dir.display(),
        peer_lib.articles
    );

    let all_queries = corpus::load_queries(&corpus_dir)?;
    let (queries, skipped): (Vec<String>, Vec<String>) =
        all_queries.into_iter().partition(|q| app::typable(q));
    if !skipped.is_empty() {
        println!("skipping queries WebDriver cannot type: {skipped:?}");
    }

    let env = Env {
        tauri_driver,
        app: app.clone(),
        timeout: o.timeout,
        scratch: scratch.path().to_path_buf(),
    };
    let machine = machine();
    println!(
        "machine: {} cores, Linux {}, load average {}; app {}",
        machine["nproc"],
        machine["kernel"].as_str().unwrap_or("?"),
        machine["loadavg"].as_str().unwrap_or("?"),
        app.display()
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let rounds = runtime.block_on(measure(&o, &env, &ours_lib, &peer_lib, &queries))?;
    drop(runtime);

    let summary = Summary::new(&rounds);
    let table = report(&summary, &ours_lib, &machine, &app, &o);
    println!("\n{table}");
    let failed = rounds.iter().any(|r| !r.errors.is_empty());
    if let Some(path) = &o.json {
        let out = json!({
            "app": app,
            "machine": machine,
            "library": ours_lib.to_json(),
            "queries": queries,
            "skipped_queries": skipped,
            "rounds": o.rounds,
            "warmup": o.warmup,
            "targets": {
                "first_rows_ms": TARGET_FIRST_ROWS_MS,
                "search_ms": TARGET_SEARCH_MS,
                "total_mb": TARGET_TOTAL_MB,
                "ours_minus_peer_mb": TARGET_OURS_MB,
            },
            "summary": summary.to_json(),
            "launches": rounds.iter().map(Round::to_json).collect::<Vec<_>>(),
        });
        std::fs::write(path, format!("{out:#}\n"))
            .with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    scratch.close()?;
    Ok(i32::from(failed))
}

fn machine() -> Value {
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let loadavg = read("/proc/loadavg");
    json!({
        "nproc": std::thread::available_parallelism().map_or(0, usize::from),
        "kernel": read("/proc/sys/kernel/osrelease"),
        "loadavg": loadavg.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    })
}

// ------------------------------------------------------------------ one launch

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Peer,
    Ours,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Peer => "peer",
            Side::Ours => "ours",
        }
    }
}

struct Round {
    side: Side,
    /// 0 for warm-up launches, else 1..=rounds.
    round: usize,
    startup: Option<Startup>,
    idle: Option<TreePss>,
    browse: Option<app::Browse>,
    searches: Vec<SearchSample>,
    /// Memory samples while browsing and searching.
    samples: Vec<TreePss>,
    final_pss: Option<TreePss>,
    errors: Vec<String>,
    notes: Vec<String>,
}

impl Round {
    fn new(side: Side, round: usize) -> Round {
        Round {
            side,
            round,
            startup: None,
            idle: None,
            browse: None,
            searches: Vec::new(),
            samples: Vec::new(),
            final_pss: None,
            errors: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn measured(&self) -> bool {
        self.round > 0
    }

    /// The most WebKit web processes of other apps seen at any memory reading.
    fn other_webkit(&self) -> usize {
        self.idle
            .iter()
            .chain(&self.samples)
            .chain(&self.final_pss)
            .map(|p| p.other_webkit)
            .max()
            .unwrap_or(0)
    }

    fn peak_kb(&self) -> Option<u64> {
        let last = self.final_pss.as_ref().map(|p| p.total_kb);
        self.samples.iter().map(|p| p.total_kb).chain(last).max()
    }

    fn to_json(&self) -> Value {
        let pss = |p: &Option<TreePss>| {
            p.as_ref().map(|p| {
                json!({
                    "total_mb": mb(p.total_kb),
                    "anonymous_mb": mb(p.anon_kb),
                    "pss_anon_mb": mb(p.pss_kinds_kb[0]),
                    "pss_file_mb": mb(p.pss_kinds_kb[1]),
                    "pss_shmem_mb": mb(p.pss_kinds_kb[2]),
                    "rss_mb": mb(p.rss_kb),
                    "processes": p.processes,
                    "other_webkit_processes": p.other_webkit,
                    "by_name_mb": p.by_name.iter().map(|(k, v)| (k.clone(), json!(mb(*v)))).collect::<serde_json::Map<_, _>>(),
                })
            })
        };
        json!({
            "side": self.side.name(),
            "round": self.round,
            "warmup": !self.measured(),
            "startup": self.startup.as_ref().map(|s| json!({
                "content_ms": s.content_ms,
                "page_start_ms": s.page_start_ms,
                "dom_ready_ms": s.dom_ready_ms,
                "rows": s.rows,
                "heading": s.heading,
            })),
            "idle_pss": pss(&self.idle),
            "browse": self.browse.as_ref().map(|b| json!({
                "opened": b.opened,
                "scroll_to_rows_ms": b.scrolls.iter().map(|(k, v)| json!({"row": k, "ms": v})).collect::<Vec<_>>(),
            })),
            "searches": self.searches.iter().map(|s| json!({"query": s.query, "ms": s.ms, "heading": s.heading})).collect::<Vec<_>>(),
            "pss_samples_mb": self.samples.iter().map(|p| mb(p.total_kb)).collect::<Vec<_>>(),
            "peak_pss_mb": self.peak_kb().map(mb),
            "other_webkit_processes": self.other_webkit(),
            "final_pss": pss(&self.final_pss),
            "errors": self.errors,
            "notes": self.notes,
        })
    }
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

async fn measure(
    o: &Options,
    env: &Env,
    ours: &LibraryInfo,
    peer: &LibraryInfo,
    queries: &[String],
) -> Result<Vec<Round>> {
    let mut rounds = Vec::new();
    // Side by side: peer then ours in every round, warm-ups first.
    for round in (0..o.warmup).map(|_| 0).chain(1..=o.rounds) {
        for side in [Side::Peer, Side::Ours] {
            let lib = if side == Side::Peer { peer } else { ours };
            let started = Instant::now();
            let r = launch(o, env, side, round, &lib.dir, queries).await;
            print_round(&r, started.elapsed());
            rounds.push(r);
        }
    }
    Ok(rounds)
}

fn print_round(r: &Round, took: Duration) {
    let label = if r.measured() {
        format!("round {}", r.round)
    } else {
        "warm-up".to_string()
    };
    let mut line = format!("{label} {}:", r.side.name());
    if let Some(s) = &r.startup {
        let _ = write!(
            line,
            " content {:.0} ms (page start {}, DOM ready {}), {} rows",
            s.content_ms,
            s.page_start_ms.map_or("?".into(), |v| format!("{v:.0}")),
            s.dom_ready_ms.map_or("?".into(), |v| format!("{v:.0}")),
            s.rows
        );
    }
    if let Some(p) = &r.idle {
        let _ = write!(
            line,
            "; idle PSS {:.1} MB (anonymous {:.1})",
            mb(p.total_kb),
            mb(p.anon_kb)
        );
    }
    if let Some(b) = &r.browse {
        let _ = write!(line, "; opened {} articles", b.opened);
    }
    if !r.searches.is_empty() {
        let mut ms: Vec<f64> = r.searches.iter().map(|s| s.ms).collect();
        ms.sort_by(f64::total_cmp);
        let _ = write!(
            line,
            "; {} searches p50 {:.0} ms max {:.0} ms",
            ms.len(),
            percentile(&ms, 0.5),
            ms.last().copied().unwrap_or(0.0)
        );
    }
    if let Some(peak) = r.peak_kb() {
        if !r.samples.is_empty() {
            let _ = write!(
                line,
                "; PSS peak {:.1} MB final {:.1} MB ({} samples)",
                mb(peak),
                r.final_pss.as_ref().map_or(0.0, |p| mb(p.total_kb)),
                r.samples.len()
            );
        }
    }
    if r.other_webkit() > 0 {
        let _ = write!(
            line,
            "; other WebKit apps ran ({} web processes)",
            r.other_webkit()
        );
    }
    let _ = write!(line, " [{:.0} s]", took.as_secs_f64());
    println!("{line}");
    for e in &r.errors {
        println!("  error: {e}");
    }
    for n in &r.notes {
        println!("  note: {n}");
    }
}

/// One launch: start, measure, stop. Failures are recorded in the round, never left running.
async fn launch(
    o: &Options,
    env: &Env,
    side: Side,
    round: usize,
    library: &Path,
    queries: &[String],
) -> Round {
    let mut r = Round::new(side, round);
    let mut session = match Session::launch(env, library).await {
        Ok(s) => s,
        Err(e) => {
            r.errors.push(format!("launch: {e:#}"));
            return r;
        }
    };
    let body = measure_session(o, env, &mut session, &mut r, queries).await;
    if let Err(e) = body {
        r.errors.push(format!("{e:#}"));
    }
    r.notes.extend(session.stop().await);
    r
}

async fn measure_session(
    o: &Options,
    env: &Env,
    session: &mut Session,
    r: &mut Round,
    queries: &[String],
) -> Result<()> {
    let ours = r.side == Side::Ours;
    match app::startup(session, o.timeout, ours).await {
        Ok(s) => r.startup = Some(s),
        Err(e) => r.errors.push(format!("startup: {e:#}")),
    }
    let idle_from = Instant::now();
    let app_pid = session.find_app(&env.app, o.timeout).await?;
    tokio::time::sleep(IDLE.saturating_sub(idle_from.elapsed())).await;
    r.idle = Some(app::pss_now(app_pid)?);
    if !ours || !r.measured() {
        save_smaps(o, r, app_pid);
        return Ok(());
    }

    // Browsing: scroll, open articles, search; PSS sampled all along.
    let sampler = app::Sampler::start(app_pid, SAMPLE_EVERY);
    match app::browse(session, &SCROLL_STOPS, OPEN_PER_STOP, o.timeout).await {
        Ok(b) => r.browse = Some(b),
        Err(e) => r.errors.push(format!("browsing: {e:#}")),
    }
    match app::search_latencies(session, queries, o.settle, o.timeout).await {
        Ok((samples, errors)) => {
            r.searches = samples;
            r.errors
                .extend(errors.into_iter().map(|e| format!("search {e}")));
        }
        Err(e) => r.errors.push(format!("search: {e:#}")),
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    r.samples = sampler.finish();
    r.final_pss = Some(app::pss_now(app_pid)?);
    save_smaps(o, r, app_pid);
    Ok(())
}

/// With `--smaps DIR`: `DIR/<side>-<round>-<process>-<pid>.smaps` for the app and every
/// descendant, to see which mappings the PSS is made of. A copy that fails is a note.
fn save_smaps(o: &Options, r: &mut Round, app_pid: u32) {
    let Some(dir) = &o.smaps else { return };
    if let Err(e) = std::fs::create_dir_all(dir) {
        r.notes.push(format!("--smaps: {}: {e}", dir.display()));
        return;
    }
    let family = procs::tree(app_pid, &procs::snapshot());
    for p in family {
        let to = dir.join(format!(
            "{}-{}-{}-{}.smaps",
            r.side.name(),
            r.round,
            p.comm,
            p.pid
        ));
        let copied = std::fs::read(format!("/proc/{}/smaps", p.pid))
            .and_then(|bytes| std::fs::write(&to, bytes));
        if let Err(e) = copied {
            r.notes.push(format!("--smaps: {}: {e}", to.display()));
        }
    }
}
