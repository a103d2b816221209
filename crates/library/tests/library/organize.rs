//! The library view and organizing many articles: list pages, facets, tag rename / merge /
//! colour, bulk tagging and reading state with undo, delete with restore, reading progress.

use super::{assert_consistent, import, write};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use wenzhai_core::model::{
    ArticleSummary, ImportStatus, LibraryCounts, ListQuery, ListSort, ReadingState, TagNode,
};
use wenzhai_library::{DeletedArticle, Library, LibraryError};

/// A Markdown article with front matter (the importer reads title, date and site from it).
fn md(title: &str, date: Option<&str>, site: Option<&str>, body: &str) -> String {
    let mut front = format!("title: {title}\n");
    if let Some(d) = date {
        front.push_str(&format!("date: {d}\n"));
    }
    if let Some(s) = site {
        front.push_str(&format!("site: {s}\n"));
    }
    format!("---\n{front}---\n\n{body}\n")
}

/// Imports `docs` (file name, content) into a new library at `tmp/lib`; returns the library
/// and the ids in the order given.
fn library_of(tmp: &Path, docs: &[(String, String)]) -> (Library, Vec<i64>) {
    let files: Vec<PathBuf> = docs
        .iter()
        .map(|(name, text)| write(tmp, &format!("src/{name}"), text))
        .collect();
    let lib = Library::open(&tmp.join("lib")).expect("open");
    let ids = import_ids(&lib, &files);
    (lib, ids)
}

fn import_ids(lib: &Library, files: &[PathBuf]) -> Vec<i64> {
    let report = import(lib, files);
    files
        .iter()
        .map(|f| {
            let outcome = report
                .outcomes
                .iter()
                .find(|o| Path::new(&o.path) == f.as_path())
                .unwrap_or_else(|| panic!("no outcome for {}", f.display()));
            match outcome.status {
                ImportStatus::Imported { id } => id,
                ref other => panic!("{} not imported: {other:?}", f.display()),
            }
        })
        .collect()
}

/// Direct access to the database beside the open library (WAL lets both work), for setting
/// what the API does not (import times) and reading what it does not show (`read_at`).
fn raw(lib: &Library) -> rusqlite::Connection {
    rusqlite::Connection::open(lib.root().join(wenzhai_library::DB_FILE)).expect("open raw")
}

fn search_ids(lib: &Library, q: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = lib
        .search(q, 0, 1000)
        .expect(q)
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

fn code(e: LibraryError) -> &'static str {
    e.code()
}

fn tag_nodes(lib: &Library) -> Vec<(String, i64, i64, Option<String>)> {
    lib.facets()
        .expect("facets")
        .tags
        .into_iter()
        .map(
            |TagNode {
                 path,
                 own,
                 total,
                 color,
             }| (path, own, total, color),
        )
        .collect()
}

fn node(
    path: &str,
    own: i64,
    total: i64,
    color: Option<&str>,
) -> (String, i64, i64, Option<String>) {
    (path.into(), own, total, color.map(str::to_string))
}

// ---------------------------------------------------------------- list pages

/// The sort key of a row as the list defines it, for checking the order independently.
fn key(sort: ListSort, a: &ArticleSummary) -> String {
    match sort {
        ListSort::Date => a.published.clone().unwrap_or_else(|| a.imported_at.clone()),
        ListSort::Title => a.title.clone(),
        ListSort::Imported => a.imported_at.clone(),
    }
}

