//! OpenDocument text (.odt): `content.xml` read with quick-xml — headings (`text:h` with its
//! outline level), paragraphs, lists, tables, notes (their bodies after the text), spaces and
//! tabs as ODF encodes them — and `meta.xml` for the title, author, date and language.
//! Comments (`office:annotation`) and tracked deletions are not the document's text.

use super::xml::{attr, entity_text, local, name_of, MAX_EVENTS};
use super::{is_junk_title, tidy, tidy_lines, zipped::SafeZip, Block, Document};
use crate::import::{meta, ImportError};
use quick_xml::events::Event;
use quick_xml::Reader;

pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    let mut zip = SafeZip::open(bytes)?;
    let content = zip
        .read_text("content.xml")?
        .ok_or_else(|| ImportError::UnsupportedFormat("an ODT file without content.xml".into()))?;
    let mut doc = Document {
        blocks: content_blocks(&content),
        ..Document::default()
    };
    if let Some(m) = zip.read_text("meta.xml")? {
        read_meta(&m, &mut doc);
    }
    // Without a usable title property, the title the page shows by its type.
    if doc
        .meta_title
        .as_deref()
        .is_none_or(|t| is_junk_title(&tidy(t)))
    {
        let styles = zip.read_text("styles.xml")?;
        doc.text_title = sized_title(&content, styles.as_deref());
    }
    Ok(doc)
}

/// A paragraph style's type size and the style it inherits from.
struct StyleSize {
    parent: Option<String>,
    /// Points, or a percentage of the parent's (`130%`).
    size: Option<(f32, bool)>,
}

/// The type sizes paragraph styles declare (the Asian size where there is one: the size the
/// Chinese text is set in), and the default paragraph style's.
fn style_sizes(
    xml: &str,
    out: &mut std::collections::HashMap<String, StyleSize>,
    default: &mut Option<f32>,
) {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    let mut in_default = false;
    for _ in 0..MAX_EVENTS {
        let Ok(ev) = reader.read_event() else { break };
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match name_of(&e).as_str() {
                "style" if attr(&e, "family").as_deref() == Some("paragraph") => {
                    let name = attr(&e, "name").unwrap_or_default();
                    out.insert(
                        name.clone(),
                        StyleSize {
                            parent: attr(&e, "parent-style-name"),
                            size: None,
                        },
                    );
                    current = Some(name);
                }
                "default-style" => in_default = attr(&e, "family").as_deref() == Some("paragraph"),
                "text-properties" => {
                    let size = attr(&e, "font-size-asian").or_else(|| attr(&e, "font-size"));
                    let size = size.and_then(|v| {
                        if let Some(p) = v.strip_suffix('%') {
                            p.trim().parse::<f32>().ok().map(|p| (p / 100.0, true))
                        } else {
                            v.strip_suffix("pt")?
                                .trim()
                                .parse::<f32>()
                                .ok()
                                .map(|p| (p, false))
                        }
                    });
                    if in_default {
                        if let Some((pt, false)) = size {
                            *default = Some(pt);
                        }
                    } else if let Some(s) = current.as_ref().and_then(|c| out.get_mut(c)) {
                        s.size = size.or(s.size);
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().into_inner()) {
                "style" => current = None,
                "default-style" => in_default = false,
                _ => {}
            },
            _ => {}
        }
    }
}

/// The title of a document written with direct formatting (a 公文 typed in 小标宋 at 二号
/// without a title style): the largest type among its first paragraphs, when larger than
/// the body's. Paragraph sizes come from the paragraph's style chain.
fn sized_title(content: &str, styles: Option<&str>) -> Option<String> {
    let mut table = std::collections::HashMap::new();
    let mut default = None;
    if let Some(s) = styles {
        style_sizes(s, &mut table, &mut default);
    }
    style_sizes(content, &mut table, &mut default);
    let default = default.unwrap_or(12.0);
    let size_of = |name: &str| -> f32 {
        // Walk up to the first style that states a size, applying percentages on the way.
        let mut factor = 1.0;
        let mut at = Some(name.to_owned());
        for _ in 0..16 {
            let Some(style) = at.as_deref().and_then(|n| table.get(n)) else {
                break;
            };
            match style.size {
                Some((pt, false)) => return pt * factor,
                Some((p, true)) => factor *= p,
                None => {}
            }
            at = style.parent.clone();
        }
        default * factor
    };
    // The body's paragraphs and headings (not those in tables, frames or notes), in order.
    let mut reader = Reader::from_str(content);
    reader.config_mut().check_end_names = false;
    let mut path: Vec<String> = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut chars_by_size: std::collections::HashMap<i32, usize> = Default::default();
    let mut first: Vec<(f32, String)> = Vec::new();
    let mut skip_depth: Option<usize> = None;
    for _ in 0..MAX_EVENTS {
        let Ok(ev) = reader.read_event() else { break };
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = name_of(&e);
                if open.is_none()
                    && matches!(name.as_str(), "p" | "h")
                    && path.last().is_some_and(|p| p == "text" || p == "section")
                {
                    open = Some((
                        path.len(),
                        attr(&e, "style-name").unwrap_or_default(),
                        String::new(),
                    ));
                } else if open.is_some()
                    && skip_depth.is_none()
                    && matches!(name.as_str(), "note" | "annotation" | "frame")
                {
                    skip_depth = Some(path.len());
                }
                path.push(name);
            }
            Event::Text(t) => {
                if let Some((_, _, text)) = open.as_mut().filter(|_| skip_depth.is_none()) {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, text)) = open.as_mut().filter(|_| skip_depth.is_none()) {
                    text.push_str(&entity_text(r));
                }
            }
            Event::End(_) => {
                path.pop();
                if skip_depth == Some(path.len()) {
                    skip_depth = None;
                }
                if open.as_ref().is_some_and(|(d, _, _)| *d == path.len()) {
                    let Some((_, style, text)) = open.take() else {
                        continue;
                    };
                    let text = tidy_lines(&text);
                    let size = size_of(&style);
                    *chars_by_size
                        .entry((size * 2.0).round() as i32)
                        .or_default() += text.chars().filter(|c| !c.is_whitespace()).count();
                    if first.len() < 12 && !text.is_empty() {
                        first.push((size, text));
                    }
                }
            }
            _ => {}
        }
    }
    let body = chars_by_size.into_iter().max_by_key(|(s, n)| (*n, -*s))?.0 as f32 / 2.0;
    super::pdf::title_by_size(&first, body)
}

