//! `cargo xtask bundle`: the installable packages, built by Tauri's bundler from the root
//! `tauri.conf.json`, with the `wz` command line beside the app.
//!
//! `wz` is a second binary of another package, which the bundler does not build: we build it
//! first and hand its absolute path to the bundler as a config overlay (`--config`), so the
//! committed config holds no machine path and `cargo test` never needs a built `wz`.

use crate::process::{self, status};
use crate::system::{self, Need};
use std::path::{Path, PathBuf};

/// What was built, for `package-test` and the report.
pub struct Bundles {
    pub files: Vec<PathBuf>,
}

pub fn run(root: &Path, args: &[String]) -> Result<Bundles, String> {
    let mut debug = false;
    let mut appimage = false;
    for a in args {
        match a.as_str() {
            "--debug" => debug = true,
            "--appimage" => appimage = true,
            other => return Err(format!("`cargo xtask bundle`: unknown option `{other}`")),
        }
    }
    system::ensure(root, Need::App)?;
    let profile = if debug { "debug" } else { "release" };
    let target = process::target_dir(root);

    println!("xtask: building wz ({profile})");
    let mut wz_build = process::cargo(root);
    wz_build.args([
        "build",
        "--locked",
        "--package",
        "wenzhai-cli",
        "--bin",
        "wz",
    ]);
    if !debug {
        wz_build.arg("--release");
    }
    status(&mut wz_build, "cargo build of wz")?;
    let wz = target.join(profile).join(exe("wz"));
    if !wz.is_file() {
        return Err(format!("wz was built but is not at {}", wz.display()));
    }

    let mut bundles: Vec<&str> = Vec::new();
    if cfg!(target_os = "linux") {
        bundles.extend(["deb", "rpm"]);
        if appimage {
            bundles.push("appimage");
        } else {
            println!(
                "xtask: no AppImage: Tauri's AppImage bundler downloads linuxdeploy and AppRun \
                 from github.com at bundle time; pass --appimage where that is reachable"
            );
        }
    } else if cfg!(target_os = "macos") {
        bundles.extend(["app", "dmg"]);
    } else if cfg!(windows) {
        bundles.extend(["msi", "nsis"]);
    }
    let overlay = config_overlay(&wz);
    let tauri =
        root.join("ui/node_modules/.bin")
            .join(if cfg!(windows) { "tauri.cmd" } else { "tauri" });
    let mut cmd = std::process::Command::new(&tauri);
    cmd.current_dir(root).arg("build");
    if debug {
        cmd.arg("--debug");
    }
    if !bundles.is_empty() {
        cmd.args(["--bundles", &bundles.join(",")]);
    }
    cmd.args(["--config", &overlay]);
    println!("xtask: tauri build {} ({profile})", bundles.join(","));
    status(&mut cmd, "tauri build (the packages)")?;

    let dir = target.join(profile).join("bundle");
    let mut files = Vec::new();
    for kind in ["deb", "rpm", "appimage", "dmg", "msi", "nsis"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(kind)) {
            for e in entries.flatten() {
                let p = e.path();
                let is_package = p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                    matches!(x, "deb" | "rpm" | "AppImage" | "dmg" | "msi" | "exe")
                });
                if p.is_file() && is_package {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    for f in &files {
        let size = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        println!(
            "xtask: built {} ({:.1} MiB)",
            f.display(),
            size as f64 / 1048576.0
        );
    }
    Ok(Bundles { files })
}

fn exe(name: &str) -> String {
    if cfg!(windows) {
        format!("{name}.exe")
    } else {
        name.to_string()
    }
}

/// The bundler config that puts `wz` on the user's PATH: `/usr/bin/wz` in the Linux packages,
/// beside the app's binary in the macOS bundle (`Contents/MacOS/wz`). The Windows installers do
/// not carry it yet (docs/platforms.md).
fn config_overlay(wz: &Path) -> String {
    let wz = json_string(&wz.display().to_string());
    format!(
        "{{\"bundle\":{{\"linux\":{{\"deb\":{{\"files\":{{\"/usr/bin/wz\":{wz}}}}},\
         \"rpm\":{{\"files\":{{\"/usr/bin/wz\":{wz}}}}}}},\
         \"macOS\":{{\"files\":{{\"MacOS/wz\":{wz}}}}}}}}}"
    )
}

/// A JSON string literal (paths may hold quotes or backslashes on Windows).
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_is_json_with_the_path_of_wz_escaped() {
        let o = config_overlay(Path::new(r#"C:\a "b"\wz.exe"#));
        assert!(o.contains(r#""/usr/bin/wz":"C:\\a \"b\"\\wz.exe""#), "{o}");
        assert_eq!(o.matches('{').count(), o.matches('}').count());
    }
}
