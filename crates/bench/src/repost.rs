//! Reposts generated from corpus items for `wz-bench-dupes`: what another site would make of
//! an article — its own header and footer, the text trimmed by 10–30% from the end or the
//! start, 5% of sentences edited, punctuation and widths changed, 简繁 converted (all of it or
//! half of the sentences), the original's date, the next day's or none. Deterministic (a
//! seeded splitmix64), so every run makes the same reposts.

use crate::corpus::Item;

/// A small deterministic generator (splitmix64), so every run makes the same reposts.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const ZH_HEADERS: &[&str] = &[
    "您好，欢迎访问本站！ 今天是星期三",
    "首页 > 新闻中心 > 国内要闻 > 正文",
    "当前位置：首页 >> 时政要闻",
    "【字体：大 中 小】 打印本页 关闭窗口",
    "本站讯 编辑：王晓明",
];
const ZH_FOOTERS: &[&str] = &[
    "【免责声明】本文转载自其他媒体，转载目的在于传递更多信息，并不代表本站赞同其观点。",
    "分享到：微信 微博 QQ空间 豆瓣",
    "责任编辑：李华 校对：张敏",
    "原文链接：http://www.example.com.cn/news/2022/0705/12345.html",
    "相关阅读：\n· 全国各地积极推进重点工作\n· 专家解读最新政策",
    "扫一扫在手机上阅读本文 版权所有 某某新闻网 备案号：京ICP备12345678号",
];
const EN_HEADERS: &[&str] = &[
    "Home > News > World",
    "Skip to content | Sign in | Subscribe",
    "By our correspondent | Published 3 hours ago",
];
const EN_FOOTERS: &[&str] = &[
    "Share this article on Facebook Twitter Email",
    "Related stories: Markets slide as rates rise; What the budget means for you",
    "Copyright 2024 Example Media Ltd. All rights reserved.",
    "Read more: https://www.example.com/news/12345",
];

fn is_zh(text: &str) -> bool {
    text.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
        * 4
        > text.chars().count()
}

/// Sentences of a text, each with its closing punctuation.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let end = matches!(c, '。' | '！' | '？' | '\n')
            || (matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_none_or(|n| *n == ' '));
        if end {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The day after a `YYYY-MM-DD` date (the same date when it is a month's last days or not a
/// date: a day more is only a realistic variation, not a calendar).
fn next_day(date: &str) -> String {
    match date.get(8..10).and_then(|d| d.parse::<u32>().ok()) {
        Some(d) if d < 28 => format!("{}{:02}{}", &date[..8], d + 1, &date[10..]),
        _ => date.to_string(),
    }
}

/// A repost of `item`: other boilerplate, trimmed 10–30%, 5% of sentences edited,
/// punctuation and widths changed, 简繁 converted (whole or in part) for Chinese.
pub fn repost(item: &Item, rng: &mut Rng, cc: &ferrous_opencc::OpenCC) -> String {
    let zh = is_zh(&item.body);
    let mut sents = sentences(&item.body);
    let total: usize = sents.iter().map(|s| s.chars().count()).sum();
    let target = total * (10 + rng.below(21)) / 100;
    let mut removed = 0;
    let from_start = rng.chance(0.3);
    while removed < target && sents.len() > 1 {
        let s = if from_start {
            sents.remove(0)
        } else {
            sents.pop().unwrap_or_default()
        };
        removed += s.chars().count();
    }
    for s in sents.iter_mut() {
        if !rng.chance(0.05) {
            continue;
        }
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let at = rng.below(n.max(1));
        let len = (n / 3).max(1).min(n - at.min(n));
        let insert = if zh {
            rng.pick(&["据了解，", "有关负责人表示", "记者注意到"])
        } else {
            rng.pick(&["reportedly ", "officials said ", "it is understood "])
        };
        let edited: String = match rng.below(3) {
            0 => chars[..at].iter().chain(chars[at + len..].iter()).collect(),
            1 => {
                chars[..at].iter().collect::<String>()
                    + insert
                    + &chars[at..].iter().collect::<String>()
            }
            _ => {
                chars[..at].iter().collect::<String>()
                    + insert
                    + &chars[at + len..].iter().collect::<String>()
            }
        };
        *s = edited;
    }
    let mut body = sents.concat();
    // Punctuation and widths.
    body = match rng.below(3) {
        0 => body
            .replace('，', ",")
            .replace('。', ". ")
            .replace('：', ":"),
        1 => body
            .replace('，', " ")
            .replace('、', ",")
            .replace(['“', '”'], "\""),
        _ => body
            .chars()
            .map(|c| match c {
                '0'..='9' | 'A'..='Z' | 'a'..='z' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                ',' => '，',
                _ => c,
            })
            .collect(),
    };
    if zh {
        body = if rng.chance(0.5) {
            cc.convert(&body)
        } else {
            sentences(&body)
                .into_iter()
                .map(|s| if rng.chance(0.5) { cc.convert(&s) } else { s })
                .collect()
        };
    }
    let (headers, footers) = if zh {
        (ZH_HEADERS, ZH_FOOTERS)
    } else {
        (EN_HEADERS, EN_FOOTERS)
    };
    let header = (0..1 + rng.below(2))
        .map(|_| rng.pick(headers))
        .collect::<Vec<_>>()
        .join("\n");
    let footer = (0..1 + rng.below(3))
        .map(|_| rng.pick(footers))
        .collect::<Vec<_>>()
        .join("\n");
    // Most reposts carry the original's date, some the next day's (a repost a day later),
    // some none (a page that shows no date).
    let date = match (item.date.is_empty(), rng.below(5)) {
        (true, _) | (false, 0) => String::new(),
        (false, 1) => format!("发布时间:{}\n", next_day(&item.date)),
        _ => format!("发布时间:{}\n", item.date),
    };
    format!("{}\n{date}\n{header}\n{body}\n{footer}\n", item.title)
}
