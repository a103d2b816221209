//! The LSH band table of a library, in memory: which articles share a band of their MinHash
//! signature with a new one ([`crate::similar`]).
//!
//! Why not a table in SQLite: a band key is a hash, so the 32 rows an import adds land on 32
//! random pages of a B-tree that outgrows SQLite's page cache after a few thousand articles,
//! and every article's commit then writes those pages to the WAL — on the 76K-item corpus
//! that made an import 1.6× as slow. The table is derived data (each key is a hash of stored
//! signature values), so it is built from the stored sketches when a writer first needs it
//! and kept up to date by that writer alone (one writer per library).
//!
//! Layout: one open-addressing hash table of `u64` slots, each a (band key, article) pair —
//! the key's 32 bits above the article id — placed by the key (the key is itself a hash) and
//! probed linearly, so the articles of one key lie next to each other and a lookup reads a
//! cache line or two. 0 marks an empty slot (ids start at 1). The table grows by half when it
//! is 80% full: about 42 bands × 8 bytes / 0.65 ≈ 520 bytes an article (40 MB for 76K).
//! A 32-bit key may collide; a collision only adds a candidate, which the signature check
//! drops. Entries of a deleted or re-sketched article stay until the next build: a candidate
//! with no current sketch is skipped by the caller, so a stale entry costs one lookup.

use crate::similar::Sketch;

/// The table grows when more than this share of its slots is full.
const MAX_LOAD: f64 = 0.8;

/// The in-memory LSH band table.
#[derive(Debug, Default, Clone)]
pub struct BandIndex {
    slots: Vec<u64>,
    len: usize,
    /// By article id: its distinct shingles and publication day ([`NO_DAY`] when unknown), so
    /// that candidates of another size or another week are dropped before their sketch is
    /// read from SQLite — on a large library most band matches are items of one template
    /// published years apart.
    meta: Vec<(u32, i32)>,
}

/// The publication day of an article without a date.
const NO_DAY: i32 = i32::MIN;

/// The 32 bits of a band key kept in the table.
fn short_key(key: i64) -> u32 {
    (key >> 31) as u32
}

/// The slot a key's probe starts at, for a table of `n` slots (Lemire's range reduction: the
/// key is uniform, so its high bits spread as well as a modulo).
fn home(key: u32, n: usize) -> usize {
    ((u64::from(key) * n as u64) >> 32) as usize
}

impl BandIndex {
    /// An empty table.
    pub fn new() -> BandIndex {
        BandIndex::default()
    }

    /// The table of many sketches at once (a library's stored ones), each with its article's
    /// publication day ([`crate::similar::day_of`]).
    pub fn from_sketches<'a>(
        sketches: impl IntoIterator<Item = (i64, &'a Sketch, Option<i64>)>,
    ) -> BandIndex {
        let sketches: Vec<(i64, &Sketch, Option<i64>)> = sketches.into_iter().collect();
        let mut index = BandIndex::new();
        index.reserve(sketches.len() * crate::similar::BANDS);
        for (id, sketch, day) in sketches {
            index.insert(id, sketch, day);
        }
        index
    }

    /// Room for `entries` in all without growing.
    fn reserve(&mut self, entries: usize) {
        let wanted = ((entries as f64 / 0.65) as usize).max(1024);
        if wanted > self.slots.len() {
            self.rebuild(wanted);
        }
    }

