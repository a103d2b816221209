//! Metadata patterns shared by the text and HTML extractors: dates (normalised to ISO 8601),
//! `key: value` runs such as 发布时间/作者/来源, and site suffixes in page titles.

use regex::Regex;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// A date with optional time: 2022-07-05 14:30:29, 2022年02月13日 07:48, 2005/4/5, 2022.1.2.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"((?:19|20)\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})(?:\s*日)?(?:\s*(?:T|\s)?\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?",
    )
});

/// US-style dates as ASP pages print them: 7/5/2005 9:23:57 PM (month first; day first when
/// the first number cannot be a month).
static US_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|[^\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP])\.?M\.?)?)?",
    )
});

/// 1998年3月号 / 1998年3月 (not followed by a day).
static MONTH_ONLY: LazyLock<Regex> =
    LazyLock::new(|| re(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:号|號|份|刊)?(?:[^\d日]|$)"));

/// A dateline of a year and month alone: 2003年5月.
static DATELINE_MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月$"));

/// English dates: September 10th, 2005 10:56 am / Sep. 10, 2005.
static EN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?)?",
    )
});

/// ISO dates as found in meta tags (2022-07-05T14:30:29+08:00).
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
});

/// `key：value` keys seen in Chinese article header lines.
static KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(发布时间|发布日期|发表时间|发表日期|发稿时间|成文日期|更新时间|时间|日期|来源于|来源|稿源|出处|作者|采写|执笔人|执笔|记者|发文机关|责任编辑|责编|编辑|浏览次数|浏览|点击数|点击|阅读|字号|分享到)\s*[:：]|(发表于|发布于)",
    )
});

/// Normalise the first date found in `s` to `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`.
/// Chinese/ISO forms, US month/day/year and English month names are all recognised; the one
/// that starts first in `s` wins.
pub fn find_date(s: &str) -> Option<String> {
    find_date_at(s).map(|(_, _, d)| d)
}

/// A line that is nothing but a date: a report's or speech's own dateline ("2003年5月",
/// "2022年7月5日") set under its title. Gives "YYYY-MM" when the line names only a month.
pub fn dateline(s: &str) -> Option<String> {
    let line = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if line.chars().count() > 24 {
        return None;
    }
    if let Some(c) = DATELINE_MONTH.captures(line) {
        let y: u32 = c.get(1)?.as_str().parse().ok()?;
        let m: u32 = c.get(2)?.as_str().parse().ok()?;
        return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
    }
    let (start, end, d) = find_date_at(line)?;
    let rest = line.get(end..).unwrap_or("");
    (start == 0
        && rest
            .trim_matches(|c: char| c.is_whitespace() || c == '日')
            .is_empty())
    .then_some(d)
}

/// The date [`find_date`] would pick, with the byte range of its match.
fn find_date_at(s: &str) -> Option<(usize, usize, String)> {
    let found = |rx: &Regex, build: fn(&regex::Captures<'_>) -> Option<String>| {
        rx.captures(s).and_then(|c| {
            let m = c.get(0)?;
            Some((m.start(), m.end(), build(&c)?))
        })
    };
    let zh = found(&DATE, build_date);
    let us = if s.contains('/') {
        found(&US_DATE, build_us_date)
    } else {
        None
    };
    let en = if s.bytes().any(|b| b.is_ascii_alphabetic()) {
        found(&EN_DATE, build_en_date)
    } else {
        None
    };
    [zh, us, en]
        .into_iter()
        .flatten()
        .min_by_key(|(start, _, _)| *start)
}

/// How precisely a stored `published` value is known: the importer keeps what the page gives
/// (ISO 8601 of reduced precision: "1998-03" for a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    Year,
    Month,
    Day,
    Time,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::Time => "time",
        }
    }
}

