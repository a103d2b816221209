//! Integration tests of wenzhai-search against a real index in a temporary directory.
//!
//! The ground truth is a brute-force scan written independently of the crate: a query part
//! matches a document when it occurs in `title + "\n" + body`, folded (full-width ASCII to
//! half-width, lower case, Traditional to Simplified with `wenzhai_core::han`'s table, the
//! "folded Ctrl-F"): CJK as a substring, letters/digits only as whole words. Filters:
//! `site:`/`source:`/`author:` values occur the same way in the folded field; `tag:t` is a
//! tag equal to `t` or starting with `t/`; dates compare as zero-padded ISO strings.

use std::collections::{BTreeSet, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use wenzhai_search::{
    parse_query, query_parts, snippet, IndexDoc, SearchError, SearchIndex, SortOrder, StateFilter,
};

// ---------------------------------------------------------------- brute force

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x309F | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).expect("ascii"),
        0x3000 => ' ',
        _ => c,
    };
    wenzhai_core::han::to_simplified(c.to_lowercase().next().unwrap_or(c))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn folded(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// True when `part` occurs in the folded haystack as a substring, whole-word at word-char ends.
fn occurs(hay: &str, part: &str) -> bool {
    let pat = folded(part);
    let (Some(first), Some(last)) = (pat.chars().next(), pat.chars().next_back()) else {
        return false;
    };
    hay.match_indices(pat.as_str()).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + pat.len()..].chars().next();
        let glued_before = is_word(first) && before.is_some_and(is_word);
        let glued_after = is_word(last) && after.is_some_and(is_word);
        !glued_before && !glued_after
    })
}

/// A test query's item: `(exclude, key, value)`; key "" for text. Quotes are plain `"`.
fn truth_items(query: &str) -> Vec<(bool, String, String)> {
    let mut tokens = Vec::new();
    let mut token = String::new();
    let mut in_quote = false;
    for c in query.chars() {
        if c == '"' {
            in_quote = !in_quote;
            token.push(c);
        } else if c.is_whitespace() && !in_quote {
            tokens.push(std::mem::take(&mut token));
        } else {
            token.push(c);
        }
    }
    tokens.push(token);
    let keys = [
        "tag", "site", "source", "author", "after", "before", "is", "has",
    ];
    let mut items = Vec::new();
    for token in tokens.into_iter().filter(|t| !t.is_empty()) {
        let (exclude, rest) = match token.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, token.clone()),
        };
        let rest = rest.replace('：', ":");
        let (key, value) = match rest.split_once(':') {
            Some((key, value)) if keys.contains(&key.to_lowercase().as_str()) => {
                (key.to_lowercase(), value.to_string())
            }
            _ => (String::new(), rest),
        };
        items.push((exclude, key, value.replace('"', "")));
    }
    items
}

/// `2022` / `2022-03` / `2022-03-15` / full timestamp → a comparable ISO string; `high` pads
/// to the last instant.
fn iso(date: &str, high: bool) -> String {
    let pad = match (date.len(), high) {
        (4, false) => "-01-01T00:00:00",
        (4, true) => "-12-31T23:59:59",
        (7, false) => "-01T00:00:00",
        (7, true) => "-31T23:59:59",
        (10, false) => "T00:00:00",
        (10, true) => "T23:59:59",
        _ => "",
    };
    format!("{date}{pad}")
}

struct TruthDoc {
    id: i64,
    hay: String,
    author: Option<String>,
    site: Option<String>,
    source: Option<String>,
    tags: Vec<String>,
    date: Option<String>,
}

struct Truth {
    docs: Vec<TruthDoc>,
}

impl Truth {
    fn new(docs: &[IndexDoc]) -> Truth {
        Truth {
            docs: docs
                .iter()
                .map(|d| TruthDoc {
                    id: d.id,
                    hay: folded(&format!("{}\n{}", d.title, d.body)),
                    author: d.author.as_deref().map(folded),
                    site: d.site.as_deref().map(folded),
                    source: d.source.as_deref().map(folded),
                    tags: d.tags.iter().map(|t| folded(t)).collect(),
                    date: d
                        .published
                        .as_deref()
                        .filter(|p| p.starts_with("20"))
                        .map(|p| iso(p, false)),
                })
                .collect(),
        }
    }

    fn matches(doc: &TruthDoc, key: &str, value: &str) -> bool {
        let field = |f: &Option<String>| f.as_deref().is_some_and(|f| occurs(f, value));
        match key {
            "" => occurs(&doc.hay, value),
            "tag" => {
                let v = folded(value);
                doc.tags
                    .iter()
                    .any(|t| *t == v || t.starts_with(&format!("{v}/")))
            }
            "site" => field(&doc.site),
            "source" => field(&doc.source),
            "author" => field(&doc.author),
            "after" => doc.date.as_ref().is_some_and(|d| *d >= iso(value, false)),
            "before" => doc.date.as_ref().is_some_and(|d| *d <= iso(value, true)),
            other => panic!("no truth for {other}:"),
        }
    }

    fn ids(&self, query: &str) -> BTreeSet<i64> {
        self.ids_allowed(query, None)
    }

    /// The truth of `query` among `allowed` (which stands for its state filters).
    fn ids_allowed(&self, query: &str, allowed: Option<&HashSet<i64>>) -> BTreeSet<i64> {
        // Clauses of alternatives; `OR` glues neighbours.
        let mut clauses: Vec<(bool, Vec<(String, String)>)> = Vec::new();
        let mut glue = false;
        let mut positive = false;
        for (exclude, key, value) in truth_items(query) {
            if key.is_empty() && value == "OR" && !exclude {
                glue = true;
                continue;
            }
            if key == "is" || key == "has" {
                positive = true;
                continue;
            }
            let has_token = !key.is_empty() || value.chars().any(char::is_alphanumeric);
            if glue {
                glue = false;
                if let Some(last) = clauses.last_mut() {
                    if has_token {
                        last.1.push((key, value));
                    }
                    continue;
                }
            }
            clauses.push((
                exclude,
                if has_token {
                    vec![(key, value)]
                } else {
                    vec![]
                },
            ));
        }
        clauses.retain(|(_, alternatives)| !alternatives.is_empty());
        positive |= clauses.iter().any(|(exclude, _)| !exclude);
        if !positive {
            return BTreeSet::new();
        }
        self.docs
            .iter()
            .filter(|doc| allowed.is_none_or(|ids| ids.contains(&doc.id)))
            .filter(|doc| {
                clauses.iter().all(|(exclude, alternatives)| {
                    let any = alternatives
                        .iter()
                        .any(|(key, value)| Truth::matches(doc, key, value));
                    any != *exclude
                })
            })
            .map(|doc| doc.id)
            .collect()
    }
}

