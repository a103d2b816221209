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
    /// The width to measure the gap to the next span from (see [`plausible_width`]).
    gap_width: f32,
    size: f32,
    /// Where the page's content draws it: a table's cells are drawn cell by cell.
    seq: usize,
}

/// One span of a line: its text, where it stands and when it was drawn.
#[derive(Debug, Clone)]
struct Part {
    text: String,
    x0: f32,
    x1: f32,
    seq: usize,
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
    /// Spans set apart by wide gaps, as a table row's cells are: such a line is never joined
    /// to the lines around it.
    gapped: bool,
    parts: Vec<Part>,
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
            .map(|s| {
                let text = if gbk_font(&s.font_name) {
                    redecode_gbk(&s.text).unwrap_or(s.text)
                } else {
                    s.text
                };
                let size = s.font_size.max(1.0);
                Span {
                    width: s.bbox.width,
                    gap_width: plausible_width(&text, s.bbox.width, size),
                    text,
                    x: s.bbox.x,
                    y: s.bbox.y,
                    size,
                    seq: s.sequence,
                }
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
    let size = body_size(&lines);
    let lines = drop_running_lines(lines, &per_page, size);
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
    let (lines, notes) = take_footnotes(lines, body_size);
    doc.blocks = paragraphs(&lines, body_size);
    doc.blocks.extend(notes);
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

/// A span's width, or an estimate when the one given is wider than any font sets its text:
/// what gaps between spans (spaces, table cells) are measured with. A line's extent keeps the
/// width given, as the column's edge is measured with it too.
/// pdf_oxide looks a CID font's `/W` widths up by character code rather than by CID, which
/// under a predefined CMap (STSong-Light's UniGB-UCS2-H: code = Unicode) gives Latin
/// letters the default width of 1 em: a line of English runs on past its neighbours, and
/// table cells meet with no space between them (`returnsMain`, `1047:30`).
fn plausible_width(text: &str, width: f32, size: f32) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| match c {
            c if is_cjk(c) || c == '\u{3000}' => 1.0,
            c if c.is_whitespace() => 0.28,
            c if c.is_uppercase() => 0.7,
            c if c.is_alphanumeric() => 0.52,
            _ => 0.33,
        })
        .sum();
    let estimate = ems * size;
    // Wide letters (W, M) set 1.3 times the estimate at most.
    if text.chars().count() >= 2 && width > 1.5 * estimate {
        estimate
    } else {
        width
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
            let small = row.iter().map(|r| r.size).fold(s.size, f32::min);
            // A superscript (a note's mark, in smaller type) stands raised into the line
            // above its baseline, further than half a line.
            let reach = if small < 0.8 * size { 0.8 } else { 0.5 };
            (y - s.y).abs() < reach * size
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
            let mut gapped = false;
            let mut before = 0.0f32;
            // Where the last span ends by the width given: a span set right there was placed
            // by advancing over it (the same text object), whatever that width is worth.
            let mut drawn_end: Option<f32> = None;
            for s in &row {
                let gap = match (end, drawn_end) {
                    (Some(_), Some(d)) if (s.x - d).abs() < 0.1 * s.size.max(before) => 0.0,
                    (Some(e), _) => s.x - e,
                    _ => 0.0,
                };
                // Justified text stretches spaces to about one em at most, and Chinese text
                // has none; cells stand further apart. An em of the larger type of the two: a
                // superscript's is small.
                let em = s.size.max(before);
                let cjk_both = text.trim_end().chars().next_back().is_some_and(is_cjk)
                    && s.text.trim_start().chars().next().is_some_and(is_cjk);
                gapped |= end.is_some() && (gap > 1.5 * em || (cjk_both && gap > 0.35 * em));
                before = s.size;
                if end.is_some() && gap > 0.25 * s.size && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(&s.text);
                end = Some(s.x + s.gap_width);
                drawn_end = Some(s.x + s.width);
            }
            let parts = row
                .iter()
                .map(|s| Part {
                    text: tidy(&s.text),
                    x0: s.x,
                    x1: s.x + s.gap_width,
                    seq: s.seq,
                })
                .collect();
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
                gapped,
                parts,
            }
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// A page number as printed: `3`, `- 3 -`, `— 3 —`, `第 3 页`, `第 3 页 共 9 页`,
/// `第 3 頁，共 9 頁`, `3 / 10`, `Page 3`, `Page 3 of 9`, `iii`.
fn is_page_number(t: &str) -> bool {
    let t: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '、'))
        .map(|c| if c == '頁' { '页' } else { c })
        .collect();
    let t = t.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '·' | '•' | '－'));
    let lower = t.to_lowercase();
    let t = lower.strip_prefix("page").unwrap_or(&lower);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let words: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '/' | '／'))
        .collect();
    let numbers = t.chars().filter(char::is_ascii_digit).count();
    digits(t)
        || t.split_once(['/', '／'])
            .is_some_and(|(a, b)| digits(a) && digits(b))
        || t.split_once("of")
            .is_some_and(|(a, b)| digits(a) && digits(b))
        || (!t.is_empty() && t.len() <= 5 && t.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        || ((1..=8).contains(&numbers)
            && ["第页", "第页共页", "共页第页", "页", "页共页"].contains(&words.as_str()))
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
fn drop_running_lines(
    lines: Vec<Line>,
    per_page: &[std::ops::Range<usize>],
    body: f32,
) -> Vec<Line> {
    const EDGE: usize = 2;
    let edge = |r: &std::ops::Range<usize>| -> Vec<usize> {
        let mut v: Vec<usize> = r.clone().take(EDGE).collect();
        v.extend(r.clone().rev().take(EDGE));
        v.sort_unstable();
        v.dedup();
        v
    };
    // A running header repeats in one type size: a title that the header repeats in small
    // type is still the title of its page.
    let key_of = |l: &Line| (running_key(&l.text), (l.size * 2.0).round() as i32);
    let mut counts: std::collections::HashMap<(String, i32), usize> =
        std::collections::HashMap::new();
    for r in per_page {
        let mut seen = std::collections::HashSet::new();
        for i in edge(r) {
            let key = key_of(&lines[i]);
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    let pages = per_page.iter().filter(|r| !r.is_empty()).count();
    // Running headers and footers are short: a long line that repeats is the text's own.
    let repeated = |key: &(String, i32)| {
        pages >= 2
            && key.0.chars().count() <= 50
            && counts.get(key).copied().unwrap_or(0) >= (pages / 2).max(2)
    };
    let pitch = line_pitch(&lines, body);
    let mut drop = vec![false; lines.len()];
    for (k, r) in per_page.iter().enumerate() {
        for i in edge(r) {
            let l = &lines[i];
            // A lone number at a page's edge is its number; on a one-page document only when
            // it is the last line (the first may be a section number).
            let number = is_page_number(&l.text) && (pages >= 2 || i + 1 == r.end);
            if number || repeated(&key_of(l)) {
                drop[i] = true;
            }
        }
        // The header of every page but the first (which has its own, or none), seen only
        // once in a two-page document: the top line of a later page, short, in smaller type
        // than the text, alone in its size or set apart from what follows. A table row (cells
        // apart, or followed by more rows of its size) is not one.
        if k > 0 && r.len() >= 2 {
            let (top, next) = (&lines[r.start], &lines[r.start + 1]);
            if top.size < body * 0.95
                && !top.gapped
                && top.text.chars().count() <= 80
                && ((top.size - next.size).abs() > 0.5 || top.y - next.y > 1.3 * pitch)
            {
                drop[r.start] = true;
            }
        }
    }
    lines
        .into_iter()
        .zip(drop)
        .filter_map(|(l, d)| (!d).then_some(l))
        .collect()
}

/// The usual distance between two lines of body text.
fn line_pitch(lines: &[Line], body: f32) -> f32 {
    let mut pitches: Vec<f32> = lines
        .windows(2)
        .filter(|w| {
            w[0].page == w[1].page
                && (w[0].size - body).abs() < 0.1 * body
                && (w[1].size - body).abs() < 0.1 * body
        })
        .map(|w| w[0].y - w[1].y)
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f32::total_cmp);
    pitches
        .get(pitches.len() / 2)
        .copied()
        .unwrap_or(body * 1.5)
}

/// Footnotes at the foot of each page: the last lines of a page, in smaller type than the
/// text, set apart from the text above them, the first opening with a note mark (`1`, `①`,
/// `*`, `[1]`). They leave the text's flow (a paragraph goes on over the page past them) and
/// come back as notes after the text, as the other readers put them.
fn take_footnotes(lines: Vec<Line>, body: f32) -> (Vec<Line>, Vec<Block>) {
    let pitch = line_pitch(&lines, body);
    let mut is_note = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = start + lines[start..].iter().take_while(|l| l.page == page).count();
        // The page's trailing run of small type.
        let mut first_small = end;
        while first_small > start
            && lines[first_small - 1].size < body * 0.9
            && !lines[first_small - 1].gapped
        {
            first_small -= 1;
        }
        // Notes begin at the first of those lines that opens with a mark and stands apart
        // from the line above it; a page all in small type is no page of notes.
        if let Some(at) = (first_small.max(start + 1)..end).find(|&i| {
            line_note_mark(&lines[i]).is_some() && lines[i - 1].y - lines[i].y > 1.2 * pitch
        }) {
            is_note[at..end].fill(true);
        }
        start = end;
    }
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut text = Vec::new();
    for (l, note) in lines.into_iter().zip(is_note) {
        if !note {
            text.push(l);
        } else if let Some((mark, rest)) = line_note_mark(&l) {
            notes.push((mark, rest));
        } else if let Some((_, note)) = notes.last_mut() {
            join_into(note, &l.text);
        }
    }
    let notes = notes
        .into_iter()
        .map(|(mark, note)| Block::Note(format!("[{mark}] {note}")))
        .collect();
    (text, notes)
}

/// [`note_mark`] of a line, or its first span when that is the mark alone (drawn apart
/// from the note's text: `1` before a note that opens with a year).
fn line_note_mark(l: &Line) -> Option<(String, String)> {
    if let [first, second, ..] = l.parts.as_slice() {
        let mark = first.text.trim();
        let digits = (1..=3).contains(&mark.len()) && mark.chars().all(|c| c.is_ascii_digit());
        if digits && second.x0 > first.x1 {
            let rest = l.text.strip_prefix(mark).unwrap_or(&l.text).trim_start();
            if rest.chars().count() >= 2 {
                return Some((mark.to_owned(), rest.to_owned()));
            }
        }
    }
    note_mark(&l.text)
}

/// The mark a footnote opens with and the note's text: `1 Text`, `1. Text`, `①Text`,
/// `* Text`, `[1] Text`. Digits must be followed by text, not by more of a number.
fn note_mark(t: &str) -> Option<(String, String)> {
    let t = t.trim_start();
    let (mark, rest) = if let Some(r) = t.strip_prefix('[').or_else(|| t.strip_prefix('［')) {
        let close = r.find([']', '］'])?;
        let mark = &r[..close];
        if mark.is_empty() || mark.chars().count() > 3 || !mark.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        (
            mark.to_owned(),
            &r[close + r[close..].chars().next()?.len_utf8()..],
        )
    } else if let Some(c) = t
        .chars()
        .next()
        .filter(|c| ('①'..='⑳').contains(c) || matches!(c, '*' | '†' | '‡'))
    {
        (c.to_string(), &t[c.len_utf8()..])
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        let rest = t[digits..].trim_start_matches(['.', '．', ')', '）']);
        (t[..digits].to_owned(), rest)
    };
    let rest = rest.trim_start();
    let first = rest.chars().next()?;
    if first.is_ascii_digit()
        || rest.chars().count() < 2
        || matches!(first, '%' | '％' | '.' | ',' | '，' | '年' | '月' | '日')
    {
        return None;
    }
    Some((mark, rest.to_owned()))
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
/// lines (consecutive lines of that size join). A 公文's masthead (发文机关标志, "…文件",
/// "…纪要", set larger than anything else in red) is not its title: the largest type below it is.
fn first_page_title(lines: &[Line], body: f32) -> Option<String> {
    let first: Vec<&Line> = lines.iter().take_while(|l| l.page == 0).take(15).collect();
    let largest = |from: usize| -> Option<(usize, String)> {
        let rest = &first[from.min(first.len())..];
        let max = rest.iter().map(|l| l.size).fold(0.0, f32::max);
        if !is_heading_size(max, body) {
            return None;
        }
        let start = rest.iter().position(|l| (l.size - max).abs() < 0.5)?;
        let mut title = String::new();
        let mut end = from + start;
        for l in rest[start..]
            .iter()
            .take_while(|l| (l.size - max).abs() < 0.5)
        {
            join_into(&mut title, &l.text);
            end += 1;
        }
        Some((end, title))
    };
    let (end, mut title) = largest(0)?;
    if is_masthead(&title) {
        if let Some((_, below)) = largest(end) {
            title = below;
        }
    }
    let n = title.chars().count();
    (2..=120).contains(&n).then_some(title)
}

/// A 公文's masthead (GB/T 9704 发文机关标志 or 纪要标志): the issuing office's name followed
/// by 文件, or a 纪要 mark.
pub(super) fn is_masthead(t: &str) -> bool {
    let k: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    k.chars().count() >= 4 && (k.ends_with("文件") || k.ends_with("纪要"))
}

/// The title a word processor's document shows by its type, for one written with direct
/// formatting (no title or heading style): among its first paragraphs `(size, text)`, the
/// largest set larger than the body, a masthead passed over as in [`first_page_title`].
pub(super) fn title_by_size(first: &[(f32, String)], body: f32) -> Option<String> {
    let fits = |t: &str| (2..=80).contains(&t.chars().count());
    let largest = |from: usize| -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, (size, text)) in first.iter().enumerate().skip(from) {
            if is_heading_size(*size, body)
                && fits(text)
                && best.is_none_or(|b| *size > first[b].0 + 0.25)
            {
                best = Some(i);
            }
        }
        best
    };
    let mut at = largest(0)?;
    if is_masthead(&first[at].1) {
        if let Some(below) = largest(at + 1) {
            at = below;
        }
    }
    Some(first[at].1.clone())
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
        || numbered(t)
}

