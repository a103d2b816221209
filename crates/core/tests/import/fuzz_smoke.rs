//! The fuzz target's short form, on stable, in every `cargo test`: a few thousand deterministic
//! pseudo-random inputs (mutations of the built-in seeds: byte flips, truncations, splices,
//! inserted markup tokens, deep nesting, other encodings) through the same invariant check as
//! `crates/core/fuzz` (`wenzhai_core::check_extract_invariants`). The long form is the cargo-fuzz
//! run documented in `crates/core/fuzz/README.md`.
//!
//! `WZ_FUZZ_SMOKE_CASES=N` runs N inputs instead of the default; `WZ_FUZZ_SMOKE_SEED=S` starts
//! the generator elsewhere. A failure prints the case number and the input in hex, enough to
//! reproduce it here or to drop it into the fuzzer's corpus.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use wenzhai_core::{check_extract_invariants, fuzz_seeds};

const DEFAULT_CASES: usize = 3000;

use wenzhai_core::import::fuzzing::TestRng as Rng;

/// Tokens that steer the importer's sniffing, decoding and sanitizing.
const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"<html>",
    b"<body>",
    b"<meta charset=\"gbk\">",
    b"<meta charset=\"utf-16\">",
    b"<script>alert(1)</script>",
    b"<a href=\"javascript:x()\">",
    b"<img src=x onerror=alert(1)>",
    b" onclick=\"x()\"",
    b"<svg><path/></svg>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"<title>",
    b"\0",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe4\xbd",
    b"\x81\x30",
    b"\r\n\r\n",
    b"\n---\n",
    b"title: x\n",
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n",
    b"Content-Transfer-Encoding: base64\r\n\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n=E4=BD=",
    b"--B--",
    b"\xe5\x8f\x91\xe5\xb8\x83\xe6\x97\xb6\xe9\x97\xb4:2022-07-05 ",
    b"&#0;&#x110000;&amp",
];

const NEST_TAGS: &[&str] = &[
    "div",
    "span",
    "b",
    "table",
    "td",
    "li",
    "ul",
    "blockquote",
    "a",
    "font",
    "p",
    "section",
    "svg",
    "math",
    "select",
    "option",
    "template",
    "iframe",
    "noscript",
    "form",
];

const ENCODINGS: &[&encoding_rs::Encoding] = &[
    encoding_rs::GBK,
    encoding_rs::GB18030,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_KR,
    encoding_rs::WINDOWS_1252,
    encoding_rs::KOI8_R,
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    let len = input.len();
    match rng.below(9) {
        // Overwrite or xor a handful of bytes.
        0 => {
            for _ in 0..=rng.below(16) {
                if input.is_empty() {
                    break;
                }
                let i = rng.below(input.len());
                input[i] = if rng.below(2) == 0 {
                    rng.next_u64() as u8
                } else {
                    input[i] ^ (1 << rng.below(8))
                };
            }
        }
        // Keep a prefix or a suffix.
        1 => {
            let cut = rng.below(len + 1);
            if rng.below(2) == 0 {
                input.truncate(cut);
            } else {
                input.drain(..cut);
            }
        }
        // The start of this input, the end of another seed.
        2 => {
            let other = rng.pick(seeds);
            input.truncate(rng.below(len + 1));
            input.extend_from_slice(&other[rng.below(other.len() + 1)..]);
        }
        // Insert a token somewhere.
        3 | 4 => {
            let at = rng.below(len + 1);
            let token = rng.pick(TOKENS);
            input.splice(at..at, token.iter().copied());
        }
        // Insert random bytes.
        5 => {
            let at = rng.below(len + 1);
            let n = rng.below(64);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            input.splice(at..at, bytes);
        }
        // Wrap the input in deep nesting, sometimes unclosed.
        6 => {
            let tag = rng.pick(NEST_TAGS);
            let depth = if rng.below(10) == 0 {
                rng.below(20_000)
            } else {
                rng.below(600)
            };
            let mut out = format!("<html><body>{}", format!("<{tag}>").repeat(depth)).into_bytes();
            out.extend_from_slice(input);
            if rng.below(2) == 0 {
                out.extend_from_slice(format!("</{tag}>").repeat(depth).as_bytes());
            }
            *input = out;
        }
        // The same text in another encoding (the label, if any, now lies).
        7 => {
            let text = String::from_utf8_lossy(input).into_owned();
            *input = rng.pick(ENCODINGS).encode(&text).0.into_owned();
        }
        // UTF-16 with or without a byte-order mark.
        _ => {
            let text = String::from_utf8_lossy(input).into_owned();
            let le = rng.below(2) == 0;
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if rng.below(3) != 0 {
                out.extend_from_slice(if le { b"\xff\xfe" } else { b"\xfe\xff" });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            *input = out;
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn thousands_of_mutated_inputs_keep_the_importer_invariants() {
    let cases = std::env::var("WZ_FUZZ_SMOKE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let seed = std::env::var("WZ_FUZZ_SMOKE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15_u64);
    let mut rng = Rng(seed.max(1));
    let seeds = fuzz_seeds();
    let mut outcomes: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let (mut slowest, mut slowest_case) = (Duration::ZERO, 0);
    let started = Instant::now();
    for case in 0..cases {
        let mut input = rng.pick(&seeds).clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut rng, &seeds, &mut input);
        }
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| check_extract_invariants(&input)));
        let took = t.elapsed();
        match result {
            Ok(Ok(_)) => *outcomes.entry("imported").or_default() += 1,
            Ok(Err(e)) => *outcomes.entry(e.code()).or_default() += 1,
            Err(_) => panic!(
                "case {case} (seed {seed}) broke an invariant (message above); input ({} bytes): {}",
                input.len(),
                hex(&input)
            ),
        }
        if took > slowest {
            (slowest, slowest_case) = (took, case);
        }
    }
    eprintln!(
        "fuzz smoke: {cases} inputs in {:.1?}, slowest case {slowest_case} took {slowest:.1?}; {outcomes:?}",
        started.elapsed()
    );
    // A hang guard, not a speed test: a debug build on a busy machine is slow, but no single
    // small input may take this long.
    assert!(
        slowest < Duration::from_secs(30),
        "case {slowest_case} took {slowest:?}"
    );
    // The mutations must keep many inputs importable, or only the error paths were exercised.
    let imported = outcomes.get("imported").copied().unwrap_or(0);
    assert!(
        imported * 4 >= cases,
        "only {imported} of {cases} inputs imported: {outcomes:?}"
    );
}