#[test]
fn list_pages_filter_sort_and_visit_every_article_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sites = [Some("甲.example"), Some("乙.example"), None];
    let docs: Vec<(String, String)> = (0..130)
        .map(|i| {
            // Some dates repeat (ties are broken by id), some are missing (the import time
            // counts then), titles are not in id order.
            let date = (i % 4 != 0).then(|| format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 7));
            let title = format!("标题{:03}", (i * 37) % 130);
            let body = format!("第{i}篇的正文。");
            (
                format!("{i:03}.md"),
                md(&title, date.as_deref(), sites[i % 3], &body),
            )
        })
        .collect();
    let (lib, ids) = library_of(tmp.path(), &docs);
    // Import times a second apart, not in id order, some equal.
    let conn = raw(&lib);
    for (n, id) in ids.iter().enumerate() {
        conn.execute(
            "UPDATE articles SET imported_at = ?2 WHERE id = ?1",
            rusqlite::params![
                id,
                format!("2026-01-01T00:{:02}:{:02}Z", (n * 7) % 60 / 2, n % 3)
            ],
        )
        .expect("imported_at");
    }
    for (n, &id) in ids.iter().enumerate() {
        if n % 5 == 0 {
            lib.retag(id, &["党建/组织建设".into()], &[]).expect("tag");
        }
        if n % 7 == 0 {
            lib.retag(id, &["党建".into(), "待读".into()], &[])
                .expect("tag");
        }
    }
    lib.bulk_state(&ids[..40], Some(true), None, None)
        .expect("read");
    lib.bulk_state(&ids[30..50], None, Some(true), None)
        .expect("star");
    lib.bulk_state(&ids[45..70], None, None, Some(true))
        .expect("archive");

    // The truth, from each article's own detail.
    let details: Vec<_> = ids
        .iter()
        .map(|&id| lib.article(id).expect("detail"))
        .collect();
    let filters = [
        ListQuery::default(),
        ListQuery {
            tag: Some("党建".into()),
            ..ListQuery::default()
        },
        ListQuery {
            site: Some("乙.example".into()),
            ..ListQuery::default()
        },
        ListQuery {
            read: Some(false),
            ..ListQuery::default()
        },
        ListQuery {
            starred: Some(true),
            ..ListQuery::default()
        },
        ListQuery {
            starred: Some(false),
            archived: Some(false),
            ..ListQuery::default()
        },
        ListQuery {
            archived: Some(true),
            read: Some(true),
            ..ListQuery::default()
        },
        ListQuery {
            tag: Some("党建/组织建设".into()),
            archived: Some(false),
            site: Some("甲.example".into()),
            ..ListQuery::default()
        },
        ListQuery {
            tag: Some("没有".into()),
            ..ListQuery::default()
        },
    ];
    for f in &filters {
        let want: BTreeSet<i64> = details
            .iter()
            .filter(|d| {
                f.tag.as_deref().is_none_or(|t| {
                    d.tags
                        .iter()
                        .any(|x| x == t || x.starts_with(&format!("{t}/")))
                }) && f
                    .site
                    .as_deref()
                    .is_none_or(|s| d.site.as_deref() == Some(s))
                    && f.read.is_none_or(|r| d.read == r)
                    && f.starred.is_none_or(|s| d.starred == s)
                    && f.archived.is_none_or(|a| d.archived == a)
            })
            .map(|d| d.id)
            .collect();
        for sort in [ListSort::Date, ListSort::Title, ListSort::Imported] {
            for reverse in [false, true] {
                let q = ListQuery {
                    sort,
                    reverse,
                    limit: 1000,
                    ..f.clone()
                };
                let all = lib.list_page(&q).expect("page");
                assert_eq!(all.total as usize, want.len(), "{q:?}");
                let got: Vec<i64> = all.rows.iter().map(|r| r.id).collect();
                assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), want, "{q:?}");
                // In order: by key in the sort's direction, then by id the same way.
                for pair in all.rows.windows(2) {
                    let a = (key(sort, &pair[0]), pair[0].id);
                    let b = (key(sort, &pair[1]), pair[1].id);
                    let newest_first = sort != ListSort::Title;
                    if newest_first != reverse {
                        assert!(a > b, "{q:?}: {a:?} before {b:?}");
                    } else {
                        assert!(a < b, "{q:?}: {a:?} before {b:?}");
                    }
                }
                // Pages of 7 give the same rows in the same order, each once.
                let mut paged = Vec::new();
                let mut offset = 0;
                loop {
                    let page = lib
                        .list_page(&ListQuery {
                            offset,
                            limit: 7,
                            ..q.clone()
                        })
                        .expect("page");
                    assert_eq!(page.total as usize, want.len());
                    if page.rows.is_empty() {
                        break;
                    }
                    offset += page.rows.len() as u32;
                    paged.extend(page.rows.into_iter().map(|r| r.id));
                }
                assert_eq!(paged, got, "{q:?}");
            }
        }
    }
    // Rows carry their tags and state.
    let row = lib
        .list_page(&ListQuery {
            sort: ListSort::Title,
            limit: 1000,
            ..ListQuery::default()
        })
        .expect("page")
        .rows
        .into_iter()
        .find(|r| r.id == ids[35])
        .expect("row");
    let d = &details[35];
    assert_eq!(
        (
            &row.tags,
            row.read,
            row.starred,
            row.archived,
            &row.imported_at,
            &row.site
        ),
        (
            &d.tags,
            d.read,
            d.starred,
            d.archived,
            &d.imported_at,
            &d.site
        )
    );
    assert!(row.read && row.starred && row.tags == ["党建", "党建/组织建设", "待读"]);
    // The page size: 0 means 100, at most 1000.
    let page = lib.list_page(&ListQuery::default()).expect("page");
    assert_eq!((page.rows.len(), page.total), (100, 130));
    let beyond = ListQuery {
        offset: 500,
        ..ListQuery::default()
    };
    assert!(lib.list_page(&beyond).expect("page").rows.is_empty());
    assert_eq!(
        ListQuery {
            limit: 5000,
            ..ListQuery::default()
        }
        .page_size(),
        1000
    );
    // The query arrives from the UI as JSON with only what it sets.
    let q: ListQuery =
        serde_json::from_str(r#"{"sort":"imported","reverse":true,"archived":false}"#)
            .expect("json");
    assert_eq!(
        (q.sort, q.reverse, q.archived, q.limit),
        (ListSort::Imported, true, Some(false), 0)
    );
    // The CLI's whole list still works and agrees with the first page.
    let whole: Vec<i64> = lib.list(None).expect("list").iter().map(|r| r.id).collect();
    let first: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    assert_eq!(&whole[..100], &first[..]);
}

