//! A newer save of a page already in the library, dropped on the window: the result says it
//! is the same URL with changed text and offers "update with this version"; updating keeps the
//! article (same id), its tag and its highlight, and the reader shows the new text.

use super::library_view::wait_until;
use super::{assert_display, drop_paths, start_app, ONE_APP_AT_A_TIME};
use fantoccini::Locator;
use wenzhai_core::model::ImportStatus;
use wenzhai_library::{Importer, Library};

const RESULTS: &str = "return Array.from(document.querySelectorAll('#import-results-list .result')).map(e => e.className + '|' + e.textContent)";

fn page(date: &str, lead: &str) -> String {
    format!(
        "---\ntitle: 加强组工干部队伍建设\ndate: {date}\nurl: https://www.example.gov.cn/a.html\n---\n\n\
         {lead}各级组织部门要把组工干部队伍建设摆在突出位置。\n\n要完善干部考核评价机制,树立重实干重实绩的用人导向。\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_newer_save_updates_the_article_in_place_keeping_its_highlight() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let v1 = tmp.path().join("v1.md");
    std::fs::write(&v1, page("2024-05-01", "")).expect("v1");
    let id = {
        let lib = Library::open(&library_dir).expect("library");
        let report = lib
            .import(&[v1], &Importer::default(), |_| {})
            .expect("import");
        let ImportStatus::Imported { id } = report.outcomes[0].status else {
            panic!("{:?}", report.outcomes)
        };
        lib.retag(id, &["党建".into()], &[]).expect("tag");
        lib.annotate(id, "干部考核评价机制", Some("要点"), None)
            .expect("highlight");
        id
    };
    let v2 = tmp.path().join("v2.md");
    std::fs::write(&v2, page("2024-06-01", "(6月1日更新)")).expect("v2");

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, c) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        wait_until(&c, "the article in the list", "return document.querySelectorAll('.article-row').length", |v| v == 1).await;
        drop_paths(&c, &[v2.as_path()]).await;

        // Not replaced behind the user's back: a duplicate that offers the update.
        let results = wait_until(&c, "the changed duplicate", RESULTS, |v| v.as_array().is_some_and(|a| a.len() == 1)).await;
        let row = results[0].as_str().unwrap_or_default().to_owned();
        assert!(row.starts_with("result duplicate|"), "{row}");
        assert!(row.contains("同一网址的新版本") || row.contains("newer save of the same URL"), "{row}");
        c.find(Locator::Css(".result.duplicate .result-update"))
            .await
            .expect("the update button")
            .click()
            .await
            .expect("update");

        let results = wait_until(&c, "the updated result", RESULTS, |v| {
            v.as_array().is_some_and(|a| a.len() == 1 && a[0].as_str().is_some_and(|r| r.starts_with("result updated|")))
        })
        .await;
        let row = results[0].as_str().unwrap_or_default();
        assert!(row.contains(&format!("{id}")), "names the article: {row}");

        // Still one article: the same one, with the new text, its tag and its highlight.
        c.find(Locator::Css(".result.updated .result-open")).await.expect("open link").click().await.expect("open it");
        wait_until(&c, "the new text in the reader", "return document.querySelector('.reader-body')?.textContent ?? ''", |v| {
            v.as_str().is_some_and(|t| t.contains("6月1日更新"))
        })
        .await;
        let mark = wait_until(&c, "the highlight", "return document.querySelector('.reader-body mark.hl')?.textContent ?? ''", |v| {
            v.as_str().is_some_and(|t| !t.is_empty())
        })
        .await;
        assert_eq!(mark, "干部考核评价机制");
        let tags = c.execute("return Array.from(document.querySelectorAll('.reader-tags .reader-tag')).map(e => e.textContent).join(' ')", vec![]).await.expect("tags");
        assert!(tags.as_str().is_some_and(|t| t.contains("党建")), "tag kept: {tags}");
        wait_until(&c, "one row", "return document.querySelectorAll('.article-row').length", |v| v == 1).await;
    }
    .await;
    let _ = c.close().await;
    drop(driver);
    result
}
