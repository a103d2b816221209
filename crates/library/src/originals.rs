//! `originals/`: the bytes users gave us, content-addressed by sha256, so a better extractor
//! can re-extract later and nothing is lost. Written to a temp file and renamed into place, so
//! a crash never leaves a partial original under its final name.

use crate::error::{LibraryError, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) fn path_of(root: &Path, sha256: &str) -> PathBuf {
    let prefix = sha256.get(..2).unwrap_or("00");
    root.join("originals").join(prefix).join(sha256)
}

/// Store `bytes` under their hash. Returns true when this call created the file (so a failed
/// import can remove it again), false when it was already there.
pub(crate) fn put(root: &Path, sha256: &str, bytes: &[u8]) -> Result<bool> {
    let path = path_of(root, sha256);
    if path.exists() {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(root);
    fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, e))?;
    let tmp = dir.join(format!(".{sha256}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, &path)
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(LibraryError::io(&path, e));
    }
    Ok(true)
}

pub(crate) fn remove(root: &Path, sha256: &str) {
    let _ = fs::remove_file(path_of(root, sha256));
}
