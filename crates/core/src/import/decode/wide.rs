//! UTF-16 and UTF-32, with or without a byte-order mark. encoding_rs has no UTF-32 (the
//! Encoding Standard dropped it), so it is decoded here; a BOM-less file is recognised by where
//! it has NUL bytes (no other text has), and the reading that gives ordinary text wins.

use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};

use super::Enc;

/// The encoding a byte-order mark announces and the mark's length. `FF FE 00 00` is UTF-32LE
/// (the UTF-16LE reading, a BOM then U+0000, is not text).
pub fn bom(bytes: &[u8]) -> Option<(Enc, usize)> {
    if bytes.starts_with(b"\xff\xfe\x00\x00") && bytes.len().is_multiple_of(4) {
        Some((Enc::Utf32Le, 4))
    } else if bytes.starts_with(b"\x00\x00\xfe\xff") {
        Some((Enc::Utf32Be, 4))
    } else if bytes.starts_with(b"\xef\xbb\xbf") {
        Some((Enc::Std(UTF_8), 3))
    } else if bytes.starts_with(b"\xff\xfe") {
        Some((Enc::Std(UTF_16LE), 2))
    } else if bytes.starts_with(b"\xfe\xff") {
        Some((Enc::Std(UTF_16BE), 2))
    } else {
        None
    }
}

/// UTF-32 in either byte order: the text (U+FFFD for a code unit that is no scalar value or a
/// truncated last unit) and the error count.
pub fn decode_utf32(bytes: &[u8], big_endian: bool) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut bad = 0;
    let mut units = bytes.chunks_exact(4);
    for u in &mut units {
        let a = [u[0], u[1], u[2], u[3]];
        let v = if big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        };
        match char::from_u32(v) {
            Some(c) => out.push(c),
            None => {
                bad += 1;
                out.push('\u{fffd}');
            }
        }
    }
    if !units.remainder().is_empty() {
        bad += 1;
        out.push('\u{fffd}');
    }
    (out, bad)
}

/// A BOM-less UTF-16/32 file. Only these have NUL bytes among text (ASCII characters — line
/// ends, spaces, markup — leave one or three in a code unit), but CJK text has few ASCII
/// characters and its own code units end in 00 often enough (一 is U+4E00) that the NULs'
/// offsets alone do not tell the byte order. So each reading that decodes without errors is
/// scored by how much of it is ordinary text ([`plausible::unicode_score`]), and the best one
/// wins if it is clearly text.
pub fn sniff_bomless(bytes: &[u8]) -> Option<Enc> {
    let sample = &bytes[..bytes.len().min(64 * 1024) & !3];
    if sample.len() < 8 || !sample.contains(&0) || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let mut candidates = vec![Enc::Std(UTF_16LE), Enc::Std(UTF_16BE)];
    if bytes.len().is_multiple_of(4) {
        candidates.splice(0..0, [Enc::Utf32Le, Enc::Utf32Be]);
    }
    let mut best: Option<(Enc, f64)> = None;
    for enc in candidates {
        let (text, bad) = enc.decode(sample);
        if bad > 0 {
            continue;
        }
        let score = super::plausible::unicode_score(&text);
        if best.is_none_or(|b| score > b.1) {
            best = Some((enc, score));
        }
    }
    best.filter(|b| b.1 >= 0.9).map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf32_and_bomless_sniffing() {
        let text = "Привет, 世界!\n";
        let le: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(decode_utf32(&le, false).0, text);
        assert_eq!(sniff_bomless(&le), Some(Enc::Utf32Le));
        let be16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(sniff_bomless(&be16), Some(Enc::Std(UTF_16BE)));
        assert_eq!(sniff_bomless("plain text".as_bytes()), None);
        let mut bom32 = b"\xff\xfe\x00\x00".to_vec();
        bom32.extend(&le);
        assert_eq!(bom(&bom32).map(|b| b.0), Some(Enc::Utf32Le));
    }
}
