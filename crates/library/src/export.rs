//! Exporting articles with their highlights and notes, as Markdown (for reading or a notes
//! app) and as W3C Web Annotation JSON (for other annotation tools). Pure functions over
//! [`ArticleDetail`], so `wz export` and the app render exactly the same thing.
//!
//! Markdown: the title as a heading, a metadata line, links to the original URL and to the
//! article in Wenzhai (`wenzhai://article/<id>`), the article note, every highlight in text
//! order as a `> quote` followed by its colour and note, then the highlights that could not
//! be placed in the current text (never dropped), and optionally the text itself.
//!
//! W3C: an `AnnotationCollection` whose first page holds one `Annotation` per highlight or
//! note, with a TextQuoteSelector and (for placed highlights) a TextPositionSelector over the
//! article's plain text. Offsets count Unicode scalar values, as the W3C model and Wenzhai do.

use serde_json::{json, Value};
use wenzhai_core::model::{AnnotationView, ArticleDetail};

/// The JSON-LD context of the W3C Web Annotation model.
pub const W3C_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The link that opens an article in the app.
pub fn deep_link(article_id: i64) -> String {
    format!("wenzhai://article/{article_id}")
}

/// The IRI of one annotation.
pub fn annotation_iri(annotation_id: i64) -> String {
    format!("wenzhai://annotation/{annotation_id}")
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

fn push_highlight(out: &mut String, n: &AnnotationView) {
    for line in n.quote.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str(&format!("> {line}\n"));
        }
    }
    out.push('\n');
    out.push_str(&format!("**{}**", colour_name(n.color.as_deref())));
    match n.note.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(note) => out.push_str(&format!(" · {note}\n\n")),
        None => out.push_str("\n\n"),
    }
}

/// One article as Markdown with its title at heading `level` (1 = `#`); with `with_text`, the
/// article's text follows the highlights.
pub fn article_section(a: &ArticleDetail, level: usize, with_text: bool) -> String {
    let h = "#".repeat(level.clamp(1, 5));
    let mut out = format!("{h} {}\n\n", one_line(&a.title));
    let mut meta: Vec<String> = [
        ("作者 Author", &a.author),
        ("发布 Published", &a.published),
        ("来源 Source", &a.source),
        ("网站 Site", &a.site),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.as_deref().map(|v| format!("{label}: {}", one_line(v))))
    .collect();
    if !a.tags.is_empty() {
        meta.push(format!("标签 Tags: {}", a.tags.join(", ")));
    }
    if !meta.is_empty() {
        out.push_str(&meta.join(" · "));
        out.push_str("\n\n");
    }
    let mut links = Vec::new();
    if let Some(url) = a.url.as_deref().filter(|u| !u.trim().is_empty()) {
        // The angle-bracket form keeps spaces and parentheses in a URL from ending the link.
        links.push(format!("[原文 Original](<{}>)", url.trim()));
    }
    links.push(format!(
        "[在文摘中打开 Open in Wenzhai]({})",
        deep_link(a.id)
    ));
    out.push_str(&links.join(" · "));
    out.push_str("\n\n");
    if let Some(note) = article_note(a) {
        out.push_str(&format!("{h}# 笔记 Note\n\n{}\n\n", note.trim()));
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
        out.push_str(&format!("{h}# 正文 Text\n\n{}\n\n", a.body.trim()));
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
    let mut out = format!("# {}\n", one_line(heading));
    for a in articles.iter().filter(|a| has_annotations(a)) {
        out.push('\n');
        out.push_str(&article_section(a, 2, false));
    }
    out
}

/// One annotation in the W3C Web Annotation model.
pub fn w3c_annotation(a: &ArticleDetail, n: &AnnotationView) -> Value {
    let mut body = Vec::new();
    if let Some(note) = n.note.as_deref().filter(|t| !t.trim().is_empty()) {
        body.push(json!({
            "type": "TextualBody",
            "value": note,
            "format": "text/plain",
            "purpose": "commenting",
        }));
    }
    if let Some(color) = n.color.as_deref() {
        body.push(json!({
            "type": "TextualBody",
            "value": color,
            "purpose": "tagging",
        }));
    }
    let mut target = json!({ "source": deep_link(a.id) });
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
    let mut annotation = json!({
        "@context": W3C_CONTEXT,
        "id": annotation_iri(n.id),
        "type": "Annotation",
        "motivation": if n.is_article_note() { "commenting" } else { "highlighting" },
        "created": n.created_at,
        "modified": n.updated_at,
        "target": target,
    });
    if !body.is_empty() {
        annotation["body"] = Value::Array(body);
    }
    annotation
}

/// Every highlight and note of `articles` as one W3C `AnnotationCollection` with its first
/// (and only) `AnnotationPage` embedded.
pub fn w3c_collection(label: &str, articles: &[ArticleDetail]) -> Value {
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
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
    });
    if !items.is_empty() {
        collection["first"] = json!({
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        });
    }
    collection
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
