//! Printing: JSON lines for scripts, short human text otherwise.

use serde::Serialize;
use std::io::Write;

/// Print one value as a JSON line on stdout.
pub fn json_line<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `2022-07-05T14:30:29` → `2022-07-05 14:30`, for tables.
pub fn short_date(iso: Option<&str>) -> String {
    match iso {
        Some(d) => d.get(..16).unwrap_or(d).replace('T', " "),
        None => String::new(),
    }
}
