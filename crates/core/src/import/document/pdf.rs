//! PDF text layers. pdf_oxide reads the page content into positioned text spans (CID fonts,
//! the predefined Adobe-GB1/CNS1/Japan1/Korea1 CMaps, ToUnicode); this file turns the spans
//! into what a reader wants: lines, then paragraphs rebuilt from them (no hard break
//! mid-sentence, no space between Chinese characters, English hyphenation joined), headings
//! by type size, running headers, footers and page numbers removed, the title from the first
//! page's largest type, the date from the first page or the metadata.
//!
//! The 公文 case: government documents made with Chinese fonts (方正小标宋, 仿宋_GB2312, 黑体)
//! often declare a single-byte WinAnsi encoding while their strings hold GBK bytes, so every
//! reader decodes them to Latin-1 mojibake. PDFium, MuPDF and pdf.js recognise such fonts by
//! name; so does [`gbk_font`], and [`redecode_gbk`] turns the span back into its bytes and
//! decodes them as GBK, keeping the result only when it is clean Chinese text.
//!
//! A PDF with pages but no text at all is a scan: refused as `no_text_layer`, never stored as
//! an empty article.

use super::{is_cjk, tidy, Block, Document};
use crate::import::{meta, ImportError};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Pages read at most: a book-length PDF is read to here and no further.
const MAX_PAGES: usize = 2_000;

/// One positioned run of text, in PDF space (y grows upwards).
#[derive(Debug, Clone)]
struct Span {
    text: String,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
}

/// One line of a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    page: usize,
}

pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    // pdf_oxide is a large parser of hostile input: a panic in it is this file's failure,
    // not the import's.
    catch_unwind(AssertUnwindSafe(|| read_inner(bytes))).unwrap_or_else(|_| {
        Err(ImportError::UnsupportedFormat(
            "the PDF could not be read (its structure is damaged)".into(),
        ))
    })
}

fn read_inner(bytes: &[u8]) -> Result<Document, ImportError> {
    let pdf = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(refusal)?;
    let pages = pdf.page_count().map_err(refusal)?;
    let mut lines: Vec<Line> = Vec::new();
    let mut per_page: Vec<std::ops::Range<usize>> = Vec::new();
    for page in 0..pages.min(MAX_PAGES) {
        let spans = match pdf.extract_spans(page) {
            Ok(s) => s,
            Err(e) if is_encryption(&e) => return Err(ImportError::Encrypted),
            // One unreadable page does not lose the others.
            Err(_) => Vec::new(),
        };
        let spans: Vec<Span> = spans
            .into_iter()
            .filter(|s| !s.text.trim().is_empty())
            .map(|s| Span {
                text: if gbk_font(&s.font_name) {
                    redecode_gbk(&s.text).unwrap_or(s.text)
                } else {
                    s.text
                },
                x: s.bbox.x,
                y: s.bbox.y,
                width: s.bbox.width,
                size: s.font_size.max(1.0),
            })
            .collect();
        let start = lines.len();
        lines.extend(page_lines(spans, page));
        per_page.push(start..lines.len());
    }
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(if pages == 0 {
            ImportError::NoContent
        } else {
            ImportError::NoTextLayer
        });
    }
    let info = info(&pdf);
    let lines = drop_running_lines(lines, &per_page);
    let mut doc = Document {
        meta_title: info.title,
        author: info.author,
        ..Document::default()
    };
    let body_size = body_size(&lines);
    doc.text_title = first_page_title(&lines, body_size);
    doc.published = lines
        .iter()
        .take_while(|l| l.page == 0)
        .take(20)
        .find_map(|l| meta::dateline(&l.text).or_else(|| meta::find_date(&l.text)))
        .or(info.created);
    doc.blocks = paragraphs(&lines, body_size);
    Ok(doc)
}

fn is_encryption(e: &pdf_oxide::Error) -> bool {
    matches!(e, pdf_oxide::Error::EncryptedPdf) || e.to_string().to_lowercase().contains("encrypt")
}

