//! What this operating system lacks to build (and test) the app, and installing it.
//!
//! Linux: the distribution's packages by name (Debian/Ubuntu via apt, Fedora via dnf), with
//! `sudo` when not root, every package named before it is installed. macOS and Windows have no
//! package manager we may drive, so there we check and print the exact fix. A ready machine
//! gets one line and no installing.

use crate::process::{self, output, which};
use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    /// Build and launch the app.
    App,
    /// Also run every test: Xvfb, WebKitWebDriver, a D-Bus session bus, tauri-driver.
    Test,
}

/// The tauri-driver release the end-to-end tests are written against.
const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// The oldest Node.js that builds ui/ (Vite 7).
const NODE_MAJOR_MIN: u32 = 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Distro {
    Debian,
    Fedora,
}

/// Debian 12 / Ubuntu 22.04+: Tauri 2's libraries (WebKitGTK 4.1), CJK fonts so the window
/// shows Chinese, Mesa so WebKit can paint without a GPU driver.
const DEBIAN_APP: &[&str] = &[
    "build-essential",
    "curl",
    "wget",
    "file",
    "git",
    "ca-certificates",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libgl1-mesa-dri",
    "fonts-noto-cjk",
    "fonts-dejavu-core",
];
/// The real window under a virtual display, driven by WebDriver, with a session bus for the
/// single-instance check (tauri-plugin-single-instance speaks D-Bus on Linux).
const DEBIAN_TEST: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    // `dbus` exists under this name on Debian 11/12 and every Ubuntu (Debian 12 splits it into
    // dbus-daemon, dbus-bin, …, which it depends on); it brings `dbus-run-session`.
    "dbus",
];

const FEDORA_APP: &[&str] = &[
    "gcc",
    "gcc-c++",
    "make",
    "curl",
    "wget",
    "file",
    "git",
    "pkgconf-pkg-config",
    "openssl-devel",
    "webkit2gtk4.1-devel",
    "libxdo-devel",
    "libappindicator-gtk3-devel",
    "librsvg2-devel",
    "google-noto-sans-cjk-fonts",
];
const FEDORA_TEST: &[&str] = &[
    "xorg-x11-server-Xvfb",
    "xorg-x11-xauth",
    "webkit2gtk4.1",
    "dbus-daemon",
];

/// Install what is missing for `need`, or say in one line that nothing is.
pub fn ensure(root: &Path, need: Need) -> Result<(), String> {
    check_node()?;
    let mut installed = Vec::new();
    if cfg!(target_os = "linux") {
        installed.extend(ensure_linux_packages(need)?);
    } else if cfg!(target_os = "macos") {
        check_macos()?;
    } else if cfg!(windows) {
        check_windows()?;
    }
    if need == Need::Test && cfg!(target_os = "linux") && ensure_tauri_driver()? {
        installed.push(format!("tauri-driver {TAURI_DRIVER_VERSION}"));
    }
    if process::npm_ci_if_needed(root)? {
        installed.push("ui/node_modules".into());
    }
    if installed.is_empty() {
        println!(
            "xtask: this machine has everything {}; nothing installed",
            match need {
                Need::App => "the app needs",
                Need::Test => "the tests need",
            }
        );
    } else {
        println!("xtask: installed {}", installed.join(", "));
    }
    Ok(())
}

fn check_node() -> Result<(), String> {
    let version = output(if cfg!(windows) { "node.exe" } else { "node" }, &["--version"])
        .ok_or("Node.js is not installed: install Node.js 20 or newer with npm (https://nodejs.org), then run this again")?;
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < NODE_MAJOR_MIN {
        return Err(format!(
            "Node.js {version} is too old: the UI needs Node.js {NODE_MAJOR_MIN} or newer"
        ));
    }
    Ok(())
}

