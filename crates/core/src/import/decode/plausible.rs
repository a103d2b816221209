//! Is a decoding text or mojibake? A wrong legacy decoding usually decodes "cleanly" — nearly
//! every byte sequence means something in GB18030, every byte in windows-1251 — so errors alone
//! cannot tell. What gives it away is the text: NULs and control runs, escape sequences left
//! over, C1 controls or private-use characters, letters of two alphabets inside one word,
//! capitals inside words, symbols between letters, a "Latin" text that is mostly accented
//! letters, and for CJK, characters a real text rarely uses (EUC-TW or Johab read as GB18030
//! land in GB2312's second level and its private-use rows) or no kana in "Japanese", hanja
//! instead of hangul in "Korean".

use std::collections::HashSet;
use std::sync::LazyLock;

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GBK};

use super::enc::Family;

/// Characters of the rows `leads` × `trails` of a double-byte table.
fn table_chars(
    enc: &'static Encoding,
    leads: std::ops::RangeInclusive<u8>,
    trails: &[std::ops::RangeInclusive<u8>],
) -> impl Iterator<Item = char> {
    let mut bytes = Vec::new();
    for l in leads {
        for r in trails {
            for t in r.clone() {
                bytes.extend([l, t]);
            }
        }
    }
    let (text, _) = enc.decode_without_bom_handling(&bytes);
    text.chars()
        .filter(|&c| c != '\u{fffd}')
        .collect::<Vec<_>>()
        .into_iter()
}

/// The commonly used hanzi/kanji: GB2312 level 1 (3,755), Big5 level 1 (5,401), JIS X 0208
/// level 1 (2,965). A real Chinese or Japanese text takes nearly all its characters from these.
static COMMON_HAN: LazyLock<HashSet<char>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    set.extend(table_chars(GBK, 0xb0..=0xd7, &[0xa1..=0xfe]));
    set.extend(table_chars(BIG5, 0xa4..=0xc5, &[0x40..=0x7e, 0xa1..=0xfe]));
    set.extend(table_chars(BIG5, 0xc6..=0xc6, &[0x40..=0x7e]));
    set.extend(table_chars(EUC_JP, 0xb0..=0xcf, &[0xa1..=0xfe]));
    set.retain(|c| is_han(*c));
    set
});

/// The 2,350 hangul syllables of KS X 1001, the ones Korean text really uses.
static COMMON_HANGUL: LazyLock<HashSet<char>> =
    LazyLock::new(|| table_chars(EUC_KR, 0xb0..=0xc8, &[0xa1..=0xfe]).collect());

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{ff66}'..='\u{ff9f}')
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{ac00}'..='\u{d7a3}')
}

/// The alphabets whose mixing inside a word gives mojibake away.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Thai,
    Cjk,
    /// Marks, digits and the like: neutral inside a word.
    Neutral,
    /// Not a letter: a symbol, punctuation or space.
    Other,
}

fn script(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' => Script::Latin,
        '0'..='9' | '\u{300}'..='\u{36f}' | '\u{ad}' => Script::Neutral,
        '\u{c0}'..='\u{24f}' if c != '\u{d7}' && c != '\u{f7}' => Script::Latin,
        '\u{1e00}'..='\u{1eff}' => Script::Latin,
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Script::Greek,
        '\u{400}'..='\u{52f}' => Script::Cyrillic,
        '\u{591}'..='\u{5f4}' | '\u{fb1d}'..='\u{fb4f}' => Script::Hebrew,
        '\u{600}'..='\u{6ff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}' => Script::Arabic,
        '\u{e01}'..='\u{e5b}' => Script::Thai,
        c if is_han(c) || is_kana(c) || is_hangul(c) => Script::Cjk,
        _ => Script::Other,
    }
}

/// Punctuation that may stand between letters in real text (apostrophes, hyphens, dots).
fn joins_words(c: char) -> bool {
    matches!(
        c,
        '\'' | '-' | '.' | '’' | '‘' | '‐' | '‑' | '·' | '״' | '׳' | '־' | '\u{200c}' | '\u{200d}'
    )
}

