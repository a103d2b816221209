//! Single-file backups. A backup is itself a SQLite database: a consistent snapshot of the
//! library taken with SQLite's online backup API (so it can be made while the app is writing),
//! plus a `backup_originals` table holding the original bytes of every article. One file, no
//! archive format of our own, and `sqlite3` can open it.

use crate::{open, Result, Store, StoreError};
use rusqlite::{params, Connection};
use std::path::Path;
use std::time::Duration;

/// What a backup holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BackupCounts {
    pub articles: u64,
    pub originals: u64,
}

impl Store {
    /// Write a backup to `dest` (which must not exist). `original(sha256)` reads the bytes of
    /// one original. The file appears under its name only when complete.
    pub fn write_backup(
        &mut self,
        dest: &Path,
        mut original: impl FnMut(&str) -> std::io::Result<Vec<u8>>,
    ) -> Result<BackupCounts> {
        // A backup taken during an import holds what the import has committed, never rows of
        // an open batch.
        self.commit_batch()?;
        let tmp = dest.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| -> Result<BackupCounts> {
            let mut dst = Connection::open(&tmp)?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                backup.run_to_completion(256, Duration::from_millis(5), None)?;
            }
            let tx = dst.transaction()?;
            tx.execute_batch(
                "CREATE TABLE backup_originals (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL)",
            )?;
            let shas: Vec<String> = {
                let mut stmt = tx.prepare(
                    "SELECT original_sha256 FROM articles
                     UNION SELECT original_sha256 FROM article_versions",
                )?;
                let rows = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                rows
            };
            for sha in &shas {
                let bytes = original(sha)
                    .map_err(|e| StoreError::Backup(format!("original {sha}: {e}")))?;
                tx.execute(
                    "INSERT INTO backup_originals (sha256, bytes) VALUES (?1, ?2)",
                    params![sha, bytes],
                )?;
            }
            let articles: i64 = tx.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
            tx.commit()?;
            dst.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
            Ok(BackupCounts {
                articles: u64::try_from(articles).unwrap_or(0),
                originals: shas.len() as u64,
            })
        })();
        match result {
            Ok(counts) => {
                std::fs::rename(&tmp, dest)
                    .map_err(|e| StoreError::Backup(format!("{}: {e}", dest.display())))?;
                Ok(counts)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Turn the backup at `backup` into the database at `db` (which must not exist), handing
    /// each original to `put(sha256, bytes)`. The database appears only when complete.
    pub fn restore_backup(
        backup: &Path,
        db: &Path,
        mut put: impl FnMut(&str, &[u8]) -> std::io::Result<()>,
    ) -> Result<BackupCounts> {
        let tmp = db.with_extension("restoring");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| -> Result<BackupCounts> {
            std::fs::copy(backup, &tmp)
                .map_err(|e| StoreError::Backup(format!("{}: {e}", backup.display())))?;
            let conn = open::connect(&tmp)?;
            let is_backup: i64 = conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'backup_originals'",
                [],
                |r| r.get(0),
            )?;
            if is_backup == 0 {
                return Err(StoreError::Backup(format!(
                    "{} is not a Wenzhai backup",
                    backup.display()
                )));
            }
            let mut originals = 0;
            {
                let mut stmt = conn.prepare("SELECT sha256, bytes FROM backup_originals")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let sha: String = r.get(0)?;
                    let bytes: Vec<u8> = r.get(1)?;
                    put(&sha, &bytes)
                        .map_err(|e| StoreError::Backup(format!("original {sha}: {e}")))?;
                    originals += 1;
                }
            }
            conn.execute_batch("DROP TABLE backup_originals; VACUUM;")?;
            let articles: i64 =
                conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
            // Leave WAL mode's side files behind us before the rename.
            let _: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            conn.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
            Ok(BackupCounts {
                articles: u64::try_from(articles).unwrap_or(0),
                originals,
            })
        })();
        match result {
            Ok(counts) => {
                std::fs::rename(&tmp, db)
                    .map_err(|e| StoreError::Backup(format!("{}: {e}", db.display())))?;
                Ok(counts)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}
