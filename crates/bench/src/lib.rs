//! wenzhai-bench as a library: what `wz-bench` shares with `wz-perf`, and the reposts
//! `wz-bench-dupes` generates.

pub mod corpus;
pub mod repost;

/// Peak resident set size of this process in kB (`VmHWM`).
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