/// The share of `text` that is ordinary text: printable ASCII and whitespace, letters of the
/// alphabets we know, common hanzi and hangul, kana, and common punctuation. A UTF-16/32
/// reading in the wrong byte order or width scores low (NULs, unassigned or rare characters).
pub fn unicode_score(text: &str) -> f64 {
    let mut n = 0usize;
    let mut good = 0usize;
    for c in text.chars() {
        n += 1;
        let ok = match c {
            ' '..='~' | '\t' | '\n' | '\r' => true,
            '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' => true,
            '\u{a0}'..='\u{bf}' => true,
            c if is_han(c) => COMMON_HAN.contains(&c),
            c if is_hangul(c) => COMMON_HANGUL.contains(&c),
            c => !matches!(script(c), Script::Other),
        };
        good += usize::from(ok);
    }
    good as f64 / n.max(1) as f64
}

/// How much a short stretch reads like text, to compare two ways of decoding it: common
/// hanzi, kana, common hangul and ASCII letters count for it, private-use and replacement
/// characters against it.
pub fn goodness(text: &str) -> i64 {
    text.chars()
        .map(|c| match c {
            '\u{fffd}' | '\u{e000}'..='\u{f8ff}' => -4,
            c if is_han(c) => {
                if COMMON_HAN.contains(&c) {
                    1
                } else {
                    -1
                }
            }
            c if is_hangul(c) => {
                if COMMON_HANGUL.contains(&c) {
                    1
                } else {
                    -1
                }
            }
            c if is_kana(c) || c.is_ascii_alphanumeric() => 1,
            _ => 0,
        })
        .sum()
}

/// Small signs of a near-miss single-byte reading, to choose between sibling code pages that
/// all pass [`check`] (x-mac-cyrillic read as windows-1251 differs in a few capitals only:
/// `ѓородскаЯ`, `—итатели`): a capital after a small letter inside a word, and a symbol
/// glued to the start of a word. Fewer is better.
pub fn anomalies(text: &str) -> usize {
    let mut n = 0;
    let mut prev: Option<char> = None;
    let mut before_prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev {
            if c.is_uppercase() && p.is_lowercase() && !c.is_ascii() {
                n += 1;
            }
            let word_start = before_prev.is_none_or(char::is_whitespace);
            if c.is_alphabetic()
                && !c.is_ascii()
                && word_start
                && !p.is_alphanumeric()
                && !p.is_whitespace()
                && !"\"'«„“‘(（[-".contains(p)
            {
                n += 1;
            }
        }
        before_prev = prev;
        prev = Some(c);
    }
    n
}

/// True when the text has hanzi and all of them are common ones (for HZ, whose `~{…~}`
/// also occurs in ASCII text: a chance reading gives rare characters).
pub fn all_han_common(text: &str) -> bool {
    let mut any = false;
    for c in text.chars().filter(|&c| is_han(c)) {
        if !COMMON_HAN.contains(&c) {
            return false;
        }
        any = true;
    }
    any
}

/// The share of sentence starts (after `. `, `! `, `? ` or at a line start) that are capitals,
/// among those that begin with a letter of a cased alphabet; `None` when there are fewer than
/// five. A Cyrillic text read with a sibling code page loses its capitals to punctuation.
fn capital_starts(text: &str) -> Option<f64> {
    let (mut starts, mut capitals) = (0usize, 0usize);
    let mut at_start = true;
    let mut prev = '\n';
    for c in text.chars() {
        if at_start && !c.is_whitespace() {
            if matches!(script(c), Script::Latin | Script::Greek | Script::Cyrillic)
                || !c.is_alphanumeric() && !c.is_ascii()
            {
                starts += 1;
                capitals += usize::from(c.is_uppercase());
            }
            at_start = false;
        }
        // `>` ends a tag: in a page, paragraphs and titles start after one.
        if c == '\n' || c == '>' || c.is_whitespace() && matches!(prev, '.' | '!' | '?') {
            at_start = true;
        }
        prev = c;
    }
    (starts >= 5).then(|| capitals as f64 / starts as f64)
}

