//! wenzhai-bench as a library: what `wz-bench` shares with `wz-perf`, and the reposts
//! `wz-bench-dupes` generates.

pub mod corpus;
pub mod repost;
