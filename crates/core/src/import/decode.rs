//! Decoding: BOM first; a declared charset only when the bytes really decode with it; valid
//! UTF-8 stays UTF-8; otherwise chardetng + encoding_rs. A decoding that still needs
//! replacement characters beyond a tiny tolerance is refused, never passed on as garbage.

use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8,
};

use super::ImportError;

/// Text decoded from bytes, with the encoding_rs name of the encoding used.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// The UTF-16 encoding announced by a BOM, if any.
pub fn utf16_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(bytes) {
        Some((enc, _)) if enc == UTF_16LE || enc == UTF_16BE => Some(enc),
        _ => None,
    }
}

/// True for the two UTF-16 encodings (whose ASCII has NUL bytes).
pub fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// How many replacement characters we accept before calling a decoding wrong: a handful, or
/// 0.1% of the characters in a long file (saved pages often carry a few broken bytes).
fn tolerance(chars: usize) -> usize {
    (chars / 1000).max(5)
}

fn strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// Decode with replacement; the count includes C1 controls, which in a legacy single-byte
/// decoding mean the bytes were not meant for it.
fn lossy(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let bad = text
        .chars()
        .filter(|&c| c == '\u{fffd}' || ('\u{80}'..='\u{9f}').contains(&c))
        .count();
    (text.into_owned(), bad)
}

fn is_multibyte(enc: &'static Encoding) -> bool {
    enc == UTF_8
        || enc == GB18030
        || enc == GBK
        || enc == BIG5
        || enc == SHIFT_JIS
        || enc == EUC_JP
        || enc == EUC_KR
        || enc == ISO_2022_JP
}

/// True when the non-ASCII bytes come mostly in runs, as in GBK/Big5 text, rather than as
/// isolated accented letters of a single-byte Latin text.
fn looks_multibyte(bytes: &[u8]) -> bool {
    let mut high = 0usize;
    let mut paired = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x80 {
            high += 1;
            let prev = i > 0 && bytes[i - 1] >= 0x80;
            let next = bytes.get(i + 1).is_some_and(|&n| n >= 0x80);
            if prev || next {
                paired += 1;
            }
        }
    }
    high >= 16 && paired * 10 >= high * 6
}

/// A single-byte decoding is accepted unless the bytes look multi-byte.
fn single_byte_ok(enc: &'static Encoding, bytes: &[u8]) -> bool {
    is_multibyte(enc) || !looks_multibyte(bytes)
}

/// The encodings offered when the user picks one by hand: (label, display name).
pub const CHOICES: &[(&str, &str)] = &[
    ("utf-8", "Unicode (UTF-8)"),
    ("gb18030", "简体中文 (GB18030/GBK)"),
    ("big5", "繁體中文 (Big5)"),
    ("shift_jis", "日本語 (Shift_JIS)"),
    ("euc-jp", "日本語 (EUC-JP)"),
    ("iso-2022-jp", "日本語 (ISO-2022-JP)"),
    ("euc-kr", "한국어 (EUC-KR)"),
    ("utf-16le", "Unicode (UTF-16LE)"),
    ("utf-16be", "Unicode (UTF-16BE)"),
    ("windows-1251", "Кириллица (windows-1251)"),
    ("koi8-r", "Кириллица (KOI8-R)"),
    ("windows-1253", "Ελληνικά (windows-1253)"),
    ("windows-1255", "עברית (windows-1255)"),
    ("windows-1256", "العربية (windows-1256)"),
    ("windows-874", "ไทย (windows-874)"),
    ("iso-8859-2", "Central European (ISO-8859-2)"),
    ("windows-1250", "Central European (windows-1250)"),
    ("windows-1252", "Western (windows-1252)"),
];

/// The encoding for a label the user picked; an unknown label is an error naming it.
pub fn forced_encoding(label: &str) -> Result<&'static Encoding, ImportError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| ImportError::UnknownEncoding(label.to_owned()))
}

