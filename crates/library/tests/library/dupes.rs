//! Near-duplicate reposts: detection at import, merge and its undo, keep-apart, backfill.

use super::write;
use std::path::{Path, PathBuf};
use wenzhai_core::model::ImportStatus;
use wenzhai_library::{Importer, Library};

/// The article: the shared seed when present, else a long built-in text of the same kind.
fn original_text() -> String {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/seed/fanfu-tianjin-hebei.txt");
    match std::fs::read_to_string(&seed) {
        Ok(text) => text,
        Err(_) => {
            eprintln!(
                "note: {} not found; using a built-in article",
                seed.display()
            );
            let para = "天津市河北区委组织部坚持把政治建设摆在首位，深入学习贯彻习近平新时代中国特色社会主义思想，\
                持续加强组工干部队伍建设，着力锻造政治过硬、本领高强的组工铁军。";
            let more = [
                "区委组织部建立健全学习制度，每周开展集中学习，推动理论学习走深走实。",
                "坚持严管厚爱结合，完善干部日常管理监督机制，常态化开展谈心谈话。",
                "聚焦基层党组织建设，开展软弱涣散党组织整顿，选优配强村社区书记。",
                "围绕人才工作，实施高层次人才引进计划，为区域发展提供坚强人才支撑。",
                "坚持问题导向，深入开展调查研究，及时解决群众急难愁盼问题。",
                "健全完善考核评价体系，树立重实干重实绩的鲜明导向，激励干部担当作为。",
                "加强组织部门自身建设，持续深化模范部门和过硬队伍创建，以过硬作风推动工作落实。",
            ];
            format!(
                "天津市河北区“四个坚持”抓实自身建设\n发布时间:2022-07-05\n\n{para}\n\n{}\n",
                more.join("\n\n")
            )
        }
    }
}

/// A few Simplified characters with their Traditional forms (enough to convert part of a text).
const TRADITIONAL: &[(char, char)] = &[
    ('组', '組'),
    ('织', '織'),
    ('设', '設'),
    ('党', '黨'),
    ('区', '區'),
    ('国', '國'),
    ('发', '發'),
    ('这', '這'),
    ('为', '為'),
    ('们', '們'),
    ('会', '會'),
    ('时', '時'),
    ('对', '對'),
    ('实', '實'),
    ('进', '進'),
    ('员', '員'),
    ('领', '領'),
    ('导', '導'),
    ('长', '長'),
    ('学', '學'),
    ('习', '習'),
    ('开', '開'),
    ('关', '關'),
    ('问', '問'),
];

