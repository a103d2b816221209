//! Integration tests of `Library` on real folders: real SQLite, real tantivy, real files.

// In a folder of its own so that cargo does not build it as a second test binary.
#[path = "library/documents.rs"]
mod documents;
#[path = "library/dupes.rs"]
mod dupes;
#[path = "library/encoding.rs"]
mod encoding;
#[path = "library/export.rs"]
mod export;
#[path = "library/organize.rs"]
mod organize;
#[path = "library/parallel.rs"]
mod parallel;
#[path = "library/relocate.rs"]
mod relocate;
#[path = "library/suggest.rs"]
mod suggest;
#[path = "library/update.rs"]
mod update;
#[path = "library/urls.rs"]
mod urls;

use std::fs;
use std::path::{Path, PathBuf};
use wenzhai_core::model::{ImportProgress, ImportStatus};
use wenzhai_library::{Importer, Library, LibraryError};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    path
}

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

fn import(lib: &Library, paths: &[PathBuf]) -> wenzhai_library::ImportReport {
    lib.import(paths, &Importer::default(), |_| {})
        .expect("import")
}

fn status_of<'a>(report: &'a wenzhai_library::ImportReport, name: &str) -> &'a ImportStatus {
    &report
        .outcomes
        .iter()
        .find(|o| o.path.ends_with(name))
        .unwrap_or_else(|| panic!("no outcome for {name}: {:?}", report.outcomes))
        .status
}

fn failed_code(status: &ImportStatus) -> &str {
    match status {
        ImportStatus::Failed { code, .. } => code,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn importing_a_folder_twice_reports_every_file_as_a_duplicate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    write(
        &src,
        "a.txt",
        article("组织工作会议召开", "会议强调加强组织建设。"),
    );
    write(
        &src,
        "sub/b.md",
        "---\ntitle: 碳中和路线图\n---\n\n碳达峰碳中和是一场广泛而深刻的变革。\n",
    );
    write(&src, "sub/deeper/c.html", "<html><head><title>Climate plan</title></head><body><article><h1>Climate plan</h1><p>The council adopted a climate plan on Monday, with targets for 2030.</p><p>It covers transport, housing and energy.</p></article></body></html>");
    write(&src, "sub/ignored.json", "{}");
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let first = import(&lib, std::slice::from_ref(&src));
    assert_eq!(first.summary.imported, 3, "{:?}", first.outcomes);
    assert_eq!(first.summary.failed, 0);
    assert_eq!(
        first.outcomes.len(),
        3,
        "files without an article extension are skipped in folders"
    );
    let second = import(&lib, &[src]);
    assert_eq!(second.summary.duplicates, 3, "{:?}", second.outcomes);
    assert_eq!(second.summary.imported, 0);
    assert!(lib.check().expect("check").ok());
    assert_eq!(lib.ids().expect("ids").len(), 3);
}

#[test]
fn the_same_text_saved_twice_with_other_whitespace_is_a_duplicate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = write(
        tmp.path(),
        "a.txt",
        "标题\n\n  第一段正文。\n\n  第二段正文。\n",
    );
    let b = write(
        tmp.path(),
        "b.txt",
        "标题\r\n\r\n第一段正文。\r\n第二段正文。\r\n",
    );
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, &[a, b]);
    let ImportStatus::Imported { id } = status_of(&report, "a.txt") else {
        panic!("a.txt not imported: {:?}", report.outcomes)
    };
    assert_eq!(
        status_of(&report, "b.txt"),
        &ImportStatus::Duplicate {
            duplicate_of: *id,
            changed: false,
            older: false
        }
    );
}

#[test]
fn bad_files_fail_with_a_reason_and_the_rest_of_the_batch_is_imported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    write(&src, "good1.txt", article("第一篇好文章", "正文内容一。"));
    write(
        &src,
        "binary.html",
        [
            0x89u8, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0, 1, 2, 3,
        ],
    );
    write(&src, "empty.txt", "");
    write(&src, "blank.txt", "  \n\n \t\n");
    let big = vec![b'a'; (wenzhai_core::MAX_TEXT_BYTES + 1) as usize];
    write(&src, "huge.txt", big);
    // Bytes that are no valid text in any encoding we accept.
    let mut garbage = Vec::new();
    for i in 0..4000u32 {
        garbage.push((i.wrapping_mul(2654435761) >> 24) as u8 | 0x80);
        garbage.push(0x7f);
    }
    write(&src, "invalid.txt", &garbage);
    write(&src, "good2.txt", article("第二篇好文章", "正文内容二。"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(src.join("missing-target.txt"), src.join("dangling.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(&src, src.join("loop")).expect("symlink loop");
    }
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, std::slice::from_ref(&src));

    assert_eq!(report.summary.imported, 2, "{:#?}", report.outcomes);
    assert_eq!(failed_code(status_of(&report, "binary.html")), "not_text");
    assert_eq!(failed_code(status_of(&report, "empty.txt")), "empty");
    assert_eq!(failed_code(status_of(&report, "blank.txt")), "empty");
    assert_eq!(failed_code(status_of(&report, "huge.txt")), "too_large");
    assert!(
        matches!(
            failed_code(status_of(&report, "invalid.txt")),
            "undecodable" | "not_text"
        ),
        "{:?}",
        status_of(&report, "invalid.txt")
    );
    #[cfg(unix)]
    {
        assert_eq!(
            failed_code(status_of(&report, "dangling.txt")),
            "unreadable"
        );
        assert_eq!(failed_code(status_of(&report, "loop")), "symlink_loop");
    }
    for o in &report.outcomes {
        if let ImportStatus::Failed { error, .. } = &o.status {
            assert!(!error.is_empty(), "{} failed without a reason", o.path);
        }
    }
    // Nothing half-written: two rows, two indexed docs, two originals.
    let check = lib.check().expect("check");
    assert!(check.ok(), "{:?}", check.problems);
    assert_eq!(
        (check.articles, check.indexed, check.originals_checked),
        (2, 2, 2)
    );
    let originals = walkdir_count(&tmp.path().join("lib/originals"));
    assert_eq!(originals, 2, "no original kept for a failed file");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_by_name() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    let locked = write(&src, "locked.txt", article("锁住的文章", "正文。"));
    write(&src, "open.txt", article("开放的文章", "正文内容。"));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&locked).is_ok() {
        eprintln!("skipped: running as root, permissions do not stop reads (dangling symlinks cover unreadable files)");
        return;
    }
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, &[src]);
    assert_eq!(failed_code(status_of(&report, "locked.txt")), "unreadable");
    assert_eq!(report.summary.imported, 1);
}

