//! Bad input at scale: a corpus of nasty files, each of which gets a clear per-file result
//! within bounded time and memory.
//!
//! Small files are committed in `tests/nasty/` (empty, blank, broken UTF-8 and GBK, a PNG named
//! `.txt`, a zip bomb named `.html`, a gzip bomb, NUL and control bytes, broken MHTML, a hostile
//! page); big and special ones are made here in a temp folder (200 MB of text, one 50 MB line,
//! a one-line file just under the size limit, 10^5 nested elements, 10^4 empty files, symlink
//! loops, a dangling link, unreadable files). One real `wz import --json` run over both must
//! report every file exactly once with the status and code a user would see, stay under a
//! memory bound (a big file is never read whole before its size is checked) and finish; then
//! `wz check` passes and the library holds exactly the articles reported imported.
#![cfg(unix)]

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

const MIB: u64 = 1024 * 1024;

/// A hang guard only: the run takes seconds; this catches an import that never ends.
const KILL_AFTER: Duration = Duration::from_secs(300);

/// Peak resident memory allowed for `wz import`: generous (a debug build, a 20 MiB text and
/// its index), but far below what reading a 200 MB file whole, or inflating a bomb, would take.
const MAX_RSS_KB: u64 = 1024 * 1024;

/// The result a user must see for one file: `None` = imported, `Some(code)` = failed so.
type Want = Option<&'static str>;

/// The committed corpus and what each file must give.
const COMMITTED: &[(&str, Want)] = &[
    ("empty.txt", Some("empty")),
    ("blank.md", Some("empty")),
    ("bom-only.txt", Some("empty")),
    ("invalid-utf8.txt", Some("undecodable")),
    ("invalid-gbk.txt", Some("undecodable")),
    ("lone-surrogates.txt", Some("undecodable")),
    // A couple of broken bytes in a long text are dropped, the text kept (not mojibake).
    ("utf8-two-broken-bytes.txt", None),
    ("gbk-two-broken-bytes.txt", None),
    ("png-named.txt", Some("not_text")),
    // Recognised by their bytes whatever their name: a PDF is read as one (this one is
    // damaged), a zip as a document container (this one a bomb, refused before inflating).
    ("pdf-named.html", Some("unsupported_format")),
    ("zip-bomb.html", Some("archive_limit")),
    ("gzip-bomb.mhtml", Some("not_text")),
    ("nul-bytes.txt", Some("not_text")),
    ("control-chars.txt", Some("not_text")),
    ("mhtml-without-html.mhtml", Some("unsupported_format")),
    // Base64 cut mid-way: what decodes is kept.
    ("truncated.mhtml", None),
    ("script-only.html", Some("no_content")),
    ("hostile.html", None),
];

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty")
}

/// Write `size` bytes of `line` repeated (cut to fit) without holding them all in memory.
fn write_repeated(path: &Path, line: &str, size: u64) {
    let mut chunk = Vec::with_capacity(MIB as usize + line.len());
    while (chunk.len() as u64) < MIB {
        chunk.extend_from_slice(line.as_bytes());
    }
    let mut f = std::io::BufWriter::new(fs::File::create(path).expect("create big file"));
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        // Cut on a char boundary so the file stays valid UTF-8 text.
        let mut end = n;
        while end > 0 && std::str::from_utf8(&chunk[..end]).is_err() {
            end -= 1;
        }
        let end = if end == 0 { n } else { end };
        f.write_all(&chunk[..end]).expect("write big file");
        left -= end as u64;
    }
    f.flush().expect("flush big file");
}

/// True when permission bits stop this process from reading (not so for root).
fn permissions_bite(probe: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::write(probe, "x").expect("write probe");
    fs::set_permissions(probe, fs::Permissions::from_mode(0o000)).expect("chmod probe");
    let bites = fs::read(probe).is_err();
    fs::set_permissions(probe, fs::Permissions::from_mode(0o644)).expect("chmod probe back");
    fs::remove_file(probe).expect("remove probe");
    bites
}

