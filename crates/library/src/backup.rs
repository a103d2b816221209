//! `wz backup FILE` / `wz restore FILE`: the whole library — database and original bytes — in
//! one file, and back. A backup can be taken while the library is open for writing (SQLite's
//! online backup API copies a consistent snapshot; originals are immutable and written before
//! the rows that name them). The index is not in the backup: restore rebuilds it.

use crate::error::{LibraryError, Result};
use crate::{originals, Library, DB_FILE};
use std::path::Path;
use wenzhai_core::text;
use wenzhai_store::{BackupCounts, Store};

impl Library {
    /// Write a single-file backup to `dest`; refuses to overwrite an existing file.
    pub fn backup(&self, dest: &Path) -> Result<BackupCounts> {
        if dest.exists() {
            return Err(LibraryError::io(
                dest,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "already exists; choose a new file name",
                ),
            ));
        }
        let root = self.root.clone();
        Ok(self
            .store()
            .write_backup(dest, |sha| std::fs::read(originals::path_of(&root, sha)))?)
    }

    /// Rebuild a library in `dir` (new or empty) from a backup, index included, and open it.
    pub fn restore(backup: &Path, dir: &Path) -> Result<(Library, BackupCounts)> {
        if dir.join(DB_FILE).exists() {
            return Err(LibraryError::io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "already holds a library; restore into a new folder",
                ),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, e))?;
        let counts = Store::restore_backup(backup, &dir.join(DB_FILE), |sha, bytes| {
            if text::sha256_hex(bytes) != sha {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "bytes do not match their sha256",
                ));
            }
            originals::put(dir, sha, bytes)
                .map(|_| ())
                .map_err(|e| std::io::Error::other(e.to_string()))
        })?;
        // Opening migrates an older backup and rebuilds the missing index.
        let lib = Library::open(dir)?;
        Ok((lib, counts))
    }
}