// ---------------------------------------------------------------- helpers

fn doc(id: i64, title: &str, body: &str) -> IndexDoc {
    IndexDoc {
        id,
        title: title.into(),
        body: body.into(),
        ..IndexDoc::default()
    }
}

fn build(dir: &Path, docs: &[IndexDoc], counter: u64) -> SearchIndex {
    let index = SearchIndex::open(dir).expect("open");
    let mut writer = index.writer().expect("writer");
    for d in docs {
        writer.upsert(d).expect("upsert");
    }
    writer.commit(counter).expect("commit");
    index
}

fn found(index: &SearchIndex, query: &str) -> BTreeSet<i64> {
    let page = index.search(query, 0, 100_000).expect("search");
    let ids: BTreeSet<i64> = page.hits.iter().map(|h| h.0).collect();
    assert_eq!(ids.len(), page.hits.len(), "duplicate hits for {query:?}");
    assert_eq!(page.total, ids.len() as u64, "total for {query:?}");
    ids
}

/// Checks every query against the truth; returns a report of the mismatches.
fn compare(index: &SearchIndex, truth: &Truth, queries: &[&str]) -> Vec<String> {
    let mut errors = Vec::new();
    for &q in queries {
        let want = truth.ids(q);
        let got = found(index, q);
        if want != got {
            let missing: Vec<_> = want.difference(&got).take(5).collect();
            let extra: Vec<_> = got.difference(&want).take(5).collect();
            errors.push(format!(
                "{q:?}: truth {} got {} (missing {missing:?}, extra {extra:?})",
                want.len(),
                got.len()
            ));
        }
    }
    errors
}

/// Deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "碳达峰",
    "碳中和",
    "中美",
    "双方",
    "贸易",
    "人民",
    "代表",
    "大会",
    "全国",
    "5G",
    "网络",
    "经济",
    "改革",
    "税收",
    "减税",
    "财税",
    "党建",
    "政党",
    "组织",
    "疫情",
    "防控",
    "熊猫",
    "大湾区",
    "中",
    "和",
    "税",
    "党",
    "国",
    "the",
    "economy",
    "Google",
    "google's",
    "art",
    "article",
    "Tony",
    "Blair",
    "interest",
    "rates",
    "G20",
    "峰会",
    "５Ｇ",
    "ＧＤＰ",
    "增长",
    "GDP",
    "，",
    "。",
    "、",
    " ",
    " ",
    "\n",
    "“",
    "”",
    "-",
    "😀",
];

const AUTHORS: &[&str] = &[
    "张三",
    "记者 张三",
    "张三丰",
    "李四",
    "John Smith",
    "SMITHERS",
    "Ａｎｎ Lee",
    "",
];
const SITES: &[&str] = &[
    "news.cn",
    "www.news.cn",
    "badnews.cn",
    "bbc.co.uk",
    "新华网",
    "",
];
const SOURCES: &[&str] = &["新闻联播", "人民日报", "BBC News", "bbc", ""];
const TAGS: &[&str] = &[
    "党建",
    "党建/组织建设",
    "党建建设",
    "经济",
    "经济/财税",
    "Tech/AI",
    "tech",
    "党建/组织建设/支部",
];
const DATES: &[&str] = &[
    "2021-12-31T23:59:59",
    "2022-01-01",
    "2022-03",
    "2022-03-15T08:00:00",
    "2022-03-15",
    "2022-03-31T23:59:59",
    "2022-07-05T14:30:29",
    "2022-12-31T23:59:59",
    "2023-01-01T00:00:00",
    "2022",
    "bad",
    "",
];

/// Deterministic metadata for every document (an empty pick is None / no tag).
fn add_metadata(docs: &mut [IndexDoc]) {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    for d in docs.iter_mut() {
        d.author = opt(rng.pick(AUTHORS));
        d.site = opt(rng.pick(SITES));
        d.source = opt(rng.pick(SOURCES));
        d.published = opt(rng.pick(DATES));
        d.tags = (0..rng.next() % 3)
            .map(|_| rng.pick(TAGS).to_string())
            .collect();
    }
}

