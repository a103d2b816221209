//! A newer save of a page already in the library (same URL, other text): reported as a changed
//! duplicate by default; with an update mode it replaces the article's text in place, keeping
//! the id, tags, reading state and highlights (re-anchored, or kept as unplaced), and keeping
//! the previous original as an earlier version that checks, backups and delete-undo carry.

use super::{assert_consistent, write};
use std::path::{Path, PathBuf};
use wenzhai_core::model::ImportStatus;
use wenzhai_library::{ImportReport, Importer, Library, UpdateMode};

const URL: &str = "https://www.example.gov.cn/news/2024/0501.html";

fn page(date: &str, paragraphs: &[&str]) -> String {
    format!(
        "---\ntitle: 加强干部队伍建设\ndate: {date}\nurl: {URL}\n---\n\n{}\n",
        paragraphs.join("\n\n")
    )
}

const FIRST: &str = "各级组织部门要把组工干部队伍建设摆在突出位置，坚持严管和厚爱结合。";
const SECOND: &str = "要完善干部考核评价机制，树立重实干重实绩的用人导向。";
const THIRD: &str = "会议强调，要持续推进基层党组织标准化规范化建设。";

fn import_with(lib: &Library, files: &[PathBuf], update: UpdateMode) -> ImportReport {
    let options = Importer {
        update,
        ..Importer::default()
    };
    lib.import(files, &options, |_| {}).expect("import")
}

fn only_status(report: &ImportReport) -> &ImportStatus {
    assert_eq!(report.outcomes.len(), 1, "{:?}", report.outcomes);
    &report.outcomes[0].status
}

/// A library holding the first save of the page, tagged, starred, with a highlight on the
/// second paragraph and one on a sentence the newer save drops.
fn library_with_first_save(tmp: &Path) -> (Library, i64) {
    let lib = Library::open(&tmp.join("lib")).expect("open");
    let v1 = write(
        tmp,
        "saves/v1.md",
        page("2024-05-01", &[FIRST, SECOND, THIRD]),
    );
    let report = import_with(&lib, &[v1], UpdateMode::Never);
    let ImportStatus::Imported { id } = *only_status(&report) else {
        panic!("first save not imported: {:?}", report.outcomes)
    };
    lib.retag(id, &["党建/组织建设".into()], &[]).expect("tag");
    lib.set_state(id, None, Some(true), None).expect("star");
    lib.annotate(id, "干部考核评价机制", Some("考核要点"), Some("yellow"))
        .expect("highlight kept");
    lib.annotate(id, "标准化规范化建设", Some("会删掉的句子"), Some("green"))
        .expect("highlight dropped later");
    (lib, id)
}

/// The newer save: a paragraph inserted before the highlight, the last one removed.
fn newer_save(tmp: &Path, date: &str, name: &str) -> PathBuf {
    const NEW: &str = "（本文于5月3日更新）新增一段：各地要结合实际抓好落实。";
    write(
        tmp,
        &format!("saves/{name}"),
        page(date, &[FIRST, NEW, SECOND]),
    )
}

#[test]
fn a_newer_save_of_the_same_url_is_a_changed_duplicate_by_default_and_nothing_changes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (lib, id) = library_with_first_save(tmp.path());
    let before = lib.article(id).expect("article");
    let v2 = newer_save(tmp.path(), "2024-05-03", "v2.md");

    let report = import_with(&lib, &[v2], UpdateMode::Never);
    assert_eq!(
        *only_status(&report),
        ImportStatus::Duplicate {
            duplicate_of: id,
            changed: true,
            older: false
        }
    );
    assert_eq!(report.summary.duplicates, 1);
    assert_eq!(lib.article(id).expect("article"), before);
    assert_eq!(lib.ids().expect("ids"), vec![id]);
}