/// Make the generated corpus under `dir`; returns each file's expected result by path.
fn generate(dir: &Path) -> BTreeMap<PathBuf, Want> {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let mut want: BTreeMap<PathBuf, Want> = BTreeMap::new();
    fs::create_dir_all(dir).expect("mkdir");
    let limit = wenzhai_core::MAX_TEXT_BYTES;
    let zh = "天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。";

    let big = dir.join("big-200mb.txt");
    write_repeated(&big, &format!("{zh}\n"), 200 * MIB);
    want.insert(big, Some("too_large"));
    let line = dir.join("one-line-50mb.txt");
    write_repeated(&line, zh, 50 * MIB);
    want.insert(line, Some("too_large"));
    // One byte over the text limit: refused (a sparse file of NULs).
    let over = dir.join("over-limit-by-one.html");
    fs::File::create(&over)
        .and_then(|f| f.set_len(limit + 1))
        .expect("sparse file");
    want.insert(over, Some("too_large"));
    // Just under the limit, one line: imported, its start as the title.
    let under = dir.join("one-line-under-limit.txt");
    write_repeated(
        &under,
        "坚持以讲政治为先，建强政治机关，不断提高机关干部政治判断力",
        limit - 16,
    );
    want.insert(under, None);

    // 10^5 nested elements in ~1 MB: imported (the nesting is bounded, the text kept).
    let deep = dir.join("deep-100000.html");
    let n = 100_000;
    fs::write(
        &deep,
        format!(
            "<html><head><title>很深的页面</title></head><body>{}<p>{zh}{zh}{zh}</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )
    .expect("write deep page");
    want.insert(deep, None);
    // The same depth, never closed, with inline and table elements mixed in.
    let unclosed = dir.join("deep-unclosed-mixed.html");
    fs::write(
        &unclosed,
        format!(
            "<html><body>{}<p>{zh}{zh}</p>",
            "<div><span><table><tr><td><blockquote><ul><li>".repeat(n / 8)
        ),
    )
    .expect("write unclosed page");
    want.insert(unclosed, None);

    let empties = dir.join("empty-files");
    fs::create_dir(&empties).expect("mkdir empties");
    for i in 0..10_000 {
        let p = empties.join(format!("e{i:05}.txt"));
        fs::File::create(&p).expect("create empty file");
        want.insert(p, Some("empty"));
    }

    // A folder that links back to its parent, a file that links to itself, a dangling link.
    let looped = dir.join("loop/inner");
    fs::create_dir_all(&looped).expect("mkdir loop");
    symlink("..", looped.join("up")).expect("symlink loop");
    want.insert(looped.join("up"), Some("symlink_loop"));
    symlink("self-link.txt", dir.join("self-link.txt")).expect("self symlink");
    want.insert(dir.join("self-link.txt"), Some("unreadable"));
    symlink("missing.txt", dir.join("dangling.txt")).expect("dangling symlink");
    want.insert(dir.join("dangling.txt"), Some("unreadable"));

    if permissions_bite(&dir.join("probe.txt")) {
        let locked = dir.join("locked.txt");
        fs::write(&locked, format!("锁住的文章\n\n{zh}")).expect("write locked");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
        want.insert(locked, Some("unreadable"));
        let locked_dir = dir.join("locked-dir");
        fs::create_dir(&locked_dir).expect("mkdir locked");
        fs::write(locked_dir.join("inside.txt"), zh).expect("write inside");
        fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o000)).expect("chmod dir");
        want.insert(locked_dir, Some("unreadable"));
    } else {
        eprintln!(
            "skipped: unreadable file and folder (running as root: permission bits do not stop \
             reads; the dangling and self links still cover files that cannot be opened)"
        );
    }
    want
}

