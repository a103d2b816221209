//! The 7-bit Chinese and Korean encodings of mail and Usenet: HZ-GB-2312 (`~{…~}`, RFC 1843),
//! ISO-2022-KR (RFC 1557) and ISO-2022-CN (RFC 1922). encoding_rs maps their labels to its
//! "replacement" encoding (the Encoding Standard dropped them for safety in browsers), but saved
//! files still use them. Each is a small state machine over 94×94 sets whose tables we have:
//! GB2312 and KS X 1001 through encoding_rs's GBK and EUC-KR, CNS 11643 planes 1–2 through
//! [`super::euc_tw`]. ISO-2022-JP is left to encoding_rs, which has it.

use encoding_rs::{Encoding, EUC_KR, GBK};

use super::euc_tw::cns_char;

const ESC: u8 = 0x1b;
const SO: u8 = 0x0e;
const SI: u8 = 0x0f;

/// One cell of a 94×94 set reached through an EUC table (`row`, `col` in 0x21..=0x7E).
fn euc_cell(enc: &'static Encoding, row: u8, col: u8) -> Option<char> {
    if !(0x21..=0x7e).contains(&row) || !(0x21..=0x7e).contains(&col) {
        return None;
    }
    let pair = [row | 0x80, col | 0x80];
    let s = enc.decode_without_bom_handling_and_without_replacement(&pair)?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Collects the output and counts errors.
struct Out {
    text: String,
    bad: usize,
}

impl Out {
    fn new(n: usize) -> Out {
        Out {
            text: String::with_capacity(n),
            bad: 0,
        }
    }
    fn push(&mut self, c: Option<char>) {
        match c {
            Some(c) => self.text.push(c),
            None => {
                self.bad += 1;
                self.text.push('\u{fffd}');
            }
        }
    }
    fn done(self) -> (String, usize) {
        (self.text, self.bad)
    }
}

/// HZ-GB-2312: ASCII until `~{`, GB2312 byte pairs (high bits clear) until `~}`; `~~` is a
/// tilde and `~` before a newline joins lines.
pub fn decode_hz(bytes: &[u8]) -> (String, usize) {
    let mut out = Out::new(bytes.len());
    let mut gb = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'~' {
            match bytes.get(i + 1) {
                Some(b'{') => gb = true,
                Some(b'}') => gb = false,
                Some(b'~') if !gb => out.text.push('~'),
                Some(b'\n') => {}
                Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => i += 1,
                _ => out.push(None),
            }
            i += 2;
        } else if b >= 0x80 {
            out.push(None);
            i += 1;
        } else if gb && b > 0x20 {
            let c = bytes.get(i + 1).and_then(|&c| euc_cell(GBK, b, c));
            out.push(c);
            i += if c.is_some() { 2 } else { 1 };
        } else {
            // Line ends and spaces inside `~{…~}` are taken as they are (some writers omit
            // the `~}` before a newline).
            out.text.push(b as char);
            i += 1;
        }
    }
    out.done()
}

/// ISO-2022-KR: the header `ESC $ ) C` designates KS X 1001; SO shifts to it, SI back.
pub fn decode_iso2022_kr(bytes: &[u8]) -> (String, usize) {
    let mut out = Out::new(bytes.len());
    let mut shifted = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            ESC if bytes[i..].starts_with(b"\x1b$)C") => i += 4,
            SO => {
                shifted = true;
                i += 1;
            }
            SI => {
                shifted = false;
                i += 1;
            }
            b'\n' | b'\r' => {
                // RFC 1557: each line starts in ASCII.
                shifted = false;
                out.text.push(b as char);
                i += 1;
            }
            0x21..=0x7e if shifted => {
                let c = bytes.get(i + 1).and_then(|&c| euc_cell(EUC_KR, b, c));
                out.push(c);
                i += if c.is_some() { 2 } else { 1 };
            }
            ESC | 0x80..=0xff => {
                out.push(None);
                i += 1;
            }
            _ => {
                out.text.push(b as char);
                i += 1;
            }
        }
    }
    out.done()
}

