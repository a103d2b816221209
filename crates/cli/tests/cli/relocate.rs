//! `wz move DEST`: the library moves whole, the app and every `wz` follow it through the
//! settings file, a move waits for an import in another process, a kill in the middle costs
//! nothing, and a destination that would lose or mix files is refused.
//!
//! Each test gives `wz` a home of its own ([`Home`]): the settings folder
//! (`WENZHAI_CONFIG_DIR`) and the OS data dir (`XDG_DATA_HOME`) in a temp dir and no
//! `WENZHAI_LIBRARY`, so `wz` without `--library` chooses its library as the app does.

use super::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_wz"));
        c.args(args)
            .env_remove("WENZHAI_LIBRARY")
            .env("WENZHAI_CONFIG_DIR", self.config_dir())
            .env("XDG_DATA_HOME", self.path().join("data"));
        c
    }

    fn wz(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run wz")
    }

    /// `wz args`, which must succeed.
    fn ok(&self, args: &[&str]) -> Output {
        let out = self.wz(args);
        assert!(
            out.status.success(),
            "wz {args:?}: {}{}",
            stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn config_dir(&self) -> PathBuf {
        self.path().join("config")
    }

    /// Where the library is when neither `--library`, `WENZHAI_LIBRARY` nor the settings say.
    fn default_library(&self) -> PathBuf {
        self.path().join("data/wenzhai/library")
    }

    /// The library folder settings.json names, if it names one.
    fn settings_library(&self) -> Option<PathBuf> {
        let text = fs::read_to_string(self.config_dir().join("settings.json")).ok()?;
        let v: Value = serde_json::from_str(&text).expect("settings.json is JSON");
        v["library"].as_str().map(PathBuf::from)
    }

    /// `n` small articles in `<home>/<name>`; article i's title and text name i.
    fn articles(&self, name: &str, n: usize, padding: usize) -> PathBuf {
        let src = self.path().join(name);
        fs::create_dir_all(&src).expect("mkdir");
        let filler = "各地各部门认真贯彻落实会议精神。".repeat(padding);
        for i in 0..n {
            write(
                &src,
                &format!("{i:05}.txt"),
                &format!("第{i}号文章\n\n这是第{i}号文章的正文，讲组织建设。{filler}\n"),
            );
        }
        src
    }

    /// The default library with `n` articles, one tagged and highlighted with a note.
    fn default_library_with(&self, n: usize, padding: usize) {
        let src = self.articles("src", n, padding);
        self.ok(&["import", src.to_str().expect("utf-8")]);
        self.ok(&["tag", "1", "+党建/组织建设", "+待读"]);
        self.ok(&["annotate", "1", "--quote", "组织建设", "--note", "要点"]);
    }

    /// Every article of the library `wz` chooses, as `wz export --format json --all` gives it.
    fn export(&self, library: &[&str]) -> Vec<Value> {
        let mut args = library.to_vec();
        args.extend(["export", "--format", "json", "--all"]);
        json_lines(&self.ok(&args))
    }

    fn check(&self, library: &[&str]) -> Value {
        let mut args = library.to_vec();
        args.extend(["check", "--json"]);
        let v = json_lines(&self.ok(&args)).remove(0);
        assert_eq!(v["ok"], true, "{v}");
        v
    }
}

/// Every file below `dir` with its bytes, relative and sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("below").to_path_buf();
                out.push((rel, fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// `wz search --json 第7号文章`, without the time it took.
fn search_7(home: &Home) -> Value {
    let mut v = json_lines(&home.ok(&["search", "--json", "第7号文章"])).remove(0);
    v["took_ms"] = Value::Null;
    v
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_moved_library_keeps_every_article_tag_and_note_and_wz_finds_it_at_the_new_place() {
    let home = Home::new();
    home.default_library_with(30, 0);
    let before = home.export(&[]);
    assert_eq!(before.len(), 30);
    let found = search_7(&home);
    assert_eq!(found["total"], 1);

    let dest = home.path().join("disk2/文摘");
    let out = home.ok(&["move", "--json", dest.to_str().expect("utf-8")]);
    let report = &json_lines(&out)[0];
    let dest = fs::canonicalize(&dest).expect("the library is at DEST");
    assert_eq!(report["to"], dest.to_str().expect("utf-8"));
    assert_eq!(
        (
            &report["articles"],
            &report["annotations"],
            &report["originals"]
        ),
        (&Value::from(30), &Value::from(1), &Value::from(30))
    );
    assert_eq!(report["settings_updated"], true);
    assert!(report["seconds"].as_f64().is_some() && report["bytes"].as_u64() > Some(0));

    assert_eq!(home.settings_library(), Some(dest.clone()));
    assert_eq!(
        fs::read_dir(home.config_dir()).expect("config").count(),
        1,
        "the settings were saved atomically: no temp file is left beside them"
    );
    assert!(!home.default_library().exists(), "the old folder is gone");
    assert_eq!(
        fs::read_dir(home.path().join("data/wenzhai"))
            .expect("data dir")
            .count(),
        0,
        "no temp or aside folder is left"
    );

    // `wz` without --library or WENZHAI_LIBRARY opens the moved library.
    assert_eq!(home.check(&[])["articles"], 30);
    assert_eq!(home.export(&[]), before);
    assert_eq!(search_7(&home), found, "search finds the same article");
    let lib = ["--library", dest.to_str().expect("utf-8")];
    assert_eq!(home.check(&lib)["articles"], 30);
}

#[test]
fn a_move_started_during_an_import_in_another_process_waits_and_loses_nothing() {
    const FILES: usize = 3_000;
    let home = Home::new();
    let src = home.articles("src", FILES, 0);
    let lib = home.path().join("lib");
    let lib_arg = lib.to_str().expect("utf-8");
    let mut import = home
        .command(&["--library", lib_arg, "import", src.to_str().expect("utf-8")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn wz import");
    // The import holds the library once its pid is in the lock file.
    let pid = import.id().to_string();
    let started = Instant::now();
    while fs::read_to_string(lib.join("library.lock")).ok().as_deref() != Some(pid.as_str()) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the import never took the library"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        import.try_wait().expect("try_wait").is_none(),
        "the import is still running when the move starts"
    );

    let dest = home.path().join("moved");
    let moved = home.wz(&["--library", lib_arg, "move", dest.to_str().expect("utf-8")]);
    let imported = import.wait_with_output().expect("wait for the import");
    assert!(imported.status.success(), "import: {}", stderr(&imported));
    assert!(
        moved.status.success(),
        "move: {}{}",
        stdout(&moved),
        stderr(&moved)
    );
    assert!(
        stderr(&moved).contains("waiting for the process that is writing"),
        "the move waited for the import: {}",
        stderr(&moved)
    );
    assert!(!lib.exists());
    let dest_arg = ["--library", dest.to_str().expect("utf-8")];
    assert_eq!(home.check(&dest_arg)["articles"], FILES);
    let titles: std::collections::BTreeSet<String> = home
        .export(&dest_arg)
        .iter()
        .map(|a| a["title"].as_str().expect("title").to_string())
        .collect();
    assert_eq!(
        titles.len(),
        FILES,
        "every imported file is in the moved library"
    );
    assert_eq!(
        home.settings_library(),
        None,
        "moving a library that is not the default leaves the settings alone"
    );
}

#[test]
fn a_move_killed_in_the_middle_leaves_the_old_library_whole_and_a_second_move_succeeds() {
    let home = Home::new();
    home.default_library_with(1_500, 20);
    let before = home.export(&[]);
    let dest = home.path().join("moved");
    let dest_arg = dest.to_str().expect("utf-8");

    let mut child = home
        .command(&["move", dest_arg])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn wz move");
    let temp = home
        .path()
        .join(format!(".moved.wenzhai-move-{}", child.id()));
    let started = Instant::now();
    while !temp.join("library.sqlite3").exists() {
        assert!(
            child.try_wait().expect("try_wait").is_none(),
            "the move ended before its copy was seen: make the library bigger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no copy appeared"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
    child.wait().expect("wait");
    assert!(
        temp.exists() && !dest.exists(),
        "killed while copying: the copy is left half-made and DEST was never made"
    );

    // The old library is where it was, whole, and still the one `wz` opens.
    assert_eq!(home.settings_library(), None);
    assert_eq!(home.check(&[])["articles"], 1_500);
    assert_eq!(home.export(&[]), before);

    // Moving again removes the dead move's copy and succeeds.
    home.ok(&["move", dest_arg]);
    assert!(!temp.exists(), "the dead move's copy is removed");
    let dest = fs::canonicalize(&dest).expect("DEST");
    assert_eq!(home.settings_library(), Some(dest));
    assert_eq!(home.check(&[])["articles"], 1_500);
    assert_eq!(home.export(&[]), before);
}

#[test]
fn a_destination_inside_the_library_or_not_empty_is_refused_naming_it_and_nothing_changes() {
    let home = Home::new();
    home.default_library_with(3, 0);
    let busy = home.path().join("busy");
    fs::create_dir_all(&busy).expect("mkdir");
    write(&busy, "mine.txt", "x");
    let before = snapshot(home.path());
    for dest in [home.default_library().join("sub"), busy] {
        let out = home.wz(&["move", dest.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(dest.to_str().expect("utf-8")),
            "the message names {dest:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(snapshot(home.path()), before, "nothing changed");
    assert_eq!(home.settings_library(), None);
}

#[test]
fn a_corrupt_settings_file_is_an_error_naming_it_not_an_empty_library() {
    let home = Home::new();
    let settings = home.config_dir().join("settings.json");
    fs::create_dir_all(home.config_dir()).expect("mkdir");
    fs::write(&settings, "{\"library\": ").expect("write");
    for args in [&["list"][..], &["import", "nothing-here.txt"][..]] {
        let out = home.wz(args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(settings.to_str().expect("utf-8")),
            "{}",
            stderr(&out)
        );
    }
    assert!(
        !home.default_library().exists(),
        "no library was made at the default place"
    );
    // A move (of a library given by --library) refuses too: it would have to rewrite them.
    let lib = home.path().join("lib");
    let src = home.articles("src", 1, 0);
    let lib_arg = lib.to_str().expect("utf-8");
    home.ok(&["--library", lib_arg, "import", src.to_str().expect("utf-8")]);
    let out = home.wz(&["--library", lib_arg, "move", "elsewhere"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("settings.json"), "{}", stderr(&out));
    assert!(lib.join("library.sqlite3").is_file());
}

#[test]
fn move_is_in_the_help() {
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .arg("--help")
        .output()
        .expect("run");
    assert!(stdout(&out).contains("move"), "{}", stdout(&out));
}
