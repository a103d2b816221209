//! Pinyin keys of titles, tags and sites, and how typed Latin letters match them.
//!
//! A text's key is its syllables, toneless and lower-case, separated by spaces:
//! `组织工作` → `zu zhi gong zuo`. Traditional characters are folded to Simplified first
//! (`組織` reads as `组织`). Readings come from the `pinyin-converter` crate: longest-word
//! match over pinyin-data's 378K-word dictionary, so polyphones read as in their word
//! (`重庆` chong qing, `银行` yin hang, `重要` zhong yao), not one guess per character.
//! A character outside any dictionary word takes its most common reading
//! (the crate's default table would give surname readings — `都` dū, `不` fǒu — so single
//! characters are read from its character table instead). Runs of Latin letters and digits
//! are kept as lower-cased "syllables" of their own (`GDP` → `gdp`), punctuation is dropped.
//!
//! Typed input matches a key when it can be cut into non-empty prefixes of consecutive
//! syllables, starting at any syllable: `zuzhigongzuo` (whole syllables), `zzgz` (initials),
//! `zuzhig` or `zzhigz` (mixed), each with or without spaces, capitals and tone marks
//! (`zǔ zhī`); tone numbers (`zu3`) are not supported. `v` and `u` both stand for `ü`.

use pinyin::{Converter, Pinyin};
use wenzhai_core::han::fold_to_simplified;
use wenzhai_core::suggestions::SuggestionMatch;

/// The version of these rules; keys stored by other rules are made again.
pub(crate) const SCHEME: i64 = 1;

/// Typed input is matched on at most this many letters (a bit mask per position).
const MAX_INPUT: usize = 63;

