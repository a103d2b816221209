//! Word documents: .docx and the binary .doc (and Kingsoft's .wps, the same OLE container),
//! read by office_oxide into its document tree (headings, paragraphs, lists, tables, notes,
//! the core properties), then flattened into our blocks. office_oxide bounds what a file can
//! make it allocate (zip sizes and ratios, text budgets); a .docx also passes our own
//! [`SafeZip`](super::zipped::SafeZip) check first, like every zip we open.

use super::{is_junk_title, tidy, tidy_lines, zipped::SafeZip, Block, Document};
use crate::import::{meta, ImportError};
use office_oxide::ir::{Element, InlineContent};
use office_oxide::DocumentFormat;

/// Read a Word document of `format` (Docx or Doc).
pub fn read(bytes: &[u8], format: DocumentFormat) -> Result<Document, ImportError> {
    if format == DocumentFormat::Docx {
        SafeZip::open(bytes)?;
    }
    let options = office_oxide::options::ParseOptions::default();
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let doc = office_oxide::Document::from_reader_with(cursor, format, &options)
        .map_err(|e| refusal(e, format))?;
    let ir = doc.to_ir();
    let mut out = Document {
        meta_title: ir.metadata.title.clone(),
        author: ir.metadata.author.clone(),
        published: ir
            .metadata
            .created
            .as_deref()
            .and_then(meta::parse_machine_date),
        ..Document::default()
    };
    let mut notes = Notes::default();
    for section in &ir.sections {
        flatten(&section.elements, &mut out.blocks, &mut notes);
    }
    out.blocks.extend(notes.blocks);
    // A .doc's properties are strings in the code page the file declares; the ones
    // office_oxide has no table for (UTF-8 as LibreOffice writes, GBK and Big5 as Chinese
    // Word does) come through one char per byte.
    let body: String = out.blocks.iter().map(Block::text).collect();
    out.meta_title = out.meta_title.map(|t| redecode_property(&t, &body));
    out.author = out.author.map(|a| redecode_property(&a, &body));
    // The title the page shows by its type, unless the properties name another: office_oxide
    // fills an empty title property with a guess from the first lines (a .doc's masthead), and
    // a title that only repeats one of them says nothing the type does not.
    let (title, first) = sized_title(ir.sections.iter().flat_map(|s| s.elements.iter()));
    let property = out
        .meta_title
        .as_deref()
        .map(tidy)
        .filter(|t| !is_junk_title(t) && !first.iter().any(|(_, f)| tidy(f) == *t));
    if property.is_none() {
        out.text_title = title;
    }
    Ok(out)
}

/// Type this large is display type, never body text.
const DISPLAY_TYPE: f32 = 18.0;
/// How much larger than the body a heading is set at least (as in [`super::pdf`]).
const HEADING_RATIO: f32 = 1.15;

/// The title of a document written with direct formatting (a 公文 typed in 小标宋 at 二号,
/// no style): the largest type among its first paragraphs, when larger than the body's.
/// Also gives the first paragraphs, `(size, text)`.
fn sized_title<'a>(
    elements: impl Iterator<Item = &'a Element>,
) -> (Option<String>, Vec<(f32, String)>) {
    let mut chars_by_size: std::collections::HashMap<u32, usize> = Default::default();
    let mut first: Vec<(f32, String)> = Vec::new();
    // Text whose size the reader does not know (office_oxide does not apply a .doc's style
    // sizes to its runs).
    let mut size_unknown = 0usize;
    for e in elements {
        let content = match e {
            Element::Paragraph(p) => &p.content,
            Element::Heading(h) => &h.content,
            _ => continue,
        };
        let mut here: std::collections::HashMap<u32, usize> = Default::default();
        for c in content {
            if let InlineContent::Text(span) = c {
                let n = span.text.chars().filter(|c| !c.is_whitespace()).count();
                match span.font_size_half_pt {
                    Some(half_points) => {
                        *chars_by_size.entry(half_points).or_default() += n;
                        *here.entry(half_points).or_default() += n;
                    }
                    None => size_unknown += n,
                }
            }
        }
        let text = inline_text(content);
        if first.len() < 12 && !text.trim().is_empty() {
            let size = here.into_iter().max_by_key(|(s, n)| (*n, *s));
            first.push((size.map_or(0.0, |(s, _)| s as f32 / 2.0), text));
        }
    }
    let body = if size_unknown >= chars_by_size.values().sum::<usize>() {
        // Most text is in a size the reader does not know: only display type (18 pt, 小二,
        // and up; body text is 10.5–16 pt) is surely larger than it.
        Some(DISPLAY_TYPE / HEADING_RATIO)
    } else {
        chars_by_size
            .into_iter()
            .max_by_key(|(s, n)| (*n, std::cmp::Reverse(*s)))
            .map(|(s, _)| s as f32 / 2.0)
    };
    let title = body.and_then(|body| super::pdf::title_by_size(&first, body));
    (title, first)
}

