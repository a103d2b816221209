//! PDF, Word, ODT and EPUB: files made here the way their writers make them (zip packages,
//! PDF objects with a cross-reference table), the real files of `../shared/formats` when that
//! folder is there, and hand-made zip bombs, each refused for its own reason.

use std::io::Write;
use std::path::PathBuf;
use wenzhai_core::samples::{
    chinese_report_pdf, docx, epub, odt, package, pdf, pdf_hex as hex,
    pdf_text_lines as text_lines, report_docx, ucs2, w_para, w_run, HELVETICA, STSONG,
};
use wenzhai_core::{extract, Format, ImportError};
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------- zip packages

#[test]
fn docx_reads_headings_paragraphs_lists_tables_footnotes_and_properties() {
    let a = extract(
        &report_docx("关于开展安全生产大检查的通知"),
        Some("通知.docx"),
    )
    .expect("docx");
    assert_eq!(a.format, Format::Docx);
    assert_eq!(a.title, "关于开展安全生产大检查的通知");
    assert_eq!(a.author.as_deref(), Some("王晓明"));
    assert_eq!(a.published.as_deref().map(|d| &d[..10]), Some("2024-03-15"));
    assert_eq!(a.lang, "zh");
    let body = &a.body_text;
    // Runs of one paragraph join without a break; paragraphs are separated by a blank line.
    assert!(
        body.contains("各区县人民政府，市政府各部门：为切实做好安全生产工作"),
        "{body}"
    );
    assert!(body.contains("\n\n一、检查范围\n\n"), "{body}");
    assert!(
        body.contains("危险化学品企业") && body.contains("建筑施工工地"),
        "{body}"
    );
    assert!(body.contains("自查自纠\t三月至四月"), "{body}");
    assert!(
        body.contains("The English summary keeps its spaces."),
        "{body}"
    );
    // The footnote's text is kept, after the text.
    let note = body
        .find("见《安全生产法》第三条。")
        .expect("footnote kept");
    assert!(
        note > body.find("The English summary").expect("summary"),
        "{body}"
    );
    assert!(
        a.body_html.contains("<h2>一、检查范围</h2>") || a.body_html.contains("<h2>"),
        "{}",
        a.body_html
    );
    assert!(a.body_html.contains("<td>自查自纠</td>"), "{}", a.body_html);
    assert!(
        a.body_html.contains("<li>危险化学品企业</li>"),
        "{}",
        a.body_html
    );
}

#[test]
fn a_docx_titled_after_its_file_takes_its_first_heading() {
    let a = extract(&report_docx("Microsoft Word - 20240315通知.doc"), None).expect("docx");
    assert_eq!(a.title, "关于开展安全生产大检查的通知");
}

#[test]
fn docx_markup_in_text_is_text_never_markup() {
    let body = w_para(
        None,
        &w_run("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; 正文"),
    );
    let a = extract(&docx(&body, None), Some("x.docx")).expect("docx");
    assert!(a.body_text.contains("<script>alert(1)</script>"));
    assert!(
        !a.body_html.contains("<script") && !a.body_html.contains("<img"),
        "{}",
        a.body_html
    );
}

// ---------------------------------------------------------------- ODT

#[test]
fn odt_reads_headings_lists_tables_notes_spaces_and_meta() {
    let bytes = odt(concat!(
        r#"<text:h text:outline-level="1">城市更新行动方案</text:h>"#,
        r#"<text:p>为推动城市高质量发展<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>见国务院文件。</text:p></text:note-body></text:note>，制定本方案。</text:p>"#,
        r#"<text:p>Two<text:s text:c="2"/>spaces<text:tab/>and a tab.</text:p>"#,
        r#"<text:list><text:list-item><text:p>老旧小区改造</text:p></text:list-item><text:list-item><text:p>完整社区建设</text:p></text:list-item></text:list>"#,
        r#"<table:table><table:table-row><table:table-cell><text:p>任务</text:p></table:table-cell><table:table-cell><text:p>责任单位</text:p></table:table-cell></table:table-row></table:table>"#,
        r#"<text:p>批注不是正文<office:annotation><text:p>删掉这段</text:p></office:annotation>。</text:p>"#,
    ));
    let a = extract(&bytes, Some("方案.odt")).expect("odt");
    assert_eq!(a.format, Format::Odt);
    assert_eq!(a.title, "城市更新行动方案");
    assert_eq!(a.author.as_deref(), Some("李华"));
    assert_eq!(a.published.as_deref().map(|d| &d[..10]), Some("2023-11-02"));
    assert_eq!(a.lang, "zh");
    let body = &a.body_text;
    assert!(
        body.contains("为推动城市高质量发展，制定本方案。"),
        "{body}"
    );
    assert!(body.contains("Two spaces and a tab."), "{body}");
    assert!(body.contains("老旧小区改造\n\n完整社区建设"), "{body}");
    assert!(body.contains("任务\t责任单位"), "{body}");
    assert!(
        body.contains("批注不是正文。") && !body.contains("删掉这段"),
        "{body}"
    );
    assert!(body.trim_end().ends_with("[1] 见国务院文件。"), "{body}");
}

