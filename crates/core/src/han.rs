//! 简繁 folding: one Traditional character to its Simplified form, so that a search for 组织
//! finds 組織 and a repost in Traditional characters is recognised as the same text.
//!
//! The table (`data/han-fold.tsv`) is OpenCC's character table (TSCharacters, Apache-2.0),
//! first candidate, followed to its end, made by `scripts/han-fold-table.py`. It maps one char
//! to one char, so offsets in folded text equal offsets in the original, and it is many-to-one:
//! 發 and 髮 both fold to 发, 裡 and 裏 to 里. Folding both sides of a comparison with the same
//! table is what makes 发 ← 發/髮 right without knowing which one a text meant. A character
//! OpenCC lists first as itself (`著 著 着`: 著 is also a Simplified character) is left alone.
//!
//! Lookups are a dense array over the BMP's CJK blocks (no hashing on the tokenizer's hot path)
//! and a sorted slice for the rest.

use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/han-fold.tsv");

/// The first code point of the dense part (CJK extension A).
const DENSE_FROM: u32 = 0x3400;
/// One past the last code point of the dense part (end of the CJK compatibility ideographs).
const DENSE_TO: u32 = 0xFB00;

struct FoldTable {
    /// `dense[c - DENSE_FROM]` is the folded char's code point, or 0 when `c` folds to itself.
    dense: Vec<u32>,
    /// Pairs outside the dense range, sorted by key.
    sparse: Vec<(char, char)>,
}

fn table() -> &'static FoldTable {
    static TABLE_CELL: OnceLock<FoldTable> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut dense = vec![0u32; (DENSE_TO - DENSE_FROM) as usize];
        let mut sparse = Vec::new();
        for line in TABLE.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut chars = line.chars();
            let (Some(from), Some('\t'), Some(to), None) =
                (chars.next(), chars.next(), chars.next(), chars.next())
            else {
                continue;
            };
            let code = from as u32;
            if (DENSE_FROM..DENSE_TO).contains(&code) {
                dense[(code - DENSE_FROM) as usize] = to as u32;
            } else {
                sparse.push((from, to));
            }
        }
        sparse.sort_unstable();
        FoldTable { dense, sparse }
    })
}

/// The Simplified form of `c`, or `c` itself when it has none (it is Simplified already, or not
/// Han at all). Idempotent: `to_simplified(to_simplified(c)) == to_simplified(c)`.
pub fn to_simplified(c: char) -> char {
    let code = c as u32;
    if code < DENSE_FROM {
        return c;
    }
    let table = table();
    if code < DENSE_TO {
        return match table.dense[(code - DENSE_FROM) as usize] {
            0 => c,
            to => char::from_u32(to).unwrap_or(c),
        };
    }
    match table.sparse.binary_search_by_key(&c, |&(from, _)| from) {
        Ok(i) => table.sparse[i].1,
        Err(_) => c,
    }
}

/// `text` with every char folded by [`to_simplified`] (same number of chars).
pub fn fold_to_simplified(text: &str) -> String {
    text.chars().map(to_simplified).collect()
}

/// Whether `c` has a Simplified form other than itself.
pub fn is_traditional(c: char) -> bool {
    to_simplified(c) != c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_many_mappings_fold_to_the_one_simplified_char() {
        assert_eq!(to_simplified('發'), '发');
        assert_eq!(to_simplified('髮'), '发');
        assert_eq!(to_simplified('裡'), '里');
        assert_eq!(to_simplified('裏'), '里');
        assert_eq!(fold_to_simplified("組織工作"), "组织工作");
    }

    #[test]
    fn simplified_latin_and_punctuation_are_unchanged() {
        let text = "组织工作 5G网络, Smith：著名的";
        assert_eq!(fold_to_simplified(text), text);
    }

    #[test]
    fn folding_is_idempotent_over_the_whole_table() {
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            for c in line.chars().filter(|&c| c != '\t') {
                let once = to_simplified(c);
                assert_eq!(
                    to_simplified(once),
                    once,
                    "{c} folds to {once}, which folds on"
                );
            }
        }
    }

    #[test]
    fn the_table_has_the_size_opencc_gives() {
        // Guards against a truncated or mis-generated table: OpenCC's TSCharacters has ~4,100
        // characters that fold to another one.
        let entries = TABLE.lines().filter(|l| !l.starts_with('#')).count();
        assert!(entries > 4000, "{entries} entries");
        assert!(table().sparse.len() < entries / 10);
    }
}