    fn rebuild(&mut self, n: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; n]);
        self.len = 0;
        for entry in old.into_iter().filter(|&e| e != 0) {
            self.put(entry);
        }
    }

    /// Place one entry (nothing when it is there already).
    fn put(&mut self, entry: u64) {
        let n = self.slots.len();
        let mut i = home((entry >> 32) as u32, n);
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = entry;
                    self.len += 1;
                    return;
                }
                e if e == entry => return,
                _ => i = if i + 1 == n { 0 } else { i + 1 },
            }
        }
    }

    /// Add article `id`'s bands (nothing for a text too short to compare). Ids beyond `u32`
    /// are not kept: no library comes near four billion articles.
    pub fn insert(&mut self, id: i64, sketch: &Sketch, day: Option<i64>) {
        let Ok(id) = u32::try_from(id) else { return };
        if id == 0 || !sketch.is_comparable() {
            return;
        }
        let at = id as usize;
        if self.meta.len() <= at {
            self.meta.resize(at + 1, (0, NO_DAY));
        }
        let day = day.and_then(|d| i32::try_from(d).ok()).unwrap_or(NO_DAY);
        self.meta[at] = (sketch.shingles, day);
        let keys = sketch.band_keys();
        if (self.len + keys.len()) as f64 > MAX_LOAD * self.slots.len() as f64 {
            let grown = (self.slots.len() + self.slots.len() / 2).max(1024);
            self.rebuild(grown.max(((self.len + keys.len()) as f64 / 0.65) as usize));
        }
        for key in keys {
            self.put(u64::from(short_key(key)) << 32 | u64::from(id));
        }
    }

    /// The articles sharing at least one band with `sketch`, other than `except`, whose size
    /// and publication day allow a near-duplicate of a text of `day`
    /// (`similar::sizes_comparable`, `similar::dates_compatible`), ascending.
    pub fn candidates(&self, sketch: &Sketch, day: Option<i64>, except: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let n = self.slots.len();
        if n == 0 || !sketch.is_comparable() {
            return out;
        }
        for key in sketch.band_keys() {
            let key = short_key(key);
            let mut i = home(key, n);
            loop {
                let e = self.slots[i];
                if e == 0 {
                    break;
                }
                if (e >> 32) as u32 == key {
                    out.push(i64::from(e as u32));
                }
                i = if i + 1 == n { 0 } else { i + 1 };
            }
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&id| id != except && self.allows(id, sketch, day));
        out
    }

    fn allows(&self, id: i64, sketch: &Sketch, day: Option<i64>) -> bool {
        let Some(&(shingles, their_day)) = usize::try_from(id).ok().and_then(|i| self.meta.get(i))
        else {
            return true;
        };
        let their_day = (their_day != NO_DAY).then_some(i64::from(their_day));
        crate::similar::days_compatible(day, their_day)
            && crate::similar::sizes_comparable(sketch.shingles as usize, shingles as usize)
    }

    /// How many (band, article) entries the table holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(seed: u32) -> Sketch {
        // Pseudo-random CJK text of 150 characters: texts of two seeds share no shingle.
        let mut x = u64::from(seed) + 1;
        let text: String = (0..150)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                char::from_u32(0x4e00 + ((x >> 33) % 20_000) as u32).unwrap_or('一')
            })
            .collect();
        Sketch::of_text(&text)
    }

    #[test]
    fn a_copy_is_a_candidate_whether_loaded_at_once_or_added_one_by_one() {
        let sketches: Vec<Sketch> = (0..50).map(sketch).collect();
        let loaded =
            BandIndex::from_sketches((1..=50).zip(sketches.iter()).map(|(id, s)| (id, s, None)));
        let mut added = BandIndex::new();
        for (id, s) in (1..=50).zip(sketches.iter()) {
            added.insert(id, s, Some(19_000));
        }
        for (id, s) in (1..=50).zip(sketches.iter()) {
            assert_eq!(loaded.candidates(s, None, 0), vec![id]);
            assert_eq!(added.candidates(s, Some(19_001), 0), vec![id]);
            assert!(added.candidates(s, None, id).is_empty());
            // A year later: another item, not even a candidate.
            assert!(added.candidates(s, Some(19_365), 0).is_empty());
        }
        assert_eq!(loaded.len(), 50 * crate::similar::BANDS);
    }

    #[test]
    fn growing_keeps_every_entry() {
        let mut index = BandIndex::new();
        let sketches: Vec<Sketch> = (0..700).map(sketch).collect();
        for (id, s) in (1..).zip(sketches.iter()) {
            index.insert(id, s, None);
        }
        // 700 × 42 entries: the table grew several times.
        assert!(index.slots.len() > 700 * crate::similar::BANDS);
        for (id, s) in (1..).zip(sketches.iter()) {
            assert!(index.candidates(s, None, 0).contains(&id), "{id}");
        }
        assert_eq!(index.len(), 700 * crate::similar::BANDS);
    }

    #[test]
    fn a_short_text_is_never_entered_nor_looked_up() {
        let short = Sketch::of_text("短讯");
        let mut index = BandIndex::new();
        index.insert(1, &short, None);
        assert!(index.is_empty());
        assert!(index.candidates(&short, None, 0).is_empty());
    }
}
