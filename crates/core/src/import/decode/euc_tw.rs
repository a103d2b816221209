//! EUC-TW and the CNS 11643 planes 1–2 that ISO-2022-CN also uses. No permissive crate carries
//! CNS 11643 tables, but planes 1 and 2 hold the same characters as Big5 levels 1 and 2, in almost
//! the same order (both sort by radical and stroke count): a CNS code's linear index plus a small
//! offset is the Big5 code's linear index, and encoding_rs's Big5 table gives the character. The
//! runs below list where the offset changes (a few characters Big5 placed differently, Big5's
//! duplicates, the symbols); they were derived by comparing the two charts code by code. Codes
//! in no run (plane 1's radicals and control pictures, which Big5 lacks), planes 3–7 and
//! anything else are errors, so such a file is refused rather than guessed.

use encoding_rs::BIG5;

/// (first CNS linear index, run length, Big5 linear index minus CNS linear index).
type Run = (u16, u16, i16);

// plane 1: 39 runs
static PLANE1: &[Run] = &[
    (0, 5, 0),
    (6, 15, 0),
    (21, 2, 2),
    (24, 1, -2),
    (29, 44, 0),
    (73, 1, 1),
    (74, 1, -1),
    (75, 22, 0),
    (98, 1, 0),
    (100, 27, 0),
    (127, 1, 1),
    (128, 1, -1),
    (129, 19, 0),
    (148, 1, 1),
    (149, 1, -1),
    (150, 4, 0),
    (155, 1, -134),
    (156, 78, 0),
    (282, 29, -48),
    (312, 1, -48),
    (314, 142, -48),
    (470, 20, 5631),
    (3290, 1412, -2819),
    (4702, 424, -2818),
    (5126, 1, -3243),
    (5127, 1876, -2819),
    (7003, 1, -2432),
    (7004, 387, -2820),
    (7391, 525, -2819),
    (7916, 1, -2630),
    (7917, 105, -2820),
    (8023, 83, -2820),
    (8106, 84, -2819),
    (8190, 1, -2673),
    (8191, 54, -2820),
    (8245, 1, -2819),
    (8246, 1, -2821),
    (8247, 90, -2820),
    (8337, 354, -2819),
];
// plane 2: 49 runs
static PLANE2: &[Run] = &[
    (0, 10, 6280),
    (10, 33, 6281),
    (43, 1, 6329),
    (44, 48, 6280),
    (92, 46, 6281),
    (138, 1, 6448),
    (139, 167, 6280),
    (306, 1840, 6281),
    (2146, 1, 6928),
    (2147, 108, 6281),
    (2255, 537, 6282),
    (2792, 1, 5635),
    (2793, 100, 6282),
    (2893, 1, 5643),
    (2894, 399, 6281),
    (3293, 1637, 6282),
    (4930, 1, 6831),
    (4931, 146, 6281),
    (5077, 1, 6822),
    (5078, 287, 6280),
    (5365, 1, 7143),
    (5366, 116, 6279),
    (5482, 137, 6280),
    (5619, 104, 6281),
    (5723, 1, 6702),
    (5724, 222, 6280),
    (5946, 198, 6281),
    (6144, 82, 6282),
    (6226, 86, 6283),
    (6312, 1, 5914),
    (6313, 8, 6282),
    (6321, 153, 6283),
    (6474, 56, 6284),
    (6530, 1, 6584),
    (6531, 113, 6283),
    (6644, 1, 5959),
    (6645, 142, 6282),
    (6787, 1, 5970),
    (6788, 45, 6281),
    (6833, 71, 6282),
    (6904, 1, 6476),
    (6905, 194, 6281),
    (7099, 490, 6282),
    (7589, 1, 6325),
    (7590, 43, 6281),
    (7633, 1, 6282),
    (7634, 11, 6283),
    (7645, 1, 6271),
    (7646, 4, 6282),
];

/// The character at row/column `row`, `col` (each 0x21..=0x7E) of CNS 11643 plane 1 or 2.
pub fn cns_char(plane: u8, row: u8, col: u8) -> Option<char> {
    if !(0x21..=0x7e).contains(&row) || !(0x21..=0x7e).contains(&col) {
        return None;
    }
    let runs = match plane {
        1 => PLANE1,
        2 => PLANE2,
        _ => return None,
    };
    let idx = (row - 0x21) as i32 * 94 + (col - 0x21) as i32;
    let pos = runs.partition_point(|r| (r.0 as i32) <= idx);
    let (start, len, delta) = *runs.get(pos.checked_sub(1)?)?;
    if idx >= start as i32 + len as i32 {
        return None;
    }
    let big5 = idx + delta as i32;
    let lead = 0xa1 + big5 / 157;
    let t = big5 % 157;
    let trail = if t < 63 { 0x40 + t } else { 0xa1 + t - 63 };
    let bytes = [u8::try_from(lead).ok()?, u8::try_from(trail).ok()?];
    let s = BIG5.decode_without_bom_handling_and_without_replacement(&bytes)?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Decode EUC-TW: ASCII, plane 1 as two bytes 0xA1..=0xFE, other planes as 0x8E 0xA1+plane-1
/// and two such bytes. Returns the text (U+FFFD for what cannot be decoded) and the error count.
pub fn decode(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut bad = 0;
    let mut i = 0;
    let hi = |b: Option<&u8>| b.copied().filter(|b| (0xa1..=0xfe).contains(b));
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(b as char);
            i += 1;
            continue;
        }
        let (c, used) = if (0xa1..=0xfe).contains(&b) {
            match hi(bytes.get(i + 1)) {
                Some(t) => (cns_char(1, b & 0x7f, t & 0x7f), 2),
                None => (None, 1),
            }
        } else if b == 0x8e {
            match (
                bytes
                    .get(i + 1)
                    .copied()
                    .filter(|p| (0xa1..=0xb0).contains(p)),
                hi(bytes.get(i + 2)),
                hi(bytes.get(i + 3)),
            ) {
                (Some(p), Some(r), Some(c)) => (cns_char(p - 0xa0, r & 0x7f, c & 0x7f), 4),
                _ => (None, 1),
            }
        } else {
            (None, 1)
        };
        match c {
            Some(c) => out.push(c),
            None => {
                bad += 1;
                out.push('\u{fffd}');
            }
        }
        i += used;
    }
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plane_one_and_two_samples() {
        // 中 is CNS 1-4463 (EUC-TW C4 E3), the ideographic comma 1-2123.
        assert_eq!(cns_char(1, 0x44, 0x63), Some('中'));
        assert_eq!(decode(b"\xc4\xe3\xa1\xa3").0, "中、");
        // The first character of plane 2 is 乂.
        assert_eq!(cns_char(2, 0x21, 0x21), Some('乂'));
        assert_eq!(decode(b"\x8e\xa2\xa1\xa1").0, "乂");
        // Plane 3 has no table here: an error, never a guess.
        assert_eq!(decode(b"\x8e\xa3\xa1\xa1").1, 1);
    }
}
