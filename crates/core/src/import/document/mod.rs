//! Documents that are not web pages — PDF, Word (.docx, .doc, .wps), ODT and EPUB — read into
//! one shape, [`Document`]: metadata and a list of [`Block`]s in reading order. [`finish`] makes
//! the stored article from it, so every format gets the same body text (paragraphs separated
//! by one blank line), the same reader HTML (built from escaped text, then sanitized like any
//! page) and the same title rules.
//!
//! Each reader lives in its own file; the zip-based ones open their archive only through
//! [`zipped::SafeZip`], which refuses bombs before anything is inflated.

mod epub;
mod odt;
mod pdf;
mod word;
mod xml;
pub(crate) mod zipped;

use super::{lang, sanitize, Extracted, Format, ImportError};

/// Which reader a file goes to, decided by its first bytes (and, for zip and OLE containers,
/// by what they hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    /// The binary Word format (.doc) and Kingsoft's .wps, both OLE compound files.
    Doc,
    Odt,
    Epub,
}

/// The document kind of `bytes`, or `None` for a text format (HTML, text, Markdown…).
pub fn sniff(bytes: &[u8]) -> Option<Result<Kind, ImportError>> {
    // A PDF may carry a little junk before its header (readers accept 1024 bytes), but not
    // markup: a web page that quotes "%PDF-" near its top is still a web page.
    let head = &bytes[..bytes.len().min(1024)];
    if let Some(at) = head.windows(5).position(|w| w == b"%PDF-") {
        if !head[..at].contains(&b'<') {
            return Some(Ok(Kind::Pdf));
        }
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(zipped::container_kind(bytes));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Ok(Kind::Doc));
    }
    None
}

/// Read a document of `kind`. `file_name` is the fallback title.
pub fn extract(
    bytes: &[u8],
    kind: Kind,
    file_name: Option<&str>,
) -> Result<Extracted, ImportError> {
    let (doc, format) = match kind {
        Kind::Pdf => (pdf::read(bytes)?, Format::Pdf),
        Kind::Docx => (
            word::read(bytes, office_oxide::DocumentFormat::Docx)?,
            Format::Docx,
        ),
        Kind::Doc => (
            word::read(bytes, office_oxide::DocumentFormat::Doc)?,
            Format::Doc,
        ),
        Kind::Odt => (odt::read(bytes)?, Format::Odt),
        Kind::Epub => (epub::read(bytes)?, Format::Epub),
    };
    finish(doc, format, file_name)
}

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 (largest) to 6.
    Heading(u8, String),
    Paragraph(String),
    /// A list item; consecutive items form one list.
    Item(String),
    /// A table row, one string per cell; consecutive rows form one table.
    Row(Vec<String>),
    /// A footnote or endnote body, shown after the text.
    Note(String),
}

impl Block {
    fn text(&self) -> String {
        match self {
            Block::Heading(_, t) | Block::Paragraph(t) | Block::Item(t) | Block::Note(t) => {
                t.clone()
            }
            // Cells are separated by a tab: whitespace, so the reader's text map (which
            // ignores whitespace) aligns the table's cells with it.
            Block::Row(cells) => cells.join("\t"),
        }
    }
}

/// What a reader found in a document.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Document {
    /// The title the document's properties give (may be junk such as "Microsoft Word - a.doc";
    /// [`finish`] decides).
    pub meta_title: Option<String>,
    /// A title found in the text itself (the largest line of a PDF's first page), preferred to
    /// the first heading.
    pub text_title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601, as `meta::parse_machine_date` gives it.
    pub published: Option<String>,
    pub lang: Option<String>,
    pub blocks: Vec<Block>,
}

