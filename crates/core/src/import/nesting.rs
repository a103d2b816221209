//! Depth bounds for hostile HTML. No real page nests elements more than a few dozen levels, but
//! a broken or hostile one can nest 10^5 in a megabyte, and three things downstream cost more
//! than linear time or stack in the depth:
//!
//! - html5ever's tree builder scans the stack of open elements on most start tags ("close a
//!   `p` in button scope"): time O(tags × depth), an hour for 10^5 nested `<div>`s;
//! - dom_smoothie scans each candidate's subtree (time quadratic in the depth);
//! - dom_query matches selectors recursively (stack linear in the depth: an overflow kills the
//!   process, not just the import).
//!
//! So the markup is bounded before parsing ([`limit_nesting`]: start tags that would open an
//! element deeper than [`MAX_OPEN`] are dropped, their text kept) and the parsed tree again
//! after ([`flatten_deep`], exact, for whatever the text-level estimate missed). Browsers do
//! the same: Blink's parser stops nesting at 512.

use std::borrow::Cow;
use std::collections::HashMap;

use dom_query::Document;

/// The most elements the text-level pass lets be open at once.
pub const MAX_OPEN: usize = 512;

/// Elements nested deeper than this in the parsed tree are lifted up to it.
pub const MAX_DEPTH: usize = 256;

/// Elements without an end tag: they never stay open.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is raw text up to their own end tag: `<div>` inside is not a tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements whose start tag is dropped when they are never closed: the rest of the page would
/// be their raw text (shown as source in a box, or not at all) or, for `<select>`, bare text
/// without its paragraphs. Not `<script>`/`<style>`: what follows an unclosed one is code.
const OPENED_WHEN_UNCLOSED: &[&str] = &[
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "select",
];

/// Elements that stop html5ever's "close a `p` element in button scope" search: a `p` below
/// one of them stays open when a new `p` starts.
const BUTTON_SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
];

/// Elements that a start tag of the same name closes when it is the current element, the
/// usual unclosed lists, definition lists, selects and table cells of old pages.
const SELF_CLOSING_SIBLINGS: &[&str] = &["li", "dt", "dd", "option", "tr", "td", "th"];

/// An estimate of the elements open while parsing, with the stack positions of each name so
/// that finding the nearest open element of a name is O(1).
#[derive(Default)]
struct Open<'a> {
    stack: Vec<&'a str>,
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Open<'a> {
    fn push(&mut self, name: &'a str) {
        self.by_name.entry(name).or_default().push(self.stack.len());
        self.stack.push(name);
    }

    /// Pop every element above and including position `at`.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            if let Some(name) = self.stack.pop() {
                if let Some(v) = self.by_name.get_mut(name) {
                    v.pop();
                }
            }
        }
    }

    fn nearest(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).and_then(|v| v.last().copied())
    }

    fn in_foreign(&self) -> bool {
        self.nearest("svg").is_some() || self.nearest("math").is_some()
    }

    /// The implied end tags html5ever certainly applies before opening `name` (so the
    /// estimate never stays low while the real stack grows).
    fn close_implied(&mut self, name: &str) {
        if let Some(p) = self.nearest("p") {
            let blocked = BUTTON_SCOPE
                .iter()
                .any(|b| self.nearest(b).is_some_and(|at| at > p));
            if name == "p" && !blocked {
                self.pop_to(p);
            }
        }
        if SELF_CLOSING_SIBLINGS.contains(&name) {
            if self.stack.last() == Some(&"p") && self.stack.len() >= 2 {
                // `<li><p>text<li>`: the p closes, then the li.
                if self.stack[self.stack.len() - 2] == name {
                    self.pop_to(self.stack.len() - 2);
                }
            } else if self.stack.last() == Some(&name) {
                self.pop_to(self.stack.len() - 1);
            }
        }
    }
}

