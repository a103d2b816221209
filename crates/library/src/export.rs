//! Exporting articles with their highlights and notes, as Markdown (for reading or a notes
//! app) and as W3C Web Annotation JSON (for other annotation tools). Pure functions over
//! [`ArticleDetail`], so `wz export` and the app render exactly the same thing.
//!
//! Markdown: the title as a heading, a metadata line, links to the original URL and to the
//! article in Wenzhai (`wenzhai://article/<id>`), the article note, every highlight in text
//! order as a `> quote` followed by its colour and note, then the highlights that could not
//! be placed in the current text (never dropped), and optionally the text itself.
//!
//! Everything that came from a page or a user (titles, metadata, tags, quotes, notes, the
//! text) is escaped, because a Markdown renderer passes raw HTML through and gives meaning to
//! punctuation: a title `<script>…` must stay text, a quote line starting with `#`, `-` or
//! `1.` must stay one line of one quote, and a note must not end the paragraph it is in.
//! `<`, `>` and `&` become entities; Markdown punctuation gets a backslash (CommonMark
//! escapes any ASCII punctuation so), and line-start markers are escaped where they would
//! open a list, a heading underline or a code block. A link is written only for an http(s)
//! URL, inside `<…>` with the characters that could end it percent-encoded.
//!
//! W3C: an `AnnotationCollection` with an `id`, a `label`, `total`, its first (and only)
//! `AnnotationPage` embedded as `first` and named again as `last`; the page has its own
//! `@context`, `id`, `partOf` (the collection) and `startIndex`. Each annotation is
//! `urn:uuid:<its uuid>` (kept in SQLite, so two libraries never share an id and an export
//! names an annotation the same way every time). Its target is a `SpecificResource` over the
//! article with a TextQuoteSelector and, for placed highlights, a TextPositionSelector
//! (offsets count Unicode scalar values, as the model and Wenzhai do); its colour is a
//! `styleClass` on that target with the annotation's `stylesheet` (a CssStylesheet with the
//! colour's rule), as the model carries style; its note is a `TextualBody` with purpose
//! `commenting`, `text/plain` and the article's language. `crates/cli/tests/cli/w3c.rs`
//! validates the export against the W3C test suite's schemas.

use crate::error::Result;
use crate::Library;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wenzhai_core::model::{AnnotationView, ArticleDetail};
use wenzhai_store::Uuid;

/// The JSON-LD context of the W3C Web Annotation model.
pub const W3C_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The five highlight colours the reader draws (`ui/src/annotations.ts`, `COLORS`), in its
/// order; the library refuses any other (`bad_color`).
pub const HIGHLIGHT_COLORS: [&str; 5] = ["yellow", "green", "blue", "pink", "purple"];

/// The background each colour has in the reader (`ui/src/style.css`, `.hl-<colour>`), for
/// the CSS rules of a W3C export's stylesheet.
fn css_background(color: &str) -> Option<&'static str> {
    Some(match color {
        "yellow" => "#ffe066",
        "green" => "#b2f2bb",
        "blue" => "#a5d8ff",
        "pink" => "#fcc2d7",
        "purple" => "#d0bfff",
        _ => return None,
    })
}

/// The CSS class of a colour in a W3C export (`styleClass`).
pub fn style_class(color: &str) -> String {
    format!("wz-{color}")
}

/// The link that opens an article in the app.
pub fn deep_link(article_id: i64) -> String {
    format!("wenzhai://article/{article_id}")
}

/// The IRI of one annotation: its stable uuid as a URN.
pub fn annotation_iri(uuid: &str) -> String {
    format!("urn:uuid:{uuid}")
}

/// A colour as the reader names it: Chinese and English for the app's five colours, the
/// stored value for any other, `高亮 highlight` for none.
pub fn colour_name(color: Option<&str>) -> String {
    let name = match color {
        None => "高亮 highlight",
        Some("yellow") => "黄色 yellow",
        Some("green") => "绿色 green",
        Some("blue") => "蓝色 blue",
        Some("pink") => "粉色 pink",
        Some("purple") => "紫色 purple",
        Some(other) => other,
    };
    name.to_string()
}

