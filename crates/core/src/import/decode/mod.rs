//! Decoding that is right or says why. In order:
//!
//! 1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins;
//! 2. BOM-less UTF-16/32, recognised by where the NUL bytes fall ([`wide`]);
//! 3. 7-bit text with escape sequences is ISO-2022-JP/KR/CN or HZ ([`iso2022`]);
//! 4. valid UTF-8 with non-ASCII text stays UTF-8, whatever a label says;
//! 5. a declared charset (HTML meta, MIME header) when the bytes decode cleanly with it and
//!    the text is plausible — a windows-1252/ISO-8859-1 label, the default servers and editors
//!    write, yields to chardetng when chardetng reads the bytes differently and plausibly;
//! 6. detection: UTF-8 with a few broken bytes, chardetng's guess, then the encodings
//!    chardetng does not know (Johab, EUC-TW) and the siblings of its guess;
//! 7. otherwise the file is refused, naming what was tried and why each reading was rejected.
//!
//! Every legacy reading must pass [`plausible::check`]: a wrong decoding usually decodes
//! without errors, so the decoded text itself is judged. Garbled text is never stored.

mod enc;
mod euc_tw;
mod iso2022;
mod johab;
mod plausible;
mod resync;
mod wide;

pub use enc::{Enc, Family, CHOICES};

use encoding_rs::{
    BIG5, EUC_JP, EUC_KR, GB18030, IBM866, ISO_8859_16, ISO_8859_2, ISO_8859_5, ISO_8859_6,
    ISO_8859_7, ISO_8859_8, KOI8_R, KOI8_U, SHIFT_JIS, UTF_8, WINDOWS_1250, WINDOWS_1251,
    WINDOWS_1252, WINDOWS_1253, WINDOWS_1255, WINDOWS_1256, WINDOWS_874, X_MAC_CYRILLIC,
};

use super::ImportError;

/// Text decoded from bytes, with the name of the encoding used.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// How many replacement characters we accept before calling a decoding wrong: a handful, or
/// 0.1% of the characters in a long file (saved pages often carry a few broken bytes).
fn tolerance(chars: usize) -> usize {
    (chars / 1000).max(5)
}

/// What the user is told to do when nothing fits.
const FIX: &str =
    "if you know the encoding, choose it by hand (\"choose encoding…\" in the import results)";

/// True when the bytes are UTF-16/32 (by the encoding the user forced, a BOM or the NUL
/// pattern): their ASCII has NUL bytes and the raw bytes are no view of the text.
pub fn is_wide(bytes: &[u8], forced: Option<Enc>) -> bool {
    match forced {
        Some(enc) => enc.is_wide(),
        None => match wide::bom(bytes) {
            Some((enc, _)) => enc.is_wide(),
            None => wide::sniff_bomless(bytes).is_some_and(|enc| {
                let (text, bad) = enc.decode(bytes);
                bad == 0 && plausible::check(&text, Family::Unicode).is_ok()
            }),
        },
    }
}

/// The encoding for a label the user picked; an unknown label is an error naming it.
pub fn forced_encoding(label: &str) -> Result<Enc, ImportError> {
    Enc::for_label(label).ok_or_else(|| ImportError::UnknownEncoding(label.to_owned()))
}

