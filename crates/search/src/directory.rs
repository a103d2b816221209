//! [`IndexDirectory`]: tantivy's `MmapDirectory`, except that posting lists and positions are
//! read with `pread` instead of being memory-mapped.
//!
//! Why: a search reads the posting list (`.idx`) and positions (`.pos`) of each query term
//! once, decodes them, and is done. Mapped, every page a search ever touched stays in the
//! app's resident memory (and in its PSS, the figure issue 7 measures) for as long as the
//! segment is open: after a few dozen searches on the 76k-article corpus that was ~80 MB of
//! the app's ~110 MB above an empty window. Read with `pread`, the bytes live in a buffer
//! that is freed when the search ends; the kernel's page cache keeps them warm for the next
//! search either way, so a search costs the same (a copy of a few kB to a few hundred kB).
//!
//! Everything else stays mapped: the term dictionaries, fast fields and field norms are
//! looked up at random for as long as the segment lives, and copying them onto the heap
//! would cost more memory, not less.

use std::fmt;
use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// Extensions of the segment files read with `pread` (postings and positions).
const READ_NOT_MAPPED: [&str; 2] = ["idx", "pos"];

/// The index's directory on disk. See the [module docs](self).
#[derive(Clone)]
pub struct IndexDirectory {
    root: PathBuf,
    mmap: MmapDirectory,
}

impl IndexDirectory {
    /// Open the existing directory `root`.
    pub fn open(root: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            root: root.to_path_buf(),
            mmap: MmapDirectory::open(root)?,
        })
    }

    fn read_not_mapped(path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| READ_NOT_MAPPED.contains(&e))
    }
}

impl fmt::Debug for IndexDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexDirectory({:?})", self.root)
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if !Self::read_not_mapped(path) {
            return self.mmap.get_file_handle(path);
        }
        let full = self.root.join(path);
        match PreadFile::open(&full) {
            Ok(file) => Ok(Arc::new(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mmap.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mmap.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.mmap.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mmap.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mmap.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.mmap.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mmap.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mmap.watch(watch_callback)
    }
}

/// An immutable segment file read with positioned reads. Segment files are never changed
/// once written, so the length read at open stays true.
#[derive(Debug)]
struct PreadFile {
    file: File,
    len: usize,
}

impl PreadFile {
    fn open(path: &Path) -> io::Result<PreadFile> {
        let file = File::open(path)?;
        let len = usize::try_from(file.metadata()?.len())
            .map_err(|_| io::Error::other(format!("{} is too large", path.display())))?;
        Ok(PreadFile { file, len })
    }
}

impl HasLen for PreadFile {
    fn len(&self) -> usize {
        self.len
    }
}

// (No `#[async_trait]`: only the synchronous read is implemented; the async one keeps
// tantivy's default, which says it is unsupported. The index is only read synchronously.)
impl FileHandle for PreadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("range {range:?} outside a file of {} bytes", self.len),
            ));
        }
        let mut buffer = vec![0; range.len()];
        read_exact_at(&self.file, &mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_range_an_empty_range_and_refuses_one_past_the_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("0.idx");
        std::fs::write(&path, b"0123456789").expect("write");
        let file = PreadFile::open(&path).expect("open");
        assert_eq!(file.read_bytes(2..5).expect("read").as_slice(), b"234");
        assert!(file.read_bytes(4..4).expect("empty read").is_empty());
        assert!(file.read_bytes(8..11).is_err());
    }

    #[test]
    fn postings_are_read_and_the_rest_is_mapped() {
        assert!(IndexDirectory::read_not_mapped(Path::new("abc.idx")));
        assert!(IndexDirectory::read_not_mapped(Path::new("abc.pos")));
        assert!(!IndexDirectory::read_not_mapped(Path::new("abc.term")));
        assert!(!IndexDirectory::read_not_mapped(Path::new("meta.json")));
    }
}
