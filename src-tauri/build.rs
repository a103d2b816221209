//! Build script of the desktop app.
//!
//! 1. Builds the webview UI (`ui/`, Vite + TypeScript) into `ui/dist`, so that `cargo run` is
//!    the whole launch command; it runs `npm ci` first when `ui/node_modules` is missing.
//! 2. Runs tauri-build on `tauri.conf.json` beside the root manifest, with the capabilities in
//!    `src-tauri/capabilities/`, and declares our own commands so that the capability file can
//!    grant the webview exactly those and nothing else.

use std::path::Path;
use std::process::Command;

const COMMANDS: &[&str] = &[
    "library_info",
    "list_articles",
    "get_article",
    "search",
    "import_paths",
    "cancel_import",
    "retag",
    "set_state",
    "set_images_allowed",
    "annotate_range",
    "update_annotation",
    "delete_annotation",
    "restore_annotation",
    "set_article_note",
    "list_notes",
    "export_article",
    "save_export",
    "save_notes_export",
    "take_launch",
    "set_image_policy",
    "choose_library_folder",
    "move_library",
    "open_external",
    "open_original",
    "paste_to_file",
    "choose_import",
    "facets",
    "rename_tag",
    "set_tag_color",
    "bulk_tag",
    "bulk_state",
    "restore_state",
    "delete_articles",
    "undo_delete",
    "set_progress",
    "encoding_choices",
    "preview_encoding",
    "import_with_encoding",
    "near_duplicates",
    "duplicate_clusters",
    "duplicate_cluster_count",
    "merge_near_duplicates",
    "undo_merge",
    "keep_apart",
    "undo_keep_apart",
    "suggest",
    "tag_completions",
    "suggest_tags",
    "related",
];

fn npm(args: &[&str], ui: &Path) {
    let program = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let status = Command::new(program).args(args).current_dir(ui).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => fail(&format!("`npm {}` in ui/ failed ({s})", args.join(" "))),
        Err(e) => fail(&format!(
            "cannot run npm ({e}): the desktop app's UI needs Node.js 20+ and npm (see README)"
        )),
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1);
}

fn main() {
    // Read at run time, not with `env!`: cargo reuses a compiled build script for the same
    // package in another checkout sharing the target dir (CI's clone), and a path baked in
    // at compile time would then point at the other checkout.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|| fail("cargo did not set CARGO_MANIFEST_DIR"));
    let ui = Path::new(&manifest_dir).join("ui");
    for watched in [
        "src",
        "index.html",
        "package.json",
        "package-lock.json",
        "vite.config.ts",
        "tsconfig.json",
    ] {
        println!("cargo:rerun-if-changed=ui/{watched}");
    }
    // The reader's fold table is bundled from the one search folds with.
    println!("cargo:rerun-if-changed=crates/core/data/han-fold.tsv");
    if std::env::var_os("WENZHAI_SKIP_UI_BUILD").is_none() {
        if !ui.join("node_modules").is_dir() {
            npm(&["ci", "--no-audit", "--no-fund"], &ui);
        }
        npm(&["run", "build"], &ui);
    }
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        fail(&format!("tauri-build failed: {e:#}"));
    }
}
