//! Credits beyond the `作者：` / `来源：` fields: where an article came from (its 来源) and
//! who wrote it, from the other shapes Chinese portal pages give them in.
//!
//! A portal that reposts an article names the original publisher, not itself, as the source,
//! and prints it in several ways: `2019-09-26 10:56:28 证券时报网` (the date line's rest), a
//! line `新华社` or `石佳/中国青年报` under the headline, an element whose class says
//! `source`, an `article:author` meta tag that is really an organisation, `来源：X` after the
//! text, or the lede `新京报讯（记者 陆一夫）`. The portal itself is the `site`; an
//! organisation is never an author. These rules look at the shape of the evidence, never at
//! a site's name, so they carry over to pages we have not seen.
//!
//! `text_author` is the author from the text when no field or meta tag names one (bylines at
//! the head and tail, `发表于`, names under the title), over `tail_lines`, the end of the text.

use dom_query::Document;
use regex::Regex;
use std::sync::LazyLock;

use super::{byline, meta};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// Endings of organisation names: agencies, papers, sites, channels, offices, accounts.
const ORG_ENDINGS: &[&str] = &[
    "社",
    "讯",
    "报",
    "网",
    "台",
    "刊",
    "志",
    "新闻",
    "消息",
    "频道",
    "客户端",
    "传媒",
    "媒体",
    "集团",
    "公司",
    "中心",
    "研究院",
    "研究所",
    "局",
    "部",
    "厅",
    "委",
    "委员会",
    "办公室",
    "办事处",
    "政府",
    "协会",
    "学会",
    "交警",
    "公安",
    "法院",
    "检察院",
    "之家",
    "头条",
    "综合",
    "财经",
    "在线",
    "资讯",
    "日报",
    "周刊",
    "观察",
];

/// True when `s` reads as the name of an organisation rather than of a person: it ends like
/// one (新华社, 参考消息, 无锡交警, 证券时报网) and is not a bare two-character name.
pub fn is_org_name(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    if !(2..=24).contains(&n) || s.contains(['：', ':', '，', '。', ' ', '/', '／', '|', '｜'])
    {
        return false;
    }
    if n <= 3 && byline::has_surname(s) && !s.ends_with(['社', '讯', '网', '报', '台']) {
        return false;
    }
    ORG_ENDINGS
        .iter()
        .any(|e| s.ends_with(e) && n > e.chars().count())
}

/// True for a Chinese personal name (two or three characters starting with a common
/// surname) that is not an organisation.
pub fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=3).contains(&n) && byline::has_surname(s) && !is_org_name(s)
}

/// `新京报讯（记者 陆一夫）`, `长江网10月4日讯（记者陈智 整合）`, `新华社北京1月3日电（记者 张三）`:
/// the publisher before 讯/电 and the reporters in parentheses.
static LEDE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:[【\[]\s*)?([\p{Han}A-Za-z·]{2,12}?)(?:[\p{Han}]{0,8}?\d{1,2}月\d{1,2}日)?(?:讯|电|消息)\s*(?:[】\]]\s*)?(?:[（(]([^（()）]{2,40})[)）])?",
    )
});
/// Words after the names inside a lede's parentheses (`记者陈智 整合`, `记者 王某 北京报道`).
static LEDE_TAIL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[\s　]*(?:[\p{Han}]{0,6}报道|整合|综合|编译|摄影?|发自[\p{Han}]{1,6}|实习生)$")
});

/// What the first lines of the text say about the publisher and the reporters.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lede {
    pub source: Option<String>,
    pub names: Vec<String>,
}

/// Read a lede (`X讯（记者 Y）`) from the first line of the body.
pub fn lede(first_line: &str) -> Option<Lede> {
    let c = LEDE.captures(first_line)?;
    let org = c.get(1).map(|m| m.as_str().to_owned());
    let names = c
        .get(2)
        .map(|m| LEDE_TAIL_WORDS.replace(m.as_str().trim(), "").into_owned())
        .and_then(|inner| byline::parse_line(&inner, false))
        .filter(|b| !b.editor_only)
        .map(|b| b.names)
        .unwrap_or_default();
    let source = org.filter(|o| is_org_name(o) || o.ends_with("社") || !names.is_empty());
    (source.is_some() || !names.is_empty()).then_some(Lede { source, names })
}

