//! `wz import --json` near-duplicate fields and `wz dupes` (list, --merge, --keep-apart).

use super::{json_lines, write, wz};

/// A long article and a repost of it: other boilerplate, trimmed, other punctuation, part in
/// Traditional characters.
fn article_and_repost() -> (String, String) {
    let paras = [
        "市委组织部坚持把政治建设摆在首位，深入学习贯彻党的二十大精神，持续加强干部队伍建设。",
        "部机关建立健全学习制度，每周开展集中学习，推动理论学习走深走实，做到学思用贯通。",
        "坚持严管厚爱结合，完善干部日常管理监督机制，常态化开展谈心谈话和提醒函询工作。",
        "聚焦基层党组织建设，开展软弱涣散党组织整顿，选优配强村和社区党组织书记。",
        "围绕人才工作，实施高层次人才引进计划，为区域高质量发展提供坚强的人才支撑。",
        "坚持问题导向，深入开展调查研究，及时解决群众反映强烈的急难愁盼问题。",
    ];
    let original = format!(
        "市委组织部抓实自身建设\n发布时间:2022-07-05\n\n{}\n",
        paras.join("\n\n")
    );
    // Its own title line and furniture, the last paragraph trimmed.
    let repost = format!(
        "市委组织部抓实自身建设_某某新闻网\n欢迎访问某某新闻网\n\n{}\n\n{}\n\n{}\n\n{}\n\n{}\n\n【免责声明】本网转载仅供参考。\n",
        paras[0]
            .replace('组', "組")
            .replace('织', "織")
            .replace('设', "設"),
        paras[1].replace('，', ", ").replace('。', ". "),
        paras[2],
        paras[3],
        paras[4],
    );
    (original, repost)
}

#[test]
fn import_reports_a_repost_as_a_near_duplicate_and_dupes_lists_merges_and_keeps_apart() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let (original, repost) = article_and_repost();
    let a = write(tmp.path(), "a.txt", &original);
    let b = write(tmp.path(), "b.txt", &repost);
    let first = json_lines(&wz(&lib, &["import", "--json", a.to_str().expect("utf8")]));
    let seed = first[0]["id"].as_i64().expect("id");
    let out = wz(&lib, &["import", "--json", b.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["status"], "near_duplicate", "{lines:?}");
    assert_eq!(lines[0]["near_duplicate_of"], seed);
    let similarity = lines[0]["similarity"].as_f64().expect("similarity");
    assert!(similarity > 0.5 && similarity <= 1.0, "{similarity}");
    let repost_id = lines[0]["id"].as_i64().expect("id");
    assert_eq!(
        lines[1]["summary"],
        serde_json::json!({"imported": 1, "duplicates": 0, "failed": 0, "near_duplicates": 1})
    );

    let clusters = json_lines(&wz(&lib, &["dupes", "--json"]));
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0]["ids"], serde_json::json!([seed, repost_id]));
    assert_eq!(clusters[0]["members"][0]["title"], "市委组织部抓实自身建设");
    let human = wz(&lib, &["dupes"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("市委组织部抓实自身建设"));

    let seed_s = seed.to_string();
    let repost_s = repost_id.to_string();
    let apart = wz(&lib, &["dupes", "--keep-apart", &seed_s, &repost_s]);
    assert_eq!(apart.status.code(), Some(0));
    assert!(json_lines(&wz(&lib, &["dupes", "--json"])).is_empty());

    // A third copy is reported against the seed again; merging it away leaves one article.
    let c = write(
        tmp.path(),
        "c.txt",
        &format!("转载自某网\n\n{repost}\n相关阅读"),
    );
    let third = json_lines(&wz(&lib, &["import", "--json", c.to_str().expect("utf8")]));
    assert_eq!(third[0]["status"], "near_duplicate");
    let third_id = third[0]["id"].as_i64().expect("id").to_string();
    let merged = wz(&lib, &["dupes", "--merge", &seed_s, &third_id]);
    assert_eq!(merged.status.code(), Some(0), "{merged:?}");
    let shown = wz(&lib, &["show", "--json", &third_id]);
    assert_ne!(
        shown.status.code(),
        Some(0),
        "the merged-away article is gone"
    );
    let check = wz(&lib, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
}