fn distro() -> Option<Distro> {
    let release = std::fs::read_to_string("/etc/os-release").ok()?;
    let ids: Vec<String> = release
        .lines()
        .filter_map(|l| l.strip_prefix("ID=").or_else(|| l.strip_prefix("ID_LIKE=")))
        .flat_map(|v| {
            v.trim_matches('"')
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    if ids.iter().any(|i| i == "debian" || i == "ubuntu") {
        Some(Distro::Debian)
    } else if ids
        .iter()
        .any(|i| i == "fedora" || i == "rhel" || i == "centos")
    {
        Some(Distro::Fedora)
    } else {
        None
    }
}

/// The packages of `list` this system does not have.
fn missing(distro: Distro, list: &[&'static str]) -> Vec<&'static str> {
    match distro {
        Distro::Debian => {
            let Ok(out) = Command::new("dpkg-query")
                .args(["-W", "-f=${Package} ${Status}\n"])
                .args(list)
                .output()
            else {
                return list.to_vec();
            };
            let text = String::from_utf8_lossy(&out.stdout);
            list.iter()
                .copied()
                .filter(|p| {
                    !text.lines().any(|l| {
                        l.starts_with(&format!("{p} ")) && l.ends_with("install ok installed")
                    })
                })
                .collect()
        }
        Distro::Fedora => list
            .iter()
            .copied()
            .filter(|p| {
                !Command::new("rpm")
                    .args(["-q", "--whatprovides", p])
                    .output()
                    .map(|o| o.status.success())
                    .unwrap_or(false)
            })
            .collect(),
    }
}

fn ensure_linux_packages(need: Need) -> Result<Vec<String>, String> {
    let Some(distro) = distro() else {
        println!(
            "xtask: not Debian, Ubuntu or Fedora: install Tauri 2's Linux prerequisites yourself \
             (https://v2.tauri.app/start/prerequisites/#linux: WebKitGTK 4.1, libxdo, \
             libayatana-appindicator, librsvg; for tests Xvfb and WebKitWebDriver)"
        );
        return Ok(Vec::new());
    };
    let (app, test) = match distro {
        Distro::Debian => (DEBIAN_APP, DEBIAN_TEST),
        Distro::Fedora => (FEDORA_APP, FEDORA_TEST),
    };
    let mut wanted = app.to_vec();
    if need == Need::Test {
        wanted.extend_from_slice(test);
    }
    let lacking = missing(distro, &wanted);
    if lacking.is_empty() {
        return Ok(Vec::new());
    }
    println!(
        "xtask: installing {} system package(s): {}",
        lacking.len(),
        lacking.join(" ")
    );
    let sudo = !process::is_root();
    if sudo && which("sudo").is_none() {
        return Err(format!(
            "these packages are missing and sudo is not installed: as root, run\n  {}",
            install_line(distro, &lacking, false)
        ));
    }
    let mut steps: Vec<Vec<String>> = Vec::new();
    match distro {
        Distro::Debian => {
            steps.push(vec!["apt-get".into(), "update".into(), "-q".into()]);
            let mut install: Vec<String> =
                ["apt-get", "install", "-y", "-q", "--no-install-recommends"]
                    .map(String::from)
                    .to_vec();
            install.extend(lacking.iter().map(|p| p.to_string()));
            steps.push(install);
        }
        Distro::Fedora => {
            let mut install: Vec<String> = ["dnf", "install", "-y"].map(String::from).to_vec();
            install.extend(lacking.iter().map(|p| p.to_string()));
            steps.push(install);
        }
    }
    for step in steps {
        let (program, args) = if sudo {
            ("sudo", &step[..])
        } else {
            (step[0].as_str(), &step[1..])
        };
        let mut cmd = Command::new(program);
        cmd.args(args);
        if distro == Distro::Debian {
            cmd.env("DEBIAN_FRONTEND", "noninteractive");
        }
        process::status(&mut cmd, &step.join(" "))?;
    }
    let still = missing(distro, &wanted);
    if !still.is_empty() {
        return Err(format!(
            "still missing after installing: {} (try: {})",
            still.join(" "),
            install_line(distro, &still, sudo)
        ));
    }
    Ok(lacking.iter().map(|p| p.to_string()).collect())
}

fn install_line(distro: Distro, packages: &[&str], sudo: bool) -> String {
    let sudo = if sudo { "sudo " } else { "" };
    match distro {
        Distro::Debian => format!(
            "{sudo}apt-get install -y --no-install-recommends {}",
            packages.join(" ")
        ),
        Distro::Fedora => format!("{sudo}dnf install -y {}", packages.join(" ")),
    }
}

/// `tauri-driver` on PATH or in ~/.cargo/bin, else `cargo install` it. Returns whether it
/// installed.
fn ensure_tauri_driver() -> Result<bool, String> {
    if which("tauri-driver").is_some() {
        return Ok(false);
    }
    println!(
        "xtask: installing tauri-driver {TAURI_DRIVER_VERSION} (cargo install, about 2 minutes)"
    );
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    process::status(
        Command::new(program).args([
            "install",
            "tauri-driver",
            "--locked",
            "--version",
            TAURI_DRIVER_VERSION,
        ]),
        "cargo install tauri-driver",
    )?;
    Ok(true)
}

fn check_macos() -> Result<(), String> {
    if output("xcode-select", &["-p"]).is_none() {
        return Err(
            "the Xcode command line tools are missing: run `xcode-select --install`, then this again"
                .into(),
        );
    }
    Ok(())
}

fn check_windows() -> Result<(), String> {
    // The MSVC linker comes with the "Desktop development with C++" workload; vswhere knows.
    let vswhere = r"C:\Program Files (x86)\Microsoft Visual Studio\Installer\vswhere.exe";
    let msvc = output(
        vswhere,
        &[
            "-latest",
            "-products",
            "*",
            "-requires",
            "Microsoft.VisualStudio.Component.VC.Tools.x86.x64",
            "-property",
            "installationPath",
        ],
    )
    .filter(|p| !p.is_empty());
    if msvc.is_none() {
        return Err("the MSVC build tools are missing: install \"Build Tools for Visual Studio\" with the \
             \"Desktop development with C++\" workload (https://visualstudio.microsoft.com/visual-cpp-build-tools/), \
             or `winget install Microsoft.VisualStudio.2022.BuildTools --override \"--add Microsoft.VisualStudio.Workload.VCTools --includeRecommended\"`"
            .into());
    }
    // WebView2 is part of Windows 10 (since 2021) and 11; its runtime registers this key.
    let key = r"HKLM\SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";
    let user_key =
        r"HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";
    let has_webview2 = [key, user_key]
        .iter()
        .any(|k| output("reg", &["query", k, "/v", "pv"]).is_some());
    if !has_webview2 {
        return Err("the WebView2 runtime is missing: install the Evergreen Bootstrapper from \
             https://developer.microsoft.com/microsoft-edge/webview2/ (or `winget install Microsoft.EdgeWebView2Runtime`)"
            .into());
    }
    Ok(())
}
