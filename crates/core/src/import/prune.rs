//! Boilerplate left inside the extracted content: image captions and credits, share bars,
//! "related / more stories / 相关文章" link lists, sidebars of links (categories, archives,
//! latest posts), slideshow controls. Works on the content fragment (classes kept) before it is
//! turned into lines, then on the lines themselves ([`is_noise_line`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use dom_query::{NodeId, NodeRef};
use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// class / id words of blocks that are never the article's own text.
static BOILER_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|[\s_-])(?:caption|credit|credits|share|sharing|social|related|newsletter|signup|subscribe|subscription|promo|byline|dateline|timestamp|breadcrumbs?|slideshow|gallery-nav|advert|sponsored|recommend|recommended|outbrain|taboola|more-stories|read-more|readmore|toolbar|author-bio|copyright|tags|tag-list|pagination|pager)(?:$|[\s_-])",
    )
});

/// A short line that announces a list of other articles.
static LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:don'?t miss|you may also like|you might also like|related(?: stories| articles| coverage| content| posts| news)?|more (?:stories|from|on)\b.*|read more|see more|recommended(?: for you)?|trending(?: now)?|most (?:read|popular)|latest (?:news|stories|posts)|相关(?:文章|阅读|新闻|链接|报道|推荐)|推荐阅读|延伸阅读|热门(?:文章|推荐|新闻|阅读)?|最新(?:文章|评论|更新)|猜你喜欢|幻灯欣赏|精彩推荐|更多(?:新闻|文章|精彩)?)\s*[:：.…]*\s*$",
    )
});

/// A paragraph that is only a pointer to another article ("READ MORE: …", "相关阅读：…").
static POINTER_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:read more|see more|more|related|also read|read also|watch|相关(?:阅读|文章|新闻|链接)?|延伸阅读|推荐阅读)\s*[:：]",
    )
});

/// Lines that are slideshow controls, credits or share bars.
static NOISE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:image \d+ of /? ?\d+|\d+ of \d+|caption|close|(?:\(?\s*(?:image|photo|picture) credit\s*:.*)|(?:photo|credit|image|photograph|picture)s?\s*:\s*.{0,80}|continue reading below|advertisement|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页.*|(?:(?:share|share on|whatsapp|facebook|twitter|pinterest|pint|linkedin|email|e-mail|reddit|print|copy link|tweet|baixar|compartilhe|微信|微博|qq空间|分享到?)[\s|:：,，]*){2,})$",
    )
});

/// `(Image: GETTY)` / `Credit: EPA` at the end of a short line: a caption.
static CAPTION_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\((?:image|photo|picture|pictured)s?\s*:[^)]{1,60}\)|credit\s*:\s*[^.]{1,60}|\((?:ap|afp|reuters|getty)[^)]{0,40}\))\s*$",
    )
});

#[derive(Default, Clone, Copy)]
struct Stats {
    chars: usize,
    link_chars: usize,
    links: usize,
}