/// [`decode`], or, when the user forced an encoding, exactly that decoding (a BOM of the
/// same encoding is dropped; broken sequences become nothing rather than garbage, within the
/// usual tolerance). The user's pick is not second-guessed by the plausibility check: the
/// preview shows them what they get.
pub fn decode_as(
    bytes: &[u8],
    declared: Option<&str>,
    forced: Option<Enc>,
) -> Result<Decoded, ImportError> {
    let Some(enc) = forced else {
        return decode(bytes, declared);
    };
    let rest = match wide::bom(bytes) {
        Some((bom, len)) if bom == enc => &bytes[len..],
        _ => bytes,
    };
    let (text, bad) = enc.decode(rest);
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

/// The readings tried so far and why each was rejected, for the refusal message.
#[derive(Default)]
struct Tried(Vec<String>);

impl Tried {
    fn no(&mut self, enc: Enc, why: &str) {
        // One entry per encoding, with the last reason (the tolerant pass says more than
        // "n invalid sequences").
        let name = enc.name();
        let entry = format!("{name} ({why})");
        match self
            .0
            .iter_mut()
            .find(|t| t.starts_with(name) && t[name.len()..].starts_with(" ("))
        {
            Some(t) => *t = entry,
            None => self.0.push(entry),
        }
    }

    /// `enc`'s reading of `bytes` if it decodes without errors (`tolerated` allows a few
    /// broken bytes, which are dropped) and reads as text; else noted as tried.
    fn attempt(&mut self, enc: Enc, bytes: &[u8], tolerated: bool) -> Option<(Decoded, f64)> {
        let (text, bad) = enc.decode(bytes);
        let limit = if tolerated {
            tolerance(text.chars().count())
        } else {
            0
        };
        if bad > limit {
            self.no(enc, &format!("{bad} invalid sequences"));
            return None;
        }
        match plausible::check(&text, enc.family()) {
            Ok(score) => Some((
                Decoded {
                    text: if bad > 0 {
                        text.replace('\u{fffd}', "")
                    } else {
                        text
                    },
                    encoding: enc.name(),
                },
                score,
            )),
            Err(why) => {
                self.no(enc, &why);
                None
            }
        }
    }

    fn refuse(self, lead: &str) -> ImportError {
        let tried = if self.0.is_empty() {
            String::new()
        } else {
            format!("; tried {}", self.0.join(", "))
        };
        ImportError::Undecodable(format!("{lead}{tried}; {FIX}"))
    }
}

/// The label's encoding, read as a page would be: a page cannot really be UTF-16 when we read
/// its label as ASCII, so such a label means UTF-8.
fn declared_encoding(declared: Option<&str>) -> Option<Enc> {
    let enc = Enc::for_label(declared?)?;
    Some(if enc.is_wide() { Enc::Std(UTF_8) } else { enc })
}

/// Encodings that read the same alphabet as `enc`, tried when chardetng's guess fails: it
/// does not know x-mac-cyrillic or ISO-8859-16, and a near miss is often a sibling.
fn siblings(enc: Enc) -> &'static [&'static encoding_rs::Encoding] {
    let Enc::Std(e) = enc else { return &[] };
    const CYRILLIC: &[&encoding_rs::Encoding] = &[
        WINDOWS_1251,
        KOI8_U,
        KOI8_R,
        ISO_8859_5,
        IBM866,
        X_MAC_CYRILLIC,
    ];
    const CENTRAL: &[&encoding_rs::Encoding] = &[ISO_8859_2, WINDOWS_1250, ISO_8859_16];
    const GREEK: &[&encoding_rs::Encoding] = &[WINDOWS_1253, ISO_8859_7];
    const HEBREW: &[&encoding_rs::Encoding] = &[WINDOWS_1255, ISO_8859_8];
    const ARABIC: &[&encoding_rs::Encoding] = &[WINDOWS_1256, ISO_8859_6];
    const THAI: &[&encoding_rs::Encoding] = &[WINDOWS_874];
    for set in [CYRILLIC, CENTRAL, GREEK, HEBREW, ARABIC, THAI] {
        if set.contains(&e) {
            return set;
        }
    }
    if e == WINDOWS_1252 {
        return CENTRAL;
    }
    &[]
}

/// The sibling code page of a plausible single-byte reading with the fewest near-miss signs
/// ([`plausible::anomalies`]); the reading itself on a tie. chardetng knows no x-mac-cyrillic
/// and guesses windows-1251 for it, which passes every check but for a few capitals.
fn best_sibling(d: Decoded, enc: Enc, bytes: &[u8]) -> Decoded {
    let mut best_score = plausible::anomalies(&d.text);
    let mut best = d;
    for &e in siblings(enc) {
        if best_score == 0 {
            break;
        }
        if Enc::Std(e) == enc {
            continue;
        }
        let mut scratch = Tried::default();
        if let Some((alt, _)) = scratch.attempt(Enc::Std(e), bytes, false) {
            let score = plausible::anomalies(&alt.text);
            if score < best_score {
                best_score = score;
                best = alt;
            }
        }
    }
    best
}

/// Second thoughts on a Latin reading, which chardetng and labels get wrong for Hungarian:
/// a windows-1252 reading with õ/û and none of the languages that use them is ISO-8859-2 or
/// windows-1250 (ő, ű); an ISO-8859-2 reading that has both ő and ř (no language has both)
/// is ISO-8859-16, where ű sits at ř's byte.
fn central_european(d: Decoded, enc: Enc, bytes: &[u8], tried: &mut Tried) -> Decoded {
    let mut d = d;
    let mut enc = enc;
    if enc == Enc::Std(WINDOWS_1252) && plausible::looks_central_european(&d.text) {
        for e in [ISO_8859_2, WINDOWS_1250] {
            if let Some((c, _)) = tried.attempt(Enc::Std(e), bytes, false) {
                d = c;
                enc = Enc::Std(e);
                break;
            }
        }
    }
    let has = |t: &str, a: char, b: char| t.contains(a) || t.contains(b);
    if (enc == Enc::Std(ISO_8859_2) || enc == Enc::Std(WINDOWS_1250))
        && has(&d.text, 'ő', 'Ő')
        && has(&d.text, 'ř', 'Ř')
    {
        if let Some((c, _)) = tried.attempt(Enc::Std(ISO_8859_16), bytes, false) {
            return c;
        }
    }
    d
}