// ---------------------------------------------------------------- facets

/// Five articles: A 党建/组织建设 + 党建/学习, B 党建/组织建设, C 党建, D 城市/绿化/公园,
/// E none; sites 甲 ×2, 乙 ×1, none ×2.
fn five(tmp: &Path) -> (Library, [i64; 5]) {
    let docs: Vec<(String, String)> = [
        ("a", Some("甲.example")),
        ("b", Some("甲.example")),
        ("c", Some("乙.example")),
        ("d", None),
        ("e", None),
    ]
    .iter()
    .map(|(name, site)| {
        (
            format!("{name}.md"),
            md(
                &format!("文章{name}"),
                Some("2023-05-01"),
                *site,
                &format!("正文{name}关于组织。"),
            ),
        )
    })
    .collect();
    let (lib, ids) = library_of(tmp, &docs);
    let ids: [i64; 5] = ids.try_into().expect("five");
    lib.retag(ids[0], &["党建/组织建设".into(), "党建/学习".into()], &[])
        .expect("tag");
    lib.retag(ids[1], &["党建/组织建设".into()], &[])
        .expect("tag");
    lib.retag(ids[2], &["党建".into()], &[]).expect("tag");
    lib.retag(ids[3], &["城市/绿化/公园".into()], &[])
        .expect("tag");
    (lib, ids)
}

