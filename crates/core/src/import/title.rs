//! What can and cannot be an article's title. The HTML extractor picks among the page's
//! `<title>` (its pieces between separators), og:title and the h1–h3 headings by agreement
//! between them; this module says which candidates to drop before that vote: breadcrumbs
//! (`当前位置：首页 > 新闻`), the site's or a blog's own name, and the placeholder titles CMS
//! templates leave (`无标题文档`, `显示`, `Untitled Document`).

use regex::Regex;
use std::sync::LazyLock;

use super::{byline, meta, text_layout::trim_line};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// `当前位置：首页 > 新闻`, `您现在的位置: 首页->正文`, `首页 » 要闻`, `Home > News`.
pub fn is_breadcrumb(s: &str) -> bool {
    static CRUMB: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|现在位置|所在位置|位置)\s*[:：]|(?:首页|主页|网站首页|home)\s*(?:>|->|>>|»|›|/|→|＞)",
        )
    });
    CRUMB.is_match(s)
}

/// Titles that a page template gives every page and that say nothing about the article.
pub fn is_placeholder_title(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = t.to_lowercase();
    t.chars().count() <= 1
        || matches!(
            lower.as_str(),
            "无标题文档"
                | "无标题"
                | "显示"
                | "正文"
                | "内容"
                | "内容页"
                | "详细内容"
                | "详细信息"
                | "详情"
                | "文章详情"
                | "新闻详情"
                | "新闻内容"
                | "新闻动态"
                | "文章内容"
                | "信息浏览"
                | "浏览"
                | "untitled"
                | "untitleddocument"
                | "document"
                | "index"
                | "home"
        )
}

/// A blog's name as a heading: `太小心的博客`, `bjreader的博客`, `XX的个人空间`.
pub fn is_blog_name(s: &str) -> bool {
    static BLOG: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)的(?:博客|个人空间|个人主页|空间|专栏|blog)\s*$"));
    s.chars().count() <= 30 && BLOG.is_match(s.trim())
}

/// A forum's `主题: 标题` / `标题：X`: the key is not part of the title.
pub fn strip_subject_key(s: &str) -> String {
    static KEY: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:主题|标题|帖子主题|文章标题|题目)\s*[:：]\s*"));
    match KEY.find(s) {
        Some(m) if m.end() < s.len() => s[m.end()..].trim().to_owned(),
        _ => s.trim().to_owned(),
    }
}

/// The nearest line above the body's start that reads as a headline: short, no key, no
/// sentence end, not a breadcrumb or a byline.
pub fn headline_above(page_lines: &[String], body_start: usize) -> Option<String> {
    page_lines[..body_start.min(page_lines.len())]
        .iter()
        .rev()
        .take(6)
        .map(|l| trim_line(l))
        .find(|l| is_headline(l))
        .map(str::to_owned)
}

/// A line that can be a headline: short, no key, no sentence end, not a breadcrumb, a
/// blog's name, a byline or a date.
pub fn is_headline(l: &str) -> bool {
    let n = l.chars().count();
    (4..=60).contains(&n)
        && meta::key_values(l).is_empty()
        && !l.ends_with(['。', '.', '：', ':', '，', ','])
        && !l.contains(['|', '｜'])
        && !is_breadcrumb(l)
        && !is_blog_name(l)
        && !is_placeholder_title(l)
        && byline::parse_line(l, true).is_none()
        && meta::find_date(l).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumbs_blog_names_and_placeholders_are_not_titles() {
        assert!(is_breadcrumb("当前位置：首页->新闻中心->正文"));
        assert!(is_breadcrumb("首页 > 要闻 > 国内"));
        assert!(is_breadcrumb("Home > News"));
        assert!(!is_breadcrumb("首页经济：城市第一店的流量密码"));
        assert!(is_blog_name("bjreader的博客"));
        assert!(!is_blog_name("谁来为无序拆房“埋单”？"));
        assert!(is_placeholder_title("无标题文档"));
        assert!(is_placeholder_title("Untitled Document"));
        assert!(!is_placeholder_title("犬儒病(上)"));
        assert_eq!(strip_subject_key("主题: 【太行山上】"), "【太行山上】");
    }
}