fn text_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn name_of(n: &NodeRef<'_>) -> String {
    n.node_name()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Remove boilerplate blocks from the content fragment under `root`.
pub fn prune(root: &NodeRef<'_>) {
    let nodes: Vec<NodeRef<'_>> = root.descendants();
    if nodes.len() > 200_000 {
        return;
    }
    // Bottom-up text / link statistics (descendants come in document order, so children come
    // after their parent: walk backwards).
    let mut stats: HashMap<NodeId, Stats> = HashMap::with_capacity(nodes.len());
    for n in nodes.iter().rev() {
        let mut s = stats.get(&n.id).copied().unwrap_or_default();
        if n.is_text() {
            s.chars += text_chars(&n.text());
        } else if n.is_element() {
            let name = name_of(n);
            if matches!(name.as_str(), "script" | "style" | "noscript") {
                s = Stats::default();
            } else if name == "a" {
                s.link_chars = s.chars;
                s.links = 1;
            }
        }
        stats.insert(n.id, s);
        if let Some(p) = n.parent() {
            let e = stats.entry(p.id).or_default();
            e.chars += s.chars;
            e.link_chars += s.link_chars;
            e.links += s.links;
        }
    }
    let total = stats.get(&root.id).map_or(0, |s| s.chars).max(1);

    let mut remove: Vec<NodeRef<'_>> = Vec::new();
    let mut removed_ids: std::collections::HashSet<NodeId> = Default::default();
    for n in &nodes {
        if !n.is_element() {
            continue;
        }
        if n.parent().is_some_and(|p| removed_ids.contains(&p.id)) {
            removed_ids.insert(n.id);
            continue;
        }
        let s = stats.get(&n.id).copied().unwrap_or_default();
        if s.chars == 0 {
            continue;
        }
        let name = name_of(n);
        // Never a large share of the content: a wrapper with a matching class keeps the article.
        let small = s.chars * 3 < total;
        // A form control the body kept (see `dom_text::reveal_rendered`) is page chrome when it
        // is small and holds only labels ("分享", a font-size picker); one holding sentences
        // (an unclosed `<button>` around the text) is the article.
        let control = n.attr(super::dom_text::WAS_ATTR).is_some_and(|w| {
            matches!(
                &*w,
                "button" | "select" | "option" | "optgroup" | "label" | "output"
            )
        });
        if control && small && !holds_sentence(n) {
            removed_ids.insert(n.id);
            remove.push(*n);
            continue;
        }
        let drop = match name.as_str() {
            "figcaption" | "nav" | "aside" | "footer" | "button" => small,
            "ul" | "ol" | "dl" | "table" | "tbody" | "tr" | "td" | "div" | "section" | "p"
            | "span" | "li" | "header" => small && (boiler_class(n) || link_list(&name, n, s)),
            _ => small && boiler_class(n),
        };
        if drop {
            removed_ids.insert(n.id);
            remove.push(*n);
        }
    }
    // The heading announcing a removed list goes with it.
    for n in &remove {
        if let Some(prev) = n.prev_element_sibling() {
            let t = prev.text();
            if t.chars().count() <= 30 && LIST_HEADING.is_match(t.trim()) {
                prev.remove_from_parent();
            }
        }
    }
    for n in remove {
        n.remove_from_parent();
    }
}

fn boiler_class(n: &NodeRef<'_>) -> bool {
    let class = n.attr("class").unwrap_or_default();
    let id = n.attr("id").unwrap_or_default();
    if class.is_empty() && id.is_empty() {
        return false;
    }
    let key = format!("{class} {id}");
    BOILER_CLASS.is_match(&key)
}

/// A block that is mostly links: a list of other articles, a sidebar, a pointer paragraph.
fn link_list(name: &str, n: &NodeRef<'_>, s: Stats) -> bool {
    if s.link_chars * 2 < s.chars {
        return false;
    }
    let text = n.text();
    if matches!(name, "p" | "span" | "li") {
        // A single pointer paragraph: "READ MORE: <link>".
        return s.link_chars * 10 >= s.chars * 6 && POINTER_PREFIX.is_match(&text);
    }
    // Several links, little text outside them.
    s.links >= 3 && s.link_chars * 10 >= s.chars * 6
}

/// Whether a text run under `n` is longer than a control's label.
fn holds_sentence(n: &NodeRef<'_>) -> bool {
    n.descendants_it()
        .filter(|d| d.is_text())
        .any(|t| text_chars(&t.text()) > 24)
}

/// Where a page's comment section starts inside the extracted content (`发表评论`, `网友评论`,
/// `Leave a Reply`): everything from there on is readers' comments and the blog's sidebar,
/// never the article. Only a heading line alone, after some text, counts.
pub fn comment_section_start(lines: &[String]) -> Option<usize> {
    static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:发表评论|我要评论|网友评论|评论列表|最新评论|读者评论|全部评论|热门评论|相关评论|评论区|留言板|我要留言|leave a (?:comment|reply)(?: cancel reply)?|post a comment|add a comment|\d+\s+(?:comments?|responses?|replies)|comments?\s*(?:\(\d+\))?)\s*[:：]?$",
        )
    });
    let mut before = 0usize;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if i >= 3 && before >= 200 && COMMENTS.is_match(t) {
            return Some(i);
        }
        before += t.chars().count();
    }
    None
}

/// Headings of what follows an article on a portal page: related lists, "share to", app
/// promotions (`延伸 · 推荐`, `相关内容`, `APP精彩推荐`, `分享到：`).
static TAIL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:延伸\s*[·•]?\s*(?:推荐|阅读)|相关(?:内容|文章|阅读|新闻|链接|报道|推荐|资讯)|推荐阅读|延伸阅读|猜你喜欢|精彩推荐|app\s*精彩推荐|热门推荐|更多精彩|分享到)\s*[:：]?\s*$",
    )
});

/// A credit line after the text: `来源：新闻晨报`, `编辑：山石`, `本文来源：新京报 责任编辑：史建磊`,
/// `（原标题：…）`, `声明：…` — labelled metadata, not the article's words.
pub fn is_credit_line(l: &str) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^[\s（(\[【]*(?:本文|文章|新闻)?(?:来源|稿源|出处|责任编辑|责编|编辑|校对|审核|监制|原标题|声明|免责声明)\s*[:：]",
        )
    });
    let t = l.trim();
    t.chars().count() <= 120 && CREDIT.is_match(t)
}

/// Where the page's chrome starts after the article: a related-list heading alone on its line,
/// or a credit line followed only by short lines (link titles), in the second half of the
/// text. Everything from there on is not the article.
pub fn tail_start(lines: &[String]) -> Option<usize> {
    let total: usize = lines.iter().map(|l| l.chars().count()).sum();
    let mut before = 0usize;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        let n = t.chars().count();
        if i >= 2 && before * 2 >= total {
            if n <= 16 && TAIL_HEADING.is_match(t) {
                return Some(i);
            }
            if is_credit_line(t) && lines[i + 1..].iter().all(|l| l.chars().count() <= 40) {
                return Some(i + 1);
            }
        }
        before += n;
    }
    None
}

/// A line that is a caption, credit, slideshow control, share bar or list heading.
pub fn is_noise_line(l: &str) -> bool {
    let t = l.trim();
    let n = t.chars().count();
    if n == 0 {
        return false;
    }
    (n <= 200 && NOISE_LINE.is_match(t))
        || (n <= 40 && LIST_HEADING.is_match(t))
        || (n <= 300 && CAPTION_TAIL.is_match(t))
}
