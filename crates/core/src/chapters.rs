//! Chapters of a document: where each top-level heading of its reader HTML begins in its body
//! text, so a search hit can say which chapter it is in ("第三章 …") and the reader's contents
//! list and the hit name the same thing.
//!
//! Only for documents ([`crate::import::Format::is_document`]): their HTML is written by the
//! importer from blocks (`<h1>`/`<h2>` with escaped text, no attributes) and their body text is
//! the same blocks joined by blank lines, so a heading is found as a whole block, in order. A
//! web page's HTML is the page's own and is not read here.

/// One chapter: its heading and the byte offset in the body text where that heading begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub offset: usize,
    pub title: String,
}

/// The `<h1>` and `<h2>` headings of `body_html` (the levels the reader's contents list
/// shows), each located in `body_text` as a whole block after the one before it. A heading
/// not found (the text was edited since) is left out rather than guessed.
pub fn chapters(body_html: &str, body_text: &str) -> Vec<Chapter> {
    let mut out = Vec::new();
    let mut from = 0;
    for title in headings(body_html) {
        if let Some(offset) = find_block(body_text, &title, from) {
            from = offset + title.len();
            out.push(Chapter { offset, title });
        }
    }
    out
}

/// The title of the chapter that holds byte `offset` of the body text: the last heading that
/// begins at or before it. None before the first heading.
pub fn chapter_at(chapters: &[Chapter], offset: usize) -> Option<&str> {
    chapters
        .iter()
        .take_while(|c| c.offset <= offset)
        .last()
        .map(|c| c.title.as_str())
}

/// The text of every `<h1>…</h1>` and `<h2>…</h2>`, entities decoded, in document order.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let level = rest.as_bytes().first().copied();
        if !matches!(level, Some(b'1' | b'2')) || rest.as_bytes().get(1) != Some(&b'>') {
            continue;
        }
        let Some(close) = rest.find("</h") else {
            break;
        };
        let inner = &rest[2..close];
        rest = &rest[close..];
        // Our own heading text is plain and escaped; anything with markup inside is not ours.
        if inner.contains('<') {
            continue;
        }
        let text = quick_xml::escape::unescape(inner)
            .map(|t| t.into_owned())
            .unwrap_or_else(|_| inner.replace("&nbsp;", "\u{a0}"));
        let text = text.trim().to_owned();
        if !text.is_empty() {
            out.push(text);
        }
    }
    out
}

/// The byte offset of `block` in `text` at or after `from`, as a whole block: at the start of
/// the text or after a blank line, and followed by a line break or the end.
fn find_block(text: &str, block: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(block) {
        let start = at + i;
        let end = start + block.len();
        let starts = start == 0 || text[..start].ends_with('\n');
        let ends = end == text.len() || text[end..].starts_with('\n');
        if starts && ends {
            return Some(start);
        }
        at = start + block.len().max(1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_is_in_the_chapter_whose_heading_precedes_it() {
        let html = "<h1>第一章 起</h1>\n<p>起的正文。</p>\n<h2>第二章 承 &amp; 转</h2>\n<p>正文里也提到第一章 起。</p>\n<h3>小节</h3>";
        let text = "第一章 起\n\n起的正文。\n\n第二章 承 & 转\n\n正文里也提到第一章 起。\n\n小节";
        let ch = chapters(html, text);
        assert_eq!(ch.len(), 2, "{ch:?}");
        assert_eq!(ch[1].title, "第二章 承 & 转");
        let inside_two = text.find("正文里").expect("in text");
        assert_eq!(chapter_at(&ch, inside_two), Some("第二章 承 & 转"));
        assert_eq!(
            chapter_at(&ch, text.find("起的").expect("in text")),
            Some("第一章 起")
        );
    }

    #[test]
    fn a_heading_quoted_inside_a_paragraph_is_not_its_place() {
        // The body mentions "结语" mid-sentence before the chapter of that name begins.
        let html = "<h1>引言</h1><p>见结语。</p><h1>结语</h1><p>完。</p>";
        let text = "引言\n\n见结语。\n\n结语\n\n完。";
        let ch = chapters(html, text);
        assert_eq!(ch[1].offset, text.rfind("结语").expect("in text"));
        assert_eq!(chapter_at(&ch, 0), Some("引言"));
        assert_eq!(chapter_at(&[], 5), None);
    }
}
