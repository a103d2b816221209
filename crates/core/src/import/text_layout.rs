//! Plain-text files in the layouts users save from Chinese news sites: a greeting line
//! (欢迎访问 X!), a breadcrumb (当前所在:首页 > 栏目), the title, a 发布时间/作者/来源 line,
//! the body, and trailers (原文链接, [免责声明], 相关阅读, 上一篇 …) that are not article text.
//! Without such a layout: first non-empty line = title, the rest = body.

use regex::Regex;
use std::sync::LazyLock;

use super::meta;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

static GREETING: LazyLock<Regex> =
    LazyLock::new(|| re(r"^欢迎(?:您)?(?:访问|光临|来到)\s*(.+?)\s*[!！。.]*$"));
static CRUMB_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:当前(?:所在|位置)|您的位置|你的位置|您现在的位置|所在位置|位置)\s*[:：]\s*(.+)$")
});
static CRUMB_SPLIT: LazyLock<Regex> = LazyLock::new(|| re(r"\s*(?:>>|>|＞|»|→|›)\s*"));
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(标题|题目|作者|发布时间|发布日期|时间|日期|来源|原文地址|原文链接|本文链接|链接|网址|URL|url)\s*[:：]\s*(.*)$",
    )
});
static URL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:原文链接|原文地址|本文链接|本文地址|文章链接|链接|网址|URL|Source|来源网址)\s*[:：]\s*(\S+)\s*$",
    )
});
static RULE: LazyLock<Regex> = LazyLock::new(|| re(r"^[-=_—─*~·.]{5,}$"));
static FROM_SITE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[（(]\s*本文(?:来自|来源于|转自)\s*[:：]?\s*(.+?)\s*[)）]$"));
static NOISE_HEAD: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:字号|分享到|【字体|打印本页|关闭窗口|收藏本文|\[打印\])"));
static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\[?【?免责声明|声明\s*[:：]|版权声明|版权所有|Copyright|©|上一篇|下一篇|分享到|相关阅读|相关新闻|相关文章|相关链接|推荐阅读|·|•|返回顶部|打印本页|关闭窗口|【打印|【关闭)",
    )
});
static URL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^https?://\S+$"));

/// What the layout parser found in a plain text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TextArticle {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub section: Option<String>,
    pub url: Option<String>,
    /// Paragraphs separated by "\n\n".
    pub body: String,
}

/// Trim ASCII and full-width indentation and trailing spaces.
pub fn trim_line(l: &str) -> &str {
    l.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}')
    })
}

