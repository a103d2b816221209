#!/usr/bin/env bash
# Performance of the release desktop app on the shared corpus (issue 7), side by side with the
# same app on an empty library. See crates/perf/README.md.
#
#   scripts/perf.sh [wz-perf options]
#   scripts/perf.sh --library /work/perf-library --json /tmp/perf.json   # keep/reuse the library
#
# Builds the release app and wz-perf, then runs wz-perf under Xvfb. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
export PATH="$HOME/.cargo/bin:$PATH"   # tauri-driver

# The release app as `tauri build` makes it: the package's `custom-protocol` feature
# (= tauri/custom-protocol) turns off Tauri's dev configuration. src-tauri/build.rs builds ui/
# (npm) into ui/dist, which is embedded in the binary and served from it, never a dev server.
cargo build --release -p wenzhai --features custom-protocol
cargo build --release -p wenzhai-perf

exec xvfb-run -a -s '-screen 0 1280x800x24' \
  "$target/release/wz-perf" --app "$target/release/wenzhai" "$@"
