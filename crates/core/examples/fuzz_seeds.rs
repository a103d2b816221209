//! Write the importer's built-in fuzz seeds into a folder, as the starting corpus of the
//! cargo-fuzz target (see `crates/core/fuzz/README.md`):
//! `cargo run -p wenzhai-core --example fuzz_seeds -- crates/core/fuzz/corpus/extract`

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "crates/core/fuzz/corpus/extract".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let seeds = wenzhai_core::fuzz_seeds();
    for (i, seed) in seeds.iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:02}")), seed)?;
    }
    println!("{} seeds written to {}", seeds.len(), dir.display());
    Ok(())
}