#[test]
fn facets_count_tags_with_their_parents_sites_and_states() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    // A tag no article carries any more is left out.
    lib.retag(ids[4], &["临时".into()], &[]).expect("tag");
    lib.retag(ids[4], &[], &["临时".into()]).expect("untag");
    lib.set_tag_color("党建/学习", Some("#0af"))
        .expect("colour");
    lib.set_state(ids[0], Some(true), Some(true), None)
        .expect("state");
    lib.set_state(ids[1], None, None, Some(true))
        .expect("state");
    let facets = lib.facets().expect("facets");
    assert_eq!(
        tag_nodes(&lib),
        vec![
            // A counts once under 党建 although it has two tags beneath it.
            node("党建", 1, 3, None),
            node("党建/学习", 1, 1, Some("#00aaff")),
            node("党建/组织建设", 2, 2, None),
            node("城市", 0, 1, None),
            node("城市/绿化", 0, 1, None),
            node("城市/绿化/公园", 1, 1, None),
        ]
    );
    let sites: Vec<(String, i64)> = facets
        .sites
        .into_iter()
        .map(|s| (s.site, s.articles))
        .collect();
    assert_eq!(
        sites,
        vec![("甲.example".into(), 2), ("乙.example".into(), 1)]
    );
    assert_eq!(
        facets.counts,
        LibraryCounts {
            total: 5,
            unread: 4,
            starred: 1,
            archived: 1
        }
    );
    // Children directly follow their parent even when a sibling sorts between as a string.
    lib.retag(ids[4], &["a b".into(), "a/b".into(), "a".into()], &[])
        .expect("tag");
    let paths: Vec<String> = lib
        .facets()
        .expect("facets")
        .tags
        .into_iter()
        .map(|t| t.path)
        .collect();
    assert_eq!(&paths[..3], ["a", "a/b", "a b"]);
}

// ---------------------------------------------------------------- rename, merge, colour

#[test]
fn renaming_a_tag_renames_its_descendants_and_search_follows_at_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    lib.set_tag_color("党建/组织建设", Some("#123456"))
        .expect("colour");
    assert_eq!(search_ids(&lib, "tag:党建"), vec![ids[0], ids[1], ids[2]]);

    assert_eq!(lib.rename_tag(" 党建/ ", "党的建设").expect("rename"), 3);
    assert_eq!(
        lib.article(ids[0]).expect("a").tags,
        ["党的建设/学习", "党的建设/组织建设"]
    );
    assert_eq!(lib.article(ids[2]).expect("c").tags, ["党的建设"]);
    assert_eq!(
        search_ids(&lib, "tag:党的建设"),
        vec![ids[0], ids[1], ids[2]]
    );
    assert_eq!(
        search_ids(&lib, "tag:党的建设/组织建设"),
        vec![ids[0], ids[1]]
    );
    assert!(
        search_ids(&lib, "tag:党建").is_empty(),
        "the old name is gone from the index"
    );
    assert_eq!(
        tag_nodes(&lib)[..3],
        [
            node("党的建设", 1, 3, None),
            node("党的建设/学习", 1, 1, None),
            node("党的建设/组织建设", 2, 2, Some("#123456")),
        ],
        "the colour moves with the tag"
    );
    assert_consistent(&lib);

    // A child renamed up to a new place; a deeper rename that lands on the old name of its
    // own parent is not a merge (all paths move at once).
    assert_eq!(lib.rename_tag("城市/绿化", "绿化").expect("rename"), 1);
    assert_eq!(lib.article(ids[3]).expect("d").tags, ["绿化/公园"]);
    lib.retag(ids[4], &["x/y".into(), "x/y/y".into()], &[])
        .expect("tag");
    assert_eq!(lib.rename_tag("x/y", "x").expect("rename"), 1);
    assert_eq!(lib.article(ids[4]).expect("e").tags, ["x", "x/y"]);

    // No-ops and refusals change nothing.
    assert_eq!(lib.rename_tag("绿化", "绿化/").expect("same"), 0);
    assert_eq!(
        code(lib.rename_tag("没有", "别的").expect_err("unknown")),
        "tag_not_found"
    );
    assert_eq!(
        code(
            lib.rename_tag("绿化", "绿化/公园/新")
                .expect_err("into itself")
        ),
        "invalid_tag"
    );
    assert_eq!(
        code(lib.rename_tag("绿化", "a//b").expect_err("bad path")),
        "invalid_tag"
    );
    assert_eq!(lib.article(ids[3]).expect("d").tags, ["绿化/公园"]);
    assert_consistent(&lib);
}

