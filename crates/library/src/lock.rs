//! The one-writer lock: `library.lock` holds an OS file lock for as long as a writing
//! `Library` is open, and the holder's pid so the second writer can say who holds it.
//! tantivy allows one writer and SQLite serializes writes, but only this lock turns "someone
//! else is writing" into one clear error before anything is touched.

use crate::error::{LibraryError, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The lock file inside a library folder.
pub(crate) const LOCK_FILE: &str = "library.lock";

pub(crate) struct WriterLock {
    _file: File,
}

impl WriterLock {
    pub(crate) fn acquire(dir: &Path) -> Result<WriterLock> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| LibraryError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LibraryError::InUse {
                    path: dir.to_path_buf(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(LibraryError::io(&path, e)),
        }
        // Best effort: the pid only makes the other process's error message friendlier.
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(file, "{}", std::process::id());
        let _ = file.flush();
        Ok(WriterLock { _file: file })
    }
}