/// The set designated to G1 (used after SO) in ISO-2022-CN.
#[derive(Clone, Copy, PartialEq)]
enum G1 {
    None,
    Gb2312,
    Cns1,
}

/// ISO-2022-CN: `ESC $ ) A` (GB2312) or `ESC $ ) G` (CNS plane 1) to G1, used after SO;
/// `ESC $ * H` (CNS plane 2) to G2, one character after each `ESC N`. Designations and the
/// shift end with the line. ISO-IR-165 and the CNS planes 3–7 of ISO-2022-CN-EXT are errors.
pub fn decode_iso2022_cn(bytes: &[u8]) -> (String, usize) {
    let mut out = Out::new(bytes.len());
    let mut g1 = G1::None;
    let mut g2 = false;
    let mut shifted = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rest = &bytes[i..];
        match b {
            ESC if rest.starts_with(b"\x1b$)A") => {
                g1 = G1::Gb2312;
                i += 4;
            }
            ESC if rest.starts_with(b"\x1b$)G") => {
                g1 = G1::Cns1;
                i += 4;
            }
            ESC if rest.starts_with(b"\x1b$*H") => {
                g2 = true;
                i += 4;
            }
            ESC if rest.starts_with(b"\x1bN") && g2 => {
                let c = match (rest.get(2), rest.get(3)) {
                    (Some(&r), Some(&c)) => cns_char(2, r, c),
                    _ => None,
                };
                out.push(c);
                i += if c.is_some() { 4 } else { 2 };
            }
            SO => {
                shifted = true;
                i += 1;
            }
            SI => {
                shifted = false;
                i += 1;
            }
            b'\n' | b'\r' => {
                shifted = false;
                g1 = G1::None;
                g2 = false;
                out.text.push(b as char);
                i += 1;
            }
            0x21..=0x7e if shifted => {
                let c = bytes.get(i + 1).and_then(|&c| match g1 {
                    G1::Gb2312 => euc_cell(GBK, b, c),
                    G1::Cns1 => cns_char(1, b, c),
                    G1::None => None,
                });
                out.push(c);
                i += if c.is_some() { 2 } else { 1 };
            }
            ESC | 0x80..=0xff => {
                out.push(None);
                i += 1;
            }
            _ => {
                out.text.push(b as char);
                i += 1;
            }
        }
    }
    out.done()
}

/// Which escape-based encoding 7-bit bytes announce, if any: the designation sequences are
/// unambiguous; HZ needs a `~{` and a `~}`.
pub fn sniff(bytes: &[u8]) -> Option<super::Enc> {
    use super::Enc;
    let has = |pat: &[u8]| bytes.windows(pat.len()).any(|w| w == pat);
    if has(b"\x1b$)C") {
        Some(Enc::Iso2022Kr)
    } else if has(b"\x1b$)A") || has(b"\x1b$)G") || has(b"\x1b$*H") {
        Some(Enc::Iso2022Cn)
    } else if has(b"\x1b$B") || has(b"\x1b$@") || has(b"\x1b(J") || has(b"\x1b(I") {
        Some(Enc::Std(encoding_rs::ISO_2022_JP))
    } else if has(b"~{") && has(b"~}") {
        Some(Enc::Hz)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hz_kr_and_cn_samples() {
        // RFC 1843's example: 中国 in HZ.
        assert_eq!(decode_hz(b"A~{VP9z~}B ~~").0, "A中国B ~");
        // 한 is KS X 1001 0x4751 (EUC-KR C7 D1).
        assert_eq!(decode_iso2022_kr(b"\x1b$)C\x0eGQ\x0f!").0, "한!");
        assert_eq!(decode_iso2022_cn(b"\x1b$)A\x0eVP\x0f.").0, "中.");
        assert_eq!(decode_iso2022_cn(b"\x1b$)G\x0eDc\x0f").0, "中");
        // Undesignated shift: an error, never a guess.
        assert!(decode_iso2022_cn(b"\x0eDc").1 > 0);
    }
}