/// Where the text being read goes when its paragraph ends.
enum Frame {
    Heading(u8),
    /// A list item: its paragraphs become items.
    Item,
    Cell(String),
    Row(Vec<String>),
    /// A note body, with its citation mark.
    Note(String, String),
    /// A subtree that is not the document's text.
    Skip,
}

fn content_blocks(xml: &str) -> Vec<Block> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut blocks = Vec::new();
    let mut notes = Vec::new();
    let mut frames: Vec<(usize, Frame)> = Vec::new();
    let mut depth = 0usize;
    // The paragraphs being read, innermost last: a note's paragraph sits inside the
    // paragraph that cites it, which goes on after the note.
    let mut texts: Vec<(usize, String)> = Vec::new();
    let mut citation = String::new();
    let mut in_citation = false;
    for _ in 0..MAX_EVENTS {
        let Ok(ev) = reader.read_event() else { break };
        let skipping = frames.iter().any(|(_, f)| matches!(f, Frame::Skip));
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = name_of(&e);
                depth += 1;
                if skipping {
                    continue;
                }
                match name.as_str() {
                    "note-citation" => {
                        in_citation = true;
                        citation.clear();
                        frames.push((depth, Frame::Skip));
                    }
                    "annotation" | "tracked-changes" | "sequence-decls" | "forms" | "desc"
                    | "title" => frames.push((depth, Frame::Skip)),
                    "h" => {
                        let level = attr(&e, "outline-level")
                            .and_then(|l| l.parse::<u8>().ok())
                            .unwrap_or(1);
                        frames.push((depth, Frame::Heading(level)));
                        texts.push((depth, String::new()));
                    }
                    "p" => texts.push((depth, String::new())),
                    "list-item" | "list-header" => frames.push((depth, Frame::Item)),
                    "table-row" => frames.push((depth, Frame::Row(Vec::new()))),
                    "table-cell" | "covered-table-cell" => {
                        frames.push((depth, Frame::Cell(String::new())))
                    }
                    "note-body" => {
                        frames.push((depth, Frame::Note(citation.clone(), String::new())))
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let Some((_, text)) = texts.last_mut().filter(|_| !skipping) else {
                    continue;
                };
                match local(e.name().into_inner()) {
                    "s" => {
                        let n = attr(&e, "c")
                            .and_then(|c| c.parse::<usize>().ok())
                            .unwrap_or(1);
                        text.push_str(&" ".repeat(n.min(100)));
                    }
                    "tab" => text.push('\t'),
                    "line-break" => text.push('\n'),
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = local(e.name().into_inner()).to_owned();
                let closing = frames.last().filter(|(d, _)| *d == depth).is_some();
                depth = depth.saturating_sub(1);
                if closing {
                    let Some((_, frame)) = frames.pop() else {
                        continue;
                    };
                    match frame {
                        Frame::Skip => {
                            if name == "note-citation" {
                                in_citation = false;
                            }
                        }
                        Frame::Heading(level) => {
                            let t = texts.pop().map(|(_, t)| tidy_lines(&t)).unwrap_or_default();
                            deliver(&mut frames, &mut blocks, t, Some(level));
                        }
                        Frame::Cell(cell) => {
                            if let Some((_, Frame::Row(cells))) = frames.last_mut() {
                                cells.push(cell);
                            }
                        }
                        Frame::Row(cells) => {
                            if cells.iter().any(|c| !c.trim().is_empty()) {
                                deliver_block(&mut frames, &mut blocks, Block::Row(cells));
                            }
                        }
                        Frame::Note(mark, body) => {
                            if !body.trim().is_empty() {
                                let mark = if mark.trim().is_empty() {
                                    (notes.len() + 1).to_string()
                                } else {
                                    mark.trim().to_owned()
                                };
                                notes.push(Block::Note(format!("[{mark}] {body}")));
                            }
                        }
                        Frame::Item => {}
                    }
                } else if !skipping
                    && name == "p"
                    && texts.last().is_some_and(|(d, _)| *d == depth + 1)
                {
                    let t = texts.pop().map(|(_, t)| tidy_lines(&t)).unwrap_or_default();
                    deliver(&mut frames, &mut blocks, t, None);
                }
            }
            Event::Text(t) => {
                if in_citation {
                    citation.push_str(&t.xml10_content());
                } else if let Some((_, text)) = texts.last_mut().filter(|_| !skipping) {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if in_citation {
                    citation.push_str(&entity_text(r));
                } else if let Some((_, text)) = texts.last_mut().filter(|_| !skipping) {
                    text.push_str(&entity_text(r));
                }
            }
            _ => {}
        }
    }
    blocks.extend(notes);
    blocks
}

/// A finished paragraph or heading goes to the innermost cell or note, else becomes a block.
fn deliver(frames: &mut [(usize, Frame)], blocks: &mut Vec<Block>, t: String, heading: Option<u8>) {
    if t.is_empty() {
        return;
    }
    for (_, f) in frames.iter_mut().rev() {
        match f {
            Frame::Cell(cell) | Frame::Note(_, cell) => {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&t);
                return;
            }
            Frame::Item => {
                blocks.push(Block::Item(t));
                return;
            }
            _ => {}
        }
    }
    blocks.push(match heading {
        Some(level) => Block::Heading(level, t),
        None => Block::Paragraph(t),
    });
}