/// Collapse runs of whitespace to one space and drop the spaces a layout puts between two
/// Chinese or Japanese characters (PDF text and Word runs are often spaced per character).
pub fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev = out.chars().next_back();
            if !(prev.is_some_and(is_cjk) && is_cjk(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// [`tidy`] each line, keeping the line breaks.
pub fn tidy_lines(s: &str) -> String {
    s.split('\n')
        .map(tidy)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A character of Chinese, Japanese or Korean text, or CJK punctuation / full-width forms:
/// never separated by spaces in running text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        // U+3000 (ideographic space) is whitespace: `tidy` treats it as a space.
        && c != '\u{3000}'
}

/// Titles that name the file or the template rather than the document.
fn is_junk_title(t: &str) -> bool {
    let t = t.trim();
    let lower = t.to_lowercase();
    t.chars().count() < 2
        || lower.starts_with("microsoft word - ")
        || lower.starts_with("microsoft powerpoint - ")
        || [".doc", ".docx", ".wps", ".pdf", ".odt", ".txt", ".rtf", ".indd", ".tmp"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || ["untitled", "title", "document", "unknown", "无标题", "标题", "文档", "新建文档"]
            .contains(&lower.as_str())
        || lower.starts_with("untitled")
        || lower.starts_with("无标题")
        // A path or a temp name ("C:\…", "/tmp/…", "~WRL0001").
        || t.contains('\\')
        || t.starts_with('/')
        || t.starts_with('~')
}

/// The file name without its extension, as a last-resort title.
fn file_stem(file_name: Option<&str>) -> Option<String> {
    let name = file_name?.rsplit(['/', '\\']).next()?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s).trim();
    (!stem.is_empty()).then(|| stem.to_owned())
}

/// A paragraph short enough to be a title when nothing better is there.
fn short_enough(t: &str) -> bool {
    let n = t.chars().count();
    (2..=80).contains(&n)
}

/// The stored article of a document: title chosen, body text and reader HTML built.
pub fn finish(
    doc: Document,
    format: Format,
    file_name: Option<&str>,
) -> Result<Extracted, ImportError> {
    let blocks: Vec<Block> = doc
        .blocks
        .into_iter()
        .filter(|b| !b.text().trim().is_empty())
        .collect();
    if blocks.is_empty() {
        return Err(ImportError::NoContent);
    }
    let first_heading = blocks.iter().find_map(|b| match b {
        Block::Heading(_, t) if short_enough(t) => Some(t.clone()),
        _ => None,
    });
    let first_short = blocks.iter().take(5).find_map(|b| match b {
        Block::Paragraph(t) if short_enough(t) => Some(t.clone()),
        _ => None,
    });
    let meta_title = doc
        .meta_title
        .map(|t| tidy(&t))
        .filter(|t| !is_junk_title(t));
    let title = doc
        .text_title
        .filter(|t| short_enough(t))
        .or(meta_title)
        .or(first_heading)
        .or(first_short)
        .or_else(|| file_stem(file_name))
        .unwrap_or_else(|| format.as_str().to_uppercase());
    let body_text = blocks
        .iter()
        .map(Block::text)
        .collect::<Vec<_>>()
        .join("\n\n");
    let lang = doc
        .lang
        .filter(|l| !l.is_empty() && l != "und")
        .map(|l| l.split(['-', '_']).next().unwrap_or("und").to_lowercase())
        .unwrap_or_else(|| lang::guess(&format!("{title}\n{body_text}")).to_owned());
    Ok(Extracted {
        body_html: sanitize::clean_html(&to_html(&blocks), None),
        title,
        author: doc.author.map(|a| tidy(&a)).filter(|a| !a.is_empty()),
        published: doc.published,
        source: None,
        site: None,
        section: None,
        url: None,
        body_text,
        lang,
        encoding: "UTF-8".to_owned(),
        format,
    })
}

/// The reader's HTML of `blocks`: every text escaped, lists and tables grouped.
fn to_html(blocks: &[Block]) -> String {
    use sanitize::escape;
    let mut out = String::new();
    let mut open: Option<&str> = None;
    for b in blocks {
        let want = match b {
            Block::Item(_) => Some("ul"),
            Block::Row(_) => Some("table"),
            _ => None,
        };
        if open != want {
            if let Some(tag) = open {
                out.push_str(&format!("</{tag}>\n"));
            }
            if let Some(tag) = want {
                out.push_str(&format!("<{tag}>"));
            }
            open = want;
        }
        match b {
            Block::Heading(level, t) => {
                let l = (*level).clamp(1, 6);
                out.push_str(&format!("<h{l}>{}</h{l}>\n", escape(t)));
            }
            Block::Paragraph(t) => out.push_str(&format!("<p>{}</p>\n", lines_html(t))),
            Block::Note(t) => out.push_str(&format!("<p><small>{}</small></p>\n", lines_html(t))),
            Block::Item(t) => out.push_str(&format!("<li>{}</li>", lines_html(t))),
            Block::Row(cells) => {
                out.push_str("<tr>");
                for c in cells {
                    out.push_str(&format!("<td>{}</td>", escape(c)));
                }
                out.push_str("</tr>");
            }
        }
    }
    if let Some(tag) = open {
        out.push_str(&format!("</{tag}>\n"));
    }
    out
}

fn lines_html(t: &str) -> String {
    t.split('\n')
        .map(sanitize::escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_drops_spaces_between_chinese_characters_only() {
        assert_eq!(tidy("全 世 界 无 产 者 ， 联 合"), "全世界无产者，联合");
        assert_eq!(tidy("hello   world  中 文 A"), "hello world 中文 A");
    }

    #[test]
    fn junk_titles_are_not_titles() {
        assert!(is_junk_title("Microsoft Word - 通知.doc"));
        assert!(is_junk_title("report.pdf"));
        assert!(is_junk_title("无标题文档"));
        assert!(!is_junk_title("关于开展安全生产检查的通知"));
    }
}