fn walkdir_count(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read_dir").flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn progress_is_reported_after_every_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let files: Vec<PathBuf> = (0..5)
        .map(|i| {
            write(
                tmp.path(),
                &format!("{i}.txt"),
                article(&format!("第{i}篇"), &format!("正文{i}。")),
            )
        })
        .collect();
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let mut seen: Vec<ImportProgress> = Vec::new();
    lib.import(&files, &Importer::default(), |p| seen.push(p.clone()))
        .expect("import");
    let done: Vec<u32> = seen.iter().map(|p| p.done).collect();
    assert_eq!(done, vec![1, 2, 3, 4, 5]);
    assert!(seen.iter().all(|p| p.total == 5));
}

#[test]
fn a_second_writer_is_refused_with_the_holders_pid_and_readers_still_work() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("lib");
    let writer = Library::open(&dir).expect("open");
    import(
        &writer,
        &[write(
            tmp.path(),
            "a.txt",
            article("组织生活", "组织生活会。"),
        )],
    );
    match Library::open(&dir) {
        Err(LibraryError::InUse { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("two writers at once"),
    }
    let reader = Library::open_read_only(&dir).expect("read-only open");
    assert_eq!(reader.search("组织", 0, 10).expect("search").total, 1);
    assert!(matches!(
        reader.import(&[], &Importer::default(), |_| {}),
        Err(LibraryError::ReadOnly)
    ));
    drop(writer);
    Library::open(&dir).expect("the lock is released when the writer closes");
}

#[test]
fn search_finds_exactly_the_articles_containing_the_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let docs = [
        ("组织部召开会议", "会议研究了干部工作。"),
        ("经济新闻", "各级党组织要发挥作用。"),
        ("体育新闻", "运动员训练刻苦。"),
        ("组", "织"), // 组 and 织 apart: no match for 组织
        ("Organisation news", "The organisation met on Monday."),
    ];
    let files: Vec<PathBuf> = docs
        .iter()
        .enumerate()
        .map(|(i, (t, b))| write(tmp.path(), &format!("{i}.txt"), article(t, b)))
        .collect();
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    import(&lib, &files);
    for query in [
        "组织",
        "组",
        "新闻",
        "organisation",
        "Monday",
        "会议 干部",
        "不存在的词",
    ] {
        let results = lib.search(query, 0, 100).expect("search");
        let mut got: Vec<String> = results.hits.iter().map(|h| h.title.clone()).collect();
        got.sort();
        let mut want: Vec<String> = docs
            .iter()
            .filter(|(t, b)| {
                let text = format!("{t}\n{b}").to_lowercase();
                query.split_whitespace().all(|p| {
                    if p.is_ascii() {
                        text.split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == p.to_lowercase())
                    } else {
                        text.contains(p)
                    }
                })
            })
            .map(|(t, _)| t.to_string())
            .collect();
        want.sort();
        assert_eq!(got, want, "query {query:?}");
        assert_eq!(results.total, want.len() as u64);
    }
}

#[test]
fn deleted_articles_leave_search_and_tags_reach_the_index() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(
        &lib,
        &[write(
            tmp.path(),
            "a.txt",
            article("碳中和", "碳达峰碳中和。"),
        )],
    );
    let ImportStatus::Imported { id } = report.outcomes[0].status else {
        panic!("{:?}", report.outcomes)
    };
    let tags = lib.retag(id, &["环境/气候".into()], &[]).expect("tag");
    assert_eq!(tags, vec!["环境/气候"]);
    assert_eq!(lib.list(Some("环境")).expect("list").len(), 1);
    assert_eq!(lib.search("碳中和", 0, 10).expect("search").total, 1);
    lib.delete(id).expect("delete");
    assert_eq!(lib.search("碳中和", 0, 10).expect("search").total, 0);
    assert!(lib.check().expect("check").ok());
    assert!(matches!(lib.article(id), Err(LibraryError::Store(_))));
}

#[test]
fn an_index_that_fell_behind_sqlite_is_caught_up_on_open() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("lib");
    {
        let lib = Library::open(&dir).expect("open");
        import(
            &lib,
            &[write(
                tmp.path(),
                "a.txt",
                article("第一篇", "雄安新区建设。"),
            )],
        );
    }
    // A crash between the SQLite commit and the index commit: the row is there, the index
    // does not have it.
    {
        let conn = rusqlite::Connection::open(dir.join("library.sqlite3")).expect("sqlite");
        conn.execute_batch(
            "INSERT INTO articles (title, lang, body_text, body_html, content_hash, original_sha256, format, encoding, imported_at)
             SELECT '第二篇', 'zh', '大湾区规划。', '<p>大湾区规划。</p>', 'x', original_sha256, 'text', 'UTF-8', imported_at FROM articles LIMIT 1;
             UPDATE meta SET value = value + 1 WHERE key = 'changes';",
        )
        .expect("simulate");
    }
    let reader = Library::open_read_only(&dir).expect("read-only");
    assert!(
        !reader.check().expect("check").ok(),
        "check notices the lagging index"
    );
    drop(reader);
    let lib = Library::open(&dir).expect("reopen");
    assert_eq!(lib.search("大湾区", 0, 10).expect("search").total, 1);
    assert!(lib.check().expect("check").ok());
    // A deleted index folder is rebuilt too.
    drop(lib);
    fs::remove_dir_all(dir.join("index")).expect("rm index");
    let lib = Library::open(&dir).expect("reopen");
    assert_eq!(lib.search("雄安", 0, 10).expect("search").total, 1);
}