#[test]
fn merging_tags_unites_their_articles_once_and_keeps_the_destination_colour() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    // 党建/组织建设 (A, B) and 党建/学习 (A) into 学习: A carries both, and must end with one.
    lib.retag(ids[3], &["学习".into()], &[]).expect("tag");
    lib.set_tag_color("学习", Some("#ABCDEF")).expect("colour");
    lib.set_tag_color("党建/组织建设", Some("#111111"))
        .expect("colour");
    let changed = lib
        .merge_tags(
            &["党建/组织建设".into(), "党建/学习".into(), "学习".into()],
            "学习",
        )
        .expect("merge");
    assert_eq!(changed, 2, "A and B changed; D already had 学习");
    assert_eq!(lib.article(ids[0]).expect("a").tags, ["学习"]);
    assert_eq!(lib.article(ids[1]).expect("b").tags, ["学习"]);
    let raw_links: i64 = raw(&lib)
        .query_row(
            "SELECT count(*) FROM article_tags WHERE article_id = ?1",
            [ids[0]],
            |r| r.get(0),
        )
        .expect("links");
    assert_eq!(raw_links, 1);
    assert_eq!(
        tag_nodes(&lib),
        vec![
            node("党建", 1, 1, None),
            node("城市", 0, 1, None),
            node("城市/绿化", 0, 1, None),
            node("城市/绿化/公园", 1, 1, None),
            node("学习", 3, 3, Some("#abcdef")),
        ]
    );
    assert_eq!(search_ids(&lib, "tag:学习"), vec![ids[0], ids[1], ids[3]]);
    assert!(search_ids(&lib, "tag:党建/组织建设").is_empty());
    // Into a new tag, a source's colour comes along.
    lib.set_tag_color("党建", Some("#222")).expect("colour");
    assert_eq!(lib.merge_tags(&["党建".into()], "新").expect("merge"), 1);
    assert!(tag_nodes(&lib).contains(&node("新", 1, 1, Some("#222222"))));
    // One unknown source fails the whole merge.
    assert_eq!(
        code(
            lib.merge_tags(&["新".into(), "没有".into()], "学习")
                .expect_err("unknown")
        ),
        "tag_not_found"
    );
    assert_eq!(lib.article(ids[2]).expect("c").tags, ["新"]);
    assert_consistent(&lib);
}

#[test]
fn tag_colours_are_hex_normalized_and_validated() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, _) = five(tmp.path());
    let colour = |path: &str| {
        tag_nodes(&lib)
            .into_iter()
            .find(|n| n.0 == path)
            .and_then(|n| n.3)
    };
    lib.set_tag_color("党建", Some("#A1b2C3")).expect("colour");
    assert_eq!(colour("党建").as_deref(), Some("#a1b2c3"));
    lib.set_tag_color("党建", Some(" #F0c ")).expect("colour");
    assert_eq!(colour("党建").as_deref(), Some("#ff00cc"));
    // A parent that exists only through its children can be coloured too.
    lib.set_tag_color("城市/绿化", Some("#abc"))
        .expect("colour");
    assert_eq!(colour("城市/绿化").as_deref(), Some("#aabbcc"));
    for bad in [
        "red",
        "#abcd",
        "#ggg",
        "",
        "#",
        "abc",
        "#1234567",
        "#ａｂｃ",
    ] {
        assert_eq!(
            code(lib.set_tag_color("党建", Some(bad)).expect_err(bad)),
            "bad_color",
            "{bad:?}"
        );
    }
    assert_eq!(colour("党建").as_deref(), Some("#ff00cc"));
    assert_eq!(
        code(
            lib.set_tag_color("没有", Some("#fff"))
                .expect_err("unknown")
        ),
        "tag_not_found"
    );
    lib.set_tag_color("党建", None).expect("clear");
    assert_eq!(colour("党建"), None);
    assert_consistent(&lib);
}

// ---------------------------------------------------------------- bulk changes and undo

