//! Integration tests of `Library` on real folders: real SQLite, real tantivy, real files.

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
        &ImportStatus::Duplicate { duplicate_of: *id }
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
    let big = vec![b'a'; (wenzhai_core::MAX_FILE_BYTES + 1) as usize];
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
