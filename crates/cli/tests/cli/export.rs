//! Highlights and notes from the CLI: `wz export` as Markdown against committed golden files
//! (one article; the notes-only document of a tag) and as W3C Web Annotation JSON whose
//! selectors point at the text; `--article-note`; notes found by `wz search`, also after an
//! upgrade from an index without them.

use super::{json_lines, stdout, write, wz};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A library with one small annotated article (and one without annotations); returns
/// (library, annotated id, plain id).
pub(crate) fn annotated_library(tmp: &Path) -> (PathBuf, String, String) {
    let lib = tmp.join("lib");
    let a = write(
        tmp,
        "a.md",
        "---\ntitle: 社区党支部召开组织生活会\nauthor: 李明\ndate: 2024-03-05\nsource: 新华网\nurl: https://example.com/news/1.html\n---\n\n会议听取了组织建设情况汇报。\n\n与会党员开展批评与自我批评，查找问题，明确整改方向。\n",
    );
    let b = write(tmp, "b.txt", "体育新闻\n\n运动员训练。\n");
    let out = wz(&lib, &["import", "--json", path(&a), path(&b)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids: Vec<String> = json_lines(&out)
        .iter()
        .filter_map(|l| l["id"].as_i64())
        .map(|id| id.to_string())
        .collect();
    let (id, plain) = (ids[0].clone(), ids[1].clone());
    let ok = |args: &[&str]| {
        let out = wz(&lib, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&["tag", &id, "+党建/组织建设"]);
    ok(&["tag", &plain, "+党建"]);
    // Out of text order on purpose: the export puts them in text order.
    ok(&[
        "annotate",
        &id,
        "--quote",
        "开展批评与自我批评",
        "--note",
        "组织生活会的核心环节",
        "--color",
        "yellow",
    ]);
    ok(&[
        "annotate",
        &id,
        "--quote",
        "组织建设情况",
        "--color",
        "green",
    ]);
    ok(&[
        "annotate",
        &id,
        "--article-note",
        "下次支部会议前再读一遍。",
    ]);
    (lib, id, plain)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

fn expected(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The export with the one volatile part, the article id, written as `{ID}`.
fn normalized(text: &str, id: &str) -> String {
    text.replace(
        &format!("wenzhai://article/{id})"),
        "wenzhai://article/{ID})",
    )
}

#[test]
fn markdown_export_of_an_article_matches_the_golden_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, _) = annotated_library(tmp.path());
    let file = tmp.path().join("out.md");
    let out = wz(&lib, &["export", "--format", "md", &id, "-o", path(&file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = normalized(&fs::read_to_string(&file).expect("read"), &id);
    assert_eq!(got, expected("article.md"), "got:\n{got}");
    // `wz show` prints the same Markdown.
    assert_eq!(normalized(&stdout(&wz(&lib, &["show", &id])), &id), got);
}

#[test]
fn notes_only_export_of_a_tag_has_every_annotated_article_and_skips_the_rest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, _) = annotated_library(tmp.path());
    let out = wz(
        &lib,
        &["export", "--format", "md", "--notes-only", "--tag", "党建"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = normalized(&stdout(&out), &id);
    assert_eq!(got, expected("notes-tag.md"), "got:\n{got}");
    assert!(
        !got.contains("运动员"),
        "the unannotated article is left out"
    );
    // --notes-only is a Markdown option.
    let usage = wz(
        &lib,
        &["export", "--format", "json", "--notes-only", "--all"],
    );
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn w3c_export_selectors_slice_the_text_to_exactly_the_quote() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, _) = annotated_library(tmp.path());
    let out = wz(&lib, &["export", "--format", "w3c", "--all"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    assert_eq!(
        doc["total"], 3,
        "two highlights and the article note; nothing from the plain article"
    );
    let items = doc["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    let shown = &json_lines(&wz(&lib, &["show", "--json", &id]))[0];
    let text: Vec<char> = shown["body"].as_str().expect("body").chars().collect();
    let source = format!("wenzhai://article/{id}");

    let mut highlights = 0;
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert!(item["id"].as_str().expect("id").starts_with("urn:uuid:"));
        assert!(item["created"].as_str().expect("created").ends_with('Z'));
        assert!(item["modified"].as_str().is_some());
        let target = &item["target"];
        assert_eq!(target["source"], source.as_str());
        assert_eq!(target["via"], "https://example.com/news/1.html");
        if item["motivation"] == "commenting" {
            // The article note: a comment on the whole article.
            assert!(target.get("selector").is_none());
            assert_eq!(item["body"][0]["value"], "下次支部会议前再读一遍。");
            assert_eq!(item["body"][0]["purpose"], "commenting");
            continue;
        }
        assert_eq!(item["motivation"], "highlighting");
        highlights += 1;
        let selectors = target["selector"].as_array().expect("selectors");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("TextQuoteSelector");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("TextPositionSelector");
        let (start, end) = (
            position["start"].as_u64().expect("start") as usize,
            position["end"].as_u64().expect("end") as usize,
        );
        let exact = quote["exact"].as_str().expect("exact");
        assert_eq!(text[start..end].iter().collect::<String>(), exact);
        let prefix: String = text[start.saturating_sub(32)..start].iter().collect();
        assert_eq!(quote["prefix"], prefix.as_str());
        let suffix: String = text[end..(end + 32).min(text.len())].iter().collect();
        assert_eq!(quote["suffix"], suffix.as_str());
        // The colour is style on the target, never a tagging body.
        let bodies = item["body"].as_array().cloned().unwrap_or_default();
        assert!(bodies.iter().all(|b| b["purpose"] != "tagging"), "{item}");
        let class = target["styleClass"].as_str().expect("styleClass");
        let css = item["stylesheet"]["value"].as_str().expect("stylesheet");
        assert_eq!(item["stylesheet"]["type"], "CssStylesheet");
        assert!(
            css.contains(&format!(".{class} {{ background-color: #")),
            "{css}"
        );
        match exact {
            "开展批评与自我批评" => {
                assert_eq!(class, "wz-yellow");
                let comment = bodies
                    .iter()
                    .find(|b| b["purpose"] == "commenting")
                    .expect("the note");
                assert_eq!(comment["type"], "TextualBody");
                assert_eq!(comment["value"], "组织生活会的核心环节");
                assert_eq!(comment["format"], "text/plain");
                assert_eq!(comment["language"], "zh");
            }
            "组织建设情况" => {
                assert_eq!(class, "wz-green");
                assert!(bodies.is_empty());
            }
            other => panic!("unexpected highlight {other:?}"),
        }
    }
    assert_eq!(highlights, 2);
}

#[test]
fn an_article_note_can_be_set_and_removed_from_the_cli_and_search_finds_notes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, _) = annotated_library(tmp.path());
    let search = json_lines(&wz(&lib, &["search", "--json", "核心环节"]));
    assert_eq!(search[0]["total"], 1);
    let hit = &search[0]["hits"][0];
    assert_eq!(hit["annotation"]["note"], "组织生活会的核心环节");
    assert_eq!(hit["snippet_html"], "组织生活会的<mark>核心环节</mark>");
    assert!(wz(&lib, &["check"]).status.success());

    let removed = wz(&lib, &["annotate", "--json", &id, "--article-note", ""]);
    assert!(removed.status.success());
    assert_eq!(json_lines(&removed)[0]["article_note"], Value::Null);
    assert_eq!(
        json_lines(&wz(&lib, &["search", "--json", "再读"]))[0]["total"],
        0
    );
    // Neither --quote nor --article-note: a usage error.
    assert_eq!(wz(&lib, &["annotate", &id]).status.code(), Some(2));
    assert!(wz(&lib, &["check"]).status.success());
}

#[test]
fn an_index_from_before_notes_were_indexed_is_rebuilt_and_finds_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id, _) = annotated_library(tmp.path());
    // The schema an older wz wrote: no `notes` field. Opening it fails; the first command
    // must rebuild it instead of failing or finding nothing.
    let meta_path = lib.join("index/meta.json");
    let mut meta: Value =
        serde_json::from_str(&fs::read_to_string(&meta_path).expect("meta")).expect("json");
    let fields = meta["schema"].as_array_mut().expect("schema");
    let before = fields.len();
    fields.retain(|f| f["name"] != "notes");
    assert_eq!(fields.len(), before - 1, "the index has a notes field");
    fs::write(&meta_path, meta.to_string()).expect("write meta");

    let search = wz(&lib, &["search", "--json", "核心环节"]);
    assert!(
        search.status.success(),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    let results = &json_lines(&search)[0];
    assert_eq!(results["total"], 1);
    assert_eq!(results["hits"][0]["id"].to_string(), id);
    assert!(wz(&lib, &["check"]).status.success());
}
