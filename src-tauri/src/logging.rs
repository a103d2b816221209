//! The app's log: a daily-rotating file in the OS log folder (Linux
//! `~/.local/share/app.wenzhai.desktop/logs`, macOS `~/Library/Logs/app.wenzhai.desktop`,
//! Windows `%LOCALAPPDATA%\app.wenzhai.desktop\logs`), the last 7 days kept, and stderr.
//! Help ▸ Open Log Folder shows it, so a user can send us what went wrong.

use std::path::{Path, PathBuf};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

/// Keeps the file writer's worker alive; dropped at exit, it flushes what is left.
pub struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// The folder the log files live in (also what Help ▸ Open Log Folder opens).
pub struct LogDir(pub Option<PathBuf>);

/// Start logging to `dir` (when given and writable) and stderr. `RUST_LOG` overrides the
/// default level (info for our crates, warn for the rest).
pub fn init(dir: Option<&Path>) -> LogGuard {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,wenzhai=info,wenzhai_library=info"));
    let stderr = fmt::layer().with_writer(std::io::stderr).with_target(false);
    let file = dir.and_then(|d| {
        std::fs::create_dir_all(d).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("wenzhai")
            .filename_suffix("log")
            .max_log_files(7)
            .build(d)
            .ok()
    });
    match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .with(fmt::layer().with_writer(writer).with_ansi(false))
                .try_init();
            LogGuard(Some(guard))
        }
        None => {
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .try_init();
            LogGuard(None)
        }
    }
}

/// Where the OS keeps an app's logs, as Tauri's `app_log_dir` names it, known before the app
/// exists so the first lines are kept too.
pub fn default_dir(identifier: &str) -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        dirs::home_dir().map(|h| h.join("Library/Logs").join(identifier))
    } else {
        dirs::data_local_dir().map(|d| d.join(identifier).join("logs"))
    }
}
