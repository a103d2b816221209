//! Decoding that is right or says why: the encoding corpus (our own texts re-encoded into every
//! encoding that can represent them) and one regression test per way decoding once failed.
//!
//! The corpus runs twice: built in Rust with encoding_rs's encoders for the WHATWG encodings
//! and by hand for UTF-16/32 (always), and built by `scripts/encoding-corpus.py` with Python's
//! codecs, which add HZ, ISO-2022-KR/CN, Johab, EUC-TW and lying labels (when python3 is
//! present; skipped with a printed reason otherwise).

use std::path::{Path, PathBuf};

use wenzhai_core::import::decode_text;
use wenzhai_core::{
    encoding_choices, extract, extract_with_encoding, preview_with_encoding, ImportError,
};

const TEXTS: &[(&str, &str)] = &[
    ("zh-hans", include_str!("../encodings/texts/zh-hans.txt")),
    ("zh-hant", include_str!("../encodings/texts/zh-hant.txt")),
    ("ru", include_str!("../encodings/texts/ru.txt")),
    ("el", include_str!("../encodings/texts/el.txt")),
    ("he", include_str!("../encodings/texts/he.txt")),
    ("ar", include_str!("../encodings/texts/ar.txt")),
    ("th", include_str!("../encodings/texts/th.txt")),
    ("hu", include_str!("../encodings/texts/hu.txt")),
    ("ja", include_str!("../encodings/texts/ja.txt")),
    ("ko", include_str!("../encodings/texts/ko.txt")),
];

fn text(lang: &str) -> &'static str {
    TEXTS
        .iter()
        .find(|t| t.0 == lang)
        .map(|t| t.1)
        .unwrap_or_default()
}

fn html(text: &str, charset: Option<&str>) -> String {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let title = lines.next().unwrap_or_default();
    let meta = charset
        .map(|c| format!("<meta charset=\"{c}\">\n"))
        .unwrap_or_default();
    let body: Vec<String> = lines.map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n{meta}<title>{title}</title>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n{}\n</article>\n</body>\n</html>\n",
        body.join("\n")
    )
}