/// ~200 documents: hand-written tricky ones, then random concatenations of PIECES.
fn synthetic_docs() -> Vec<IndexDoc> {
    let mut docs = vec![
        doc(1, "碳达峰碳中和", "我国提出碳达峰碳中和目标。"),
        doc(2, "中美双方", "中美双方就贸易问题举行会谈。"),
        doc(3, "人民代表大会", "全国人民代表大会常务委员会。"),
        doc(4, "5G网络建设", "加快5G网络建设，推进５Ｇ应用。"),
        doc(5, "全角", "ＧＤＰ增长５％，Ｇ２０峰会。"),
        doc(6, "单字", "减税降费，财税改革。"),
        doc(7, "党", "党的建设。"),
        doc(8, "Art", "An article about art and the Economy."),
        doc(
            9,
            "Tony Blair",
            "Prime Minister Tony Blair said interest rates would rise.",
        ),
        doc(10, "Blair", "Tony, Blair and others."),
        doc(11, "中和", "酸碱中和反应。"),
        doc(12, "碳", "碳排放，中和。"),
        doc(13, "", "中国 人民"),
        doc(14, "中国人民", ""),
        doc(15, "G20峰会", "AG20 and G20s are not G20."),
        doc(16, "emoji", "熊猫😀熊猫🐼大熊猫"),
        doc(17, "Google", "google's search; GOOGLE"),
        doc(18, "日本語", "東京タワーとソウル서울"),
        doc(19, "5G 网络", "5G 网络 and 5Gnetwork"),
        doc(20, "大湾区", "粤港澳大湾区建设"),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for id in 21..=200 {
        let mut title = String::new();
        for _ in 0..(1 + rng.next() % 4) {
            title.push_str(rng.pick(PIECES));
        }
        let mut body = String::new();
        for _ in 0..(5 + rng.next() % 40) {
            body.push_str(rng.pick(PIECES));
        }
        docs.push(doc(id, &title, &body));
    }
    add_metadata(&mut docs);
    docs
}

const QUERIES: &[&str] = &[
    "党",
    "税",
    "中",
    "和",
    "国",
    "碳中和",
    "碳达峰",
    "中和",
    "峰碳",
    "中美",
    "中美双方",
    "中美 贸易",
    "人民代表",
    "全国人民代表大会",
    "国人",
    "中国人",
    "中国人民",
    "\"中国 人民\"",
    "5G",
    "5g",
    "５Ｇ",
    "5G网络",
    "5G 网络",
    "G20",
    "g20峰会",
    "GDP 增长",
    "ＧＤＰ增长",
    "Google",
    "google",
    "art",
    "article",
    "economy",
    "the economy",
    "\"Tony Blair\"",
    "Tony Blair",
    "interest rates",
    "熊猫",
    "大熊猫",
    "大湾区",
    "税 -减税",
    "经济 -改革",
    "党 组织 -政党",
    "-党",
    "碳",
    "東京",
    "タワー",
    "서울",
    "s",
    "网络 -5G",
];

/// Queries of the whole language (filters, OR, exclusions) checked against the truth.
const FILTER_QUERIES: &[&str] = &[
    "tag:党建",
    "tag：党建",
    "TAG:党建/组织建设",
    "tag:党建建设",
    "tag:经济",
    "tag:tech",
    "tag:Tech/AI",
    "-tag:党建 税",
    "tag:党建 OR tag:经济",
    "site:news.cn",
    "site:www.news.cn",
    "site:新华",
    "site:bbc.co.uk",
    "-site:news.cn 党",
    "source:新闻联播",
    "source:bbc",
    "source:\"BBC News\"",
    "author:张三",
    "author:张三丰",
    "author:smith",
    "author:SMITH",
    "author:ann",
    "author:\"john smith\" OR author:李四",
    "after:2022",
    "after:2022-03",
    "after:2022-03-15",
    "after:2022-03-16",
    "before:2022-03-15",
    "before:2022-03",
    "before:2022",
    "before:2021-12-31",
    "after:2022-01-01 before:2022-12-31",
    "after:2022-03 before:2022-03",
    "after:2023 before:2022",
    "碳中和 OR 碳达峰 目标",
    "碳中和 OR 碳达峰",
    "中 OR 和 -税",
    "税 OR economy OR 5G",
    "\"Tony Blair\" OR 熊猫",
    "😀 OR 熊猫",
    "熊猫 OR 😀 中",
    "党 tag:党建",
    "经济 OR tag:经济",
    "after:2022-07 OR tag:党建",
    "熊猫 site:news.cn OR author:张三",
    "-\"中国 人民\" 中国",
    "tag:党建 -author:张三 after:2022-01-01",
    "-tag:经济",
    "foo:bar",
];

// ---------------------------------------------------------------- tests

#[test]
fn results_equal_brute_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = synthetic_docs();
    let index = build(dir.path(), &docs, 1);
    let truth = Truth::new(&docs);
    let errors = compare(&index, &truth, QUERIES);
    assert!(errors.is_empty(), "mismatches:\n{}", errors.join("\n"));
    // The tricky cases really are there.
    assert!(found(&index, "碳中和").contains(&1));
    assert!(found(&index, "中美").contains(&2));
    assert!(found(&index, "人民代表").contains(&3));
    assert!(found(&index, "5G").contains(&4));
    assert!(found(&index, "G20").contains(&5));
    assert!(found(&index, "税").contains(&6));
    assert!(!found(&index, "国人").contains(&13));
    assert!(found(&index, "国人").contains(&14));
    assert!(!found(&index, "\"Tony Blair\"").contains(&10));
}

#[test]
fn pages_totals_and_ranking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut docs = synthetic_docs();
    docs.push(doc(1001, "熊猫基地", "今天天气很好，我们去了成都。"));
    docs.push(doc(1002, "成都游记", "今天天气很好，我们去看了熊猫。"));
    let index = build(dir.path(), &docs, 1);
    let all = index.search("党", 0, 1000).expect("search");
    assert!(all.total > 10, "total {}", all.total);
    assert!(
        all.hits.windows(2).all(|w| w[0].1 >= w[1].1),
        "sorted by score"
    );
    let page = index.search("党", 0, 3).expect("search");
    assert_eq!(page.total, all.total, "total counts beyond the limit");
    assert_eq!(page.hits.len(), 3);
    let mut paged = Vec::new();
    for offset in (0..all.total as usize).step_by(4) {
        let page = index.search("党", offset, 4).expect("search");
        assert_eq!(page.total, all.total);
        paged.extend(page.hits.iter().map(|h| h.0));
    }
    let ids: Vec<i64> = all.hits.iter().map(|h| h.0).collect();
    assert_eq!(paged.len(), ids.len());
    assert_eq!(
        paged.iter().collect::<BTreeSet<_>>(),
        ids.iter().collect::<BTreeSet<_>>()
    );
    let beyond = index.search("党", 10_000, 10).expect("search");
    assert_eq!(beyond.total, all.total);
    assert!(beyond.hits.is_empty());
    let none = index.search("党", 0, 0).expect("search");
    assert_eq!(none.total, all.total);
    assert!(none.hits.is_empty());
    let huge = index.search("党", usize::MAX, usize::MAX).expect("search");
    assert!(huge.hits.is_empty());

    // A match in the title ranks above one in the body.
    let panda = index.search("熊猫 今天", 0, 10).expect("search");
    let ids: Vec<i64> = panda.hits.iter().map(|h| h.0).collect();
    assert_eq!(ids, vec![1001, 1002]);
}

