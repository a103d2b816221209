//! Documents in the real window: a PDF, a .docx and an EPUB dropped on it each open in the
//! reader (documents with "Open original"; the book with its contents list); a search hit in
//! the book's third chapter names that chapter and opens the reader at it; HTML and plain text pasted
//! on the library import as articles.

use super::library_view::wait_until;
use super::{assert_display, drop_paths, start_app, ONE_APP_AT_A_TIME};
use fantoccini::Locator;
use wenzhai_core::samples;

const ROWS: &str =
    "return Array.from(document.querySelectorAll('.article-row .title')).map(e => e.textContent)";

/// A filler paragraph long enough that each chapter fills more than a screen.
fn filler(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("<p>第{i}段：从基层上看去，中国社会是乡土性的，那些被称土头土脑的乡下人。</p>")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_documents_open_in_the_reader_a_book_hit_opens_its_chapter_and_paste_imports() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let para = "为深入贯彻落实党中央关于安全生产工作的决策部署，切实防范化解重大安全风险。";
    let pdf = tmp.path().join("通知.pdf");
    std::fs::write(
        &pdf,
        samples::chinese_report_pdf("关于开展安全生产大检查的通知", "某市人民政府", &[para; 3]),
    )
    .expect("pdf");
    let docx = tmp.path().join("报告.docx");
    std::fs::write(&docx, samples::report_docx("危险化学品企业检查报告")).expect("docx");
    let (c1, c2) = (filler(30), filler(30));
    let c3 = format!(
        "<h2>再论文字下乡</h2>{}<p>文字下乡的独有词语琥珀色。</p>",
        filler(5)
    );
    let book = tmp.path().join("乡土中国.epub");
    std::fs::write(
        &book,
        samples::epub(
            "<dc:title>乡土中国</dc:title><dc:creator>费孝通</dc:creator>",
            "",
            &[
                ("乡土本色", c1.as_str()),
                ("文字下乡", c2.as_str()),
                ("再论文字下乡", c3.as_str()),
            ],
            true,
        ),
    )
    .expect("epub");

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, c) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        drop_paths(&c, &[pdf.as_path(), docx.as_path(), book.as_path()]).await;
        let rows = wait_until(&c, "three documents listed", ROWS, |v| v.as_array().is_some_and(|a| a.len() == 3)).await;
        for title in ["关于开展安全生产大检查的通知", "危险化学品企业检查报告", "乡土中国"] {
            assert!(rows.as_array().is_some_and(|a| a.iter().any(|t| t == title)), "{title} in {rows}");
        }

        // Each opens in the reader, with "Open original".
        for title in ["关于开展安全生产大检查的通知", "危险化学品企业检查报告", "乡土中国"] {
            c.execute(
                "Array.from(document.querySelectorAll('.article-row')).find(r => r.querySelector('.title').textContent === arguments[0]).click()",
                vec![title.into()],
            )
            .await
            .expect("open");
            wait_until(&c, "the document in the reader", "return document.querySelector('.reader-title')?.textContent ?? ''", |v| v == title).await;
            let open = c.execute("return !!document.querySelector('.reader-tools .open-original')", vec![]).await.expect("button");
            assert_eq!(open, true, "{title}: Open original");
        }
        // The book shows its contents list, one entry per chapter.
        let toc = wait_until(
            &c,
            "the contents list",
            "return Array.from(document.querySelectorAll('.reader-toc .toc-entry')).map(e => e.textContent)",
            |v| v.as_array().is_some_and(|a| a.len() == 3),
        )
        .await;
        assert_eq!(toc, serde_json::json!(["乡土本色", "文字下乡", "再论文字下乡"]));

        // A word only chapter 3 has: its hit opens the reader at chapter 3.
        c.find(Locator::Css("#search")).await.expect("search").send_keys("琥珀色").await.expect("type");
        wait_until(&c, "the hit", "return document.querySelector('.article-row .snippet mark')?.textContent ?? ''", |v| v == "琥珀色").await;
        // The hit names the chapter it is in.
        let place = c
            .execute("return document.querySelector('.article-row .meta-text')?.textContent ?? ''", vec![])
            .await
            .expect("hit chapter");
        assert!(place.as_str().is_some_and(|p| p.ends_with("再论文字下乡")), "hit names chapter 3: {place}");
        c.find(Locator::Css(".article-row")).await.expect("hit").click().await.expect("open hit");
        wait_until(
            &c,
            "chapter 3 in view",
            "const h = Array.from(document.querySelectorAll('.reader-body h2')).find(h => h.textContent === '再论文字下乡'); \
             const m = document.querySelector('.reader-body mark.match'); \
             if (!h || !m) return 'not yet'; const r = h.getBoundingClientRect(); const v = m.getBoundingClientRect(); \
             const first = document.querySelector('.reader-body h2, .reader-body h1'); \
             return (v.top > 0 && v.top < window.innerHeight && first.getBoundingClientRect().bottom < 0) ? 'chapter 3' : 'elsewhere'",
            |v| v == "chapter 3",
        )
        .await;

        // Paste on the library: HTML (with the page address) and plain text import as articles.
        // Clear the search as a user does (an input event), back to the whole library.
        c.execute(
            "const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true})); s.blur();",
            vec![],
        )
        .await
        .expect("clear the search");
        wait_until(&c, "the whole library again", ROWS, |v| v.as_array().is_some_and(|a| a.len() == 3)).await;
        for (kind, data) in [
            ("text/html", "<h1>粘贴的网页标题</h1><p>这是从浏览器复制的一段网页正文，内容足够长，可以作为文章保存。</p>"),
            ("text/plain", "粘贴的纯文本标题\n\n这是从聊天软件复制的一段文字，也应该作为文章导入文库。"),
        ] {
            c.execute(
                "document.activeElement?.blur(); const dt = new DataTransfer(); dt.setData(arguments[0], arguments[1]); \
                 if (arguments[0] === 'text/html') dt.setData('text/uri-list', 'https://example.cn/pasted.html'); \
                 document.body.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true}));",
                vec![kind.into(), data.into()],
            )
            .await
            .expect("paste");
            let want = if kind == "text/html" { "粘贴的网页标题" } else { "粘贴的纯文本标题" };
            // The rows, and the status line (which says why when a paste fails).
            let rows_and_status = "return Array.from(document.querySelectorAll('.article-row .title')).map(e => e.textContent).concat([document.getElementById('status')?.textContent ?? ''])";
            wait_until(&c, "the pasted article listed", rows_and_status, |v| {
                v.as_array().is_some_and(|a| a.iter().any(|t| t == want))
            })
            .await;
        }
    }
    .await;
    let _ = c.close().await;
    drop(driver);
    result
}