fn utf16(s: &str, be: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for u in bom.then_some(0xfeff).into_iter().chain(s.encode_utf16()) {
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

fn utf32(s: &str, be: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for c in bom.then_some('\u{feff}').into_iter().chain(s.chars()) {
        let u = c as u32;
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[derive(Default, Debug)]
struct Tally {
    right: usize,
    refused: Vec<String>,
    wrong: Vec<String>,
}

impl Tally {
    fn judge(&mut self, name: &str, bytes: &[u8], is_html: bool, expected: &str) {
        match decode_text(bytes, is_html) {
            Ok((t, _)) if t == expected => self.right += 1,
            Ok((_, enc)) => self.wrong.push(format!("{name} (read as {enc})")),
            Err(e) => self.refused.push(format!("{name}: {e}")),
        }
    }
    fn assert_good(&self, what: &str) {
        let n = self.right + self.refused.len() + self.wrong.len();
        eprintln!(
            "{what}: {n} files, {} right, {} refused, {} wrong",
            self.right,
            self.refused.len(),
            self.wrong.len()
        );
        assert!(
            self.wrong.is_empty(),
            "{what}: garbled text: {:#?}",
            self.wrong
        );
        assert!(
            self.right * 100 >= n * 99,
            "{what}: fewer than 99% right: refused {:#?}",
            self.refused
        );
    }
}

/// The WHATWG legacy encodings each language is written in (what encoding_rs can encode).
fn native(lang: &str) -> Vec<&'static encoding_rs::Encoding> {
    use encoding_rs::*;
    match lang {
        "zh-hans" => vec![GBK, GB18030],
        "zh-hant" => vec![BIG5, GBK, GB18030],
        "ja" => vec![SHIFT_JIS, EUC_JP, ISO_2022_JP],
        "ko" => vec![EUC_KR],
        "ru" => vec![
            WINDOWS_1251,
            KOI8_R,
            KOI8_U,
            ISO_8859_5,
            IBM866,
            X_MAC_CYRILLIC,
        ],
        "el" => vec![WINDOWS_1253, ISO_8859_7],
        "he" => vec![WINDOWS_1255, ISO_8859_8, ISO_8859_8_I],
        "ar" => vec![WINDOWS_1256, ISO_8859_6],
        "th" => vec![WINDOWS_874],
        "hu" => vec![ISO_8859_2, WINDOWS_1250, ISO_8859_16],
        _ => vec![],
    }
}

#[test]
fn corpus_built_with_encoding_rs_decodes_right_and_never_garbled() {
    let mut tally = Tally::default();
    for &(lang, text) in TEXTS {
        for form in ["txt", "html-none", "html-meta", "html-lie"] {
            let content = |label: &str| match form {
                "txt" => text.to_owned(),
                "html-none" => html(text, None),
                "html-meta" => html(text, Some(label)),
                _ => html(
                    text,
                    Some(if label == "windows-1252" {
                        "utf-8"
                    } else {
                        "windows-1252"
                    }),
                ),
            };
            let is_html = form != "txt";
            for enc in native(lang) {
                let s = content(enc.name());
                let (bytes, _, unmappable) = enc.encode(&s);
                if unmappable {
                    continue;
                }
                tally.judge(
                    &format!("{lang} {} {form}", enc.name()),
                    &bytes,
                    is_html,
                    &s,
                );
            }
            for (name, be, bom) in [
                ("UTF-16LE", false, false),
                ("UTF-16BE", true, false),
                ("UTF-16LE", false, true),
                ("UTF-16BE", true, true),
            ] {
                let s = content(&name.to_ascii_lowercase());
                tally.judge(
                    &format!("{lang} {name} bom={bom} {form}"),
                    &utf16(&s, be, bom),
                    is_html,
                    &s,
                );
            }
            for (name, be, bom) in [
                ("UTF-32LE", false, false),
                ("UTF-32BE", true, false),
                ("UTF-32LE", false, true),
                ("UTF-32BE", true, true),
            ] {
                let s = content(&name.to_ascii_lowercase());
                tally.judge(
                    &format!("{lang} {name} bom={bom} {form}"),
                    &utf32(&s, be, bom),
                    is_html,
                    &s,
                );
            }
            let s = content("utf-8");
            tally.judge(&format!("{lang} UTF-8 {form}"), s.as_bytes(), is_html, &s);
        }
    }
    tally.assert_good("encoding_rs corpus");
}

#[test]
fn corpus_built_with_python_codecs_decodes_right_and_never_garbled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("scripts/encoding-corpus.py");
    let out: PathBuf =
        std::env::temp_dir().join(format!("wz-encoding-corpus-{}", std::process::id()));
    let made = std::process::Command::new("python3")
        .arg(&script)
        .arg(&out)
        .output();
    let made = match made {
        Ok(m) if m.status.success() => m,
        Ok(m) => {
            eprintln!(
                "skip: {} failed: {}",
                script.display(),
                String::from_utf8_lossy(&m.stderr)
            );
            return;
        }
        Err(e) => {
            eprintln!("skip: python3 not available ({e}); the encoding_rs corpus still runs");
            return;
        }
    };
    eprintln!("{}", String::from_utf8_lossy(&made.stdout).trim());
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).expect("manifest");
    let mut tally = Tally::default();
    for line in manifest.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("manifest line");
        let (Some(file), Some(expected)) = (row["file"].as_str(), row["expected"].as_str()) else {
            panic!("bad manifest line {line}");
        };
        let bytes = std::fs::read(out.join(file)).expect("corpus file");
        tally.judge(file, &bytes, file.ends_with(".html"), expected);
    }
    let _ = std::fs::remove_dir_all(&out);
    tally.assert_good("python corpus");
}

