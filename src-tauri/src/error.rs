//! The error every command returns: `{code, message}`, so the UI can match on `code` and show
//! `message` as it is.

use serde::Serialize;
use wenzhai_library::LibraryError;

#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<LibraryError> for IpcError {
    fn from(e: LibraryError) -> IpcError {
        IpcError::new(e.code(), e.to_string())
    }
}

/// A file's own import error (a preview with a wrong encoding, say), with its stable code.
impl From<wenzhai_core::ImportError> for IpcError {
    fn from(e: wenzhai_core::ImportError) -> IpcError {
        IpcError::new(e.code(), e.to_string())
    }
}

impl From<tauri::Error> for IpcError {
    fn from(e: tauri::Error) -> IpcError {
        IpcError::new("internal", e.to_string())
    }
}