// ---------------------------------------------------------------- EPUB

#[test]
fn epub3_is_one_article_with_its_chapters_in_spine_order_and_opf_metadata() {
    let bytes = epub(
        "<dc:title>乡土中国</dc:title><dc:creator>费孝通</dc:creator><dc:date>1948-04-01</dc:date><dc:language>zh-CN</dc:language>",
        "",
        &[
            ("乡土本色", "<h1>乡土本色</h1><p>从基层上看去，中国社会是乡土性的。</p><p>我说中国社会的基层是乡土性的。</p>"),
            ("文字下乡", "<p>乡下人在城里人眼睛里是“愚”的。</p><ul><li>一</li><li>二</li></ul>"),
            ("再论文字下乡", "<div><h2>再论文字下乡</h2>在上一篇中我从空间格局上说。<p>第二段。</p></div>"),
        ],
        true,
    );
    let a = extract(&bytes, Some("book.epub")).expect("epub");
    assert_eq!(a.format, Format::Epub);
    assert_eq!(a.title, "乡土中国");
    assert_eq!(a.author.as_deref(), Some("费孝通"));
    assert_eq!(a.published.as_deref(), Some("1948-04-01"));
    let body = &a.body_text;
    let order = [
        "乡土本色",
        "从基层上看去",
        "文字下乡",
        "乡下人在城里人",
        "再论文字下乡",
        "在上一篇中",
        "第二段",
    ];
    let mut last = 0;
    for w in order {
        let at = body[last..]
            .find(w)
            .map(|i| i + last)
            .unwrap_or_else(|| panic!("{w} in order: {body}"));
        last = at;
    }
    // A chapter without its own heading gets its contents-list name as one.
    assert!(a.body_html.contains("<h2>文字下乡</h2>"), "{}", a.body_html);
    assert!(!body.contains("color:red"), "styles are not text");
}

#[test]
fn an_epub3_footnote_aside_is_kept_after_its_chapter_and_a_sidebar_aside_is_not() {
    let bytes = epub(
        "<dc:title>注释</dc:title>",
        "",
        &[(
            "第一章",
            r##"<h1>第一章</h1><p>正文提到一个术语<a epub:type="noteref" href="#n1">1</a>。</p><aside epub:type="footnote" id="n1"><p>术语的解释在脚注里。</p></aside><aside class="sidebar"><p>广告边栏</p></aside><p>正文第二段。</p>"##,
        )],
        true,
    );
    let a = extract(&bytes, Some("notes.epub")).expect("epub");
    let body = &a.body_text;
    let note = body
        .find("术语的解释在脚注里")
        .unwrap_or_else(|| panic!("footnote kept: {body}"));
    let second = body.find("正文第二段").expect("second paragraph");
    assert!(
        note > second,
        "the note comes after the chapter's text: {body}"
    );
    assert!(!body.contains("广告边栏"), "a sidebar is not text: {body}");
}

#[test]
fn epub2_names_chapters_from_its_ncx_and_traditional_vertical_books_read_in_order() {
    let bytes = epub(
        r#"<dc:title>邊城</dc:title><dc:creator>沈從文</dc:creator><dc:language>zh-Hant</dc:language>"#,
        r#"page-progression-direction="rtl""#,
        &[
            (
                "第一章",
                r#"<p style="writing-mode:vertical-rl">由四川過湖南去，靠東有一條官路。</p>"#,
            ),
            ("第二章", "<p>有<ruby>茶<rt>chá</rt></ruby>峒地方。</p>"),
        ],
        false,
    );
    let a = extract(&bytes, None).expect("epub");
    assert_eq!(a.title, "邊城");
    assert_eq!(a.lang, "zh");
    let body = &a.body_text;
    assert!(body.starts_with("第一章\n\n由四川過湖南去"), "{body}");
    assert!(
        body.contains("第二章\n\n有茶峒地方。"),
        "ruby glosses are not text: {body}"
    );
}