/// `1.`, `12、`, `3．`, `2）` opening a clause, but not a decimal number (`12.4%`, `3.5`).
fn numbered(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let mut rest = t.chars().skip(digits);
    (1..=2).contains(&digits)
        && rest
            .next()
            .is_some_and(|c| matches!(c, '.' | '、' | '．' | ')' | '）'))
        && rest.next().is_some_and(|c| !c.is_ascii_digit())
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

    let tables = tables(lines, left, right);
    let mut table = tables.iter().peekable();

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
    for (i, l) in lines.iter().enumerate() {
        if let Some(t) = table.peek().filter(|t| t.lines.contains(&i)) {
            if i + 1 == t.lines.end {
                flush_para(&mut current, &mut blocks);
                if let Some((size, text)) = heading.take() {
                    blocks.push(Block::Heading(heading_level(size, body), text));
                }
                blocks.extend(t.rows.iter().cloned().map(Block::Row));
                table.next();
                prev = Some(l);
            }
            continue;
        }
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
                // Chinese lines are set to the full measure (justified, or ragged by a character
                // or two where punctuation may not start a line): one that stops clearly short
                // ended its paragraph.
                let prev_short = p.x1 < right - (2.0 * body).max(0.2 * (right - left))
                    || (p.text.chars().next_back().is_some_and(is_cjk)
                        && p.x1 < right - 2.5 * body);
                let far = same_page && (gap > pitch * 1.6 || gap < 0.0);
                // A short line set well right of the column (centred or right-aligned: a
                // signature, a date, a caption) is a paragraph of its own.
                let aligned_away = p.x0 > left + 4.0 * body && p.x1 - p.x0 < 0.5 * (right - left);
                current.is_empty()
                    || indented
                    || prev_short
                    || far
                    || aligned_away
                    || p.gapped
                    || l.gapped
                    || opens_item(&l.text)
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

/// A table found among the lines: the lines it covers and its rows of cells.
struct Table {
    lines: std::ops::Range<usize>,
    rows: Vec<Vec<String>>,
}

/// Tables: runs of lines whose spans stand apart in columns (at least two such lines), with
/// the lines of cells wrapped above or below them. Columns are where the spans of the cell
/// lines stand, merged where they overlap; the cells are read in the order the page draws
/// them (cell by cell, as word processors write tables), a cell to the left of the last one
/// starting the next row, so a cell wrapped over three lines stays one cell. When the page
/// draws its text in another order (more rows than lines), each line is one row.
fn tables(lines: &[Line], left: f32, right: f32) -> Vec<Table> {
    let width = (right - left).max(1.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].gapped {
            i += 1;
            continue;
        }
        let size = lines[i].size;
        let near = |a: &Line, b: &Line, by: f32| {
            a.page == b.page && a.y - b.y <= by * size && (b.size - size).abs() <= 0.15 * size
        };
        let narrow = |l: &Line| !l.gapped && l.x1 - l.x0 < 0.5 * width;
        // Forward: cell lines, and up to three wrapped lines between or after them — narrow,
        // or closer to the line above than lines of text ever are (cells set vertically
        // centred interleave their lines).
        let mut end = i + 1;
        let mut last_gapped = i;
        while end < lines.len() && near(&lines[end - 1], &lines[end], 3.0) {
            let l = &lines[end];
            if l.gapped {
                last_gapped = end;
            } else if !(narrow(l) || near(&lines[end - 1], l, 0.9)) || end - last_gapped >= 3 {
                break;
            }
            end += 1;
        }
        let cell_lines = (i..end).filter(|&k| lines[k].gapped).count();
        if cell_lines < 2 {
            i = end.max(i + 1);
            continue;
        }
        // Columns: the spans of the cell lines, merged where they overlap or nearly touch.
        let mut spans: Vec<(f32, f32)> = (i..end)
            .filter(|&k| lines[k].gapped)
            .flat_map(|k| lines[k].parts.iter().map(|p| (p.x0, p.x1)))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut columns: Vec<(f32, f32)> = Vec::new();
        for (a, b) in spans {
            match columns.last_mut() {
                Some(c) if a < c.1 + 0.5 * size => c.1 = c.1.max(b),
                _ => columns.push((a, b)),
            }
        }
        if columns.len() < 2 {
            i = end;
            continue;
        }
        // The column a span reaches into most.
        let column_of = |p: &Part| {
            columns
                .iter()
                .enumerate()
                .map(|(k, c)| (k, p.x1.min(c.1 + 0.5 * size) - p.x0.max(c.0 - 0.5 * size)))
                .filter(|(_, overlap)| *overlap > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(k, _)| k)
        };
        // A wrapped line belongs when each of its spans reaches into one column only (a
        // caption under the table spans several).
        let within = |l: &Line| {
            l.parts.iter().all(|p| {
                columns
                    .iter()
                    .filter(|c| p.x0 < c.1 + 0.5 * size && p.x1 > c.0 - 0.5 * size)
                    .count()
                    == 1
            })
        };
        // Wrapped lines after the last cell line belong only when they stand in one column;
        // a caption under the table does not.
        while end > last_gapped + 1 && !within(&lines[end - 1]) {
            end -= 1;
        }
        let mut start = i;
        let floor = out.last().map_or(0, |t: &Table| t.lines.end);
        // The upper lines of cells wrapped above a row's middle line (cells set vertically
        // centred): close above it, narrow, in one column.
        while start > floor
            && start + 2 > i
            && narrow(&lines[start - 1])
            && near(&lines[start - 1], &lines[start], 1.0)
            && within(&lines[start - 1])
        {
            start -= 1;
        }
        let mut parts: Vec<&Part> = (start..end).flat_map(|k| lines[k].parts.iter()).collect();
        parts.sort_by_key(|p| p.seq);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut last: Option<usize> = None;
        for p in parts {
            let Some(c) = column_of(p) else { continue };
            if last.is_none_or(|l| c < l) {
                rows.push(vec![String::new(); columns.len()]);
            }
            if let Some(cell) = rows.last_mut().map(|r| &mut r[c]) {
                join_into(cell, &p.text);
            }
            last = Some(c);
        }
        if rows.len() > end - start {
            rows = (start..end)
                .map(|k| {
                    let mut row = vec![String::new(); columns.len()];
                    for p in &lines[k].parts {
                        if let Some(c) = column_of(p) {
                            join_into(&mut row[c], &p.text);
                        }
                    }
                    row
                })
                .collect();
        }
        out.push(Table {
            lines: start..end,
            rows,
        });
        i = end;
    }
    out
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
pub(super) fn to_bytes(text: &str) -> Vec<u8> {
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