#[test]
fn odd_queries_never_fail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = build(dir.path(), &synthetic_docs(), 1);
    let long_cjk = "中国人民".repeat(5000);
    let long_words = "word ".repeat(5000);
    let empty = [
        "",
        "   ",
        "\"",
        "\"\"",
        "-",
        "--",
        "- -",
        "，。！",
        "😀",
        "🐼🐼",
        "\u{0}",
        "\u{FEFF}",
        "-党",
        "-\"中国\"",
        "\"\t\"",
    ];
    for q in empty {
        let page = index.search(q, 0, 10).expect(q);
        assert_eq!(page.total, 0, "{q:?}");
        assert!(query_parts(q).is_empty(), "{q:?}");
    }
    for q in [
        "\"unbalanced 中国",
        "中国\"",
        "“中美双方",
        "a\"b\"c",
        "熊猫😀",
        "C++",
        "*",
        "AND OR NOT",
        "tag:党建",
        "site:example.com",
        "(中国)",
        "\\",
        "a-b",
        "ǅ İ ẞ",
        long_cjk.as_str(),
        long_words.as_str(),
    ] {
        index.search(q, 0, 10).expect(q);
        index.search(q, 5, 0).expect(q);
    }
    // An emoji part is ignored, the rest still counts.
    assert_eq!(found(&index, "熊猫😀"), found(&index, "熊猫"));
}

#[test]
fn writer_session_lifecycle() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let index = SearchIndex::open(dir.path()).expect("open");
        assert_eq!(index.committed_counter().expect("counter"), 0);
        assert!(index.all_ids().expect("ids").is_empty());
        assert_eq!(index.search("党", 0, 10).expect("search").total, 0);

        let mut writer = index.writer().expect("writer");
        assert!(matches!(index.writer(), Err(SearchError::Locked)));
        writer.upsert(&doc(3, "旧标题", "碳中和")).expect("upsert");
        writer.upsert(&doc(1, "Hello", "world")).expect("upsert");
        writer.upsert(&doc(2, "党", "税")).expect("upsert");
        writer.commit(7).expect("commit");
        assert_eq!(index.committed_counter().expect("counter"), 7);
        assert_eq!(index.all_ids().expect("ids"), vec![1, 2, 3]);
        assert_eq!(found(&index, "碳中和"), BTreeSet::from([3]));

        // Upsert replaces; delete removes.
        let mut writer = index.writer().expect("writer after commit");
        writer.upsert(&doc(3, "新标题", "大湾区")).expect("upsert");
        writer.delete(1).expect("delete");
        writer.delete(99).expect("delete missing");
        writer.commit(8).expect("commit");
        assert!(found(&index, "碳中和").is_empty());
        assert!(found(&index, "旧标题").is_empty());
        assert_eq!(found(&index, "新标题 大湾区"), BTreeSet::from([3]));
        assert!(found(&index, "hello").is_empty());
        assert_eq!(index.all_ids().expect("ids"), vec![2, 3]);

        // Dropping without commit discards the changes and frees the lock.
        let mut writer = index.writer().expect("writer");
        writer.upsert(&doc(4, "丢弃", "丢弃")).expect("upsert");
        writer.delete(2).expect("delete");
        drop(writer);
        assert_eq!(index.all_ids().expect("ids"), vec![2, 3]);
        assert_eq!(index.committed_counter().expect("counter"), 8);
        let writer = index.writer().expect("writer after drop");
        drop(writer);
    }
    {
        // Reopen: data and counter persist; a second index on the same dir is locked out.
        let index = SearchIndex::open(dir.path()).expect("reopen");
        assert_eq!(index.committed_counter().expect("counter"), 8);
        assert_eq!(index.all_ids().expect("ids"), vec![2, 3]);
        assert_eq!(found(&index, "税"), BTreeSet::from([2]));
        let other = SearchIndex::open(dir.path()).expect("open twice");
        let writer = index.writer().expect("writer");
        assert!(matches!(other.writer(), Err(SearchError::Locked)));
        drop(writer);

        // delete_all then re-add in one batch; the other handle sees the commit after reload.
        let mut writer = other.writer().expect("writer of other handle");
        writer.delete_all().expect("delete all");
        writer.upsert(&doc(5, "五", "伍")).expect("upsert");
        writer.commit(9).expect("commit");
        assert_eq!(other.all_ids().expect("ids"), vec![5]);
        assert_eq!(index.committed_counter().expect("counter"), 9);
        assert_eq!(index.all_ids().expect("ids"), vec![5]);
    }
}

#[test]
fn commit_and_merge_leaves_one_segment_with_the_same_hits_and_counter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::open(dir.path()).expect("open");
    for i in 0..12 {
        let mut writer = index.writer().expect("writer");
        writer
            .upsert(&doc(i, &format!("第{i}篇"), "熊猫与碳中和"))
            .expect("upsert");
        writer.commit(i as u64 + 1).expect("commit");
    }
    let mut writer = index.writer().expect("writer");
    writer.delete(3).expect("delete");
    writer
        .upsert(&doc(5, "第5篇", "组织建设"))
        .expect("replace");
    let before = index.segment_count().expect("segments");
    assert!(
        before > 1,
        "small commits leave several segments ({before})"
    );
    writer.commit_and_merge(13).expect("commit and merge");
    assert_eq!(index.segment_count().expect("segments"), 1);
    assert_eq!(index.committed_counter().expect("counter"), 13);
    let expected: BTreeSet<i64> = (0..12).filter(|&i| i != 3 && i != 5).collect();
    assert_eq!(found(&index, "碳中和"), expected);
    assert_eq!(found(&index, "组织"), BTreeSet::from([5]));
    // Reopened from disk (as the next launch does), with postings read, not mapped.
    drop(index);
    let index = SearchIndex::open(dir.path()).expect("reopen");
    assert_eq!(index.segment_count().expect("segments"), 1);
    assert_eq!(found(&index, "碳中和"), expected);
}

