//! Crash safety: `wz` killed with SIGKILL at random moments never loses or half-writes what it
//! reported done, and never costs the user an article, a tag or a note.
//!
//! Three loops share one machinery ([`KillLoop`]): each kills a real `wz` process at a random
//! moment inside the time that command takes when left alone (measured first, so the moments
//! cover start-up, the work and the final commit on any machine and in any profile), and then:
//!
//! - `wz check` passes (SQLite, the index and the originals agree; run as the writer, it is
//!   also what catches a lagging index up),
//! - every article in the library is whole (its title and body name the same number) and there
//!   exactly once,
//! - every article the test knows of (reported imported) is there with its text, its tags and
//!   its annotations with their notes,
//! - searches find every article (a query matching the whole corpus returns every id; a
//!   sample of articles is found by its own number), `tag:` finds exactly the tagged ones and
//!   `has:notes` exactly the annotated ones.
//!
//! Between kills, `wz tag` and `wz annotate` give one more article tags and a note, so each
//! later kill also has to keep what was written after the previous one.
//!
//! The loops: killing `wz import` (each round imports a new batch of files); killing
//! `wz reindex`; and deleting `<library>/index` and killing the command that rebuilds it
//! (`wz reindex` and `wz check`, alternately).
//!
//! Each loop makes `WZ_KILL_ROUNDS` kills (6 by default, for CI). The long form:
//!
//! ```sh
//! WZ_KILL_ROUNDS=50 cargo test -p wenzhai-cli --release kill -- --nocapture
//! ```
//!
//! Each loop prints its figures (`--nocapture` shows them). Measured 2026-11-27, release build,
//! 2 cores, the three loops side by side in 244 s:
//!
//! - import: 50 kills survived, all mid-run; 1,915 articles reported imported before a kill,
//!   each verified with its text (50 also with tags and a note) after every later kill; 72,379
//!   article checks; after the final import all 25,000 articles whole and there once;
//! - reindex: 50 kills survived, all mid-run; 3,000 articles (60 tagged and annotated)
//!   verified after each, 150,000 article checks;
//! - deleted index: 50 kills survived (45 mid-run, 5 just after the end); 150,000 article
//!   checks.
//!
//! The kill moments come from a fixed xorshift seed per loop, scaled to the measured window, so
//! a run kills at about the same moments every time; a failure names the round, the command
//! and the moment.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Articles per imported batch: one batch per round in the import loop, six batches make the
/// library of the reindex loops.
const BATCH: usize = 500;

/// How many kills each loop makes: `WZ_KILL_ROUNDS`, else 6.
fn rounds() -> usize {
    std::env::var("WZ_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6)
}

/// Writes articles `first..first + count` into `dir`. Article n's title and body both name n,
/// so any article found in the library can be checked whole without knowing which files a
/// killed import got to.
fn write_batch(dir: &Path, first: usize, count: usize) {
    fs::create_dir_all(dir).expect("mkdir batch");
    for n in first..first + count {
        write(
            dir,
            &format!("{n:05}.txt"),
            &format!("第{n}号文章\n\n这是第{n}号文章的正文,讲组织建设的第{n}个方面。\n"),
        );
    }
}

/// The article number in a title `第{n}号文章`.
fn number_in_title(title: &str) -> Option<usize> {
    title
        .strip_prefix('第')?
        .strip_suffix("号文章")?
        .parse()
        .ok()
}

/// The article number of an imported file `{n:05}.txt`.
fn number_of_file(path: &str) -> usize {
    Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a corpus file: {path}"))
}

/// `(id, path)` of every `"imported"` line of `wz import --json` output. The last line may be
/// cut off by a kill; it is skipped.
fn imported_lines(out: &str) -> Vec<(i64, String)> {
    out.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["status"] == "imported")
        .map(|v| {
            let id = v["id"].as_i64().expect("imported line has an id");
            let path = v["path"].as_str().expect("imported line has a path");
            (id, path.to_string())
        })
        .collect()
}

/// The window to kill a command in: the fastest of three undisturbed runs of `run`, which
/// returns how long one took. The fastest, because a run slowed down by a busy machine (the
/// other loops run beside this one) would stretch the window past the end of most later runs.
fn window_of(mut run: impl FnMut(usize) -> Duration) -> Duration {
    (0..3).map(&mut run).min().expect("three runs")
}

