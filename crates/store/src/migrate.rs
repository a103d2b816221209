//! Migrations: embedded SQL files, applied in one IMMEDIATE transaction guarded by
//! `PRAGMA user_version`. The IMMEDIATE lock is taken before `user_version` is read, so two
//! processes opening a new library at once cannot both apply the same migration: the second
//! waits (busy_timeout), then sees the new version and does nothing.

use crate::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// Every migration, in order; index + 1 is the schema version it produces.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_init.sql"),
    include_str!("../../../migrations/0002_images_and_tag_colours.sql"),
    include_str!("../../../migrations/0003_list_indexes.sql"),
    include_str!("../../../migrations/0004_article_versions.sql"),
    include_str!("../../../migrations/0005_stable_ids.sql"),
    include_str!("../../../migrations/0006_near_duplicates.sql"),
    include_str!("../../../migrations/0007_pinyin_keys.sql"),
    include_str!("../../../migrations/0008_band_table_in_memory.sql"),
    include_str!("../../../migrations/0009_format_index.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as u32 + 1;
        let failed = |reason| StoreError::Migration {
            version,
            from: found,
            reason,
        };
        // On error `tx` is dropped, which rolls back every migration applied so far.
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(failed)?;
    }
    tx.commit()?;
    Ok(())
}
