//! 简繁 folding through the real `wz`: Traditional and Simplified find each other, `=` searches
//! the exact characters, snippets mark the original characters, and an index built by an
//! older Wenzhai (before folding) is rebuilt on its own.

use super::{json_lines, stdout, write, wz};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn import_both(tmp: &Path) -> std::path::PathBuf {
    let lib = tmp.join("lib");
    let src = tmp.join("src");
    fs::create_dir(&src).expect("mkdir");
    write(
        &src,
        "hant.txt",
        "基層組織建設\n\n加強黨的基層組織建設，發揮戰鬥堡壘作用，頭髮和家裡的事也要管。\n",
    );
    write(
        &src,
        "hans.txt",
        "基层组织建设\n\n加强党的基层组织建设，发挥战斗堡垒作用，内容足够长。\n",
    );
    let out = wz(&lib, &["import", src.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lib
}

fn titles(lib: &Path, query: &str) -> Vec<String> {
    let res = &json_lines(&wz(lib, &["search", "--json", query]))[0];
    let mut titles: Vec<String> = res["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().expect("title").to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn traditional_and_simplified_find_each_other_and_equals_sign_is_exact() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = import_both(tmp.path());
    let both = vec!["基层组织建设".to_string(), "基層組織建設".to_string()];
    assert_eq!(titles(&lib, "组织"), both);
    assert_eq!(titles(&lib, "組織"), both);
    assert_eq!(titles(&lib, "=組織"), vec!["基層組織建設"]);
    assert_eq!(titles(&lib, "=组织"), vec!["基层组织建设"]);
    assert_eq!(titles(&lib, "头发"), vec!["基層組織建設"]);
    assert_eq!(titles(&lib, "里"), vec!["基層組織建設"]);

    let res = &json_lines(&wz(&lib, &["search", "--json", "=組織"]))[0];
    assert_eq!(res["total"], 1);
    let hit = &res["hits"][0];
    assert!(
        hit["snippet_html"]
            .as_str()
            .expect("html")
            .contains("<mark>組織</mark>"),
        "the snippet marks the original characters: {hit}"
    );
    let res = &json_lines(&wz(&lib, &["search", "--json", "组织"]))[0];
    for hit in res["hits"].as_array().expect("hits") {
        let html = hit["snippet_html"].as_str().expect("html");
        assert!(
            html.contains("<mark>組織</mark>") || html.contains("<mark>组织</mark>"),
            "{html}"
        );
    }
}

#[test]
fn an_index_built_before_folding_is_rebuilt_by_the_next_command() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = import_both(tmp.path());
    // Make the index look like one an older Wenzhai wrote: its payload is the bare change
    // counter (no index version), and its segments are dropped, so an index that is not
    // rebuilt finds nothing although its counter equals SQLite's.
    let meta_path = lib.join("index").join("meta.json");
    let mut meta: Value =
        serde_json::from_str(&fs::read_to_string(&meta_path).expect("meta")).expect("json");
    let payload = meta["payload"].as_str().expect("payload").to_string();
    let counter = payload
        .split_whitespace()
        .next()
        .expect("counter")
        .to_string();
    assert_ne!(
        payload, counter,
        "the payload carries an index version: {payload}"
    );
    meta["payload"] = Value::String(counter.clone());
    meta["segments"] = Value::Array(Vec::new());
    fs::write(&meta_path, meta.to_string()).expect("write meta");

    let out = wz(&lib, &["search", "--json", "組織"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let res: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(res["total"], 2, "rebuilt: {res}");
    let meta: Value =
        serde_json::from_str(&fs::read_to_string(&meta_path).expect("meta")).expect("json");
    let rebuilt = meta["payload"].as_str().expect("payload");
    assert!(
        rebuilt.starts_with(&format!("{counter} v")),
        "the rebuild records the current version: {rebuilt}"
    );
    let check = wz(&lib, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}
