//! Near-duplicate detection: MinHash signatures over shingles of normalised text, LSH bands to
//! find candidates, and an exact check of the candidates.
//!
//! A repost of an article differs from it in ways that do not change what it says: other
//! boilerplate around it, a trimmed end, other punctuation, full-width or half-width letters,
//! Traditional instead of Simplified characters, a few sentences edited. So the text is first
//! normalised ([`tokens`]): 简繁 folded to Simplified (`han::to_simplified`), full-width forms
//! made half-width, lower-cased, and punctuation and whitespace dropped. A token is one CJK
//! character or one run of letters and digits (a Latin word, a number). A shingle is
//! [`SHINGLE_TOKENS`] consecutive tokens.
//!
//! The [`Sketch`] of a text is its number of distinct shingles and a MinHash signature of
//! [`HASHES`] values, made by *one-permutation hashing with optimal densification*
//! (Shrivastava, ICML 2017): each shingle's hash is mixed once, its top 7 bits choose one of
//! the 128 bins and the next 32 bits are its value; a bin keeps its least value, and an empty
//! bin borrows the value of the first non-empty bin that a fixed hash of (bin, attempt)
//! points at. Two signatures agree in a position with probability equal to the Jaccard
//! similarity of the shingle sets, as with 128 independent hash functions, at the cost of one
//! hash per shingle instead of 128 (the 128-function MinHash was a third of the detection's
//! time on a 76K import). The signature is cut
//! into [`BANDS`] bands of [`ROWS`] values; two texts sharing any band's values are candidates
//! (locality-sensitive hashing): a pair of Jaccard `s` becomes a candidate with probability
//! `1 - (1 - s^ROWS)^BANDS` — 0.97 at 0.44 (a repost trimmed by 30% with boilerplate: overlap
//! 0.84, Jaccard 0.44), 0.995 at 0.5, 0.04 at 0.1. A chance candidate costs a look at its
//! stored signature (the band table is in memory, [`crate::band_index`]).
//!
//! Jaccard is the wrong final measure for reposts: a copy trimmed by 30% shares nearly all of
//! its shingles with the original, yet their Jaccard is only 0.7 (less with boilerplate). So a
//! candidate is confirmed on the exact shingle sets by the **overlap** `|A ∩ B| / min(|A|, |B|)`
//! (how much of the shorter text is in the longer one), and the size ratio is bounded so that a
//! short item is not a "repost" of a long digest quoting it ([`judge`]).
//!
//! Overlap alone cannot tell a repost from another item of the same template — on 76K 新闻联播
//! items, 14,000 pairs such as `…同志遗体在京火化` (2013 and 2015, another name, the same
//! list of mourners), `习近平将在第三届/第四届进博会开幕式上…` or `李强举行仪式欢迎西班牙首相/
//! 葡萄牙总理访华` overlap ≥ 0.7. What tells them apart is *how* the texts differ, so
//! [`judge`] also asks three things a repost answers and a template sibling does not:
//! - the shorter text has at least [`MIN_SHINGLES`] (≈ 100 characters): below that the
//!   template is most of the text;
//! - aligned on their shared runs of ≥ [`SHINGLE_TOKENS`] tokens (a Myers diff by the
//!   `similar` crate), the texts differ in at most one place, and one more per
//!   [`SHINGLES_PER_SUBSTITUTION`] shingles, where *both* have words the other lacks
//!   ([`substitutions`]), none of them more than [`MAX_SUBSTITUTED_SHARE`] of the shorter
//!   text. A repost adds boilerplate, trims, inserts or drops a phrase; a sibling of a
//!   template fills the same slots with other names, numbers and dates (三→四,
//!   西班牙首相桑切斯→葡萄牙总理蒙特内格罗, 上午→下午), and two items sharing a lead and a
//!   footer differ by a whole passage;
//! - when both carry a publication date, they are at most [`MAX_DAYS_APART`] days apart: a
//!   repost reports the same event, while 新闻联播 repeats many items word for word each year
//!   (烈士纪念日向人民英雄敬献花篮仪式…) or each session (本台明天将直播…).
//!
//! Each was measured on `wz-bench-dupes` (crates/bench/README.md).
//!
//! Every hash here is defined in this file (splitmix64 and fixed seeds), not taken from
//! a crate whose output may change between versions: signatures are stored in the library,
//! and a changed hash would silently make old and new ones incomparable. [`SKETCH_VERSION`]
//! names this definition; sketches of another version are recomputed.

