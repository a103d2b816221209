//! The Wenzhai desktop app: a thin shell of async Tauri commands over `wenzhai-library`.
//! Every library call runs on a blocking worker thread, never on the UI thread; long work
//! (imports) reports progress as `import-progress` events; errors cross IPC as `{code, message}`.

// Hide the console window of release builds on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod encoding;
mod error;
mod images;
mod launch;
mod logging;
mod menu;
mod organize;
mod paste;
mod preferences;
mod rendering;
mod similar;
mod state;

/// The bundle identifier (tauri.conf.json), for the log folder and the single-instance key.
const IDENTIFIER: &str = "app.wenzhai.desktop";

fn main() {
    rendering::configure_before_start();
    let log_dir = logging::default_dir(IDENTIFIER);
    let _log = logging::init(log_dir.as_deref());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Wenzhai starting");
    // An unreadable settings file is an error naming it, shown in the window.
    let library_dir = wenzhai_library::default_dir();
    let result = tauri::Builder::default()
        // First, so that a second launch on the same library exits before it opens anything.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(launch::instance_id(
                    IDENTIFIER,
                    library_dir.as_ref().ok().map(|p| p.as_path()),
                ))
                .callback(launch::second_instance)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_deep_link::init())
        .setup(|app| {
            setup_links(app);
            Ok(())
        })
        .manage(launch::PendingLaunch(std::sync::Mutex::new(
            launch::from_own_args(),
        )))
        .manage(logging::LogDir(log_dir))
        .manage(state::AppState::open(library_dir))
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
            commands::take_launch,
            preferences::set_image_policy,
            preferences::choose_library_folder,
            preferences::move_library,
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
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            tracing::error!("could not start the app: {e}");
            std::process::exit(1);
        }
    }
}

/// `wenzhai://` links: registered at start for an app that was not installed (the packages
/// carry the scheme in their desktop entry / Info.plist / registry), and delivered while the
/// app runs. macOS sends links and "Open with" files as `RunEvent::Opened`, not as a second
/// launch; the deep-link plugin re-emits every one of those URLs (`file://` included) here, so
/// this is the one place they are handled (handling `Opened` too would import twice).
fn setup_links<R: tauri::Runtime>(app: &mut tauri::App<R>) {
    use tauri_plugin_deep_link::DeepLinkExt;
    // Best effort: it needs xdg-mime on Linux.
    #[cfg(any(windows, target_os = "linux"))]
    if let Err(e) = app.deep_link().register_all() {
        tracing::warn!("could not register wenzhai:// links: {e}");
    }
    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| {
        let urls = event
            .urls()
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>();
        launch::deliver(&handle, launch::parse(urls, std::path::Path::new("/")));
    });
}
