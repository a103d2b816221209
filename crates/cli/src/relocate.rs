//! `wz move DEST`: the library folder to a new place ([`wenzhai_library::relocate`]), with a
//! progress bar on a terminal and the report at the end.

use crate::output::json_line;
use indicatif::{HumanBytes, ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use wenzhai_library::{relocate, RelocatePhase, RelocateProgress, RelocateReport};

/// Moves the library at `from` to `dest`. `chosen`: the folder came from `--library` (not from
/// `$WENZHAI_LIBRARY` or the settings), for the hints printed after.
pub fn move_library(
    from: &Path,
    dest: &Path,
    wait: Duration,
    chosen: bool,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let bar = (std::io::stdout().is_terminal() && !as_json).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:12} {bar:40} {bytes}/{total_bytes}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut said_waiting = false;
    // A Ctrl-C ends the process like a kill, which a move survives (see the library's docs).
    let never = AtomicBool::new(false);
    let report = relocate(
        from,
        dest,
        wait,
        |p| show_progress(p, bar.as_ref(), &mut said_waiting),
        &never,
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if as_json {
        json_line(&report)?;
    } else {
        print_report(&report, chosen);
    }
    Ok(ExitCode::SUCCESS)
}

fn show_progress(p: &RelocateProgress, bar: Option<&ProgressBar>, said_waiting: &mut bool) {
    if p.phase == RelocatePhase::Waiting {
        if !*said_waiting {
            *said_waiting = true;
            let who = p
                .holder
                .map(|pid| format!(" (pid {pid})"))
                .unwrap_or_default();
            let line =
                format!("waiting for the process that is writing to the library{who} to finish…");
            match bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        return;
    }
    if let Some(bar) = bar {
        bar.set_length(p.bytes_total);
        bar.set_position(p.bytes_done);
        bar.set_message(phase_name(p.phase));
    }
}

fn phase_name(phase: RelocatePhase) -> &'static str {
    match phase {
        RelocatePhase::Waiting => "waiting",
        RelocatePhase::Database => "database",
        RelocatePhase::Files => "files",
        RelocatePhase::Verifying => "checking",
        RelocatePhase::Switching => "switching",
        RelocatePhase::RemovingOld => "removing old",
    }
}

fn print_report(r: &RelocateReport, chosen: bool) {
    println!(
        "moved {} articles ({} annotations, {} originals): {} files, {} in {:.1} s\n  {} → {}",
        r.articles,
        r.annotations,
        r.originals,
        r.files,
        HumanBytes(r.bytes),
        r.seconds,
        r.from.display(),
        r.to.display()
    );
    if r.settings_updated {
        println!("the app and wz now open the library at {}", r.to.display());
    } else {
        println!(
            "the settings were left alone ({} was not the default library): pass --library {} to use it",
            r.from.display(),
            r.to.display()
        );
    }
    if let Some(env) = std::env::var_os("WENZHAI_LIBRARY").filter(|v| !v.is_empty()) {
        let env = PathBuf::from(env);
        let named_old = !chosen || std::path::absolute(&env).is_ok_and(|e| e == r.from);
        if named_old {
            eprintln!(
                "wz: warning: WENZHAI_LIBRARY still names {}: set it to {} (it wins over the settings)",
                env.display(),
                r.to.display()
            );
        }
    }
    if let Some(left) = &r.old_left_behind {
        eprintln!("wz: warning: the old folder could not be removed ({left}); delete it yourself");
    }
}
