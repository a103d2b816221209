//! The reader's HTML: an ammonia allow-list of reading tags. No script/style/iframe/form, no event
//! handlers, no `javascript:` URLs, links get `rel="noopener noreferrer"`. Images never keep a
//! `src`: each becomes `<img data-wz-src="https://…">`, a placeholder the webview cannot load,
//! so nothing phones home. When the user allows images for an article, the reader points them at
//! the app's own `wzimg:` protocol, which fetches the URL kept here without cookies (see
//! [`image_urls`]). Plain-text paragraphs become escaped `<p>` elements.

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
        "img",
        // Block containers keep the text's paragraphs apart in the reader as in the text.
        "div",
    ]
    .into_iter()
    .collect();
    let mut tag_attrs: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    tag_attrs.insert("a", ["href", "title"].into_iter().collect());
    tag_attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    tag_attrs.insert("img", [IMAGE_ATTR, "alt"].into_iter().collect());
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
        // Only the placeholders `mark_images` wrote survive: a web URL, nothing else.
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == IMAGE_ATTR && !is_web_url(value) {
                None
            } else {
                Some(value.into())
            }
        })
        .strip_comments(true);
    b
});

/// Elements whose text a browser never shows: dropped with their content.
const NOT_RENDERED: &[&str] = &[
    "script", "style", "template", "head", "title", "iframe", "noembed", "noframes", "audio",
    "video", "canvas", "datalist", "embed", "param", "source", "track", "input", "link", "meta",
    "base", "map", "area",
];

/// Block elements outside the allow-list: they become `div`s (ammonia would unwrap them and
/// run their paragraphs together).
const OTHER_BLOCKS: &[&str] = &[
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "center",
    "address",
    "fieldset",
    "legend",
    "details",
    "summary",
    "form",
    "menu",
    "dir",
    "hgroup",
    "search",
    "option",
    "optgroup",
    "listing",
    "xmp",
    "plaintext",
    "frameset",
    "body",
    "html",
];

/// The allow-list's own tags and `span` (unwrapped by ammonia, keeping its text).
fn allowed(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "blockquote"
            | "pre"
            | "code"
            | "em"
            | "strong"
            | "b"
            | "i"
            | "a"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "th"
            | "td"
            | "caption"
            | "figure"
            | "figcaption"
            | "br"
            | "hr"
            | "sub"
            | "sup"
            | "dl"
            | "dt"
            | "dd"
            | "img"
            | "div"
            | "span"
    )
}

/// The reader's HTML of an article container (a parsed document, edited in place): every
/// text a browser shows stays. Elements
/// outside the allow-list are renamed before ammonia sees them, because ammonia deletes the
/// whole content of an element it does not know as HTML (`<root>`, `<text>`, `<set>`: names
/// of SVG or MathML elements, or of none), which cut the article after an unclosed unknown
/// tag while the text kept it. SVG and MathML keep only their text. Then [`clean_html`].
pub fn reader_html(doc: &dom_query::Document, base: Option<&str>) -> String {
    let Some(body) = doc.select("body").nodes().first().copied() else {
        return String::new();
    };
    let nodes: Vec<dom_query::NodeRef<'_>> =
        body.descendants_it().filter(|n| n.is_element()).collect();
    // Children first, so a renamed parent still sees what its children became.
    for n in nodes.iter().rev() {
        let Some(qual) = n
            .qual_name_ref()
            .map(|q| (q.ns.to_string(), q.local.to_string()))
        else {
            continue;
        };
        let (ns, name) = qual;
        let name = name.to_ascii_lowercase();
        if !ns.ends_with("xhtml") {
            // SVG / MathML: only an outermost one is handled, as one span of its text.
            let outer = n.parent().is_some_and(|p| {
                p.qual_name_ref()
                    .is_some_and(|q| q.ns.to_string().ends_with("xhtml"))
            });
            if outer {
                let text = foreign_text(n);
                let span = doc.tree.new_element("span");
                span.append_child(&doc.tree.new_text(text));
                n.replace_with(&span);
            }
            continue;
        }
        if NOT_RENDERED.contains(&name.as_str()) {
            n.remove_from_parent();
        } else if name == "textarea" {
            // Its content is text (never markup): a preformatted block of it.
            n.rename("pre");
        } else if OTHER_BLOCKS.contains(&name.as_str()) {
            n.rename("div");
        } else if !allowed(&name) {
            n.rename(if has_block_child(n) { "div" } else { "span" });
        }
    }
    clean_html(&body.inner_html(), base)
}

