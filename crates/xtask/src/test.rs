//! `cargo xtask test`: every check CI runs, in the order that fails fastest — formatting,
//! lints, the UI's own tests, then the whole workspace's tests (the real app window under a
//! virtual display and a D-Bus session bus on Linux), then that the generated TypeScript
//! bindings are committed.

use crate::process::{self, status, which};
use crate::system::{self, Need};
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask test` takes no arguments (got `{a}`)"));
    }
    system::ensure(root, Need::Test)?;

    step("format");
    status(
        process::cargo(root).args(["fmt", "--all", "--check"]),
        "cargo fmt --check (run `cargo fmt --all`)",
    )?;

    step("lints");
    status(
        process::cargo(root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
        "cargo clippy",
    )?;

    step("UI tests (ui/)");
    status(
        process::npm().args(["test"]).current_dir(root.join("ui")),
        "npm test in ui/",
    )?;

    step("every test of the workspace");
    status(
        &mut display_wrapped(root, &["test", "--workspace", "--locked"]),
        "cargo test --workspace",
    )?;

    step("generated TypeScript bindings are committed");
    bindings_committed(root)?;
    step("all checks passed");
    Ok(())
}

fn step(name: &str) {
    println!("\n=== xtask test: {name}");
}

/// `cargo ARGS`, wrapped on Linux in what the app window needs when the session lacks it: a
/// virtual display (`xvfb-run`) and a session bus (`dbus-run-session`).
pub fn display_wrapped(root: &Path, cargo_args: &[&str]) -> Command {
    let mut wrap: Vec<String> = Vec::new();
    if cfg!(target_os = "linux") {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
            && which("dbus-run-session").is_some()
        {
            wrap.extend(["dbus-run-session".into(), "--".into()]);
        }
        let display =
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
        if !display {
            wrap.extend(
                ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"]
                    .iter()
                    .map(|s| s.to_string()),
            );
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = match wrap.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(cargo);
            c
        }
        None => Command::new(cargo),
    };
    cmd.args(cargo_args).current_dir(root);
    cmd
}

/// ts-rs writes `ui/src/bindings` while the core crate's tests run: a difference from what is
/// committed means a Rust type changed without its TypeScript twin.
fn bindings_committed(root: &Path) -> Result<(), String> {
    if !root.join(".git").exists() {
        println!("not a git checkout: the bindings check needs git; skipped");
        return Ok(());
    }
    let diff = Command::new("git")
        .args(["status", "--porcelain", "--", "ui/src/bindings"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let changed = String::from_utf8_lossy(&diff.stdout);
    if !changed.trim().is_empty() {
        return Err(format!(
            "ui/src/bindings differ from the Rust types: commit what `cargo test -p wenzhai-core` wrote:\n{changed}"
        ));
    }
    Ok(())
}