/// The finished `wz` run: its output and the peak resident memory it reached.
struct Run {
    status: std::process::ExitStatus,
    stdout: String,
    stderr: String,
    peak_rss_kb: u64,
    took: Duration,
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run `wz` with `args`, sampling its peak RSS (VmHWM) until it exits; killed after
/// [`KILL_AFTER`].
fn wz_measured(lib: &Path, args: &[&std::ffi::OsStr]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wz"))
        .arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("WENZHAI_LIBRARY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn wz");
    // Drain the pipes on threads: 10^4 result lines would fill a pipe and stall the child.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            r.read_to_string(&mut s).expect("read wz output");
            s
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        // VmHWM only grows, so the last sample before exit is the peak (to within 5 ms).
        if let Some(kb) = vm_hwm_kb(pid) {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait().expect("wait for wz") {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            child.kill().expect("kill wz");
            panic!("wz {args:?} still running after {KILL_AFTER:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        status,
        stdout: out.join().expect("stdout thread"),
        stderr: err.join().expect("stderr thread"),
        peak_rss_kb: peak,
        took: started.elapsed(),
    }
}

#[test]
fn every_nasty_file_gets_a_clear_result_in_bounded_time_and_memory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let generated = tmp.path().join("generated");
    let made = Instant::now();
    let mut want = generate(&generated);
    let made = made.elapsed();
    let committed = committed_dir();
    for (name, w) in COMMITTED {
        want.insert(committed.join(name), *w);
    }
    let committed_files = fs::read_dir(&committed).expect("read tests/nasty").count();
    assert_eq!(
        committed_files,
        COMMITTED.len(),
        "every committed nasty file has an expectation here"
    );

    // Named on the command line (a folder walk skips them anyway): a FIFO that no one writes,
    // which used to hang `wz import` forever, and a link to /dev/zero, which used to read until
    // memory ran out. Neither is a regular file.
    let fifo = tmp.path().join("pipe.txt");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let zero = tmp.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("link to /dev/zero");
    want.insert(zero.clone(), Some("not_a_file"));
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "import".as_ref(),
        "--json".as_ref(),
        committed.as_os_str(),
        generated.as_os_str(),
        zero.as_os_str(),
    ];
    if made_fifo {
        want.insert(fifo.clone(), Some("not_a_file"));
        args.push(fifo.as_os_str());
    } else {
        eprintln!("skipped: the FIFO case (mkfifo is not available)");
    }
    let run = wz_measured(&lib, &args);
    assert_eq!(
        run.status.code(),
        Some(3),
        "some files failed: {}",
        run.stderr
    );

    // Every file reported exactly once, with the expected status and code.
    let mut seen: BTreeMap<PathBuf, Value> = BTreeMap::new();
    let mut summary = None;
    for line in run.stdout.lines() {
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if let Some(s) = v.get("summary") {
            summary = Some(s.clone());
            continue;
        }
        let path = PathBuf::from(v["path"].as_str().expect("path"));
        assert!(
            seen.insert(path.clone(), v).is_none(),
            "{} reported twice",
            path.display()
        );
    }
    let mut imported_ids = BTreeSet::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for (path, w) in &want {
        let got = seen
            .get(path)
            .unwrap_or_else(|| panic!("no result for {}", path.display()));
        match w {
            None => {
                // Generated files share paragraphs, so some are imported as near-duplicates
                // of others (imported all the same).
                assert!(
                    got["status"] == "imported" || got["status"] == "near_duplicate",
                    "{}: {got}",
                    path.display()
                );
                imported_ids.insert(got["id"].as_i64().expect("id"));
                *by_code.entry("imported".into()).or_default() += 1;
            }
            Some(code) => {
                assert_eq!(got["status"], "failed", "{}: {got}", path.display());
                assert_eq!(got["code"], *code, "{}: {got}", path.display());
                let message = got["error"].as_str().expect("error message");
                assert!(
                    !message.is_empty(),
                    "{}: a reason the user can read",
                    path.display()
                );
                *by_code.entry((*code).into()).or_default() += 1;
            }
        }
    }
    let unexpected: Vec<&PathBuf> = seen.keys().filter(|p| !want.contains_key(*p)).collect();
    assert!(
        unexpected.is_empty(),
        "results for files not in the corpus: {unexpected:?}"
    );
    let failed = want.values().filter(|w| w.is_some()).count();
    // Near-duplicates are counted among the imported, and once more on their own.
    let mut summary = summary.expect("summary line");
    let near = summary
        .as_object_mut()
        .and_then(|o| o.remove("near_duplicates"))
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    assert!(
        near as usize <= imported_ids.len(),
        "{near} near-duplicates"
    );
    assert_eq!(
        summary,
        serde_json::json!({"imported": imported_ids.len(), "duplicates": 0, "failed": failed})
    );
    assert!(
        run.peak_rss_kb < MAX_RSS_KB,
        "wz import peaked at {} MB",
        run.peak_rss_kb / 1024
    );
    eprintln!(
        "nasty corpus: {} files ({} committed), made in {made:.1?}; wz import took {:.1?}, peak RSS {} MB; {by_code:?}",
        want.len(),
        COMMITTED.len(),
        run.took,
        run.peak_rss_kb / 1024
    );

    // The library is consistent and holds exactly what was reported imported.
    let check = wz(&lib, &["check"]);
    assert!(
        check.status.success(),
        "wz check: {}{}",
        stdout(&check),
        String::from_utf8_lossy(&check.stderr)
    );
    let listed: BTreeSet<i64> = json_lines(&wz(&lib, &["list", "--json"]))
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(listed, imported_ids);

    // What a reader sees of the imported nasty pages.
    let show = |path: PathBuf| -> Value {
        let id = seen[&path]["id"].as_i64().expect("id").to_string();
        let out = wz(&lib, &["show", "--json", &id]);
        serde_json::from_str(&stdout(&out)).expect("show json")
    };
    let hostile = show(committed.join("hostile.html"));
    let html = hostile["body_html"].as_str().expect("body_html");
    for banned in [
        "<script",
        "onclick",
        "onload",
        "onerror",
        "javascript:",
        " src=",
        "<iframe",
        "<form",
        "style=",
    ] {
        assert!(
            !html.to_ascii_lowercase().contains(banned),
            "{banned} reached the reader: {html}"
        );
    }
    assert!(hostile["body"]
        .as_str()
        .expect("body")
        .contains("天津市河北区委组织部"));
    let deep = show(generated.join("deep-100000.html"));
    assert_eq!(deep["title"], "很深的页面");
    assert!(deep["body"]
        .as_str()
        .expect("body")
        .contains("坚持以党的政治建设为统领"));
    let long = show(generated.join("one-line-under-limit.txt"));
    assert_eq!(long["title"].as_str().expect("title").chars().count(), 80);
    let broken = show(committed.join("utf8-two-broken-bytes.txt"));
    assert_eq!(broken["encoding"], "UTF-8");
    assert_eq!(broken["title"], "关于推进机关党建工作的通知");

    // Leave the temp folder removable.
    let locked_dir = generated.join("locked-dir");
    if locked_dir.exists() {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&locked_dir, fs::Permissions::from_mode(0o755));
    }
}