/// A short line of the headline block: an organisation alone (`新华社`) or names and an
/// organisation (`石佳/中国青年报`, `王文 观察者网`). Returns (source, author).
pub fn name_org_line(line: &str) -> Option<(Option<String>, Option<String>)> {
    let l = meta::clean_value(line);
    if l.chars().count() > 30 || l.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if is_org_name(&l) {
        return Some((Some(l), None));
    }
    let parts: Vec<&str> = l
        .split(['/', '／', '|', '｜', ' ', '　'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let org = parts.last().filter(|p| is_org_name(p))?;
    let names = &parts[..parts.len() - 1];
    if names.iter().all(|n| byline::has_surname(n)) {
        Some((Some((*org).to_owned()), Some(names.join(" "))))
    } else {
        None
    }
}

/// The rest of a date line once the date, the time and UI words are gone, when it names an
/// organisation: `2019-09-26 10:56:28 证券时报网`, `2019年11月25日 18:57 参考消息`.
pub fn date_line_source(line: &str) -> Option<String> {
    static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?",
        )
    });
    if line.chars().count() > 60 || !DATE_TIME.is_match(line) {
        return None;
    }
    let rest = DATE_TIME.replace_all(line, " ");
    rest.split(|c: char| c.is_whitespace() || "·|｜/【】[]".contains(c))
        .map(meta::clean_value)
        .find(|p| is_org_name(p))
}

/// `来源：X` / `本文来源：X` / `文章来源：X` in the lines after the text (not an image's
/// `图片来源：`).
pub fn tail_source(lines: &[&str]) -> Option<String> {
    static TAIL_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^[\s　【\[（(]*(?:本文|文章|新闻|消息|信息)?(?:来源|稿源|出处)(?:于)?\s*[:：]\s*([^\s　】\])）|｜,，。]{2,24})",
        )
    });
    lines.iter().rev().find_map(|l| {
        TAIL_SOURCE
            .captures(l.trim())
            .and_then(|c| c.get(1))
            .and_then(|m| meta::clean_source(m.as_str()))
            .filter(|s| !s.chars().any(|c| c.is_ascii_digit()) || s.is_ascii())
    })
}

/// `《棱镜》作者 周纯`, `《财经》记者 王某`: a publication in book-title marks before a writer
/// role. Returns (source, author).
pub fn publication_byline(lines: &[&str]) -> Option<(String, String)> {
    static PUB_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^\s*《([^《》]{2,16})》\s*(?:特约|见习|实习|首席)?(?:作者|记者|撰稿人?|撰文)\s*[:：]?\s*(.+)$",
        )
    });
    lines.iter().find_map(|l| {
        let c = PUB_BYLINE.captures(l.trim())?;
        let src = c.get(1)?.as_str().to_owned();
        let b = byline::parse_line(c.get(2)?.as_str(), true)?;
        Some((src, b.joined()))
    })
}

/// `来源CSDN`, `作者魏星` between `|` separators of a headline-block line: keys glued to
/// their values without a colon. Returns (source, author).
pub fn glued_fields(line: &str) -> (Option<String>, Option<String>) {
    let mut source = None;
    let mut author = None;
    if !line.contains(['|', '｜']) || line.chars().count() > 120 {
        return (None, None);
    }
    for seg in line.split(['|', '｜']).map(str::trim) {
        for (key, slot) in [("来源", &mut source), ("作者", &mut author)] {
            if let Some(v) = seg.strip_prefix(key) {
                let v = v.trim();
                let n = v.chars().count();
                if (2..=20).contains(&n) && !v.starts_with(['：', ':']) && slot.is_none() {
                    *slot = Some(v.to_owned());
                }
            }
        }
    }
    (source, author.filter(|a| !is_org_name(a)))
}

/// `茉莉：我是怎样卷入八九民运的` as the heading, then the title and `茉莉` on lines of their
/// own: the name before the heading's colon, repeated alone, is the author.
pub fn heading_author(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|h| {
        let (who, rest) = h.split_once(['：', ':'])?;
        let who = who.trim();
        let n = who.chars().count();
        if !(2..=6).contains(&n) || rest.trim().chars().count() < 4 || is_org_name(who) {
            return None;
        }
        let alone = lines.iter().any(|l| l.trim() == who);
        let titled = lines.iter().any(|l| l.trim() == rest.trim());
        (alone && titled && !byline::is_placeholder_name(who)).then(|| who.to_owned())
    })
}