/// Find `needle` (ASCII, lower case) in `hay` ignoring ASCII case, from `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    // Jump between occurrences of the first byte: comparing a whole window at every byte
    // was a measurable share of an extraction.
    let (&first, rest) = needle.split_first()?;
    let mut at = from;
    loop {
        at += hay
            .get(at..)?
            .iter()
            .position(|c| c.eq_ignore_ascii_case(&first))?;
        let tail = hay.get(at + 1..at + needle.len())?;
        if tail.eq_ignore_ascii_case(rest) {
            return Some(at);
        }
        at += 1;
    }
}

/// The first `needle` at or after `from`, remembered per needle: the scan only moves forward,
/// so a remembered position at or after `from` (or none found from an earlier start) is still
/// the answer, and a page of many `<select>`s costs one pass, not one per tag.
fn next_at(
    found: &mut HashMap<Vec<u8>, Option<usize>>,
    hay: &[u8],
    from: usize,
    needle: Vec<u8>,
) -> Option<usize> {
    match found.get(&needle) {
        Some(None) => None,
        Some(Some(at)) if *at >= from => Some(*at),
        _ => {
            let at = find_ci(hay, from, &needle);
            found.insert(needle, at);
            at
        }
    }
}

/// The end of a tag that starts at `lt` (the index after its `>`), skipping quoted values.
fn tag_end(b: &[u8], lt: usize) -> usize {
    let mut quote = None;
    let mut i = lt + 1;
    while let Some(&c) = b.get(i) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            // Only a value's opening quote (after `=`) starts a quoted run.
            None if (c == b'"' || c == b'\'')
                && b[lt..i].iter().rev().find(|x| !x.is_ascii_whitespace()) == Some(&b'=') =>
            {
                quote = Some(c);
            }
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    b.len()
}

/// `html` with every start tag dropped that would open an element beyond [`MAX_OPEN`] by a
/// linear estimate of the parser's stack, and the start tag of a raw-text element or select
/// that is never closed ([`OPENED_WHEN_UNCLOSED`]); borrowed unchanged when there is neither
/// (every real page).
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut open = Open::default();
    let mut found: HashMap<Vec<u8>, Option<usize>> = HashMap::new();
    let mut out: Option<String> = None;
    // Bytes before `copied` are already in `out` (or unchanged when `out` is None).
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<').map(|p| p + i) {
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find_ci(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml?>`, a bare `<` in text.
            i = lt + 1;
            continue;
        }
        let end = tag_end(b, lt);
        // Tag names are ASCII: lower-case them into a string the stack can keep.
        let raw = &html[name_start..name_start + name_len];
        let name: &str = if raw.bytes().any(|c| c.is_ascii_uppercase()) {
            // Leak-free: intern the few distinct upper-case spellings in a small table.
            intern(&raw.to_ascii_lowercase())
        } else {
            raw
        };
        i = end;
        if closing {
            if let Some(at) = open.nearest(name) {
                open.pop_to(at);
            }
            continue;
        }
        if RAW_TEXT.contains(&name) || name == "select" {
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend_from_slice(name.as_bytes());
            let mut open_tag = Vec::with_capacity(name.len() + 1);
            open_tag.push(b'<');
            open_tag.extend_from_slice(name.as_bytes());
            let closed_at = next_at(&mut found, b, end, close);
            // Only these can be reopened; a page's many scripts need no second search.
            let recoverable = OPENED_WHEN_UNCLOSED.contains(&name);
            let unclosed = recoverable
                && closed_at
                    .is_none_or(|c| next_at(&mut found, b, end, open_tag).is_some_and(|r| r < c));
            if unclosed {
                // Never closed: the parser would swallow the rest of the page into it (as raw
                // text, or as a select's bare text without its paragraphs). Drop the start tag
                // and read the rest as the markup it is.
                let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
                o.push_str(&html[copied..lt]);
                copied = end;
                continue;
            }
            if name == "select" {
                continue;
            }
            i = closed_at.unwrap_or(b.len());
            continue;
        }
        let self_closed = end >= 2 && b[end - 2] == b'/';
        if VOID.contains(&name) || (self_closed && open.in_foreign()) {
            continue;
        }
        open.close_implied(name);
        if open.stack.len() < MAX_OPEN {
            open.push(name);
        } else {
            // Drop the tag, keep everything around it.
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..lt]);
            copied = end;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// A `&'static str` for a lower-cased tag name: known names map to themselves, unknown
/// upper-case ones share one placeholder (they still count as open elements, which is what
/// the depth estimate needs; two different unknown names then close each other, erring low
/// only for markup no page uses).
fn intern(lower: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "big",
        "blockquote",
        "body",
        "button",
        "caption",
        "center",
        "code",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "fieldset",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "html",
        "i",
        "label",
        "li",
        "main",
        "marquee",
        "math",
        "menu",
        "nav",
        "nobr",
        "object",
        "ol",
        "option",
        "p",
        "pre",
        "s",
        "section",
        "select",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "applet",
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "plaintext",
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "image",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ];
    KNOWN
        .iter()
        .find(|k| **k == lower)
        .copied()
        .unwrap_or("x-unknown")
}