#[test]
fn originals_are_kept_byte_for_byte() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (gbk, _, _) = encoding_rs::GBK.encode("中文标题\n\n这是用国标码保存的正文,组织建设。\n");
    let file = write(tmp.path(), "gbk.txt", &gbk);
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, &[file]);
    let ImportStatus::Imported { id } = report.outcomes[0].status else {
        panic!("{:?}", report.outcomes)
    };
    let a = lib.article(id).expect("article");
    assert_eq!(a.title, "中文标题");
    assert!(a.body.contains("组织建设"));
    let sha = wenzhai_core::text::sha256_hex(&gbk);
    let kept =
        fs::read(tmp.path().join("lib/originals").join(&sha[..2]).join(&sha)).expect("original");
    assert_eq!(kept, gbk.to_vec());
}

#[test]
fn reextract_refreshes_articles_from_their_originals_and_keeps_tags() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("lib");
    let lib = Library::open(&dir).expect("open");
    let report = import(
        &lib,
        &[write(
            tmp.path(),
            "a.txt",
            article("雄安新区", "雄安新区建设稳步推进。"),
        )],
    );
    let ImportStatus::Imported { id } = report.outcomes[0].status else {
        panic!("{:?}", report.outcomes)
    };
    lib.retag(id, &["城市".into()], &[]).expect("tag");
    // An older extractor stored a worse title and body; the original is still right.
    drop(lib);
    {
        let conn = rusqlite::Connection::open(dir.join("library.sqlite3")).expect("sqlite");
        conn.execute(
            "UPDATE articles SET title = '旧标题', body_text = '旧正文' WHERE id = ?1",
            [id],
        )
        .expect("simulate old extraction");
    }
    let lib = Library::open(&dir).expect("reopen");
    let report = lib.reextract(|_, _| {}).expect("reextract");
    assert_eq!((report.checked, report.updated), (1, 1), "{report:?}");
    let a = lib.article(id).expect("article");
    assert_eq!(a.title, "雄安新区");
    assert!(a.body.contains("稳步推进"));
    assert_eq!(a.tags, vec!["城市"]);
    assert_eq!(lib.search("稳步推进", 0, 10).expect("search").total, 1);
    assert!(lib.check().expect("check").ok());
    let again = lib.reextract(|_, _| {}).expect("reextract");
    assert_eq!((again.updated, again.unchanged), (0, 1));
}

#[test]
fn reading_state_and_tag_counts_are_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let files: Vec<PathBuf> = (0..3)
        .map(|i| {
            write(
                tmp.path(),
                &format!("{i}.txt"),
                article(&format!("第{i}篇"), &format!("正文{i}。")),
            )
        })
        .collect();
    import(&lib, &files);
    let ids = lib.ids().expect("ids");
    lib.retag(ids[0], &["党建".into(), "党建/组织建设".into()], &[])
        .expect("tag");
    lib.retag(ids[1], &["党建".into()], &[]).expect("tag");
    let tags: Vec<(String, i64)> = lib
        .tags()
        .expect("tags")
        .into_iter()
        .map(|t| (t.path, t.articles))
        .collect();
    assert_eq!(
        tags,
        vec![("党建".to_string(), 2), ("党建/组织建设".to_string(), 1)]
    );

    let a = lib
        .set_state(ids[2], Some(true), Some(true), None)
        .expect("state");
    assert!(a.read && a.starred && !a.archived);
    let a = lib
        .set_state(ids[2], Some(false), None, Some(true))
        .expect("state");
    assert!(!a.read && a.starred && a.archived);
    assert!(
        lib.check().expect("check").ok(),
        "reading state does not disturb the index"
    );
}

