//! The one way the importer opens a zip archive (DOCX, ODT, EPUB): [`SafeZip`] refuses an
//! archive before inflating anything when its directory promises too many entries, too many
//! bytes, an entry that inflates too far beyond what stores it, or a name that climbs out of
//! the archive; and it counts what is actually inflated, so an entry whose header lies about
//! its size is stopped at the limit, not at the end of memory.
//!
//! The limits are far beyond any real document (a 600-page report with pictures is some tens
//! of megabytes) and far below what hurts the machine.

use super::Kind;
use crate::import::ImportError;
use std::io::{Cursor, Read};

/// Entries one archive may hold (EPUBs of long books have a few thousand).
pub const MAX_ENTRIES: usize = 10_000;
/// What one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// What all the entries read from one archive may inflate to, together.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// How many times its stored size an entry may inflate to, once it is larger than
/// [`RATIO_FLOOR_BYTES`]: XML compresses some 10–30×; a bomb is made of runs that compress
/// 1000× (Apache POI's ZipSecureFile uses 100 the same way).
pub const MAX_RATIO: u64 = 100;
/// Entries smaller than this are never refused for their ratio (a tiny file of spaces
/// compresses far, harmlessly).
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;

fn refuse(why: String) -> ImportError {
    ImportError::ArchiveLimit(why)
}

fn mb(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_048_576.0)
}

/// A zip archive opened under the limits above.
pub struct SafeZip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
}

impl<'a> SafeZip<'a> {
    /// Open `bytes` and check its directory: entry count, declared sizes and ratios, names.
    pub fn open(bytes: &'a [u8]) -> Result<Self, ImportError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ImportError::UnsupportedFormat(format!("damaged zip archive ({e})")))?;
        if archive.len() > MAX_ENTRIES {
            return Err(refuse(format!(
                "the archive holds {} entries (the limit is {MAX_ENTRIES})",
                archive.len()
            )));
        }
        let mut declared: u64 = 0;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| {
                ImportError::UnsupportedFormat(format!("damaged zip archive ({e})"))
            })?;
            let name = entry
                .name()
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| format!("entry {i}"));
            if climbs_out(&name) {
                return Err(refuse(format!(
                    "the archive entry {name:?} points outside the archive"
                )));
            }
            check_size(&name, entry.size(), entry.compressed_size())?;
            declared = declared.saturating_add(entry.size());
            if declared > MAX_TOTAL_BYTES {
                return Err(refuse(format!(
                    "the archive inflates to more than {} (the limit)",
                    mb(MAX_TOTAL_BYTES)
                )));
            }
        }
        Ok(SafeZip {
            archive,
            inflated: 0,
        })
    }

    /// Whether an entry of this exact name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The inflated bytes of entry `name`, `None` when there is none. Inflation stops one byte
    /// past each limit, whatever the entry's header claimed.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self.archive.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
                ImportError::Encrypted
            }
            e => {
                ImportError::UnsupportedFormat(format!("cannot read {name:?} in the archive ({e})"))
            }
        })?;
        let stored = entry.compressed_size();
        let budget = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES - self.inflated);
        let mut out = Vec::new();
        entry.take(budget + 1).read_to_end(&mut out).map_err(|e| {
            ImportError::UnsupportedFormat(format!("cannot inflate {name:?} ({e})"))
        })?;
        let n = out.len() as u64;
        if n > budget {
            return Err(refuse(if budget < MAX_ENTRY_BYTES {
                format!(
                    "the archive inflates to more than {} (the limit)",
                    mb(MAX_TOTAL_BYTES)
                )
            } else {
                format!(
                    "the archive entry {name:?} inflates to more than {} (the limit)",
                    mb(MAX_ENTRY_BYTES)
                )
            }));
        }
        check_size(name, n, stored)?;
        self.inflated += n;
        Ok(Some(out))
    }

    /// [`read`](Self::read) as UTF-8 text (the XML of every format we read is UTF-8; a BOM is
    /// dropped, invalid bytes become U+FFFD).
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        Ok(self.read(name)?.map(|b| {
            let b = b.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&b);
            String::from_utf8_lossy(b).into_owned()
        }))
    }
}

/// Whether an entry name could point outside the archive if anything ever wrote it out: a
/// `..` step, an absolute path, a drive letter, a NUL.
fn climbs_out(name: &str) -> bool {
    name.starts_with(['/', '\\'])
        || name.contains(['\0', ':'])
        || name.split(['/', '\\']).any(|part| part == "..")
}

fn check_size(name: &str, size: u64, stored: u64) -> Result<(), ImportError> {
    if size > MAX_ENTRY_BYTES {
        return Err(refuse(format!(
            "the archive entry {name:?} inflates to {} (the limit is {})",
            mb(size),
            mb(MAX_ENTRY_BYTES)
        )));
    }
    if size > RATIO_FLOOR_BYTES && size / stored.max(1) > MAX_RATIO {
        return Err(refuse(format!(
            "the archive entry {name:?} inflates {}× ({} from {} bytes; the limit is {MAX_RATIO}×)",
            size / stored.max(1),
            mb(size),
            stored
        )));
    }
    Ok(())
}

/// What a zip file is: an EPUB or ODT by its `mimetype` entry (both formats put it first), a
/// DOCX by its main part; anything else is not a document we read.
pub fn container_kind(bytes: &[u8]) -> Result<Kind, ImportError> {
    let mut zip = SafeZip::open(bytes)?;
    if let Some(mime) = zip.read_text("mimetype")? {
        match mime.trim() {
            "application/epub+zip" => return Ok(Kind::Epub),
            "application/vnd.oasis.opendocument.text" => return Ok(Kind::Odt),
            m if m.starts_with("application/vnd.oasis.opendocument.") => {
                return Err(ImportError::UnsupportedFormat(format!(
                    "an OpenDocument file that is not a text document ({m})"
                )))
            }
            _ => {}
        }
    }
    if zip.contains("word/document.xml") {
        return Ok(Kind::Docx);
    }
    if zip.contains("META-INF/container.xml") {
        return Ok(Kind::Epub);
    }
    if zip.contains("content.xml") && zip.contains("meta.xml") {
        return Ok(Kind::Odt);
    }
    if zip.contains("xl/workbook.xml") || zip.contains("ppt/presentation.xml") {
        return Err(ImportError::UnsupportedFormat(
            "a spreadsheet or presentation (only Word, ODT, EPUB and PDF documents are read)"
                .into(),
        ));
    }
    Err(ImportError::UnsupportedFormat(
        "a zip archive that is not a document (DOCX, ODT or EPUB)".into(),
    ))
}
