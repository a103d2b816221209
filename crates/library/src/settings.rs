//! `settings.json`: the few choices the app and `wz` must agree on, in one small file beside
//! neither of them — today only where the library lives.
//!
//! Why a file of its own: the library folder cannot say where it is, and once a user has moved
//! it ([`crate::relocate`]) both the app (started from the desktop, with no environment of
//! ours) and every `wz` in a terminal must find it at the new place. The file lives in the OS
//! config dir (`~/.config/wenzhai/settings.json`, `~/Library/Application Support/wenzhai/…`,
//! `%APPDATA%\wenzhai\…`), or in `$WENZHAI_CONFIG_DIR` when that is set (tests, portable
//! installs).
//!
//! A missing file means the defaults. A file that cannot be read as settings is an error that
//! names it — never silently the defaults, which would open (and create) an empty library at
//! the default place while the user's articles sit elsewhere. Fields this version does not
//! know are kept as they were when the file is saved, so an older `wz` never erases what a
//! newer app wrote. Saving writes a temp file in the same folder, fsyncs it and renames it over
//! the old one, so a kill or a power loss leaves the old settings or the new, never half a file.

use crate::error::{LibraryError, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The settings file's name inside the config folder.
pub const SETTINGS_FILE: &str = "settings.json";

/// What `settings.json` holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The library folder, when the user chose or moved it (else the OS data dir's
    /// `wenzhai/library`). Always absolute when written by Wenzhai.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<PathBuf>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Where the settings live: `$WENZHAI_CONFIG_DIR/settings.json` when that is set and not
/// empty, else the OS config dir's `wenzhai/settings.json`.
pub fn settings_path() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("WENZHAI_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir).join(SETTINGS_FILE));
    }
    dirs::config_dir()
        .map(|d| d.join("wenzhai").join(SETTINGS_FILE))
        .ok_or(LibraryError::NoConfigDir)
}

impl Settings {
    /// The settings at [`settings_path`]; the defaults when there is no file yet.
    pub fn load() -> Result<Settings> {
        Settings::load_from(&settings_path()?)
    }

    /// The settings in `path`; the defaults when it does not exist.
    pub fn load_from(path: &Path) -> Result<Settings> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(LibraryError::io(path, e)),
        };
        serde_json::from_str(&text).map_err(|e| LibraryError::BadSettings {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Write the settings to [`settings_path`], atomically (see the module docs).
    pub fn save(&self) -> Result<()> {
        self.save_to(&settings_path()?)
    }

    /// Write the settings to `path`, atomically: a temp file in the same folder, fsynced, then
    /// renamed over `path` (and the folder fsynced, where the OS allows it).
    pub fn save_to(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(self).map_err(|e| LibraryError::BadSettings {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        fs::create_dir_all(dir).map_err(|e| LibraryError::io(dir, e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| SETTINGS_FILE.to_string());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(json.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            fs::rename(&tmp, path)
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(LibraryError::io(path, e));
        }
        sync_dir(dir);
        Ok(())
    }
}

/// Make a rename in `dir` durable (Unix: fsync the folder). Best effort: the rename itself is
/// atomic either way, this only orders it before a power loss; Windows cannot open a folder
/// as a file.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_survive_a_load_and_save() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("settings.json");
        fs::write(&path, r#"{"library": "/a/b", "theme": {"dark": true}}"#).expect("write");
        let mut s = Settings::load_from(&path).expect("load");
        assert_eq!(s.library.as_deref(), Some(Path::new("/a/b")));
        s.library = Some(PathBuf::from("/c"));
        s.save_to(&path).expect("save");
        let again: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("json");
        assert_eq!(
            again,
            serde_json::json!({"library": "/c", "theme": {"dark": true}})
        );
    }
}