#[test]
fn highlights_survive_reextraction_placed_moved_or_kept_as_unplaced() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("lib");
    let lib = Library::open(&dir).expect("open");
    let text = article(
        "组织建设",
        "第一段讲组织路线。\n\n第二段讲干部队伍建设。\n\n第三段讲作风。",
    );
    let report = import(&lib, &[write(tmp.path(), "a.txt", text)]);
    let ImportStatus::Imported { id } = report.outcomes[0].status else {
        panic!("{:?}", report.outcomes)
    };
    let a = lib
        .annotate(id, "干部队伍建设", Some("要点"), Some("yellow"))
        .expect("annotate");
    assert!(a.placed && a.end - a.start == 6);
    let b = lib
        .annotate(id, "第三段讲作风", None, None)
        .expect("annotate");
    assert!(matches!(
        lib.annotate(id, "不存在的句子", None, None),
        Err(LibraryError::QuoteNotFound { .. })
    ));
    // An older extractor had stored a text with an extra line in front and without the
    // third paragraph; re-extraction brings back the text of the original.
    drop(lib);
    {
        let conn = rusqlite::Connection::open(dir.join("library.sqlite3")).expect("sqlite");
        conn.execute(
            "UPDATE articles SET body_text = '导语。\n\n第一段讲组织路线。\n\n第二段讲干部队伍建设。' WHERE id = ?1",
            [id],
        )
        .expect("old text");
        conn.execute(
            "UPDATE annotations SET pos_start = pos_start + 5, pos_end = pos_end + 5 WHERE id = ?1",
            [a.id],
        )
        .expect("old position");
    }
    let lib = Library::open(&dir).expect("reopen");
    let report = lib.reextract(|_, _| {}).expect("reextract");
    assert_eq!(
        report.annotations.moved + report.annotations.exact,
        2,
        "{report:?}"
    );
    let article = lib.article(id).expect("article");
    assert_eq!(article.annotations.len(), 2, "no highlight is ever dropped");
    let moved = article
        .annotations
        .iter()
        .find(|x| x.id == a.id)
        .expect("a");
    assert!(moved.placed);
    assert_eq!(moved.quote, "干部队伍建设");
    assert_eq!(moved.note.as_deref(), Some("要点"));
    let chars: Vec<char> = article.body.chars().collect();
    let at: String = chars[moved.start as usize..moved.end as usize]
        .iter()
        .collect();
    assert_eq!(at, "干部队伍建设");
    assert!(article.annotations.iter().any(|x| x.id == b.id && x.placed));
}

#[test]
fn the_query_language_filters_by_tag_date_and_reading_state() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let docs = [
        (
            "a.txt",
            "组织工作会议\n\n发布时间:2021-05-01 09:00\n\n会议研究组织工作。\n",
        ),
        (
            "b.txt",
            "组织建设经验\n\n发布时间:2023-03-15 10:00\n\n交流组织建设经验。\n",
        ),
        (
            "c.txt",
            "体育新闻\n\n发布时间:2023-06-01 08:00\n\n运动员训练。\n",
        ),
    ];
    let files: Vec<PathBuf> = docs.iter().map(|(n, t)| write(tmp.path(), n, t)).collect();
    import(&lib, &files);
    let id_of = |title: &str| {
        lib.list(None)
            .expect("list")
            .into_iter()
            .find(|a| a.title == title)
            .map(|a| a.id)
            .expect("imported")
    };
    let (a, b, c) = (
        id_of("组织工作会议"),
        id_of("组织建设经验"),
        id_of("体育新闻"),
    );
    lib.retag(a, &["党建/组织建设".into()], &[]).expect("tag");
    lib.set_state(b, Some(true), Some(true), None)
        .expect("state");
    lib.annotate(c, "运动员", Some("笔记"), None).expect("note");
    let ids = |q: &str| {
        let mut v: Vec<i64> = lib
            .search(q, 0, 100)
            .expect(q)
            .hits
            .iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    let sorted = |mut v: Vec<i64>| {
        v.sort();
        v
    };
    assert_eq!(ids("组织"), sorted(vec![a, b]));
    assert_eq!(ids("组织 is:unread"), vec![a]);
    assert_eq!(ids("is:starred"), vec![b]);
    assert_eq!(ids("has:notes"), vec![c]);
    assert_eq!(ids("tag:党建"), vec![a]);
    assert_eq!(ids("after:2023"), sorted(vec![b, c]));
    assert_eq!(ids("组织 before:2022-12-31"), vec![a]);
    assert_eq!(ids("组织 OR 运动员 -建设"), sorted(vec![a, c]));
    let newest: Vec<i64> = lib
        .search_sorted("after:2000", wenzhai_library::SortOrder::Newest, 0, 10)
        .expect("sorted")
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(newest, vec![c, b, a]);
    match lib.search("after:notadate", 0, 10) {
        Err(e) => assert_eq!(e.code(), "bad_query", "{e}"),
        Ok(_) => panic!("a malformed date was accepted"),
    }
}

// Libraries written by earlier schema versions. `tests/fixtures/v1/` is a real library made by
// the last release with schema 1 (how: `tests/fixtures/README.md`). Tests open a copy, never
// the fixture itself: opening migrates.

/// A copy of the library `tests/fixtures/<name>` in a new temp dir: `(guard, library dir)`.
fn fixture_library(name: &str) -> (tempfile::TempDir, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(
        from.join(wenzhai_library::DB_FILE).is_file(),
        "fixture {} is missing",
        from.display()
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let mut stack = vec![(from, lib.clone())];
    while let Some((src, dst)) = stack.pop() {
        fs::create_dir_all(&dst).expect("mkdir");
        for e in fs::read_dir(&src).expect("read fixture").flatten() {
            let to = dst.join(e.file_name());
            if e.path().is_dir() {
                stack.push((e.path(), to));
            } else {
                fs::copy(e.path(), &to).expect("copy fixture file");
            }
        }
    }
    (tmp, lib)
}

fn user_version(db: &Path) -> u32 {
    let conn = rusqlite::Connection::open(db).expect("open raw");
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version")
}

/// Every row of every schema-1 table, schema-1 columns only, one string per row: what no
/// migration may lose or change.
fn schema_1_rows(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open raw");
    let tables = [
        (
            "articles",
            "id, title, author, published_at, source, site, section, url, lang, body_text, \
             body_html, content_hash, original_sha256, original_name, format, encoding, \
             imported_at, read_at, progress, starred, archived",
        ),
        ("tags", "id, path"),
        ("article_tags", "article_id, tag_id"),
        (
            "annotations",
            "id, article_id, kind, color, note, quote_exact, quote_prefix, quote_suffix, \
             pos_start, pos_end, created_at, updated_at",
        ),
        ("meta", "key, value"),
    ];
    let mut rows = Vec::new();
    for (table, columns) in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT {columns} FROM {table} ORDER BY 1, 2"))
            .expect("prepare");
        let n = stmt.column_count();
        let mut q = stmt.query([]).expect("query");
        while let Some(row) = q.next().expect("row") {
            let values: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        "{:?}",
                        row.get::<_, rusqlite::types::Value>(i).expect("value")
                    )
                })
                .collect();
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    rows
}

