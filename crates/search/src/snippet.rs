//! Plain-text snippets and highlight ranges, built from the text (SQLite's copy), not tantivy.
//!
//! A part is found the way the index matches it: folded (full-width to half-width, lower
//! case, Traditional to Simplified), CJK as a substring, a word only where it is not glued to
//! other word chars; any whitespace in a part matches one whitespace char. Leading/trailing
//! punctuation of a part is ignored, as the index ignores it. A part starting with `=` (an
//! exact part, see [`crate::ParsedQuery::literal_parts`]) is folded without the 简繁 step, and
//! so is the text it is compared with: `=組織` marks 組織, never 组织. Folding is one char to
//! one char, so a match in the folded text is at the same char offsets in the original, and
//! the snippet shows (and marks) the original characters. Everything here counts chars, never
//! bytes.

use crate::text::{class, fold_char, fold_char_exact, is_word_char, CharClass};

/// Chars that end a sentence: a snippet may start right after one.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// A part as a folded char pattern without leading/trailing separators.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Pattern {
    chars: Vec<char>,
    /// Compared with the text folded by [`fold_char_exact`] instead of [`fold_char`].
    exact: bool,
}

/// The text folded both ways (the exact way only when a pattern needs it).
struct Folded {
    norm: Vec<char>,
    exact: Vec<char>,
}

impl Folded {
    fn new(chars: &[char], patterns: &[Pattern]) -> Folded {
        let exact = if patterns.iter().any(|p| p.exact) {
            chars.iter().map(|&c| fold_char_exact(c)).collect()
        } else {
            Vec::new()
        };
        let norm = if patterns.iter().any(|p| !p.exact) {
            chars.iter().map(|&c| fold_char(c)).collect()
        } else {
            Vec::new()
        };
        Folded { norm, exact }
    }

    fn for_pattern(&self, pattern: &Pattern) -> &[char] {
        if pattern.exact {
            &self.exact
        } else {
            &self.norm
        }
    }
}

fn patterns(parts: &[String]) -> Vec<Pattern> {
    let mut patterns: Vec<Pattern> = parts
        .iter()
        .map(|p| pattern(p))
        .filter(|p| !p.chars.is_empty())
        .collect();
    patterns.sort();
    patterns.dedup();
    patterns
}

fn pattern(part: &str) -> Pattern {
    let (exact, part) = match part.strip_prefix('=') {
        Some(rest) => (true, rest),
        None => (false, part),
    };
    let fold = if exact { fold_char_exact } else { fold_char };
    let folded: Vec<char> = part.chars().map(fold).collect();
    let is_sep = |c: &char| class(*c) == CharClass::Separator;
    let start = folded
        .iter()
        .position(|c| !is_sep(c))
        .unwrap_or(folded.len());
    let end = folded
        .iter()
        .rposition(|c| !is_sep(c))
        .map_or(start, |i| i + 1);
    Pattern {
        chars: folded[start..end].to_vec(),
        exact,
    }
}

/// True when `pat` occurs in `norm` at `i` (with word boundaries for word chars at its ends).
fn matches_at(norm: &[char], pat: &[char], i: usize) -> bool {
    let (Some(&first), Some(&last)) = (pat.first(), pat.last()) else {
        return false;
    };
    let Some(window) = norm.get(i..i + pat.len()) else {
        return false;
    };
    let same = window
        .iter()
        .zip(pat)
        .all(|(&a, &b)| a == b || (a.is_whitespace() && b.is_whitespace()));
    same && !(is_word_char(first) && i > 0 && norm.get(i - 1).is_some_and(|&c| is_word_char(c)))
        && !(is_word_char(last) && norm.get(i + pat.len()).is_some_and(|&c| is_word_char(c)))
}

/// Non-overlapping matches of `pat` starting in `from..to`, as char ranges.
fn find_all(norm: &[char], pat: &[char], from: usize, to: usize, out: &mut Vec<(usize, usize)>) {
    let mut i = from;
    while i < to {
        if matches_at(norm, pat, i) {
            out.push((i, i + pat.len()));
            i += pat.len();
        } else {
            i += 1;
        }
    }
}

/// The first match of any pattern: (start, end).
fn first_match(folded: &Folded, patterns: &[Pattern]) -> Option<(usize, usize)> {
    patterns
        .iter()
        .filter_map(|pat| {
            let norm = folded.for_pattern(pat);
            (0..norm.len())
                .find(|&i| matches_at(norm, &pat.chars, i))
                .map(|i| (i, i + pat.chars.len()))
        })
        .min()
}

/// See [`crate::contains_part`].
pub fn contains_part(text: &str, parts: &[String]) -> bool {
    let patterns = patterns(parts);
    let chars: Vec<char> = text.chars().collect();
    first_match(&Folded::new(&chars, &patterns), &patterns).is_some()
}