#[test]
fn many_small_commits_and_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = Arc::new(SearchIndex::open(dir.path()).expect("open"));
    for i in 0..30 {
        let mut writer = index.writer().expect("writer");
        writer
            .upsert(&doc(i, &format!("第{i}篇"), "熊猫与碳中和"))
            .expect("upsert");
        writer.commit(i as u64 + 1).expect("commit");
    }
    assert_eq!(index.committed_counter().expect("counter"), 30);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let index = Arc::clone(&index);
            scope.spawn(move || {
                for _ in 0..20 {
                    let page = index.search("碳中和", 0, 5).expect("search");
                    assert_eq!(page.total, 30);
                    assert_eq!(page.hits.len(), 5);
                }
            });
        }
    });
}

fn found_parsed(
    index: &SearchIndex,
    query: &str,
    allowed: Option<&HashSet<i64>>,
    sort: SortOrder,
) -> Vec<i64> {
    let parsed = parse_query(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    let page = index
        .search_parsed(&parsed, allowed, sort, 0, 100_000)
        .expect("search");
    let ids: Vec<i64> = page.hits.iter().map(|h| h.0).collect();
    assert_eq!(page.total, ids.len() as u64, "total for {query:?}");
    ids
}

#[test]
fn language_equals_brute_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut docs = synthetic_docs();
    let tagged = |id: i64, tags: &[&str], author: &str, published: &str| IndexDoc {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        author: Some(author.to_string()),
        published: Some(published.to_string()),
        ..doc(id, "碳中和目标", "碳达峰")
    };
    docs.push(tagged(
        301,
        &["党建/组织建设"],
        "新华社记者 张三",
        "2022-07",
    ));
    docs.push(tagged(302, &["党建建设"], "张三丰", "2022-07-05T14:30:29"));
    docs.push(tagged(303, &["Party/党建"], "Smithers", "2023-01-01"));
    let index = build(dir.path(), &docs, 1);
    let truth = Truth::new(&docs);

    let mut errors = compare(&index, &truth, FILTER_QUERIES);
    errors.extend(compare(&index, &truth, QUERIES));
    assert!(errors.is_empty(), "mismatches:\n{}", errors.join("\n"));
    // The tricky cases really are there.
    let set = |q: &str| found(&index, q);
    assert!(set("tag:党建").contains(&301));
    assert!(!set("tag:党建").contains(&302));
    assert!(!set("tag:党建").contains(&303));
    assert!(set("author:张三").is_superset(&BTreeSet::from([301, 302])));
    assert!(!set("author:smith").contains(&303));
    assert!(set("after:2022-07-01 before:2022-07-01").contains(&301));
    assert!(!set("after:2022-07-02").contains(&301));
    assert!(set("碳中和 OR 熊猫 碳达峰").is_superset(&BTreeSet::from([301, 302, 303])));
    for q in FILTER_QUERIES {
        // Contradictory dates, unknown text, exclusions only: nothing, on purpose.
        if !["after:2023 before:2022", "foo:bar", "-tag:经济"].contains(q) {
            assert!(!truth.ids(q).is_empty(), "{q:?} tests nothing");
        }
    }

    // `allowed` narrows every query; state filters alone match every allowed document.
    let mut rng = Rng(42);
    let mut queries: Vec<&str> = FILTER_QUERIES.iter().chain(QUERIES).copied().collect();
    queries.extend([
        "is:unread",
        "is:unread 党",
        "is:starred -税",
        "has:notes tag:党建",
        "is:read is:archived 碳中和 OR 碳达峰",
        "is:unread -党",
    ]);
    for round in 0..3 {
        let allowed: HashSet<i64> = docs
            .iter()
            .map(|d| d.id)
            .filter(|_| rng.next().is_multiple_of(round + 2))
            .collect();
        for q in &queries {
            let want = truth.ids_allowed(q, Some(&allowed));
            let got: BTreeSet<i64> = found_parsed(&index, q, Some(&allowed), SortOrder::Relevance)
                .into_iter()
                .collect();
            assert_eq!(got, want, "{q:?} with allowed ids (round {round})");
        }
    }
    let all: HashSet<i64> = docs.iter().map(|d| d.id).collect();
    assert_eq!(
        found_parsed(&index, "is:unread", Some(&all), SortOrder::Relevance).len(),
        docs.len()
    );
    assert!(found_parsed(&index, "党", Some(&HashSet::new()), SortOrder::Relevance).is_empty());
    // Without `allowed`, state filters are left to the caller.
    assert_eq!(
        found_parsed(&index, "is:unread 党", None, SortOrder::Relevance)
            .into_iter()
            .collect::<BTreeSet<_>>(),
        truth.ids("党")
    );
    // Paging with `allowed` keeps the total.
    let parsed = parse_query("党").expect("parse");
    let page = index
        .search_parsed(&parsed, Some(&all), SortOrder::Relevance, 3, 2)
        .expect("search");
    assert_eq!(page.total, truth.ids("党").len() as u64);
    assert_eq!(page.hits.len(), 2);
}

#[test]
fn sort_by_newest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = synthetic_docs();
    let index = build(dir.path(), &docs, 1);
    let truth = Truth::new(&docs);
    let date = |id: i64| -> Option<String> {
        truth
            .docs
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.date.clone())
    };
    for q in ["党", "tag:党建", "碳中和 OR 税", "is:starred"] {
        let newest = found_parsed(&index, q, None, SortOrder::Newest);
        let relevance = found_parsed(&index, q, None, SortOrder::Relevance);
        assert_eq!(
            newest.iter().collect::<BTreeSet<_>>(),
            relevance.iter().collect::<BTreeSet<_>>(),
            "{q:?}"
        );
        let dates: Vec<Option<String>> = newest.iter().map(|&id| date(id)).collect();
        // Newest first, undated (None sorts lowest) last.
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{q:?}: {dates:?}");
        assert!(dates.first().is_some_and(Option::is_some), "{q:?}");
        assert!(dates.last().is_some_and(Option::is_none), "{q:?}");
        // Pages follow the same order.
        let parsed = parse_query(q).expect("parse");
        let mut paged = Vec::new();
        for offset in (0..newest.len()).step_by(7) {
            let page = index
                .search_parsed(&parsed, None, SortOrder::Newest, offset, 7)
                .expect("page");
            assert_eq!(page.total, newest.len() as u64);
            paged.extend(page.hits.iter().map(|h| h.0));
        }
        assert_eq!(paged, newest, "{q:?}");
    }
}

