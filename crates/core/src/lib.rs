//! wenzhai-core: the model types shared by every layer, and the pure import pipeline
//! (sniff → decode → extract → sanitize). Nothing here touches the disk or a database: it is
//! given bytes and returns values, so it is fast to test and safe to run on any thread.

pub mod anchor;
pub mod band_index;
pub mod chapters;
pub mod han;
pub mod import;
pub mod model;
#[doc(hidden)]
pub mod samples;
pub mod similar;
pub mod suggestions;
pub mod text;

/// The importer's invariants and seed inputs, shared by the fuzz target and the fuzz smoke test.
#[doc(hidden)]
pub use import::fuzzing::{check_extract_invariants, fuzz_seeds, FUZZ_FILE_NAMES};
pub use import::{
    encoding_choices, extract, extract_with_encoding, preview_with_encoding, Extracted, Format,
    ImportError, MAX_FILE_BYTES, MAX_TEXT_BYTES,
};
