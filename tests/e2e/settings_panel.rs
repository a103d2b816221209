//! File ▸ Settings… (⚙): the panel shows where the library lives, and its choices take effect
//! at once — theme, language, the remote-image policy (the reader then shows an article's
//! images as allowed without the per-article switch) — and stay after a reload.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_show_the_library_folder_and_their_choices_apply_and_persist() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let page = tmp.path().join("images.html");
    std::fs::write(
        &page,
        "<html><head><title>带图片的文章</title></head><body><article><h1>带图片的文章</h1>\
         <p>这篇文章有一张远程图片,默认被阻止,设置为总是加载后就显示为允许。正文足够长,可以导入。</p>\
         <figure><img src=\"https://example.com/photo.jpg\" alt=\"一张照片\" width=\"600\" height=\"400\"></figure>\
         <p>图片下面还有一段文字,说明图片的内容和来源。这一段也足够长,让正文看起来像一篇真正的文章。</p>\
         <p>第三段文字继续说明,文摘会把远程图片替换成占位符,直到用户允许为止。</p></article></body></html>",
    )
    .expect("write");
    {
        let lib = Library::open(&library_dir).expect("open library");
        let report = lib
            .import(&[page], &Importer::default(), |_| {})
            .expect("import");
        assert_eq!(report.summary.imported, 1, "{:?}", report.outcomes);
    }
    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, c) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(".article-row .title"))
            .await
            .expect("the library shows");
        c.find(Locator::Css("#settings-toggle"))
            .await
            .expect("⚙")
            .click()
            .await
            .expect("open settings");
        let path = c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#settings .settings-path"))
            .await
            .expect("the library row");
        assert_eq!(
            path.text().await.expect("path"),
            library_dir.display().to_string()
        );

        // Theme and language apply at once.
        let choose = |id: &'static str, value: &'static str| {
            let c = c.clone();
            async move {
                c.execute(
                    "const s = document.getElementById(arguments[0]); s.value = arguments[1]; \
                     s.dispatchEvent(new Event('change'));",
                    vec![serde_json::json!(id), serde_json::json!(value)],
                )
                .await
                .expect("choose");
            }
        };
        choose("settings-theme", "dark").await;
        let theme = c
            .execute("return document.documentElement.dataset.theme", vec![])
            .await
            .expect("theme");
        assert_eq!(theme, "dark");
        choose("settings-lang", "en").await;
        library_view::wait_until(
            &c,
            "the settings panel in English",
            "return document.querySelector('#settings h3')?.textContent ?? ''",
            |v| v == "Settings",
        )
        .await;
        // Remote images: always.
        choose("settings-images", "always").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        c.execute("document.querySelector('.settings-close').click()", vec![])
            .await
            .expect("close");
        c.find(Locator::Css(".article-row"))
            .await
            .expect("row")
            .click()
            .await
            .expect("open");
        library_view::wait_until(
            &c,
            "the image shown as allowed",
            "return document.querySelector('.reader-body img')?.getAttribute('src') ?? ''",
            |v| v.as_str().is_some_and(|s| s.contains("wzimg")),
        )
        .await;

        // All of it after a reload.
        c.refresh().await.expect("reload");
        library_view::wait_until(
            &c,
            "the English UI after a reload",
            "return document.getElementById('search')?.placeholder ?? ''",
            |v| v.as_str().is_some_and(|s| s.starts_with("Search")),
        )
        .await;
        let theme = c
            .execute("return document.documentElement.dataset.theme", vec![])
            .await
            .expect("theme");
        assert_eq!(theme, "dark");
    }
    .await;
    let _ = c.close().await;
    drop(driver);
    result
}