#[test]
fn malformed_queries_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = build(dir.path(), &synthetic_docs(), 1);
    for (q, needle) in [
        ("after:notadate", "after:notadate"),
        ("before:2022-13", "before:2022-13"),
        ("tag:", "tag:"),
        ("碳中和 site：", "site:"),
        ("OR 碳中和", "OR"),
        ("碳中和 OR", "OR"),
        ("a OR OR b", "OR"),
        ("a OR -b", "-b"),
        ("is:maybe", "is:maybe"),
        ("-is:read", "is:read"),
        ("is:unread", "Unread"),
    ] {
        match index.search(q, 0, 10) {
            Err(SearchError::Query(message)) => {
                assert!(message.contains(needle), "{q:?}: {message}")
            }
            other => panic!("{q:?} should be a query error, got {other:?}"),
        }
        assert!(query_parts(q).is_empty(), "{q:?}");
    }
    // Unknown keys are text, not errors.
    index.search("foo:bar", 0, 10).expect("foo:bar");
    assert_eq!(query_parts("foo:bar"), vec!["foo:bar"]);
    // The state filters are handed to the caller.
    let parsed = parse_query("is:unread 党 has:notes is:starred").expect("parse");
    assert_eq!(
        parsed.state_filters(),
        &[
            StateFilter::Unread,
            StateFilter::HasNotes,
            StateFilter::Starred
        ]
    );
    // query_parts agrees with literal_parts: filters and exclusions are not parts.
    let q = "碳中和 OR 碳达峰 目标 tag:党建 -税 author:张三 is:read “中国 人民”";
    let parsed = parse_query(q).expect("parse");
    assert_eq!(
        parsed.literal_parts(),
        vec!["碳中和", "碳达峰", "目标", "中国 人民"]
    );
    assert_eq!(query_parts(q), parsed.literal_parts());
}

/// Renders a snippet with its highlights in [brackets].
fn marked(text: &str, query: &str, max: usize) -> String {
    let (s, ranges) = snippet(text, &query_parts(query), max);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in ranges {
        let (a, b) = (a as usize, b as usize);
        assert!(at <= a && a < b && b <= chars.len(), "{a}..{b} in {s:?}");
        out.extend(&chars[at..a]);
        out.push('[');
        out.extend(&chars[a..b]);
        out.push(']');
        at = b;
    }
    out.extend(&chars[at..]);
    out
}

#[test]
fn snippets_use_char_offsets() {
    assert_eq!(
        query_parts("碳中和 -碳达峰 \"Tony Blair\" 😀"),
        vec!["碳中和", "Tony Blair"]
    );
    assert_eq!(
        marked(
            "🐼🐼大熊猫。我国提出碳达峰、碳中和目标，碳中和！",
            "碳中和 熊猫",
            200
        ),
        "🐼🐼大[熊猫]。我国提出碳达峰、[碳中和]目标，[碳中和]！"
    );
    // Offsets are chars of the snippet (not bytes, not UTF-16 units).
    let (s, ranges) = snippet("𠀀𠀀 ５Ｇ网络", &["5G网络".to_string()], 50);
    assert_eq!(ranges, vec![(3, 7)]);
    assert_eq!(s.chars().skip(3).take(4).collect::<String>(), "５Ｇ网络");
    // Latin: whole words, case-insensitive.
    assert_eq!(
        marked("The ART of an article: art.", "art", 100),
        "The [ART] of an article: [art]."
    );
    // A long text: a window around the first match, cut with ellipses.
    let text = format!("{}。人民代表大会召开{}", "甲".repeat(500), "乙".repeat(500));
    let s = marked(&text, "人民代表", 40);
    assert!(s.starts_with("…[人民代表]大会召开乙"), "{s}");
    assert!(s.ends_with('…'), "{s}");
    assert!(s.chars().count() <= 44, "{s}");
    // No match: the beginning.
    assert_eq!(marked("第一段\n\n第二段", "无关", 100), "第一段 第二段");
}

// ---------------------------------------------------------------- real corpus

/// The first `limit` items of a gzipped JSONL corpus, or None (with the reason printed).
fn read_corpus(path: &Path, limit: usize) -> Option<Vec<IndexDoc>> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("skipping: cannot open {}: {e}", path.display());
            return None;
        }
    };
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    for (n, line) in reader.lines().take(limit).enumerate() {
        let line = line.expect("corpus line");
        let value: serde_json::Value = serde_json::from_str(&line).expect("corpus json");
        let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
        docs.push(IndexDoc {
            id: n as i64 + 1,
            title: text("title"),
            body: text("body"),
            ..IndexDoc::default()
        });
    }
    Some(docs)
}

fn dev_queries() -> Option<Vec<String>> {
    let path = Path::new("/work/shared/corpus/queries-dev.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: no {}", path.display());
        return None;
    };
    let value: serde_json::Value = serde_json::from_str(&text).expect("queries json");
    let queries = value
        .as_array()
        .expect("a list of queries")
        .iter()
        .filter_map(|q| q["q"].as_str().map(str::to_string))
        .collect();
    Some(queries)
}

