//! wenzhai-bench as a library: what `wz-bench` shares with `wz-perf`.

pub mod corpus;
