//! The reader's HTML: an ammonia allow-list of reading tags. No script/style/iframe/form, no event
//! handlers, no `javascript:` URLs, no images (so no remote loads), links get
//! `rel="noopener noreferrer"`. Plain-text paragraphs become escaped `<p>` elements.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&'static str> = [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "b",
        "i",
        "a",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "figure",
        "figcaption",
        "br",
        "hr",
        "sub",
        "sup",
        "dl",
        "dt",
        "dd",
    ]
    .into_iter()
    .collect();
    let mut tag_attrs: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    tag_attrs.insert("a", ["href", "title"].into_iter().collect());
    tag_attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    tag_attrs.insert("th", ["colspan", "rowspan"].into_iter().collect());
    let schemes: HashSet<&'static str> = ["http", "https", "mailto"].into_iter().collect();
    let clean_content: HashSet<&'static str> = [
        "script", "style", "iframe", "noscript", "object", "embed", "template", "select",
        "textarea", "button", "svg", "math", "head", "title",
    ]
    .into_iter()
    .collect();
    let mut b = ammonia::Builder::default();
    b.tags(tags)
        .tag_attributes(tag_attrs)
        .generic_attributes(HashSet::new())
        .url_schemes(schemes)
        .clean_content_tags(clean_content)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    b
});

/// Sanitize an HTML fragment for the reader.
pub fn clean_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Escape plain-text paragraphs (separated by "\n\n") into `<p>` elements.
pub fn paragraphs_to_html(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    for para in body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        for (i, line) in para.split('\n').enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            out.push_str(&escape(line));
        }
        out.push_str("</p>\n");
    }
    out
}

/// Minimal HTML text escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