use crate::han::to_simplified;
use crate::text::half_width;

/// Tokens per shingle.
pub const SHINGLE_TOKENS: usize = 4;
/// MinHash values per signature.
pub const HASHES: usize = 128;
/// Signature values per LSH band.
pub const ROWS: usize = 3;
/// LSH bands (`BANDS * ROWS <= HASHES`; the values left over only sharpen the estimate).
pub const BANDS: usize = 42;
/// Changes whenever tokens, shingles, hashes or the rules of [`judge`] change: stored with each
/// sketch, and a sketch of another version is made again (with its pairs).
pub const SKETCH_VERSION: i64 = 3;

/// Texts with fewer distinct shingles than this (about 100 CJK characters) are never
/// near-duplicates: two short notices of one kind (…单行本出版, 人民日报评论员文章：…) share
/// most of their few shingles without being one article.
pub const MIN_SHINGLES: usize = 100;
/// Places where both texts may have words the other lacks ([`substitutions`]): one, and one
/// more for every this many shingles of the shorter text — an edited sentence or two in an
/// article, where a template's siblings differ at every slot.
pub const SHINGLES_PER_SUBSTITUTION: usize = 300;
/// The largest share of the shorter text one substitution may replace: an edit changes a
/// phrase (at most 6% of the text in the benchmark's reposts); two items that share a lead
/// and a footer differ by a whole passage (12–33%).
pub const MAX_SUBSTITUTED_SHARE: f64 = 0.1;
/// The most days between the publication dates of two near-duplicates, when both have one.
pub const MAX_DAYS_APART: i64 = 2;
/// A diff of two long, different texts may take long (Myers is O(N·D)); after this the diff
/// gives its best alignment so far, which over-counts differences: a rejection, never a
/// false match.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(50);
/// The overlap (share of the shorter text's shingles in the longer one's) from which two texts
/// are near-duplicates. 0.6, not higher: a short repost with a header and footer of its own
/// overlaps its original by 0.6–0.7; the other rules of [`judge`] keep template siblings out.
pub const MIN_OVERLAP: f64 = 0.6;
/// The shorter text must have at least this share of the longer one's shingles: a repost
/// trimmed by 30% with boilerplate keeps more than half; a short notice (…同志逝世) quoted in
/// a longer report (…遗体在京火化) is a third of it.
pub const MIN_SIZE_RATIO: f64 = 0.5;
/// Candidates whose estimated overlap (from the signatures alone) is below this are dropped
/// before the exact check; well below [`MIN_OVERLAP`] so the estimate's noise loses nothing.
pub const MIN_ESTIMATED_OVERLAP: f64 = 0.3;

const fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Mixes a shingle's hash before it is binned: the shingles' own hashes are already mixed,
/// this keeps the signature's definition apart from theirs.
const SIGNATURE_SEED: u64 = 0x5745_4E5A_4841_4931;

/// Letters that join into words (Latin, Greek, Cyrillic… and digits), as opposed to CJK
/// characters, each of which is a token of its own.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ((c as u32) < 0x2E80 && c.is_alphanumeric())
}

/// A CJK character that is a token of its own: the common ideographs without a table
/// lookup, then whatever else is a letter or digit.
fn is_own_token(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
}

/// The normalised tokens of `text`, each as a 64-bit hash: one per CJK character (folded to
/// Simplified) and one per run of letters and digits (lower-cased); punctuation, symbols and
/// whitespace separate words and are dropped.
pub fn tokens(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut word: Option<u64> = None;
    for c in text.chars() {
        let c = to_simplified(half_width(c));
        if is_word_char(c) {
            for lower in c.to_lowercase() {
                let h = word.unwrap_or(0x7770_7264);
                word = Some(splitmix64(h ^ lower as u64));
            }
            continue;
        }
        if let Some(w) = word.take() {
            out.push(w);
        }
        if is_own_token(c) {
            out.push(splitmix64(c as u64));
        }
    }
    if let Some(w) = word {
        out.push(w);
    }
    out
}

