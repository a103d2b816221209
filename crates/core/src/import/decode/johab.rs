//! Johab (KS X 1001 annex 3), the Korean encoding that spells each hangul syllable as bits:
//! 1, 5 bits of initial consonant, 5 of vowel, 5 of final. Syllables are arithmetic
//! (U+AC00 + (initial × 21 + vowel) × 28 + final); symbols and hanja are the KS X 1001 rows
//! rearranged two to a lead byte, decoded through encoding_rs's EUC-KR table. No crate does it.

use encoding_rs::EUC_KR;

/// Compatibility jamo for the 19 initial consonants (a lone consonant, as in ㄱ).
const INITIAL_JAMO: [u16; 19] = [
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145, 0x3146, 0x3147,
    0x3148, 0x3149, 0x314a, 0x314b, 0x314c, 0x314d, 0x314e,
];

/// Compatibility jamo for the 27 final consonants (index 0 is "no final").
const FINAL_JAMO: [u16; 27] = [
    0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313a, 0x313b, 0x313c, 0x313d,
    0x313e, 0x313f, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146, 0x3147, 0x3148, 0x314a, 0x314b,
    0x314c, 0x314d, 0x314e,
];

/// 5-bit initial code → index 0..19 (1 is the "fill" code: no initial).
fn initial(code: u16) -> Option<Option<u16>> {
    match code {
        1 => Some(None),
        2..=20 => Some(Some(code - 2)),
        _ => None,
    }
}

/// 5-bit vowel code → index 0..21 (2 is fill); the codes skip 8, 9, 16, 17, 24, 25.
fn vowel(code: u16) -> Option<Option<u16>> {
    match code {
        2 => Some(None),
        3..=7 => Some(Some(code - 3)),
        10..=15 => Some(Some(code - 5)),
        18..=23 => Some(Some(code - 7)),
        26..=29 => Some(Some(code - 9)),
        _ => None,
    }
}

/// 5-bit final code → index 0..28 (1 is fill, i.e. 0); 18 is unused.
fn final_(code: u16) -> Option<u16> {
    match code {
        1 => Some(0),
        2..=17 => Some(code - 1),
        19..=29 => Some(code - 2),
        _ => None,
    }
}

fn hangul(code: u16) -> Option<char> {
    let i = initial((code >> 10) & 0x1f)?;
    let v = vowel((code >> 5) & 0x1f)?;
    let f = final_(code & 0x1f)?;
    let scalar = match (i, v, f) {
        (Some(i), Some(v), f) => 0xac00 + (i as u32 * 21 + v as u32) * 28 + f as u32,
        (Some(i), None, 0) => INITIAL_JAMO[i as usize] as u32,
        (None, Some(v), 0) => 0x314f + v as u32,
        (None, None, f) if f > 0 => FINAL_JAMO[f as usize - 1] as u32,
        _ => return None,
    };
    char::from_u32(scalar)
}

/// A symbol or hanja: lead 0xD9..=0xDE covers KS X 1001 rows 0x21..=0x2C, 0xE0..=0xF9 rows
/// 0x4A..=0x7D, two rows per lead; the trail 0x31..=0x7E, 0x91..=0xFE counts 188 cells.
fn ks_x_1001(lead: u8, trail: u8) -> Option<char> {
    let base = match lead {
        0xd9..=0xde => (lead - 0xd9) * 2 + 0x21,
        0xe0..=0xf9 => (lead - 0xe0) * 2 + 0x4a,
        _ => return None,
    };
    let t = match trail {
        0x31..=0x7e => trail - 0x31,
        0x91..=0xfe => trail - 0x91 + 78,
        _ => return None,
    };
    let (row, col) = if t < 94 {
        (base, 0x21 + t)
    } else {
        (base + 1, 0x21 + t - 94)
    };
    let pair = [row | 0x80, col | 0x80];
    let s = EUC_KR.decode_without_bom_handling_and_without_replacement(&pair)?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Decode Johab: the text (U+FFFD where a code is invalid) and the number of errors.
pub fn decode(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut bad = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(b as char);
            i += 1;
            continue;
        }
        let c = bytes.get(i + 1).and_then(|&t| match b {
            0x84..=0xd3 if matches!(t, 0x41..=0x7e | 0x81..=0xfe) => {
                hangul(u16::from(b) << 8 | u16::from(t))
            }
            _ => ks_x_1001(b, t),
        });
        match c {
            Some(c) => {
                out.push(c);
                i += 2;
            }
            None => {
                bad += 1;
                out.push('\u{fffd}');
                i += 1;
            }
        }
    }
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_jamo_symbols_and_hanja() {
        // 한 = 0xD065 and 글 = 0x8B69 in Johab; ㄱ 0x8841, ㅏ 0x8461; 、 0xD932; 丁 0xF2CB.
        let (text, bad) = decode(b"\xd0\x65\x8b\x69 \x88\x41\x84\x61\xd9\x32\xf2\xcb");
        assert_eq!((text.as_str(), bad), ("한글 ㄱㅏ、丁", 0));
        assert_eq!(decode(b"\xd8\x31").1, 1);
    }
}
