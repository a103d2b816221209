//! Web feeds saved as files: RSS 2.0 (and 0.9x), Atom 1.0 and RSS 1.0 (RDF). A feed is a list
//! of articles, not one, so a feed with exactly one item imports that item (title, link →
//! url, author, date, and its HTML through the same extraction and sanitizing path as a saved
//! page); a feed with several items, or none, is refused with a reason that names the feed and
//! its item count. Raw XML is never stored as an article's text.
//!
//! The XML is read with quick-xml (MIT), a pull parser, so a huge or broken feed costs only a
//! linear pass; `feed-rs` would parse the same formats but brings its own date, URL and UUID
//! stack for fields we do not store.

use std::sync::LazyLock;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use regex::Regex;

use super::{decode, Extracted, Format, ImportError};

/// The feed formats, by their root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Rss,
    Atom,
    Rdf,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Rss => "an RSS feed",
            Kind::Atom => "an Atom feed",
            Kind::Rdf => "an RSS 1.0 (RDF) feed",
        }
    }
}

/// One item (RSS) or entry (Atom).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Item {
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    /// The date as the feed writes it (RFC 822 for RSS, RFC 3339 for Atom and RDF): when it
    /// was published, else when it was last updated.
    pub date: Option<String>,
    updated: Option<String>,
    /// The item's HTML: the full content when the feed carries it, else the summary.
    pub html: String,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub kind: Kind,
    pub title: String,
    pub items: Vec<Item>,
}

/// The root element of the document, skipping a BOM, the XML declaration, comments,
/// processing instructions (a stylesheet) and a doctype, read from the first 4 KB.
fn root_element(text: &str) -> Option<String> {
    let head = super::prefix(text.trim_start_matches('\u{feff}'), 4096);
    let mut rest = head.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = r.split_once('>')?.1.trim_start();
        } else {
            break;
        }
    }
    let tag = rest.strip_prefix('<')?;
    let end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
    // The root's attributes (namespaces) come with it, up to the tag's end.
    let open_end = tag.find('>').unwrap_or(tag.len());
    Some(format!("{} {}", &tag[..end], &tag[end..open_end]))
}

/// Whether `text` is an RSS, Atom or RSS 1.0 feed, judged by its root element on the first
/// few KB: `<rss>`, `<feed xmlns="http://www.w3.org/2005/Atom">` or `<rdf:RDF>` with the RSS
/// 1.0 namespace. An XHTML page (root `<html>`) is not a feed.
pub fn is_feed(text: &str) -> bool {
    let Some(root) = root_element(text) else {
        return false;
    };
    let (name, attrs) = root.split_once(' ').unwrap_or((&root, ""));
    match name.rsplit(':').next().unwrap_or(name) {
        "rss" => true,
        "feed" => attrs.contains("http://www.w3.org/2005/Atom") || attrs.contains("purl.org/atom"),
        "RDF" => attrs.contains("purl.org/rss/1.0"),
        _ => false,
    }
}

/// The encoding label of the XML declaration (`<?xml version="1.0" encoding="GBK"?>`).
pub fn declared_encoding(text: &str) -> Option<String> {
    static DECL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r#"^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']"#).ok()
    });
    let head = super::prefix(text.trim_start_matches('\u{feff}'), 512);
    DECL.as_ref()?
        .captures(head)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned())
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.into_inner()) == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_owned())
        })
}

/// Which item field an element's text goes to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Title,
    Link,
    Author,
    Date,
    Updated,
    /// Full content (`content:encoded`, Atom `content`).
    Content,
    /// A summary (`description`, Atom `summary`).
    Summary,
    FeedTitle,
}

/// What is being collected: the field, the element depth it started at, whether its text is
/// plain (to be escaped into HTML) or XHTML markup copied as it is.
struct Capture {
    field: Field,
    depth: usize,
    plain: bool,
    xhtml: bool,
    text: String,
}