/// The text of elements whose class or id says they hold the source (`class="source"`,
/// `id="ne_article_source"`, `class="sour"`), read before the readability pass edits the
/// document: the first short one that is not a date or a key alone.
pub fn dom_source(doc: &Document) -> Option<String> {
    let sel = doc.select(
        "[class*=\"source\" i], [id*=\"source\" i], [class~=\"sour\"], [class~=\"ly\"], [class*=\"laiyuan\" i]",
    );
    for node in sel.nodes().iter().take(40) {
        let text = node.text();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() || text.chars().count() > 60 {
            continue;
        }
        let kv = meta::key_values(&text);
        if let Some((_, v)) = kv.iter().find(|(k, _)| meta::is_source_key(k)) {
            if let Some(v) = meta::clean_source(v).map(|v| meta::first_token(&v)) {
                if v.chars().count() >= 2 {
                    return Some(v);
                }
            }
            continue;
        }
        if !kv.is_empty() || meta::find_date(&text).is_some() {
            continue;
        }
        let v = meta::clean_value(&text);
        let n = v.chars().count();
        if (2..=24).contains(&n) && !v.contains(['：', ':', '，', '。']) && !v.contains("http") {
            return Some(v);
        }
    }
    None
}

/// `[太小心]的博客`, `海姑娘的个人空间`: the owner of a blog, from link titles and lines.
pub fn blog_owner(doc: &Document) -> Option<String> {
    static BLOG: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^[\[【]?([\p{Han}\w·]{2,12}?)[\]】]?\s*的(?:博客|个人空间|个人主页|专栏|BLOG|blog)$")
    });
    doc.select("a[title]")
        .nodes()
        .iter()
        .take(400)
        .filter_map(|n| n.attr("title"))
        .find_map(|t| {
            BLOG.captures(t.trim())
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_owned())
        })
        .filter(|o| !byline::is_placeholder_name(o))
}

static AUTHOR_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:作者|记者|撰文|文)\s*[:：/]\s*([\p{Han}·]{2,8}(?:[ 　、,，]+[\p{Han}·]{2,4}){0,4})(?:$|[\s　)）\]】,，。;；|/])",
    )
});

/// The author when no `作者：` field or meta tag names one: a byline at the head or tail of the
/// body (writers before editors), the user before `发表于`, an `作者/文：` pattern near the
/// title, a names-only line right under the title, and last an editor.
pub fn text_author(
    near: &[String],
    title_idx: Option<usize>,
    body: &[String],
    tail: &[&str],
    editor: Option<String>,
) -> Option<String> {
    let head: Vec<&str> = near
        .iter()
        .skip(1)
        .take(8)
        .map(String::as_str)
        .chain(body.iter().take(3).map(String::as_str))
        .collect();
    // Every writer the head names (`本报实习生 刘国栋 周炜` then `本报记者 王燕平 …`), else the
    // tail's first.
    let mut writers: Vec<String> = Vec::new();
    for b in byline::scan(&head, false).iter().filter(|b| !b.editor_only) {
        for n in &b.names {
            if !writers.contains(n) {
                writers.push(n.clone());
            }
        }
    }
    if !writers.is_empty() {
        return Some(writers.join(" "));
    }
    if let Some(b) = byline::scan(tail, true).iter().find(|b| !b.editor_only) {
        return Some(b.joined());
    }
    if let Some(user) = byline::posted_by(&head) {
        return Some(user);
    }
    let pattern = near
        .iter()
        .filter(|l| l.chars().count() <= 200)
        .find_map(|l| {
            AUTHOR_TEXT
                .captures(l)
                .and_then(|c| c.get(1))
                .and_then(|m| meta::clean_author(m.as_str()))
        });
    if pattern.is_some() {
        return pattern;
    }
    // A names-only line opening the text of a page without a found headline (`胡平` above
    // an essay).
    if title_idx.is_none() {
        if let Some(b) = body.first().and_then(|l| byline::parse_line(l, true)) {
            if b.names.len() <= 2 && b.names.iter().all(|n| byline::has_surname(n)) {
                return Some(b.joined());
            }
        }
    }
    // A names-only line under the title (or under a "——subtitle" line).
    if title_idx.is_some() {
        for l in near.iter().skip(1).take(3) {
            if let Some(b) = byline::parse_line(l, true) {
                if b.names.len() <= 2 && b.names.iter().all(|n| byline::has_surname(n)) {
                    return Some(b.joined());
                }
            }
            if !(l.starts_with("——") || l.chars().count() <= 30) {
                break;
            }
        }
    }
    // A duty editor (责任编辑, 责编) is not the author: portals put theirs under every
    // repost. A plain `编辑：` on a small site's page is who wrote it up, the author when
    // nobody else is named.
    editor.or_else(|| {
        tail.iter()
            .flat_map(|l| meta::key_values(l))
            .find(|(k, _)| k == "编辑")
            .and_then(|(_, v)| meta::clean_author(&v))
    })
}