/// A stored `published` value as a full calendar date, for tools that compare days: a month
/// is given as its first day and a year as 1 January (the convention of htmldate and
/// trafilatura), with the precision alongside so nothing is claimed that the page did not say.
pub fn calendar_date(published: &str) -> Option<(String, DatePrecision)> {
    let p = published.trim();
    let digits =
        |r: std::ops::Range<usize>| p.get(r).filter(|x| x.bytes().all(|b| b.is_ascii_digit()));
    match p.len() {
        4 => Some((format!("{}-01-01", digits(0..4)?), DatePrecision::Year)),
        7 if p.as_bytes().get(4) == Some(&b'-') => Some((
            format!("{}-{}-01", digits(0..4)?, digits(5..7)?),
            DatePrecision::Month,
        )),
        10 => Some((p.to_owned(), DatePrecision::Day)),
        n if n > 10 => Some((p.to_owned(), DatePrecision::Time)),
        _ => None,
    }
}

/// A year and month with no day, in a citation of where the text appeared
/// ("——《北京之春》1998年3月号", "原载《读书》2001年第5期" does not qualify: no month):
/// returns "YYYY-MM".
pub fn find_month(s: &str) -> Option<String> {
    let cited = s.starts_with('—')
        || s.contains('《')
        || ["原载", "刊于", "载于", "发表于", "出处", "转载自", "摘自"]
            .iter()
            .any(|k| s.contains(k));
    if !cited {
        return None;
    }
    let c = MONTH_ONLY.captures(s)?;
    let y: u32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
}

fn hour_12(h: u32, ampm: Option<&str>) -> u32 {
    match ampm.map(|m| m.to_ascii_lowercase()) {
        Some(m) if m == "p" && h < 12 => h + 12,
        Some(m) if m == "a" && h == 12 => 0,
        _ => h,
    }
}

fn ymd_hms(y: u32, mo: u32, d: u32, hm: Option<(u32, u32, u32)>) -> Option<String> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    match hm {
        Some((h, mi, sec)) if h < 24 && mi < 60 && sec < 60 => {
            Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}"))
        }
        _ => Some(format!("{y:04}-{mo:02}-{d:02}")),
    }
}

fn build_us_date(caps: &regex::Captures<'_>) -> Option<String> {
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (a, b, y) = (num(1)?, num(2)?, num(3)?);
    let ampm = caps.get(7).map(|m| m.as_str());
    // 06/02/2022 is June 2 in the US and 6 February in Europe: only AM/PM (a US habit) or a
    // number above 12 decides.
    let (mo, d) = match (a > 12, b > 12) {
        (true, false) => (b, a),
        (false, true) => (a, b),
        (false, false) if ampm.is_some() => (a, b),
        _ => return None,
    };
    let hm = match (num(4), num(5)) {
        (Some(h), Some(mi)) => Some((hour_12(h, ampm), mi, num(6).unwrap_or(0))),
        _ => None,
    };
    ymd_hms(y, mo, d, hm)
}

fn build_en_date(caps: &regex::Captures<'_>) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let m = caps.get(1)?.as_str().to_ascii_lowercase();
    let mo = MONTHS.iter().position(|x| *x == m)? as u32 + 1;
    let ampm = caps.get(7).map(|m| m.as_str());
    let hm = match (num(4), num(5)) {
        (Some(h), Some(mi)) => Some((hour_12(h, ampm), mi, num(6).unwrap_or(0))),
        _ => None,
    };
    ymd_hms(num(3)?, mo, num(2)?, hm)
}

/// Normalise a machine date (meta tag value) to ISO 8601 local time as written.
pub fn parse_machine_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(caps) = ISO.captures(s) {
        return build_date(&caps);
    }
    find_date(s)
}

fn build_date(caps: &regex::Captures<'_>) -> Option<String> {
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, mo, d) = (num(1)?, num(2)?, num(3)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    match (num(4), num(5)) {
        (Some(h), Some(mi)) if h < 24 && mi < 60 => {
            let sec = num(6).filter(|s| *s < 60).unwrap_or(0);
            Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}"))
        }
        _ => Some(format!("{y:04}-{mo:02}-{d:02}")),
    }
}

