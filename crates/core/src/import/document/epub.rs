//! EPUB 2 and 3: `META-INF/container.xml` names the package (OPF); its metadata gives title,
//! author, date and language, its spine the chapters in reading order, and the table of
//! contents (the EPUB 3 `nav` document or the EPUB 2 NCX) their names. Each chapter's XHTML
//! becomes blocks; a chapter that does not open with its own heading gets its contents-list
//! name as one, so the book reads (and the reader navigates) chapter by chapter.
//!
//! Vertical and right-to-left books are read in their logical order, which is the order
//! their text is stored in: the writing direction is a matter of display.

use super::xml::{attr, entity_text, local, name_of, MAX_EVENTS};
use super::{tidy, zipped::SafeZip, Block, Document};
use crate::import::{meta, ImportError};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

/// One manifest item.
struct Item {
    href: String,
    media_type: String,
    properties: String,
}

/// What the OPF says.
#[derive(Default)]
struct Package {
    title: Option<String>,
    creator: Option<String>,
    date: Option<String>,
    language: Option<String>,
    manifest: HashMap<String, Item>,
    spine: Vec<String>,
    /// The NCX's manifest id (EPUB 2: `<spine toc="ncx">`).
    toc: Option<String>,
}

pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    let mut zip = SafeZip::open(bytes)?;
    let container = zip.read_text("META-INF/container.xml")?.ok_or_else(|| {
        ImportError::UnsupportedFormat("an EPUB without META-INF/container.xml".into())
    })?;
    let opf_path = rootfile(&container).ok_or_else(|| {
        ImportError::UnsupportedFormat("an EPUB whose container names no package".into())
    })?;
    let opf = zip.read_text(&opf_path)?.ok_or_else(|| {
        ImportError::UnsupportedFormat(format!("the EPUB package {opf_path:?} is missing"))
    })?;
    let package = parse_opf(&opf);
    let base = opf_path.rsplit_once('/').map_or("", |(d, _)| d);

    // Chapter names from the table of contents, by the chapter's path.
    let mut names: HashMap<String, String> = HashMap::new();
    let nav = package
        .manifest
        .values()
        .find(|i| i.properties.split_whitespace().any(|p| p == "nav"));
    if let Some(nav) = nav {
        let path = resolve(base, &nav.href);
        if let Some(x) = zip.read_text(&path)? {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
            for (label, href) in nav_entries(&x) {
                names.entry(resolve(&dir, &href)).or_insert(label);
            }
        }
    }
    if names.is_empty() {
        let ncx = package
            .toc
            .as_ref()
            .and_then(|id| package.manifest.get(id))
            .or_else(|| {
                package
                    .manifest
                    .values()
                    .find(|i| i.media_type == "application/x-dtbncx+xml")
            });
        if let Some(ncx) = ncx {
            let path = resolve(base, &ncx.href);
            if let Some(x) = zip.read_text(&path)? {
                let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
                for (label, href) in ncx_entries(&x) {
                    names.entry(resolve(&dir, &href)).or_insert(label);
                }
            }
        }
    }

    let mut doc = Document {
        meta_title: package.title.clone(),
        author: package.creator.clone(),
        published: package.date.as_deref().and_then(meta::parse_machine_date),
        lang: package.language.clone(),
        ..Document::default()
    };
    for idref in &package.spine {
        let Some(item) = package.manifest.get(idref) else {
            continue;
        };
        if !(item.media_type.contains("html") || item.media_type.is_empty()) {
            continue;
        }
        let path = resolve(base, &item.href);
        let Some(bytes) = zip.read(&path)? else {
            continue;
        };
        let html = String::from_utf8_lossy(&bytes);
        let mut blocks = chapter_blocks(&html);
        if let Some(name) = names.get(&path) {
            let opens_with_it = blocks.iter().take(3).any(|b| match b {
                Block::Heading(_, t) => tidy(t) == tidy(name) || t.contains(name.as_str()),
                _ => false,
            });
            if !opens_with_it && !blocks.is_empty() {
                blocks.insert(0, Block::Heading(2, name.clone()));
            }
        }
        doc.blocks.extend(blocks);
    }
    if doc.blocks.is_empty() {
        return Err(ImportError::NoContent);
    }
    // A book's title is its package title; the first chapter's heading is not the book's.
    if doc.meta_title.is_none() {
        doc.text_title = doc.blocks.iter().find_map(|b| match b {
            Block::Heading(_, t) => Some(t.clone()),
            _ => None,
        });
    }
    Ok(doc)
}

