//! libFuzzer target: any bytes, under a file name picked by the first byte, through
//! `wenzhai_core::extract`; the invariants (no panic; an accepted article has text and its
//! HTML has no script, handlers or `javascript:` URLs) live in wenzhai-core, shared with the
//! smoke test CI runs on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = wenzhai_core::check_extract_invariants(data);
});
