//! The library view in the real window: a drop imports the seed and a folder (through the
//! drag-drop event, the code path a real drop takes) with per-file results; then tagging with
//! autocomplete, filtering by the tag tree, picking rows for bulk tagging and deletion with
//! undo, searching 组工干部 and opening the hit, query chips, and switching language and theme.

use super::{article_file, assert_display, drop_paths, start_app, ONE_APP_AT_A_TIME};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::Duration;
use wenzhai_library::Library;

async fn wait_for(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

async fn text(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.expect("element text")
}

/// Poll `script` (which returns a value) until `ok` holds for it, or fail naming `what`.
pub(super) async fn wait_until(
    c: &Client,
    what: &str,
    script: &str,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        last = c.execute(script, vec![]).await.expect("script runs");
        if ok(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what}: last saw {last}");
}

async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.expect("key press");
}

const ROW_TITLES: &str =
    "return Array.from(document.querySelectorAll('.article-row .title')).map(e => e.textContent)";
const HEADING: &str = "return document.getElementById('list-heading').textContent";

fn folder_with_articles(dir: &Path, seed: &Path) -> std::path::PathBuf {
    let folder = dir.join("收藏夹");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(
        folder.join("a.txt"),
        "基层治理的新探索\n\n发布时间:2023-03-01\n\n  社区网格员走进千家万户,把矛盾化解在基层。这是第一篇测试文章的正文。\n",
    )
    .expect("a.txt");
    std::fs::write(
        folder.join("b.html"),
        "<html><head><title>Reading Notes on Local Government</title></head><body><article><h1>Reading Notes on Local Government</h1><p>County governments in the study kept written records of every petition, and the records show a steady decline in disputes over ten years.</p><p>This is the second test article.</p></article></body></html>",
    )
    .expect("b.html");
    std::fs::copy(seed, folder.join("副本.txt")).expect("copy of the seed");
    std::fs::write(folder.join("空白.txt"), "").expect("empty file");
    folder
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drop_imports_the_seed_and_a_folder_then_tags_filter_bulk_actions_undo_and_search_work() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    drop(Library::open(&library_dir).expect("create an empty library"));
    let (seed, seed_title) = article_file(tmp.path());
    let folder = folder_with_articles(tmp.path(), &seed);

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, c) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        // Our users read Chinese first; the test machine's locale may be English.
        wait_for(&c, "#lang-toggle").await;
        if c.execute("return document.documentElement.lang", vec![]).await.expect("lang") == "en" {
            c.find(Locator::Css("#lang-toggle")).await.expect("lang").click().await.expect("to Chinese");
        }
        // An empty library tells a new user what to do.
        wait_until(&c, "the empty state's advice", "return document.getElementById('empty').textContent", |v| {
            v.as_str().is_some_and(|t| t.contains("拖到这个窗口"))
        })
        .await;

        // A drop of the seed and the folder, as the window's drag-drop event delivers it.
        drop_paths(&c, &[seed.as_path(), folder.as_path()]).await;

        // Per-file results: 3 imported, the seed's copy a duplicate, the empty file failed
        // with its reason.
        let results = wait_until(
            &c,
            "per-file import results",
            "return Array.from(document.querySelectorAll('#import-results-list .result')).map(e => e.className + '|' + e.textContent)",
            |v| v.as_array().is_some_and(|a| a.len() == 5),
        )
        .await;
        let results: Vec<String> = serde_json::from_value(results).expect("strings");
        let count = |status: &str| results.iter().filter(|r| r.starts_with(&format!("result {status}|"))).count();
        assert_eq!((count("imported"), count("duplicate"), count("failed")), (3, 1, 1), "{results:?}");
        assert!(
            results.iter().any(|r| r.starts_with("result failed|") && r.contains("空白.txt") && r.contains("empty")),
            "the failure names the file and the reason: {results:?}"
        );
        let status = text(&c, "#status").await;
        assert!(status.contains("新增 3 篇") && status.contains("重复 1 篇"), "status: {status}");

        // The list shows the three articles; the counts in the sidebar agree.
        wait_until(&c, "three rows", ROW_TITLES, |v| v.as_array().is_some_and(|a| a.len() == 3)).await;
        assert!(text(&c, "#list-heading").await.contains("3 篇"));
        assert!(text(&c, ".views [data-view='unread'] .side-count").await == "3");

        // The duplicate's link opens the article it duplicates: the seed.
        c.find(Locator::Css(".result.duplicate .result-open")).await.expect("duplicate link").click().await.expect("open it");
        assert_eq!(text(&c, ".reader-title").await, seed_title);

        // Tag it; the tag tree shows the parent and the tag with their counts.
        let add = wait_for(&c, ".add-tag").await;
        add.send_keys("测试/甲\u{E007}").await.expect("type a tag");
        wait_for(&c, ".reader-tag").await;
        let node = wait_for(&c, "#tag-tree [data-tag='测试/甲']").await;
        assert_eq!(node.find(Locator::Css(".side-count")).await.expect("count").text().await.expect("n"), "1");
        assert_eq!(text(&c, "#tag-tree [data-tag='测试'] .side-count").await, "1");

        // Filtering by it lists only the seed.
        node.click().await.expect("filter by the tag");
        wait_until(&c, "only the tagged article", ROW_TITLES, |v| {
            v.as_array().is_some_and(|a| a.len() == 1 && a[0] == seed_title.as_str())
        })
        .await;
        assert!(text(&c, "#list-heading").await.contains("筛选结果 · 1 篇"));
        c.find(Locator::Css(".clear-filters")).await.expect("clear").click().await.expect("clear filters");
        wait_until(&c, "all rows again", ROW_TITLES, |v| v.as_array().is_some_and(|a| a.len() == 3)).await;

        // Autocomplete: on another article, "测" offers 测试/甲; ↓ Enter takes it.
        let other = c
            .execute(
                "const r = Array.from(document.querySelectorAll('.article-row')).find(r => !r.textContent.includes(arguments[0])); r.click(); return r.dataset.id",
                vec![seed_title.clone().into()],
            )
            .await
            .expect("open another article");
        wait_until(&c, "the other article open", "return document.querySelector('.reader-title')?.textContent", |v| {
            v.as_str().is_some_and(|t| t != seed_title)
        })
        .await;
        let add = wait_for(&c, ".add-tag").await;
        add.send_keys("测").await.expect("type");
        assert_eq!(text(&c, ".tag-suggest li").await, "测试/甲");
        add.send_keys("\u{E015}\u{E007}").await.expect("down, enter"); // WebDriver ↓ and Enter
        wait_until(&c, "the tag counted twice", "return document.querySelector(\"#tag-tree [data-tag='测试/甲'] .side-count\")?.textContent", |v| v == "2").await;
        assert!(other.as_str().is_some());

        // Remove it again from this article with its ×: back to 1.
        c.find(Locator::Css(".reader-tag .remove-tag")).await.expect("×").click().await.expect("remove");
        wait_until(&c, "the tag counted once", "return document.querySelector(\"#tag-tree [data-tag='测试/甲'] .side-count\")?.textContent", |v| v == "1").await;

        // Pick two rows with the keyboard (k/j move, x picks) and tag them at once.
        c.find(Locator::Css("#reader")).await.expect("reader").click().await.expect("focus the page");
        c.execute("document.activeElement.blur()", vec![]).await.expect("blur");
        c.execute("document.querySelector('.article-row[data-index=\"0\"]').click()", vec![]).await.expect("open row 0");
        press(&c, 'x').await;
        press(&c, 'j').await;
        press(&c, 'x').await;
        assert!(text(&c, ".bulk-count").await.contains("已选 2 篇"));
        let bulk_tag = wait_for(&c, ".bulk-tag").await;
        bulk_tag.send_keys("批量\u{E007}").await.expect("bulk tag");
        wait_until(&c, "two tagged", "return document.querySelector(\"#tag-tree [data-tag='批量'] .side-count\")?.textContent", |v| v == "2").await;
        assert!(text(&c, "#status").await.contains("已给 2 篇文章加上标签“批量”"));

        // Undo takes it off exactly those two.
        c.find(Locator::Css("#status .undo")).await.expect("undo button").click().await.expect("undo");
        wait_until(&c, "the bulk tag gone", "return !!document.querySelector(\"#tag-tree [data-tag='批量']\")", |v| v == false).await;

        // Delete the two picked rows, then undo: they come back with their tags.
        c.find(Locator::Css(".bulk-delete")).await.expect("delete").click().await.expect("delete picked");
        wait_until(&c, "one row left", ROW_TITLES, |v| v.as_array().is_some_and(|a| a.len() == 1)).await;
        assert!(text(&c, "#status").await.contains("已删除 2 篇文章"));
        c.find(Locator::Css("#status .undo")).await.expect("undo button").click().await.expect("undo delete");
        wait_until(&c, "three rows back", ROW_TITLES, |v| v.as_array().is_some_and(|a| a.len() == 3)).await;
        wait_until(&c, "the seed's tag back", "return document.querySelector(\"#tag-tree [data-tag='测试/甲'] .side-count\")?.textContent", |v| v == "1").await;

        // Search 组工干部: the hit shows it marked; opening it marks it in the reader.
        let search = c.find(Locator::Css("#search")).await.expect("search box");
        search.send_keys("组工干部").await.expect("type a query");
        // Results come as you type: wait for the whole query's, not a prefix's.
        wait_until(&c, "a hit with 组工干部 highlighted", "return document.querySelector('.article-row .snippet mark')?.textContent ?? ''", |v| {
            v == "组工干部"
        })
        .await;
        c.find(Locator::Css(".article-row")).await.expect("hit").click().await.expect("open the hit");
        assert_eq!(text(&c, ".reader-body mark.match").await, "组工干部");

        // A query chip adds a filter (no starred article has it), its × takes it away.
        c.find(Locator::Css(".query-chip.offer[data-filter='is:starred']")).await.expect("chip").click().await.expect("add filter");
        wait_until(&c, "no starred hit", HEADING, |v| v.as_str().is_some_and(|h| h.starts_with("找到 0 篇"))).await;
        c.find(Locator::Css(".query-chip.active .chip-remove")).await.expect("chip ×").click().await.expect("remove filter");
        wait_until(&c, "the hit again", HEADING, |v| v.as_str().is_some_and(|h| h.starts_with("找到 1 篇"))).await;

        // English and dark.
        c.find(Locator::Css("#lang-toggle")).await.expect("lang").click().await.expect("switch language");
        wait_until(&c, "the sidebar in English", "return document.querySelector(\".views [data-view='unread'] .side-label\")?.textContent", |v| v == "Unread").await;
        c.find(Locator::Css("#theme-toggle")).await.expect("theme").click().await.expect("theme");
        c.find(Locator::Css("#theme-toggle")).await.expect("theme").click().await.expect("theme");
        let theme = c.execute("return document.documentElement.dataset.theme", vec![]).await.expect("theme");
        assert_eq!(theme, "dark");
    }
    .await;
    let _ = c.close().await;
    drop(driver);
    result
}