/// The tail of an article: its last body lines and the page lines right after the body ends
/// (where bylines, 来源 and 责任编辑 lines sit).
pub fn tail_lines<'a>(page_lines: &'a [String], body: &'a [String]) -> Vec<&'a str> {
    let mut tail: Vec<&str> = body
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(String::as_str)
        .collect();
    if let Some(last) = body.last() {
        let ln: String = last.chars().filter(|c| !c.is_whitespace()).collect();
        let at = page_lines.iter().rposition(|l| {
            l.len() + 8 >= last.len() && l.chars().filter(|c| !c.is_whitespace()).eq(ln.chars())
        });
        if let Some(at) = at {
            tail.extend(page_lines.iter().skip(at + 1).take(5).map(String::as_str));
        }
    }
    tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_are_told_from_people() {
        for org in [
            "新华社",
            "参考消息",
            "证券时报网",
            "无锡交警",
            "中国青年报",
            "IT之家",
        ] {
            assert!(is_org_name(org), "{org}");
        }
        for person in ["陆一夫", "石佳", "王文", "李楠", "欧阳修"] {
            assert!(!is_org_name(person), "{person}");
        }
    }

    #[test]
    fn a_lede_names_the_publisher_and_the_reporters() {
        let l = lede("新京报讯（记者 陆一夫）11月25日，新京报记者登录拼多多").expect("lede");
        assert_eq!(l.source.as_deref(), Some("新京报"));
        assert_eq!(l.names, vec!["陆一夫"]);
        let l = lede("长江网10月4日讯（记者陈智 整合） 国庆中秋长假过半").expect("lede");
        assert_eq!(l.names, vec!["陈智"]);
        assert_eq!(lede("国庆中秋长假过半，但外媒关注武汉的热情不减"), None);
    }

    #[test]
    fn headline_block_lines_give_source_and_author() {
        assert_eq!(
            name_org_line("石佳/中国青年报"),
            Some((Some("中国青年报".into()), Some("石佳".into())))
        );
        assert_eq!(name_org_line("新华社"), Some((Some("新华社".into()), None)));
        assert_eq!(name_org_line("分享到"), None);
        assert_eq!(
            date_line_source("2019-09-26 10:56:28 证券时报网").as_deref(),
            Some("证券时报网")
        );
        assert_eq!(date_line_source("2019-05-17 · 苏皖城市报道"), None);
        assert_eq!(
            tail_source(&["平安出行，安全到家。", "来源：无锡交警"]).as_deref(),
            Some("无锡交警")
        );
        assert_eq!(tail_source(&["图片来源：视觉中国"]), None);
        assert_eq!(
            glued_fields("发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 0 条评论| 作者魏星"),
            (Some("CSDN".into()), Some("魏星".into()))
        );
        let lines: Vec<String> = [
            "茉莉：我是怎样卷入八九民运的",
            "我是怎样卷入八九民运的",
            "茉莉",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(heading_author(&lines).as_deref(), Some("茉莉"));
        assert_eq!(
            publication_byline(&["《棱镜》作者 周纯"]),
            Some(("棱镜".into(), "周纯".into()))
        );
    }
}