fn refusal(e: pdf_oxide::Error) -> ImportError {
    if is_encryption(&e) {
        ImportError::Encrypted
    } else {
        ImportError::UnsupportedFormat(format!("damaged PDF ({e})"))
    }
}

/// Group a page's spans into lines, top to bottom, each line's spans left to right.
fn page_lines(mut spans: Vec<Span>, page: usize) -> Vec<Line> {
    spans.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Span>> = Vec::new();
    for s in spans {
        let joins = rows.last().is_some_and(|row| {
            let y = row[0].y;
            let size = row.iter().map(|r| r.size).fold(s.size, f32::max);
            (y - s.y).abs() < 0.5 * size
        });
        if joins {
            if let Some(row) = rows.last_mut() {
                row.push(s);
            }
        } else {
            rows.push(vec![s]);
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut end: Option<f32> = None;
            for s in &row {
                let gap = end.map_or(0.0, |e| s.x - e);
                if end.is_some() && gap > 0.25 * s.size && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(&s.text);
                end = Some(s.x + s.width);
            }
            let x0 = row.first().map_or(0.0, |s| s.x);
            let x1 = row.iter().map(|s| s.x + s.width).fold(x0, f32::max);
            let size = row.iter().map(|s| s.size).fold(0.0, f32::max);
            Line {
                text: tidy(&text),
                x0,
                x1,
                y: row[0].y,
                size,
                page,
            }
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// A page number as printed: `3`, `- 3 -`, `— 3 —`, `第 3 页`, `3 / 10`, `Page 3`, `iii`.
fn is_page_number(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '·' | '•' | '－'));
    let t = t
        .strip_prefix("第")
        .and_then(|r| r.strip_suffix("页"))
        .unwrap_or(t);
    let lower = t.to_lowercase();
    let t = lower.strip_prefix("page").unwrap_or(&lower);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(t)
        || t.split_once(['/', '／'])
            .is_some_and(|(a, b)| digits(a) && digits(b))
        || (!t.is_empty() && t.len() <= 5 && t.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        || t.split_once("页共").is_some()
}

/// The key under which running headers and footers repeat: digits (page numbers, dates)
/// and spaces do not count.
fn running_key(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Remove the lines at the top and bottom of pages that are page numbers or repeat on many
/// pages (running headers and footers).
fn drop_running_lines(lines: Vec<Line>, per_page: &[std::ops::Range<usize>]) -> Vec<Line> {
    const EDGE: usize = 2;
    let edge = |r: &std::ops::Range<usize>| -> Vec<usize> {
        let mut v: Vec<usize> = r.clone().take(EDGE).collect();
        v.extend(r.clone().rev().take(EDGE));
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for r in per_page {
        let mut seen = std::collections::HashSet::new();
        for i in edge(r) {
            let key = running_key(&lines[i].text);
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    let pages = per_page.iter().filter(|r| !r.is_empty()).count();
    // Running headers and footers are short: a long line that repeats is the text's own.
    let repeated = |key: &str| {
        pages >= 2
            && key.chars().count() <= 50
            && counts.get(key).copied().unwrap_or(0) >= (pages / 2).max(2)
    };
    let mut drop = vec![false; lines.len()];
    for r in per_page {
        for i in edge(r) {
            let l = &lines[i];
            // A lone number at a page's edge is its number; on a one-page document only when
            // it is the last line (the first may be a section number).
            let number = is_page_number(&l.text) && (pages >= 2 || i + 1 == r.end);
            if number || repeated(&running_key(&l.text)) {
                drop[i] = true;
            }
        }
    }
    lines
        .into_iter()
        .zip(drop)
        .filter_map(|(l, d)| (!d).then_some(l))
        .collect()
}

/// The type size most of the text is set in.
fn body_size(lines: &[Line]) -> f32 {
    let mut by_size: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
    for l in lines {
        *by_size.entry((l.size * 2.0).round() as i32).or_default() += l.text.chars().count();
    }
    by_size
        .into_iter()
        .max_by_key(|(size, n)| (*n, -size))
        .map_or(10.0, |(s, _)| s as f32 / 2.0)
}

fn is_heading_size(size: f32, body: f32) -> bool {
    size >= body * 1.15
}

/// The first page's title: its largest type, when larger than the body's, within the top
/// lines (consecutive lines of that size join).
fn first_page_title(lines: &[Line], body: f32) -> Option<String> {
    let first: Vec<&Line> = lines.iter().take_while(|l| l.page == 0).take(15).collect();
    let max = first.iter().map(|l| l.size).fold(0.0, f32::max);
    if !is_heading_size(max, body) {
        return None;
    }
    let start = first.iter().position(|l| (l.size - max).abs() < 0.5)?;
    let mut title = String::new();
    for l in first[start..]
        .iter()
        .take_while(|l| (l.size - max).abs() < 0.5)
    {
        join_into(&mut title, &l.text);
    }
    let n = title.chars().count();
    (2..=120).contains(&n).then_some(title)
}

/// Append `next` to `text` as the continuation of a wrapped line: nothing between Chinese
/// characters, an English word's hyphen at the line end joined, else one space.
fn join_into(text: &mut String, next: &str) {
    let Some(last) = text.chars().next_back() else {
        text.push_str(next);
        return;
    };
    let first = next.chars().next().unwrap_or(' ');
    if last == '-' && first.is_lowercase() {
        let before = text.chars().rev().nth(1);
        if before.is_some_and(char::is_alphabetic) {
            text.pop();
            text.push_str(next);
            return;
        }
    }
    if !(is_cjk(last) || is_cjk(first)) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Lines that open a numbered clause or a list item in Chinese and English documents.
fn opens_item(t: &str) -> bool {
    let mut chars = t.chars();
    let c0 = chars.next().unwrap_or(' ');
    let c1 = chars.next().unwrap_or(' ');
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    (numeral(c0) && (c1 == '、' || numeral(c1)) && t.chars().take(4).any(|c| c == '、'))
        || ((c0 == '（' || c0 == '(') && (numeral(c1) || c1.is_ascii_digit()))
        || (c0 == '第'
            && t.chars()
                .take(8)
                .any(|c| c == '条' || c == '章' || c == '节'))
        || matches!(c0, '•' | '●' | '■' | '◆' | '▪' | '·')
        || (c0.is_ascii_digit()
            && t.chars()
                .skip(1)
                .take(3)
                .any(|c| matches!(c, '.' | '、' | '．'))
            && c1 != '.')
}

/// Rebuild paragraphs (and headings) from lines.
fn paragraphs(lines: &[Line], body: f32) -> Vec<Block> {
    // The text column: where most body lines start and how far they reach.
    let mut starts: Vec<f32> = Vec::new();
    let mut ends: Vec<f32> = Vec::new();
    for l in lines.iter().filter(|l| !is_heading_size(l.size, body)) {
        starts.push(l.x0);
        ends.push(l.x1);
    }
    let left = mode(&starts).unwrap_or(0.0);
    ends.sort_by(f32::total_cmp);
    let right = ends
        .get(ends.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(0.0);
    // The usual distance between two lines of one paragraph.
    let mut pitches: Vec<f32> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page && !is_heading_size(w[1].size, body))
        .map(|w| w[0].y - w[1].y)
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches
        .get(pitches.len() / 2)
        .copied()
        .unwrap_or(body * 1.5);

    let mut blocks: Vec<Block> = Vec::new();
    let mut current = String::new();
    let mut heading: Option<(f32, String)> = None;
    let mut prev: Option<&Line> = None;
    let flush_para = |current: &mut String, blocks: &mut Vec<Block>| {
        if !current.trim().is_empty() {
            blocks.push(Block::Paragraph(std::mem::take(current)));
        }
        current.clear();
    };
    for l in lines {
        let is_heading = is_heading_size(l.size, body) && l.text.chars().count() <= 60;
        if is_heading {
            flush_para(&mut current, &mut blocks);
            match heading.as_mut() {
                Some((size, text))
                    if (*size - l.size).abs() < 0.5 && prev.is_some_and(|p| p.page == l.page) =>
                {
                    join_into(text, &l.text)
                }
                _ => {
                    if let Some((size, text)) = heading.take() {
                        blocks.push(Block::Heading(heading_level(size, body), text));
                    }
                    heading = Some((l.size, l.text.clone()));
                }
            }
            prev = Some(l);
            continue;
        }
        if let Some((size, text)) = heading.take() {
            blocks.push(Block::Heading(heading_level(size, body), text));
        }
        let new_paragraph = match prev {
            None => true,
            Some(p) => {
                let same_page = p.page == l.page;
                let gap = p.y - l.y;
                let indented = l.x0 > left + 1.2 * l.size.min(body * 2.0);
                // Short of the column by more than ragged-right English ever is.
                let prev_short = p.x1 < right - (2.0 * body).max(0.2 * (right - left));
                let far = same_page && (gap > pitch * 1.6 || gap < 0.0);
                current.is_empty() || indented || prev_short || far || opens_item(&l.text)
            }
        };
        if new_paragraph {
            flush_para(&mut current, &mut blocks);
            current.push_str(&l.text);
        } else {
            join_into(&mut current, &l.text);
        }
        prev = Some(l);
    }
    flush_para(&mut current, &mut blocks);
    if let Some((size, text)) = heading.take() {
        blocks.push(Block::Heading(heading_level(size, body), text));
    }
    blocks
}

fn heading_level(size: f32, body: f32) -> u8 {
    if size >= body * 1.6 {
        1
    } else if size >= body * 1.3 {
        2
    } else {
        3
    }
}

/// The most common value, to half a point.
fn mode(values: &[f32]) -> Option<f32> {
    let mut counts: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
    for v in values {
        *counts.entry((v * 2.0).round() as i32).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(v, n)| (*n, -v))
        .map(|(v, _)| v as f32 / 2.0)
}

/// Chinese font names as PDFs carry them: ASCII names of the common faces, or a name whose
/// bytes are GBK (`ºÚÌå` is 黑体 read as Latin-1).
fn gbk_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    const FACES: &[&str] = &[
        "simsun",
        "simhei",
        "simfang",
        "simkai",
        "nsimsun",
        "fangsong",
        "kaiti",
        "stsong",
        "stheiti",
        "stkaiti",
        "stfangsong",
        "stxihei",
        "stzhongsong",
        "fzxbs",
        "fzfs",
        "fzhei",
        "fzkai",
        "fzsong",
        "fzxiaobiaosong",
        "gb2312",
        "gbk",
        "songti",
        "heiti",
        "microsoftyahei",
        "yahei",
        "dengxian",
        "xiaobiaosong",
    ];
    if FACES.iter().any(|f| lower.contains(f)) {
        return true;
    }
    let bytes = to_bytes(name);
    bytes.iter().any(|b| *b >= 0x80) && {
        let (decoded, _, errors) = encoding_rs::GBK.decode(&bytes);
        !errors && decoded.chars().any(is_cjk)
    }
}

/// WinAnsiEncoding's characters for the bytes 0x80–0x9F.
const WIN_ANSI_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The bytes a single-byte reading turned into `text`: Latin-1 and WinAnsi characters back to
/// their byte; anything else back to the UTF-8 bytes it was read from (pdf_oxide reads a
/// string that happens to be valid UTF-8 as UTF-8).
fn to_bytes(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = c as u32;
        if let Some(i) = WIN_ANSI_80.iter().position(|w| *w == c) {
            out.push(0x80 + i as u8);
        } else if u < 0x100 {
            out.push(u as u8);
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    out
}

/// `text` decoded again as GBK, when its characters are the Latin-1/WinAnsi reading of GBK
/// bytes and the GBK reading is clean Chinese text; `None` otherwise.
fn redecode_gbk(text: &str) -> Option<String> {
    if text.chars().any(is_cjk) {
        return None;
    }
    let bytes = to_bytes(text);
    if !bytes.iter().any(|b| *b >= 0x80) {
        return None;
    }
    let (decoded, _, errors) = encoding_rs::GBK.decode(&bytes);
    if errors {
        return None;
    }
    let cjk = decoded.chars().filter(|c| is_cjk(*c)).count();
    let letters = decoded.chars().filter(|c| !c.is_whitespace()).count();
    (cjk * 2 >= letters).then(|| decoded.into_owned())
}

/// What the document information dictionary says.
#[derive(Default)]
struct Info {
    title: Option<String>,
    author: Option<String>,
    created: Option<String>,
}

fn info(pdf: &pdf_oxide::PdfDocument) -> Info {
    let mut out = Info::default();
    let Some(info) = pdf.trailer().as_dict().and_then(|t| t.get("Info")).cloned() else {
        return out;
    };
    let Ok(info) = pdf.resolve_object(&info) else {
        return out;
    };
    let Some(dict) = info.as_dict() else {
        return out;
    };
    let text = |key: &str| {
        let v = dict.get(key)?;
        let v = pdf.resolve_object(v).ok()?;
        let s = text_string(v.as_string()?);
        let s = s.trim().to_owned();
        (!s.is_empty()).then_some(s)
    };
    out.title = text("Title");
    out.author = text("Author");
    out.created = text("CreationDate").and_then(|d| pdf_date(&d));
    out
}

/// A PDF text string: UTF-16BE with its BOM, UTF-8 with its BOM, else PDFDocEncoding — but
/// Chinese producers write GBK there, so valid UTF-8 or clean GBK with Chinese text wins.
fn text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    let b = b.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(b);
    if let Ok(s) = std::str::from_utf8(b) {
        return s.to_owned();
    }
    let (gbk, _, errors) = encoding_rs::GBK.decode(b);
    if !errors && gbk.chars().any(is_cjk) {
        return gbk.into_owned();
    }
    b.iter()
        .map(|&c| {
            if (0x80..0xA0).contains(&c) {
                WIN_ANSI_80[usize::from(c - 0x80)]
            } else {
                char::from(c)
            }
        })
        .collect()
}

/// `D:YYYYMMDDHHmmSS…` as ISO 8601 (date only when the time is absent or midnight-less).
fn pdf_date(d: &str) -> Option<String> {
    let d = d.trim().strip_prefix("D:").unwrap_or(d.trim());
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let (y, m, day) = (&digits[0..4], &digits[4..6], &digits[6..8]);
    let iso = if digits.len() >= 12 {
        let sec = digits.get(12..14).unwrap_or("00");
        format!("{y}-{m}-{day}T{}:{}:{sec}", &digits[8..10], &digits[10..12])
    } else {
        format!("{y}-{m}-{day}")
    };
    meta::parse_machine_date(&iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_bytes_read_as_latin1_are_decoded_again() {
        // 全世界 in GBK is C8AB CAC0 BDE7; pdf_oxide reads C8AB as UTF-8 (U+022B).
        assert_eq!(redecode_gbk("ȫ ÊÀ ½ç").as_deref(), Some("全 世 界"));
        assert!(gbk_font("ºÚÌå"));
        assert!(gbk_font("FZXBSJW--GB1-0"));
        assert!(!gbk_font("Helvetica"));
        // French text in a Chinese font is left alone.
        assert_eq!(redecode_gbk("café"), None);
    }

    #[test]
    fn page_numbers_are_recognised() {
        for t in ["3", "- 3 -", "— 12 —", "第 3 页", "3 / 10", "Page 4", "iv"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["一、总则", "3.5 亿元", "2019年4月"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn wrapped_lines_join_without_spaces_in_chinese_and_with_hyphens_joined() {
        let mut s = "中华人民".to_owned();
        join_into(&mut s, "共和国");
        assert_eq!(s, "中华人民共和国");
        let mut e = "inter-".to_owned();
        join_into(&mut e, "national law");
        assert_eq!(e, "international law");
        let mut w = "hello".to_owned();
        join_into(&mut w, "world");
        assert_eq!(w, "hello world");
    }

    #[test]
    fn pdf_dates_become_iso() {
        assert_eq!(pdf_date("D:20130116").as_deref(), Some("2013-01-16"));
        assert_eq!(
            pdf_date("D:20190425083000+08'00'").as_deref(),
            Some("2019-04-25T08:30:00")
        );
    }
}
