//! Highlights through the library API: only the five colours the app shows are stored, an
//! annotation keeps its uuid through edits and undo, and the Markdown of an article whose
//! metadata is hostile stays text.

use super::{import, write};
use wenzhai_library::export::{self, HIGHLIGHT_COLORS};
use wenzhai_library::{Library, LibraryError};

fn library_with_one_article(dir: &std::path::Path) -> (Library, i64) {
    let lib = Library::open(&dir.join("lib")).expect("open");
    let file = write(
        dir,
        "a.txt",
        "组织生活会\n\n会议听取了组织建设情况汇报。\n\n与会党员开展批评与自我批评。\n",
    );
    let report = import(&lib, &[file]);
    let id = lib.ids().expect("ids")[0];
    assert_eq!(report.summary.imported, 1);
    (lib, id)
}

#[test]
fn only_the_five_colours_the_app_shows_are_stored() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library_with_one_article(tmp.path());
    for bad in ["red", "Yellow", "#ffe066", "yellow;background:url(x)"] {
        let e = lib
            .annotate(id, "组织建设", None, Some(bad))
            .expect_err(bad);
        assert_eq!(e.code(), "bad_color", "{bad}");
        assert!(matches!(e, LibraryError::BadColor { .. }));
        assert!(
            e.to_string().contains("yellow, green, blue, pink, purple"),
            "{e}"
        );
        let e = lib
            .annotate_range(id, 0, 2, Some(bad.to_string()), None)
            .expect_err(bad);
        assert_eq!(e.code(), "bad_color");
    }
    assert!(lib.article(id).expect("article").annotations.is_empty());
    for colour in HIGHLIGHT_COLORS {
        lib.annotate(id, "组织建设", None, Some(colour))
            .expect(colour);
    }
    let first = lib.article(id).expect("article").annotations[0].clone();
    let e = lib
        .update_annotation(first.id, Some(Some("red".into())), None)
        .expect_err("red");
    assert_eq!(e.code(), "bad_color");
    let mut tampered = first.clone();
    let (_, removed) = lib.delete_annotation(first.id).expect("delete");
    tampered.color = Some("red".into());
    assert_eq!(
        lib.restore_annotation(id, &tampered)
            .expect_err("red")
            .code(),
        "bad_color"
    );
    // No colour at all is fine, and a blank one means none.
    lib.annotate(id, "批评", None, Some(" ")).expect("blank");
    lib.restore_annotation(id, &removed).expect("undo");
}

#[test]
fn an_annotation_keeps_its_uuid_through_edits_and_undo() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library_with_one_article(tmp.path());
    let made = lib
        .annotate(id, "组织建设", Some("要点"), Some("yellow"))
        .expect("annotate");
    assert_eq!(made.uuid.len(), 36);
    let other = lib.annotate(id, "批评", None, None).expect("annotate");
    assert_ne!(other.uuid, made.uuid);
    let edited = lib
        .update_annotation(made.id, Some(Some("green".into())), Some(None))
        .expect("edit");
    let after = edited
        .annotations
        .iter()
        .find(|n| n.id == made.id)
        .expect("still there");
    assert_eq!(after.uuid, made.uuid);
    let (_, removed) = lib.delete_annotation(made.id).expect("delete");
    let back = lib.restore_annotation(id, &removed).expect("undo");
    assert!(back.annotations.iter().any(|n| n.uuid == made.uuid));
    // Restoring the same view again cannot give a second annotation the same identity.
    let twice = lib.restore_annotation(id, &removed).expect("again");
    let uuids: std::collections::HashSet<_> =
        twice.annotations.iter().map(|n| n.uuid.clone()).collect();
    assert_eq!(uuids.len(), twice.annotations.len());
    // The W3C ids are those uuids, and the collection is named by the library.
    let doc = lib
        .w3c_collection("all", "x", std::slice::from_ref(&twice))
        .expect("w3c");
    let library = lib.library_uuid().expect("library uuid");
    assert!(doc["id"].as_str().expect("id").starts_with("urn:uuid:"));
    assert!(
        !doc.to_string().contains(&library),
        "derived, not the library's own id"
    );
    for item in doc["first"]["items"].as_array().expect("items") {
        let iri = item["id"].as_str().expect("id");
        assert!(uuids.contains(iri.trim_start_matches("urn:uuid:")), "{iri}");
    }
}

#[test]
fn markdown_of_hostile_metadata_and_notes_stays_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library_with_one_article(tmp.path());
    lib.annotate(
        id,
        "组织建设",
        Some("第一行\n---\n  - 列表？\n\n<iframe src=x>"),
        None,
    )
    .expect("annotate");
    let mut a = lib.article(id).expect("article");
    a.title = "# <script>alert(1)</script>\n标题".into();
    a.author = Some("<img src=x onerror=alert(1)>".into());
    a.url = Some("javascript:alert(1)".into());
    a.tags = vec!["a|b".into(), "*强*".into()];
    let md = export::article_markdown(&a, false);
    assert!(
        md.starts_with("# \\# &lt;script&gt;alert(1)&lt;/script&gt; 标题\n"),
        "{md}"
    );
    assert!(
        md.contains("作者 Author: &lt;img src=x onerror=alert(1)&gt;"),
        "{md}"
    );
    assert!(
        md.contains("原文 Original: javascript:alert(1) ·"),
        "no link: {md}"
    );
    assert!(!md.contains("](<javascript"), "{md}");
    assert!(md.contains("标签 Tags: a\\|b, \\*强\\*"), "{md}");
    // The note's `---` and `-` lines cannot become a heading underline or a list.
    assert!(
        md.contains(" · 第一行\n\\---\n\\- 列表？\n\n&lt;iframe src=x&gt;\n"),
        "{md}"
    );
    // An http URL with what could end the link is percent-encoded inside <…>.
    a.url = Some("https://example.com/a b>(c)<\\".into());
    let md = export::article_markdown(&a, false);
    assert!(
        md.contains("[原文 Original](<https://example.com/a b%3E(c)%3C%5C>)"),
        "{md}"
    );
}