/// The highlights of an article split into placed ones (in text order) and unplaced ones;
/// the article note is in neither.
fn highlights(a: &ArticleDetail) -> (Vec<&AnnotationView>, Vec<&AnnotationView>) {
    let mut all: Vec<&AnnotationView> = a
        .annotations
        .iter()
        .filter(|n| !n.is_article_note())
        .collect();
    all.sort_by_key(|n| (n.start, n.end, n.id));
    all.into_iter().partition(|n| n.placed)
}

/// The article note's text, if the article has one.
fn article_note(a: &ArticleDetail) -> Option<&str> {
    a.annotations
        .iter()
        .find(|n| n.is_article_note())
        .and_then(|n| n.note.as_deref())
        .filter(|n| !n.trim().is_empty())
}

/// True when the article has a highlight or a note worth exporting.
pub fn has_annotations(a: &ArticleDetail) -> bool {
    a.annotations
        .iter()
        .any(|n| !n.is_article_note() || n.note.as_deref().is_some_and(|t| !t.trim().is_empty()))
}

/// One line of text (titles never span lines in a heading).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text made safe inside a Markdown line: HTML-significant characters as entities, Markdown
/// punctuation backslash-escaped, control characters dropped (they have no place in a
/// document and some renderers act on them).
pub fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // Emphasis, code, links and images, headings, tables, strikethrough, escapes.
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One line of a block (a quote, a note, the text), escaped with [`md_inline`] and with the
/// markers that mean something only at the start of a line escaped too: `-`, `+` (list
/// items, thematic breaks), `=` (a heading underline) and `1.`/`1)` (numbered lists).
/// Leading spaces are dropped: four of them would make a code block.
fn md_line(line: &str) -> String {
    let escaped = md_inline(line.trim());
    if escaped.starts_with(['-', '+', '=']) {
        return format!("\\{escaped}");
    }
    let digits = escaped.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && escaped[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    escaped
}

/// The lines of a block of text, each escaped with [`md_line`]; runs of blank lines become
/// one, and there are none at either end.
fn md_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().map(md_line) {
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// A Markdown link destination for an http(s) URL, or `None` for any other (a
/// `javascript:` or `file:` link is never made clickable). Inside `<…>`, spaces and
/// parentheses may stay; what could end the destination (`<`, `>`, a line break, a
/// backslash escape) is percent-encoded.
fn md_link_target(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn push_highlight(out: &mut String, n: &AnnotationView) {
    for line in md_lines(&n.quote) {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str(&format!("> {line}\n"));
        }
    }
    out.push('\n');
    out.push_str(&format!(
        "**{}**",
        md_inline(&colour_name(n.color.as_deref()))
    ));
    let note = md_lines(n.note.as_deref().unwrap_or(""));
    if note.is_empty() {
        out.push_str("\n\n");
    } else {
        out.push_str(&format!(" · {}\n\n", note.join("\n")));
    }
}

/// One article as Markdown with its title at heading `level` (1 = `#`); with `with_text`, the
/// article's text follows the highlights.
pub fn article_section(a: &ArticleDetail, level: usize, with_text: bool) -> String {
    let h = "#".repeat(level.clamp(1, 5));
    let mut out = format!("{h} {}\n\n", md_inline(&one_line(&a.title)));
    let mut meta: Vec<String> = [
        ("作者 Author", &a.author),
        ("发布 Published", &a.published),
        ("来源 Source", &a.source),
        ("网站 Site", &a.site),
    ]
    .into_iter()
    .filter_map(|(label, v)| {
        v.as_deref()
            .map(|v| format!("{label}: {}", md_inline(&one_line(v))))
    })
    .collect();
    if !a.tags.is_empty() {
        let tags: Vec<String> = a.tags.iter().map(|t| md_inline(&one_line(t))).collect();
        meta.push(format!("标签 Tags: {}", tags.join(", ")));
    }
    if !meta.is_empty() {
        out.push_str(&meta.join(" · "));
        out.push_str("\n\n");
    }
    let mut links = Vec::new();
    if let Some(url) = a.url.as_deref().filter(|u| !u.trim().is_empty()) {
        match md_link_target(url) {
            // The angle-bracket form keeps spaces and parentheses in a URL from ending the link.
            Some(target) => links.push(format!("[原文 Original](<{target}>)")),
            None => links.push(format!("原文 Original: {}", md_inline(&one_line(url)))),
        }
    }
    links.push(format!(
        "[在文摘中打开 Open in Wenzhai]({})",
        deep_link(a.id)
    ));
    out.push_str(&links.join(" · "));
    out.push_str("\n\n");
    if let Some(note) = article_note(a) {
        out.push_str(&format!(
            "{h}# 笔记 Note\n\n{}\n\n",
            md_lines(note).join("\n")
        ));
    }
    let (placed, unplaced) = highlights(a);
    if !placed.is_empty() {
        out.push_str(&format!("{h}# 标注 Highlights\n\n"));
        for n in placed {
            push_highlight(&mut out, n);
        }
    }
    if !unplaced.is_empty() {
        out.push_str(&format!("{h}# 未能定位的标注 / Unplaced highlights\n\n"));
        for n in unplaced {
            push_highlight(&mut out, n);
        }
    }
    if with_text {
        out.push_str(&format!(
            "{h}# 正文 Text\n\n{}\n\n",
            md_lines(&a.body).join("\n")
        ));
    }
    // Exactly one newline at the end, so sections concatenate with one blank line between.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// One article as a Markdown document (`# title`), with its text when `with_text`.
pub fn article_markdown(a: &ArticleDetail, with_text: bool) -> String {
    article_section(a, 1, with_text)
}

/// One Markdown document of the highlights and notes of many articles (a tag, the library):
/// `# heading`, then every article that has annotations as a `##` section, without its text.
/// Articles without annotations are left out.
pub fn notes_markdown(heading: &str, articles: &[ArticleDetail]) -> String {
    let mut out = format!("# {}\n", md_inline(&one_line(heading)));
    for a in articles.iter().filter(|a| has_annotations(a)) {
        out.push('\n');
        out.push_str(&article_section(a, 2, false));
    }
    out
}

/// A name-based UUID (version 8, RFC 9562: the first 128 bits of a SHA-256 of `parts`, with
/// the version and variant bits set), as a `urn:uuid:` IRI.
fn derived_iri(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    annotation_iri(&Uuid::new_v8(bytes).to_string())
}

/// The ids of an exported collection and of its one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionIds {
    pub collection: String,
    pub page: String,
}

impl CollectionIds {
    fn from_collection(collection: String) -> CollectionIds {
        let page = derived_iri(&["wenzhai w3c page", &collection, "1"]);
        CollectionIds { collection, page }
    }

    /// The ids of the export of `selection` (`all`, `tag:党建`, `article:12` …) from the
    /// library `library_uuid`: the same export of the same library keeps its ids, and no two
    /// libraries share one.
    pub fn of_library(library_uuid: &str, selection: &str) -> CollectionIds {
        Self::from_collection(derived_iri(&[
            "wenzhai w3c collection",
            library_uuid,
            selection,
        ]))
    }

    /// Ids derived from the collection's own annotations (their uuids, which no other
    /// library has) and label, for a caller that does not know the library.
    pub fn of_annotations(label: &str, articles: &[ArticleDetail]) -> CollectionIds {
        let mut parts = vec!["wenzhai w3c annotations", label];
        let mut uuids: Vec<&str> = articles
            .iter()
            .flat_map(|a| a.annotations.iter().map(|n| n.uuid.as_str()))
            .collect();
        uuids.sort_unstable();
        parts.extend(uuids);
        Self::from_collection(derived_iri(&parts))
    }
}

impl Library {
    /// This library's own identity (a v4 UUID kept in SQLite), from which its exports'
    /// collection ids are derived.
    pub fn library_uuid(&self) -> Result<String> {
        Ok(self.store().library_uuid()?)
    }

    /// [`w3c_collection_with_ids`] with the ids of `selection` in this library.
    pub fn w3c_collection(
        &self,
        selection: &str,
        label: &str,
        articles: &[ArticleDetail],
    ) -> Result<Value> {
        let ids = CollectionIds::of_library(&self.library_uuid()?, selection);
        Ok(w3c_collection_with_ids(&ids, label, articles))
    }
}

/// The article's language as a BCP 47 tag, when it is known.
fn language(a: &ArticleDetail) -> Option<&str> {
    let lang = a.lang.trim();
    (!lang.is_empty() && lang != "und").then_some(lang)
}

/// One annotation in the W3C Web Annotation model.
pub fn w3c_annotation(a: &ArticleDetail, n: &AnnotationView) -> Value {
    let mut annotation = json!({
        "@context": W3C_CONTEXT,
        "id": annotation_iri(&n.uuid),
        "type": "Annotation",
        "motivation": if n.is_article_note() { "commenting" } else { "highlighting" },
        "created": n.created_at,
        "modified": n.updated_at,
    });
    if let Some(note) = n.note.as_deref().filter(|t| !t.trim().is_empty()) {
        let mut body = json!({
            "type": "TextualBody",
            "value": note,
            "format": "text/plain",
            "purpose": "commenting",
        });
        if let Some(lang) = language(a) {
            body["language"] = json!(lang);
        }
        annotation["body"] = json!([body]);
    }
    let mut target = json!({ "type": "SpecificResource", "source": deep_link(a.id) });
    if let Some(url) = a.url.as_deref().filter(|u| !u.trim().is_empty()) {
        // `via`: the resource the text was obtained from (W3C Web Annotation, "Other Properties").
        target["via"] = json!(url.trim());
    }
    if !n.is_article_note() {
        let mut selectors = vec![json!({
            "type": "TextQuoteSelector",
            "exact": n.quote,
            "prefix": n.prefix,
            "suffix": n.suffix,
        })];
        // An unplaced highlight's old position no longer points at its quote; only the quote
        // is given, so a tool looks for the text instead of trusting stale offsets.
        if n.placed {
            selectors.push(json!({
                "type": "TextPositionSelector",
                "start": n.start,
                "end": n.end,
            }));
        }
        target["selector"] = Value::Array(selectors);
    }
    // The colour is style, not a tag (a tagging body shows up as a tag "yellow" elsewhere):
    // a class on the target's SpecificResource and the rule for it in the stylesheet.
    if let Some((color, background)) = n
        .color
        .as_deref()
        .and_then(|c| css_background(c).map(|b| (c, b)))
    {
        let class = style_class(color);
        target["styleClass"] = json!(class);
        annotation["stylesheet"] = json!({
            "type": "CssStylesheet",
            "value": format!(".{class} {{ background-color: {background}; }}"),
        });
    }
    annotation["target"] = target;
    annotation
}

/// Every highlight and note of `articles` as one W3C `AnnotationCollection` named by `ids`,
/// with its first (and only) `AnnotationPage` embedded.
pub fn w3c_collection_with_ids(
    ids: &CollectionIds,
    label: &str,
    articles: &[ArticleDetail],
) -> Value {
    let items: Vec<Value> = articles
        .iter()
        .flat_map(|a| {
            let mut ordered: Vec<&AnnotationView> = a.annotations.iter().collect();
            ordered.sort_by_key(|n| (!n.is_article_note(), n.start, n.end, n.id));
            ordered
                .into_iter()
                .filter(|n| !n.is_article_note() || article_note(a).is_some())
                .map(|n| w3c_annotation(a, n))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut collection = json!({
        "@context": W3C_CONTEXT,
        "id": ids.collection,
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
    });
    if !items.is_empty() {
        // The page carries its own @context and partOf, so it stays a valid Annotation Page
        // when a tool takes it out of the collection.
        collection["first"] = json!({
            "@context": W3C_CONTEXT,
            "id": ids.page,
            "type": "AnnotationPage",
            "partOf": ids.collection,
            "startIndex": 0,
            "items": items,
        });
        collection["last"] = json!(ids.page);
    }
    collection
}

/// [`w3c_collection_with_ids`] with ids derived from the annotations themselves
/// ([`CollectionIds::of_annotations`]); [`Library::w3c_collection`] names it by the library.
pub fn w3c_collection(label: &str, articles: &[ArticleDetail]) -> Value {
    w3c_collection_with_ids(
        &CollectionIds::of_annotations(label, articles),
        label,
        articles,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: i64, quote: &str, start: i64, placed: bool, note: Option<&str>) -> AnnotationView {
        AnnotationView {
            id,
            kind: AnnotationView::HIGHLIGHT.into(),
            color: None,
            note: note.map(Into::into),
            quote: quote.into(),
            prefix: String::new(),
            suffix: String::new(),
            start,
            end: start + quote.chars().count() as i64,
            placed,
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
            uuid: format!("00000000-0000-4000-8000-{id:012}"),
        }
    }

    fn article(annotations: Vec<AnnotationView>) -> ArticleDetail {
        ArticleDetail {
            id: 7,
            title: "标题\n第二行".into(),
            author: None,
            published: None,
            source: None,
            site: None,
            section: None,
            url: None,
            body: "第一段。\n\n第二段。".into(),
            body_html: String::new(),
            lang: "zh".into(),
            encoding: "utf-8".into(),
            format: "txt".into(),
            tags: Vec::new(),
            annotations,
            read: false,
            starred: false,
            archived: false,
            images_allowed: false,
            progress: 0.0,
            imported_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn unplaced_highlights_get_their_own_section_and_quotes_keep_their_lines() {
        let a = article(vec![
            view(2, "已经不在的句子", 0, false, Some("旧笔记")),
            view(1, "第一段。\n\n第二段", 0, true, None),
        ]);
        assert_eq!(
            article_markdown(&a, false),
            "# 标题 第二行\n\n\
             [在文摘中打开 Open in Wenzhai](wenzhai://article/7)\n\n\
             ## 标注 Highlights\n\n\
             > 第一段。\n>\n> 第二段\n\n**高亮 highlight**\n\n\
             ## 未能定位的标注 / Unplaced highlights\n\n\
             > 已经不在的句子\n\n**高亮 highlight** · 旧笔记\n"
        );
        // W3C: an unplaced highlight has no position selector (its offsets are stale).
        let w3c = w3c_annotation(&a, &a.annotations[0]);
        let selectors = w3c["target"]["selector"].as_array().expect("selectors");
        assert_eq!(selectors.len(), 1);
        assert_eq!(selectors[0]["type"], "TextQuoteSelector");
        assert!(w3c["target"].get("via").is_none(), "no URL, no via");
    }

    #[test]
    fn articles_without_annotations_are_left_out_of_the_notes_document() {
        let plain = article(Vec::new());
        let noted = article(vec![view(1, "第二段", 6, true, Some("要点"))]);
        let doc = notes_markdown("文摘笔记", &[plain, noted]);
        assert_eq!(doc.matches("## 标题").count(), 1, "{doc}");
        assert!(
            doc.contains("> 第二段\n\n**高亮 highlight** · 要点\n"),
            "{doc}"
        );
        assert_eq!(w3c_collection("x", &[article(Vec::new())])["total"], 0);
    }
}
