//! Character classes and folding shared by the tokenizer, the query builder and snippets.
//!
//! Every text is seen through [`fold_char`], a one-char-to-one-char mapping (full-width ASCII to
//! half-width, lower case, Traditional Chinese to Simplified), so char offsets in folded text
//! equal those in the original. The 简繁 step uses `wenzhai_core::han` (OpenCC's character
//! table, many-to-one: 發 and 髮 both fold to 发), and since the index, the query and the
//! snippets all fold with it, 组织 finds 組織 and 組織 finds 组织. [`fold_char_exact`] is the
//! same without the 简繁 step, for the `=組織` exact form (see `exact`).
//! A folded char is then either CJK (indexed as unigrams + bigrams, matched as substrings),
//! a word char (letters and digits of other scripts, matched as whole lower-cased words) or a
//! separator (whitespace, punctuation, symbols, emoji: never indexed).

/// The class of a folded char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    Cjk,
    Word,
    Separator,
}

/// Han ideographs, kana and Hangul: scripts written without spaces between words.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF          // Hangul Jamo
        | 0x3005..=0x3007        // 々 〆 〇
        | 0x3041..=0x309F        // Hiragana
        | 0x30A1..=0x30FA        // Katakana (without ゠ and the middle dot ・)
        | 0x30FC..=0x30FF
        | 0x3131..=0x318E        // Hangul compatibility Jamo
        | 0x31F0..=0x31FF        // Katakana phonetic extensions
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xA960..=0xA97F        // Hangul Jamo extended A
        | 0xAC00..=0xD7FF        // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFF66..=0xFF9D        // half-width Katakana
        | 0x20000..=0x3134F      // CJK extensions B..G, compatibility supplement
    )
}

/// Folds one char: full-width ASCII (`Ｇ`, `５`, `！`) to half-width, the ideographic space to a
/// space, lower case (the first char of the lower-case mapping, so the mapping stays 1:1), then
/// Traditional to Simplified (組 → 组, 裡 → 里).
pub(crate) fn fold_char(c: char) -> char {
    wenzhai_core::han::to_simplified(fold_char_exact(c))
}

/// [`fold_char`] without the 简繁 step: width and case only. What an exact part (`=組織`) is
/// compared with.
pub(crate) fn fold_char_exact(c: char) -> char {
    let c = wenzhai_core::text::half_width(c);
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The class of an already folded char.
pub(crate) fn class(folded: char) -> CharClass {
    if is_cjk(folded) {
        CharClass::Cjk
    } else if folded.is_alphanumeric() {
        CharClass::Word
    } else {
        CharClass::Separator
    }
}

/// True for chars that are part of a whole word (so a match must not continue into them).
pub(crate) fn is_word_char(folded: char) -> bool {
    class(folded) == CharClass::Word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_case() {
        assert_eq!(fold_char('Ｇ'), 'g');
        assert_eq!(fold_char('５'), '5');
        assert_eq!(fold_char('\u{3000}'), ' ');
        assert_eq!(fold_char('Ä'), 'ä');
        assert_eq!(fold_char('党'), '党');
        assert_eq!(class('党'), CharClass::Cjk);
        assert_eq!(class('g'), CharClass::Word);
        assert_eq!(class('，'), CharClass::Separator);
        assert_eq!(class('😀'), CharClass::Separator);
    }

    #[test]
    fn folds_traditional_to_simplified() {
        assert_eq!(fold_char('組'), '组');
        assert_eq!(fold_char('發'), '发');
        assert_eq!(fold_char('髮'), '发');
        assert_eq!(fold_char('裡'), '里');
        assert_eq!(fold_char('裏'), '里');
        assert_eq!(fold_char_exact('組'), '組');
        assert_eq!(fold_char_exact('Ｇ'), 'g');
    }

    #[test]
    fn folding_keeps_every_char_in_its_class() {
        // The tokenizer classifies folded chars: a Han char that folded into another class
        // would change token boundaries between the two scripts.
        for code in 0x3400..0x3_1350u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let folded = fold_char(c);
            if folded != fold_char_exact(c) {
                assert_eq!(class(folded), class(fold_char_exact(c)), "{c} -> {folded}");
            }
        }
    }
}
