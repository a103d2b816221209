//! Suggestions by characters and pinyin, tag suggestions, related articles.

use super::{article, import, write};
use std::path::PathBuf;
use wenzhai_library::suggestions::{SuggestionKind, SuggestionMatch, TagSuggestionReason};
use wenzhai_library::Library;

fn library_with(articles: &[(&str, &str)]) -> (tempfile::TempDir, Library, Vec<i64>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    let mut paths = Vec::new();
    for (i, (title, body)) in articles.iter().enumerate() {
        paths.push(write(&src, &format!("{i:03}.txt"), article(title, body)));
    }
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let report = import(&lib, &paths);
    let ids = report
        .outcomes
        .iter()
        .map(|o| match o.status {
            // A near-duplicate is imported too (two 新闻联播 items of one template can be).
            wenzhai_core::model::ImportStatus::Imported { id }
            | wenzhai_core::model::ImportStatus::NearDuplicate { id, .. } => id,
            ref other => panic!("{other:?}"),
        })
        .collect();
    (tmp, lib, ids)
}

fn titles(lib: &Library, input: &str) -> Vec<String> {
    lib.suggest(input, 10)
        .expect("suggest")
        .into_iter()
        .filter(|s| s.kind == SuggestionKind::Title)
        .map(|s| s.text)
        .collect()
}

#[test]
fn pinyin_full_initials_mixed_and_toned_find_a_title() {
    let (_tmp, lib, ids) = library_with(&[
        ("关于加强组织工作的意见", "组织部门要加强自身建设。"),
        ("重庆银行发布年报", "重庆银行今天发布了年报。"),
        ("这件事很重要", "重要的事情说三遍。"),
        ("中国經濟穩定增長", "繁体标题的文章。"),
    ]);
    let want = "关于加强组织工作的意见".to_string();
    for input in [
        "zzgz",
        "zuzhigongzuo",
        "zu zhi gong zuo",
        "zǔ zhī gōng zuò",
        "zǔzhī",
        "zuzhig",
        "ZZGZ",
        "组织工作",
        "組織",
    ] {
        assert_eq!(titles(&lib, input), vec![want.clone()], "{input}");
    }
    let first = &lib.suggest("zzgz", 10).expect("suggest")[0];
    assert_eq!(first.id, Some(ids[0]));
    assert_eq!(first.matched, SuggestionMatch::Initials);
    assert_eq!(
        lib.suggest("zuzhi", 10).expect("suggest")[0].matched,
        SuggestionMatch::Pinyin
    );
    assert_eq!(
        lib.suggest("组织", 10).expect("suggest")[0].matched,
        SuggestionMatch::Text
    );
    // Polyphones read as in their word.
    assert_eq!(
        titles(&lib, "chongqing"),
        vec!["重庆银行发布年报".to_string()]
    );
    assert!(titles(&lib, "zhongqing").is_empty());
    assert_eq!(
        titles(&lib, "yinhang"),
        vec!["重庆银行发布年报".to_string()]
    );
    assert!(titles(&lib, "yinxing").is_empty());
    assert_eq!(titles(&lib, "zhongyao"), vec!["这件事很重要".to_string()]);
    // Traditional titles: folded first, found by pinyin and by Simplified characters.
    assert_eq!(
        titles(&lib, "jingjiwending"),
        vec!["中国經濟穩定增長".to_string()]
    );
    assert_eq!(titles(&lib, "经济"), vec!["中国經濟穩定增長".to_string()]);
    assert!(lib.suggest("", 10).expect("suggest").is_empty());
}

#[test]
fn tags_and_sites_are_suggested_and_completed_by_pinyin() {
    let (_tmp, lib, ids) = library_with(&[("一篇文章", "正文。"), ("另一篇", "正文。")]);
    lib.retag(ids[0], &["组织".into(), "党建/组织建设".into()], &[])
        .expect("retag");
    lib.retag(ids[1], &["组织".into()], &[]).expect("retag");
    assert_eq!(
        lib.tag_completions("zz", 10).expect("complete"),
        vec!["组织".to_string(), "党建/组织建设".to_string()],
        "the more used tag first"
    );
    assert_eq!(
        lib.tag_completions("djzz", 10).expect("complete"),
        vec!["党建/组织建设".to_string()]
    );
    assert_eq!(
        lib.tag_completions("组织建", 10).expect("complete"),
        vec!["党建/组织建设".to_string()]
    );
    let s = lib.suggest("zuzhi", 10).expect("suggest");
    assert_eq!(s[0].kind, SuggestionKind::Tag);
    assert_eq!(s[0].text, "组织");
    // A new tag after the first suggestion is seen (the index follows the change counter).
    lib.retag(ids[1], &["银行".into()], &[]).expect("retag");
    assert_eq!(
        lib.tag_completions("yh", 10).expect("complete"),
        vec!["银行".to_string()]
    );
}

#[test]
fn keys_are_stored_once_and_a_read_only_library_uses_them() {
    let (tmp, lib, _) = library_with(&[("组织工作", "正文。")]);
    assert_eq!(lib.missing_pinyin_keys().expect("missing"), 1);
    lib.refresh_suggestions().expect("refresh");
    assert_eq!(lib.missing_pinyin_keys().expect("missing"), 0);
    drop(lib);
    let ro = Library::open_read_only(&tmp.path().join("lib")).expect("open");
    assert_eq!(ro.suggest("zzgz", 5).expect("suggest")[0].text, "组织工作");
}

