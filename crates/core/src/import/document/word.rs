//! Word documents: .docx and the binary .doc (and Kingsoft's .wps, the same OLE container),
//! read by office_oxide into its document tree (headings, paragraphs, lists, tables, notes,
//! the core properties), then flattened into our blocks. office_oxide bounds what a file can
//! make it allocate (zip sizes and ratios, text budgets); a .docx also passes our own
//! [`SafeZip`](super::zipped::SafeZip) check first, like every zip we open.

use super::{tidy_lines, zipped::SafeZip, Block, Document};
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
    let mut notes = Vec::new();
    for section in &ir.sections {
        flatten(&section.elements, &mut out.blocks, &mut notes);
    }
    out.blocks.extend(notes);
    Ok(out)
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
    let mut notes = Vec::new();
    flatten(elements, &mut blocks, &mut notes);
    blocks
        .iter()
        .chain(notes.iter())
        .map(|b| match b {
            Block::Row(cells) => cells.join(" "),
            Block::Heading(_, t) | Block::Paragraph(t) | Block::Item(t) | Block::Note(t) => {
                t.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn flatten(elements: &[Element], out: &mut Vec<Block>, notes: &mut Vec<Block>) {
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
                let text = elements_text(&n.content);
                let marker = n.marker.clone().unwrap_or_else(|| n.id.to_string());
                if !text.trim().is_empty() {
                    notes.push(Block::Note(format!("[{marker}] {text}")));
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
