//! Managing tags across the library: rename (with everything beneath), merge, colour.
//!
//! Tags are in the index (`tag:` searches), so a rename or merge is one counted SQLite
//! transaction followed by one index commit that re-indexes every article whose tags changed:
//! search sees the new name as soon as the call returns. Colours are not indexed.

use crate::{Library, Result};
use wenzhai_store::Store;

impl Library {
    /// Rename tag `from` and every tag beneath it (`from/x` → `to/x`); returns how many
    /// articles' tags changed. Where a new path exists already the tags merge (the
    /// destination's colour wins, else the source's is kept). `to == from` is a no-op;
    /// `to` beneath `from` is `invalid_tag`; an unknown `from` is `tag_not_found`.
    pub fn rename_tag(&self, from: &str, to: &str) -> Result<u64> {
        self.require_writer()?;
        self.write_reindexing(|tx| Store::rename_tag(tx, from, to))
    }

    /// Merge `sources` (each with the tags beneath it) into `into`: a rename of each, all in
    /// one transaction and one index commit. Returns how many articles' tags changed.
    pub fn merge_tags(&self, sources: &[String], into: &str) -> Result<u64> {
        self.require_writer()?;
        self.write_reindexing(|tx| Store::merge_tags(tx, sources, into))
    }

    /// Set a tag's colour (`#rgb` or `#rrggbb`, stored as lowercase `#rrggbb`), or clear it
    /// with `None`. `bad_color` for anything else, `tag_not_found` for an unknown tag.
    pub fn set_tag_color(&self, path: &str, color: Option<&str>) -> Result<()> {
        self.require_writer()?;
        // Colours are not in the index: no change counter, no index commit.
        self.store()
            .write_unindexed(|tx| Store::set_tag_color(tx, path, color))?;
        Ok(())
    }

    /// Run `f` (which returns the ids of the articles it changed) in one counted transaction,
    /// then re-index those articles in one index commit at the new counter.
    fn write_reindexing(
        &self,
        f: impl FnOnce(&wenzhai_store::Transaction) -> wenzhai_store::Result<Vec<i64>>,
    ) -> Result<u64> {
        let mut store = self.store();
        let (changed, counter) = store.write(f)?;
        self.reindex_ids(&store, &changed, counter)?;
        Ok(changed.len() as u64)
    }
}
