//! Documents made the way their writers make them — zip packages for DOCX, ODT and EPUB, PDF
//! objects with a cross-reference table — for the tests of every crate and for the import
//! bench's mixed folder. Not part of the importer; hidden from the docs.

use std::io::Write;
use zip::write::SimpleFileOptions;

/// A zip package of `entries` (a `mimetype` entry stored, as EPUB and ODF require).
pub fn package(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"#;

const DOCX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"#;

const DOCX_DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"#;

const DOCX_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"#;

const DOCX_FOOTNOTES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>见《安全生产法》第三条。</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#;

fn docx_core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title><dc:creator>王晓明</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-15T09:30:00Z</dcterms:created>
</cp:coreProperties>"#
    )
}

/// A WordprocessingML paragraph of `runs`, with a paragraph style.
pub fn w_para(style: Option<&str>, runs: &str) -> String {
    let ppr = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{ppr}{runs}</w:p>")
}

/// A WordprocessingML run of text (`t` is XML-escaped already).
pub fn w_run(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

/// A report as Word writes one: title in the properties, headings by style, a paragraph split
/// over runs, a footnote, a bulleted list, a table.
pub fn report_docx(title: &str) -> Vec<u8> {
    let body = [
        w_para(Some("1"), &w_run("关于开展安全生产大检查的通知")),
        w_para(None, &format!("{}{}<w:r><w:footnoteReference w:id=\"1\"/></w:r>", w_run("各区县人民政府，"), w_run("市政府各部门：为切实做好安全生产工作，现就有关事项通知如下。"))),
        w_para(Some("2"), &w_run("一、检查范围")),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>危险化学品企业</w:t></w:r></w:p>"#.to_owned(),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>建筑施工工地</w:t></w:r></w:p>"#.to_owned(),
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            w_para(None, &w_run("阶段")),
            w_para(None, &w_run("时间")),
            w_para(None, &w_run("自查自纠")),
            w_para(None, &w_run("三月至四月")),
        ),
        w_para(None, &w_run("The English summary keeps its spaces.")),
    ]
    .concat();
    docx(&body, Some(title))
}

/// A DOCX whose `w:body` is `body` (WordprocessingML), with heading styles, a footnote part
/// (footnote 1) and, when `title` is given, core properties (title, author 王晓明, a date).
pub fn docx(body: &str, title: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let core = title.map(docx_core);
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", DOCX_TYPES.as_bytes()),
        ("_rels/.rels", DOCX_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOCX_DOC_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", DOCX_STYLES.as_bytes()),
        ("word/footnotes.xml", DOCX_FOOTNOTES.as_bytes()),
    ];
    if let Some(core) = &core {
        entries.push(("docProps/core.xml", core.as_bytes()));
    }
    package(&entries)
}

/// An ODT whose `office:text` holds `content_body`, with a title, author, date and language.
pub fn odt(content_body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{content_body}</office:text></office:body></office:document-content>"#
    );
    let meta = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>城市更新行动方案</dc:title><meta:initial-creator>李华</meta:initial-creator><meta:creation-date>2023-11-02T10:00:00</meta:creation-date><dc:language>zh-CN</dc:language></office:meta></office:document-meta>"#;
    package(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
        ("meta.xml", meta.as_bytes()),
    ])
}

/// An EPUB 3 (with an EPUB 2 NCX beside it) of `chapters` (contents-list name, XHTML body);
/// `nav` false leaves the NCX as the only contents list.
pub fn epub(
    opf_extra_meta: &str,
    spine_attrs: &str,
    chapters: &[(&str, &str)],
    nav: bool,
) -> Vec<u8> {
    let container = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
    let manifest: String = chapters
        .iter()
        .enumerate()
        .map(|(i, _)| {
            format!(
                r#"<item id="c{i}" href="Text/ch{i}.xhtml" media-type="application/xhtml+xml"/>"#
            )
        })
        .collect();
    let spine: String = (0..chapters.len())
        .map(|i| format!(r#"<itemref idref="c{i}"/>"#))
        .collect();
    let toc_links: String = chapters
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!(r#"<li><a href="Text/ch{i}.xhtml">{name}</a></li>"#))
        .collect();
    let nav_points: String = chapters
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(r#"<navPoint id="n{i}" playOrder="{i}"><navLabel><text>{name}</text></navLabel><content src="Text/ch{i}.xhtml"/></navPoint>"#)
        })
        .collect();
    let opf = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{opf_extra_meta}</metadata>
<manifest>{manifest}<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="{}"/><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>
<spine toc="ncx" {spine_attrs}>{spine}</spine></package>"#,
        if nav { "nav" } else { "" }
    );
    let nav_doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>{toc_links}</ol></nav></body></html>"#
    );
    let ncx = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>{nav_points}</navMap></ncx>"#
    );
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("mimetype".into(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".into(),
            container.as_bytes().to_vec(),
        ),
        ("OEBPS/content.opf".into(), opf.into_bytes()),
        ("OEBPS/nav.xhtml".into(), nav_doc.into_bytes()),
        ("OEBPS/toc.ncx".into(), ncx.into_bytes()),
    ];
    for (i, (_, body)) in chapters.iter().enumerate() {
        entries.push((
            format!("OEBPS/Text/ch{i}.xhtml"),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title><style>p{{color:red}}</style></head><body>{body}</body></html>"#).into_bytes(),
        ));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    package(&refs)
}

