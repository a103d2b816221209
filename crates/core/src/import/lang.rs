//! Language guess for an article: "zh" when CJK ideographs dominate the letters, "ja" when kana
//! are a noticeable share, "en" for mostly Latin text, "und" otherwise.

/// Guess the language of `text` from its script mix.
pub fn guess(text: &str) -> &'static str {
    let (mut han, mut kana, mut latin, mut other) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(200_000) {
        match c {
            '\u{3040}'..='\u{30ff}' => kana += 1,
            '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' => han += 1,
            '\u{20000}'..='\u{2fa1f}' => han += 1,
            c if c.is_ascii_alphabetic() => latin += 1,
            c if c.is_alphabetic() => other += 1,
            _ => {}
        }
    }
    let cjk = han + kana;
    let letters = cjk + latin + other;
    if letters == 0 {
        return "und";
    }
    // One ideograph carries about as much as one Latin word (~5 letters).
    if cjk > 0 && cjk * 5 >= latin && cjk * 2 >= other {
        if kana * 5 >= cjk && kana > 0 {
            return "ja";
        }
        return "zh";
    }
    if latin * 10 >= (latin + other) * 7 {
        return "en";
    }
    "und"
}
