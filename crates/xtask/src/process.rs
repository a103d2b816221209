//! Running programs: each step names what it was doing when it fails, so a new user reads
//! "npm ci in ui/ failed" rather than an exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `cargo`, as the one that runs us (rustup's proxy picks the same toolchain), in `root`.
pub fn cargo(root: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(root);
    cmd
}

/// Run `cmd` with our stdout/stderr; an error names `what`.
pub fn status(cmd: &mut Command, what: &str) -> Result<(), String> {
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{what} failed ({s})")),
        Err(e) => Err(format!("{what}: cannot start {:?}: {e}", cmd.get_program())),
    }
}

/// The trimmed stdout of a command that succeeded, or `None`.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Where cargo puts build products: `$CARGO_TARGET_DIR`, else `target/` in the repository.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map(|d| root.join(d))
        .unwrap_or_else(|| root.join("target"))
}

/// The first `program` on `PATH` (or in `~/.cargo/bin`, where `cargo install` puts it).
pub fn which(program: &str) -> Option<PathBuf> {
    let exe = if cfg!(windows) {
        format!("{program}.exe")
    } else {
        program.to_string()
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(home().map(|h| h.join(".cargo/bin")))
        .map(|d| d.join(&exe))
        .find(|p| p.is_file())
}

pub fn home() -> Option<PathBuf> {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(PathBuf::from)
}

/// Whether we run as root (no `sudo` needed to install packages).
pub fn is_root() -> bool {
    output("id", &["-u"]).as_deref() == Some("0")
}

/// `npm`, as Windows names it too.
pub fn npm() -> Command {
    Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" })
}

/// `npm ci` in `ui/` unless `node_modules` is already what the lock file says (npm records
/// the installed tree in `node_modules/.package-lock.json`; it is newer than the lock file
/// after an install). Returns whether it installed.
pub fn npm_ci_if_needed(root: &Path) -> Result<bool, String> {
    let ui = root.join("ui");
    let lock = modified(&ui.join("package-lock.json"));
    let installed = modified(&ui.join("node_modules/.package-lock.json"));
    if matches!((lock, installed), (Some(l), Some(i)) if i >= l) {
        return Ok(false);
    }
    println!("xtask: npm ci in ui/ (the UI's packages, from package-lock.json)");
    status(
        npm()
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&ui),
        "npm ci in ui/",
    )?;
    Ok(true)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