/// The files in a library folder (relative paths), without the writer's lock file, which
/// every writing open creates.
fn folder_listing(dir: &Path) -> Vec<(String, u64)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read_dir").flatten() {
            let path = e.path();
            if path.is_dir() {
                files.push((format!("{}/", path.display()), 0));
                stack.push(path);
            } else if e.file_name() != "library.lock" {
                let len = e.metadata().expect("metadata").len();
                files.push((path.display().to_string(), len));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_version_1_library_opens_migrated_with_every_article_tag_note_and_reading_state() {
    let (_tmp, dir) = fixture_library("v1");
    let db = dir.join(wenzhai_library::DB_FILE);
    assert_eq!(user_version(&db), 1, "the fixture is a schema-1 library");
    assert!(
        !dir.join("index").exists(),
        "the fixture has no index: opening must build it"
    );
    let before = schema_1_rows(&db);
    assert!(before.len() > 10, "the fixture holds data: {before:?}");

    let lib = Library::open(&dir).expect("a schema-1 library opens");
    assert_eq!(user_version(&db), wenzhai_store::SCHEMA_VERSION);
    assert_eq!(
        schema_1_rows(&db),
        before,
        "the migration changed user data"
    );

    // Columns added by later versions have their defaults on old rows.
    let conn = rusqlite::Connection::open(&db).expect("open raw");
    let images: Vec<i64> = conn
        .prepare("SELECT images_allowed FROM articles ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(images, vec![0, 0, 0], "remote images stay blocked");
    let coloured: i64 = conn
        .query_row(
            "SELECT count(*) FROM tags WHERE color IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(coloured, 0, "old tags have the default colour");
    drop(conn);

    // What the user sees: articles, tags, notes and reading state as they left them.
    let titles: Vec<String> = lib
        .list(None)
        .expect("list")
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Library extends evening hours",
            "城市绿道建设提速",
            "社区党支部召开组织生活会"
        ]
    );
    let meeting = lib.article(1).expect("article 1");
    assert_eq!(meeting.title, "社区党支部召开组织生活会");
    assert!(meeting.body.contains("组织建设情况"), "{}", meeting.body);
    assert_eq!(meeting.tags, ["党建/组织建设", "待读"]);
    assert_eq!(meeting.annotations.len(), 1);
    let note = &meeting.annotations[0];
    assert_eq!(note.quote, "开展批评与自我批评");
    assert_eq!(note.note.as_deref(), Some("组织生活会的核心环节"));
    assert_eq!(note.color.as_deref(), Some("yellow"));
    assert!(note.placed);
    let quoted: String = meeting
        .body
        .chars()
        .skip(note.start as usize)
        .take((note.end - note.start) as usize)
        .collect();
    assert_eq!(quoted, note.quote, "the highlight still points at its text");
    assert!(meeting.read && meeting.starred && !meeting.archived);

    let greenway = lib.article(2).expect("article 2");
    assert_eq!(greenway.tags, ["城市/绿化"]);
    assert_eq!(greenway.annotations.len(), 1);
    assert_eq!(greenway.annotations[0].quote, "休息驿站");
    assert_eq!(greenway.annotations[0].note, None);
    assert!(!greenway.read && !greenway.starred && !greenway.archived);

    let hours = lib.article(3).expect("article 3");
    assert_eq!(hours.author.as_deref(), Some("Jane Doe"));
    assert_eq!(hours.tags, ["english", "待读"]);
    assert_eq!(
        hours.annotations[0].note.as_deref(),
        Some("why the hours changed")
    );
    assert!(hours.read && !hours.starred && hours.archived);

    // The index was built from the migrated database: text, tags and state all searchable.
    let ids = |q: &str| {
        let mut v: Vec<i64> = lib
            .search(q, 0, 100)
            .expect(q)
            .hits
            .iter()
            .map(|h| h.id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids("组织生活会"), vec![1]);
    assert_eq!(ids("绿道"), vec![2]);
    assert_eq!(ids("study space"), vec![3]);
    assert_eq!(
        ids("tag:党建"),
        vec![1],
        "a parent tag covers 党建/组织建设"
    );
    assert_eq!(ids("tag:待读"), vec![1, 3]);
    assert_eq!(ids("is:starred"), vec![1]);
    assert_eq!(ids("is:unread"), vec![2]);
    assert_eq!(ids("is:archived"), vec![3]);
    // has:notes means "has annotations": article 2's highlight without a note counts too.
    assert_eq!(ids("has:notes"), vec![1, 2, 3]);
    let report = lib.check().expect("check");
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(
        (report.articles, report.indexed, report.originals_checked),
        (3, 3, 3)
    );
    drop(lib);

    // A migrated library opens again without migrating twice.
    let lib = Library::open(&dir).expect("reopen");
    assert_eq!(user_version(&db), wenzhai_store::SCHEMA_VERSION);
    assert_eq!(lib.ids().expect("ids"), vec![1, 2, 3]);
}

/// A migration that fails halfway must roll back completely: the user keeps a library that the
/// previous version still opens, and a message that says which upgrade failed.
#[test]
fn a_failed_migration_leaves_the_library_exactly_as_it_was_and_names_the_version() {
    // The column migration 2 adds, added by hand so that its ALTER TABLE fails: first on its
    // first statement, then on its second (after the first already changed the schema).
    for (table, column) in [("articles", "images_allowed"), ("tags", "color")] {
        let (_tmp, dir) = fixture_library("v1");
        let db = dir.join(wenzhai_library::DB_FILE);
        let conn = rusqlite::Connection::open(&db).expect("open raw");
        conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} TEXT"))
            .expect("add the column by hand");
        drop(conn); // the last connection's close checkpoints and removes the WAL
        assert!(!dir.join("library.sqlite3-wal").exists());
        let sha_before = sha256_of(&db);
        let rows_before = schema_1_rows(&db);
        let files_before = folder_listing(&dir);

        let err = match Library::open(&dir) {
            Err(e) => e,
            Ok(_) => panic!("{table}.{column}: migration 2 cannot succeed on this database"),
        };
        match &err {
            LibraryError::Store(wenzhai_store::StoreError::Migration { version, .. }) => {
                assert_eq!(*version, 2, "{err}")
            }
            other => panic!("{table}.{column}: expected a migration error, got {other:?}"),
        }
        assert_eq!(err.code(), "migration");
        let message = err.to_string();
        for part in [
            "schema version 2",
            "duplicate column",
            "still at schema version 1",
        ] {
            assert!(message.contains(part), "{message:?} does not say {part:?}");
        }
        // A reader runs the same migration and is refused the same way.
        assert!(matches!(
            Library::open_read_only(&dir),
            Err(LibraryError::Store(wenzhai_store::StoreError::Migration {
                version: 2,
                ..
            }))
        ));

        assert_eq!(user_version(&db), 1, "{table}.{column}");
        assert_eq!(schema_1_rows(&db), rows_before, "{table}.{column}");
        assert_eq!(
            folder_listing(&dir),
            files_before,
            "{table}.{column}: a failed open left files behind (a -wal, an index)"
        );
        assert_eq!(
            sha256_of(&db),
            sha_before,
            "{table}.{column}: the database file changed"
        );
    }
}

fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    let bytes = fs::read(path).expect("read");
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------- highlights and notes

/// A library with one article (its id and its text).
fn one_article(tmp: &Path, title: &str, body: &str) -> (Library, i64, String) {
    let src = write(tmp, "src/a.txt", article(title, body));
    let lib = Library::open(&tmp.join("lib")).expect("open");
    let report = import(&lib, &[src]);
    let id = match report.outcomes[0].status {
        ImportStatus::Imported { id } => id,
        ref other => panic!("not imported: {other:?}"),
    };
    let text = lib.article(id).expect("article").body;
    (lib, id, text)
}

/// The char range of the first `quote` in `text`.
fn range_of(text: &str, quote: &str) -> (i64, i64) {
    let byte = text.find(quote).expect("quote in text");
    let start = text[..byte].chars().count() as i64;
    (start, start + quote.chars().count() as i64)
}

/// Asserts that SQLite and the index agree (what `wz check` reports) without a rebuild.
fn assert_consistent(lib: &Library) {
    assert!(
        !lib.index_is_behind().expect("counters"),
        "the write left the index behind SQLite"
    );
    let report = lib.check().expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn a_note_is_found_by_search_and_shown_in_the_hit_through_edit_delete_and_undo() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, text) = one_article(
        tmp.path(),
        "组织工作会议召开",
        "会议强调加强组织建设。各支部要开展批评与自我批评，查找问题。",
    );
    let (start, end) = range_of(&text, "开展批评与自我批评");
    let detail = lib
        .annotate_range(
            id,
            start,
            end,
            Some("yellow".into()),
            Some("要点：整改清单".into()),
        )
        .expect("annotate_range");
    assert_consistent(&lib);
    let ann = detail.annotations[0].clone();
    assert_eq!(
        (ann.kind.as_str(), ann.quote.as_str(), ann.start, ann.end),
        ("highlight", "开展批评与自我批评", start, end)
    );
    assert!(ann.placed);
    assert!(ann.prefix.ends_with("各支部要") && ann.suffix.starts_with("，查找问题"));
    let sliced: String = text
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(sliced, ann.quote, "selectors built from the text");

    // A word only in the note finds the article; the hit carries the note and the snippet is
    // cut from it, with the match marked.
    let results = lib.search("整改", 0, 10).expect("search");
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.id, id);
    let shown = hit
        .annotation
        .as_ref()
        .expect("the hit names the annotation");
    assert_eq!(
        (
            shown.id,
            shown.quote.as_str(),
            shown.note.as_deref(),
            shown.color.as_deref()
        ),
        (
            ann.id,
            "开展批评与自我批评",
            Some("要点：整改清单"),
            Some("yellow")
        )
    );
    assert_eq!(hit.snippet, "要点：整改清单");
    assert_eq!(hit.snippet_html, "要点：<mark>整改</mark>清单");
    // A match in the text only: no annotation, the snippet from the text.
    let hit = &lib.search("组织建设", 0, 10).expect("search").hits[0];
    assert_eq!(hit.annotation, None);
    assert!(hit.snippet.contains("组织建设"), "{}", hit.snippet);
    // A match in the highlighted quote: the annotation is named, the snippet is the text's.
    let hit = &lib.search("自我批评", 0, 10).expect("search").hits[0];
    assert_eq!(hit.annotation.as_ref().map(|a| a.id), Some(ann.id));
    assert!(hit.snippet.contains("各支部"), "{}", hit.snippet);

    // Editing the note: the old word is gone, the new one found; the colour is kept.
    let detail = lib
        .update_annotation(ann.id, None, Some(Some("复盘清单".into())))
        .expect("update note");
    assert_eq!(detail.annotations[0].color.as_deref(), Some("yellow"));
    assert_consistent(&lib);
    assert_eq!(lib.search("整改", 0, 10).expect("search").total, 0);
    assert_eq!(lib.search("复盘", 0, 10).expect("search").total, 1);
    let detail = lib
        .update_annotation(ann.id, Some(Some("green".into())), None)
        .expect("update colour");
    assert_eq!(
        (
            detail.annotations[0].color.as_deref(),
            detail.annotations[0].note.as_deref()
        ),
        (Some("green"), Some("复盘清单"))
    );
    let detail = lib
        .update_annotation(ann.id, Some(None), None)
        .expect("clear colour");
    assert_eq!(detail.annotations[0].color, None);
    assert_consistent(&lib);

    // Deleting makes it unfindable; restoring (undo) brings it back, same id and selectors.
    let (detail, deleted) = lib.delete_annotation(ann.id).expect("delete");
    assert!(detail.annotations.is_empty());
    assert_eq!(deleted.note.as_deref(), Some("复盘清单"));
    assert_consistent(&lib);
    assert_eq!(lib.search("复盘", 0, 10).expect("search").total, 0);
    assert_eq!(lib.search("has:notes", 0, 10).expect("search").total, 0);
    let detail = lib.restore_annotation(id, &deleted).expect("restore");
    assert_eq!(detail.annotations, vec![deleted.clone()]);
    assert_consistent(&lib);
    assert_eq!(lib.search("复盘", 0, 10).expect("search").total, 1);
    assert_eq!(
        lib.search("has:notes 复盘", 0, 10).expect("search").total,
        1
    );

    // The old `annotate` (wz annotate --quote) indexes its note too.
    lib.annotate(id, "查找问题", Some("deadline 周五"), Some("blue"))
        .expect("annotate");
    assert_consistent(&lib);
    let hit = &lib.search("deadline", 0, 10).expect("search").hits[0];
    assert_eq!(
        hit.annotation.as_ref().and_then(|a| a.note.as_deref()),
        Some("deadline 周五")
    );
    drop(lib);
    // Reopening finds nothing to catch up, and the notes are still searchable.
    let lib = Library::open(&tmp.path().join("lib")).expect("reopen");
    assert_consistent(&lib);
    assert_eq!(lib.search("复盘 deadline", 0, 10).expect("search").total, 1);
}

