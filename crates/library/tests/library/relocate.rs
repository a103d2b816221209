//! Moving a library folder (`relocate`, `Library::move_to`): everything arrives, checked; a
//! refusal, a cancel or a damaged file leaves the library exactly as it was. The settings file
//! and other processes are tested through the real `wz` (crates/cli/tests/cli/relocate.rs),
//! because they live in the environment, which one test process shares between threads.

use super::{article, import, write};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wenzhai_library::{relocate, Library, LibraryError, RelocatePhase, RelocateProgress};

/// A library of `n` articles in `dir/lib`, the first tagged and highlighted with a note.
fn library(dir: &Path, n: usize) -> PathBuf {
    let src = dir.join("src");
    for i in 0..n {
        write(
            &src,
            &format!("{i:03}.txt"),
            article(
                &format!("第{i}号通知"),
                &format!("关于做好第{i}项组织工作的通知，各单位认真落实。"),
            ),
        );
    }
    let root = dir.join("lib");
    let lib = Library::open(&root).expect("open");
    assert_eq!(import(&lib, &[src]).summary.imported as usize, n);
    let id = lib.ids().expect("ids")[0];
    lib.retag(id, &["党建/组织建设".into()], &[]).expect("tag");
    lib.annotate(id, "组织工作", Some("要点"), None)
        .expect("annotate");
    root
}

/// Every file below `dir` with its bytes, relative and sorted: "nothing changed".
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("below").to_path_buf();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn never() -> AtomicBool {
    AtomicBool::new(false)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_moved_library_has_every_article_tag_note_and_original_and_the_old_folder_is_gone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = library(tmp.path(), 20);
    let (ids, first) = {
        let lib = Library::open_read_only(&from).expect("open");
        let ids = lib.ids().expect("ids");
        let first = lib.article(ids[0]).expect("article");
        (ids, first)
    };
    let to = tmp.path().join("elsewhere/deeper/lib");
    let mut phases = Vec::new();
    let report = relocate(
        &from,
        &to,
        Duration::ZERO,
        |p: &RelocateProgress| {
            assert!(p.bytes_done <= p.bytes_total && p.files_done <= p.files_total);
            if phases.last() != Some(&p.phase) {
                phases.push(p.phase);
            }
        },
        &never(),
    )
    .expect("move");
    assert_eq!(
        phases,
        [
            RelocatePhase::Database,
            RelocatePhase::Files,
            RelocatePhase::Verifying,
            RelocatePhase::Switching,
            RelocatePhase::RemovingOld
        ]
    );
    assert_eq!((report.articles, report.annotations), (20, 1));
    assert_eq!(report.originals, 20);
    assert_eq!(report.to, fs::canonicalize(&to).expect("to exists"));
    assert!(report.old_left_behind.is_none());
    assert!(
        !report.settings_updated,
        "a temp library is not the default"
    );
    assert!(!from.exists(), "the old folder is removed");
    assert_eq!(
        names_in(tmp.path()),
        ["elsewhere", "src"],
        "no temp or aside folder is left"
    );

    let lib = Library::open(&to).expect("open the moved library");
    assert!(lib.check().expect("check").ok());
    assert_eq!(lib.ids().expect("ids"), ids);
    assert_eq!(lib.article(ids[0]).expect("article"), first);
    let hits = lib.search("第7号通知", 0, 10).expect("search");
    assert_eq!(hits.total, 1, "the copied index finds the article");
    let (original, _) = lib.original_file(ids[0]).expect("original");
    assert!(original.starts_with(&to) && original.is_file());
}

#[test]
fn an_open_library_hands_itself_over_and_is_reopened_at_the_new_place() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = library(tmp.path(), 5);
    let lib = Library::open(&from).expect("open");
    let to = tmp.path().join("moved");
    fs::create_dir(&to).expect("an empty folder is a fine destination");
    let report = lib.move_to(&to, |_| {}, &never()).expect("move");
    let lib = Library::open(&report.to).expect("reopen");
    assert_eq!(lib.article_count().expect("count"), 5);
    assert!(lib.check().expect("check").ok());
    assert!(!from.exists());
}

#[test]
fn a_destination_inside_the_library_or_holding_files_is_refused_and_nothing_changes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = library(tmp.path(), 3);
    let busy = tmp.path().join("busy");
    write(&busy, "keep.txt", "mine");
    let before = snapshot(tmp.path());
    for (to, says) in [
        (from.join("originals/inside"), "inside the library"),
        (from.clone(), "inside the library"),
        (busy.clone(), "not empty"),
        (busy.join("keep.txt"), "not a folder"),
        (tmp.path().to_path_buf(), "is inside it"),
    ] {
        let err = relocate(&from, &to, Duration::ZERO, |_| {}, &never()).expect_err("refused");
        assert!(
            matches!(err, LibraryError::MoveRefused { .. }),
            "{to:?}: {err}"
        );
        let message = err.to_string();
        assert!(
            message.contains(&to.display().to_string()) && message.contains(says),
            "{message}"
        );
        assert_eq!(err.code(), "move_refused");
    }
    assert_eq!(snapshot(tmp.path()), before, "nothing changed");
}