/// Runs `wz args` to the end and returns how long it took.
fn time_of(lib: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = wz(lib, args);
    assert!(
        out.status.success(),
        "wz {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// An article the test knows of: its number, its tags (sorted) and the `(quote, note)` of
/// each annotation.
type KnownArticle = (usize, Vec<String>, Vec<(String, String)>);

/// What the library must hold beyond "every article whole": the articles the test knows of,
/// with the tags and notes it gave them.
#[derive(Default)]
struct Known {
    articles: BTreeMap<i64, KnownArticle>,
}

impl Known {
    fn add(&mut self, id: i64, n: usize) {
        let previous = self.articles.insert(id, (n, Vec::new(), Vec::new()));
        if let Some((m, ..)) = previous {
            assert_eq!(m, n, "id {id} reported for two articles");
        }
    }
}

/// One kill loop on one library: kills, verifies, counts.
struct KillLoop<'a> {
    name: &'static str,
    lib: &'a Path,
    known: Known,
    /// xorshift64 state: the kill moments.
    seed: u64,
    kills: usize,
    /// Kills that came after the process had already exited (the moment window includes the
    /// end of the run on purpose: a kill right after the last commit must be safe too).
    finished_first: usize,
    articles_verified: usize,
}

impl<'a> KillLoop<'a> {
    fn new(name: &'static str, lib: &'a Path, seed: u64) -> KillLoop<'a> {
        KillLoop {
            name,
            lib,
            known: Known::default(),
            seed,
            kills: 0,
            finished_first: 0,
            articles_verified: 0,
        }
    }

    /// A moment in `[0, window × 1.1)`.
    fn moment(&mut self, window: Duration) -> Duration {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let span = (window.as_micros() as u64 * 11 / 10).max(1);
        Duration::from_micros(self.seed % span)
    }

    /// Starts `wz args` and SIGKILLs it at a random moment within `window`; `record` learns
    /// from what it printed before the kill; then the library is verified (see the module
    /// docs).
    fn kill(
        &mut self,
        round: usize,
        args: &[&str],
        window: Duration,
        record: impl FnOnce(&mut Known, &str),
    ) {
        let at = self.moment(window);
        let mut child = Command::new(env!("CARGO_BIN_EXE_wz"))
            .arg("--library")
            .arg(self.lib)
            .args(args)
            .env_remove("WENZHAI_LIBRARY")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn wz");
        // Read stdout while it runs: a full pipe would block the child at a write, and every
        // kill after that moment would land on the same spot.
        let mut pipe = child.stdout.take().expect("stdout is piped");
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes); // a kill may cut the stream anywhere
            bytes
        });
        std::thread::sleep(at);
        if child.try_wait().expect("try_wait").is_some() {
            self.finished_first += 1;
        }
        child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
        child.wait().expect("wait");
        self.kills += 1;
        let out = String::from_utf8_lossy(&reader.join().expect("stdout reader")).into_owned();
        let context = format!(
            "{} loop, round {round}: `wz {}` killed after {at:?}",
            self.name,
            args.join(" ")
        );
        record(&mut self.known, &out);
        self.verify(&context);
    }

    /// The checks of the module docs. Returns how many articles the library holds.
    fn verify(&mut self, context: &str) -> usize {
        let check = wz(self.lib, &["check"]);
        assert!(
            check.status.success(),
            "{context}: wz check failed:\n{}{}",
            stdout(&check),
            String::from_utf8_lossy(&check.stderr)
        );

        // Every article whole and there once.
        let all = json_lines(&wz(self.lib, &["export", "--format", "json", "--all"]));
        let mut numbers = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for a in &all {
            let title = a["title"].as_str().expect("title");
            let n = number_in_title(title)
                .unwrap_or_else(|| panic!("{context}: an article with a broken title: {a}"));
            let body = a["body"].as_str().expect("body");
            assert_eq!(
                body,
                format!("这是第{n}号文章的正文,讲组织建设的第{n}个方面。"),
                "{context}: article {} is not whole",
                a["id"]
            );
            assert!(numbers.insert(n), "{context}: article {n} is there twice");
            ids.insert(a["id"].as_i64().expect("id"));
        }

        // Every known article with its tags and notes.
        let by_id: BTreeMap<i64, &Value> = all
            .iter()
            .map(|a| (a["id"].as_i64().expect("id"), a))
            .collect();
        for (id, (n, tags, notes)) in &self.known.articles {
            let a = by_id
                .get(id)
                .unwrap_or_else(|| panic!("{context}: article {id} (第{n}号) was lost"));
            assert_eq!(
                number_in_title(a["title"].as_str().expect("title")),
                Some(*n)
            );
            let mut got_tags: Vec<String> = a["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .map(|t| t.as_str().expect("tag").to_string())
                .collect();
            got_tags.sort();
            assert_eq!(&got_tags, tags, "{context}: tags of article {id}");
            let got_notes: Vec<(String, String)> = a["annotations"]
                .as_array()
                .expect("annotations")
                .iter()
                .map(|x| {
                    let quote = x["quote"].as_str().expect("quote").to_string();
                    (quote, x["note"].as_str().unwrap_or_default().to_string())
                })
                .collect();
            assert_eq!(&got_notes, notes, "{context}: annotations of article {id}");
        }

        // Searches find every article, the tagged ones by tag, the annotated by has:notes.
        let everything = self.search_ids("组织建设");
        assert_eq!(everything, ids, "{context}: a search misses articles");
        let tagged: BTreeSet<i64> = self.known_ids(|tags, _| !tags.is_empty());
        assert_eq!(self.search_ids("tag:党建"), tagged, "{context}: tag:党建");
        let noted: BTreeSet<i64> = self.known_ids(|_, notes| !notes.is_empty());
        assert_eq!(self.search_ids("has:notes"), noted, "{context}: has:notes");
        let sample: Vec<(i64, usize)> = self
            .known
            .articles
            .iter()
            .skip(self.kills * 7 % self.known.articles.len().max(1))
            .take(3)
            .map(|(id, (n, ..))| (*id, *n))
            .collect();
        for (id, n) in sample {
            // Digit runs are whole words: `17` finds 第17号文章 and not 第117号文章.
            assert_eq!(
                self.search_ids(&n.to_string()),
                BTreeSet::from([id]),
                "{context}: searching for article {n}"
            );
        }
        self.articles_verified += all.len();
        all.len()
    }

    fn known_ids(&self, keep: impl Fn(&[String], &[(String, String)]) -> bool) -> BTreeSet<i64> {
        self.known
            .articles
            .iter()
            .filter(|(_, (_, tags, notes))| keep(tags, notes))
            .map(|(id, _)| *id)
            .collect()
    }

    fn search_ids(&self, query: &str) -> BTreeSet<i64> {
        let out = wz(self.lib, &["search", "--json", "--limit", "100000", query]);
        assert!(out.status.success(), "wz search {query}: {}", stdout(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).expect("search JSON");
        let hits: BTreeSet<i64> = v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_i64().expect("hit id"))
            .collect();
        assert_eq!(v["total"].as_u64(), Some(hits.len() as u64), "{query}");
        hits
    }

    /// Gives the first known article without tags two tags (one hierarchical) and a
    /// highlight with a note, through `wz tag` and `wz annotate`, and records them.
    fn tag_and_annotate_one(&mut self, round: usize) {
        let Some((&id, _)) = self
            .known
            .articles
            .iter()
            .find(|(_, (_, tags, _))| tags.is_empty())
        else {
            return;
        };
        let tags = vec!["党建/组织建设".to_string(), format!("轮次/{round}")];
        let out = wz(
            self.lib,
            &[
                "tag",
                &id.to_string(),
                &format!("+{}", tags[0]),
                &format!("+{}", tags[1]),
            ],
        );
        assert!(out.status.success(), "wz tag: {}", stdout(&out));
        let note = format!("{}第{round}轮的笔记", self.name);
        let out = wz(
            self.lib,
            &[
                "annotate",
                &id.to_string(),
                "--quote",
                "组织建设",
                "--note",
                &note,
            ],
        );
        assert!(out.status.success(), "wz annotate: {}", stdout(&out));
        let entry = self.known.articles.get_mut(&id).expect("known");
        entry.1 = tags;
        entry.2 = vec![("组织建设".to_string(), note)];
    }

    fn report(&self) {
        let tagged = self.known_ids(|tags, _| !tags.is_empty()).len();
        eprintln!(
            "{} loop: {} kills survived ({} while running, {} after it had finished); \
             {} article checks; {} known articles verified after the last kill, {} with tags \
             and a note",
            self.name,
            self.kills,
            self.kills - self.finished_first,
            self.finished_first,
            self.articles_verified,
            self.known.articles.len(),
            tagged
        );
    }
}

