//! `cargo xtask package-test`: the `.deb` as a user gets it. Build it (unless built), install
//! it with apt (so its declared dependencies must resolve), check what the package put on the
//! system (`/usr/bin/wenzhai`, `/usr/bin/wz`, the desktop entry's MIME types and `%U`), drive
//! the *installed* app through WebDriver (the e2e test `the_installed_package_*`, which opens a
//! file as "Open with" does), then `apt-get purge` it and check the user's library is
//! byte-for-byte what it was. Debian/Ubuntu, as root (CI); it changes the system.

use crate::bundle;
use crate::process::{self, status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const DESKTOP_FILE: &str = "/usr/share/applications/Wenzhai.desktop";

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if !cfg!(target_os = "linux") || !Path::new("/usr/bin/dpkg").exists() {
        return Err("package-test installs the .deb: it runs on Debian or Ubuntu".into());
    }
    if !process::is_root() {
        return Err(
            "package-test installs and purges a system package: run it as root (CI does)".into(),
        );
    }
    let built = bundle::run(root, args)?;
    let deb = built
        .files
        .iter()
        .find(|f| f.extension().is_some_and(|x| x == "deb"))
        .ok_or("tauri build made no .deb")?;

    let work = std::env::temp_dir().join(format!("wenzhai-package-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let library = work.join("library");

    println!("\n=== package-test: apt-get install {}", deb.display());
    // apt wants a path that looks like a path (./x.deb or absolute) to treat it as a file.
    status(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .arg(deb)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install of the .deb (its dependencies must resolve)",
    )?;
    check_installed_files()?;

    println!("\n=== package-test: the installed app, driven by WebDriver");
    let mut test = crate::test::display_wrapped(root, &["test", "--locked", "--test", "e2e"]);
    test.args([
        "--",
        "--ignored",
        "--exact",
        "installed_package::the_installed_package_opens_a_file_and_finds_it",
    ])
    .env("WENZHAI_INSTALLED_APP", "/usr/bin/wenzhai")
    .env("WENZHAI_PACKAGE_TEST_LIBRARY", &library);
    let out = test
        .output()
        .map_err(|e| format!("cannot run the installed-app test: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    // A filter that matches nothing passes with "0 passed": the test must really have run.
    if !out.status.success() || !stdout.contains("test result: ok. 1 passed") {
        return Err(format!(
            "the installed-app WebDriver test did not pass ({})",
            out.status
        ));
    }

    println!("\n=== package-test: wz from the package reads the same library");
    let listed = Command::new("/usr/bin/wz")
        .args(["list"])
        .env("WENZHAI_LIBRARY", &library)
        .output()
        .map_err(|e| format!("cannot run /usr/bin/wz: {e}"))?;
    if !listed.status.success() || listed.stdout.is_empty() {
        return Err(format!(
            "/usr/bin/wz list on the test library failed or listed nothing: {}",
            String::from_utf8_lossy(&listed.stderr)
        ));
    }

    println!("\n=== package-test: apt-get purge wenzhai keeps the user's library");
    let before = manifest(&library)?;
    if before.is_empty() {
        return Err(format!("the test library {} is empty", library.display()));
    }
    status(
        Command::new("apt-get")
            .args(["purge", "-y", "-q", "wenzhai"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get purge wenzhai",
    )?;
    for gone in ["/usr/bin/wenzhai", "/usr/bin/wz", DESKTOP_FILE] {
        if Path::new(gone).exists() {
            return Err(format!("{gone} is still there after apt-get purge"));
        }
    }
    let after = manifest(&library)?;
    if before != after {
        return Err(format!(
            "apt-get purge changed the user's library {}: {} files before, {} after",
            library.display(),
            before.len(),
            after.len()
        ));
    }
    println!(
        "package-test: installed, drove the installed app, purged; the library's {} files are unchanged",
        after.len()
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// What the package must have put on the system for "Open with" and links to reach us.
fn check_installed_files() -> Result<(), String> {
    for bin in ["/usr/bin/wenzhai", "/usr/bin/wz"] {
        if !Path::new(bin).is_file() {
            return Err(format!("the package did not install {bin}"));
        }
    }
    let entry = std::fs::read_to_string(DESKTOP_FILE)
        .map_err(|e| format!("the package has no desktop entry {DESKTOP_FILE}: {e}"))?;
    let mime = entry
        .lines()
        .find_map(|l| l.strip_prefix("MimeType="))
        .ok_or("the desktop entry declares no MimeType")?;
    for wanted in [
        "text/html",
        "text/plain",
        "application/pdf",
        "application/epub+zip",
        "x-scheme-handler/wenzhai",
    ] {
        if !mime.split(';').any(|m| m == wanted) {
            return Err(format!(
                "the desktop entry's MimeType lacks {wanted}: {mime}"
            ));
        }
    }
    let exec = entry
        .lines()
        .find_map(|l| l.strip_prefix("Exec="))
        .ok_or("the desktop entry has no Exec")?;
    if !exec.contains("%U") && !exec.contains("%F") {
        return Err(format!(
            "the desktop entry's Exec ({exec}) passes no file or URL to the app"
        ));
    }
    let copyright = Path::new("/usr/share/doc/wenzhai/copyright");
    if !copyright.is_file() {
        return Err(format!(
            "the package has no licence file {}",
            copyright.display()
        ));
    }
    println!("package-test: /usr/bin/wenzhai, /usr/bin/wz, the desktop entry ({mime}) and the licence are installed");
    Ok(())
}

/// Every file under `dir` with its size and modification time, to tell if anything changed.
fn manifest(dir: &Path) -> Result<BTreeMap<PathBuf, (u64, std::time::SystemTime)>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in entries.flatten() {
            let p = e.path();
            let meta = e.metadata().map_err(|e| format!("{}: {e}", p.display()))?;
            if meta.is_dir() {
                stack.push(p);
            } else {
                let modified = meta
                    .modified()
                    .map_err(|e| format!("{}: {e}", p.display()))?;
                out.insert(p, (meta.len(), modified));
            }
        }
    }
    Ok(out)
}