fn bbc_like() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Shares rise as bank profits grow", "The bank reported record profits and its shares rose on the stock market as investors cheered quarterly earnings and dividend growth."),
        ("Oil prices push inflation higher", "Oil prices rose sharply, pushing inflation and interest rates higher; the central bank warned investors about economic growth and the stock market."),
        ("Striker scores twice in cup win", "The striker scored twice as the club won the cup match; the manager praised the team and the goalkeeper after the football game."),
        ("Coach praises team after league victory", "The coach said the team played well in the league victory; the striker and the goalkeeper starred as the club moved top of the football table."),
        ("Bank shares fall on profit warning", "Investors sold bank shares after a profit warning; the stock market fell and earnings forecasts were cut as interest rates rose."),
        ("Goalkeeper saves penalty in final", "The goalkeeper saved a penalty as the club won the cup final; the manager and the striker celebrated with the football team."),
    ]
}

#[test]
fn tag_suggestions_learn_from_similar_tagged_articles() {
    let (_tmp, lib, ids) = library_with(&bbc_like());
    for (i, tag) in [(0, "business"), (1, "business"), (2, "sport"), (3, "sport")] {
        lib.retag(ids[i], &[tag.to_string()], &[]).expect("retag");
    }
    let money = lib.suggest_tags(ids[4], 5).expect("suggest");
    assert_eq!(money[0].tag, "business", "{money:?}");
    match &money[0].reason {
        TagSuggestionReason::Similar { from } => {
            assert!(from.contains(&ids[0]) || from.contains(&ids[1]))
        }
        other => panic!("{other:?}"),
    }
    let sport = lib.suggest_tags(ids[5], 5).expect("suggest");
    assert_eq!(sport[0].tag, "sport", "{sport:?}");
    // Keywords follow, and never a tag the article has.
    assert!(
        sport
            .iter()
            .any(|s| s.reason == TagSuggestionReason::Keyword),
        "{sport:?}"
    );
    let tagged = lib.suggest_tags(ids[2], 5).expect("suggest");
    assert!(tagged.iter().all(|s| s.tag != "sport"), "{tagged:?}");
    assert!(lib.suggest_tags(9999, 5).is_err());
}

#[test]
fn chinese_keywords_are_nouns_of_the_text() {
    let (_tmp, lib, ids) = library_with(&[(
        "我国粮食产量再创新高",
        "国家统计局今天发布数据，今年全国粮食总产量再创新高。粮食生产连续多年丰收，\
         农业农村部表示，粮食安全是国家安全的重要基础。各地加强农田水利建设，推广优良品种，\
         粮食单产稳步提高。",
    )]);
    let tags: Vec<String> = lib
        .suggest_tags(ids[0], 5)
        .expect("suggest")
        .into_iter()
        .map(|s| s.tag)
        .collect();
    assert_eq!(tags.first().map(String::as_str), Some("粮食"), "{tags:?}");
    assert!(!tags.iter().any(|t| t == "今天" || t == "表示"), "{tags:?}");
}

#[test]
fn related_articles_share_words_and_never_include_the_article() {
    let (_tmp, lib, ids) = library_with(&bbc_like());
    let related = lib.related(ids[4], 3).expect("related");
    assert!(!related.is_empty());
    assert!(related.iter().all(|r| r.id != ids[4]));
    assert!([ids[0], ids[1]].contains(&related[0].id), "{related:?}");
    let related = lib.related(ids[5], 3).expect("related");
    assert!([ids[2], ids[3]].contains(&related[0].id), "{related:?}");
    assert!(lib.related(9999, 3).is_err());
}

/// ≥ 95% of a deterministic sample of 2,000 corpus titles are found among the top 10
/// suggestions by their full pinyin and by their initials, as `pinyin-converter`'s own
/// `Pinyin::phrase` (tone marks, spaces) and `Pinyin::abbr` write them, cut at 63 letters.
#[test]
fn corpus_titles_are_found_by_full_pinyin_and_by_initials() {
    use std::io::BufRead;
    // `WENZHAI_CORPUS` for a checkout whose `../shared` is elsewhere (a worktree).
    let corpus = std::env::var_os("WENZHAI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
        .join("xwlb_zh.jsonl.gz");
    if !corpus.is_file() {
        println!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let file = std::fs::File::open(&corpus).expect("open corpus");
    let lines: Vec<String> = std::io::BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("line"))
        .collect();
    let step = lines.len() / 2000;
    let items: Vec<(String, String)> = lines
        .iter()
        .step_by(step)
        .take(2000)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            (
                v["title"].as_str().unwrap_or_default().to_string(),
                v["body"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = items
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    let (_tmp, lib, ids) = library_with(&pairs);
    let (mut full, mut initials, mut asked) = (0, 0, 0);
    for id in ids {
        let title = lib.article(id).expect("article").title;
        asked += 1;
        let found = |input: String| titles(&lib, &input).contains(&title);
        if found(pinyin::Pinyin::phrase(&title).to_string()) {
            full += 1;
        }
        if found(pinyin::Pinyin::abbr(&title).to_string_with("")) {
            initials += 1;
        }
    }
    let (full, initials) = (full as f64 / asked as f64, initials as f64 / asked as f64);
    println!("{asked} titles: found by full pinyin {full:.3}, by initials {initials:.3}");
    assert!(
        full >= 0.95 && initials >= 0.95,
        "full {full:.3}, initials {initials:.3}"
    );
}
