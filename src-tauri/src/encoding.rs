//! "Choose encoding…" for a file the import refused as undecodable: the choices, a preview of
//! the file read with one of them, and the import of that one file with it. Like every
//! command, the file and library work runs on a blocking worker, never on the UI thread.

use crate::commands::{blocking, ImportResult};
use crate::error::IpcError;
use crate::state::AppState;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::State;
use wenzhai_core::{ImportError, MAX_FILE_BYTES};
use wenzhai_library::Importer;

/// How much of the file the preview shows: enough lines to judge a pick by, little enough to
/// send on every change of the select.
const PREVIEW_CHARS: usize = 400;

#[derive(Serialize)]
pub struct EncodingChoice {
    /// The label the other commands take (`"koi8-r"`).
    label: &'static str,
    /// What the picker shows (`"Кириллица (KOI8-R)"`).
    name: &'static str,
}

/// What the file reads as with one encoding: the title and the start of the text the import
/// would store, or, when the decoding works but no article comes out of it (say, no text
/// after the markup), the start of the decoded text itself.
#[derive(Serialize)]
pub struct EncodingPreview {
    title: Option<String>,
    text: String,
}

#[tauri::command]
pub fn encoding_choices() -> Vec<EncodingChoice> {
    wenzhai_core::encoding_choices()
        .into_iter()
        .map(|(label, name)| EncodingChoice { label, name })
        .collect()
}

/// The bytes of one regular file, at most [`MAX_FILE_BYTES`] (a FIFO or a device could block
/// the worker for ever or never end, so only regular files are read).
fn read_file(path: &Path) -> Result<Vec<u8>, IpcError> {
    let unreadable =
        |e: std::io::Error| IpcError::new("unreadable", format!("{}: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(IpcError::new(
            "not_a_file",
            "not a regular file (a device, pipe or socket)",
        ));
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(unreadable)?;
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let e = ImportError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        };
        return Err(e.into());
    }
    Ok(bytes)
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn preview(path: &Path, label: &str) -> Result<EncodingPreview, IpcError> {
    let bytes = read_file(path)?;
    let name = path.file_name().and_then(|n| n.to_str());
    match wenzhai_core::extract_with_encoding(&bytes, name, Some(label)) {
        Ok(x) => Ok(EncodingPreview {
            text: first_chars(&x.body_text, PREVIEW_CHARS),
            title: Some(x.title),
        }),
        // The pick itself is wrong: that is the answer the user needs.
        Err(e @ (ImportError::Undecodable(_) | ImportError::UnknownEncoding(_))) => Err(e.into()),
        // It decodes but is no article: show the decoded text, the import will say why.
        Err(_) => Ok(EncodingPreview {
            title: None,
            text: wenzhai_core::preview_with_encoding(&bytes, label, PREVIEW_CHARS)?,
        }),
    }
}

/// The start of `path` read as `label`, so the user can see a pick is right before importing.
#[tauri::command]
pub async fn preview_encoding(path: String, label: String) -> Result<EncodingPreview, IpcError> {
    tauri::async_runtime::spawn_blocking(move || preview(Path::new(&path), &label))
        .await
        .map_err(|e| IpcError::new("internal", e.to_string()))?
}

/// Import one file read as `label`: the same import as a drop (duplicates, originals, one
/// transaction, the index) and the same result shape, with the user's encoding instead of the
/// detection.
#[tauri::command]
pub async fn import_with_encoding(
    state: State<'_, AppState>,
    path: String,
    label: String,
) -> Result<ImportResult, IpcError> {
    blocking(&state, move |lib| {
        let options = Importer {
            encoding: Some(&label),
            ..Importer::default()
        };
        let report = lib.import(&[PathBuf::from(path)], &options, |_| {})?;
        Ok(ImportResult::from(report))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_shows_the_article_or_says_the_pick_is_wrong() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("a.txt");
        // KOI8-R: "Новости" / "Сегодня хорошая погода." (a text with a title line).
        let bytes: &[u8] = &[
            0xee, 0xcf, 0xd7, 0xcf, 0xd3, 0xd4, 0xc9, b'\n', b'\n', 0xf3, 0xc5, 0xc7, 0xcf, 0xc4,
            0xce, 0xd1, b' ', 0xc8, 0xcf, 0xd2, 0xcf, 0xdb, 0xc1, 0xd1, b' ', 0xd0, 0xcf, 0xc7,
            0xcf, 0xc4, 0xc1, b'.', b'\n',
        ];
        std::fs::write(&path, bytes).expect("write");
        let p = preview(&path, "koi8-r").expect("preview");
        assert_eq!(p.title.as_deref(), Some("Новости"));
        assert!(p.text.starts_with("Сегодня хорошая погода."), "{}", p.text);
        let e = preview(&path, "no-such-label")
            .err()
            .expect("unknown label");
        assert_eq!(e.code, "unknown_encoding");
        let e = preview(tmp.path(), "koi8-r").err().expect("a folder");
        assert_eq!(e.code, "not_a_file");
    }
}
