//! `cargo run --release --example extract -- FILE`: print what the importer would store for
//! FILE as one JSON object (the `wz extract --json` shape), or `{"error": "..."}` and exit 1.

use std::process::ExitCode;

use serde_json::json;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        println!("{}", json!({"error": "usage: extract FILE"}));
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            println!("{}", json!({"error": format!("cannot read {path}: {e}")}));
            return ExitCode::from(1);
        }
    };
    match wenzhai_core::extract(&bytes, Some(&path)) {
        Ok(a) => {
            let v = a.to_json();
            println!("{v}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", json!({"error": e.to_string(), "code": e.code()}));
            ExitCode::from(1)
        }
    }
}