/// The text an SVG or MathML element shows: SVG's `<text>` content (not `<title>`, `<desc>`
/// or `<style>`), all of MathML's.
fn foreign_text(n: &dom_query::NodeRef<'_>) -> String {
    let is_svg = n
        .qual_name_ref()
        .is_some_and(|q| q.ns.to_string().ends_with("svg"));
    let mut out = String::new();
    for t in n.descendants_it().filter(|d| d.is_text()) {
        let shown = !is_svg
            || std::iter::successors(t.parent(), |p| p.parent())
                .take_while(|p| p.id != n.id)
                .any(|p| p.node_name().is_some_and(|name| &*name == "text"));
        if shown {
            out.push_str(&t.text());
        }
    }
    out
}

fn has_block_child(n: &dom_query::NodeRef<'_>) -> bool {
    n.children_it(false).any(|c| {
        c.node_name().is_some_and(|name| {
            let name = name.to_ascii_lowercase();
            matches!(
                name.as_str(),
                "p" | "div" | "ul" | "ol" | "table" | "blockquote" | "pre" | "dl" | "figure"
            ) || name.starts_with('h') && name.len() == 2
        })
    })
}

/// The attribute that keeps an image's remote URL in the reader's HTML.
pub const IMAGE_ATTR: &str = "data-wz-src";

/// Sanitize an HTML fragment for the reader; `base` (the page's URL) resolves relative image
/// URLs.
pub fn clean_html(html: &str, base: Option<&str>) -> String {
    CLEANER.clean(&mark_images(html, base)).to_string()
}

fn is_web_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Rewrite every `<img>` to a placeholder: its URL (lazy-loading attributes first, as Chinese
/// portals put the real one in `data-original`/`data-src`) resolved against `base` into
/// [`IMAGE_ATTR`], `alt` kept, every other attribute dropped. An image with no web URL
/// (`data:`, `javascript:`, relative without a base) keeps only its `alt`.
fn mark_images(html: &str, base: Option<&str>) -> String {
    if !html
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img"))
    {
        return html.to_owned();
    }
    let base = base.and_then(|b| ammonia::Url::parse(b).ok());
    let doc = dom_query::Document::fragment(html);
    for img in doc.select("img").nodes() {
        // IMAGE_ATTR last: cleaning reader HTML again keeps its placeholders.
        let url = ["data-original", "data-src", "src", IMAGE_ATTR]
            .iter()
            .filter_map(|a| img.attr(a))
            .map(|v| v.trim().to_owned())
            .find(|v| !v.is_empty())
            .and_then(|v| match &base {
                Some(b) => b.join(&v).ok(),
                None => ammonia::Url::parse(&v).ok(),
            })
            .map(String::from)
            .filter(|u| is_web_url(u));
        let alt = img.attr("alt").map(|a| a.to_string());
        img.remove_all_attrs();
        if let Some(u) = url {
            img.set_attr(IMAGE_ATTR, &u);
        }
        if let Some(a) = alt {
            img.set_attr("alt", &a);
        }
    }
    doc.html().to_string()
}

/// The remote URLs of the images in sanitized reader HTML, in document order: the n-th is what
/// `wzimg://…/<article>/<n>` fetches once the user allowed images for that article.
pub fn image_urls(body_html: &str) -> Vec<String> {
    if !body_html.contains(IMAGE_ATTR) {
        return Vec::new();
    }
    let doc = dom_query::Document::fragment(body_html);
    doc.select("img")
        .nodes()
        .iter()
        .filter_map(|img| img.attr(IMAGE_ATTR))
        .map(|u| u.to_string())
        .filter(|u| is_web_url(u))
        .collect()
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
