//! Plain text of an HTML tree as lines: block elements (p, div, li, td, br, h1…) end a line,
//! inline whitespace collapses, script/style and other non-reading elements are skipped.
//!
//! [`Body`] is the article body as ONE tree that both the reader's HTML and the searchable
//! text are read from: each line remembers the text nodes it came from, so dropping a line
//! (a caption, the headline repeated above the text) drops it from the HTML too, and the two
//! can never disagree. [`reveal_rendered`] runs before the readability pass, which would
//! otherwise throw away what a browser shows inside form controls, `<object>`, `<dialog>` and
//! `<noscript>` (with scripts off its content is ordinary markup).

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "section",
    "article",
    "blockquote",
    "pre",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "hr",
    "figure",
    "figcaption",
    "center",
    "main",
    "address",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
    "html",
];

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "select", "textarea", "button",
    "svg", "math", "object", "embed", "canvas", "audio", "video", "title", "option",
];

/// Walk `root` (iteratively: deep trees cannot overflow the stack) and return its text lines.
pub fn lines(root: &NodeRef<'_>) -> Vec<String> {
    walk(root, SKIP).into_iter().map(|(l, _)| l).collect()
}

/// The lines of `root` with the ids of the text nodes each was made of; `skip` names the
/// elements whose text is not read.
fn walk(root: &NodeRef<'_>, skip: &[&str]) -> Vec<(String, Vec<NodeId>)> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut ids: Vec<NodeId> = Vec::new();
    // (node, leaving): a `true` entry marks the end of a block element.
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(*root, false)];
    let mut steps = 0usize;
    while let Some((node, leaving)) = stack.pop() {
        steps += 1;
        if steps > 2_000_000 {
            break;
        }
        if leaving {
            flush(&mut buf, &mut ids, &mut out);
            continue;
        }
        if node.is_text() {
            let t = node.text();
            push_text(&mut buf, &t);
            ids.push(node.id);
            continue;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if skip.contains(&name.as_str()) {
            continue;
        }
        let block = BLOCKS.contains(&name.as_str());
        if block {
            flush(&mut buf, &mut ids, &mut out);
            stack.push((node, true));
        }
        let children: Vec<NodeRef<'_>> = node.children_it(true).collect();
        for c in children {
            stack.push((c, false));
        }
    }
    flush(&mut buf, &mut ids, &mut out);
    out
}

fn push_text(buf: &mut String, t: &str) {
    let starts_ws = t.starts_with(char::is_whitespace);
    let ends_ws = t.ends_with(char::is_whitespace);
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() {
        if !t.is_empty() && !buf.is_empty() && !buf.ends_with(' ') {
            buf.push(' ');
        }
        return;
    }
    if starts_ws && !buf.is_empty() && !buf.ends_with(' ') {
        buf.push(' ');
    }
    buf.push_str(&words.join(" "));
    if ends_ws {
        buf.push(' ');
    }
}

fn flush(buf: &mut String, ids: &mut Vec<NodeId>, out: &mut Vec<(String, Vec<NodeId>)>) {
    let line = buf.trim();
    if !line.is_empty() {
        out.push((line.to_owned(), std::mem::take(ids)));
    }
    // A whitespace-only line's nodes stay: they are only layout.
    ids.clear();
    buf.clear();
}

/// Elements a browser shows (scripts off) that the readability pass deletes with their
/// content: form controls, `<object>` fallback content, dialogs, `<noscript>`. An unclosed one
/// holds the rest of its parent, often the whole article.
const REVEAL: &[&str] = &[
    "button", "select", "optgroup", "option", "textarea", "object", "dialog", "noscript", "label",
    "output", "datalist",
];

/// The attribute that remembers what a revealed element was, so pruning can still drop a
/// small control (a "分享" button) as page chrome.
pub const WAS_ATTR: &str = "data-wz-el";