fn first_paragraph(lang: &str) -> String {
    text(lang).lines().nth(2).unwrap_or_default().to_owned()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

#[test]
fn utf32le_with_bom_is_not_read_as_utf16() {
    let t = text("ru");
    let a = extract(&utf32(t, false, true), Some("a.txt")).expect("imports");
    assert_eq!(a.encoding, "UTF-32LE");
    assert!(!a.body_text.contains('\0'));
    assert!(a.body_text.contains("рыбаки"), "{}", a.body_text);
    let b = extract(&utf32(t, true, true), Some("a.txt")).expect("imports");
    assert_eq!(b.encoding, "UTF-32BE");
}

#[test]
fn bomless_utf16_and_utf32_are_not_binary() {
    for (bytes, enc) in [
        (utf16(text("zh-hans"), false, false), "UTF-16LE"),
        (utf16(text("ja"), true, false), "UTF-16BE"),
        (utf16(text("th"), false, false), "UTF-16LE"),
        (utf32(text("ko"), false, false), "UTF-32LE"),
    ] {
        let a = extract(&bytes, Some("a.txt")).unwrap_or_else(|e| panic!("{enc}: {e}"));
        assert_eq!(a.encoding, enc);
    }
    let page = html(text("el"), None);
    let a = extract(&utf16(&page, false, false), Some("a.html")).expect("imports");
    assert_eq!(a.format, wenzhai_core::Format::Html);
    assert!(a.body_text.contains("θάλασσα"), "{}", a.body_text);
}

#[test]
fn koi8r_is_not_read_as_shift_jis() {
    let t = text("ru");
    let bytes = encoding_rs::KOI8_R.encode(t).0.into_owned();
    let a = extract(&bytes, Some("a.txt")).expect("imports");
    assert!(a.encoding.starts_with("KOI8"), "{}", a.encoding);
    assert!(a.body_text.contains("смотритель маяка"), "{}", a.body_text);
    // A KOI8-R MHTML whose part says so.
    let page = html(t, Some("koi8-r"));
    let mut mht = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/html; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".to_vec();
    mht.extend(encoding_rs::KOI8_R.encode(&page).0.iter());
    mht.extend(b"\r\n--B--\r\n");
    let m = extract(&mht, Some("a.mht")).expect("imports");
    assert!(m.body_text.contains("смотритель маяка"), "{}", m.body_text);
}

#[test]
fn x_mac_cyrillic_is_not_read_as_windows_1251() {
    // Found by the app's picker tests: windows-1251 reads a short x-mac-cyrillic text with
    // a few wrong capitals only (ѓородскаЯ, —итатели) and passed every check.
    let t = "Городская библиотека открылась после ремонта. Читатели смогли увидеть новые залы, где теперь есть компьютеры и удобные кресла. Директор библиотеки рассказала, что ремонт длился полгода.";
    let bytes = encoding_rs::X_MAC_CYRILLIC.encode(t).0.into_owned();
    let a = extract(&bytes, Some("a.txt")).expect("imports");
    assert_eq!(a.encoding, "x-mac-cyrillic");
    assert!(
        a.body_text.starts_with("Городская библиотека"),
        "{}",
        a.body_text
    );
}

#[test]
fn declared_windows_1251_meta_charset_is_believed() {
    let page = html(text("ru"), Some("windows-1251"));
    let bytes = encoding_rs::WINDOWS_1251.encode(&page).0.into_owned();
    let a = extract(&bytes, Some("a.html")).expect("imports");
    assert_eq!(a.encoding, "windows-1251");
    assert!(a.body_text.contains("Чайки кружили"), "{}", a.body_text);
    for (lang, enc) in [
        ("el", encoding_rs::WINDOWS_1253),
        ("he", encoding_rs::WINDOWS_1255),
        ("ar", encoding_rs::WINDOWS_1256),
        ("th", encoding_rs::WINDOWS_874),
    ] {
        let page = html(text(lang), Some(enc.name()));
        let a =
            extract(&enc.encode(&page).0, Some("a.html")).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert_eq!(a.encoding, enc.name(), "{lang}");
    }
}

#[test]
fn hz_escapes_are_decoded() {
    // 中国 in HZ is ~{VP9z~}.
    let bytes = b"~{VP9z~}\n\n~{VP9z~} is China. ~{VP9z~}~{VP9z~}".to_vec();
    let a = extract(&bytes, Some("a.txt")).expect("imports");
    assert_eq!(a.encoding, "HZ-GB-2312");
    assert_eq!(a.title, "中国");
    assert!(!a.body_text.contains("~{"), "{}", a.body_text);
    // `~{…~}` in ASCII text that is no HZ stays as it is (a chance reading gives rare hanzi).
    let tex = b"Spacing\n\nIn this macro, ~{ab~} and ~{cd~} are spacing tricks, not Chinese.";
    let a = extract(tex, Some("a.txt")).expect("imports");
    assert!(a.body_text.contains("~{ab~}"), "{}", a.body_text);
}

#[test]
fn iso_2022_jp_escapes_are_decoded() {
    let t = text("ja");
    let bytes = encoding_rs::ISO_2022_JP.encode(t).0.into_owned();
    let a = extract(&bytes, Some("a.txt")).expect("imports");
    assert_eq!(a.encoding, "ISO-2022-JP");
    assert!(a.body_text.contains("古い紙の匂い"), "{}", a.body_text);
    assert!(!a.body_text.contains('\u{1b}'));
}

#[test]
fn iso_8859_2_hungarian_keeps_o_double_acute() {
    let t = text("hu");
    let bytes = encoding_rs::ISO_8859_2.encode(t).0.into_owned();
    let a = extract(&bytes, Some("a.txt")).expect("imports");
    assert_eq!(a.title, "Őszi reggel a Duna partján");
    assert!(a.body_text.contains("sűrű köd"), "{}", a.body_text);
    // Labelled ISO-8859-1 (windows-1252), as server defaults write.
    let page = html(t, Some("iso-8859-1"));
    let a = extract(&encoding_rs::ISO_8859_2.encode(&page).0, Some("a.html")).expect("imports");
    assert!(a.body_text.contains("sűrű köd"), "{}", a.body_text);
}

/// The first paragraph of zh-hant.txt in EUC-TW (made with iconv).
const EUC_TW: &str = "dbd2dba7cefbf9c7d6b4f5e4caf4c8b4dfd7c6aaa1a2dae8d7fdcefbd9e1c4ccc4d8e5eed3ace1e1c8ccf4d7cbccc4b8c4d4ccdba1a4c7f0d4afcefbc5c3d1c0c7e3d7fdf0f9c4e6e2e6d3f9cab8c7e2dcc3d9afa1a2c6b7e8f2c4b6deb2e8c8cefbcca5c5dae6b4c4cdcccfc4a1d4b6cfc1a1a40a";

/// The first paragraph of ko.txt in Johab (made with Python's johab codec).
const JOHAB: &str = "b461c3b120b465888188612088e8d3a1b86120a061b7692096e1b78120ac65b7a120a68a894120a289976520a1a1af73b7692097619ce1909694612e20d069a0e193a19769b76520a0619477b5412089a1c2819f692090e9b4e120a0699fa189a12c20b461b7a19769b7652088719061a28120b4619c81b541ace12098e9b4e1bba5208871b76920ba81b6b694612e";

#[test]
fn euc_tw_is_refused_or_decoded_never_gb18030_mojibake() {
    let bytes = hex(EUC_TW);
    match decode_text(&bytes, false) {
        Ok((t, enc)) => {
            assert_eq!(enc, "EUC-TW");
            assert_eq!(t.trim_end(), first_paragraph("zh-hant"));
        }
        Err(ImportError::Undecodable(why)) => assert!(why.contains("gb18030"), "{why}"),
        Err(e) => panic!("{e}"),
    }
    let forced = preview_with_encoding(&bytes, "euc-tw", 4).expect("decodes");
    assert_eq!(forced, "清晨的霧");
}

#[test]
fn johab_is_not_read_as_gb18030() {
    let bytes = hex(JOHAB);
    let (t, enc) = decode_text(&bytes, false).expect("decodes");
    assert_eq!(enc, "Johab");
    assert_eq!(t, first_paragraph("ko"));
}

#[test]
fn forced_encodings_include_the_hand_written_ones() {
    let labels: Vec<&str> = encoding_choices().iter().map(|c| c.0).collect();
    for l in [
        "hz-gb-2312",
        "johab",
        "iso-2022-kr",
        "euc-tw",
        "utf-32le",
        "utf-32be",
        "koi8-r",
    ] {
        assert!(labels.contains(&l), "{l} missing from {labels:?}");
    }
    let a = extract_with_encoding(&hex(JOHAB), Some("a.txt"), Some("johab")).expect("imports");
    assert_eq!(a.encoding, "Johab");
    let a = extract_with_encoding(
        &utf32(text("he"), false, false),
        Some("a.txt"),
        Some("utf-32le"),
    )
    .expect("imports");
    assert_eq!(a.encoding, "UTF-32LE");
    assert_eq!(
        preview_with_encoding(b"~{VP9z~}", "hz-gb-2312", 10).expect("decodes"),
        "中国"
    );
    assert!(matches!(
        extract_with_encoding(b"abc", None, Some("no-such-encoding")),
        Err(ImportError::UnknownEncoding(_))
    ));
}

#[test]
fn a_refusal_names_what_was_tried_and_the_fix() {
    // Random high bytes: valid in no encoding as text.
    let mut bytes = b"title\n\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..600 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push(0x80 | (x >> 16) as u8);
    }
    match extract(&bytes, Some("a.txt")) {
        Err(ImportError::Undecodable(why)) => {
            assert!(why.contains("tried"), "{why}");
            assert!(why.contains("choose encoding"), "{why}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}
