//! The Wenzhai desktop app: a thin shell of async Tauri commands over `wenzhai-library`.
//! Every library call runs on a blocking worker thread, never on the UI thread; long work
//! (imports) reports progress as `import-progress` events; errors cross IPC as `{code, message}`.

// Hide the console window of release builds on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod state;

fn main() {
    let result = tauri::Builder::default()
        .manage(state::AppState::open_default())
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::list_articles,
            commands::get_article,
            commands::search,
            commands::import_paths,
            commands::cancel_import,
            commands::list_tags,
            commands::retag,
            commands::set_state,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("wenzhai: could not start the app: {e}");
        std::process::exit(1);
    }
}
