//! The Wenzhai desktop app: a thin shell of async Tauri commands over `wenzhai-library`.
//! Every library call runs on a blocking worker thread, never on the UI thread; long work
//! (imports) reports progress as `import-progress` events; errors cross IPC as `{code, message}`.

// Hide the console window of release builds on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod deep_link;
mod encoding;
mod error;
mod images;
mod menu;
mod organize;
mod paste;
mod rendering;
mod similar;
mod state;

fn main() {
    rendering::configure_before_start();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_deep_link::init())
        .setup(|app| {
            deep_link::setup(app);
            Ok(())
        })
        .manage(state::AppState::open_default())
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .register_asynchronous_uri_scheme_protocol(images::SCHEME, images::handle)
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::list_articles,
            commands::get_article,
            commands::search,
            commands::import_paths,
            commands::cancel_import,
            commands::retag,
            commands::set_state,
            commands::set_images_allowed,
            commands::annotate_range,
            commands::update_annotation,
            commands::delete_annotation,
            commands::restore_annotation,
            commands::set_article_note,
            commands::list_notes,
            commands::export_article,
            commands::save_export,
            commands::save_notes_export,
            commands::take_opened_article,
            commands::open_external,
            commands::open_original,
            paste::paste_to_file,
            commands::choose_import,
            encoding::encoding_choices,
            encoding::preview_encoding,
            encoding::import_with_encoding,
            organize::facets,
            organize::rename_tag,
            organize::set_tag_color,
            organize::bulk_tag,
            organize::bulk_state,
            organize::restore_state,
            organize::delete_articles,
            organize::undo_delete,
            organize::set_progress,
            similar::near_duplicates,
            similar::duplicate_clusters,
            similar::duplicate_cluster_count,
            similar::merge_near_duplicates,
            similar::undo_merge,
            similar::keep_apart,
            similar::undo_keep_apart,
            similar::suggest,
            similar::tag_completions,
            similar::suggest_tags,
            similar::related,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("wenzhai: could not start the app: {e}");
        std::process::exit(1);
    }
}