/// Parse a feed. Malformed XML ends the parse where it breaks: what was read stays.
pub fn parse(text: &str) -> Option<Feed> {
    let root = root_element(text)?;
    let kind = match local(root.split(' ').next().unwrap_or("")) {
        "rss" => Kind::Rss,
        "feed" => Kind::Atom,
        "RDF" => Kind::Rdf,
        _ => return None,
    };
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<String> = Vec::new();
    let mut feed = Feed {
        kind,
        title: String::new(),
        items: Vec::new(),
    };
    let mut item: Option<(Item, String, String)> = None; // (item, content, summary)
    let mut cap: Option<Capture> = None;
    let mut events = 0usize;
    loop {
        events += 1;
        let Ok(ev) = reader.read_event() else { break };
        if events > 5_000_000 {
            break;
        }
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(e.name().into_inner()).to_owned();
                if let Some(c) = cap.as_mut().filter(|c| c.xhtml) {
                    c.text.push('<');
                    c.text.push_str(&name);
                    c.text.push_str(&xhtml_attrs(&e));
                    c.text.push('>');
                    stack.push(name);
                    continue;
                }
                let in_item = item.is_some();
                if (name == "item" || name == "entry") && !in_item {
                    item = Some((Item::default(), String::new(), String::new()));
                } else if cap.is_none() {
                    let parent = stack.last().map(String::as_str).unwrap_or("");
                    let field = field_of(&name, parent, in_item, &stack);
                    if name == "link" && in_item && kind == Kind::Atom {
                        atom_link(&e, item.as_mut().map(|i| &mut i.0));
                    }
                    if let Some(field) = field {
                        let ty = attr(&e, "type").unwrap_or_default().to_ascii_lowercase();
                        let atom = kind == Kind::Atom;
                        cap = Some(Capture {
                            field,
                            depth: stack.len(),
                            plain: atom && (ty.is_empty() || ty == "text"),
                            xhtml: atom && ty == "xhtml",
                            text: String::new(),
                        });
                    }
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = local(e.name().into_inner()).to_owned();
                if let Some(c) = cap.as_mut().filter(|c| c.xhtml) {
                    c.text.push('<');
                    c.text.push_str(&name);
                    c.text.push_str(&xhtml_attrs(&e));
                    c.text.push_str("/>");
                } else if name == "link" && kind == Kind::Atom {
                    atom_link(&e, item.as_mut().map(|i| &mut i.0));
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if cap.as_ref().is_some_and(|c| c.depth == stack.len()) {
                    if let Some(c) = cap.take() {
                        store(c, &mut feed, item.as_mut());
                    }
                } else if let Some(c) = cap.as_mut().filter(|c| c.xhtml) {
                    c.text.push_str("</");
                    c.text.push_str(&name);
                    c.text.push('>');
                }
                if (name == "item" || name == "entry") && cap.is_none() {
                    if let Some((mut it, content, summary)) = item.take() {
                        if it.date.is_none() {
                            it.date = it.updated.take();
                        }
                        it.html = if content.trim().is_empty() {
                            summary
                        } else {
                            content
                        };
                        feed.items.push(it);
                    }
                }
            }
            Event::Text(t) => {
                if let Some(c) = cap.as_mut() {
                    let raw = t.xml10_content();
                    if c.xhtml {
                        c.text
                            .push_str(&quick_xml::escape::minimal_escape(raw.as_ref()));
                    } else {
                        c.text.push_str(&raw);
                    }
                }
            }
            Event::CData(t) => {
                if let Some(c) = cap.as_mut() {
                    c.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cap.as_mut() {
                    let name = r.into_inner();
                    let resolved = if let Some(num) = name.strip_prefix('#') {
                        let n = match num.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => num.parse().ok(),
                        };
                        n.and_then(char::from_u32).map(String::from)
                    } else {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
                    };
                    match resolved {
                        // In XHTML content a resolved `<` is text again, so escape it back.
                        Some(s) if c.xhtml => c
                            .text
                            .push_str(&quick_xml::escape::minimal_escape(s.as_str())),
                        Some(s) => c.text.push_str(&s),
                        // An HTML entity (`&nbsp;`) that XML does not know: HTML resolves it.
                        None => {
                            c.text.push('&');
                            c.text.push_str(&name);
                            c.text.push(';');
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Some(feed)
}

/// The attributes of an XHTML element inside Atom content, as written.
fn xhtml_attrs(e: &BytesStart<'_>) -> String {
    let raw = e.attributes_raw();
    if raw.trim().is_empty() {
        String::new()
    } else {
        format!(" {}", raw.trim())
    }
}

/// Atom's `<link href>`: the `alternate` one (or one without `rel`) is the item's page.
fn atom_link(e: &BytesStart<'_>, item: Option<&mut Item>) {
    let Some(item) = item else { return };
    let rel = attr(e, "rel").unwrap_or_else(|| "alternate".into());
    if rel == "alternate" && item.link.is_none() {
        item.link = attr(e, "href").filter(|h| !h.is_empty());
    }
}

/// The field an element's text is, given its parent (and whether it is inside an item).
fn field_of(name: &str, parent: &str, in_item: bool, stack: &[String]) -> Option<Field> {
    if !in_item {
        // The feed's own title: `channel/title` (RSS, RDF) or `feed/title` (Atom).
        return (name == "title" && matches!(parent, "channel" | "feed"))
            .then_some(Field::FeedTitle);
    }
    let in_author = stack.iter().any(|s| s == "author");
    Some(match name {
        "title" if matches!(parent, "item" | "entry") => Field::Title,
        "link" if parent == "item" => Field::Link,
        "encoded" => Field::Content,
        "content" if parent == "entry" => Field::Content,
        "description" | "summary" => Field::Summary,
        // RSS `author` is text; Atom's holds `name` and `email` (only the name is read).
        "author" | "creator" if parent == "item" => Field::Author,
        "name" if in_author => Field::Author,
        "pubDate" | "date" | "published" | "issued" => Field::Date,
        "updated" | "modified" => Field::Updated,
        _ => return None,
    })
}

fn store(c: Capture, feed: &mut Feed, item: Option<&mut (Item, String, String)>) {
    let text = c.text;
    let one_line = || text.split_whitespace().collect::<Vec<_>>().join(" ");
    match (c.field, item) {
        (Field::FeedTitle, _) => {
            if feed.title.is_empty() {
                feed.title = one_line();
            }
        }
        (_, None) => {}
        (Field::Title, Some(i)) => {
            if i.0.title.is_empty() {
                // An Atom title of type html carries markup: its text is the title.
                i.0.title = if c.plain || c.xhtml || !text.contains('<') {
                    one_line()
                } else {
                    dom_query::Document::fragment(text.as_str())
                        .root()
                        .text()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                };
            }
        }
        (Field::Link, Some(i)) => {
            if i.0.link.is_none() && !text.trim().is_empty() {
                i.0.link = Some(text.trim().to_owned());
            }
        }
        (Field::Author, Some(i)) => {
            if i.0.author.is_none() {
                i.0.author = clean_author(&one_line());
            }
        }
        (Field::Date, Some(i)) => {
            if i.0.date.is_none() {
                i.0.date = Some(text.trim().to_owned());
            }
        }
        (Field::Updated, Some(i)) => {
            if i.0.updated.is_none() {
                i.0.updated = Some(text.trim().to_owned());
            }
        }
        (Field::Content | Field::Summary, Some(i)) => {
            let html = if c.plain {
                super::sanitize::paragraphs_to_html(&text)
            } else {
                text
            };
            let slot = if c.field == Field::Content {
                &mut i.1
            } else {
                &mut i.2
            };
            if slot.trim().is_empty() {
                *slot = html;
            }
        }
    }
}

/// RSS `author` is an e-mail address, often with the name in parentheses:
/// `editor@example.com (Jane Doe)`; a bare address is no name to show.
fn clean_author(s: &str) -> Option<String> {
    let s = s.trim();
    if let (Some(open), true) = (s.find('('), s.ends_with(')')) {
        let name = s[open + 1..s.len() - 1].trim();
        if !name.is_empty() {
            return Some(name.to_owned());
        }
    }
    if s.is_empty() || (s.contains('@') && !s.contains(' ')) {
        None
    } else {
        Some(s.to_owned())
    }
}

/// An RFC 822 date (`Tue, 10 Jun 2003 04:00:00 GMT`) as ISO 8601 local time as written;
/// anything else (RFC 3339) goes to the page-date parser.
fn iso_date(s: &str) -> Option<String> {
    static RFC822: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?").ok()
    });
    let s = s.trim();
    if let Some(c) = RFC822.as_ref().and_then(|re| re.captures(s)) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let month = c.get(2).map(|m| m.as_str().to_ascii_lowercase())?;
        let mo = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .position(|m| *m == month)? as u32
            + 1;
        let (d, mut y) = (num(1)?, num(3)?);
        if y < 100 {
            y += if y < 70 { 2000 } else { 1900 };
        }
        if !(1..=31).contains(&d) {
            return None;
        }
        return Some(match (num(4), num(5)) {
            (Some(h), Some(mi)) if h < 24 && mi < 60 => {
                let sec = num(6).filter(|x| *x < 60).unwrap_or(0);
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}")
            }
            _ => format!("{y:04}-{mo:02}-{d:02}"),
        });
    }
    super::meta::parse_machine_date(s)
}

/// The one item of a feed as a page for the HTML extractor: its title as the headline and
/// `<title>`, its HTML as the article.
fn item_page(item: &Item) -> String {
    let title = super::sanitize::escape(&item.title);
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><article><h1>{title}</h1>\n<div>{}</div></article></body></html>",
        item.html
    )
}

/// Import a decoded feed: its one item as the article, or a refusal that says what the file
/// is and what to do.
pub fn extract(decoded: &decode::Decoded) -> Result<Extracted, ImportError> {
    let feed = parse(&decoded.text)
        .ok_or_else(|| ImportError::UnsupportedFormat("an XML feed that cannot be read".into()))?;
    let named = if feed.title.is_empty() {
        feed.kind.name().to_owned()
    } else {
        format!("{} «{}»", feed.kind.name(), feed.title)
    };
    let item = match feed.items.as_slice() {
        [one] => one,
        [] => {
            return Err(ImportError::UnsupportedFormat(format!(
                "{named} without items: there is no article in it"
            )))
        }
        many => {
            return Err(ImportError::UnsupportedFormat(format!(
                "{named} of {} items, not an article: open an item's page and save that",
                many.len()
            )))
        }
    };
    let url = item
        .link
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let page = decode::Decoded {
        text: item_page(item),
        encoding: decoded.encoding,
    };
    let mut x = super::from_html(&page, url, Format::Html)?;
    if !item.title.is_empty() {
        x.title = item.title.clone();
    }
    if item.author.is_some() {
        x.author = item.author.clone();
    }
    if let Some(d) = item.date.as_deref().and_then(iso_date) {
        x.published = Some(d);
    }
    if x.site.is_none() && !feed.title.is_empty() {
        x.site = Some(feed.title.clone());
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc822_dates_become_iso() {
        assert_eq!(
            iso_date("Tue, 10 Jun 2003 04:00:00 GMT").as_deref(),
            Some("2003-06-10T04:00:00")
        );
        assert_eq!(
            iso_date("5 Jan 22 9:05 +0800").as_deref(),
            Some("2022-01-05T09:05:00")
        );
    }

    #[test]
    fn feeds_are_told_from_pages() {
        assert!(is_feed(
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
        ));
        assert!(is_feed(
            "\u{feff}<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(is_feed(
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
        ));
        assert!(!is_feed(
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
        assert!(!is_feed("<feed>not atom</feed>"));
        assert!(!is_feed("rss is a word"));
    }

    #[test]
    fn rss_author_address_gives_the_name_in_parentheses() {
        assert_eq!(
            clean_author("a@b.org (Jane Doe)").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(clean_author("a@b.org"), None);
    }
}