fn crumbs(s: &str) -> Vec<String> {
    CRUMB_SPLIT
        .split(s)
        .map(|c| trim_line(c).to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

/// A breadcrumb without label: "站名 > 栏目 > 正文".
fn bare_crumbs(l: &str) -> Option<Vec<String>> {
    if l.chars().count() > 80 || !(l.contains(" > ") || l.contains('>') && l.contains("正文")) {
        return None;
    }
    let c = crumbs(l);
    (c.len() >= 2 && c.iter().all(|x| x.chars().count() <= 20)).then_some(c)
}

/// True when a line is a metadata line (发布时间…作者…来源…) rather than text.
fn is_meta_line(l: &str) -> bool {
    if l.chars().count() > 160 {
        return false;
    }
    let kv = meta::key_values(l);
    let keys = kv
        .iter()
        .filter(|(k, _)| meta::is_date_key(k) || meta::is_author_key(k) || meta::is_source_key(k))
        .count();
    if keys >= 1 && l.chars().count() <= 100 {
        return true;
    }
    // "2022-02-13 09:57:00 来源: 人民网" without keys, or a bare date line.
    let starts_with_date = meta::find_date(l).is_some()
        && l.chars().next().is_some_and(|c| c.is_ascii_digit())
        && l.chars().count() <= 40;
    keys >= 1 || starts_with_date
}

fn apply_meta(a: &mut TextArticle, l: &str) {
    for (k, v) in meta::key_values(l) {
        if meta::is_date_key(&k) {
            if a.published.is_none() {
                a.published = meta::find_date(&v);
            }
        } else if meta::is_author_key(&k) {
            if a.author.is_none() {
                a.author = meta::clean_author(&v);
            }
        } else if meta::is_source_key(&k) && a.source.is_none() {
            a.source = meta::clean_source(&v);
        }
    }
    if a.published.is_none() {
        a.published = meta::find_date(l);
    }
}

/// A first line longer than this is text, not a title.
const MAX_TITLE_CHARS: usize = 200;

/// Parse a plain text in one of the saved-news layouts (or plain: first line = title).
pub fn parse(text: &str) -> TextArticle {
    let lines: Vec<&str> = text
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(trim_line)
        .filter(|l| !l.is_empty())
        .collect();
    let mut a = TextArticle::default();
    let mut i = 0;
    let mut saw_meta = false;
    let mut title_set = false;
    // Header: at most a dozen lines before the body starts.
    while i < lines.len() && i < 14 {
        let l = lines[i];
        if let Some(c) = GREETING.captures(l) {
            if a.site.is_none() {
                a.site = c.get(1).map(|m| m.as_str().to_owned());
            }
        } else if let Some(c) = CRUMB_LABEL.captures(l) {
            let cs = crumbs(c.get(1).map_or("", |m| m.as_str()));
            set_section(&mut a, &cs, false);
        } else if let (false, Some(cs)) = (title_set, bare_crumbs(l)) {
            set_section(&mut a, &cs, true);
        } else if let Some(c) = LABELLED.captures(l) {
            let key = c.get(1).map_or("", |m| m.as_str());
            let val = trim_line(c.get(2).map_or("", |m| m.as_str()));
            match key {
                "标题" | "题目" => {
                    a.title = val.to_owned();
                    title_set = true;
                }
                "原文地址" | "原文链接" | "本文链接" | "链接" | "网址" | "URL" | "url" => {
                    if URL.is_match(val) {
                        a.url = Some(val.to_owned());
                    }
                }
                _ => {
                    if title_set || !val.is_empty() {
                        apply_meta(&mut a, l);
                        saw_meta = true;
                    }
                }
            }
        } else if RULE.is_match(l) {
            if title_set {
                i += 1;
                break;
            }
        } else if NOISE_HEAD.is_match(l) && l.chars().count() <= 40 {
        } else if title_set && !saw_meta && is_meta_line(l) {
            apply_meta(&mut a, l);
            saw_meta = true;
        } else if !title_set {
            if l.chars().count() > MAX_TITLE_CHARS {
                // Not a title but the text itself (a file without line breaks, a one-paragraph
                // note): the title is its start, as for HTML, and the line stays in the body.
                a.title = l.chars().take(80).collect();
                title_set = true;
                break;
            }
            a.title = l.to_owned();
            title_set = true;
        } else {
            break;
        }
        i += 1;
    }
    if !title_set {
        i = 0;
    }
    // Trailers, from the end.
    let mut end = lines.len();
    let mut dropped_related = false;
    while end > i {
        let l = lines[end - 1];
        if let Some(c) = URL_LINE.captures(l) {
            if a.url.is_none() {
                a.url = c.get(1).map(|m| m.as_str().to_owned());
            }
        } else if let Some(c) = FROM_SITE.captures(l) {
            if a.site.is_none() {
                a.site = c.get(1).map(|m| m.as_str().to_owned());
            }
        } else if TRAILER.is_match(l) || RULE.is_match(l) {
            if l.starts_with("相关") {
                dropped_related = true;
            }
        } else if dropped_related && (l.starts_with("责任编辑") || l.starts_with("责编")) {
            dropped_related = false;
        } else {
            break;
        }
        end -= 1;
    }
    let body: Vec<&str> = lines.get(i..end).unwrap_or(&[]).to_vec();
    a.body = body.join("\n\n");
    if a.author.is_none() {
        // A reporter byline at the head or tail of the text: 本报记者 王某 / （记者 王某 北京报道）.
        let head: Vec<&str> = body.iter().take(2).copied().collect();
        let tail: Vec<&str> = body.iter().rev().take(3).rev().copied().collect();
        a.author = super::byline::scan(&head, false)
            .into_iter()
            .chain(super::byline::scan(&tail, true))
            .find(|b| !b.editor_only)
            .map(|b| b.joined());
    }
    if a.site.is_none() {
        a.site = a.source.clone();
    }
    a
}

fn set_section(a: &mut TextArticle, cs: &[String], bare: bool) {
    let useful: Vec<&String> = cs
        .iter()
        .filter(|c| {
            !matches!(
                c.as_str(),
                "首页" | "正文" | "主页" | "网站首页" | "内容" | "详情"
            )
        })
        .collect();
    if bare && a.site.is_none() {
        if let Some(first) = cs
            .first()
            .filter(|f| !matches!(f.as_str(), "首页" | "主页" | "网站首页"))
        {
            a.site = Some(first.clone());
        }
    }
    let last = useful.last().map(|s| s.to_string());
    let site_is_last = bare && cs.first().map(|f| f.as_str()) == last.as_deref();
    if !site_is_last {
        a.section = last.or(a.section.take());
    }
}
