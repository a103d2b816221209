//! The ground truth of `../shared/corpus/README.md`, by brute force: every part of a query
//! occurs in `title + "\n" + body`, folded (full-width ASCII to half-width, lower case); a CJK
//! part as a substring, letters and digits only as whole words; a quoted part as one string.
//! Written independently of wenzhai-search (the same rules as its test suite's scan).
//!
//! The *folded* truth (issue 16's "folded Ctrl-F") first converts both the text and the query
//! to Simplified with `wenzhai_core::han::fold_to_simplified`, the one table search folds with,
//! then applies the same rule ([`fold_han`]).

/// Hiragana, katakana, CJK ideographs (with extensions A–G and compatibility), Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x309F | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_lowercase().next().unwrap_or(c)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Full-width ASCII to half-width, ideographic space to space, lower case.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// [`fold`], then Traditional to Simplified (same number of chars).
pub fn fold_han(s: &str) -> String {
    wenzhai_core::han::fold_to_simplified(&fold(s))
}

/// The text parts of a plain query: split on whitespace outside double quotes, quotes removed,
/// parts without a letter or digit dropped. (The dev queries use only parts and phrases.)
pub fn parts(query: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut in_quote = false;
    for c in query.chars() {
        match c {
            '"' => in_quote = !in_quote,
            c if c.is_whitespace() && !in_quote => parts.push(std::mem::take(&mut part)),
            c => part.push(c),
        }
    }
    parts.push(part);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect()
}

/// True when the folded `part` occurs in the folded haystack, as a whole word at ends that
/// are letters or digits.
pub fn occurs(hay: &str, folded_part: &str) -> bool {
    let pat = folded_part;
    let (Some(first), Some(last)) = (pat.chars().next(), pat.chars().next_back()) else {
        return false;
    };
    hay.match_indices(pat).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + pat.len()..].chars().next();
        let glued_before = is_word(first) && before.is_some_and(is_word);
        let glued_after = is_word(last) && after.is_some_and(is_word);
        !glued_before && !glued_after
    })
}

/// Indexes of the items (folded `title + "\n" + body`) where every part of `query` occurs;
/// `han`: the hays were folded with [`fold_han`], and the query is too.
pub fn matching(hays: &[String], query: &str, han: bool) -> Vec<usize> {
    let parts: Vec<String> = parts(query)
        .iter()
        .map(|p| if han { fold_han(p) } else { fold(p) })
        .collect();
    if parts.is_empty() {
        return Vec::new();
    }
    hays.iter()
        .enumerate()
        .filter(|(_, hay)| parts.iter().all(|p| occurs(hay, p)))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_words() {
        assert_eq!(parts("疫情 防控"), vec!["疫情", "防控"]);
        assert_eq!(parts("\"Tony Blair\""), vec!["Tony Blair"]);
        let hay = fold("G20峰会\nTony Blair's plan, 5G网络");
        assert!(occurs(&hay, &fold("G20")));
        assert!(occurs(&hay, &fold("tony blair")));
        assert!(occurs(&hay, &fold("5G")));
        assert!(occurs(&hay, "峰"));
        assert!(!occurs(&hay, "g2"));
        assert!(!occurs(&hay, "plans"));
        assert_eq!(matching(&[hay], "网络 blair", false), vec![0]);
        let hays = [fold_han("組織建設"), fold_han("组织工作")];
        assert_eq!(matching(&hays, "组织", true), vec![0, 1]);
        assert_eq!(matching(&hays, "組織", true), vec![0, 1]);
        let exact = [fold("組織建設"), fold("组织工作")];
        assert_eq!(matching(&exact, "組織", false), vec![0]);
    }
}