fn check_corpus(file: &str, limit: usize) {
    let Some(queries) = dev_queries() else {
        return;
    };
    let Some(docs) = read_corpus(&Path::new("/work/shared/corpus").join(file), limit) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let started = std::time::Instant::now();
    let index = build(dir.path(), &docs, 1);
    eprintln!(
        "{file}: indexed {} docs in {:?}",
        docs.len(),
        started.elapsed()
    );
    let truth = Truth::new(&docs);
    let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let errors = compare(&index, &truth, &queries);
    eprintln!(
        "{file}: {} queries checked in {:?}",
        queries.len(),
        started.elapsed()
    );
    let with_hits = queries.iter().filter(|q| !truth.ids(q).is_empty()).count();
    eprintln!(
        "{file}: {with_hits} of {} queries have matches",
        queries.len()
    );
    assert!(with_hits > 0, "the corpus queries found nothing at all");
    assert!(errors.is_empty(), "mismatches:\n{}", errors.join("\n"));
}

#[test]
fn real_corpus_chinese() {
    check_corpus("xwlb_zh.jsonl.gz", 3000);
}

#[test]
fn real_corpus_english() {
    check_corpus("bbc_en.jsonl.gz", 600);
}

// ---------------------------------------------------------------- annotation notes

#[test]
fn notes_and_quotes_are_searched_like_the_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let annotated = IndexDoc {
        notes: vec![
            "要点：组工干部的作风".into(),
            "会议研究部署".into(),
            "Check the deadline".into(),
        ],
        ..doc(1, "组织工作会议", "会议研究部署组织工作。")
    };
    let split = IndexDoc {
        notes: vec!["碳中".into(), "和平".into()],
        ..doc(2, "无关", "无关的正文")
    };
    let plain = doc(3, "体育新闻", "运动员训练。");
    let index = build(dir.path(), &[annotated.clone(), split, plain], 1);
    let set = |q: &str| found(&index, q);
    let ids = |v: &[i64]| v.iter().copied().collect::<BTreeSet<i64>>();

    assert_eq!(
        set("组工"),
        ids(&[1]),
        "a word only in a note finds the article"
    );
    assert_eq!(
        set("干部 会议"),
        ids(&[1]),
        "parts may match in note and text"
    );
    assert_eq!(
        set("deadline"),
        ids(&[1]),
        "Latin words in notes, case-insensitive"
    );
    assert_eq!(
        set("dead"),
        ids(&[]),
        "whole words in notes, as in the text"
    );
    assert_eq!(set("组工 OR 运动员"), ids(&[1, 3]));
    assert_eq!(
        set("会议 -组工"),
        ids(&[]),
        "an exclusion looks in notes too"
    );
    assert_eq!(
        set("中和"),
        ids(&[]),
        "a part never matches across two notes"
    );
    assert_eq!(set("碳中"), ids(&[2]));

    // The note removed (the article re-indexed without it): the word is gone.
    let mut writer = index.writer().expect("writer");
    writer
        .upsert(&IndexDoc {
            notes: Vec::new(),
            ..annotated
        })
        .expect("upsert");
    writer.commit(2).expect("commit");
    assert_eq!(set("组工"), ids(&[]));
    assert_eq!(set("会议"), ids(&[1]), "the text is still there");
}

#[test]
fn contains_part_matches_like_the_index() {
    let parts = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(wenzhai_search::contains_part(
        "要点：组工干部",
        &parts(&["组工"])
    ));
    assert!(wenzhai_search::contains_part(
        "Check the DEADLINE",
        &parts(&["deadline"])
    ));
    assert!(!wenzhai_search::contains_part(
        "deadlines",
        &parts(&["deadline"])
    ));
    assert!(!wenzhai_search::contains_part(
        "组织",
        &parts(&["组工", "干部"])
    ));
    assert!(!wenzhai_search::contains_part("anything", &[]));
}

// ---------------------------------------------------------------- 简繁 folding

/// Articles in Traditional only, Simplified only, and the one-to-many cases (發/髮, 裡/裏).
fn han_docs() -> Vec<IndexDoc> {
    vec![
        IndexDoc {
            tags: vec!["組織/黨建".into()],
            ..doc(1, "基層組織建設", "加強黨的組織建設，發揮戰鬥堡壘作用。")
        },
        IndexDoc {
            tags: vec!["组织".into()],
            ..doc(2, "基层组织建设", "加强党的组织建设，发挥战斗堡垒作用。")
        },
        doc(3, "理髮店", "他去剪頭髮。"),
        doc(4, "經濟發展", "高質量發展。"),
        doc(5, "家裡", "屋裡很暖和。"),
        doc(6, "衣服裏子", "裏面很暖和。"),
        IndexDoc {
            notes: vec!["組織部的意見".into()],
            ..doc(7, "筆記", "正文沒有那個詞。")
        },
        doc(8, "無關", "天氣很好。"),
    ]
}

fn ids(v: &[i64]) -> BTreeSet<i64> {
    v.iter().copied().collect()
}