// ---------------------------------------------------------------- zip bombs

fn epub_with(extra: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("entry");
    zip.write_all(b"application/epub+zip").expect("write");
    for (name, bytes) in extra {
        zip.start_file(
            *name,
            SimpleFileOptions::default()
                .compression_method(method)
                .large_file(bytes.len() > 1 << 31),
        )
        .expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn refusal(bytes: &[u8]) -> String {
    match extract(bytes, Some("bomb.epub")) {
        Err(ImportError::ArchiveLimit(why)) => why,
        other => panic!("expected an archive_limit refusal, got {other:?}"),
    }
}

#[test]
fn a_zip_bomb_entry_that_inflates_a_thousandfold_is_refused_before_it_is_inflated() {
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let bytes = epub_with(
        &[("OEBPS/ch.xhtml", &zeros)],
        zip::CompressionMethod::Deflated,
    );
    assert!(bytes.len() < 100_000, "the bomb is small: {}", bytes.len());
    let why = refusal(&bytes);
    assert!(why.contains("OEBPS/ch.xhtml") && why.contains("×"), "{why}");
}

#[test]
fn an_entry_larger_than_the_entry_limit_is_refused() {
    // Stored, so its ratio is 1: only its size can refuse it.
    let big = vec![b'a'; 65 * 1024 * 1024];
    let bytes = epub_with(&[("OEBPS/big.xhtml", &big)], zip::CompressionMethod::Stored);
    let why = refusal(&bytes);
    assert!(
        why.contains("OEBPS/big.xhtml") && why.contains("limit"),
        "{why}"
    );
}

#[test]
fn an_archive_of_too_many_entries_is_refused() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("entry");
    zip.write_all(b"application/epub+zip").expect("write");
    for i in 0..10_001 {
        zip.start_file(format!("e/{i}"), stored).expect("entry");
    }
    let bytes = zip.finish().expect("finish").into_inner();
    let why = refusal(&bytes);
    assert!(why.contains("10002 entries"), "{why}");
}

#[test]
fn an_entry_whose_name_climbs_out_of_the_archive_is_refused() {
    // The zip writer cleans names, so the bad name is written over a harmless one of the
    // same length in the local header and the central directory, as a hostile tool would.
    for name in ["../../etc/evil.xhtml", "/abs/evil.xhtml", "C:/evil.xhtml"] {
        let harmless = "x".repeat(name.len());
        let mut bytes = epub_with(
            &[(harmless.as_str(), b"<p>x</p>")],
            zip::CompressionMethod::Deflated,
        );
        let mut at = 0;
        while let Some(i) = bytes[at..]
            .windows(name.len())
            .position(|w| w == harmless.as_bytes())
        {
            bytes[at + i..at + i + name.len()].copy_from_slice(name.as_bytes());
            at += i + name.len();
        }
        let why = refusal(&bytes);
        assert!(why.contains("outside the archive"), "{name}: {why}");
    }
}

#[test]
fn a_zip_that_is_no_document_is_refused_by_name() {
    let bytes = package(&[("readme.txt", b"hello")]);
    let e = extract(&bytes, Some("a.zip")).expect_err("not a document");
    assert_eq!(e.code(), "unsupported_format");
    assert!(e.to_string().contains("not a document"), "{e}");
}

// ---------------------------------------------------------------- PDF

#[test]
fn pdf_paragraphs_are_rebuilt_from_lines_and_running_headers_and_page_numbers_go() {
    let mut pages = Vec::new();
    for p in 1..=3 {
        let words = format!("Committee {p} reviewed the annual report and found that the pro-");
        let mut lines = vec![
            (72.0, 800.0, "(Annual Report 2023 - Internal)".to_owned()),
            (72.0, 40.0, format!("(- {p} -)")),
        ];
        if p == 1 {
            lines.push((72.0, 740.0, "(Annual Report on Water Quality)".into()));
        }
        lines.push((72.0, 700.0, format!("({words})")));
        lines.push((
            72.0,
            686.0,
            format!("(gramme met its targets in district {p} of the city, as the plan said.)"),
        ));
        lines.push((
            90.0,
            660.0,
            format!("(Then section {p} opens a new paragraph, indented as usual, and it goes on.)"),
        ));
        let mut content = text_lines("F1", 11.0, &lines[..2]);
        if p == 1 {
            content.push_str(&text_lines("F1", 20.0, &lines[2..3]));
            content.push_str(&text_lines("F1", 11.0, &lines[3..]));
        } else {
            content.push_str(&text_lines("F1", 11.0, &lines[2..]));
        }
        pages.push(content);
    }
    let bytes = pdf(
        &pages,
        &[("F1", HELVETICA)],
        "/Title (report.doc) /Author (Jane Roe) /CreationDate (D:20240102103000+08'00')",
    );
    let a = extract(&bytes, Some("r.pdf")).expect("pdf");
    assert_eq!(a.format, Format::Pdf);
    assert_eq!(a.title, "Annual Report on Water Quality");
    assert_eq!(a.author.as_deref(), Some("Jane Roe"));
    assert_eq!(a.published.as_deref(), Some("2024-01-02T10:30:00"));
    let body = &a.body_text;
    assert!(!body.contains("Internal"), "running header removed: {body}");
    assert!(!body.contains("- 2 -"), "page numbers removed: {body}");
    assert!(
        body.contains("Committee 1 reviewed the annual report and found that the programme met its targets in district 1"),
        "wrapped line joined, hyphenation undone: {body}"
    );
    // A full last line and an unindented first line: the paragraph goes on over the page.
    assert!(body.contains("goes on. Committee 2 reviewed"), "{body}");
    assert!(
        body.contains("plan said.\n\nThen section 2 opens a new paragraph"),
        "{body}"
    );
    assert_eq!(
        body.matches("reviewed the annual report").count(),
        3,
        "{body}"
    );
}

#[test]
fn a_chinese_font_declared_winansi_but_holding_gbk_bytes_reads_as_chinese() {
    // The 公文 case: 仿宋_GB2312 as a simple TrueType font with WinAnsi, strings in GBK.
    let font = "<< /Type /Font /Subtype /TrueType /BaseFont /FangSong_GB2312 /Encoding /WinAnsiEncoding >>";
    let title = encoding_rs::GBK
        .encode("关于做好春节期间安全工作的通知")
        .0
        .into_owned();
    let l1 = encoding_rs::GBK
        .encode("各乡镇人民政府，县直各单位：春节将至，为确保人民群众")
        .0
        .into_owned();
    let l2 = encoding_rs::GBK
        .encode("度过一个欢乐祥和的节日，现将有关事项通知如下。")
        .0
        .into_owned();
    let mut content = text_lines("F1", 22.0, &[(120.0, 760.0, hex(&title))]);
    content.push_str(&text_lines(
        "F1",
        16.0,
        &[(90.0, 700.0, hex(&l1)), (90.0, 680.0, hex(&l2))],
    ));
    let bytes = pdf(&[content], &[("F1", font)], "");
    let a = extract(&bytes, None).expect("pdf");
    assert_eq!(a.title, "关于做好春节期间安全工作的通知");
    assert!(
        a.body_text
            .contains("春节将至，为确保人民群众度过一个欢乐祥和的节日"),
        "lines of one paragraph join without a space: {}",
        a.body_text
    );
    assert_eq!(a.lang, "zh");
}

#[test]
fn a_pdf_without_a_text_layer_is_a_scan_not_an_empty_article() {
    // A page that only paints (a scan is an image; a rectangle will do).
    let bytes = pdf(
        &["0 0 m 100 100 l S\n".to_owned()],
        &[("F1", HELVETICA)],
        "",
    );
    assert_eq!(
        extract(&bytes, Some("scan.pdf")),
        Err(ImportError::NoTextLayer)
    );
    assert_eq!(ImportError::NoTextLayer.code(), "no_text_layer");
}

#[test]
fn a_truncated_pdf_is_refused_as_damaged_and_names_the_reason() {
    let bytes = pdf(
        &["BT /F1 12 Tf 72 700 Td (Hello) Tj ET".to_owned()],
        &[("F1", HELVETICA)],
        "",
    );
    let cut = &bytes[..bytes.len() / 3];
    let e = extract(cut, None).expect_err("truncated");
    assert!(
        matches!(
            e.code(),
            "unsupported_format" | "no_text_layer" | "no_content"
        ),
        "{e:?}"
    );
}

#[test]
fn a_multi_page_chinese_report_in_a_font_that_is_not_embedded_reads_as_written() {
    let paras = [
        "为深入贯彻落实党中央、国务院关于安全生产工作的决策部署，切实防范化解重大安全风险，坚决遏制重特大事故发生，确保人民群众生命财产安全，经市政府同意，决定在全市范围内开展安全生产大检查。现将有关事项通知如下。",
        "各区县人民政府要切实加强组织领导，主要负责同志要亲自部署、亲自督促，分管负责同志要靠前指挥、具体落实，确保大检查工作取得实效。",
    ];
    let many: Vec<&str> = paras.iter().cycle().take(40).copied().collect();
    let bytes = chinese_report_pdf(
        "关于开展安全生产大检查的通知",
        "某某市人民政府办公室文件",
        &many,
    );
    let a = extract(&bytes, Some("通知.pdf")).expect("pdf");
    assert_eq!(a.title, "关于开展安全生产大检查的通知");
    let body = &a.body_text;
    assert!(
        !body.contains("某某市人民政府办公室文件"),
        "running header removed"
    );
    assert!(!body.contains("- 2 -"), "page numbers removed");
    // Paragraphs rebuilt exactly: every one whole, none broken at a line or a page.
    let got: Vec<&str> = body.split("\n\n").skip(1).collect();
    assert_eq!(got, many, "paragraphs as written");
}

/// Lines of STSong-Light text, `(x, y, text)`, at `size`.
fn stsong_lines(size: f32, lines: &[(f32, f32, &str)]) -> String {
    let lines: Vec<(f32, f32, String)> = lines.iter().map(|(x, y, t)| (*x, *y, ucs2(t))).collect();
    text_lines("F1", size, &lines)
}

#[test]
fn a_gongwen_pdf_is_titled_below_its_masthead_and_its_footnotes_leave_the_text() {
    // Page 1: the masthead (发文机关标志) in the largest type, the title, a paragraph that
    // goes on over the page, a footnote at the foot; page 2: the running header that only
    // later pages have, the paragraph's end, the page number.
    let mut p1 = stsong_lines(30.0, &[(150.0, 760.0, "青溪县人民政府办公室文件")]);
    p1.push_str(&stsong_lines(
        22.0,
        &[(110.0, 690.0, "关于做好今年防汛工作的通知")],
    ));
    let body1 = [
        "各乡镇人民政府，县政府各部门：入汛以来，全县降雨偏",
        "多，部分河道水位上涨较快。为切实做好防汛工作，确保人",
        "民群众生命财产安全，现就有关事项通知如下。各地要严格",
        "落实防汛责任制，对山洪灾害危险区、病险水库和地质灾害",
        "隐患点开展全面排查，发现问题立即整改，不能立即整改的",
    ];
    let lines1: Vec<(f32, f32, &str)> = body1
        .iter()
        .enumerate()
        .map(|(i, t)| (90.0, 640.0 - 28.0 * i as f32, *t))
        .collect();
    p1.push_str(&stsong_lines(16.0, &lines1));
    p1.push_str(&stsong_lines(
        10.5,
        &[(90.0, 90.0, "1 参见《中华人民共和国防洪法》第二十二条。")],
    ));
    p1.push_str(&stsong_lines(14.0, &[(280.0, 40.0, "— 1 —")]));
    let mut p2 = stsong_lines(9.0, &[(240.0, 800.0, "青溪县人民政府办公室")]);
    p2.push_str(&stsong_lines(
        16.0,
        &[(90.0, 740.0, "要落实临时管控措施，确保安全度汛。")],
    ));
    p2.push_str(&stsong_lines(14.0, &[(280.0, 40.0, "— 2 —")]));
    let bytes = pdf(&[p1, p2], &[("F1", STSONG)], "");
    let a = extract(&bytes, Some("通知.pdf")).expect("pdf");
    assert_eq!(a.title, "关于做好今年防汛工作的通知");
    let body = &a.body_text;
    assert!(
        !body.contains("青溪县人民政府办公室\n"),
        "running header removed: {body}"
    );
    assert!(
        body.contains("不能立即整改的要落实临时管控措施，确保安全度汛。"),
        "the paragraph goes on over the page past the footnote: {body}"
    );
    assert!(
        body.ends_with("[1] 参见《中华人民共和国防洪法》第二十二条。"),
        "the footnote comes after the text: {body}"
    );
}

#[test]
fn a_pdf_table_cell_wrapped_over_lines_stays_one_cell() {
    // Cells set vertically centred, as word processors do: the wrapped cell's first line
    // stands above the row's other cells, its second below; the page draws cell by cell.
    let mut content = stsong_lines(
        12.0,
        &[
            (90.0, 540.0, "行业领域"),
            (220.0, 540.0, "检查重点"),
            (400.0, 540.0, "牵头单位"),
        ],
    );
    content.push_str(&stsong_lines(
        12.0,
        &[
            (90.0, 513.0, "建筑施工"),
            (180.0, 520.0, "深基坑、高支模、起重"),
            (230.0, 506.0, "机械"),
            (380.0, 513.0, "市住房城乡建设局"),
        ],
    ));
    content.push_str(&stsong_lines(
        12.0,
        &[
            (90.0, 486.0, "道路运输"),
            (190.0, 486.0, "危货运输车辆"),
            (392.0, 486.0, "市交通运输局"),
        ],
    ));
    content.push_str(&stsong_lines(
        16.0,
        &[(
            90.0,
            440.0,
            "各单位要按照分工抓好落实，确保检查工作取得实效。",
        )],
    ));
    let bytes = pdf(&[content], &[("F1", STSONG)], "");
    let a = extract(&bytes, None).expect("pdf");
    assert!(
        a.body_text
            .contains("行业领域\t检查重点\t牵头单位\n\n建筑施工\t深基坑、高支模、起重机械\t市住房城乡建设局\n\n道路运输\t危货运输车辆\t市交通运输局"),
        "{}",
        a.body_text
    );
    assert!(a.body_html.contains("<table>"), "{}", a.body_html);
}

#[test]
fn english_cells_in_a_cid_font_without_widths_keep_their_spaces() {
    // STSong-Light gives Latin letters no width the reader finds (1 em each): the first
    // cell seems to run into the second.
    let content = stsong_lines(
        10.0,
        &[
            (72.0, 600.0, "Loans and returns"),
            (230.0, 600.0, "Ground floor"),
            (72.0, 580.0, "Quiet study"),
            (230.0, 580.0, "Room 104"),
        ],
    );
    let bytes = pdf(&[content], &[("F1", STSONG)], "");
    let a = extract(&bytes, None).expect("pdf");
    assert!(!a.body_text.contains("returnsGround"), "{}", a.body_text);
    assert!(
        a.body_text.contains("Loans and returns\tGround floor"),
        "{}",
        a.body_text
    );
}

#[test]
fn a_one_page_traditional_footer_is_a_page_number() {
    let mut content = stsong_lines(
        16.0,
        &[(
            90.0,
            700.0,
            "本局訂於四月辦理系列演出與工作坊，請轉知所屬師生報名參加。",
        )],
    );
    content.push_str(&stsong_lines(9.0, &[(260.0, 40.0, "第 1 頁，共 1 頁")]));
    let bytes = pdf(&[content], &[("F1", STSONG)], "");
    let a = extract(&bytes, None).expect("pdf");
    assert!(!a.body_text.contains("頁"), "{}", a.body_text);
}

#[test]
fn a_docx_gongwen_in_direct_formatting_is_titled_by_its_type_not_its_masthead() {
    let sized = |sz: u32, t: &str| {
        format!(r#"<w:p><w:r><w:rPr><w:sz w:val="{sz}"/></w:rPr><w:t>{t}</w:t></w:r></w:p>"#)
    };
    let body = [
        sized(60, "青溪县人民政府办公室文件"),
        sized(32, "青政办发〔2026〕9号"),
        sized(44, "关于做好今年防汛工作的通知"),
        sized(32, "各乡镇人民政府，县政府各部门："),
        sized(32, "入汛以来，全县降雨偏多，部分河道水位上涨较快。为切实做好防汛工作，现就有关事项通知如下。"),
    ]
    .concat();
    let a = extract(&docx(&body, None), Some("a.docx")).expect("docx");
    assert_eq!(a.title, "关于做好今年防汛工作的通知");
}

#[test]
fn an_odt_gongwen_in_direct_formatting_is_titled_by_its_type_not_its_masthead() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><office:automatic-styles>
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="30pt" style:font-size-asian="30pt"/></style:style>
<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt"/></style:style>
</office:automatic-styles><office:body><office:text>
<text:p text:style-name="P1">青溪县人民政府办公室文件</text:p>
<text:p text:style-name="Standard">青政办发〔2026〕9号</text:p>
<text:p text:style-name="P2">关于做好今年防汛工作的通知</text:p>
<text:p text:style-name="Standard">各乡镇人民政府，县政府各部门：</text:p>
<text:p text:style-name="Standard">入汛以来，全县降雨偏多，部分河道水位上涨较快。为切实做好防汛工作，现就有关事项通知如下。</text:p>
</office:text></office:body></office:document-content>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><office:styles>
<style:default-style style:family="paragraph"><style:text-properties fo:font-size="12pt" style:font-size-asian="16pt"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
</office:styles></office:document-styles>"#;
    let bytes = package(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
        ("styles.xml", styles.as_bytes()),
    ]);
    let a = extract(&bytes, Some("a.odt")).expect("odt");
    assert_eq!(a.title, "关于做好今年防汛工作的通知");
}