#[test]
fn a_cancelled_move_removes_its_copy_and_leaves_the_library_as_it_was() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = library(tmp.path(), 10);
    let before = snapshot(&from);
    let to = tmp.path().join("to");
    let cancel = AtomicBool::new(false);
    let err = relocate(
        &from,
        &to,
        Duration::ZERO,
        |p| {
            // Cancelled in the middle of the files.
            if p.phase == RelocatePhase::Files && p.files_done >= 3 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .expect_err("cancelled");
    assert!(matches!(err, LibraryError::Cancelled), "{err}");
    assert!(!to.exists());
    assert_eq!(names_in(tmp.path()), ["lib", "src"], "the copy is gone");
    // Opening writes the lock file and may checkpoint the WAL: compare the files that hold
    // the user's data, then the library's own verdict.
    let after = snapshot(&from);
    let data = |s: &[(PathBuf, Vec<u8>)]| -> Vec<(PathBuf, Vec<u8>)> {
        s.iter()
            .filter(|(p, _)| p.starts_with("originals") || p.starts_with("index"))
            .cloned()
            .collect()
    };
    assert_eq!(data(&after), data(&before));
    let lib = Library::open(&from).expect("open");
    assert_eq!(lib.article_count().expect("count"), 10);
    assert!(lib.check().expect("check").ok());
}

/// A library of four articles whose original of article `id` suffers `damage`, and a move of
/// it that fails: nothing of the move is left, and the library opens where it was with its
/// four articles. Returns the error and the original's path.
fn failed_move_of_damaged(id: i64, damage: impl FnOnce(&Path)) -> (LibraryError, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = library(tmp.path(), 4);
    let (original, _) = Library::open_read_only(&from)
        .expect("open")
        .original_file(id)
        .expect("original");
    damage(&original);
    let to = tmp.path().join("to");
    let err = relocate(&from, &to, Duration::ZERO, |_| {}, &never()).expect_err("not moved");
    assert!(!to.exists());
    assert_eq!(names_in(tmp.path()), ["lib", "src"], "the copy is gone");
    let lib = Library::open(&from).expect("the library opens where it was");
    assert_eq!(lib.article_count().expect("count"), 4);
    (err, original)
}

#[test]
fn a_damaged_original_stops_the_move_before_anything_is_switched() {
    let (err, original) = failed_move_of_damaged(1, |path| {
        fs::write(path, "not what was imported").expect("damage");
    });
    let message = err.to_string();
    assert!(
        message.contains(&original.display().to_string()) && message.contains("sha256"),
        "{message}"
    );
}

#[test]
fn a_copy_that_does_not_pass_check_is_removed_and_the_library_stays_in_use() {
    let (err, _) = failed_move_of_damaged(2, |path| {
        fs::remove_file(path).expect("lose an original");
    });
    assert!(matches!(err, LibraryError::MoveVerify { .. }), "{err}");
    assert_eq!(err.code(), "move_failed");
    let message = err.to_string();
    assert!(
        message.contains("original of article 2") && message.contains("unchanged"),
        "{message}"
    );
}

#[test]
fn a_second_writer_gets_in_use_and_a_leftover_copy_of_a_dead_move_is_removed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let from = library(tmp.path(), 2);
    let to = tmp.path().join("to");
    // A temp copy whose mover died (its lock is free), and one whose mover is alive.
    let dead = tmp.path().join(".to.wenzhai-move-4000000");
    write(&dead, "library.sqlite3", "half a copy");
    let alive = tmp.path().join(".other.wenzhai-move-4000001");
    let holder = Library::open(&alive).expect("a live mover holds its copy's lock");

    let writer = Library::open(&from).expect("open");
    let err = relocate(&from, &to, Duration::ZERO, |_| {}, &never()).expect_err("in use");
    assert!(matches!(err, LibraryError::InUse { .. }), "{err}");
    let err = relocate(&from, &to, Duration::from_millis(300), |_| {}, &never())
        .expect_err("still in use after waiting");
    assert!(matches!(err, LibraryError::InUse { .. }), "{err}");
    drop(writer);

    relocate(&from, &to, Duration::ZERO, |_| {}, &never()).expect("move");
    assert!(!dead.exists(), "the dead move's copy is removed");
    assert!(alive.exists(), "a live move's copy is left alone");
    drop(holder);
}
