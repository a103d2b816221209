//! HTML pages: the body comes from dom_smoothie (readability-style); title, dates, author,
//! source, site and URL come from our own metadata layer (meta tags, `<title>` without the
//! site suffix, 发布时间/来源/作者 patterns near the title, `<!-- saved from url=… -->`).

use dom_query::{Document, Selection};
use dom_smoothie::{Config, Readability};
use regex::Regex;
use std::sync::LazyLock;

use super::{dom_text, meta, text_layout::trim_line, ImportError};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

static SAVED_FROM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)<!--\s*saved from url=\(\d+\)\s*([^\s>]+?)\s*-->"));
static AUTHOR_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:作者|记者|撰文|文)\s*[:：/]\s*([\p{Han}·]{2,8}(?:[ 　、,，]+[\p{Han}·]{2,4}){0,4})")
});
static REPORTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[（(]\s*(?:记者|通讯员)\s*([\p{Han}]{2,4}(?:\s+[\p{Han}]{2,4}){0,3})\s*[)）]")
});

/// What the HTML extractor found.
#[derive(Debug, Default, Clone)]
pub struct HtmlArticle {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub body_text: String,
    /// Unsanitized content HTML (sanitize before showing).
    pub content_html: String,
}

fn attr_of(doc: &Document, selectors: &[&str], attr: &str) -> Option<String> {
    for sel in selectors {
        let s: Selection<'_> = doc.select(sel);
        for node in s.nodes() {
            if let Some(v) = node.attr(attr) {
                let v = v.trim().to_owned();
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
    }
    None
}

fn meta_content(doc: &Document, names: &[&str]) -> Option<String> {
    let sels: Vec<String> = names
        .iter()
        .flat_map(|n| {
            [
                format!("meta[property=\"{n}\"]"),
                format!("meta[name=\"{n}\"]"),
                format!("meta[itemprop=\"{n}\"]"),
            ]
        })
        .collect();
    let refs: Vec<&str> = sels.iter().map(String::as_str).collect();
    attr_of(doc, &refs, "content")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn absolute_url(u: &str) -> Option<String> {
    let u = u.trim();
    (u.starts_with("http://") || u.starts_with("https://")).then(|| u.to_owned())
}

/// Extract an article from decoded HTML. `url_hint` is a URL known from outside (MHTML header).
pub fn extract(html: &str, url_hint: Option<&str>) -> Result<HtmlArticle, ImportError> {
    let doc = Document::from(html);
    let mut a = HtmlArticle::default();

    // --- URL
    let saved_from = SAVED_FROM
        .captures(super::prefix(html, 4096))
        .and_then(|c| c.get(1))
        .and_then(|m| absolute_url(m.as_str()));
    let canonical =
        attr_of(&doc, &["link[rel=\"canonical\"]"], "href").and_then(|u| absolute_url(&u));
    let og_url = meta_content(&doc, &["og:url"]).and_then(|u| absolute_url(&u));
    a.url = url_hint
        .and_then(absolute_url)
        .or(saved_from)
        .or(canonical)
        .or(og_url);

    // --- title and site
    let raw_title = doc
        .select("title")
        .nodes()
        .first()
        .map(|n| collapse(&n.text()))
        .unwrap_or_default();
    let og_title = meta_content(&doc, &["og:title", "twitter:title"]).map(|t| collapse(&t));
    let headings: Vec<String> = doc
        .select("h1, h2, h3")
        .nodes()
        .iter()
        .take(30)
        .map(|n| collapse(&n.text()))
        .filter(|t| t.chars().count() >= 2 && t.chars().count() <= 120)
        .collect();
    let (title_clean, title_site) = meta::split_title(&raw_title);
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let raw_norm = norm(&raw_title);
    let mut title = None;
    // A heading that the <title> starts with (followed by a separator or nothing) is the
    // article title: "标题_栏目_网站", "标题 - 人民网".
    for cand in headings.iter() {
        let cn = norm(cand);
        if cn.chars().count() < 2 || raw_norm.is_empty() || !raw_norm.starts_with(&cn) {
            continue;
        }
        let next = raw_norm[cn.len()..].chars().next();
        let sep = next.is_none_or(|c| "_-|｜–—@:：»«·/(（[【<".contains(c));
        if sep {
            title = Some(cand.clone());
            break;
        }
    }
    if title.is_none() {
        // A heading contained in the <title> (title = "栏目_标题_网站").
        for cand in headings.iter() {
            let cn = norm(cand);
            if cn.chars().count() >= 6 && raw_norm.contains(&cn) {
                title = Some(cand.clone());
                break;
            }
        }
    }
    if title.is_none() {
        if let Some(og) = &og_title {
            title = Some(meta::split_title(og).0);
        }
    }
    let title = title.unwrap_or(title_clean);
    a.site = meta_content(&doc, &["og:site_name", "application-name"])
        .map(|s| collapse(&s))
        .or(title_site);

    // --- the page as lines, for text patterns
    let page_lines = dom_text::lines(&doc.root());
    let title_norm = norm(&title);
    let title_idx = if title_norm.chars().count() >= 2 {
        page_lines
            .iter()
            .position(|l| norm(l) == title_norm)
            .or_else(|| {
                page_lines.iter().position(|l| {
                    norm(l).contains(&title_norm)
                        && l.chars().count() < title.chars().count() * 2 + 20
                })
            })
    } else {
        None
    };
    let start = title_idx.unwrap_or(0);
    let near: Vec<&String> = page_lines
        .iter()
        .skip(start)
        .take(if title_idx.is_some() { 12 } else { 60 })
        .collect();

    // --- published, author, source from the lines near the title
    let mut text_date = None;
    for l in &near {
        if l.chars().count() > 200 {
            continue;
        }
        for (k, v) in meta::key_values(l) {
            if meta::is_date_key(&k) && text_date.is_none() {
                text_date = meta::find_date(&v).or_else(|| meta::find_date(l));
            } else if meta::is_author_key(&k) && a.author.is_none() {
                a.author = meta::clean_author(&v);
            } else if meta::is_source_key(&k) && a.source.is_none() {
                a.source = meta::clean_source(&v).map(|s| first_token(&s));
            }
        }
    }
    if text_date.is_none() {
        text_date = near
            .iter()
            .filter(|l| l.chars().count() <= 120)
            .find_map(|l| meta::find_date(l));
    }
    let meta_date = meta_content(
        &doc,
        &[
            "article:published_time",
            "og:article:published_time",
            "og:release_date",
            "pubdate",
            "publishdate",
            "PubDate",
            "publish_date",
            "publishedDate",
            "datePublished",
            "dc.date.issued",
            "DC.date.issued",
            "dc.date",
            "DC.date",
            "date",
            "sailthru.date",
            "parsely-pub-date",
            "weibo:article:create_at",
        ],
    )
    .and_then(|d| meta::parse_machine_date(&d))
    .or_else(|| {
        attr_of(&doc, &["time[datetime]"], "datetime").and_then(|d| meta::parse_machine_date(&d))
    });
    a.published = text_date.or(meta_date);

    if a.author.is_none() {
        a.author = meta_content(&doc, &["author", "article:author", "dc.creator", "byl"])
            .filter(|v| !v.contains('.') && !v.contains("http") && v.chars().count() <= 30)
            .filter(|v| Some(v.as_str()) != a.site.as_deref())
            .and_then(|v| meta::clean_author(&v));
    }
    if a.author.is_none() {
        a.author = near
            .iter()
            .filter(|l| l.chars().count() <= 200)
            .find_map(|l| {
                AUTHOR_TEXT
                    .captures(l)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().trim().to_owned())
            });
    }

    // --- body via dom_smoothie
    let cfg = Config {
        max_elements_to_parse: 0,
        ..Default::default()
    };
    let article = Readability::new(html, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (content_html, mut body_lines) = match article {
        Some(art) => {
            let frag = Document::from(art.content.as_ref());
            let lines = dom_text::lines(&frag.root());
            (art.content.to_string(), lines)
        }
        None => (String::new(), Vec::new()),
    };
    if body_lines.iter().map(|l| l.chars().count()).sum::<usize>() == 0 {
        // Fallback: the page text after the title.
        body_lines = page_lines
            .iter()
            .skip(start + usize::from(title_idx.is_some()))
            .cloned()
            .collect();
    }
    // Drop a leading title / metadata block the extractor kept.
    let mut skip = 0;
    for l in body_lines.iter().take(6) {
        let n = norm(l);
        let is_title = !title_norm.is_empty() && n == title_norm;
        let is_meta = l.chars().count() <= 120
            && meta::key_values(l).iter().any(|(k, _)| {
                meta::is_date_key(k)
                    || meta::is_source_key(k)
                    || meta::is_author_key(k)
                    || k == "分享到"
                    || k == "字号"
            });
        if is_title || is_meta {
            skip += 1;
        } else {
            break;
        }
    }
    let body: Vec<String> = body_lines
        .into_iter()
        .skip(skip)
        .map(|l| trim_line(&l).to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    a.body_text = body.join("\n\n");
    if a.author.is_none() {
        a.author = body
            .iter()
            .take(3)
            .chain(body.iter().rev().take(3))
            .find_map(|l| {
                REPORTER
                    .captures(l)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_owned())
            });
    }
    a.content_html = if content_html.is_empty() {
        super::sanitize::paragraphs_to_html(&a.body_text)
    } else {
        content_html
    };
    a.title = if title.is_empty() {
        body.first()
            .map(|l| l.chars().take(80).collect())
            .unwrap_or_default()
    } else {
        title
    };
    if a.body_text.trim().is_empty() {
        return Err(ImportError::NoContent);
    }
    Ok(a)
}

fn first_token(s: &str) -> String {
    s.split([' ', '\u{3000}', '\u{a0}'])
        .find(|t| !t.is_empty())
        .unwrap_or(s)
        .to_owned()
}
