#!/usr/bin/env bash
# The README's two commands on a fresh Debian 12, repeatable: a debootstrap chroot of bookworm
# (minbase: no compiler, no git, no X), with only Rust (this machine's rustup toolchain, bound
# read-only) and Node.js (this machine's node + npm, copied) added, a clean clone of this
# repository's HEAD and no tauri-driver. Then, timed, with what each downloaded:
#
#   1. `cargo xtask run`   (installs the apt packages, builds, the app on an Xvfb display; a
#                           screenshot shows it)
#   2. `cargo xtask test`  (installs the test packages and tauri-driver, runs every test)
#   3. both again on the now ready machine: no installing, one line saying so.
#
# Usage (root): scripts/fresh-debian.sh [--keep]   (WZ_CHROOT picks the folder; --keep leaves
# the chroot for a look, else it is removed at the end). WZ_FRESH_MODE=setup measures only the
# set-up part: `cargo xtask prerequisites test` on the fresh system, then again on the ready
# one (minutes instead of the ~40 of a full cold build and test run on 2 cores). Needs debootstrap (installed here when
# missing), ImageMagick's `import` for the screenshot, Xvfb on this machine, ~12 GB of disk.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${WZ_CHROOT:-/var/tmp/wz-fresh-debian}
OUT=${WZ_FRESH_OUT:-$REPO/target/fresh-debian}
MIRROR=${WZ_MIRROR:-http://deb.debian.org/debian}
KEEP=${1:-}
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 1; }
mkdir -p "$OUT"
log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/summary.txt"; }
: > "$OUT/summary.txt"

for tool in debootstrap xvfb-run import; do
  command -v "$tool" >/dev/null || missing="${missing:-} $tool"
done
if [ -n "${missing:-}" ]; then
  apt-get install -y -q --no-install-recommends debootstrap xvfb xauth imagemagick >/dev/null
fi

cleanup() {
  for m in tmp/.X11-unix root/.rustup dev/pts dev/shm dev sys proc; do
    mountpoint -q "$ROOT/$m" && umount -l "$ROOT/$m" || true
  done
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  if [ "$KEEP" != "--keep" ]; then rm -rf "$ROOT"; fi
}
trap cleanup EXIT

if [ ! -f "$ROOT/etc/debian_version" ]; then
  rm -rf "$ROOT"
  log "debootstrap bookworm (minbase) into $ROOT"
  start=$(date +%s)
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" > "$OUT/debootstrap.log" 2>&1
  log "debootstrap: $(( $(date +%s) - start )) s"
fi
echo "deb $MIRROR bookworm main" > "$ROOT/etc/apt/sources.list"
echo "deb $MIRROR bookworm-updates main" >> "$ROOT/etc/apt/sources.list"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# This machine's CA bundle, for a network that passes TLS through a proxy with its own CA
# (crates.io and npm over https). Kept apart from the chroot's own bundle, which installing
# ca-certificates there rewrites.
host_ca=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
[ -f "$host_ca" ] && cp "$host_ca" "$ROOT/etc/wz-host-ca.crt"

# Rust: this machine's toolchain, read-only, and only rustup's own proxies (no tauri-driver).
mkdir -p "$ROOT/root/.rustup" "$ROOT/root/.cargo/bin"
mountpoint -q "$ROOT/root/.rustup" || mount --bind -o ro "$HOME/.rustup" "$ROOT/root/.rustup"
mount -o remount,bind,ro "$ROOT/root/.rustup"
for b in cargo rustc rustup rustfmt cargo-fmt cargo-clippy clippy-driver rustdoc; do
  cp -f "$HOME/.cargo/bin/$b" "$ROOT/root/.cargo/bin/$b"
done
# Node.js: the node binary and npm, as its installer lays them out.
cp -f "$(command -v node)" "$ROOT/usr/bin/node"
mkdir -p "$ROOT/usr/lib/node_modules"
rm -rf "$ROOT/usr/lib/node_modules/npm"
cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$ROOT/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/bin/npx"

# Rust on Linux links through the system's C compiler driver (rustup says so when it installs:
# "you need a C linker"): gcc and the C library's files, as a Rust user has them.
chroot "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin DEBIAN_FRONTEND=noninteractive \
  bash -c 'apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends gcc libc6-dev >/dev/null'
log "Rust's linker in the chroot: gcc, libc6-dev"
apt_base=$(du -sm "$ROOT/var/cache/apt/archives" | cut -f1)

