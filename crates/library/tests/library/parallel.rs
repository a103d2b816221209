//! Import on every core: files are extracted on worker threads and written one at a time in
//! walk order, so an import with four workers reports and stores exactly what one worker does,
//! progress comes in file order, and a cancel stops at once.

use super::{article, write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use wenzhai_core::model::ImportStatus;
use wenzhai_core::samples;
use wenzhai_library::{Importer, Library};

/// A mixed folder: texts, pages, documents, a duplicate, files that fail.
fn mixed_folder(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    for i in 0..40 {
        let body = format!("第{i}篇：各地认真贯彻落实会议精神，推动第{i}项重点工作取得新进展，群众满意度持续提升。");
        match i % 5 {
            0 => write(&src, &format!("{i:02}.txt"), article(&format!("文本文章{i}"), &body)),
            1 => write(&src, &format!("{i:02}.html"), format!("<html><head><title>网页文章{i}</title></head><body><article><h1>网页文章{i}</h1><p>{body}</p><p>{body}</p></article></body></html>")),
            2 => write(&src, &format!("{i:02}.docx"), samples::report_docx(&format!("报告{i}"))),
            3 => write(&src, &format!("{i:02}.pdf"), samples::chinese_report_pdf(&format!("通知{i}"), "某市", &[body.as_str(); 2])),
            _ => write(&src, &format!("{i:02}.epub"), samples::epub(&format!("<dc:title>书{i}</dc:title>"), "", &[("第一章", &format!("<p>{body}</p>"))], true)),
        };
    }
    write(
        &src,
        "dup.txt",
        article(
            "文本文章0",
            "第0篇：各地认真贯彻落实会议精神，推动第0项重点工作取得新进展，群众满意度持续提升。",
        ),
    );
    write(&src, "empty.txt", "");
    write(
        &src,
        "scan.pdf",
        samples::pdf(
            &["0 0 m 9 9 l S".to_owned()],
            &[("F1", samples::HELVETICA)],
            "",
        ),
    );
    src
}

fn import_with(
    lib: &Library,
    src: &Path,
    workers: usize,
) -> (wenzhai_library::ImportReport, Vec<u32>) {
    let mut done = Vec::new();
    let options = Importer {
        workers: Some(workers),
        ..Importer::default()
    };
    let report = lib
        .import(&[src.to_path_buf()], &options, |p| done.push(p.done))
        .expect("import");
    (report, done)
}

#[test]
fn four_workers_import_exactly_what_one_worker_imports_in_walk_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = mixed_folder(tmp.path());
    let one = Library::open(&tmp.path().join("one")).expect("open");
    let four = Library::open(&tmp.path().join("four")).expect("open");
    let (a, progress_a) = import_with(&one, &src, 1);
    let (b, progress_b) = import_with(&four, &src, 4);
    assert_eq!(
        a.outcomes, b.outcomes,
        "the same outcome for every file, in the same order"
    );
    assert_eq!(
        progress_b,
        (1..=a.outcomes.len() as u32).collect::<Vec<_>>(),
        "progress in file order"
    );
    assert_eq!(progress_a, progress_b);
    assert_eq!(b.summary.imported, 40, "{:?}", b.summary);
    assert_eq!(b.summary.duplicates, 1);
    assert_eq!(b.summary.failed, 2);
    // Stored alike: every article's fields and text.
    let texts = |lib: &Library| {
        lib.list(None)
            .expect("list")
            .into_iter()
            .map(|s| {
                let d = lib.article(s.id).expect("article");
                (d.id, d.title, d.body, d.format, d.published)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&one), texts(&four));
}

#[test]
fn a_cancel_during_a_parallel_import_stops_after_the_file_being_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = mixed_folder(tmp.path());
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let cancel = AtomicBool::new(false);
    let options = Importer {
        cancel: Some(&cancel),
        workers: Some(4),
        // Progress comes when a batch of written articles commits: small batches here.
        batch_every: Some(5),
        ..Importer::default()
    };
    let mut reported = 0;
    let report = lib
        .import(std::slice::from_ref(&src), &options, |p| {
            reported = reported.max(p.done);
            if p.done == 10 {
                cancel.store(true, Ordering::Relaxed);
            }
        })
        .expect("import");
    assert!(report.cancelled);
    let total = std::fs::read_dir(&src).expect("src").count();
    assert!(
        (10..total).contains(&report.outcomes.len()),
        "stopped early: {} of {total}",
        report.outcomes.len()
    );
    assert_eq!(
        report.outcomes.len(),
        reported as usize,
        "nothing written after the cancel that was not reported"
    );
    let written = report
        .outcomes
        .iter()
        .filter(|o| {
            matches!(
                o.status,
                ImportStatus::Imported { .. } | ImportStatus::NearDuplicate { .. }
            )
        })
        .count();
    assert_eq!(lib.list(None).expect("list").len(), written);
    assert!(
        lib.check().expect("check").ok(),
        "a cancelled import leaves a sound library"
    );
}