/// A repost: other boilerplate, the last fifth trimmed, punctuation changed, the first half
/// in Traditional characters.
fn repost_of(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let kept = &lines[..lines.len() * 4 / 5];
    let half = kept.len() / 2;
    let mut out = String::from("您好，欢迎访问红色先锋网！\n首页 > 组工动态 > 正文\n");
    for (i, line) in kept.iter().enumerate() {
        let line = line.replace('，', ", ").replace('。', ". ");
        let line: String = if i < half {
            line.chars()
                .map(|c| {
                    TRADITIONAL
                        .iter()
                        .find(|(s, _)| *s == c)
                        .map_or(c, |(_, t)| *t)
                })
                .collect()
        } else {
            line
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("【免责声明】本网转载的文章仅供参考，版权归原作者所有。\n分享到：微信 微博\n");
    out
}

/// A run of `n` chars of `text` with no punctuation and no char of [`TRADITIONAL`], after
/// `skip` chars: a quote that a repost keeps exactly.
fn plain_run(text: &str, skip: usize, n: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let ok = |c: &char| {
        ('\u{4e00}'..='\u{9fff}').contains(c) && !TRADITIONAL.iter().any(|(s, _)| s == c)
    };
    let mut i = skip;
    while i + n <= chars.len() {
        if chars[i..i + n].iter().all(ok) {
            return chars[i..i + n].iter().collect();
        }
        i += 1;
    }
    panic!("no plain run of {n} chars in the text");
}

fn import_one(lib: &Library, path: &Path, options: &Importer) -> ImportStatus {
    let report = lib
        .import(&[path.to_path_buf()], options, |_| {})
        .expect("import");
    report.outcomes[0].status.clone()
}

fn imported_id(status: &ImportStatus) -> i64 {
    match status {
        ImportStatus::Imported { id } | ImportStatus::NearDuplicate { id, .. } => *id,
        other => panic!("not imported: {other:?}"),
    }
}

struct Pair {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    original: PathBuf,
    repost: PathBuf,
}

fn pair() -> Pair {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = original_text();
    let original = write(tmp.path(), "src/original.txt", &text);
    let repost = write(tmp.path(), "src/repost.txt", repost_of(&text));
    let dir = tmp.path().join("lib");
    Pair {
        _tmp: tmp,
        dir,
        original,
        repost,
    }
}

#[test]
fn a_repost_is_imported_as_a_near_duplicate_and_an_article_on_the_same_topic_is_not() {
    let p = pair();
    let lib = Library::open(&p.dir).expect("open");
    let seed = imported_id(&import_one(&lib, &p.original, &Importer::default()));
    let status = import_one(&lib, &p.repost, &Importer::default());
    let ImportStatus::NearDuplicate {
        id,
        near_duplicate_of,
        similarity,
    } = status
    else {
        panic!("expected a near-duplicate, got {status:?}");
    };
    assert_eq!(near_duplicate_of, seed);
    assert!(similarity > 0.8 && similarity <= 1.0, "{similarity}");
    let near = lib.near_duplicates(seed).expect("near");
    assert_eq!(near.len(), 1);
    assert_eq!(near[0].id, id);

    // The same topic, other words: not a near-duplicate.
    let other = write(
        p.dir.parent().expect("parent"),
        "src/other.txt",
        "天津市河北区召开组织工作会议\n\n会议总结了上半年全区组织工作情况，分析了当前面临的形势任务，\
         对下一阶段重点工作作出安排部署。会议强调，要以更高标准推进基层党建，\
         扎实做好干部教育培训，持续优化人才发展环境，为建设美丽河北区贡献组织力量。\
         与会同志围绕主题进行了交流发言，大家表示将认真抓好会议精神的贯彻落实。\n",
    );
    assert!(matches!(
        import_one(&lib, &other, &Importer::default()),
        ImportStatus::Imported { .. }
    ));
    // The exact same file again is still an exact duplicate.
    assert_eq!(
        import_one(&lib, &p.original, &Importer::default()),
        ImportStatus::Duplicate {
            duplicate_of: seed,
            changed: false,
            older: false
        }
    );
    let clusters = lib.duplicate_clusters().expect("clusters");
    assert_eq!(clusters.len(), 1);
    assert_eq!(lib.duplicate_cluster_count().expect("count"), 1);
    assert_eq!(clusters[0].ids, vec![seed, id]);
    assert_eq!(clusters[0].members.len(), 2);

    // Deleting one removes its sketch and pairs.
    lib.delete(id).expect("delete");
    assert!(lib.duplicate_clusters().expect("clusters").is_empty());
    assert_eq!(lib.duplicate_cluster_count().expect("count"), 0);
    drop(lib);
    let conn = rusqlite::Connection::open(p.dir.join(wenzhai_library::DB_FILE)).expect("db");
    let sketches: i64 = conn
        .query_row(
            "SELECT count(*) FROM article_sketches WHERE article_id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(sketches, 0);
}

/// Regression: on the 76K-item corpus, 新闻联播's items of one template — another guest on
/// another day, or the same words a year later — were reported as reposts of each other.
#[test]
fn items_of_one_template_and_an_item_repeated_a_year_later_are_not_reposts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let item = |guest: &str, date: &str| {
        format!(
            "李强举行仪式欢迎{guest}访华\n发布时间:{date}\n\n\
             国务院总理李强在人民大会堂东门外广场举行仪式，欢迎{guest}对我国进行正式访问。\
             李强在人民大会堂北大厅同{guest}亲切握手，对{guest}来访表示热烈欢迎。\
             军乐团奏两国国歌，天安门广场鸣礼炮19响。李强陪同{guest}检阅中国人民解放军三军仪仗队，\
             并观看分列式。欢迎仪式后，两国领导人举行会谈，共同出席合作文件签字仪式，\
             国务委员、国务院秘书长等参加上述活动。双方一致同意深化各领域务实合作。\n"
        )
    };
    let first = write(
        tmp.path(),
        "src/a.txt",
        item("西班牙首相桑切斯", "2024-09-09"),
    );
    let sibling = write(
        tmp.path(),
        "src/b.txt",
        item("葡萄牙总理蒙特内格罗", "2024-09-10"),
    );
    let next_year = write(
        tmp.path(),
        "src/c.txt",
        item("西班牙首相桑切斯", "2025-09-09").replacen("双方", "会谈中双方", 1),
    );
    let reposted = write(
        tmp.path(),
        "src/d.txt",
        format!(
            "{}责任编辑：张三\n",
            item("西班牙首相桑切斯", "2024-09-10").replacen("双方", "据了解，双方", 1)
        ),
    );
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let a = imported_id(&import_one(&lib, &first, &Importer::default()));
    for path in [&sibling, &next_year] {
        let status = import_one(&lib, path, &Importer::default());
        assert!(
            matches!(status, ImportStatus::Imported { .. }),
            "{status:?}"
        );
    }
    // The same item saved from another site the next day is one.
    match import_one(&lib, &reposted, &Importer::default()) {
        ImportStatus::NearDuplicate {
            near_duplicate_of, ..
        } => assert_eq!(near_duplicate_of, a),
        other => panic!("expected a near-duplicate of {a}, got {other:?}"),
    }
}

#[test]
fn merging_keeps_both_articles_tags_stars_and_highlights_and_undo_restores_both() {
    let p = pair();
    let lib = Library::open(&p.dir).expect("open");
    let keep = imported_id(&import_one(&lib, &p.original, &Importer::default()));
    let other = imported_id(&import_one(&lib, &p.repost, &Importer::default()));
    let body = lib.article(keep).expect("keep").body;
    let len = body.chars().count();
    let (q1, q2) = (plain_run(&body, len / 10, 8), plain_run(&body, len / 3, 8));
    lib.retag(keep, &["党建".into()], &[]).expect("tag");
    lib.retag(other, &["转载".into()], &[]).expect("tag");
    lib.set_state(other, Some(true), Some(true), None)
        .expect("state");
    lib.annotate(keep, &q1, Some("原文的笔记"), None)
        .expect("hl");
    lib.annotate(other, &q2, Some("转载的笔记"), Some("green"))
        .expect("hl");
    lib.set_article_note(keep, Some("第一篇".into()))
        .expect("note");
    lib.set_article_note(other, Some("第二篇".into()))
        .expect("note");
    let (keep_before, other_before) = (
        lib.article(keep).expect("keep"),
        lib.article(other).expect("other"),
    );

    let undo = lib.merge_near_duplicates(keep, other).expect("merge");
    let merged = lib.article(keep).expect("merged");
    assert!(lib.article(other).is_err(), "the other article is gone");
    assert_eq!(merged.tags, vec!["党建".to_string(), "转载".to_string()]);
    assert!(merged.starred && merged.read);
    let highlights: Vec<_> = merged
        .annotations
        .iter()
        .filter(|a| !a.is_article_note())
        .collect();
    assert_eq!(highlights.len(), 2);
    assert!(highlights.iter().all(|a| a.placed), "{highlights:?}");
    assert!(highlights
        .iter()
        .any(|a| a.quote == q2 && a.color.as_deref() == Some("green")));
    let note = merged
        .annotations
        .iter()
        .find(|a| a.is_article_note())
        .expect("note");
    assert_eq!(note.note.as_deref(), Some("第一篇\n\n第二篇"));
    let versions = lib.versions(keep).expect("versions");
    assert_eq!(versions.len(), 1, "the other's original is a version");
    assert_eq!(undo.highlights.placed, 1);
    // Search finds the merged article by the other's tag, never the deleted one.
    let hits = lib.search("tag:转载", 0, 10).expect("search");
    assert_eq!(
        hits.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![keep]
    );

    // The undo survives a round trip through JSON (the app holds it that way).
    let undo: wenzhai_library::MergeUndo =
        serde_json::from_str(&serde_json::to_string(&undo).expect("ser")).expect("de");
    lib.undo_merge(&undo).expect("undo");
    assert_eq!(lib.article(keep).expect("keep"), keep_before);
    assert_eq!(lib.article(other).expect("other"), other_before);
    assert!(lib.versions(keep).expect("versions").is_empty());
    assert_eq!(lib.near_duplicates(keep).expect("near").len(), 1);
    assert_eq!(lib.search("tag:转载", 0, 10).expect("s").hits[0].id, other);
}

#[test]
fn keeping_apart_is_remembered_across_reopening_and_undoable() {
    let p = pair();
    let (a, b) = {
        let lib = Library::open(&p.dir).expect("open");
        let a = imported_id(&import_one(&lib, &p.original, &Importer::default()));
        let b = imported_id(&import_one(&lib, &p.repost, &Importer::default()));
        assert!(lib.keep_apart(a, a).is_err());
        lib.keep_apart(b, a).expect("apart");
        (a, b)
    };
    let lib = Library::open(&p.dir).expect("reopen");
    assert!(lib.near_duplicates(a).expect("near").is_empty());
    assert!(lib.duplicate_clusters().expect("clusters").is_empty());
    lib.undo_keep_apart(a, b).expect("undo");
    assert_eq!(lib.near_duplicates(b).expect("near")[0].id, a);
}

#[test]
fn articles_imported_without_sketches_are_sketched_when_the_library_opens() {
    let p = pair();
    let skip = Importer {
        skip_near_duplicates: true,
        ..Importer::default()
    };
    let (a, b) = {
        let lib = Library::open(&p.dir).expect("open");
        let a = imported_id(&import_one(&lib, &p.original, &skip));
        let status = import_one(&lib, &p.repost, &skip);
        assert!(
            matches!(status, ImportStatus::Imported { .. }),
            "{status:?}"
        );
        assert!(lib.duplicate_clusters().expect("clusters").is_empty());
        (a, imported_id(&status))
    };
    // As a library from before schema 6 has no sketches at all.
    let lib = Library::open(&p.dir).expect("reopen");
    let clusters = lib.duplicate_clusters().expect("clusters");
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].ids, vec![a, b]);
}
