//! A file the encoding detection refuses, imported again with the encoding the user picked
//! (what the app's "choose encoding…" and `wz import --encoding` do): the right text is
//! stored, with its original, in SQLite and the index; an unknown label is refused as
//! `unknown_encoding` and stores nothing.
//!
//! Which files the detection refuses changes as it improves (more encodings, mojibake
//! refused), so the test does not hard-code one: it generates texts in several alphabets and
//! single-byte encodings, short and longer, some with a few bytes the encoding leaves
//! undefined, and takes the first that `wenzhai_core::extract` refuses as `undecodable` while
//! the picked encoding reads it right.

use super::{assert_consistent, failed_code, write};
use std::path::PathBuf;
use wenzhai_core::model::ImportStatus;
use wenzhai_library::{Importer, Library};

/// A generated file, the label that reads it, and what it must read as.
pub struct Refused {
    pub bytes: Vec<u8>,
    pub label: &'static str,
    pub title: &'static str,
    pub sentence: &'static str,
    /// A word of the body, to search for.
    pub word: &'static str,
}

/// (label, title, first sentence, a word of it, second sentence). Every text avoids letters
/// that its encoding lacks.
type Text = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const TEXTS: &[Text] = &[
    (
        "koi8-r",
        "Городская библиотека открылась после ремонта",
        "В понедельник городская библиотека снова открыла двери для читателей.",
        "библиотека",
        "Ремонт продолжался восемь месяцев.",
    ),
    (
        "windows-1251",
        "Городская библиотека открылась после ремонта",
        "В понедельник городская библиотека снова открыла двери для читателей.",
        "библиотека",
        "Ремонт продолжался восемь месяцев.",
    ),
    (
        "windows-1253",
        "Η δημοτική βιβλιοθήκη άνοιξε ξανά",
        "Τη Δευτέρα η δημοτική βιβλιοθήκη άνοιξε ξανά τις πόρτες της στους αναγνώστες.",
        "βιβλιοθήκη",
        "Η ανακαίνιση κράτησε οκτώ μήνες.",
    ),
    (
        "iso-8859-2",
        "Árvíztűrő tükörfúrógép a könyvtárban",
        "Hétfőn újra megnyílt a városi könyvtár az olvasók előtt.",
        "könyvtár",
        "A felújítás nyolc hónapig tartott.",
    ),
    (
        "windows-1255",
        "הספרייה העירונית נפתחה מחדש",
        "ביום שני פתחה הספרייה העירונית את שעריה לקוראים.",
        "הספרייה",
        "השיפוץ נמשך שמונה חודשים.",
    ),
];

/// Bytes each encoding leaves undefined (decoded as U+FFFD), for files with a few broken
/// bytes; `None` where every byte is a character.
fn undefined_byte(label: &str) -> Option<u8> {
    match label {
        "windows-1251" => Some(0x98),
        "windows-1253" => Some(0xaa),
        "windows-1255" => Some(0xd9),
        _ => None,
    }
}

/// Every candidate: a headline and two sentences (little to tell one alphabet's encodings
/// apart), longer articles with a few undefined bytes between sentences, longer clean
/// articles, and articles with a stray escape sequence (the one the detection refuses today).
fn candidates() -> Vec<(Vec<u8>, &'static Text)> {
    let encode = |label: &str, text: &str| -> Option<Vec<u8>> {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
        let (bytes, _, unmappable) = enc.encode(text);
        (!unmappable).then(|| bytes.into_owned())
    };
    let mut out = Vec::new();
    for t in TEXTS {
        let (label, title, first, _, second) = *t;
        if let Some(b) = encode(label, &format!("{title}\n\n{first} {second}\n")) {
            out.push((b, t));
        }
    }
    for t in TEXTS {
        let (label, title, first, _, second) = *t;
        if let (Some(bad), Some(head), Some(rest)) = (
            undefined_byte(label),
            encode(label, &format!("{title}\n\n{first}")),
            encode(label, &format!(" {second}\n\n{first} {second}\n")),
        ) {
            let mut b = head;
            b.extend([bad, bad]);
            b.extend(rest);
            out.push((b, t));
        }
    }
    for t in TEXTS {
        let (label, title, first, _, second) = *t;
        let body = format!("{title}\n\n{first} {second}\n\n{second} {first}\n");
        if let Some(b) = encode(label, &body) {
            out.push((b, t));
        }
    }
    // Refused by design rather than for want of evidence: a stray escape sequence (`ESC $ B`,
    // as a terminal or an ISO-2022-JP fragment leaves) is what a mojibake reading of ISO-2022
    // looks like, so the plausibility check refuses every reading that keeps it, while the
    // user's pick is taken as it is.
    for t in TEXTS {
        let (label, title, first, _, second) = *t;
        if let (Some(mut b), Some(rest)) = (
            encode(label, &format!("{title}\n\n{first}")),
            encode(label, &format!(" {second}\n\n{first} {second}\n")),
        ) {
            b.extend([0x1b, b'$', b'B']);
            b.extend(rest);
            out.push((b, t));
        }
    }
    out
}