// ---------------------------------------------------------------- ../shared/formats

fn shared_formats() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/formats");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/formats is not here (the real PDF and Word files)");
        None
    }
}

#[test]
fn the_real_chinese_pdfs_import_with_their_chinese_text() {
    let Some(dir) = shared_formats() else { return };
    let cases = [
        ("issue2128r.pdf", "浅谈校长的魅力"),
        ("issue3521.pdf", "我们都是黑体字"),
        ("issue8372.pdf", "目录"),
        ("XiaoBiaoSong.pdf", "关于红军作战的原则"),
        ("SimFang-variant.pdf", "全世界无产者，联合起来"),
        ("issue20489.pdf", "北斗星"),
        ("pdfminer-issue_566_test_1.pdf", "Buyer：黎荣"),
        (
            "pdfminer-issue_566_test_2.pdf",
            "甲方：中国饮料有限公司（盖章）",
        ),
        ("noembed-identity.pdf", "あいうえお"),
    ];
    for (file, want) in cases {
        let bytes = std::fs::read(dir.join("pdf").join(file)).expect("read");
        let a = extract(&bytes, Some(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let all = format!("{}\n{}", a.title, a.body_text);
        assert!(all.contains(want), "{file}: want {want:?} in {all:?}");
        assert_eq!(a.format, Format::Pdf);
    }
}

#[test]
fn the_real_word_files_import_with_their_chinese_text() {
    let Some(dir) = shared_formats() else { return };
    // test11 is node-word-extractor's "Asian language text": the same document in both formats.
    for file in ["nwe-test11.docx", "nwe-test11.doc"] {
        let bytes = std::fs::read(dir.join("word").join(file)).expect("read");
        let a = extract(&bytes, Some(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            a.body_text.contains("这是一个用来测试nodejs解析Word文档"),
            "{file}: {}",
            a.body_text
        );
        assert!(
            a.body_text
                .contains("This is a test for parsing the Word file in node."),
            "{file}: {}",
            a.body_text
        );
    }
    for file in [
        "docxrs-aa.docx",
        "docxrs-aa_list.docx",
        "nwe-test04.docx",
        "nwe-test15.docx",
        "nwe-test16.docx",
        "nwe-test15.doc",
        "nwe-test16.doc",
    ] {
        let bytes = std::fs::read(dir.join("word").join(file)).expect("read");
        let a = extract(&bytes, Some(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!a.body_text.trim().is_empty(), "{file}");
        assert!(!a.body_text.contains('\u{FFFD}'), "{file}: no mojibake");
    }
}

#[test]
fn a_web_page_quoting_the_pdf_header_near_its_top_stays_a_web_page() {
    let page = "<html><head><title>PDF 格式说明</title></head><body><p>每个 PDF 文件以 %PDF-1.7 开头，这是文件头。本文介绍文件结构的各个部分。</p></body></html>";
    let a = extract(page.as_bytes(), Some("pdf.html")).expect("page");
    assert_eq!(a.format, Format::Html);
    assert!(a.body_text.contains("%PDF-1.7"));
}