/// [`decode`], or, when the user forced an encoding, exactly that decoding (a BOM of the
/// same encoding is dropped; broken sequences become nothing rather than garbage, within the
/// usual tolerance).
pub fn decode_as(
    bytes: &[u8],
    declared: Option<&str>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, ImportError> {
    let Some(enc) = forced else {
        return decode(bytes, declared);
    };
    let rest = match Encoding::for_bom(bytes) {
        Some((bom, len)) if bom == enc => &bytes[len..],
        _ => bytes,
    };
    let (text, bad) = lossy(enc, rest);
    if bad > tolerance(text.chars().count()) {
        return Err(ImportError::Undecodable(format!(
            "{bad} byte sequences are invalid in {}, the encoding chosen",
            enc.name()
        )));
    }
    Ok(Decoded {
        text: text.replace('\u{fffd}', ""),
        encoding: enc.name(),
    })
}

/// Decode `bytes`. `declared` is a charset label from the document (HTML meta, MIME header);
/// it is used only when the bytes decode with it without errors.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, ImportError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        let (text, bad) = lossy(enc, rest);
        let n = text.chars().count();
        if bad > tolerance(n) {
            return Err(ImportError::Undecodable(format!(
                "the file starts with a {} byte-order mark but {bad} sequences are invalid",
                enc.name()
            )));
        }
        return Ok(Decoded {
            text,
            encoding: enc.name(),
        });
    }
    // Valid UTF-8 with non-ASCII text is UTF-8 whatever a label claims.
    if let Ok(s) = std::str::from_utf8(bytes) {
        let declared_enc = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
        let ascii = s.is_ascii();
        let enc = match declared_enc {
            Some(e) if ascii && e.is_ascii_compatible() => e,
            _ => UTF_8,
        };
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: enc.name(),
        });
    }
    let declared = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        // A page cannot really be UTF-16 if we read its label as ASCII.
        .map(|e| {
            if e == UTF_16LE || e == UTF_16BE {
                UTF_8
            } else {
                e
            }
        });
    if let Some(enc) = declared {
        if single_byte_ok(enc, bytes) {
            if let Some(text) = strict(enc, bytes) {
                if is_multibyte(enc) || lossy(enc, bytes).1 == 0 {
                    return Ok(Decoded {
                        text,
                        encoding: enc.name(),
                    });
                }
            }
        }
    }
    // UTF-8 apart from a few broken bytes is UTF-8: its multi-byte sequences almost never occur
    // by chance in other encodings, whereas GB18030 accepts nearly any byte pair and would turn
    // the whole text into mojibake with fewer "errors" than the broken bytes make in UTF-8.
    let (text, bad) = lossy(UTF_8, bytes);
    let multibyte = text
        .chars()
        .filter(|c| !c.is_ascii() && *c != '\u{fffd}')
        .count();
    if bad <= tolerance(text.chars().count()) && multibyte >= 10 * bad {
        return Ok(Decoded {
            text: text.replace('\u{fffd}', ""),
            encoding: UTF_8.name(),
        });
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    if single_byte_ok(guess, bytes) {
        if let Some(text) = strict(guess, bytes) {
            if is_multibyte(guess) || lossy(guess, bytes).1 == 0 {
                return Ok(Decoded {
                    text,
                    encoding: guess.name(),
                });
            }
        }
    }
    // Nothing decodes cleanly: take the multi-byte candidate with the fewest errors, if few
    // enough (a few broken bytes in a long saved page).
    let mut candidates: Vec<&'static Encoding> = Vec::new();
    for enc in [
        declared,
        Some(guess),
        Some(GB18030),
        Some(BIG5),
        Some(UTF_8),
        Some(SHIFT_JIS),
        Some(EUC_KR),
    ]
    .into_iter()
    .flatten()
    {
        if is_multibyte(enc) && !candidates.contains(&enc) {
            candidates.push(enc);
        }
    }
    let mut best: Option<(String, usize, &'static Encoding)> = None;
    for enc in candidates {
        let (text, bad) = lossy(enc, bytes);
        if best.as_ref().is_none_or(|b| bad < b.1) {
            best = Some((text, bad, enc));
        }
    }
    match best {
        Some((text, bad, enc)) if bad <= tolerance(text.chars().count()) => Ok(Decoded {
            text: text.replace('\u{fffd}', ""),
            encoding: enc.name(),
        }),
        Some((_, bad, enc)) => Err(ImportError::Undecodable(format!(
            "no encoding fits; the best guess ({}) leaves {bad} invalid sequences",
            enc.name()
        ))),
        None => Err(ImportError::Undecodable("no encoding fits".into())),
    }
}

/// Find a charset label in the first bytes of an HTML document (`<meta charset>` or
/// `http-equiv` content-type).
pub fn html_charset_label(bytes: &[u8]) -> Option<String> {
    use regex::bytes::Regex;
    use std::sync::LazyLock;
    static META: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#).ok()
    });
    let head = &bytes[..bytes.len().min(8192)];
    let re = META.as_ref()?;
    let caps = re.captures(head)?;
    let label = caps.get(1)?;
    Some(String::from_utf8_lossy(label.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_few_broken_bytes_stays_utf8_not_gb18030_mojibake() {
        let text =
            "天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。".repeat(8);
        let mut bytes = text.clone().into_bytes();
        bytes[31] = 0xff;
        bytes[302] = 0x80;
        let d = decode(&bytes, None).expect("decodes");
        assert_eq!(d.encoding, "UTF-8");
        // The broken characters are dropped, the rest is intact.
        assert!(
            d.text.starts_with("天津市河北区委组织部入践行新时代"),
            "{}",
            d.text
        );
        // A Latin-1 page with a few accented letters is not mistaken for broken UTF-8.
        let latin = encoding_rs::WINDOWS_1252
            .encode("Café déjà vu, naïve résumé.")
            .0;
        assert_eq!(
            decode(&latin, None).expect("decodes").encoding,
            "windows-1252"
        );
    }
}
