//! HTML pages: the body comes from dom_smoothie (readability-style); title, dates, author,
//! source, site and URL come from our own metadata layer (meta tags, `<title>` without the
//! site suffix, 发布时间/来源/作者 patterns near the title, `<!-- saved from url=… -->`).

use dom_query::{Document, Selection};
use dom_smoothie::{Config, Readability};
use regex::Regex;
use std::sync::LazyLock;

use super::{credits, dom_text, meta, nesting, prune, text_layout::trim_line, title, ImportError};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

static SAVED_FROM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)<!--\s*saved from url=\(\d+\)\s*([^\s>]+?)\s*-->"));

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
    /// The reader's HTML, already sanitized, from the same tree as `body_text`.
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

/// The page's `<meta>` tags by lower-cased name / property / itemprop (first value wins),
/// collected in one pass instead of one selector query per name.
struct MetaTags(std::collections::HashMap<String, String>);

impl MetaTags {
    fn collect(doc: &Document) -> MetaTags {
        let mut map = std::collections::HashMap::new();
        for node in doc.select("meta[content]").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            for key in ["property", "name", "itemprop"] {
                if let Some(k) = node.attr(key) {
                    map.entry(k.trim().to_ascii_lowercase())
                        .or_insert_with(|| content.to_owned());
                }
            }
        }
        MetaTags(map)
    }

    /// The first of `names` (case-insensitive) the page has.
    fn get(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .find_map(|n| self.0.get(&n.to_ascii_lowercase()).cloned())
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page URL from the page itself: the one http(s) validator every format uses.
fn absolute_url(u: &str) -> Option<String> {
    super::weburl::normalize(u)
}

/// Extract an article from decoded HTML. `url_hint` is a URL known from outside (MHTML header).
pub fn extract(html: &str, url_hint: Option<&str>) -> Result<HtmlArticle, ImportError> {
    // Bounded nesting before and after parsing (see `nesting`): hostile depth costs the
    // parser and the readability pass quadratic time and dom_query's selectors stack.
    let doc = Document::from(nesting::limit_nesting(html).as_ref());
    nesting::flatten_deep(&doc);
    let tags = MetaTags::collect(&doc);
    let mut a = HtmlArticle::default();

    // --- URL
    let saved_from = SAVED_FROM
        .captures(super::prefix(html, 4096))
        .and_then(|c| c.get(1))
        .and_then(|m| absolute_url(m.as_str()));
    let canonical =
        attr_of(&doc, &["link[rel=\"canonical\"]"], "href").and_then(|u| absolute_url(&u));
    let og_url = tags.get(&["og:url"]).and_then(|u| absolute_url(&u));
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
    let og_title = tags
        .get(&["og:title", "twitter:title"])
        .map(|t| collapse(&t));
    let site_name = tags
        .get(&["og:site_name", "application-name"])
        .map(|s| collapse(&s));
    let (title_clean, title_site) = meta::split_title(&raw_title);
    // A heading is a candidate unless it is a breadcrumb or the site's or a blog's own name.
    let headings: Vec<String> = doc
        .select("h1, h2, h3")
        .nodes()
        .iter()
        .take(30)
        .map(|n| collapse(&n.text()))
        .filter(|t| t.chars().count() >= 2 && t.chars().count() <= 120)
        .filter(|t| !title::is_breadcrumb(t) && !title::is_blog_name(t))
        .filter(|t| Some(t) != site_name.as_ref())
        .collect();
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
        // A heading contained in the <title> (title = "栏目_标题_网站") as most of it, not a
        // word of it (a README's "Node.js" in "GitHub - nodejs/node: Node.js JavaScript …").
        let raw_len = raw_norm.chars().count();
        for cand in headings.iter() {
            let cn = norm(cand);
            let n = cn.chars().count();
            let piece = raw_title
                .split(['_', '|', '｜', '-', '–', '—', '·', '»', '«', ':', '：'])
                .any(|p| norm(p) == cn);
            if n >= 2 && raw_norm.contains(&cn) && (piece || (n >= 6 && n * 5 >= raw_len * 2)) {
                title = Some(cand.clone());
                break;
            }
        }
    }
    if title.is_none() {
        if let Some(og) = og_title.as_ref().filter(|t| !title::is_breadcrumb(t)) {
            title = Some(meta::split_title(og).0);
        }
    }
    let mut title = title.unwrap_or(title_clean);
    a.site = site_name.or(title_site);

    // --- the page as lines, for text patterns
    let page_lines = dom_text::lines(&doc.root());
    let mut title_norm = norm(&title);
    let meta_date = tags
        .get(&[
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
        ])
        .and_then(|d| meta::parse_machine_date(&d))
        .or_else(|| {
            attr_of(&doc, &["time[datetime]"], "datetime")
                .and_then(|d| meta::parse_machine_date(&d))
        });
    let modified_date = tags
        .get(&[
            "dateUpdate",
            "dateModified",
            "article:modified_time",
            "og:updated_time",
            "lastmod",
        ])
        .and_then(|d| meta::parse_machine_date(&d));
    // The first author tag that names a person (a rejected tag does not hide a later one).
    let meta_author = [
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "citation_author",
        "citation_authors",
    ]
    .iter()
    .filter_map(|n| tags.get(&[n]))
    .filter(|v| !v.contains('.') && !v.contains("http") && v.chars().count() <= 30)
    // A list of organisations ("期刊,出版社,Publishers") is the site's, not a writer.
    .filter(|v| {
        v.matches([',', '，']).count() < 2
            && !["出版", "公司", "Publisher", "网站", "有限"]
                .iter()
                .any(|w| v.contains(w))
    })
    .filter(|v| Some(v.as_str()) != a.site.as_deref())
    // A portal names the publisher of a repost as its "author" (article:author = 参考消息):
    // that is the source, never a writer.
    .filter(|v| !credits::is_org_name(v))
    // The portal's own name as the author of every page (网易 in "标题_网易科技").
    .filter(|v| !raw_title.contains(v.as_str()) || title.contains(v.as_str()))
    .find_map(|v| meta::clean_author(&v));
    let meta_org = ["article:author", "author", "dc.creator"]
        .iter()
        .filter_map(|n| tags.get(&[n]))
        .map(|v| meta::clean_value(&v))
        .find(|v| credits::is_org_name(v) && Some(v.as_str()) != a.site.as_deref());
    // Read before the readability pass below edits the document.
    let dom_source = credits::dom_source(&doc);
    let blog_owner = credits::blog_owner(&doc);

    // --- body via dom_smoothie
    let cfg = Config {
        max_elements_to_parse: 0,
        // Classes let the pruning pass recognise captions, share bars and related lists.
        keep_classes: true,
        ..Default::default()
    };
    // What a browser shows in form controls, <object>, <dialog> and <noscript> would be
    // deleted by the readability pass with its content (an unclosed one holds the article).
    dom_text::reveal_rendered(&doc.root());
    // dom_smoothie takes the document we already parsed (it edits it): one parse per page.
    let article = Readability::with_document(doc, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    // The body is ONE tree, pruned and sanitized, that both the reader's HTML and the text
    // are read from (`dom_text::Body`): whatever drops a line drops it from both.
    let mut content = article.map(|art| {
        let frag = Document::from(art.content.as_ref());
        prune::prune(&frag.root());
        let clean = super::sanitize::reader_html(&frag, a.url.as_deref());
        let mut body = dom_text::Body::parse(&clean);
        body.retain(|_, l| !prune::is_noise_line(l));
        if let Some(cut) = prune::comment_section_start(&body.lines()) {
            body.retain(|i, _| i < cut);
        }
        if let Some(cut) = prune::tail_start(&body.lines()) {
            body.retain(|i, _| i < cut);
        }
        // Credit lines at either end (`（原标题：…）` first, `来源：… 编辑：…` last).
        let n = body.lines().len();
        body.retain(|i, l| !((i < 2 || i + 4 >= n) && prune::is_credit_line(l)));
        body
    });
    let mut body_lines = content
        .as_ref()
        .map(dom_text::Body::lines)
        .unwrap_or_default();
    // Where the body starts on the page: the headline block is just above it.
    let body_start = body_lines
        .iter()
        .filter(|l| l.chars().count() >= 10)
        .take(3)
        .find_map(|bl| {
            let bn = norm(bl);
            page_lines.iter().position(|l| norm(l) == bn)
        });
    // A template's <title> ("无标题文档", a breadcrumb, the blog's name) names no article: the
    // headline is then the nearest short line above the text.
    if title::is_placeholder_title(&title)
        || title::is_breadcrumb(&title)
        || title::is_blog_name(&title)
    {
        // A heading of the page at the top of the text, else the line above it.
        let heading_at_top = body_start.and_then(|bs| {
            let lo = bs.saturating_sub(8);
            headings.iter().find(|h| {
                let hn = norm(h);
                page_lines[lo..=bs.min(page_lines.len().saturating_sub(1))]
                    .iter()
                    .any(|l| norm(l) == hn)
            })
        });
        // The text's own first line when it reads as a headline (a report's title).
        let first_line = body_lines
            .first()
            .map(|l| trim_line(l).to_owned())
            .filter(|l| title::is_headline(l));
        let found = heading_at_top
            .cloned()
            .or(first_line)
            .or_else(|| body_start.and_then(|bs| title::headline_above(&page_lines, bs)));
        if let Some(h) = found {
            title = h;
            title_norm = norm(&title);
        }
    }
    let is_title_line = |l: &String| {
        let n = norm(l);
        n == title_norm
            || (n.contains(&title_norm) && l.chars().count() < title.chars().count() * 2 + 20)
    };
    let title_idx = if title_norm.chars().count() >= 2 {
        // The first occurrence, unless it is far from the body (then it is in a menu).
        let first = page_lines.iter().position(is_title_line);
        match (first, body_start) {
            (Some(f), Some(bs)) if f > bs || bs - f > 40 => page_lines
                .iter()
                .take(bs + 1)
                .rposition(is_title_line)
                .filter(|i| bs - i <= 40)
                .or(first),
            _ => first,
        }
    } else {
        None
    };
    let (start, span) = match (title_idx, body_start) {
        (Some(t), _) => (t, 14),
        (None, Some(bs)) => (bs.saturating_sub(10), 14),
        (None, None) => (0, 60),
    };
    let near_raw: Vec<&String> = page_lines.iter().skip(start).take(span).collect();
    let near = meta::merge_dangling_keys(&near_raw);

    // --- published, author, source from the lines near the title
    let mut text_date = None;
    let mut text_date_is_doc = false;
    let mut editor = None;
    for l in &near {
        if l.chars().count() > 200 {
            continue;
        }
        for (k, v) in meta::key_values(l) {
            if meta::is_date_key(&k) {
                // A document's own date (成文日期) outranks when it was posted.
                let doc_date = k == "成文日期";
                if text_date.is_none() || (doc_date && !text_date_is_doc) {
                    if let Some(d) = meta::find_date(&v).or_else(|| meta::find_date(l)) {
                        text_date = Some(d);
                        text_date_is_doc = doc_date;
                    }
                }
            } else if meta::is_author_key(&k) {
                if a.author.is_none() {
                    a.author = meta::clean_author(&v);
                }
            } else if k == "编辑" {
                if editor.is_none() {
                    editor = meta::clean_author(&v);
                }
            } else if meta::is_source_key(&k) && a.source.is_none() {
                a.source = meta::clean_source(&v).map(|s| meta::first_token(&s));
            }
        }
    }
    if text_date.is_none() {
        text_date = near
            .iter()
            .filter(|l| l.chars().count() <= 120)
            .find_map(|l| meta::find_date(l));
    }
    a.published = text_date.or(meta_date);
    // The headline block: `新华社`, `石佳/中国青年报`, `2019-09-26 10:56:28 证券时报网`.
    let mut block_author = None;
    for l in near.iter().skip(usize::from(title_idx.is_some())).take(4) {
        if a.source.is_none() {
            a.source = credits::date_line_source(l);
        }
        let (glued_source, glued_author) = credits::glued_fields(l);
        if a.source.is_none() {
            a.source = glued_source;
        }
        if block_author.is_none() {
            block_author = glued_author;
        }
        if let Some((src, who)) = credits::name_org_line(l) {
            if a.source.is_none() {
                a.source = src;
            }
            if block_author.is_none() {
                block_author = who;
            }
        }
    }

    if a.author.is_none() {
        a.author = meta_author.or(block_author);
    }
    if body_lines.iter().map(|l| l.chars().count()).sum::<usize>() == 0 {
        // Fallback: the page text after the title (its HTML is made from that text).
        content = None;
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
    if let Some(c) = content.as_mut() {
        c.retain(|i, _| i >= skip);
    }
    let body: Vec<String> = body_lines
        .into_iter()
        .skip(skip)
        .map(|l| trim_line(&l).to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    a.body_text = body.join("\n\n");
    // A dateline under the title is the document's own date (a report reposted by a portal
    // carries the portal's date in the page chrome); only a 成文日期 outranks it.
    if !text_date_is_doc {
        if let Some(d) = body.iter().take(3).find_map(|l| meta::dateline(l)) {
            a.published = Some(d);
        }
    }
    if a.published.is_none() {
        a.published = edge_date(&body);
    }
    if a.published.is_none() {
        // Last resort: when the page was last updated (a page that prints only "09-30 22:46"
        // carries the full date in its dateUpdate / modified meta tags).
        a.published = modified_date;
    }
    let lede = body.first().and_then(|l| credits::lede(l));
    if a.author.is_none() {
        a.author = lede
            .as_ref()
            .filter(|l| !l.names.is_empty())
            .map(|l| l.names.join(" "));
    }
    let tail = credits::tail_lines(&page_lines, &body);
    if a.author.is_none() {
        a.author = credits::text_author(&near, title_idx, &body, &tail, editor);
    }
    if a.author.is_none() {
        a.author = credits::heading_author(&near).or(blog_owner);
    }
    let publication = credits::publication_byline(&tail).or_else(|| {
        let head: Vec<&str> = near.iter().map(String::as_str).collect();
        credits::publication_byline(&head)
    });
    if a.author.is_none() {
        a.author = publication.as_ref().map(|p| p.1.clone());
    }
    if a.source.is_none() {
        a.source = credits::tail_source(&tail)
            .or(dom_source)
            .or(meta_org)
            .or_else(|| publication.map(|p| p.0))
            .or_else(|| lede.and_then(|l| l.source));
    }
    if a.author.is_none() {
        // `来源: 尹娟` on a personal page names a person, who is the author.
        a.author = a.source.clone().filter(|s| credits::is_person_name(s));
    }
    a.content_html = match content {
        Some(c) => c.html(),
        None => super::sanitize::paragraphs_to_html(&a.body_text),
    };
    // `标题 东区办事处_中山网`: the source glued to the end of the <title>.
    let title = match a.source.as_deref() {
        Some(src)
            if title.ends_with(&format!(" {src}"))
                && title.chars().count() > src.chars().count() + 4 =>
        {
            title[..title.len() - src.len() - 1].trim_end().to_owned()
        }
        _ => title,
    };
    let title = title::strip_subject_key(&title);
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

/// A date on a short line at the head or tail of the body (a blog's "Saturday, September
/// 10th, 2005 10:56 am" line, a "——《刊名》1998年3月号" citation). A citation that names only a
/// month gives a year-month date ("1998-03", ISO 8601 reduced precision).
fn edge_date(body: &[String]) -> Option<String> {
    let n = body.len();
    let edge: Vec<&String> = body
        .iter()
        .take(3)
        .chain(body.iter().skip(n.saturating_sub(3).max(3)))
        .filter(|l| l.chars().count() <= 80)
        .collect();
    edge.iter()
        .find_map(|l| meta::find_date(l))
        .or_else(|| edge.iter().find_map(|l| meta::find_month(l)))
}