#[test]
fn bulk_tag_returns_exactly_the_changed_ids_and_the_opposite_call_undoes_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    let [a, b, c, d, e] = ids;
    let with_tag = |t: &str| -> Vec<i64> {
        ids.iter()
            .copied()
            .filter(|&id| lib.article(id).expect("a").tags.iter().any(|x| x == t))
            .collect()
    };
    lib.retag(c, &["待读".into()], &[]).expect("tag");
    let added = lib.bulk_tag(&[a, c, e, a], " 待读/ ", true).expect("add");
    assert_eq!(added, vec![a, e], "c had it already; a once");
    assert_eq!(with_tag("待读"), vec![a, c, e]);
    assert_eq!(search_ids(&lib, "tag:待读"), vec![a, c, e]);
    assert_consistent(&lib);
    // Undo: the opposite call on exactly those.
    assert_eq!(lib.bulk_tag(&added, "待读", false).expect("undo"), added);
    assert_eq!(with_tag("待读"), vec![c]);
    assert_eq!(search_ids(&lib, "tag:待读"), vec![c]);
    // Removing takes off that tag only, not the ones beneath it.
    assert_eq!(
        lib.bulk_tag(&[a, b, d], "党建", false).expect("remove"),
        Vec::<i64>::new()
    );
    assert_eq!(
        lib.bulk_tag(&[a, b], "没有用过", false).expect("remove"),
        Vec::<i64>::new()
    );
    // An unknown id fails the whole call and changes nothing.
    let err = lib
        .bulk_tag(&[b, 9999], "待读", true)
        .expect_err("unknown id");
    assert_eq!(code(err), "not_found");
    assert_eq!(with_tag("待读"), vec![c]);
    assert_eq!(
        code(lib.bulk_tag(&[b], "a//b", true).expect_err("bad tag")),
        "invalid_tag"
    );
    assert_consistent(&lib);
}

fn read_at(lib: &Library, id: i64) -> Option<String> {
    raw(lib)
        .query_row("SELECT read_at FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .expect("read_at")
}

#[test]
fn bulk_state_returns_the_states_before_and_restore_puts_read_at_back_exactly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    let [a, b, c, _, _] = ids;
    raw(&lib)
        .execute(
            "UPDATE articles SET read_at = '2020-01-02T03:04:05Z' WHERE id = ?1",
            [a],
        )
        .expect("read_at");
    lib.set_state(b, None, Some(true), None).expect("star");
    lib.set_state(c, None, None, Some(true)).expect("archive");
    let before = vec![
        ReadingState {
            id: a,
            read_at: Some("2020-01-02T03:04:05Z".into()),
            starred: false,
            archived: false,
        },
        ReadingState {
            id: b,
            read_at: None,
            starred: true,
            archived: false,
        },
        ReadingState {
            id: c,
            read_at: None,
            starred: false,
            archived: true,
        },
    ];
    let got = lib
        .bulk_state(&[a, b, c], Some(false), Some(false), Some(true))
        .expect("bulk");
    assert_eq!(got, before);
    for id in [a, b, c] {
        let d = lib.article(id).expect("detail");
        assert!(!d.read && !d.starred && d.archived, "{id}");
    }
    lib.restore_state(&got).expect("restore");
    assert_eq!(read_at(&lib, a).as_deref(), Some("2020-01-02T03:04:05Z"));
    assert_eq!(
        lib.bulk_state(&[a, b, c], None, None, None)
            .expect("nothing"),
        before,
        "everything is as it was"
    );
    // Marking read keeps when an article was first read.
    let undo = lib
        .bulk_state(&[a, b], Some(true), None, None)
        .expect("read");
    assert_eq!(read_at(&lib, a).as_deref(), Some("2020-01-02T03:04:05Z"));
    assert!(read_at(&lib, b).is_some());
    lib.restore_state(&undo).expect("undo");
    assert_eq!(read_at(&lib, b), None);
    // An unknown id fails the whole call; a state of an article deleted since is skipped.
    assert_eq!(
        code(
            lib.bulk_state(&[a, 9999], None, Some(true), None)
                .expect_err("unknown")
        ),
        "not_found"
    );
    assert!(!lib.article(a).expect("a").starred);
    lib.restore_state(&[ReadingState {
        id: 9999,
        read_at: None,
        starred: true,
        archived: false,
    }])
    .expect("skipped");
    assert_consistent(&lib);
}