/// The `key：value` pairs of a header line, in order. The value runs to the next key.
pub fn key_values(line: &str) -> Vec<(String, String)> {
    let found: Vec<(usize, usize, String)> = KEY
        .captures_iter(line)
        .filter_map(|c| {
            let m = c.get(0)?;
            let key = c.get(1).or_else(|| c.get(2))?;
            Some((m.start(), m.end(), key.as_str().to_owned()))
        })
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for (i, (_, end, key)) in found.iter().enumerate() {
        let stop = found.get(i + 1).map_or(line.len(), |n| n.0);
        let value = clean_value(line.get(*end..stop).unwrap_or(""));
        out.push((key.clone(), value));
    }
    out
}

/// Trim spaces (ASCII, full-width, nbsp) and stray separators around a value.
pub fn clean_value(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{3000}' | '\u{a0}' | '|' | '丨' | '｜' | '/' | '【' | '】' | '[' | ']'
            )
    })
    .to_owned()
}

/// True when the key names a date.
pub fn is_date_key(k: &str) -> bool {
    k.contains("时间") || k.contains("日期") || k == "发表于" || k == "发布于"
}

/// True when the key names an author.
pub fn is_author_key(k: &str) -> bool {
    matches!(k, "作者" | "记者" | "采写" | "执笔人" | "执笔" | "发文机关")
}

/// Join a line that ends in a key with nothing after it (`发布日期：`) to the next line, as
/// table-laid-out pages put the value in the next cell.
pub fn merge_dangling_keys<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut pending = false;
    for l in lines {
        let l = l.as_ref();
        if pending {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(l);
            }
        } else {
            out.push(l.to_owned());
        }
        let cur = out.last().map(String::as_str).unwrap_or("");
        pending = !pending
            && cur.chars().count() <= 40
            && (cur.ends_with('：') || cur.ends_with(':'))
            && key_values(cur).last().is_some_and(|(_, v)| v.is_empty());
    }
    out
}

/// True when the key names a source.
pub fn is_source_key(k: &str) -> bool {
    matches!(k, "来源" | "来源于" | "稿源" | "出处")
}

/// An organisation and a role in front of a name (`观察者网专栏作者 `, `南都见习记者 `).
static ROLE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[\p{Han}A-Za-z]{0,12}?(?:专栏作者|特约作者|特约记者|见习记者|实习记者|首席记者|记者|作者)[\s　:：]*",
    )
});

/// Normalise an author value: drop trailing noise and reject obvious non-names.
pub fn clean_author(s: &str) -> Option<String> {
    let v = clean_value(s);
    // `观察者网专栏作者 王文`, `南都见习记者 林子沛`: an organisation and a role before the
    // name; the name is what follows the last role word.
    let v = match ROLE_PREFIX.find(&v) {
        Some(m) if m.end() < v.len() => v[m.end()..].trim().to_owned(),
        _ => v,
    };
    let v = v
        .trim_start_matches("本报记者")
        .trim_start_matches("记者")
        .trim();
    if super::byline::is_placeholder_name(v) {
        return None;
    }
    let junk = v.contains(['=', '"', '?', '？', '：', ':', '，', '<', '>'])
        || v.chars().any(|c| c.is_ascii_digit())
        || v.contains("访问")
        || v.contains("统计");
    if v.is_empty() || junk || v.chars().count() > 40 || v.starts_with("http") {
        return None;
    }
    Some(super::byline::join_spaced_name(v))
}

/// The first space-separated word of a value (`证券市场红周刊 举报` → `证券市场红周刊`).
pub fn first_token(s: &str) -> String {
    s.split([' ', '\u{3000}', '\u{a0}'])
        .find(|t| !t.is_empty())
        .unwrap_or(s)
        .to_owned()
}

/// Normalise a source value (the first token, without link text noise).
pub fn clean_source(s: &str) -> Option<String> {
    let v = clean_value(s);
    if v.is_empty() || v.chars().count() > 40 {
        return None;
    }
    Some(v)
}

