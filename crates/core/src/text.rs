//! Text helpers shared by the importer, the store and search: normalization for duplicate
//! detection, and char-offset arithmetic (every offset in Wenzhai counts `char`s).

use sha2::{Digest, Sha256};

/// Normalize text for exact-duplicate detection: drop all whitespace, so a file saved twice
/// with different line endings or indentation is still "the same text".
pub fn normalize_for_hash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// sha256 (lower-case hex) of the normalized text: the `content_hash` of an article.
pub fn content_hash(text: &str) -> String {
    sha256_hex(normalize_for_hash(text).as_bytes())
}

/// Full-width ASCII forms (`Ａ`, `１`, `，`) and the ideographic space as their half-width
/// characters; every other char as it is. The one width rule of search, near-duplicate
/// shingles and pinyin input.
pub fn half_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// sha256 of bytes as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_line_endings_do_not_change_the_hash() {
        assert_eq!(
            content_hash("第一段\r\n\r\n第二段"),
            content_hash("  第一段\n\n  第二段\n")
        );
        assert_ne!(content_hash("第一段"), content_hash("第二段"));
    }
}