# A clean clone of what is committed.
rm -rf "$ROOT/root/wenzhai"
git clone -q "$REPO" "$ROOT/root/wenzhai"
log "clone of $(git -C "$REPO" rev-parse --short HEAD) in the chroot"

mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount -t devpts devpts "$ROOT/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$ROOT/dev/shm"
# The X display for step 2 is this machine's Xvfb, shared through its socket folder.
mkdir -p "$ROOT/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix"

in_chroot() {
  local ca=()
  if [ -f "$ROOT/etc/wz-host-ca.crt" ]; then
    ca=(SSL_CERT_FILE=/etc/wz-host-ca.crt CARGO_HTTP_CAINFO=/etc/wz-host-ca.crt
      NODE_EXTRA_CA_CERTS=/etc/wz-host-ca.crt GIT_SSL_CAINFO=/etc/wz-host-ca.crt)
  fi
  chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/root/.cargo/bin:/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 TERM=dumb "${ca[@]}" "$@"
}
sizes() {
  apt=$(( $(du -sm "$ROOT/var/cache/apt/archives" 2>/dev/null | cut -f1) - apt_base ))
  crates=$(du -sm "$ROOT/root/.cargo/registry/cache" 2>/dev/null | cut -f1)
  npm=$(du -sm "$ROOT/root/.npm/_cacache" 2>/dev/null | cut -f1)
  echo "downloaded so far: apt ${apt:-0} MB, crates ${crates:-0} MB, npm ${npm:-0} MB"
}

step_test() {
  local name=$1
  start=$(date +%s)
  if in_chroot bash -c 'cd /root/wenzhai && cargo xtask test' > "$OUT/$name.log" 2>&1; then
    log "$name: cargo xtask test passed in $(( $(date +%s) - start )) s; $(sizes)"
  else
    log "$name: cargo xtask test FAILED after $(( $(date +%s) - start )) s (see $OUT/$name.log)"
    tail -40 "$OUT/$name.log"
    exit 1
  fi
  grep -E '^xtask: (installed|installing|this machine)' "$OUT/$name.log" | tee -a "$OUT/summary.txt" || true
}

step_run() {
  local name=$1
  Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 &
  XVFB_PID=$!
  sleep 1
  start=$(date +%s)
  in_chroot bash -c 'cd /root/wenzhai && DISPLAY=:77 WENZHAI_LIBRARY=/root/library cargo xtask run' \
    > "$OUT/$name.log" 2>&1 &
  local pid=$!
  # The window is up when the X server has a top-level window named for the app.
  for _ in $(seq 1 1800); do
    if DISPLAY=:77 xwininfo -root -tree 2>/dev/null | grep -q 'Wenzhai'; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name: cargo xtask run exited before a window showed (see $OUT/$name.log)"
      tail -30 "$OUT/$name.log"
      exit 1
    fi
    sleep 1
  done
  local shown=$(( $(date +%s) - start ))
  sleep 4 # let the webview paint its first frame
  DISPLAY=:77 import -window root "$OUT/$name.png"
  log "$name: the window was on screen after $shown s (screenshot $OUT/$name.png); $(sizes)"
  grep -E '^xtask: (installed|installing|this machine)' "$OUT/$name.log" | tee -a "$OUT/summary.txt" || true
  pkill -f '/root/wenzhai/target/debug/wenzhai' || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  kill "$XVFB_PID" 2>/dev/null || true
  wait "$XVFB_PID" 2>/dev/null || true
  XVFB_PID=
}

step_setup() {
  local name=$1
  start=$(date +%s)
  if in_chroot bash -c 'cd /root/wenzhai && cargo xtask prerequisites test' > "$OUT/$name.log" 2>&1; then
    log "$name: cargo xtask prerequisites test in $(( $(date +%s) - start )) s; $(sizes)"
  else
    log "$name: FAILED after $(( $(date +%s) - start )) s (see $OUT/$name.log)"
    tail -30 "$OUT/$name.log"
    exit 1
  fi
  grep -E '^xtask: (installed|installing|this machine)' "$OUT/$name.log" | tee -a "$OUT/summary.txt" || true
}
if [ "${WZ_FRESH_MODE:-full}" = setup ]; then
  step_setup "1-setup-fresh"
  step_setup "2-setup-ready"
  log "done: $OUT/summary.txt"
  exit 0
fi

command -v xwininfo >/dev/null || apt-get install -y -q --no-install-recommends x11-utils >/dev/null
step_run "1-run-fresh"
step_test "2-test-fresh"
step_run "3-run-ready"
step_test "4-test-ready"
log "done: $OUT/summary.txt"