/// Separators between an article title and the site name in `<title>`.
const TITLE_SEPS: &[&str] = &[
    "_", " - ", " – ", " — ", " » ", " « ", "|", "｜", " :: ", " @ ", "--", "－", " · ",
];

/// Split a page `<title>` into (article title, site suffix). The first piece is the title
/// unless a later piece is more than twice as long (then the site came first).
pub fn split_title(raw: &str) -> (String, Option<String>) {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    for sep in TITLE_SEPS {
        if !raw.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = raw
            .split(sep)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let len = |s: &str| s.chars().count();
        let first = parts[0];
        let longest = parts
            .iter()
            .copied()
            .max_by_key(|p| len(p))
            .unwrap_or(first);
        let title = if len(first) * 2 >= len(longest) {
            first
        } else {
            longest
        };
        let site = parts
            .iter()
            .rev()
            .find(|p| **p != title)
            .map(|s| s.to_string())
            .filter(|s| len(s) <= 30);
        return (title.to_owned(), site);
    }
    // "标题-搜狐财经": a plain hyphen before a short CJK site name.
    if let Some((left, right)) = raw.rsplit_once('-') {
        let cjk = right
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        if cjk >= 2 && right.chars().count() <= 10 && left.trim().chars().count() >= 6 {
            return (left.trim().to_owned(), Some(right.trim().to_owned()));
        }
    }
    (raw, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_chinese_us_and_english_forms() {
        assert_eq!(
            find_date("2022年7月5日 14:30").as_deref(),
            Some("2022-07-05T14:30:00")
        );
        assert_eq!(find_date("2022/7/5").as_deref(), Some("2022-07-05"));
        assert_eq!(
            find_date("发布日期： 7/5/2005 9:23:57 PM").as_deref(),
            Some("2005-07-05T21:23:57")
        );
        assert_eq!(
            find_date("17/9/2004 05:54").as_deref(),
            Some("2004-09-17T05:54:00")
        );
        assert_eq!(find_date("06/02/2022 - 13:48"), None);
        assert_eq!(
            find_date("Saturday, September 10th, 2005 10:56 am").as_deref(),
            Some("2005-09-10T10:56:00")
        );
    }

    #[test]
    fn a_line_that_is_only_a_date_is_a_dateline() {
        assert_eq!(dateline("2003年5月").as_deref(), Some("2003-05"));
        assert_eq!(
            dateline("\u{3000}2022年7月5日 ").as_deref(),
            Some("2022-07-05")
        );
        assert_eq!(
            dateline("2022-07-05 14:30").as_deref(),
            Some("2022-07-05T14:30:00")
        );
        // A sentence that starts with a date, or a date after other words, is not a dateline.
        assert_eq!(dateline("2004年5月25日，中国科协常委会发表意见"), None);
        assert_eq!(dateline("发布时间：2022-07-05"), None);
        assert_eq!(dateline("2003年13月"), None);
    }

    #[test]
    fn calendar_date_fills_a_month_with_its_first_day_and_says_so() {
        let c = |s| calendar_date(s).map(|(d, p)| (d, p.as_str()));
        assert_eq!(c("1998-03"), Some(("1998-03-01".into(), "month")));
        assert_eq!(c("1998"), Some(("1998-01-01".into(), "year")));
        assert_eq!(c("2022-07-05"), Some(("2022-07-05".into(), "day")));
        assert_eq!(
            c("2022-07-05T14:30:29"),
            Some(("2022-07-05T14:30:29".into(), "time"))
        );
        assert_eq!(c("19x8-03"), None);
    }

    #[test]
    fn key_on_its_own_line_takes_the_next_line() {
        let merged = merge_dangling_keys(&["发布日期：", "2022-01-28", "正文"]);
        assert_eq!(merged, ["发布日期： 2022-01-28", "正文"]);
    }
}
