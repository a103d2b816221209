//! wenzhai-core: the model types shared by every layer, and the pure import pipeline
//! (sniff → decode → extract → sanitize). Nothing here touches the disk or a database: it is
//! given bytes and returns values, so it is fast to test and safe to run on any thread.

pub mod anchor;
pub mod import;
pub mod model;
pub mod text;

pub use import::{extract, Extracted, Format, ImportError, MAX_FILE_BYTES};