/// `s` read again from the bytes it was decoded from one char per byte (Latin-1), when it
/// is such a reading: in the encoding whose reading the document's own text shares the most
/// characters with, else as UTF-8 when the bytes are UTF-8, else as GBK when that gives
/// Chinese characters only. Anything else is kept as it is.
fn redecode_property(s: &str, body: &str) -> String {
    if s.chars().any(|c| c as u32 > 0xFF) || s.is_ascii() {
        return s.to_owned();
    }
    let bytes = super::pdf::to_bytes(s);
    let decoded = |enc: &'static encoding_rs::Encoding| -> Option<String> {
        let (text, _, errors) = enc.decode(&bytes);
        (!errors).then(|| text.into_owned())
    };
    let candidates: Vec<String> = [
        encoding_rs::UTF_8,
        encoding_rs::GBK,
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_KR,
    ]
    .into_iter()
    .filter_map(decoded)
    .collect();
    let shared = |t: &str| {
        t.chars()
            .filter(|c| !c.is_ascii() && body.contains(*c))
            .count()
    };
    let wide = |t: &str| t.chars().filter(|c| !c.is_ascii()).count();
    if let Some(best) = candidates
        .iter()
        .filter(|t| shared(t) * 2 > wide(t))
        .max_by_key(|t| shared(t))
    {
        return best.clone();
    }
    if let Ok(utf8) = std::str::from_utf8(&bytes) {
        return utf8.to_owned();
    }
    if let Some(gbk) =
        decoded(encoding_rs::GBK).filter(|t| t.chars().all(|c| c.is_ascii() || super::is_cjk(c)))
    {
        return gbk;
    }
    s.to_owned()
}

/// The user's message for a document office_oxide cannot read.
fn refusal(e: office_oxide::OfficeError, format: DocumentFormat) -> ImportError {
    let text = e.to_string();
    if text.contains("encrypted") || text.contains("password") {
        return ImportError::Encrypted;
    }
    if text.contains("limit") {
        return ImportError::ArchiveLimit(text);
    }
    match format {
        DocumentFormat::Doc => ImportError::UnsupportedFormat(format!(
            "this .doc / .wps file cannot be read ({text}); open it in Word or WPS and save it as .docx"
        )),
        _ => ImportError::UnsupportedFormat(format!("damaged Word document ({text})")),
    }
}

fn inline_text(content: &[InlineContent]) -> String {
    tidy_lines(&office_oxide::ir::inline_to_text(content))
}

/// The text of nested elements (a table cell, a list item, a note) as one string.
fn elements_text(elements: &[Element]) -> String {
    let mut blocks = Vec::new();
    let mut notes = Notes::default();
    flatten(elements, &mut blocks, &mut notes);
    blocks
        .iter()
        .chain(notes.blocks.iter())
        .map(|b| match b {
            Block::Row(cells) => cells.join(" "),
            Block::Heading(_, t) | Block::Paragraph(t) | Block::Item(t) | Block::Note(t) => {
                t.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Footnotes and endnotes, shown after the text, and how many of each came so far.
#[derive(Default)]
struct Notes {
    blocks: Vec<Block>,
    footnotes: usize,
    endnotes: usize,
}

fn flatten(elements: &[Element], out: &mut Vec<Block>, notes: &mut Notes) {
    for e in elements {
        match e {
            Element::Heading(h) => {
                out.push(Block::Heading(h.clamped_level(), inline_text(&h.content)))
            }
            Element::Paragraph(p) => out.push(Block::Paragraph(inline_text(&p.content))),
            Element::List(list) => list_items(list, out),
            Element::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|c| elements_text(&c.content).replace('\n', " "))
                        .collect();
                    if cells.iter().any(|c| !c.trim().is_empty()) {
                        out.push(Block::Row(cells));
                    }
                }
            }
            Element::TextBox(b) => flatten(&b.content, out, notes),
            Element::Footnote(n) | Element::Endnote(n) => {
                let count = if matches!(e, Element::Footnote(_)) {
                    &mut notes.footnotes
                } else {
                    &mut notes.endnotes
                };
                *count += 1;
                let text = elements_text(&n.content);
                // The mark the page shows; without one, the note's number among its kind in
                // reading order (not its XML id: LibreOffice's first .docx footnote is w:id 2,
                // after the separators; a .doc's mark reads "footnote").
                let marker = n
                    .marker
                    .clone()
                    .filter(|m| !m.trim().is_empty() && m.chars().count() <= 4)
                    .unwrap_or_else(|| count.to_string());
                if !text.trim().is_empty() {
                    notes.blocks.push(Block::Note(format!("[{marker}] {text}")));
                }
            }
            Element::CodeBlock(c) => out.push(Block::Paragraph(c.content.clone())),
            Element::Image(_)
            | Element::ThematicBreak
            | Element::PageBreak
            | Element::ColumnBreak
            | Element::Shape(_) => {}
            // Element is non-exhaustive: kinds a newer office_oxide adds carry no text we know.
            _ => {}
        }
    }
}

fn list_items(list: &office_oxide::ir::List, out: &mut Vec<Block>) {
    for item in &list.items {
        let text = elements_text(&item.content);
        if !text.trim().is_empty() {
            out.push(Block::Item(text));
        }
        if let Some(nested) = &item.nested {
            list_items(nested, out);
        }
    }
}