/// Decode `bytes`. `declared` is a charset label from the document (HTML meta, MIME header).
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, ImportError> {
    let mut tried = Tried::default();
    if let Some((enc, bom_len)) = wide::bom(bytes) {
        let rest = &bytes[bom_len..];
        let (text, bad) = enc.decode(rest);
        if bad > tolerance(text.chars().count()) {
            return Err(ImportError::Undecodable(format!(
                "the file starts with a {} byte-order mark but {bad} sequences are invalid; {FIX}",
                enc.name()
            )));
        }
        return Ok(Decoded {
            text,
            encoding: enc.name(),
        });
    }
    if let Some(enc) = wide::sniff_bomless(bytes) {
        if let Some((d, _)) = tried.attempt(enc, bytes, false) {
            return Ok(d);
        }
    }
    if bytes.is_ascii() {
        if let Some(enc) = iso2022::sniff(bytes) {
            match tried.attempt(enc, bytes, false) {
                // `~{…~}` also occurs in ASCII (code, TeX): HZ must give common hanzi only.
                Some((d, _)) if enc != Enc::Hz || plausible::all_han_common(&d.text) => {
                    return Ok(d)
                }
                // Not that encoding after all: an ESC in ASCII text is refused by the check
                // below; `~{` in ASCII text is just text.
                _ if enc == Enc::Hz => {}
                _ => return Err(tried.refuse("escape sequences that do not decode")),
            }
        }
    }
    let declared = declared_encoding(declared);
    // Valid UTF-8 with non-ASCII text is UTF-8 whatever a label claims.
    if let Ok(s) = std::str::from_utf8(bytes) {
        let enc = match declared {
            Some(Enc::Std(e)) if s.is_ascii() && e.is_ascii_compatible() => e.name(),
            _ => UTF_8.name(),
        };
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: enc,
        });
    }
    let guess = {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        Enc::Std(det.guess(None, chardetng::Utf8Detection::Allow))
    };
    if let Some(enc) = declared.filter(|&e| e != Enc::Std(UTF_8)) {
        if let Some((d, _)) = tried.attempt(enc, bytes, false) {
            // windows-1252 (which ISO-8859-1 and US-ASCII labels mean) is what servers and
            // editors write when nobody chose: a different plausible reading by chardetng is
            // the better evidence (a Hungarian ISO-8859-2 page labelled ISO-8859-1 keeps ő).
            if enc == Enc::Std(WINDOWS_1252) && guess != enc {
                if let Some((g, _)) = tried.attempt(guess, bytes, false) {
                    return Ok(central_european(g, guess, bytes, &mut tried));
                }
            }
            return Ok(central_european(d, enc, bytes, &mut tried));
        }
    }
    // UTF-8 apart from a few broken bytes is UTF-8: its multi-byte sequences almost never occur
    // by chance in other encodings, whereas GB18030 accepts nearly any byte pair and would turn
    // the whole text into mojibake with fewer "errors" than the broken bytes make in UTF-8.
    let (text, bad) = Enc::Std(UTF_8).decode(bytes);
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
    if let Some((d, _)) = tried.attempt(guess, bytes, false) {
        let d = if guess.family() == Family::SingleByte && guess != Enc::Std(WINDOWS_1252) {
            best_sibling(d, guess, bytes)
        } else {
            d
        };
        return Ok(central_european(d, guess, bytes, &mut tried));
    }
    // chardetng's guess is not text. The other readings, clean ones first: the CJK encodings
    // (chardetng knows neither Johab nor EUC-TW) by their share of common characters, then the
    // single-byte siblings of the guess.
    let cjk = [
        Enc::Std(GB18030),
        Enc::Std(BIG5),
        Enc::EucTw,
        Enc::Std(EUC_KR),
        Enc::Johab,
        Enc::Std(SHIFT_JIS),
        Enc::Std(EUC_JP),
    ];
    for tolerated in [false, true] {
        let mut best: Option<(Decoded, f64)> = None;
        for enc in declared.into_iter().chain([guess]).chain(cjk) {
            if enc.family() == Family::SingleByte || (tolerated && enc.family() == Family::Unicode)
            {
                continue;
            }
            if let Some((d, score)) = tried.attempt(enc, bytes, tolerated) {
                if best.as_ref().is_none_or(|b| score > b.1) {
                    best = Some((d, score));
                }
            }
        }
        if let Some((d, _)) = best {
            return Ok(d);
        }
        if !tolerated {
            for &e in declared
                .map_or(&[][..], siblings)
                .iter()
                .chain(siblings(guess))
            {
                if let Some((d, _)) = tried.attempt(Enc::Std(e), bytes, false) {
                    return Ok(d);
                }
            }
        }
    }
    Err(tried.refuse("no encoding gives readable text"))
}

/// The decoding step of `extract` alone (for the encoding bench): `html` says whether to
/// look for a `<meta charset>`. Returns the text and the encoding's name.
pub fn decode_document(bytes: &[u8], html: bool) -> Result<(String, &'static str), ImportError> {
    let label = if html {
        html_charset_label(bytes)
    } else {
        None
    };
    let d = decode(bytes, label.as_deref())?;
    Ok((d.text, d.encoding))
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