/// The distinct shingles of `text` (hashes of [`SHINGLE_TOKENS`] consecutive tokens), sorted.
/// A text shorter than one shingle has its whole token run as its one shingle.
pub fn shingles(text: &str) -> Vec<u64> {
    shingles_of_tokens(&tokens(text))
}

fn shingles_of_tokens(tokens: &[u64]) -> Vec<u64> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let k = SHINGLE_TOKENS.min(tokens.len());
    let mut out: Vec<u64> = tokens
        .windows(k)
        .map(|w| {
            let mut h = 0u64;
            for &t in w {
                h = splitmix64(h.rotate_left(23) ^ t);
            }
            h
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The overlap `|A ∩ B| / min(|A|, |B|)` of two sorted, distinct shingle lists (0 when one is
/// empty).
pub fn overlap(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / smaller as f64
}

/// A text ready to compare: its normalised tokens and its sorted distinct shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shingled {
    pub tokens: Vec<u64>,
    pub shingles: Vec<u64>,
}

impl Shingled {
    /// The tokens and shingles of `text` ([`tokens`], [`shingles`]).
    pub fn of(text: &str) -> Shingled {
        let tokens = tokens(text);
        let shingles = shingles_of_tokens(&tokens);
        Shingled { tokens, shingles }
    }
}

/// How two token sequences differ where both have tokens the other lacks, between runs of at
/// least [`SHINGLE_TOKENS`] shared tokens (anchors).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Substitutions {
    /// How many such places.
    pub count: usize,
    /// The most tokens of the first sequence in one of them.
    pub largest: usize,
}

/// Where both token sequences have tokens the other lacks, between anchors (see
/// [`Substitutions`]). What lies before the first anchor or after the last (a header, a
/// trimmed end) is not counted; a shorter shared run inside a gap (a common 的) is part of
/// the gap.
pub fn substitutions(a: &[u64], b: &[u64]) -> Substitutions {
    use ::similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
    let deadline = std::time::Instant::now() + DIFF_DEADLINE;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    let mut found = Substitutions::default();
    let (mut anchored, mut gap_a, mut gap_b) = (false, 0, 0);
    for op in ops {
        match op {
            DiffOp::Equal { len, .. } if len >= SHINGLE_TOKENS => {
                if anchored && gap_a > 0 && gap_b > 0 {
                    found.count += 1;
                    found.largest = found.largest.max(gap_a);
                }
                anchored = true;
                (gap_a, gap_b) = (0, 0);
            }
            DiffOp::Equal { len, .. } => {
                gap_a += len;
                gap_b += len;
            }
            DiffOp::Delete { old_len, .. } => gap_a += old_len,
            DiffOp::Insert { new_len, .. } => gap_b += new_len,
            DiffOp::Replace {
                old_len, new_len, ..
            } => {
                gap_a += old_len;
                gap_b += new_len;
            }
        }
    }
    found
}

/// Days from 1970-01-01 to the date a `YYYY-MM-DD…` string starts with (Howard Hinnant's
/// `days_from_civil`); `None` when it does not start with one.
fn days(date: &str) -> Option<i64> {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|p| p.parse::<i64>().ok());
    let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The day number (days since 1970-01-01) of a publication date `YYYY-MM-DD…`, if it is one.
pub fn day_of(date: Option<&str>) -> Option<i64> {
    days(date?)
}

/// Days between two publication dates (`YYYY-MM-DD…`), when both are dates.
pub fn days_apart(a: Option<&str>, b: Option<&str>) -> Option<i64> {
    Some((days(a?)? - days(b?)?).abs())
}

/// Whether shingle counts `a` and `b` are comparable: the shorter has [`MIN_SHINGLES`] and
/// [`MIN_SIZE_RATIO`] of the longer.
pub fn sizes_comparable(a: usize, b: usize) -> bool {
    let (small, large) = (a.min(b), a.max(b));
    small >= MIN_SHINGLES && small as f64 >= MIN_SIZE_RATIO * large as f64
}

/// Whether publication dates allow two texts to be near-duplicates: unknown, or at most
/// [`MAX_DAYS_APART`] days apart.
pub fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    days_compatible(day_of(a), day_of(b))
}

/// [`dates_compatible`] for day numbers ([`day_of`]).
pub fn days_compatible(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= MAX_DAYS_APART,
        _ => true,
    }
}

