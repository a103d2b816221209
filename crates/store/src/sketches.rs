//! Near-duplicate sketches and pairs (schema 6): each article's MinHash sketch
//! (`article_sketches`), the confirmed near-duplicate pairs (`near_duplicate_pairs`) and the
//! pairs the user keeps apart (`kept_apart`). The LSH band table that finds candidates is
//! not stored (schema 8 dropped `sketch_bands`): it is a `wenzhai_core::band_index::BandIndex`
//! in the writer's memory, built from the stored sketches ([`Store::band_index`]). What the
//! sketches are and when two texts are near-duplicates is `wenzhai_core::similar`; the library
//! decides when to compute them.

use crate::{Result, Store};
use rusqlite::{params, Connection, OptionalExtension};
use wenzhai_core::band_index::BandIndex;
use wenzhai_core::similar::{self, Sketch, SKETCH_VERSION};

/// A confirmed pair, `a < b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearDuplicatePair {
    pub a: i64,
    pub b: i64,
    pub similarity: f64,
}

/// `(a, b)` in ascending order.
fn ordered(x: i64, y: i64) -> (i64, i64) {
    (x.min(y), x.max(y))
}

impl Store {
    /// Inside a write transaction: make `sketch` article `id`'s sketch, replacing any it had
    /// (and its pairs).
    pub fn put_sketch(tx: &Connection, id: i64, sketch: &Sketch) -> Result<()> {
        // A new article (the import's case) has neither a sketch nor pairs: one lookup, no
        // pair query.
        let replaced = tx
            .prepare_cached("DELETE FROM article_sketches WHERE article_id = ?1")?
            .execute([id])?;
        if replaced > 0 {
            Store::delete_pairs(tx, id)?;
        }
        tx.prepare_cached(
            "INSERT INTO article_sketches (article_id, version, shingles, signature)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            id,
            SKETCH_VERSION,
            i64::from(sketch.shingles),
            sketch.signature_bytes()
        ])?;
        Ok(())
    }

    /// Inside a write transaction: remove article `id`'s sketch and its pairs. Its entries in
    /// a band table stay until the table is next built: a candidate without a sketch is
    /// skipped.
    pub fn delete_sketch(tx: &Connection, id: i64) -> Result<()> {
        tx.prepare_cached("DELETE FROM article_sketches WHERE article_id = ?1")?
            .execute([id])?;
        Store::delete_pairs(tx, id)
    }

    fn delete_pairs(tx: &Connection, id: i64) -> Result<()> {
        tx.prepare_cached("DELETE FROM near_duplicate_pairs WHERE a = ?1 OR b = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// The band table of every stored sketch of the current version.
    pub fn band_index(&self) -> Result<BandIndex> {
        let mut stmt = self.conn.prepare(
            "SELECT s.article_id, s.shingles, s.signature, a.published_at
             FROM article_sketches s JOIN articles a ON a.id = s.article_id
             WHERE s.version = ?1",
        )?;
        let sketches = stmt
            .query_map([SKETCH_VERSION], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .filter_map(|row| match row {
                Ok((id, shingles, bytes, published)) => Sketch::from_stored(shingles, &bytes)
                    .map(|s| Ok((id, s, similar::day_of(published.as_deref())))),
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(BandIndex::from_sketches(
            sketches.iter().map(|(id, s, day)| (*id, s, *day)),
        ))
    }

    /// Record a confirmed near-duplicate pair (either order), replacing its similarity.
    pub fn put_near_duplicate_pair(tx: &Connection, x: i64, y: i64, similarity: f64) -> Result<()> {
        let (a, b) = ordered(x, y);
        if a == b {
            return Ok(());
        }
        tx.prepare_cached(
            "INSERT INTO near_duplicate_pairs (a, b, similarity) VALUES (?1, ?2, ?3)
             ON CONFLICT (a, b) DO UPDATE SET similarity = excluded.similarity",
        )?
        .execute(params![a, b, similarity])?;
        Ok(())
    }

    /// Inside a write transaction: compute article `id`'s sketch from its `text`, store it
    /// (replacing its old sketch and pairs), enter it in the writer's band table `bands`, and
    /// find the articles it is a near-duplicate of: the band candidates whose estimated
    /// overlap is plausible, confirmed on the exact shingles of both texts
    /// (`similar::judge`). Every confirmed pair is stored; the most similar
    /// `(id, similarity)` is returned (the lower id on a tie).
    pub fn sketch_article(
        tx: &Connection,
        bands: &mut BandIndex,
        id: i64,
        text: &str,
    ) -> Result<Option<(i64, f64)>> {
        let mine = similar::Shingled::of(text);
        let sketch = Sketch::of_shingles(&mine.shingles);
        Store::put_sketch(tx, id, &sketch)?;
        if !sketch.is_comparable() {
            return Ok(None);
        }
        let my_date = Store::published_of(tx, id)?;
        let mine_published = my_date.as_deref();
        let my_day = similar::day_of(mine_published);
        // Cheapest first: most candidates of a large library are chance matches or items of
        // one template published years apart, told by the band table's sizes and days, then
        // by their stored sketch.
        let candidates = bands.candidates(&sketch, my_day, id);
        bands.insert(id, &sketch, my_day);
        let mut best: Option<(i64, f64)> = None;
        for other in candidates {
            let Some(theirs) = sketch_of(tx, other)? else {
                continue; // deleted, or re-sketched by another definition, since the table was built
            };
            if !similar::may_match(&sketch, &theirs) {
                continue;
            }
            // Sizes and days were checked by the band table; `judge` checks them again on
            // what SQLite holds now.
            let Some((body, their_date)) = Store::body_and_date(tx, other)? else {
                continue;
            };
            let Some(similarity) = similar::judge(
                &mine,
                &similar::Shingled::of(&body),
                mine_published,
                their_date.as_deref(),
            ) else {
                continue;
            };
            Store::put_near_duplicate_pair(tx, id, other, similarity)?;
            if best.is_none_or(|(_, s)| similarity > s) {
                best = Some((other, similarity));
            }
        }
        Ok(best)
    }

    /// Remember (or, `apart == false`, forget) that the user keeps `x` and `y` apart.
    pub fn set_kept_apart(tx: &Connection, x: i64, y: i64, apart: bool) -> Result<()> {
        let (a, b) = ordered(x, y);
        Store::require_articles(tx, &[a, b])?;
        if apart {
            tx.execute(
                "INSERT OR IGNORE INTO kept_apart (a, b) VALUES (?1, ?2)",
                params![a, b],
            )?;
        } else {
            tx.execute(
                "DELETE FROM kept_apart WHERE a = ?1 AND b = ?2",
                params![a, b],
            )?;
        }
        Ok(())
    }

    /// The pairs kept apart that involve `id`, as `(a, b)`.
    pub fn kept_apart_of(conn: &Connection, id: i64) -> Result<Vec<(i64, i64)>> {
        let mut stmt = conn
            .prepare_cached("SELECT a, b FROM kept_apart WHERE a = ?1 OR b = ?1 ORDER BY a, b")?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The stored sketch of article `id` (of the current version), if any.
    pub fn sketch(&self, id: i64) -> Result<Option<Sketch>> {
        sketch_of(&self.conn, id)
    }

    /// The body text and publication date of article `id`, if it exists.
    fn body_and_date(conn: &Connection, id: i64) -> Result<Option<(String, Option<String>)>> {
        Ok(conn
            .prepare_cached("SELECT body_text, published_at FROM articles WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The publication date of article `id` (none when it has none or does not exist).
    fn published_of(conn: &Connection, id: i64) -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT published_at FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The body text of article `id`, if it exists (inside a transaction too).
    pub fn body_text(conn: &Connection, id: i64) -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT body_text FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// How many articles have no sketch of the current version (every sketch belongs to an
    /// article: deleting one deletes its sketch). Two index counts, no table scan.
    pub fn unsketched_count(&self) -> Result<u64> {
        let articles: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        let sketched: i64 = self.conn.query_row(
            "SELECT count(*) FROM article_sketches WHERE version = ?1",
            [SKETCH_VERSION],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(articles - sketched).unwrap_or(0))
    }

    /// Articles with no sketch of the current version, ascending (imported before schema 6,
    /// or with near-duplicate detection off, or sketched by an older definition).
    pub fn unsketched_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id FROM articles a LEFT JOIN article_sketches s ON s.article_id = a.id
             WHERE s.article_id IS NULL OR s.version <> ?1 ORDER BY a.id",
        )?;
        let ids = stmt
            .query_map([SKETCH_VERSION], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// The near-duplicate pairs involving `id` that are not kept apart, most similar first.
    pub fn near_duplicate_pairs_of(&self, id: i64) -> Result<Vec<NearDuplicatePair>> {
        self.pairs(
            "SELECT p.a, p.b, p.similarity FROM near_duplicate_pairs p
             WHERE (p.a = ?1 OR p.b = ?1)
               AND NOT EXISTS (SELECT 1 FROM kept_apart k WHERE k.a = p.a AND k.b = p.b)
             ORDER BY p.similarity DESC, p.a, p.b",
            Some(id),
        )
    }

    /// Every near-duplicate pair not kept apart, by `(a, b)`.
    pub fn near_duplicate_pairs(&self) -> Result<Vec<NearDuplicatePair>> {
        self.pairs(
            "SELECT p.a, p.b, p.similarity FROM near_duplicate_pairs p
             WHERE NOT EXISTS (SELECT 1 FROM kept_apart k WHERE k.a = p.a AND k.b = p.b)
             ORDER BY p.a, p.b",
            None,
        )
    }

    fn pairs(&self, sql: &str, id: Option<i64>) -> Result<Vec<NearDuplicatePair>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let read = |r: &rusqlite::Row| {
            Ok(NearDuplicatePair {
                a: r.get(0)?,
                b: r.get(1)?,
                similarity: r.get(2)?,
            })
        };
        let rows = match id {
            Some(id) => stmt
                .query_map([id], read)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            None => stmt
                .query_map([], read)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        };
        Ok(rows)
    }
}

/// Article `id`'s sketch of the current version (inside a transaction too).
pub fn sketch_of(conn: &Connection, id: i64) -> Result<Option<Sketch>> {
    let row: Option<(i64, i64, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT version, shingles, signature FROM article_sketches WHERE article_id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.and_then(|(version, shingles, bytes)| {
        (version == SKETCH_VERSION)
            .then(|| Sketch::from_stored(shingles, &bytes))
            .flatten()
    }))
}