#[test]
fn updating_from_a_newer_save_keeps_the_article_its_tags_state_and_highlights() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (lib, id) = library_with_first_save(tmp.path());
    let before = lib.article(id).expect("article");
    let v2 = newer_save(tmp.path(), "2024-05-03", "v2.md");

    let report = import_with(&lib, &[v2], UpdateMode::Newer);
    assert_eq!(
        *only_status(&report),
        ImportStatus::Updated {
            id,
            placed: 1,
            orphaned: 1
        }
    );
    assert_eq!(report.summary.updated, 1);
    assert_eq!(report.summary.imported + report.summary.duplicates, 0);

    let after = lib.article(id).expect("article");
    assert!(after.body.contains("本文于5月3日更新"), "{}", after.body);
    assert!(!after.body.contains(THIRD));
    assert_eq!(after.published.as_deref(), Some("2024-05-03"));
    assert_eq!(after.tags, before.tags);
    assert!(after.starred);
    assert_eq!(lib.ids().expect("ids"), vec![id], "no second article");

    // The kept highlight sits on its quote in the new text; the other is unplaced, not lost.
    let chars: Vec<char> = after.body.chars().collect();
    let kept = after
        .annotations
        .iter()
        .find(|a| a.note.as_deref() == Some("考核要点"))
        .expect("kept highlight");
    assert!(kept.placed);
    let at: String = chars[kept.start as usize..kept.end as usize]
        .iter()
        .collect();
    assert_eq!(at, "干部考核评价机制");
    let orphan = after
        .annotations
        .iter()
        .find(|a| a.note.as_deref() == Some("会删掉的句子"))
        .expect("the unplaced highlight is kept");
    assert!(!orphan.placed);
    assert_eq!(orphan.quote, "标准化规范化建设");

    // Search finds the new text under the same id, and no longer the removed sentence.
    let hits = lib.search("本文于5月3日更新", 0, 10).expect("search");
    assert_eq!(hits.hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![id]);
    let gone = lib
        .search("\"持续推进基层党组织标准化\"", 0, 10)
        .expect("search");
    assert!(gone.hits.is_empty(), "{:?}", gone.hits);

    // The first save's original is kept as an earlier version, and checked.
    let versions = lib.versions(id).expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].original_name.as_deref(), Some("v1.md"));
    assert!(lib
        .root()
        .join("originals")
        .join(&versions[0].original_sha256[..2])
        .join(&versions[0].original_sha256)
        .is_file());
    let check = lib.check().expect("check");
    assert!(check.ok(), "{:?}", check.problems);
    assert_eq!(check.originals_checked, 2);
    assert_consistent(&lib);
}

#[test]
fn an_older_save_does_not_replace_a_newer_one_unless_chosen() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (lib, id) = library_with_first_save(tmp.path());
    let before = lib.article(id).expect("article");
    let old = newer_save(tmp.path(), "2024-04-20", "old.md");

    let report = import_with(&lib, std::slice::from_ref(&old), UpdateMode::Newer);
    assert_eq!(
        *only_status(&report),
        ImportStatus::Duplicate {
            duplicate_of: id,
            changed: true,
            older: true
        }
    );
    assert_eq!(lib.article(id).expect("article"), before);

    let report = import_with(&lib, &[old], UpdateMode::Always);
    assert!(matches!(only_status(&report), ImportStatus::Updated { id: u, .. } if *u == id));
    assert_eq!(
        lib.article(id).expect("article").published.as_deref(),
        Some("2024-04-20")
    );
    assert_consistent(&lib);
}

#[test]
fn the_same_text_again_is_a_plain_duplicate_even_when_updating() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (lib, id) = library_with_first_save(tmp.path());
    let again = write(
        tmp.path(),
        "saves/again.md",
        page("2024-05-01", &[FIRST, SECOND, THIRD]),
    );
    let report = import_with(&lib, &[again], UpdateMode::Always);
    assert_eq!(
        *only_status(&report),
        ImportStatus::Duplicate {
            duplicate_of: id,
            changed: false,
            older: false
        }
    );
    assert!(lib.versions(id).expect("versions").is_empty());
}

#[test]
fn earlier_versions_survive_delete_undo_and_backup_restore() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (lib, id) = library_with_first_save(tmp.path());
    let v2 = newer_save(tmp.path(), "2024-05-03", "v2.md");
    import_with(&lib, &[v2], UpdateMode::Newer);
    let versions = lib.versions(id).expect("versions");
    assert_eq!(versions.len(), 1);

    let deleted = lib.delete_many(&[id]).expect("delete");
    assert_eq!(deleted[0].versions, versions);
    lib.restore_deleted(&deleted).expect("undo");
    assert_eq!(lib.versions(id).expect("versions"), versions);
    assert_consistent(&lib);

    let backup = tmp.path().join("lib.wzbackup");
    let counts = lib.backup(&backup).expect("backup");
    assert_eq!(
        counts.originals, 2,
        "the backup carries the earlier original"
    );
    drop(lib);
    let (restored, _) = Library::restore(&backup, &tmp.path().join("restored")).expect("restore");
    assert_eq!(restored.versions(id).expect("versions"), versions);
    let check = restored.check().expect("check");
    assert!(check.ok(), "{:?}", check.problems);
    assert_eq!(check.originals_checked, 2);
}