/// The first generated file that the detection refuses as `undecodable` and that the label
/// reads as its title and text; `None` when the detection reads every one (then this test
/// needs a new kind of file).
pub fn refused_file() -> Option<Refused> {
    candidates().into_iter().find_map(|(bytes, t)| {
        let (label, title, sentence, word, _) = *t;
        let refused = matches!(
            wenzhai_core::extract(&bytes, Some("article.txt")),
            Err(e) if e.code() == "undecodable"
        );
        let forced = wenzhai_core::extract_with_encoding(&bytes, Some("article.txt"), Some(label));
        let right = forced.is_ok_and(|x| x.title == title && x.body_text.contains(sentence));
        (refused && right).then_some(Refused {
            bytes,
            label,
            title,
            sentence,
            word,
        })
    })
}

fn import_with(lib: &Library, path: &PathBuf, encoding: Option<&str>) -> ImportStatus {
    let options = Importer {
        encoding,
        ..Importer::default()
    };
    let report = lib
        .import(std::slice::from_ref(path), &options, |_| {})
        .expect("import");
    assert_eq!(report.outcomes.len(), 1, "{:?}", report.outcomes);
    report.outcomes[0].status.clone()
}

#[test]
fn a_refused_file_imports_with_the_right_text_when_the_user_forces_its_encoding() {
    let file = refused_file().expect(
        "every generated file is now decoded by the detection: add a kind of file it refuses",
    );
    eprintln!("refused file: {} bytes in {}", file.bytes.len(), file.label);
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "refused.txt", &file.bytes);
    let lib = Library::open(&tmp.path().join("lib")).expect("open");

    // Without a pick: refused with a reason, nothing stored.
    let status = import_with(&lib, &path, None);
    assert_eq!(failed_code(&status), "undecodable", "{status:?}");
    assert_eq!(lib.ids().expect("ids").len(), 0);

    // With the encoding it was written in: the right title and text, searchable, checked.
    let ImportStatus::Imported { id } = import_with(&lib, &path, Some(file.label)) else {
        panic!("not imported with {}", file.label)
    };
    let a = lib.article(id).expect("article");
    assert_eq!(a.title, file.title, "read as {}", a.encoding);
    assert!(a.body.contains(file.sentence), "{:?}", a.body);
    let enc = encoding_rs::Encoding::for_label(file.label.as_bytes()).expect("label");
    assert_eq!(a.encoding, enc.name());
    let hits = lib.search(file.word, 0, 10).expect("search");
    assert_eq!(hits.total, 1, "{} is indexed", file.word);
    assert_consistent(&lib);

    // The same file again, forced again: the duplicate rules hold as for any import.
    assert_eq!(
        import_with(&lib, &path, Some(file.label)),
        ImportStatus::Duplicate {
            duplicate_of: id,
            changed: false,
            older: false
        }
    );
    assert_eq!(lib.ids().expect("ids"), vec![id]);
}

#[test]
fn reextract_keeps_reading_a_file_with_the_encoding_the_user_picked() {
    let file = refused_file().expect("a file the detection refuses");
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "refused.txt", &file.bytes);
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let ImportStatus::Imported { id } = import_with(&lib, &path, Some(file.label)) else {
        panic!("not imported with {}", file.label)
    };
    let report = lib.reextract(|_, _| {}).expect("reextract");
    assert_eq!(report.skipped, Vec::new(), "the user's pick is kept");
    assert_eq!(report.unchanged, 1);
    let a = lib.article(id).expect("article");
    assert_eq!(a.title, file.title);
    assert!(a.body.contains(file.sentence), "{:?}", a.body);
}

#[test]
fn an_unknown_forced_encoding_fails_the_file_as_unknown_encoding_and_stores_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(
        tmp.path(),
        "a.txt",
        "组织工作会议召开\n\n会议强调加强组织建设。\n",
    );
    let lib = Library::open(&tmp.path().join("lib")).expect("open");
    let status = import_with(&lib, &path, Some("klingon-8"));
    assert_eq!(failed_code(&status), "unknown_encoding", "{status:?}");
    let ImportStatus::Failed { error, .. } = &status else {
        unreachable!()
    };
    assert!(error.contains("klingon-8"), "names the label: {error}");
    assert!(lib.ids().expect("ids").is_empty());
    let check = lib.check().expect("check");
    assert!(check.ok(), "{:?}", check.problems);
    assert_eq!(check.originals_checked, 0, "no original kept");
}