/// A table row inside a cell (a nested table) joins that cell's text; else it is a block.
fn deliver_block(frames: &mut [(usize, Frame)], blocks: &mut Vec<Block>, b: Block) {
    if let Some((_, Frame::Cell(cell))) = frames.last_mut() {
        if let Block::Row(cells) = &b {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&cells.join(" "));
        }
        return;
    }
    blocks.push(b);
}

fn read_meta(xml: &str, doc: &mut Document) {
    let mut reader = Reader::from_str(xml);
    let mut current = String::new();
    let mut value = String::new();
    let mut creator = None;
    let mut initial_creator = None;
    for _ in 0..MAX_EVENTS {
        let Ok(ev) = reader.read_event() else { break };
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                current = name_of(&e);
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => value.push_str(&entity_text(r)),
            Event::End(_) => {
                let v = value.trim().to_owned();
                if !v.is_empty() {
                    match current.as_str() {
                        "title" => doc.meta_title = Some(v),
                        "creator" => creator = Some(v),
                        "initial-creator" => initial_creator = Some(v),
                        "creation-date" => doc.published = meta::parse_machine_date(&v),
                        "date" if doc.published.is_none() => {
                            doc.published = meta::parse_machine_date(&v)
                        }
                        "language" => doc.lang = Some(v),
                        _ => {}
                    }
                }
                current.clear();
                value.clear();
            }
            _ => {}
        }
    }
    doc.author = initial_creator.or(creator);
}