/// `%XX` escapes of an href decoded (EPUB hrefs are URLs).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The archive path of `href` relative to folder `dir`, without its fragment, `.` and `..`.
fn resolve(dir: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in href.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn rootfile(container: &str) -> Option<String> {
    let mut reader = Reader::from_str(container);
    for _ in 0..MAX_EVENTS {
        match reader.read_event().ok()? {
            Event::Eof => return None,
            Event::Start(e) | Event::Empty(e) if name_of(&e) == "rootfile" => {
                let media = attr(&e, "media-type").unwrap_or_default();
                if media.is_empty() || media == "application/oebps-package+xml" {
                    return attr(&e, "full-path").map(|p| percent_decode(&p));
                }
            }
            _ => {}
        }
    }
    None
}

fn parse_opf(xml: &str) -> Package {
    let mut p = Package::default();
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut field: Option<String> = None;
    let mut value = String::new();
    for _ in 0..MAX_EVENTS {
        let Ok(ev) = reader.read_event() else { break };
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = name_of(&e);
                match name.as_str() {
                    "title" | "creator" | "date" | "language" => {
                        field = Some(name);
                        value.clear();
                    }
                    "item" => {
                        if let (Some(id), Some(href)) = (attr(&e, "id"), attr(&e, "href")) {
                            p.manifest.insert(
                                id,
                                Item {
                                    href,
                                    media_type: attr(&e, "media-type").unwrap_or_default(),
                                    properties: attr(&e, "properties").unwrap_or_default(),
                                },
                            );
                        }
                    }
                    "spine" => p.toc = attr(&e, "toc"),
                    "itemref" if attr(&e, "linear").as_deref() != Some("no") => {
                        if let Some(id) = attr(&e, "idref") {
                            p.spine.push(id);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if field.is_some() => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if field.is_some() => value.push_str(&entity_text(r)),
            Event::End(e) => {
                let name = local(e.name().into_inner()).to_owned();
                if field.as_deref() == Some(name.as_str()) {
                    let v = tidy(&value);
                    let slot = match name.as_str() {
                        "title" => &mut p.title,
                        "creator" => &mut p.creator,
                        "date" => &mut p.date,
                        _ => &mut p.language,
                    };
                    // The first of each: a book's main title and first author come first.
                    if slot.is_none() && !v.is_empty() {
                        *slot = Some(v);
                    }
                    field = None;
                }
            }
            _ => {}
        }
    }
    p
}

/// (label, href) of each link in an EPUB 3 navigation document's `toc` nav (or its first nav).
fn nav_entries(xhtml: &str) -> Vec<(String, String)> {
    let doc = dom_query::Document::from(xhtml);
    let navs = doc.select("nav");
    let nav = navs
        .iter()
        .find(|n| {
            n.attr("epub:type").is_some_and(|t| t.contains("toc"))
                || n.attr("type").is_some_and(|t| t.contains("toc"))
        })
        .or_else(|| navs.iter().next());
    let Some(nav) = nav else { return Vec::new() };
    nav.select("a[href]")
        .iter()
        .filter_map(|a| {
            let label = tidy(&a.text());
            let href = a.attr("href")?.to_string();
            (!label.is_empty()).then_some((label, href))
        })
        .collect()
}

/// (label, href) of each navPoint of an EPUB 2 NCX.
fn ncx_entries(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut label = String::new();
    let mut in_text = false;
    for _ in 0..MAX_EVENTS {
        let Ok(ev) = reader.read_event() else { break };
        match ev {
            Event::Eof => break,
            Event::Start(e) if name_of(&e) == "navPoint" => label.clear(),
            Event::Start(e) if name_of(&e) == "text" => in_text = true,
            Event::End(e) if local(e.name().into_inner()) == "text" => in_text = false,
            Event::Text(t) if in_text => label.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => label.push_str(&entity_text(r)),
            Event::Start(e) | Event::Empty(e) if name_of(&e) == "content" => {
                if let Some(src) = attr(&e, "src") {
                    let l = tidy(&label);
                    if !l.is_empty() {
                        out.push((l, src));
                    }
                    label.clear();
                }
            }
            _ => {}
        }
    }
    out
}

const SKIP: &[&str] = &[
    "script", "style", "head", "template", "svg", "math", "nav", "aside", "rt", "rp",
];
const LEAF_BLOCKS: &[&str] = &["p", "pre", "dt", "dd", "figcaption", "caption", "address"];
const CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "blockquote",
    "body",
    "main",
    "header",
    "footer",
    "figure",
    "ul",
    "ol",
    "dl",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "center",
    "hgroup",
];

/// The blocks of one chapter's XHTML: headings with their levels, paragraphs, list items,
/// table rows; text loose in a container is a paragraph of its own.
fn chapter_blocks(xhtml: &str) -> Vec<Block> {
    let doc = dom_query::Document::from(xhtml);
    let body = doc.select("body");
    let Some(root) = body.nodes().first().copied() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut stack = vec![root];
    let mut steps = 0usize;
    while let Some(node) = stack.pop() {
        steps += 1;
        if steps > 2_000_000 {
            break;
        }
        if node.is_text() {
            let t = tidy(&node.text());
            if !t.is_empty() {
                out.push(Block::Paragraph(t));
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        // A note (EPUB 3 `<aside epub:type="footnote">`, or the DPUB-ARIA role) is text of
        // the book: kept, after the chapter, as Word's notes are; other asides are sidebars.
        if is_note(&node) {
            let t = tidy(&ruby_free_text(&node));
            if !t.is_empty() {
                notes.push(Block::Note(t));
            }
            continue;
        }
        if SKIP.contains(&name.as_str()) {
            continue;
        }
        let has_block_child = node.children_it(false).any(|c| {
            c.is_element()
                && c.node_name().is_some_and(|n| {
                    let n = n.to_ascii_lowercase();
                    LEAF_BLOCKS.contains(&n.as_str())
                        || CONTAINERS.contains(&n.as_str())
                        || n == "li"
                        || n == "tr"
                        || (n.len() == 2 && n.starts_with('h') && n[1..].parse::<u8>().is_ok())
                })
        });
        let level = (name.len() == 2 && name.starts_with('h'))
            .then(|| name[1..].parse::<u8>().ok())
            .flatten()
            .filter(|l| (1..=6).contains(l));
        let text = || tidy(&ruby_free_text(&node));
        if let Some(l) = level {
            out.push(Block::Heading(l, text()));
        } else if name == "tr" {
            let cells: Vec<String> = node
                .children_it(false)
                .filter(|c| c.is_element())
                .map(|c| tidy(&ruby_free_text(&c)))
                .collect();
            out.push(Block::Row(cells));
        } else if name == "li" && !has_block_child {
            out.push(Block::Item(text()));
        } else if (LEAF_BLOCKS.contains(&name.as_str())
            || !CONTAINERS.contains(&name.as_str()) && name != "li")
            && !has_block_child
        {
            out.push(Block::Paragraph(text()));
        } else {
            let children: Vec<_> = node.children_it(true).collect();
            stack.extend(children);
        }
    }
    out.append(&mut notes);
    out
}

/// A footnote, endnote or rear note by its `epub:type` or DPUB-ARIA `role`.
fn is_note(node: &dom_query::NodeRef<'_>) -> bool {
    ["epub:type", "type", "role"].iter().any(|a| {
        node.attr(a).is_some_and(|v| {
            v.split_whitespace().any(|w| {
                matches!(
                    w.trim_start_matches("doc-"),
                    "footnote" | "endnote" | "rearnote" | "note"
                )
            })
        })
    })
}

/// An element's text without ruby annotations (`<rt>` pinyin / furigana over characters):
/// they are glosses, not the text.
fn ruby_free_text(node: &dom_query::NodeRef<'_>) -> String {
    if !node
        .descendants_it()
        .any(|d| d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("rt")))
    {
        return node.text().to_string();
    }
    let mut out = String::new();
    for d in node.descendants_it() {
        if d.is_text()
            && !d.ancestors_it(None).any(|a| {
                a.node_name()
                    .is_some_and(|n| n.eq_ignore_ascii_case("rt") || n.eq_ignore_ascii_case("rp"))
            })
        {
            out.push_str(&d.text());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            resolve("OEBPS", "Text/ch1.xhtml#p3"),
            "OEBPS/Text/ch1.xhtml"
        );
        assert_eq!(
            resolve("OEBPS/Text", "../Text/%E7%AC%AC1.xhtml"),
            "OEBPS/Text/第1.xhtml"
        );
        assert_eq!(resolve("", "ch1.xhtml"), "ch1.xhtml");
    }
}