#[test]
fn bad_ranges_and_missing_annotations_are_named_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, text) = one_article(tmp.path(), "标题", "第一段。\n\n第二段。");
    let len = text.chars().count() as i64;
    let (para_end, next) = range_of(&text, "\n\n");
    for (start, end) in [(2, 2), (3, 1), (0, len + 1), (-1, 2), (para_end, next)] {
        let err = lib
            .annotate_range(id, start, end, None, None)
            .expect_err("a bad range");
        assert_eq!(err.code(), "bad_range", "{start}..{end}: {err}");
    }
    assert_eq!(
        lib.annotate_range(id, 0, len, None, None)
            .expect("the whole text")
            .annotations[0]
            .quote,
        text
    );
    for err in [
        lib.update_annotation(999, None, Some(None))
            .expect_err("update"),
        lib.delete_annotation(999).map(|_| ()).expect_err("delete"),
        lib.annotate_range(999, 0, 1, None, None)
            .map(|_| ())
            .expect_err("article"),
        lib.set_article_note(999, Some("x".into()))
            .map(|_| ())
            .expect_err("note"),
    ] {
        assert_eq!(err.code(), "not_found", "{err}");
    }
    drop(lib);
    let ro = Library::open_read_only(&tmp.path().join("lib")).expect("read-only");
    assert_eq!(
        ro.annotate_range(id, 0, 1, None, None)
            .expect_err("read-only")
            .code(),
        "read_only"
    );
}