/// The pinyin key of `text` (see the module docs). Loads the dictionary on first use
/// (over a second, and ~100 MB): callers convert once and store the key.
pub fn syllables(text: &str) -> String {
    let folded = fold_to_simplified(text);
    let converted = Converter::new(&folded)
        .without_tone()
        .no_punctuation()
        .raw_words()
        .convert();
    let mut out: Vec<String> = Vec::new();
    for (word, toneless) in converted.words().iter().zip(converted.iter()) {
        let mut chars = word.text.chars();
        let first = chars.next();
        let single_han = first.is_some_and(is_han) && chars.next().is_none();
        if single_han {
            // The word table holds surname readings for single characters; the character
            // table's first reading is the common one.
            let reading = Pinyin::chars(&word.text).without_tone().to_vec();
            out.extend(reading.into_iter().take(1).map(|r| latin_runs_joined(&r)));
        } else if word.text.chars().any(is_han) {
            out.extend(toneless.split_whitespace().map(latin_runs_joined));
        } else {
            out.extend(latin_runs(&word.text));
        }
    }
    out.retain(|s| !s.is_empty());
    out.join(" ")
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The lower-cased runs of ASCII letters and digits of `text`.
fn latin_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|run| !run.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// One syllable as the crate wrote it, with anything but ASCII letters and digits dropped.
fn latin_runs_joined(syllable: &str) -> String {
    latin_runs(syllable).concat()
}

/// Typed input as the matcher reads it: lower-case ASCII letters and digits, tone marks
/// removed (`ǔ` → `u`, `ü`/`ǘ` → `v`), spaces and apostrophes dropped. `None` when the input
/// has Han characters (those are matched as text, not as pinyin) or nothing left.
pub fn normalize_input(input: &str) -> Option<String> {
    if input.chars().any(is_han) {
        return None;
    }
    let mut out = String::new();
    for c in input.chars() {
        let c = match c {
            'ā' | 'á' | 'ǎ' | 'à' | 'Ā' | 'Á' | 'Ǎ' | 'À' => 'a',
            'ē' | 'é' | 'ě' | 'è' | 'Ē' | 'É' | 'Ě' | 'È' | 'ê' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' | 'Ī' | 'Í' | 'Ǐ' | 'Ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' | 'Ō' | 'Ó' | 'Ǒ' | 'Ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' | 'Ū' | 'Ú' | 'Ǔ' | 'Ù' => 'u',
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'Ü' => 'v',
            // Full-width letters and digits, as an IME may leave them.
            c => wenzhai_core::text::half_width(c),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out.truncate(MAX_INPUT);
    (!out.is_empty()).then_some(out)
}

/// Whether input letter `typed` stands for key letter `key` (`u` also for `ü`, written `v`).
fn same_letter(typed: u8, key: u8) -> bool {
    typed == key || (typed == b'u' && key == b'v')
}

/// How `typed` (from [`normalize_input`]) matches the key `syllables`: `Initials` when it is
/// the initials of consecutive syllables, `Pinyin` for any other cut into syllable prefixes,
/// `None` when it does not match.
pub fn match_key(syllables: &str, typed: &[u8]) -> Option<SuggestionMatch> {
    let n = typed.len();
    if n == 0 || n > MAX_INPUT {
        return None;
    }
    let done = 1u64 << n;
    // Bit k: the first k typed letters are consumed by prefixes of the syllables so far,
    // ending at a syllable boundary. Bit 0 is always set: a match may start at any syllable.
    let mut reach: u64 = 1;
    // The same, consuming exactly one letter (the initial) per syllable.
    let mut initials: u64 = 1;
    let mut matched = false;
    for syllable in syllables.as_bytes().split(|&b| b == b' ') {
        if syllable.is_empty() {
            continue;
        }
        let mut next = 1u64;
        let mut next_initials = 1u64;
        let mut from = reach;
        while from != 0 {
            let k = from.trailing_zeros() as usize;
            from &= from - 1;
            let common = typed[k..]
                .iter()
                .zip(syllable)
                .take_while(|(t, s)| same_letter(**t, **s))
                .count();
            if common > 0 {
                // Bits k+1 ..= k+common: any non-empty prefix of this syllable.
                next |= ((1u64 << common) - 1) << (k + 1);
            }
            if initials & (1u64 << k) != 0 && common > 0 {
                next_initials |= 1u64 << (k + 1);
            }
        }
        if next_initials & done != 0 {
            return Some(SuggestionMatch::Initials);
        }
        if next & done != 0 {
            // Keep looking: the initials may match further on.
            matched = true;
        }
        reach = next & (done - 1);
        initials = next_initials & (done - 1);
    }
    matched.then_some(SuggestionMatch::Pinyin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(text_key: &str, input: &str) -> Option<SuggestionMatch> {
        match_key(text_key, normalize_input(input)?.as_bytes())
    }

    #[test]
    fn cuts_input_into_syllable_prefixes() {
        let key = "guan yu zu zhi gong zuo de yi jian";
        assert_eq!(matches(key, "zzgz"), Some(SuggestionMatch::Initials));
        assert_eq!(matches(key, "zuzhigongzuo"), Some(SuggestionMatch::Pinyin));
        assert_eq!(
            matches(key, "zu zhi gong zuo"),
            Some(SuggestionMatch::Pinyin)
        );
        assert_eq!(
            matches(key, "zǔ zhī gōng zuò"),
            Some(SuggestionMatch::Pinyin)
        );
        assert_eq!(matches(key, "ZuZhiG"), Some(SuggestionMatch::Pinyin));
        assert_eq!(matches(key, "zzhigz"), Some(SuggestionMatch::Pinyin));
        assert_eq!(matches(key, "gyzz"), Some(SuggestionMatch::Initials));
        assert_eq!(matches(key, "gg"), None, "not consecutive syllables");
        assert_eq!(matches(key, "jz"), None, "past the last syllable");
        assert_eq!(matches(key, "zuzhigongzuox"), None);
        assert_eq!(matches(key, "uzhi"), None, "a match starts at a syllable");
        assert_eq!(matches("lv you", "luyou"), Some(SuggestionMatch::Pinyin));
        assert_eq!(matches("lv you", "lǚyóu"), Some(SuggestionMatch::Pinyin));
        assert_eq!(normalize_input("组织"), None);
    }

    #[test]
    fn mixed_cuts_need_backtracking() {
        // `zhonguo` is zhon(g) + guo: the cut is found whatever the first syllable takes.
        assert_eq!(matches("zhong guo", "zhong"), Some(SuggestionMatch::Pinyin));
        assert_eq!(
            matches("zhong guo", "zhongg"),
            Some(SuggestionMatch::Pinyin)
        );
        assert_eq!(
            matches("zhong guo", "zhonguo"),
            Some(SuggestionMatch::Pinyin)
        );
        assert_eq!(matches("zhong guo", "zhongguoo"), None);
        assert_eq!(matches("xi an", "xian"), Some(SuggestionMatch::Pinyin));
    }
}