/// Whether two texts could be near-duplicates by what their sketches tell (sizes, estimated
/// overlap): the cheap test before [`judge`] reads and compares the texts.
pub fn may_match(a: &Sketch, b: &Sketch) -> bool {
    sizes_comparable(a.shingles as usize, b.shingles as usize)
        && a.estimated_overlap(b) >= MIN_ESTIMATED_OVERLAP
}

/// Whether two texts are near-duplicates (see the module's rules), given each one's tokens
/// and shingles and publication date; if so their similarity (the overlap, 0–1, rounded to
/// 3 decimals).
pub fn judge(
    a: &Shingled,
    b: &Shingled,
    published_a: Option<&str>,
    published_b: Option<&str>,
) -> Option<f64> {
    let small = a.shingles.len().min(b.shingles.len());
    if !sizes_comparable(a.shingles.len(), b.shingles.len())
        || !dates_compatible(published_a, published_b)
    {
        return None;
    }
    let o = overlap(&a.shingles, &b.shingles);
    if o < MIN_OVERLAP {
        return None;
    }
    let (shorter, longer) = match a.shingles.len() <= b.shingles.len() {
        true => (a, b),
        false => (b, a),
    };
    let found = substitutions(&shorter.tokens, &longer.tokens);
    let allowed = 1 + small / SHINGLES_PER_SUBSTITUTION;
    if found.count > allowed
        || found.largest as f64 > MAX_SUBSTITUTED_SHARE * shorter.tokens.len() as f64
    {
        return None;
    }
    Some((o * 1000.0).round() / 1000.0)
}

/// A text's MinHash sketch: its distinct shingle count and signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    pub shingles: u32,
    pub signature: [u32; HASHES],
}

impl Sketch {
    /// The sketch of a text's sorted distinct shingles ([`shingles`]).
    pub fn of_shingles(shingles: &[u64]) -> Sketch {
        const EMPTY: u64 = u64::MAX;
        let mut bins = [EMPTY; HASHES];
        for &s in shingles {
            let v = splitmix64(s ^ SIGNATURE_SEED);
            let bin = (v >> 57) as usize; // HASHES = 128 = 2^7
            let value = u64::from((v << 7 >> 32) as u32);
            if value < bins[bin] {
                bins[bin] = value;
            }
        }
        let mut signature = [u32::MAX; HASHES];
        if !shingles.is_empty() {
            for (i, slot) in signature.iter_mut().enumerate() {
                let mut j = i;
                let mut attempt = 0u64;
                // Optimal densification: an empty bin borrows from the bin a hash of
                // (bin, attempt) names, trying again until that one is not empty.
                while bins[j] == EMPTY {
                    attempt += 1;
                    j = (splitmix64((i as u64) << 32 | attempt) % HASHES as u64) as usize;
                }
                *slot = bins[j] as u32;
            }
        }
        Sketch {
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
            signature,
        }
    }

    /// The sketch of a text.
    pub fn of_text(text: &str) -> Sketch {
        Sketch::of_shingles(&shingles(text))
    }

    /// Whether this text can be a near-duplicate of anything (long enough).
    pub fn is_comparable(&self) -> bool {
        self.shingles as usize >= MIN_SHINGLES
    }

    /// One key per LSH band: a hash of the band's number and values, as a non-negative
    /// SQLite integer. Two texts with a key in common are candidates.
    pub fn band_keys(&self) -> Vec<i64> {
        (0..BANDS)
            .map(|band| {
                let mut h = splitmix64(band as u64);
                for &v in &self.signature[band * ROWS..(band + 1) * ROWS] {
                    h = splitmix64(h ^ v as u64);
                }
                (h >> 1) as i64
            })
            .collect()
    }

    /// The estimated Jaccard similarity (share of signature values in common).
    pub fn jaccard(&self, other: &Sketch) -> f64 {
        let same = self
            .signature
            .iter()
            .zip(other.signature.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / HASHES as f64
    }

    /// The estimated overlap `|A ∩ B| / min(|A|, |B|)`, from the estimated Jaccard `J` and the
    /// sizes: `|A ∩ B| = J (|A| + |B|) / (1 + J)`.
    pub fn estimated_overlap(&self, other: &Sketch) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (self.shingles as f64, other.shingles as f64);
        let smaller = a.min(b);
        if smaller == 0.0 {
            return 0.0;
        }
        (j * (a + b) / (1.0 + j) / smaller).min(1.0)
    }