#[test]
fn the_article_note_is_one_unquoted_note_that_search_and_has_notes_see() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, _) = one_article(tmp.path(), "城市绿道建设提速", "绿道串起公园和社区。");
    let detail = lib
        .set_article_note(id, Some("值得再读一遍".into()))
        .expect("set");
    let note = &detail.annotations[0];
    assert_eq!(
        (
            note.kind.as_str(),
            note.quote.as_str(),
            note.start,
            note.end
        ),
        ("note", "", 0, 0)
    );
    assert!(note.is_article_note() && note.placed, "never an orphan");
    assert_consistent(&lib);
    let hit = &lib.search("再读", 0, 10).expect("search").hits[0];
    assert_eq!(
        hit.annotation
            .as_ref()
            .map(|a| (a.quote.as_str(), a.note.as_deref())),
        Some(("", Some("值得再读一遍")))
    );
    assert_eq!(hit.snippet, "值得再读一遍");
    // has:notes counts the article note; has:highlights does not.
    assert_eq!(lib.search("has:notes", 0, 10).expect("search").total, 1);
    assert_eq!(
        lib.search("has:highlights", 0, 10).expect("search").total,
        0
    );

    // Setting it again replaces it: still one note.
    let detail = lib
        .set_article_note(id, Some("改为：周末细读".into()))
        .expect("replace");
    assert_eq!(detail.annotations.len(), 1);
    assert_eq!(
        detail.annotations[0].note.as_deref(),
        Some("改为：周末细读")
    );
    assert_eq!(lib.search("再读", 0, 10).expect("search").total, 0);
    lib.annotate(id, "公园", None, Some("green"))
        .expect("highlight");
    assert_eq!(
        lib.search("has:highlights", 0, 10).expect("search").total,
        1
    );
    // Re-extraction re-anchors highlights only; the note stays as it is.
    let report = lib.reextract(|_, _| {}).expect("reextract");
    assert_eq!(report.annotations.orphaned, 0);

    let detail = lib.set_article_note(id, None).expect("remove");
    assert!(detail.annotations.iter().all(|a| !a.is_article_note()));
    assert_consistent(&lib);
    assert_eq!(lib.search("周末", 0, 10).expect("search").total, 0);
}

