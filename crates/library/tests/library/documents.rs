//! PDF, Word, ODT and EPUB files in a folder import like web pages: found by the folder walk,
//! stored with their originals, searchable by their Chinese words; a scan, a bomb and a
//! damaged file each fail with their own code while the rest of the batch imports.

use super::{failed_code, import, status_of, write};
use wenzhai_core::model::ImportStatus;
use wenzhai_core::samples;
use wenzhai_library::Library;

#[test]
fn a_folder_of_documents_imports_each_and_search_finds_their_words() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    let para = "为深入贯彻落实党中央关于安全生产工作的决策部署，切实防范化解重大安全风险，决定在全市范围内开展安全生产大检查。";
    write(
        &src,
        "通知.pdf",
        samples::chinese_report_pdf("关于开展安全生产大检查的通知", "某市人民政府", &[para; 3]),
    );
    write(
        &src,
        "报告.docx",
        samples::report_docx("危险化学品企业检查报告"),
    );
    write(
        &src,
        "方案.odt",
        samples::odt(
            r#"<text:h text:outline-level="1">城市更新行动方案</text:h><text:p>推进老旧小区改造和完整社区建设。</text:p>"#,
        ),
    );
    write(
        &src,
        "书/乡土中国.epub",
        samples::epub(
            "<dc:title>乡土中国</dc:title><dc:creator>费孝通</dc:creator>",
            "",
            &[("乡土本色", "<p>从基层上看去，中国社会是乡土性的。</p>")],
            true,
        ),
    );
    write(
        &src,
        "scan.pdf",
        samples::pdf(
            &["0 0 m 100 100 l S".to_owned()],
            &[("F1", samples::HELVETICA)],
            "",
        ),
    );
    let zeros = vec![0u8; 4 * 1024 * 1024];
    write(
        &src,
        "bomb.epub",
        samples::package(&[
            ("mimetype", b"application/epub+zip".as_slice()),
            ("META-INF/container.xml", zeros.as_slice()),
        ]),
    );
    write(&src, "broken.docx", b"PK\x03\x04 not really a zip");

    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, std::slice::from_ref(&src));
    for name in ["通知.pdf", "报告.docx", "方案.odt", "乡土中国.epub"] {
        assert!(
            matches!(status_of(&report, name), ImportStatus::Imported { .. }),
            "{name}: {:?}",
            status_of(&report, name)
        );
    }
    assert_eq!(failed_code(status_of(&report, "scan.pdf")), "no_text_layer");
    assert_eq!(
        failed_code(status_of(&report, "bomb.epub")),
        "archive_limit"
    );
    assert_eq!(
        failed_code(status_of(&report, "broken.docx")),
        "unsupported_format"
    );

    for (query, title) in [
        ("安全生产大检查", "关于开展安全生产大检查的通知"),
        ("危险化学品", "危险化学品企业检查报告"),
        ("老旧小区", "城市更新行动方案"),
        ("乡土性", "乡土中国"),
    ] {
        let hits = lib.search(query, 0, 10).expect("search");
        assert!(
            hits.hits.iter().any(|h| h.title == title),
            "{query}: {:?}",
            hits.hits.iter().map(|h| &h.title).collect::<Vec<_>>()
        );
    }
    // The original is kept byte for byte, with its format recorded.
    let hits = lib.search("安全生产大检查", 0, 10).expect("search");
    let id = hits
        .hits
        .iter()
        .find(|h| h.title.contains("通知"))
        .map(|h| h.id)
        .expect("hit");
    let detail = lib.article(id).expect("article");
    assert_eq!(detail.format, "pdf");
    let (original, name) = lib.original_file(id).expect("original");
    assert_eq!(name.as_deref(), Some("通知.pdf"));
    assert_eq!(
        std::fs::read(original).expect("read"),
        std::fs::read(src.join("通知.pdf")).expect("read")
    );
}

#[test]
fn a_hit_in_a_book_names_its_chapter_and_a_web_page_hit_names_none() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    // Chapter 2 quotes chapter 3's title mid-sentence: the hit for a word of chapter 3 must
    // still name chapter 3, and a word before the quote chapter 2.
    write(
        &src,
        "书.epub",
        samples::epub(
            "<dc:title>乡土中国</dc:title>",
            "",
            &[
                ("乡土本色", "<p>从基层上看去，中国社会是乡土性的。</p>"),
                (
                    "文字下乡",
                    "<p>乡下人不识字，后文《再论文字下乡》另谈琉璃瓦。</p>",
                ),
                (
                    "再论文字下乡",
                    "<h2>再论文字下乡</h2><p>文字下乡的独有词语琥珀色。</p>",
                ),
            ],
            true,
        ),
    );
    write(
        &src,
        "page.html",
        "<html><head><title>网页</title></head><body><article><h1>网页</h1><h2>再论文字下乡</h2><p>网页里也有琥珀色这个词，还有更多文字让正文足够长，足够长，足够长。</p></article></body></html>"
            .as_bytes(),
    );
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, std::slice::from_ref(&src));
    assert_eq!(report.summary.imported, 2, "{:?}", report.outcomes);

    let hits = lib.search("琥珀色", 0, 10).expect("search").hits;
    assert_eq!(hits.len(), 2, "{hits:?}");
    let chapter_of = |title: &str| {
        hits.iter()
            .find(|h| h.title == title)
            .unwrap_or_else(|| panic!("{title} in {hits:?}"))
            .chapter
            .clone()
    };
    assert_eq!(chapter_of("乡土中国").as_deref(), Some("再论文字下乡"));
    assert_eq!(
        chapter_of("网页"),
        None,
        "a web page's headings are not chapters"
    );

    let hits = lib.search("琉璃瓦", 0, 10).expect("search").hits;
    assert_eq!(hits[0].chapter.as_deref(), Some("文字下乡"));
    let hits = lib.search("乡土性", 0, 10).expect("search").hits;
    assert_eq!(hits[0].chapter.as_deref(), Some("乡土本色"));
}
