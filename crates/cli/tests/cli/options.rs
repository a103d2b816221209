//! Options anywhere on the line (DESIGN.md: `wz search 组织 --json` = `wz search --json 组织`)
//! and words that start with `-` staying words; colours limited to the five the app shows.
//! Each test is named after what broke: `wz search "Node.js" --json --limit 2` searched for
//! the words `--json`, `--limit` and `2`, printed "0 matches" and no JSON.

use super::{json_lines, stdout, write, wz};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A library with two articles: one about Node.js (with an advert line), one without it.
fn library(tmp: &Path) -> (PathBuf, String) {
    let lib = tmp.join("lib");
    let a = write(
        tmp,
        "node.txt",
        "Node.js 入门\n\nNode.js 是一个 JavaScript 运行时，适合写命令行工具。\n",
    );
    let b = write(tmp, "ad.txt", "运行时广告\n\n这个运行时的广告很长。\n");
    let out = wz(
        &lib,
        &[
            "import",
            a.to_str().expect("utf8"),
            b.to_str().expect("utf8"),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(
        lines.len(),
        3,
        "--json after the paths is an option: {lines:?}"
    );
    (lib, lines[0]["id"].to_string())
}

fn search(lib: &Path, args: &[&str]) -> Value {
    let out = wz(lib, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out).remove(0)
}

#[test]
fn search_options_after_a_dotted_query_are_options_not_words() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library(tmp.path());
    let after = search(&lib, &["search", "Node.js", "--json", "--limit", "2"]);
    assert_eq!(after["total"], 1, "{after}");
    assert_eq!(after["hits"][0]["id"].to_string(), id);
    let before = search(&lib, &["search", "--json", "--limit", "2", "Node.js"]);
    assert_eq!(before["hits"], after["hits"]);
    let between = search(&lib, &["search", "--limit=1", "Node.js", "--json"]);
    assert_eq!(between["total"], 1);
}

#[test]
fn search_exclusions_stay_query_words_among_options_and_after_double_dash() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library(tmp.path());
    assert_eq!(search(&lib, &["search", "运行时", "--json"])["total"], 2);
    for args in [
        &["search", "运行时", "-广告", "--json"][..],
        &["search", "--json", "运行时", "-广告"],
        &["search", "--json", "--", "-广告", "运行时"],
    ] {
        let found = search(&lib, args);
        assert_eq!(found["total"], 1, "{args:?}: {found}");
        assert_eq!(found["hits"][0]["id"].to_string(), id, "{args:?}");
    }
    // After `--`, even an option's name is a query word.
    let literal = search(&lib, &["search", "--json", "--", "--limit"]);
    assert_eq!(literal["total"], 0);
    // An unknown option is a usage error, not a silent search for it.
    assert_eq!(
        wz(&lib, &["search", "运行时", "--jsn"]).status.code(),
        Some(2)
    );
}

#[test]
fn list_and_the_global_library_option_work_after_the_subcommand() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, _) = library(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .args(["list", "--limit", "1", "--library"])
        .arg(&lib)
        .arg("--json")
        .env_remove("WENZHAI_LIBRARY")
        .output()
        .expect("run wz");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_lines(&out).len(), 1);
}

#[test]
fn tag_options_after_the_changes_and_removals_stay_changes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library(tmp.path());
    let out = wz(&lib, &["tag", &id, "+读书/技术", "+待读", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        json_lines(&out)[0]["tags"],
        serde_json::json!(["待读", "读书/技术"])
    );
    let removed = wz(&lib, &["tag", &id, "-待读", "--json"]);
    assert_eq!(
        json_lines(&removed)[0]["tags"],
        serde_json::json!(["读书/技术"])
    );
}

#[test]
fn annotate_and_export_options_in_any_order_and_a_note_that_starts_with_a_dash() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library(tmp.path());
    let out = wz(
        &lib,
        &[
            "annotate",
            "--note",
            "-重要",
            &id,
            "--json",
            "--quote",
            "命令行工具",
            "--color",
            "green",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let made = &json_lines(&out)[0];
    assert_eq!(
        (made["note"].as_str(), made["color"].as_str()),
        (Some("-重要"), Some("green"))
    );
    let file = tmp.path().join("out.md");
    let export = wz(
        &lib,
        &[
            "export",
            &id,
            "-o",
            file.to_str().expect("utf8"),
            "--format",
            "md",
        ],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let md = std::fs::read_to_string(&file).expect("md");
    assert!(md.starts_with("# Node.js 入门"), "{md}");
    assert!(md.contains("> 命令行工具"), "{md}");
    assert!(stdout(&export).is_empty(), "-o wrote to the file");
}

#[test]
fn annotate_refuses_a_colour_the_app_does_not_show_with_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lib, id) = library(tmp.path());
    let out = wz(
        &lib,
        &["annotate", &id, "--quote", "命令行工具", "--color", "red"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for colour in ["yellow", "green", "blue", "pink", "purple"] {
        assert!(err.contains(colour), "{err}");
    }
    let shown = &json_lines(&wz(&lib, &["show", "--json", &id]))[0];
    assert_eq!(
        shown["annotations"],
        serde_json::json!([]),
        "nothing stored"
    );
}