#[test]
fn killing_an_import_at_random_moments_never_loses_or_half_writes_an_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let src = tmp.path().join("src");
    // The window: one batch imported into a new scratch library, left alone.
    let scratch = tmp.path().join("scratch");
    write_batch(&scratch.join("src"), 0, BATCH);
    let scratch_src = scratch.join("src");
    let scratch_src = scratch_src.to_str().expect("utf-8 temp path");
    let window = window_of(|i| time_of(&scratch.join(format!("lib{i}")), &["import", scratch_src]));

    let rounds = rounds();
    let mut kl = KillLoop::new("import", &lib, 0x9e37_79b9_7f4a_7c15);
    for round in 0..rounds {
        // A new batch each round, so every kill lands in an import that has work to do.
        let batch = src.join(format!("{round:03}"));
        write_batch(&batch, round * BATCH, BATCH);
        let batch = batch.to_str().expect("utf-8 temp path");
        kl.kill(round, &["import", "--json", batch], window, record_imported);
        kl.tag_and_annotate_one(round);
    }
    kl.report();

    // Importing everything again brings in what the kills cut off, each article exactly once.
    let done = wz(&lib, &["import", "--json", src.to_str().expect("utf-8")]);
    assert!(done.status.success(), "{}", stdout(&done));
    record_imported(&mut kl.known, &stdout(&done));
    // Articles imported by a killed run but not yet reported are duplicates now: whole, but
    // not in `known`. So count the library, not the reports.
    assert_eq!(kl.verify("after the last import"), rounds * BATCH);
}

