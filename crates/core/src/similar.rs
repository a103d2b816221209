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
//! [`HASHES`] values: the `i`-th value is the least `h_i(s)` over the shingles `s`, where `h_i`
//! is a multiply-shift hash of the shingle's 64-bit hash. Two signatures agree in a position
//! with probability equal to the Jaccard similarity of the shingle sets. The signature is cut
//! into [`BANDS`] bands of [`ROWS`] values; two texts sharing any band's values are candidates
//! (locality-sensitive hashing): a pair of Jaccard `s` becomes a candidate with probability
//! `1 - (1 - s^ROWS)^BANDS` — 0.87 at 0.5, 0.99 at 0.6, 0.003 at 0.1 (4 rows rather than 3: on
//! 76K 新闻联播 items, 3 rows made every import check hundreds of chance candidates).
//!
//! Jaccard is the wrong final measure for reposts: a copy trimmed by 30% shares nearly all of
//! its shingles with the original, yet their Jaccard is only 0.7 (less with boilerplate). So a
//! candidate is confirmed on the exact shingle sets by the **overlap** `|A ∩ B| / min(|A|, |B|)`
//! (how much of the shorter text is in the longer one), and the size ratio is bounded so that a
//! short item is not a "repost" of a long digest quoting it ([`judge`]).
//!
//! Every hash here is defined in this file (splitmix64 and fixed multipliers), not taken from
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
pub const ROWS: usize = 4;
/// LSH bands (`BANDS * ROWS <= HASHES`; the values left over only sharpen the estimate).
pub const BANDS: usize = 32;
/// Changes whenever tokens, shingles or hashes change: stored with each sketch.
pub const SKETCH_VERSION: i64 = 2;

/// Texts with fewer distinct shingles than this are never near-duplicates: two short notices
/// of the same kind share most of their few shingles without being one article.
pub const MIN_SHINGLES: usize = 24;
/// The overlap (share of the shorter text's shingles in the longer one's) from which two texts
/// are near-duplicates.
pub const MIN_OVERLAP: f64 = 0.7;
/// The shorter text must have at least this share of the longer one's shingles.
pub const MIN_SIZE_RATIO: f64 = 0.3;
/// Candidates whose estimated overlap (from the signatures alone) is below this are dropped
/// before the exact check; well below [`MIN_OVERLAP`] so the estimate's noise loses nothing.
pub const MIN_ESTIMATED_OVERLAP: f64 = 0.3;

const fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The `(a, b)` of each multiply-shift hash `h_i(x) = (a·x + b) >> 32`: `a` odd.
const PERMUTATIONS: [(u64, u64); HASHES] = {
    let mut out = [(0u64, 0u64); HASHES];
    let mut i = 0;
    while i < HASHES {
        let a = splitmix64(0x5745_4E5A_4841_4931 ^ (2 * i as u64)) | 1;
        let b = splitmix64(0x5745_4E5A_4841_4931 ^ (2 * i as u64 + 1));
        out[i] = (a, b);
        i += 1;
    }
    out
};

/// Letters that join into words (Latin, Greek, Cyrillic… and digits), as opposed to CJK
/// characters, each of which is a token of its own.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphanumeric() && (c as u32) < 0x2E80)
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
        if c.is_alphanumeric() {
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
    let tokens = tokens(text);
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

/// Whether two texts, given as their sorted distinct shingles, are near-duplicates; if so
/// their similarity (the overlap, 0–1, rounded to 3 decimals).
pub fn judge(a: &[u64], b: &[u64]) -> Option<f64> {
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    if small < MIN_SHINGLES || (small as f64) < MIN_SIZE_RATIO * large as f64 {
        return None;
    }
    let o = overlap(a, b);
    (o >= MIN_OVERLAP).then(|| (o * 1000.0).round() / 1000.0)
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
        let mut signature = [u32::MAX; HASHES];
        for &s in shingles {
            for (slot, &(a, b)) in signature.iter_mut().zip(PERMUTATIONS.iter()) {
                let h = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
                if h < *slot {
                    *slot = h;
                }
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
    fn a_trimmed_copy_with_other_boilerplate_is_a_near_duplicate() {
        let cut: String = TEXT.chars().take(TEXT.chars().count() * 7 / 10).collect();
        let repost = format!(
            "来源：某某网 责任编辑：张三 欢迎访问本站\n{cut}\n【免责声明】本文仅代表作者观点"
        );
        let (a, b) = (shingles(TEXT), shingles(&repost));
        let similarity = judge(&a, &b).expect("near-duplicate");
        // The repost is the shorter text; its boilerplate is the part not in the original.
        assert!(similarity > 0.7, "{similarity}");
        let (sa, sb) = (Sketch::of_shingles(&a), Sketch::of_shingles(&b));
        assert!(sa.estimated_overlap(&sb) > 0.6);
    }

    #[test]
    fn different_texts_on_the_same_topic_are_not() {
        let other = "国家防总今天召开防汛会商会，研究部署南方强降雨和北方台风防范工作。\
            会议要求各地加强值班值守，及时转移受威胁群众，确保水库安全度汛，\
            同时做好城市内涝防范，严防山洪地质灾害，最大限度减少人员伤亡和财产损失。";
        let (a, b) = (shingles(TEXT), shingles(other));
        assert!(judge(&a, &b).is_none(), "{}", overlap(&a, &b));
        assert!(Sketch::of_shingles(&a).jaccard(&Sketch::of_shingles(&b)) < 0.2);
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
        assert!(judge(&shingles("今天天气很好"), &shingles("今天天气很好")).is_none());
        let long = format!("{TEXT}另外一段完全不同的很长的内容，讲述别的事情。");
        let part: String = TEXT.chars().take(40).collect();
        assert!(judge(&shingles(&part), &shingles(&long)).is_none());
    }
}