/// Bound the element depth of a parsed `doc` to [`MAX_DEPTH`], iteratively: every element
/// below an element at the limit becomes that element's child, in document order, keeping its
/// own text. (Beyond the limit, inline elements therefore come after the text around them;
/// only pages no browser shows sensibly either are affected.)
pub fn flatten_deep(doc: &Document) {
    let mut stack = vec![(doc.root(), 0usize)];
    let mut at_limit = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        for child in node.children_it(false).filter(|c| c.is_element()) {
            if depth + 1 == MAX_DEPTH {
                at_limit.push(child);
            } else {
                stack.push((child, depth + 1));
            }
        }
    }
    for anchor in at_limit {
        // Only elements move (text stays inside its element); `descendants` is collected in
        // document order before anything moves, so appending each keeps that order.
        let deep: Vec<_> = anchor
            .descendants()
            .into_iter()
            .filter(|d| d.is_element() && d.parent().is_some_and(|p| p.id != anchor.id))
            .collect();
        for element in deep {
            anchor.append_child(&element);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markup_is_left_alone() {
        let page = "<html><body><p>a<p>b<ul><li>x<li>y</ul><table><tr><td>1<td>2<tr><td>3</table>\
                    <select><option>1<option>2</select><svg><path d='x'/><path/></svg>\
                    <script>for(;;){document.write('<div>')}</script><!-- <div> --></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
        let many = "<p>unclosed paragraph ".repeat(5000) + &"<li>item ".repeat(5000);
        assert!(matches!(limit_nesting(&many), Cow::Borrowed(_)));
    }

    #[test]
    fn no_page_of_the_shared_corpus_is_cut() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/extraction");
        let Ok(sets) = std::fs::read_dir(&root) else {
            eprintln!(
                "skipped: {} not found (benchmark material lives beside the project)",
                root.display()
            );
            return;
        };
        let mut pages = 0;
        for set in sets.flatten() {
            let Ok(files) = std::fs::read_dir(set.path().join("html")) else {
                continue;
            };
            for f in files.flatten() {
                let bytes = std::fs::read(f.path()).expect("read a corpus page");
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    matches!(limit_nesting(&text), Cow::Borrowed(_)),
                    "{} was cut",
                    f.path().display()
                );
                pages += 1;
            }
        }
        eprintln!("{pages} corpus pages, none cut");
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit_and_the_text_kept() {
        let n = 10_000;
        let page = format!(
            "{}深处的正文{}",
            "<DIV class='a>b'>".repeat(n),
            "</div>".repeat(n)
        );
        let cut = limit_nesting(&page);
        assert_eq!(cut.matches("<DIV").count(), MAX_OPEN);
        assert!(cut.contains("深处的正文"));
        let nested_lists = "<ul><li><section>".repeat(n);
        assert!(limit_nesting(&nested_lists).matches("<ul>").count() <= MAX_OPEN);
    }
}