/// Every column of an article's row and of its annotations, as stored.
fn stored(lib: &Library, id: i64) -> Vec<String> {
    let conn = raw(lib);
    let mut rows = Vec::new();
    for sql in [
        "SELECT * FROM articles WHERE id = ?1",
        "SELECT * FROM annotations WHERE article_id = ?1 ORDER BY id",
        "SELECT t.path, t.color FROM tags t JOIN article_tags at ON at.tag_id = t.id
         WHERE at.article_id = ?1 ORDER BY t.path",
    ] {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let n = stmt.column_count();
        let mut q = stmt.query([id]).expect("query");
        while let Some(r) = q.next().expect("row") {
            rows.push(
                (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).expect("v")))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
    }
    rows
}

#[test]
fn deleted_articles_come_back_with_their_ids_tags_notes_and_search() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    let [a, b, c, d, e] = ids;
    lib.retag(a, &["独有".into()], &[]).expect("tag");
    lib.set_tag_color("独有", Some("#00ff00")).expect("colour");
    let body = lib.article(a).expect("a").body;
    let start = body.chars().position(|ch| ch == '组').expect("组") as i64;
    lib.annotate_range(
        a,
        start,
        start + 2,
        Some("yellow".into()),
        Some("划线笔记".into()),
    )
    .expect("highlight");
    lib.set_article_note(a, Some("整篇笔记".into()))
        .expect("note");
    lib.set_state(a, Some(true), Some(true), None)
        .expect("state");
    lib.set_progress(a, 0.25).expect("progress");
    let before_a = stored(&lib, a);
    let before_b = stored(&lib, b);
    assert_eq!(search_ids(&lib, "划线笔记"), vec![a]);

    let batch = lib.delete_many(&[a, b, a]).expect("delete");
    assert_eq!(batch.len(), 2);
    assert!(search_ids(&lib, "正文a").is_empty() && search_ids(&lib, "划线笔记").is_empty());
    assert_eq!(lib.list_page(&ListQuery::default()).expect("page").total, 3);
    assert!(stored(&lib, a).is_empty());
    assert_consistent(&lib);
    // The tag row goes meanwhile (renamed away), so restoring must make it again.
    lib.rename_tag("独有", "改名").expect("rename");
    // The snapshot crosses IPC as JSON.
    let json = serde_json::to_string(&batch).expect("to json");
    let batch: Vec<DeletedArticle> = serde_json::from_str(&json).expect("from json");

    assert_eq!(lib.restore_deleted(&batch).expect("restore"), 2);
    assert_eq!(
        stored(&lib, a),
        before_a,
        "every column, annotation and tag as before"
    );
    assert_eq!(stored(&lib, b), before_b);
    let detail = lib.article(a).expect("a");
    assert_eq!(detail.annotations.len(), 2);
    assert!(detail.annotations.iter().all(|n| n.placed));
    assert_eq!(search_ids(&lib, "正文a"), vec![a]);
    assert_eq!(search_ids(&lib, "划线笔记"), vec![a]);
    assert_eq!(search_ids(&lib, "tag:独有"), vec![a]);
    assert_eq!(lib.list_page(&ListQuery::default()).expect("page").total, 5);
    assert_consistent(&lib);

    // Imported again meanwhile: skipped, the rest of the batch comes back.
    let batch = lib.delete_many(&[c, d]).expect("delete");
    let again = import_ids(&lib, &[tmp.path().join("src/c.md")]);
    assert_eq!(lib.restore_deleted(&batch).expect("restore"), 1);
    assert_eq!(lib.article(d).expect("d").tags, ["城市/绿化/公园"]);
    assert_eq!(search_ids(&lib, "正文c"), again);
    assert_consistent(&lib);

    // The id was taken meanwhile (SQLite gives the highest id again): it comes back under
    // a new id rather than be lost.
    let top = *lib.ids().expect("ids").last().expect("some");
    let batch = lib.delete_many(&[top]).expect("delete");
    let taker = import_ids(
        &lib,
        &[write(
            tmp.path(),
            "src/new.md",
            md("新文章", None, None, "全新的正文。"),
        )],
    );
    assert_eq!(taker, vec![top]);
    assert_eq!(lib.restore_deleted(&batch).expect("restore"), 1);
    assert_eq!(lib.ids().expect("ids").len(), 6);
    assert_eq!(search_ids(&lib, "全新的正文"), vec![top]);
    assert_consistent(&lib);
    // Unknown ids delete nothing.
    assert_eq!(
        code(lib.delete_many(&[e, 9999]).expect_err("unknown")),
        "not_found"
    );
    assert!(lib.article(e).is_ok());
}