#[test]
fn notes_lists_annotations_across_the_library_with_filters_and_orphans() {
    use wenzhai_core::model::NotesFilter;
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    write(
        &src,
        "a.txt",
        article("组织工作会议", "会议强调加强组织建设，开展批评。"),
    );
    write(
        &src,
        "b.txt",
        article("城市绿道", "绿道串起公园和社区，设置休息驿站。"),
    );
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    import(&lib, std::slice::from_ref(&src));
    let id_of = |title: &str| {
        lib.list(None)
            .expect("list")
            .into_iter()
            .find(|a| a.title == title)
            .map(|a| a.id)
            .expect("imported")
    };
    let (a, b) = (id_of("组织工作会议"), id_of("城市绿道"));
    lib.retag(a, &["党建/组织建设".into()], &[]).expect("tag");
    lib.annotate(a, "开展批评", Some("核心环节"), Some("yellow"))
        .expect("a1");
    lib.annotate(a, "组织建设", None, Some("green"))
        .expect("a2");
    lib.annotate(b, "休息驿站", Some("Rest stops"), Some("yellow"))
        .expect("b1");
    lib.set_article_note(b, Some("城市更新".into()))
        .expect("note");
    // An orphan: a highlight whose quote is not at its place in the text (as after a
    // re-extraction that lost the sentence).
    let orphan = lib.article(b).expect("b").annotations[1].clone();
    let (_, mut gone) = lib.delete_annotation(orphan.id).expect("delete");
    gone.quote = "已删除的句子".into();
    lib.restore_annotation(b, &gone).expect("restore as orphan");

    let quotes = |filter: NotesFilter| -> Vec<(String, bool)> {
        let mut v: Vec<(String, bool)> = lib
            .notes(filter)
            .expect("notes")
            .into_iter()
            .map(|r| (r.annotation.quote, r.annotation.placed))
            .collect();
        v.sort();
        v
    };
    let q = |s: &str| (s.to_string(), true);
    assert_eq!(lib.notes(NotesFilter::default()).expect("all").len(), 4);
    assert_eq!(
        quotes(NotesFilter {
            tag: Some("党建".into()),
            ..NotesFilter::default()
        }),
        vec![q("开展批评"), q("组织建设")]
    );
    assert_eq!(
        quotes(NotesFilter {
            color: Some("yellow".into()),
            ..NotesFilter::default()
        }),
        vec![("已删除的句子".to_string(), false), q("开展批评")]
    );
    assert_eq!(
        quotes(NotesFilter {
            query: Some("rest".into()),
            ..NotesFilter::default()
        }),
        vec![("已删除的句子".to_string(), false)],
        "LIKE on the note, case-insensitive for ASCII"
    );
    assert_eq!(
        quotes(NotesFilter {
            query: Some("%".into()),
            ..NotesFilter::default()
        }),
        Vec::<(String, bool)>::new(),
        "LIKE wildcards are literal"
    );
    let rows = lib
        .notes(NotesFilter {
            article: Some(b),
            ..NotesFilter::default()
        })
        .expect("article b");
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].annotation.is_article_note(),
        "the article note first"
    );
    assert_eq!(
        (rows[1].article_id, rows[1].article_title.as_str()),
        (b, "城市绿道")
    );
    let tagged = lib
        .notes(NotesFilter {
            article: Some(a),
            ..NotesFilter::default()
        })
        .expect("article a");
    assert_eq!(tagged[0].article_tags, ["党建/组织建设"]);
    assert_eq!(
        tagged
            .iter()
            .map(|r| r.annotation.quote.as_str())
            .collect::<Vec<_>>(),
        ["组织建设", "开展批评"],
        "text order"
    );
    // The reader agrees with the notes view about the orphan.
    let placed: Vec<bool> = lib
        .article(b)
        .expect("b")
        .annotations
        .iter()
        .map(|n| n.placed)
        .collect();
    assert_eq!(placed, [true, false]);
    assert_consistent(&lib);
}

/// The app's "export these notes": a tag's (or the library's) annotated articles, each once,
/// and none without a highlight or note.
#[test]
fn annotated_articles_are_those_with_notes_of_the_tag_each_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, first, text) = one_article(
        tmp.path(),
        "第一篇",
        "组织部门加强干部队伍建设,这是第一篇文章的正文内容。",
    );
    let second_src = write(
        tmp.path(),
        "src/b.txt",
        article("第二篇", "第二篇文章没有任何标注,只有正文内容。"),
    );
    let third_src = write(
        tmp.path(),
        "src/c.txt",
        article("第三篇", "第三篇文章有标注但没有这个标签。"),
    );
    import(&lib, &[second_src, third_src]);
    let ids = lib.ids().expect("ids");
    assert_eq!(ids.len(), 3);
    let third = *ids.iter().max().expect("third");
    lib.retag(first, &["党建".to_string()], &[]).expect("tag");
    let (s, e) = range_of(&text, "干部队伍建设");
    lib.annotate_range(first, s, e, Some("green".into()), Some("要点".into()))
        .expect("highlight");
    lib.annotate_range(first, 0, 2, None, None)
        .expect("second highlight");
    lib.set_article_note(third, Some("整篇笔记".into()))
        .expect("note");

    let tagged: Vec<i64> = lib
        .annotated_articles(Some("党建"))
        .expect("tagged")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(tagged, [first]);
    let all: Vec<i64> = lib
        .annotated_articles(None)
        .expect("all")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(all, [first, third]);
}
