//! Plain text of an HTML tree as lines: block elements (p, div, li, td, br, h1…) end a line,
//! inline whitespace collapses, script/style and other non-reading elements are skipped.

use dom_query::NodeRef;

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
    let mut out = Vec::new();
    let mut buf = String::new();
    // (node, leaving): a `true` entry marks the end of a block element.
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(*root, false)];
    let mut steps = 0usize;
    while let Some((node, leaving)) = stack.pop() {
        steps += 1;
        if steps > 2_000_000 {
            break;
        }
        if leaving {
            flush(&mut buf, &mut out);
            continue;
        }
        if node.is_text() {
            let t = node.text();
            push_text(&mut buf, &t);
            continue;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if SKIP.contains(&name.as_str()) {
            continue;
        }
        let block = BLOCKS.contains(&name.as_str());
        if block {
            flush(&mut buf, &mut out);
            stack.push((node, true));
        }
        let children: Vec<NodeRef<'_>> = node.children_it(true).collect();
        for c in children {
            stack.push((c, false));
        }
    }
    flush(&mut buf, &mut out);
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

fn flush(buf: &mut String, out: &mut Vec<String>) {
    let line = buf.trim();
    if !line.is_empty() {
        out.push(line.to_owned());
    }
    buf.clear();
}