/// Records the articles `wz import --json` reported imported.
fn record_imported(known: &mut Known, out: &str) {
    for (id, path) in imported_lines(out) {
        known.add(id, number_of_file(&path));
    }
}

/// A library of six batches, with the first ten articles tagged and annotated.
fn annotated_library<'a>(name: &'static str, lib: &'a Path, src: &Path, seed: u64) -> KillLoop<'a> {
    for b in 0..6 {
        write_batch(src, b * BATCH, BATCH);
    }
    let out = wz(lib, &["import", "--json", src.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stdout(&out));
    let mut kl = KillLoop::new(name, lib, seed);
    record_imported(&mut kl.known, &stdout(&out));
    assert_eq!(kl.known.articles.len(), 6 * BATCH);
    for round in 0..10 {
        kl.tag_and_annotate_one(round);
    }
    kl
}

#[test]
fn killing_a_reindex_at_random_moments_never_loses_an_article_tag_or_note() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let mut kl = annotated_library(
        "reindex",
        &lib,
        &tmp.path().join("src"),
        0x2545_f491_4f6c_dd1d,
    );
    let window = window_of(|_| time_of(&lib, &["reindex"]));
    for round in 0..rounds() {
        kl.kill(round, &["reindex"], window, |_, _| {});
        kl.tag_and_annotate_one(100 + round);
    }
    kl.report();
}

#[test]
fn killing_the_rebuild_of_a_deleted_index_at_random_moments_never_loses_an_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let index = lib.join("index"); // DESIGN.md: `<library>/index/`, derived, rebuildable
    let mut kl = annotated_library(
        "deleted-index",
        &lib,
        &tmp.path().join("src"),
        0xd1b5_4a32_d192_ed03,
    );
    assert!(index.is_dir(), "the library keeps its index in {index:?}");
    // Both rebuild it: `reindex` by definition, any writer (here `check`) by catching up on
    // open. Each gets its own window, measured on a deleted index.
    let commands: [&[&str]; 2] = [&["reindex"], &["check"]];
    let windows: Vec<Duration> = commands
        .iter()
        .map(|args| {
            window_of(|_| {
                fs::remove_dir_all(&index).expect("delete the index");
                time_of(&lib, args)
            })
        })
        .collect();
    for round in 0..rounds() {
        fs::remove_dir_all(&index).expect("delete the index");
        kl.kill(round, commands[round % 2], windows[round % 2], |_, _| {});
        kl.tag_and_annotate_one(100 + round);
    }
    kl.report();
}