/// A PDF with `pages` (each a content stream) and `fonts` (resource name → font dictionary),
/// with a correct cross-reference table, as a writer makes one.
pub fn pdf(pages: &[String], fonts: &[(&str, &str)], info: &str) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    // 1: catalog, 2: pages, 3: info, then fonts, then (page, content) pairs.
    let font_base = 4;
    let page_base = font_base + fonts.len();
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", page_base + 2 * i))
        .collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objects.push(format!("<< {info} >>").into_bytes());
    let font_res: String = fonts
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("/{name} {} 0 R ", font_base + i))
        .collect();
    for (_, dict) in fonts {
        objects.push(dict.as_bytes().to_vec());
    }
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {font_res}>> >> /Contents {} 0 R >>",
                page_base + 2 * i + 1
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// PDF string syntax for raw bytes: `<hex>`.
pub fn pdf_hex(bytes: &[u8]) -> String {
    let h: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("<{h}>")
}

pub const HELVETICA: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// Text lines set at (x, y) in `font` at `size`.
pub fn pdf_text_lines(font: &str, size: f32, lines: &[(f32, f32, String)]) -> String {
    lines
        .iter()
        .map(|(x, y, s)| format!("BT /{font} {size} Tf 1 0 0 1 {x} {y} Tm {s} Tj ET\n"))
        .collect()
}

/// A PDF font that is not embedded: STSong-Light, Adobe-GB1, strings as UCS-2 (UniGB-UCS2-H),
/// as PDF libraries write Chinese without shipping a font.
pub const STSONG: &str = "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>] >>";

/// `text` as a PDF string for [`STSONG`] (UCS-2, big-endian).
pub fn ucs2(text: &str) -> String {
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    pdf_hex(&bytes)
}

/// A Chinese report as a PDF: a title line in large type on page 1, then `paragraphs` set in
/// 12-point STSong-Light, 30 characters to a line, each paragraph indented two characters,
/// 40 lines to a page; every page has a running header and a page number "- N -".
pub fn chinese_report_pdf(title: &str, header: &str, paragraphs: &[&str]) -> Vec<u8> {
    const PER_LINE: usize = 30;
    const LINES_PER_PAGE: usize = 40;
    let mut lines: Vec<(f32, String)> = Vec::new();
    for p in paragraphs {
        // The first line is indented by two characters and holds two fewer: the column's right
        // edge is even, as in justified type.
        let chars: Vec<char> = p.chars().collect();
        let first = chars.len().min(PER_LINE - 2);
        lines.push((24.0, chars[..first].iter().collect()));
        for chunk in chars[first..].chunks(PER_LINE) {
            lines.push((0.0, chunk.iter().collect()));
        }
    }
    let mut pages = Vec::new();
    for (n, page) in lines.chunks(LINES_PER_PAGE).enumerate() {
        let mut content = pdf_text_lines("F1", 9.0, &[(72.0, 800.0, ucs2(header))]);
        content.push_str(&pdf_text_lines(
            "F1",
            10.5,
            &[(280.0, 40.0, ucs2(&format!("- {} -", n + 1)))],
        ));
        let mut y = 760.0;
        if n == 0 {
            content.push_str(&pdf_text_lines("F1", 22.0, &[(100.0, y, ucs2(title))]));
            y -= 50.0;
        }
        for (indent, text) in page {
            content.push_str(&pdf_text_lines(
                "F1",
                12.0,
                &[(72.0 + indent, y, ucs2(text))],
            ));
            y -= 17.0;
        }
        pages.push(content);
    }
    pdf(&pages, &[("F1", STSONG)], "/Producer (wenzhai samples)")
}