/// Rename the [`REVEAL`] elements under `root` to `div` (when they hold blocks, as an unclosed
/// one does) or `span`, marked with [`WAS_ATTR`], so that their text survives readability.
/// `<datalist>` is never shown (its options are suggestions) and keeps its name.
pub fn reveal_rendered(root: &NodeRef<'_>) {
    let nodes: Vec<NodeRef<'_>> = root.descendants_it().filter(|n| n.is_element()).collect();
    for n in nodes.iter().rev() {
        let name = element_name(n);
        if !REVEAL.contains(&name.as_str()) || name == "datalist" {
            continue;
        }
        n.rename(if has_block(n) { "div" } else { "span" });
        n.set_attr(WAS_ATTR, &name);
    }
}

fn element_name(n: &NodeRef<'_>) -> String {
    n.node_name()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether `n` has a block element (or an `<option>`, a line of its own) below it.
fn has_block(n: &NodeRef<'_>) -> bool {
    n.descendants_it().any(|d| {
        d.is_element() && {
            let name = element_name(&d);
            BLOCKS.contains(&name.as_str()) || name == "option"
        }
    })
}

/// What the body walk does not read: only what a browser never shows as text.
const BODY_SKIP: &[&str] = &["script", "style", "template", "head", "title"];

/// The article body: one parsed tree (already sanitized) and its lines, each with the text
/// nodes it came from.
pub struct Body {
    doc: Document,
    lines: Vec<(String, Vec<NodeId>)>,
}

impl Body {
    /// Parse sanitized reader HTML.
    pub fn parse(clean_html: &str) -> Body {
        let doc = Document::fragment(clean_html);
        let lines = walk(&doc.root(), BODY_SKIP);
        Body { doc, lines }
    }

    /// The text lines, in order.
    pub fn lines(&self) -> Vec<String> {
        self.lines.iter().map(|(l, _)| l.clone()).collect()
    }

    /// Keep only the lines for which `keep(index, line)` holds: the others are removed from
    /// the tree, with the elements they leave empty.
    pub fn retain(&mut self, mut keep: impl FnMut(usize, &str) -> bool) {
        let mut kept = Vec::with_capacity(self.lines.len());
        let mut touched: HashSet<NodeId> = HashSet::new();
        for (i, (line, ids)) in std::mem::take(&mut self.lines).into_iter().enumerate() {
            if keep(i, &line) {
                kept.push((line, ids));
                continue;
            }
            for id in ids {
                let Some(node) = self.doc.tree.get(&id) else {
                    continue;
                };
                // Its ancestors may be left empty; each is marked once (linear in all).
                let mut up = node.parent();
                while let Some(p) = up {
                    if !touched.insert(p.id) {
                        break;
                    }
                    up = p.parent();
                }
                node.remove_from_parent();
            }
        }
        self.lines = kept;
        if touched.is_empty() {
            return;
        }
        // Which elements still hold text or an image, bottom-up in one pass (descendants come
        // in document order, children after their parent).
        let root = self.doc.root();
        let nodes = root.descendants();
        let mut full: HashSet<NodeId> = HashSet::new();
        for n in nodes.iter().rev() {
            let has = if n.is_text() {
                !n.text().trim().is_empty()
            } else {
                full.contains(&n.id) || (n.is_element() && element_name(n) == "img")
            };
            if has {
                if let Some(p) = n.parent() {
                    full.insert(p.id);
                }
                full.insert(n.id);
            }
        }
        // Remove the outermost emptied elements (not the fragment's `<html>` wrapper).
        let mut gone: HashSet<NodeId> = HashSet::new();
        for n in &nodes {
            let parent = n.parent();
            if parent.as_ref().is_some_and(|p| gone.contains(&p.id)) {
                gone.insert(n.id);
                continue;
            }
            let wrapper = parent.as_ref().is_none_or(|p| !p.is_element());
            if n.is_element() && !wrapper && touched.contains(&n.id) && !full.contains(&n.id) {
                gone.insert(n.id);
                n.remove_from_parent();
            }
        }
    }

    /// The tree as HTML (the fragment's children, without its wrapper).
    pub fn html(&self) -> String {
        let root = self.doc.root();
        let wrapper = root.children_it(false).find(|c| c.is_element());
        match wrapper {
            Some(w) => w.inner_html().to_string(),
            None => String::new(),
        }
    }
}
