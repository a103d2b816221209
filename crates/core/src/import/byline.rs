//! Bylines in the article text: who wrote it when no `作者：` field says so. Chinese news
//! pages put reporters in a line of their own (`本报记者 王燕平 方云凤`, `□ 本报记者 葛灵丹`,
//! `新京报记者 彭冲 山东冠县报道`), in parentheses at the end of the last paragraph
//! (`（记者 姚峰 上海报道）`, `（常书香 马丹阳）`), as a role line followed by a names line, or
//! as `编辑：X` after the text (an editor, used only when no writer is named).

use regex::Regex;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// Writer roles (the names after them are authors).
const WRITER_ROLES: &str =
    "特约记者|实习记者|见习记者|首席记者|本报记者|记者|通讯员|实习生|特约撰稿人|撰稿人|撰稿|撰文|执笔人|执笔|采写|作者|文字";
/// Editor roles (authors only when nobody else is named).
const EDITOR_ROLES: &str = "责任编辑|责编|编辑";

/// One Chinese name (2–4 Han characters, `·` for transliterations).
const NAME: &str = r"[\p{Han}·]{2,5}";

static ROLE_SPLIT: LazyLock<Regex> =
    // 文/图 are roles only with a separator (文/张三), never inside a name (张文攀).
    LazyLock::new(|| {
        re(&format!(
            r"({EDITOR_ROLES}|{WRITER_ROLES})\s*[:：/｜|]?\s*|(文|图)\s*[:：/｜|]\s*"
        ))
    });
static NAMES: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^{NAME}(?:[\s　、,，]+{NAME}){{0,6}}$")));
static PAREN_TAIL: LazyLock<Regex> = LazyLock::new(|| re(r"[（(]([^（()）]{2,40})[)）]\s*$"));
/// `[ 黄某 ] 来源：[ 某某报 ]`: a bracketed name right before the source.
static BRACKET_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"[\[【]\s*({NAME}(?:\s+{NAME}){{0,3}})\s*[\]】][^\p{{Han}}\w]{{0,3}}(?:来源|出处|稿源)"
    ))
});
static POSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^([\p{Han}\w·.\-]{2,20})\s*(?:发表于|发布于|posted\s+(?:on|at))\s*[:：]?\s*\d")
});

/// Words that look like names in a names-only position but are not people.
const NOT_NAMES: &[&str] = &[
    "完",
    "全文完",
    "待续",
    "未完",
    "未完待续",
    "图",
    "组图",
    "图片",
    "摘编",
    "原创",
    "转载",
    "本报讯",
    "新华社",
    "中新社",
    "供图",
    "资料图",
    "视频",
    "编者按",
    "摘要",
    "导读",
    "正文",
    "简介",
    "责编",
    "编辑",
    "记者",
    "作者",
    "来源",
    "手记",
    "附记",
    "后记",
    "单位",
    "声明",
    "按语",
    "点击",
    "评论",
    "返回",
    "打印",
    "关闭",
    "分享",
    "相关",
    "全文",
];

/// Values that fill an author field when the site does not know one. (An account name such
/// as `admin` is what the page says and is kept: the seed article's 作者 is `admin`.)
pub fn is_placeholder_name(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    matches!(
        s.as_str(),
        "未知" | "佚名" | "匿名" | "不详" | "无" | "暂无" | "unknown" | "anonymous"
    )
}

/// Common Chinese surnames (compound ones first), for names that come without a role word.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延",
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// True when a name starts with a common Chinese surname.
pub fn has_surname(name: &str) -> bool {
    let n = name.chars().count();
    if !(2..=4).contains(&n) {
        return false;
    }
    COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s))
        || name.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// `赵  培` (a two-character name spaced out to the width of three) becomes `赵培`.
pub fn join_spaced_name(s: &str) -> String {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1) {
        parts.concat()
    } else {
        s.to_owned()
    }
}

/// Who a byline names, and whether they are writers or only editors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    pub names: Vec<String>,
    pub editor_only: bool,
}

impl Byline {
    pub fn joined(&self) -> String {
        self.names.join(" ")
    }
}

fn is_bullet(c: char) -> bool {
    c.is_whitespace() || "□■●◎▲◆◇○·•\u{3000}\u{a0}-—".contains(c)
}

