//! The webview UI's own unit and property tests (`npm test` in ui/: the reader's text map
//! between DOM selections and plain-text offsets), run here so that `cargo test` is the one
//! command that runs every test.

use std::path::Path;
use std::process::Command;

#[test]
fn ui_unit_and_property_tests_pass() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    if !ui.join("node_modules").is_dir() {
        let ci = Command::new(npm)
            .arg("ci")
            .current_dir(&ui)
            .status()
            .expect("npm runs (the UI needs Node.js 20+, see README)");
        assert!(ci.success(), "npm ci in ui/ failed");
    }
    let out = Command::new(npm)
        .arg("test")
        .current_dir(&ui)
        .output()
        .expect("npm test runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "npm test failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Node's runner must have run tests, not found none.
    assert!(
        text.lines()
            .any(|l| l.starts_with("# pass ") && l != "# pass 0"),
        "{text}"
    );
}