/// A windows-1252 reading that looks like Hungarian read with the wrong code page: õ and û
/// (which ISO-8859-2 and windows-1250 have as ő and ű) without the letters of the languages
/// that really use õ or û (Portuguese ã ç, Estonian ä, French è ê à ç).
pub fn looks_central_european(text: &str) -> bool {
    let odd = text
        .chars()
        .filter(|c| matches!(c, 'õ' | 'û' | 'Õ' | 'Û'))
        .count();
    let others = text
        .chars()
        .filter(|c| {
            matches!(
                c,
                'ã' | 'ç' | 'ä' | 'è' | 'ê' | 'à' | 'â' | 'î' | 'ô' | 'ù' | 'ë' | 'ï'
            )
        })
        .count();
    odd > 0 && others * 2 < odd
}

/// `Ok(score)` when `text` reads as text of the `family`'s script (a score in 0..=1 to compare
/// two plausible CJK readings: the share of common characters), else why not.
pub fn check(text: &str, family: Family) -> Result<f64, String> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    let mut control_run = 0usize;
    let mut longest_run = 0usize;
    let mut nul = 0usize;
    let mut esc = 0usize;
    let mut c1 = 0usize;
    let mut pua = 0usize;
    let mut non_ascii = 0usize;
    let (mut latin, mut latin_accented) = (0usize, 0usize);
    let (mut han, mut han_common, mut kana, mut half_kana) = (0usize, 0usize, 0usize, 0usize);
    let (mut hangul, mut hangul_common) = (0usize, 0usize);
    let mut letters = 0usize;
    let (mut cased, mut upper_count) = (0usize, 0usize);
    let mut switches = 0usize;
    let mut inner_caps = 0usize;
    let mut symbols_inside = 0usize;
    // The previous letter's script and case, and a pending symbol since it.
    let mut prev: Option<(Script, bool)> = None;
    let mut pending_symbol = false;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            nul += 1;
        }
        if c == '\u{1b}' {
            esc += 1;
        }
        if (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{7f}' {
            controls += 1;
            control_run += 1;
            longest_run = longest_run.max(control_run);
        } else {
            control_run = 0;
        }
        if !c.is_ascii() {
            non_ascii += 1;
        }
        if ('\u{80}'..='\u{9f}').contains(&c) {
            c1 += 1;
        }
        if ('\u{e000}'..='\u{f8ff}').contains(&c) {
            pua += 1;
        }
        if is_han(c) {
            han += 1;
            han_common += usize::from(COMMON_HAN.contains(&c));
        } else if is_kana(c) {
            kana += 1;
            half_kana += usize::from(c >= '\u{ff66}');
        } else if is_hangul(c) {
            hangul += 1;
            hangul_common += usize::from(COMMON_HANGUL.contains(&c));
        }
        let s = script(c);
        match s {
            Script::Neutral => continue,
            Script::Other => {
                if prev.is_some() {
                    if c.is_whitespace() || c.is_ascii() || joins_words(c) {
                        // ASCII punctuation and spaces end a word; a few marks join one.
                        if !joins_words(c) {
                            prev = None;
                        }
                        pending_symbol = false;
                    } else if c.is_alphanumeric() {
                        prev = None;
                    } else {
                        pending_symbol = true;
                    }
                }
                continue;
            }
            _ => {}
        }
        letters += 1;
        if s == Script::Latin {
            latin += 1;
            latin_accented += usize::from(!c.is_ascii());
        }
        let upper = c.is_uppercase();
        if !c.is_ascii() && (upper || c.is_lowercase()) {
            cased += 1;
            upper_count += usize::from(upper);
        }
        if let Some((ps, plower)) = prev {
            if ps != s && !(ps == Script::Cjk || s == Script::Cjk) {
                switches += 1;
            }
            if pending_symbol && s != Script::Cjk {
                symbols_inside += 1;
            }
            if upper && plower && s == ps && s != Script::Cjk {
                inner_caps += 1;
            }
        }
        pending_symbol = false;
        prev = Some((s, c.is_lowercase()));
    }
    let small = |n: usize, per: usize| n > (chars / per).max(2);
    if nul > 0 {
        return Err(format!("{nul} NUL characters"));
    }
    if esc > 0 {
        return Err("escape sequences left in the text".into());
    }
    if longest_run >= 3 || small(controls, 1000) {
        return Err(format!("{controls} control characters"));
    }
    if family != Family::Unicode {
        let hz = text.matches("~{").count().min(text.matches("~}").count());
        if hz >= 2 {
            return Err("HZ escapes (~{ … ~}) left in the text".into());
        }
    }
    if small(c1, 1000) {
        return Err(format!("{c1} C1 control characters"));
    }
    if pua > (non_ascii / 100).max(2) {
        return Err(format!("{pua} private-use characters"));
    }
    if letters >= 20 {
        if switches * 100 > letters * 2 {
            return Err("letters of different alphabets mixed inside words".into());
        }
        if inner_caps * 100 > letters * 3 {
            return Err("capital letters inside words".into());
        }
        if symbols_inside * 100 > letters * 2 {
            return Err("symbols between the letters of words".into());
        }
    }
    if latin >= 40 && latin_accented * 100 > latin * 40 && latin == letters {
        return Err("mostly accented Latin letters (a non-Latin text read as Latin)".into());
    }
    // KOI8 and windows-1251 (or 866 and ISO-8859-5) swap the cases: the wrong one of the two
    // reads as capitals with the first letter of each word small.
    if family == Family::SingleByte && cased >= 40 && upper_count * 10 > cased * 6 {
        return Err("mostly capital letters".into());
    }
    if family == Family::SingleByte && capital_starts(text).is_some_and(|s| s < 0.5) {
        return Err("sentences that do not start with a capital".into());
    }
    let cjk = han + kana + hangul;
    let mut score = 1.0;
    if han >= 10 {
        score = han_common as f64 / han as f64;
    }
    match family {
        Family::Chinese if han >= 10 && score < 0.85 => {
            return Err(format!(
                "only {:.0}% of its {han} Chinese characters are common ones",
                score * 100.0
            ));
        }
        Family::Japanese if cjk >= 20 && kana * 20 < cjk => {
            return Err("Japanese without kana".into());
        }
        // Bytes 0xA1..=0xDF are half-width katakana in Shift_JIS: a Cyrillic or Greek code
        // page read as Shift_JIS gives little else, a real text uses them sparingly.
        Family::Japanese if half_kana >= 10 && half_kana * 2 > kana => {
            return Err("mostly half-width katakana".into());
        }
        Family::Japanese if han >= 10 && score < 0.85 => {
            return Err(format!(
                "only {:.0}% of its {han} kanji are common ones",
                score * 100.0
            ));
        }
        Family::Korean if cjk >= 20 => {
            if hangul * 2 < cjk {
                return Err("Korean with more hanja than hangul".into());
            }
            let share = hangul_common as f64 / hangul.max(1) as f64;
            if share < 0.95 {
                return Err(format!(
                    "only {:.0}% of its {hangul} hangul syllables are common ones",
                    share * 100.0
                ));
            }
            score = share;
        }
        _ => {}
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{KOI8_R, SHIFT_JIS, WINDOWS_1251, WINDOWS_1252};

    const RU: &str = "Рано утром над заливом ещё висел туман, и рыбаки неторопливо готовили свои лодки. Чайки кружили над причалом, ожидая первых сетей с уловом. Старый смотритель маяка рассказывал, что в детстве он мечтал уйти в дальнее плавание.";

    fn read(bytes: &[u8], enc: &'static Encoding) -> String {
        enc.decode_without_bom_handling(bytes).0.into_owned()
    }

    #[test]
    fn wrong_readings_of_cyrillic_are_not_text() {
        let koi8 = KOI8_R.encode(RU).0;
        assert!(check(&read(&koi8, KOI8_R), Family::SingleByte).is_ok());
        assert!(check(&read(&koi8, SHIFT_JIS), Family::Japanese).is_err());
        assert!(check(&read(&koi8, WINDOWS_1251), Family::SingleByte).is_err());
        let cp1251 = WINDOWS_1251.encode(RU).0;
        assert!(check(&read(&cp1251, WINDOWS_1252), Family::SingleByte).is_err());
        assert!(check(&read(&cp1251, KOI8_R), Family::SingleByte).is_err());
    }
}
