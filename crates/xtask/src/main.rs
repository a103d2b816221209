//! `cargo xtask`: the project's tasks, so that a clean clone needs two commands.
//!
//! - `cargo xtask run [-- ARGS]` installs what this system lacks to build the app, builds the
//!   UI and the app, and launches it.
//! - `cargo xtask test` does the same for the test prerequisites (Xvfb, WebKitWebDriver, a
//!   D-Bus session, tauri-driver) and runs everything `.ci/run` checks.
//! - `cargo xtask bundle [--debug] [--appimage]` builds the `.deb` and `.rpm` (and an AppImage
//!   where its tools are at hand) with `wz` inside.
//! - `cargo xtask package-test` (CI, root) installs the built `.deb`, drives the installed app,
//!   and purges it.
//!
//! This crate has no dependencies and no Tauri: it must build in seconds on a machine with
//! nothing but Rust and Node.js, before any system library the app links is there.

mod bundle;
mod package_test;
mod process;
mod system;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  run [-- ARGS]              set up this machine, build the UI and the app, launch it
  test                       set up the test prerequisites and run every check CI runs
  bundle [--debug] [--appimage]
                             build the .deb and .rpm (with wz), and an AppImage if asked
  package-test [--debug]     install the built .deb, drive the installed app, purge it (root)
  prerequisites [run|test]   only install what is missing, then stop
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let root = match workspace_root() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("xtask: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match task.as_str() {
        "run" => run(&root, rest),
        "test" => test::run(&root, rest),
        "bundle" => bundle::run(&root, rest).map(|_| ()),
        "package-test" => package_test::run(&root, rest),
        "prerequisites" => {
            let need = match rest.first().map(String::as_str) {
                Some("test") => system::Need::Test,
                _ => system::Need::App,
            };
            system::ensure(&root, need)
        }
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: prerequisites, then `cargo run` of the app (its build script builds ui/).
fn run(root: &std::path::Path, args: &[String]) -> Result<(), String> {
    system::ensure(root, system::Need::App)?;
    let app_args: Vec<&str> = args
        .iter()
        .skip_while(|a| *a == "--")
        .map(String::as_str)
        .collect();
    if !process::target_dir(root).join("debug/wenzhai").exists() {
        println!(
            "xtask: building the app for the first time: about 10 minutes on 2 cores \
             (cargo prints each crate); later launches take seconds"
        );
    }
    let mut cmd = process::cargo(root);
    cmd.args(["run", "--locked", "--package", "wenzhai", "--"]);
    cmd.args(&app_args);
    process::status(&mut cmd, "cargo run (build and launch the app)")
}

/// The repository root: where `tauri.conf.json` sits. Read at run time (cargo sets
/// `CARGO_MANIFEST_DIR` for `cargo run`), never baked in, because CI's clone shares a target
/// dir with other checkouts and may reuse this binary.
fn workspace_root() -> Result<PathBuf, String> {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .ok_or("cannot tell the current folder")?;
    start
        .ancestors()
        .find(|d| d.join("tauri.conf.json").is_file() && d.join("Cargo.toml").is_file())
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!(
                "no tauri.conf.json above {}: run cargo xtask inside the Wenzhai repository",
                start.display()
            )
        })
}