    /// The signature as bytes (little-endian u32s), as stored.
    pub fn signature_bytes(&self) -> Vec<u8> {
        self.signature
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect()
    }

    /// A stored sketch back; `None` when the bytes are not a signature of this version.
    pub fn from_stored(shingles: i64, bytes: &[u8]) -> Option<Sketch> {
        if bytes.len() != HASHES * 4 {
            return None;
        }
        let mut signature = [0u32; HASHES];
        for (slot, chunk) in signature.iter_mut().zip(bytes.chunks_exact(4)) {
            *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(Sketch {
            shingles: u32::try_from(shingles).ok()?,
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "中共中央总书记、国家主席、中央军委主席习近平近日对做好防汛救灾工作作出重要指示。\
        他强调，各地区和有关部门要坚持人民至上、生命至上，统筹发展和安全，全力做好防汛抗洪抢险救灾工作，\
        切实保障人民群众生命财产安全和社会大局稳定。国家防总办公室、应急管理部要加强统筹协调，\
        水利部门要做好监测预报预警，解放军和武警部队要积极配合地方抢险救灾。";

    fn judged(a: &str, b: &str) -> Option<f64> {
        judge(&Shingled::of(a), &Shingled::of(b), None, None)
    }

    #[test]
    fn punctuation_width_case_and_traditional_characters_do_not_matter() {
        let variant = "中共中央總書記 國家主席 中央軍委主席習近平近日對做好防汛救災工作作出重要指示！\
            他強調：各地區和有關部門要堅持人民至上  生命至上 統籌發展和安全 全力做好防汛抗洪搶險救災工作 \
            切實保障人民群眾生命財產安全和社會大局穩定 國家防總辦公室 應急管理部要加強統籌協調 \
            水利部門要做好監測預報預警 解放軍和武警部隊要積極配合地方搶險救災";
        assert_eq!(shingles(TEXT), shingles(variant));
        assert_eq!(
            tokens("ＡＢＣ１２　Hello, WORLD"),
            tokens("abc12 hello world")
        );
    }

    #[test]
    fn a_trimmed_copy_with_other_boilerplate_and_an_inserted_phrase_is_a_near_duplicate() {
        let cut: String = TEXT.chars().take(TEXT.chars().count() * 8 / 10).collect();
        let edited = cut.replacen("他强调，", "他强调，据了解，", 1);
        let repost = format!(
            "来源：某某网 责任编辑：张三 欢迎访问本站\n{edited}\n【免责声明】本文仅代表作者观点"
        );
        let similarity = judged(TEXT, &repost).expect("near-duplicate");
        // The repost is the shorter text; its boilerplate is the part not in the original.
        assert!(similarity > 0.7, "{similarity}");
        let (sa, sb) = (Sketch::of_text(TEXT), Sketch::of_text(&repost));
        assert!(sa.estimated_overlap(&sb) > 0.6);
        // Published a day apart, or one date unknown: still a repost.
        let (a, b) = (Shingled::of(TEXT), Shingled::of(&repost));
        assert!(judge(&a, &b, Some("2022-07-05"), Some("2022-07-06 08:00")).is_some());
        assert!(judge(&a, &b, Some("2022-07-05"), None).is_some());
    }

    #[test]
    fn different_texts_on_the_same_topic_are_not() {
        let other = "国家防总今天召开防汛会商会，研究部署南方强降雨和北方台风防范工作。\
            会议要求各地加强值班值守，及时转移受威胁群众，确保水库安全度汛，\
            同时做好城市内涝防范，严防山洪地质灾害，最大限度减少人员伤亡和财产损失。";
        let (a, b) = (shingles(TEXT), shingles(other));
        assert!(judged(TEXT, other).is_none(), "{}", overlap(&a, &b));
        assert!(Sketch::of_shingles(&a).jaccard(&Sketch::of_shingles(&b)) < 0.2);
    }

    /// Regression: 新闻联播's items of one template (another guest, another number) overlap
    /// ≥ 0.7 and were reported as reposts of each other.
    #[test]
    fn items_of_one_template_with_other_names_and_numbers_are_not_reposts() {
        let item = |guest: &str, nth: &str, time: &str| {
            format!(
                "国务院总理李强{time}在人民大会堂东门外广场举行仪式，欢迎{guest}对我国进行正式访问。\
                 李强在人民大会堂北大厅同{guest}亲切握手，对{guest}来访表示热烈欢迎。\
                 军乐团奏中国和对方国家国歌，天安门广场鸣礼炮19响。李强陪同{guest}检阅中国人民解放军\
                 三军仪仗队，并观看分列式。这是双方建交以来第{nth}次高层会晤，欢迎仪式后，两国领导人举行会谈，\
                 共同出席合作文件签字仪式，国务委员、国务院秘书长等参加上述活动。"
            )
        };
        let (a, b) = (
            item("西班牙首相桑切斯", "五", "9日上午"),
            item("葡萄牙总理蒙特内格罗", "六", "9日下午"),
        );
        assert!(overlap(&shingles(&a), &shingles(&b)) >= MIN_OVERLAP);
        assert!(judged(&a, &b).is_none());
        // The same item twice is one, even a day apart…
        let (x, y) = (
            Shingled::of(&a),
            Shingled::of(&a.replacen("。", "。据了解，", 1)),
        );
        assert!(judge(&x, &y, Some("2024-09-09"), Some("2024-09-10")).is_some());
        // …but not a year apart: 新闻联播 repeats annual items word for word.
        assert!(judge(&x, &y, Some("2024-09-09"), Some("2025-09-09")).is_none());
    }

    #[test]
    fn substitutions_count_places_where_both_texts_differ_between_shared_runs() {
        let t = |s: &str| tokens(s);
        let base = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸";
        let count = |other: &str| substitutions(&t(base), &t(other)).count;
        assert_eq!(count(base), 0);
        // An insertion and a deletion are not substitutions; nor is a changed start or end.
        assert_eq!(count("一二三四五六七八插入九十甲乙丙丁戊己庚辛壬癸"), 0);
        assert_eq!(count("一二三四五六七八甲乙丙丁戊己庚辛壬癸"), 0);
        assert_eq!(count("另外二三四五六七八九十甲乙丙丁戊己庚辛壬"), 0);
        // Two slots filled otherwise, the larger of two tokens.
        assert_eq!(
            substitutions(&t(base), &t("一二三四五六七八天十甲乙丙丁地地庚辛壬癸")),
            Substitutions {
                count: 2,
                largest: 2
            }
        );
    }

    #[test]
    fn dates_are_compared_in_days() {
        assert_eq!(days_apart(Some("2024-02-28"), Some("2024-03-01")), Some(2));
        assert_eq!(
            days_apart(Some("2023-12-31T23:00"), Some("2024-01-01")),
            Some(1)
        );
        assert_eq!(days_apart(Some("1970-01-01"), Some("1970-01-01")), Some(0));
        assert_eq!(days("1970-01-02"), Some(1));
        assert_eq!(days_apart(Some("2024-02"), Some("2024-03-01")), None);
        assert_eq!(days_apart(None, Some("2024-03-01")), None);
    }

    #[test]
    fn identical_texts_share_every_band_and_a_stored_sketch_reads_back() {
        let s = Sketch::of_text(TEXT);
        assert_eq!(s.band_keys(), Sketch::of_text(TEXT).band_keys());
        assert!(s.band_keys().iter().all(|&k| k >= 0));
        let back = Sketch::from_stored(i64::from(s.shingles), &s.signature_bytes());
        assert_eq!(back, Some(s.clone()));
        assert_eq!(Sketch::from_stored(1, &[0; 7]), None);
        assert!(s.is_comparable());
        assert!(!Sketch::of_text("短讯").is_comparable());
    }

    #[test]
    fn short_texts_and_tiny_parts_of_long_ones_are_not_near_duplicates() {
        let short = "今天天气很好，我们一起去公园散步，看到了很多花。";
        assert!(judged(short, short).is_none());
        let long = format!("{TEXT}另外一段完全不同的很长的内容，讲述别的事情。");
        let part: String = TEXT.chars().take(40).collect();
        assert!(judged(&part, &long).is_none());
    }
}