/// See [`crate::first_match_offset`].
pub fn first_match_offset(text: &str, parts: &[String]) -> Option<usize> {
    let patterns = patterns(parts);
    let chars: Vec<char> = text.chars().collect();
    let (start, _) = first_match(&Folded::new(&chars, &patterns), &patterns)?;
    Some(
        text.char_indices()
            .nth(start)
            .map_or(text.len(), |(b, _)| b),
    )
}

/// See [`crate::snippet`].
pub fn snippet(text: &str, parts: &[String], max_chars: usize) -> (String, Vec<(u32, u32)>) {
    let chars: Vec<char> = text.chars().collect();
    let patterns = patterns(parts);
    let folded = Folded::new(&chars, &patterns);
    let n = chars.len();
    let mut budget = max_chars.max(1);

    // The window [start, end) of the text to show.
    let (mut start, mut end) = match first_match(&folded, &patterns) {
        None => (0, n.min(budget)),
        Some((s, e)) => {
            budget = budget.max(e - s);
            let lead = ((budget - (e - s)) / 3).min(s);
            let start = (s - lead..s)
                .rev()
                .find(|&j| ends_sentence(chars[j]))
                .map_or(s - lead, |j| j + 1);
            // Near the end of the text, show more before the match instead.
            let start = start.min(n.saturating_sub(budget));
            (start, n.min(start + budget))
        }
    };
    while start < end && is_space(chars[start]) {
        start += 1;
    }
    while end > start && is_space(chars[end - 1]) {
        end -= 1;
    }

    // Copy the window, collapsing whitespace runs into one space; map text to snippet offsets.
    let mut out = String::new();
    let mut out_len: u32 = 0;
    let mut map = Vec::with_capacity(end - start);
    if chars[..start].iter().any(|&c| !is_space(c)) {
        out.push('…');
        out_len += 1;
    }
    let mut in_space = false;
    for &c in &chars[start..end] {
        if is_space(c) {
            if !in_space {
                out.push(' ');
                out_len += 1;
            }
            in_space = true;
        } else {
            out.push(c);
            out_len += 1;
            in_space = false;
        }
        map.push(out_len - 1);
    }
    if chars[end..].iter().any(|&c| !is_space(c)) {
        out.push('…');
    }

    let mut found = Vec::new();
    for pat in &patterns {
        find_all(folded.for_pattern(pat), &pat.chars, start, end, &mut found);
    }
    found.retain(|&(_, e)| e <= end);
    found.sort_unstable();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for (s, e) in found {
        let (a, b) = (map[s - start], map[e - 1 - start] + 1);
        match ranges.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => ranges.push((a, b)),
        }
    }
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, parts: &[&str], max: usize) -> String {
        let parts: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        let (s, ranges) = snippet(text, &parts, max);
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        for (a, b) in ranges {
            out.extend(&chars[i..a as usize]);
            out.push('[');
            out.extend(&chars[a as usize..b as usize]);
            out.push(']');
            i = b as usize;
        }
        out.extend(&chars[i..]);
        out
    }

    #[test]
    fn highlights_chinese_by_chars() {
        assert_eq!(
            marked("我国提出碳达峰、碳中和目标。", &["碳中和"], 100),
            "我国提出碳达峰、[碳中和]目标。"
        );
        assert_eq!(marked("中国人民", &["中国", "国人"], 100), "[中国人]民");
    }

    #[test]
    fn whole_words_only_and_case_insensitive() {
        assert_eq!(
            marked("An article about Art and ART.", &["art"], 100),
            "An article about [Art] and [ART]."
        );
        assert_eq!(
            marked("５Ｇ网络 and 5G", &["5g"], 100),
            "[５Ｇ]网络 and [5G]"
        );
    }

    #[test]
    fn folded_matches_mark_the_original_characters() {
        assert_eq!(
            marked("加強組織建設，组织工作", &["组织"], 100),
            "加強[組織]建設，[组织]工作"
        );
        assert_eq!(marked("頭髮和發展", &["发"], 100), "頭[髮]和[發]展");
        assert_eq!(
            marked("加強組織建設，组织工作", &["=組織"], 100),
            "加強[組織]建設，组织工作"
        );
        assert_eq!(
            marked("加強組織建設，组织工作", &["=组织"], 100),
            "加強組織建設，[组织]工作"
        );
        // Exact still folds width and case.
        assert_eq!(marked("５Ｇ網絡", &["=5g網絡"], 100), "[５Ｇ網絡]");
        assert!(contains_part("組織", &["组织".to_string()]));
        assert!(!contains_part("组织", &["=組織".to_string()]));
    }

    #[test]
    fn window_around_the_match() {
        let text = format!("{}。目标在这里{}", "前".repeat(100), "后".repeat(100));
        let s = marked(&text, &["目标"], 20);
        assert!(s.starts_with("…[目标]在这里"), "{s}");
        assert!(s.ends_with('…'), "{s}");
        assert_eq!(marked("  a\n\n b  ", &["zzz"], 10), "a b");
        assert_eq!(marked("", &["x"], 10), "");
        assert_eq!(marked("abc", &[], 0), "a…");
    }
}