/// A list of names (space/、 separated), or None when any part is not name-like.
fn names_of(s: &str) -> Option<Vec<String>> {
    let s = s.trim_matches(is_bullet);
    // "上海报道" / "山东冠县报道" after the names is where, not who.
    let mut parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, '　' | '、' | ',' | '，'))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 && parts.last().is_some_and(|p| p.ends_with("报道")) {
        parts.pop();
    }
    // "赵  培": single characters spaced out are one name.
    let spaced: String;
    if parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1) {
        spaced = parts.concat();
        parts = vec![spaced.as_str()];
    }
    let joined = parts.join(" ");
    if parts.is_empty() || !NAMES.is_match(&joined) {
        return None;
    }
    if parts.iter().any(|p| {
        NOT_NAMES.contains(p)
            || is_placeholder_name(p)
            || p.ends_with("报道")
            || p.ends_with("报讯")
    }) {
        return None;
    }
    Some(parts.into_iter().map(str::to_owned).collect())
}

/// A line that is a byline: optional organisation prefix, then role + names, repeated.
/// `allow_bare` accepts a names-only text (inside parentheses at a paragraph end).
pub fn parse_line(line: &str, allow_bare: bool) -> Option<Byline> {
    let line = line.trim_matches(is_bullet);
    if line.is_empty() || line.chars().count() > 48 {
        return None;
    }
    let roles: Vec<(usize, usize, &str)> = ROLE_SPLIT
        .captures_iter(line)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start(), m.end(), c.get(1).or_else(|| c.get(2))?.as_str()))
        })
        .collect();
    if roles.is_empty() {
        return if allow_bare {
            names_of(line)
                .filter(|ns| ns.iter().all(|n| has_surname(n)))
                .map(|names| Byline {
                    names,
                    editor_only: false,
                })
        } else {
            None
        };
    }
    // The prefix before the first role is an organisation (本报, 新京报, 新华网黑龙江频道).
    let prefix = line.get(..roles[0].0).unwrap_or("").trim();
    if prefix.chars().count() > 12 || prefix.contains(['：', ':', '，', '。']) {
        return None;
    }
    let mut writers = Vec::new();
    let mut editors = Vec::new();
    for (i, (_, end, role)) in roles.iter().enumerate() {
        let stop = roles.get(i + 1).map_or(line.len(), |n| n.0);
        let seg = line.get(*end..stop).unwrap_or("");
        let seg = seg.trim_matches(is_bullet);
        if seg.is_empty() {
            // "本报记者 王某 通讯员 李某" splits cleanly; a role with nothing after it only
            // counts when another role follows ("记者 通讯员 李某" is rare: reject).
            if i + 1 == roles.len() {
                return None;
            }
            continue;
        }
        // A word glued to the next role is that role's organisation (`采写：南都见习记者 林子沛`:
        // 南都 is the paper, not a second writer).
        let raw = line.get(*end..stop).unwrap_or("");
        if i + 1 < roles.len() && !raw.ends_with(char::is_whitespace) && !seg.contains(' ') {
            continue;
        }
        // The segment before the next role may end with that role's organisation prefix.
        let names = names_of(seg)?;
        if EDITOR_ROLES.split('|').any(|r| r == *role) {
            editors.extend(names);
        } else {
            writers.extend(names);
        }
    }
    if !writers.is_empty() {
        Some(Byline {
            names: writers,
            editor_only: false,
        })
    } else if !editors.is_empty() {
        Some(Byline {
            names: editors,
            editor_only: true,
        })
    } else {
        None
    }
}

/// A role alone on its line (`本报记者`) whose names are on the next line.
fn role_only(line: &str) -> bool {
    let line = line.trim_matches(is_bullet);
    line.chars().count() <= 10
        && ROLE_SPLIT.find(line).is_some_and(|m| {
            m.end() == line.len()
                && line
                    .get(..m.start())
                    .is_some_and(|p| p.chars().count() <= 6)
        })
}