#[test]
fn reading_progress_is_clamped_and_shown_in_the_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, ids) = five(tmp.path());
    assert_eq!(lib.article(ids[0]).expect("a").progress, 0.0);
    lib.set_progress(ids[0], 0.5).expect("progress");
    assert_eq!(lib.article(ids[0]).expect("a").progress, 0.5);
    lib.set_progress(ids[0], 1.7).expect("progress");
    assert_eq!(lib.article(ids[0]).expect("a").progress, 1.0);
    lib.set_progress(ids[0], f64::NEG_INFINITY)
        .expect("progress");
    assert_eq!(lib.article(ids[0]).expect("a").progress, 0.0);
    assert_eq!(
        code(lib.set_progress(ids[0], f64::NAN).expect_err("nan")),
        "bad_progress"
    );
    assert_eq!(
        code(lib.set_progress(9999, 0.5).expect_err("unknown")),
        "not_found"
    );
    assert_consistent(&lib);
}

#[test]
fn a_read_only_library_lists_and_counts_but_refuses_every_organizing_write() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (writer, ids) = five(tmp.path());
    let batch = writer.delete_many(&[ids[4]]).expect("delete");
    drop(writer);
    let lib = Library::open_read_only(&tmp.path().join("lib")).expect("read-only");
    assert_eq!(lib.list_page(&ListQuery::default()).expect("page").total, 4);
    assert_eq!(lib.facets().expect("facets").counts.total, 4);
    let state = ReadingState {
        id: ids[0],
        read_at: None,
        starred: true,
        archived: false,
    };
    let refused: Vec<(&str, LibraryError)> = vec![
        (
            "rename_tag",
            lib.rename_tag("党建", "x").expect_err("rename"),
        ),
        (
            "merge_tags",
            lib.merge_tags(&["党建".into()], "x").expect_err("merge"),
        ),
        (
            "set_tag_color",
            lib.set_tag_color("党建", Some("#fff")).expect_err("colour"),
        ),
        (
            "bulk_tag",
            lib.bulk_tag(&ids, "x", true).expect_err("bulk_tag"),
        ),
        (
            "bulk_state",
            lib.bulk_state(&ids, Some(true), None, None)
                .expect_err("bulk_state"),
        ),
        (
            "restore_state",
            lib.restore_state(&[state]).expect_err("restore_state"),
        ),
        (
            "delete_many",
            lib.delete_many(&ids[..1]).expect_err("delete_many"),
        ),
        (
            "restore_deleted",
            lib.restore_deleted(&batch).expect_err("restore_deleted"),
        ),
        (
            "set_progress",
            lib.set_progress(ids[0], 0.5).expect_err("set_progress"),
        ),
    ];
    for (name, e) in refused {
        assert_eq!(e.code(), "read_only", "{name}: {e}");
    }
    assert_eq!(
        lib.facets().expect("facets").counts.total,
        4,
        "nothing changed"
    );
}
