//! URLs decide duplicates, so only a real http(s) address may count: nine different articles
//! whose `原文链接` trailer is junk (`javascript:alert(1)`) were refused as duplicates of the
//! first (issue 13).

use super::{status_of, write};
use wenzhai_core::model::ImportStatus;
use wenzhai_library::{Importer, Library};

#[test]
fn nine_txt_files_with_a_javascript_trailer_url_import_as_nine_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&dir.path().join("lib")).expect("open");
    let files: Vec<_> = (1..=9)
        .map(|i| {
            write(
                dir.path(),
                &format!("a{i}.txt"),
                format!(
                    "第{i}篇通知\n\n第{i}篇：各级组织部门要把干部队伍建设摆在突出位置，编号{i}。\n\n原文链接:javascript:alert(1)\n"
                ),
            )
        })
        .collect();
    let report = lib
        .import(&files, &Importer::default(), |_| {})
        .expect("import");
    for i in 1..=9 {
        let status = status_of(&report, &format!("a{i}.txt"));
        assert!(
            matches!(status, ImportStatus::Imported { .. }),
            "a{i}.txt: {status:?}"
        );
    }
    for id in lib.ids().expect("ids") {
        let a = lib.article(id).expect("article");
        assert_eq!(a.url, None, "a junk URL is no URL");
    }
}

#[test]
fn the_same_page_url_written_two_ways_is_one_article() {
    // Two saves of one page (the second one edited) whose URLs differ only in case, the
    // default port and the fragment: the URL alone must make them the same page, a newer save.
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(&dir.path().join("lib")).expect("open");
    let a = write(
        dir.path(),
        "a.md",
        "---\ntitle: 通知\nurl: HTTP://WWW.Example.gov.cn:80/n/1.html#top\n---\n\n各级组织部门要把干部队伍建设摆在突出位置。\n",
    );
    let b = write(
        dir.path(),
        "b.md",
        "---\ntitle: 通知\nurl: http://www.example.gov.cn/n/1.html\n---\n\n各级组织部门要坚持严管和厚爱结合。\n",
    );
    let report = lib
        .import(&[a, b], &Importer::default(), |_| {})
        .expect("import");
    let ImportStatus::Imported { id } = status_of(&report, "a.md").clone() else {
        panic!("{:?}", status_of(&report, "a.md"))
    };
    assert!(
        matches!(
            status_of(&report, "b.md"),
            ImportStatus::Duplicate { duplicate_of, changed: true, .. } if *duplicate_of == id
        ),
        "{:?}",
        status_of(&report, "b.md")
    );
    assert_eq!(lib.ids().expect("ids"), vec![id]);
}