/// Bylines in a run of lines (the head or tail of an article), in order of appearance.
/// `tail` also accepts names in parentheses at the end of a paragraph.
pub fn scan(lines: &[&str], tail: bool) -> Vec<Byline> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if role_only(l) {
            if let Some(next) = lines.get(i + 1) {
                let joined = format!("{} {}", l.trim(), next.trim());
                // Several role/name line pairs in a row become one byline.
                let mut acc = parse_line(&joined, false);
                if let Some(b) = acc.as_mut() {
                    let mut j = i + 2;
                    while j + 1 < lines.len() && role_only(lines[j]) {
                        let more = format!("{} {}", lines[j].trim(), lines[j + 1].trim());
                        match parse_line(&more, false) {
                            Some(m) if m.editor_only == b.editor_only => b.names.extend(m.names),
                            _ => break,
                        }
                        j += 2;
                    }
                    out.push(b.clone());
                    i = j;
                    continue;
                }
            }
        }
        if let Some(b) = parse_line(l, false) {
            out.push(b);
        } else if let Some(c) = BRACKET_SOURCE.captures(l) {
            if let Some(names) = c.get(1).and_then(|m| names_of(m.as_str())) {
                out.push(Byline {
                    names,
                    editor_only: false,
                });
            }
        } else if let Some(c) = PAREN_TAIL.captures(l) {
            let inner = c.get(1).map_or("", |m| m.as_str());
            // Names alone in parentheses only at the very end of a paragraph of text.
            if let Some(b) =
                parse_line(inner, tail && l.chars().count() > inner.chars().count() + 2)
            {
                out.push(b);
            }
        }
        i += 1;
    }
    out
}

/// The user name before `发表于 <date>` on forum and blog pages, from that line or the one
/// above it.
pub fn posted_by(lines: &[&str]) -> Option<String> {
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if let Some(c) = POSTED_BY.captures(t) {
            return c.get(1).map(|m| m.as_str().to_owned());
        }
        let starts_posted = t.starts_with("发表于") || t.starts_with("发布于");
        if starts_posted && i > 0 {
            let prev = lines[i - 1].trim();
            let ok = (2..=20).contains(&prev.chars().count())
                && prev
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '·'))
                && !NOT_NAMES.contains(&prev);
            if ok {
                return Some(prev.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(l: &str, bare: bool) -> Option<String> {
        parse_line(l, bare).map(|b| b.joined())
    }

    #[test]
    fn reporter_lines_with_organisation_and_place() {
        assert_eq!(names("□ 本报记者 张三", false).as_deref(), Some("张三"));
        assert_eq!(
            names("新京报记者 李四 山东冠县报道", false).as_deref(),
            Some("李四")
        );
        assert_eq!(
            names("某某网某某频道 记者 王五 赵六", false).as_deref(),
            Some("王五 赵六")
        );
        assert_eq!(
            names("本报记者 王五 通讯员 赵六", false).as_deref(),
            Some("王五 赵六")
        );
        assert_eq!(names("记者：首先欢迎你来到我们网站接受采访", false), None);
        assert_eq!(names("赵  培", true).as_deref(), Some("赵培"));
        // 文 inside a name is not the role 文/.
        assert_eq!(
            names("某某日报记者 王建某 张文某", false).as_deref(),
            Some("王建某 张文某")
        );
        assert_eq!(names("——作者手记", false), None);
    }

    #[test]
    fn parenthesised_names_at_paragraph_end() {
        let b = scan(
            &["今天举行了活动，大家都很高兴。（记者 姚某 上海报道）"],
            true,
        );
        assert_eq!(b[0].joined(), "姚某");
        let b = scan(&["今天举行了活动，大家都很高兴。（常某某 马某某 ）"], true);
        assert_eq!(b[0].joined(), "常某某 马某某");
        assert!(scan(&["今天举行了活动。（未完待续）"], true).is_empty());
        let b = scan(&["今天举行了活动。（某某网编辑 孙某某）"], true);
        assert!(b[0].editor_only);
    }

    #[test]
    fn role_line_then_names_line() {
        let b = scan(
            &["本报实习生", "刘某 周某", "本报记者", "王某某 方某某"],
            false,
        );
        assert_eq!(b[0].joined(), "刘某 周某 王某某 方某某");
    }

    #[test]
    fn user_before_posted_at() {
        assert_eq!(
            posted_by(&["标题", "someuser", "发表于 2005-9-15 11:46:00"]).as_deref(),
            Some("someuser")
        );
        assert_eq!(
            posted_by(&["someuser 发表于 2005-9-15"]).as_deref(),
            Some("someuser")
        );
    }
}