fn found_checked(index: &SearchIndex, docs: &[IndexDoc], query: &str, exact: bool) -> Vec<i64> {
    let mut parsed = parse_query(query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    if exact {
        parsed = parsed.with_exact_characters();
    }
    let page = index
        .search_checked(
            &parsed,
            None,
            SortOrder::Relevance,
            0,
            100_000,
            |id| -> Result<Option<IndexDoc>, SearchError> {
                Ok(docs.iter().find(|d| d.id == id).cloned())
            },
        )
        .expect("search");
    assert_eq!(page.total, page.hits.len() as u64, "total for {query:?}");
    let mut got: Vec<i64> = page.hits.iter().map(|h| h.0).collect();
    got.sort_unstable();
    got
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = han_docs();
    let index = build(dir.path(), &docs, 1);
    let set = |q: &str| found(&index, q);
    assert_eq!(set("组织"), ids(&[1, 2, 7]), "Simplified finds Traditional");
    assert_eq!(set("組織"), ids(&[1, 2, 7]), "Traditional finds Simplified");
    assert_eq!(set("组織"), ids(&[1, 2, 7]), "a mixed query too");
    assert_eq!(set("基层组织"), ids(&[1, 2]), "titles");
    assert_eq!(set("组织部"), ids(&[7]), "notes");
    assert_eq!(set("发"), ids(&[1, 2, 3, 4]), "发 finds 發 and 髮");
    assert_eq!(set("头发"), ids(&[3]));
    assert_eq!(set("發展"), ids(&[4]));
    assert_eq!(set("里"), ids(&[5, 6]), "里 finds 裡 and 裏");
    assert_eq!(set("裡面"), ids(&[6]), "裡 finds 裏 (both fold to 里)");
    assert_eq!(set("tag:组织"), ids(&[1, 2]), "tag 組織 found by tag:组织");
    assert_eq!(set("tag:組織"), ids(&[1, 2]));
    assert_eq!(set("tag:组织/党建"), ids(&[1]));
    assert_eq!(set("组织 -發揮"), ids(&[7]));
    // The folded truth (title and body: no notes) agrees.
    let truth = Truth::new(&docs);
    let errors = compare(
        &index,
        &truth,
        &[
            "基层组织",
            "基層組織",
            "发",
            "發",
            "髮",
            "里",
            "裡",
            "裏",
            "头发",
            "發展 经济",
            "暖和",
            "tag:组织",
            "tag:組織/黨建",
        ],
    );
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn exact_form_matches_only_the_characters_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = han_docs();
    let index = build(dir.path(), &docs, 1);
    let exact = |q: &str| found_checked(&index, &docs, q, false);
    assert_eq!(
        exact("=組織"),
        vec![1, 7],
        "not the Simplified-only article"
    );
    assert_eq!(exact("=\"組織\""), vec![1, 7]);
    assert_eq!(exact("\"=組織\""), vec![1, 7]);
    assert_eq!(exact("=组织"), vec![2]);
    assert_eq!(exact("=組織部"), vec![7], "notes are checked");
    assert_eq!(exact("=髮"), vec![3]);
    assert_eq!(exact("=發"), vec![1, 4]);
    assert_eq!(exact("=裏"), vec![6]);
    assert_eq!(exact("组织 -=組織"), vec![2], "an exact exclusion");
    assert_eq!(exact("组织 -組織"), Vec::<i64>::new(), "a folded one");
    assert_eq!(
        exact("=組織 OR tag:组织"),
        vec![1, 2, 7],
        "exact OR a filter"
    );
    assert_eq!(
        exact("=组织 OR 暖和"),
        vec![2, 5, 6],
        "exact OR a folded part"
    );
    assert_eq!(exact("=组织 基层"), vec![2]);
    assert_eq!(exact("組織"), vec![1, 2, 7], "without `=` it folds");
    // The whole-query toggle.
    let toggled = |q: &str| found_checked(&index, &docs, q, true);
    assert_eq!(toggled("組織"), vec![1, 7]);
    assert_eq!(toggled("组织 tag:組織"), vec![2], "filters still fold");
    // Paging after the check: totals and pages agree.
    let parsed = parse_query("=發").expect("parse");
    let page = index
        .search_checked(&parsed, None, SortOrder::Relevance, 1, 1, |id| {
            Ok::<_, SearchError>(docs.iter().find(|d| d.id == id).cloned())
        })
        .expect("page");
    assert_eq!((page.total, page.hits.len()), (2, 1));
    // `search` alone cannot check: it returns the folded hits.
    assert_eq!(found(&index, "=組織"), ids(&[1, 2, 7]));
}

#[test]
fn snippets_mark_the_original_characters() {
    let text = "加強黨的組織建設，组织工作。";
    assert_eq!(
        marked(text, "组织", 100),
        "加強黨的[組織]建設，[组织]工作。"
    );
    assert_eq!(marked(text, "=組織", 100), "加強黨的[組織]建設，组织工作。");
    assert_eq!(marked("他去剪頭髮。", "头发", 100), "他去剪[頭髮]。");
    assert!(wenzhai_search::contains_part(
        "組織部",
        &query_parts("组织")
    ));
    assert!(!wenzhai_search::contains_part(
        "组织部",
        &query_parts("=組織")
    ));
}

/// Rewrites the index's last commit payload to the form an older Wenzhai wrote (the bare
/// change counter, no index version).
fn make_payload_old(dir: &Path) {
    let meta_path = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta_path).expect("meta.json");
    let mut meta: serde_json::Value = serde_json::from_str(&text).expect("meta json");
    let payload = meta["payload"].as_str().expect("payload").to_string();
    let counter = payload
        .split_whitespace()
        .next()
        .expect("counter")
        .to_string();
    meta["payload"] = serde_json::Value::String(counter);
    std::fs::write(&meta_path, meta.to_string()).expect("write meta");
}

#[test]
fn an_index_of_an_older_version_is_outdated_until_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let index = build(dir.path(), &han_docs(), 4);
        assert_eq!(
            index.index_version().expect("version"),
            wenzhai_search::INDEX_VERSION
        );
        assert!(!index.is_outdated().expect("outdated"));
    }
    make_payload_old(dir.path());
    let index = SearchIndex::open(dir.path()).expect("open");
    assert_eq!(index.index_version().expect("version"), 1);
    assert!(index.is_outdated().expect("outdated"));
    assert_eq!(
        index.committed_counter().expect("counter"),
        4,
        "the counter still reads"
    );
    // A small commit does not make an old index current…
    let mut writer = index.writer().expect("writer");
    writer.upsert(&doc(9, "新", "新")).expect("upsert");
    writer.commit(5).expect("commit");
    assert!(index.is_outdated().expect("outdated"));
    assert_eq!(index.committed_counter().expect("counter"), 5);
    // … a rebuild does.
    let mut writer = index.writer().expect("writer");
    writer.delete_all().expect("delete all");
    for d in han_docs() {
        writer.upsert(&d).expect("upsert");
    }
    writer.commit_and_merge(6).expect("commit");
    assert!(!index.is_outdated().expect("outdated"));
    assert_eq!(index.committed_counter().expect("counter"), 6);
    // A new, never committed index is current.
    let fresh = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::open(fresh.path()).expect("open");
    assert!(!index.is_outdated().expect("outdated"));
}
