//! The subcommands. Each opens the library the way it needs: writers take the one-writer lock,
//! readers (search, list, show, export, check) open read-only so they work while the app runs.

use crate::output::{json_line, short_date};
use crate::Command;
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wenzhai_core::model::{ArticleDetail, ImportStatus};
use wenzhai_library::{default_dir, Importer, Library, SortOrder};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Sort {
    Relevance,
    Date,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Md,
}

fn library_dir(arg: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match arg {
        Some(dir) => Ok(dir),
        None => Ok(default_dir()?),
    }
}

pub fn run(library: Option<PathBuf>, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Extract { json, file } => extract(&file, json),
        Command::Import { json, paths } => {
            import(&Library::open(&library_dir(library)?)?, &paths, json)
        }
        Command::Search {
            json,
            limit,
            offset,
            sort,
            query,
        } => {
            let sort = match sort {
                Sort::Relevance => SortOrder::Relevance,
                Sort::Date => SortOrder::Newest,
            };
            search(
                &read_only(library)?,
                &query.join(" "),
                sort,
                offset,
                limit,
                json,
            )
        }
        Command::Show { json, id } => show(&read_only(library)?, id, json),
        Command::List { json, tag } => list(&read_only(library)?, tag.as_deref(), json),
        Command::Tag { json, id, changes } => {
            tag(&Library::open(&library_dir(library)?)?, id, &changes, json)
        }
        Command::Annotate {
            json,
            id,
            quote,
            note,
            color,
        } => {
            let lib = Library::open(&library_dir(library)?)?;
            let a = lib.annotate(id, &quote, note.as_deref(), color.as_deref())?;
            if json {
                json_line(&a)?;
            } else {
                println!(
                    "annotation {} on article {id}: chars {}..{}",
                    a.id, a.start, a.end
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Delete { id } => {
            Library::open(&library_dir(library)?)?.delete(id)?;
            eprintln!("deleted article {id}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            all,
            tag,
            output,
            id,
        } => export(
            &read_only(library)?,
            format,
            all,
            tag.as_deref(),
            id,
            output.as_deref(),
        ),
        Command::Backup { file } => {
            let counts = read_only(library)?.backup(&file)?;
            println!(
                "backed up {} articles and {} originals to {}",
                counts.articles,
                counts.originals,
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file } => {
            let dir = library_dir(library)?;
            let (lib, counts) = Library::restore(&file, &dir)?;
            let check = lib.check()?;
            println!(
                "restored {} articles and {} originals into {}{}",
                counts.articles,
                counts.originals,
                dir.display(),
                if check.ok() {
                    ""
                } else {
                    " (check found problems: run `wz check`)"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => {
            let lib = Library::open(&library_dir(library)?)?;
            let n = lib.reindex(|_, _| {})?;
            eprintln!("reindexed {n} articles");
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { json } => {
            // Open as the app would when nobody else is writing: that is when an index left
            // behind by a crash catches up. With another writer active, check read-only.
            let dir = library_dir(library)?;
            let lib = if !dir.join(wenzhai_library::DB_FILE).is_file() {
                Library::open_read_only(&dir)? // says "no library at …"
            } else {
                match Library::open(&dir) {
                    Err(wenzhai_library::LibraryError::InUse { .. }) => {
                        Library::open_read_only(&dir)?
                    }
                    other => other?,
                }
            };
            check(&lib, json)
        }
        Command::Reextract { json } => {
            let lib = Library::open(&library_dir(library)?)?;
            let report = lib.reextract(|_, _| {})?;
            if json {
                json_line(&report)?;
            } else {
                for (id, reason) in &report.skipped {
                    eprintln!("skipped {id}: {reason}");
                }
                println!(
                    "{} checked, {} updated, {} unchanged, {} skipped; highlights: {} in place, {} moved, {} unplaced (kept)",
                    report.checked,
                    report.updated,
                    report.unchanged,
                    report.skipped.len(),
                    report.annotations.exact,
                    report.annotations.moved,
                    report.annotations.orphaned
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read_only(library: Option<PathBuf>) -> anyhow::Result<Library> {
    Ok(Library::open_read_only(&library_dir(library)?)?)
}

fn extract(file: &Path, as_json: bool) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    if bytes.len() as u64 > wenzhai_core::MAX_FILE_BYTES {
        bail!(
            "{}: {}",
            file.display(),
            wenzhai_core::ImportError::TooLarge {
                size: bytes.len() as u64,
                limit: wenzhai_core::MAX_FILE_BYTES
            }
        );
    }
    let name = file.file_name().and_then(|n| n.to_str());
    let x = wenzhai_core::extract(&bytes, name)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    if as_json {
        json_line(&x.to_json())?;
    } else {
        println!("{}", x.title);
        for (k, v) in [
            ("author", &x.author),
            ("published", &x.published),
            ("source", &x.source),
            ("site", &x.site),
            ("section", &x.section),
            ("url", &x.url),
        ] {
            if let Some(v) = v {
                println!("{k}: {v}");
            }
        }
        println!("({}, {}, {})\n", x.format.as_str(), x.encoding, x.lang);
        println!("{}", x.body_text);
    }
    Ok(ExitCode::SUCCESS)
}

fn import(lib: &Library, paths: &[PathBuf], as_json: bool) -> anyhow::Result<ExitCode> {
    let bar = if std::io::stdout().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let mut print_error: Option<anyhow::Error> = None;
    let report = lib.import(paths, &Importer::default(), |p| {
        if let Some(bar) = &bar {
            bar.set_length(u64::from(p.total));
            bar.set_position(u64::from(p.done));
            bar.set_message(p.outcome.path.clone());
        }
        let printed = if as_json {
            json_line(&p.outcome)
        } else {
            match &p.outcome.status {
                ImportStatus::Failed { error, .. } => {
                    let line = format!("failed: {}: {error}", p.outcome.path);
                    match &bar {
                        Some(bar) => bar.println(line),
                        None => eprintln!("{line}"),
                    }
                }
                ImportStatus::Duplicate { duplicate_of } if bar.is_none() => {
                    println!("duplicate of {duplicate_of}: {}", p.outcome.path)
                }
                ImportStatus::Imported { id } if bar.is_none() => {
                    println!("imported {id}: {}", p.outcome.path)
                }
                _ => {}
            }
            Ok(())
        };
        if let Err(e) = printed {
            print_error.get_or_insert(e);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(e) = print_error {
        return Err(e);
    }
    let s = &report.summary;
    if as_json {
        json_line(&json!({ "summary": s }))?;
    } else {
        println!(
            "{} imported, {} duplicates, {} failed",
            s.imported, s.duplicates, s.failed
        );
    }
    Ok(if s.failed > 0 {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn search(
    lib: &Library,
    query: &str,
    sort: SortOrder,
    offset: usize,
    limit: usize,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let results = lib.search_sorted(query, sort, offset, limit)?;
    if as_json {
        json_line(&results)?;
    } else {
        println!("{} matches ({} ms)", results.total, results.took_ms);
        for hit in &results.hits {
            println!(
                "{:>6}  {}\n        {}",
                hit.id,
                hit.title,
                hit.snippet.replace('\n', " ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(lib: &Library, id: i64, as_json: bool) -> anyhow::Result<ExitCode> {
    let a = lib.article(id)?;
    if as_json {
        json_line(&a)?;
    } else {
        print!("{}", markdown(&a));
    }
    Ok(ExitCode::SUCCESS)
}

fn list(lib: &Library, tag: Option<&str>, as_json: bool) -> anyhow::Result<ExitCode> {
    for a in lib.list(tag)? {
        if as_json {
            json_line(&a)?;
        } else {
            let from = a.source.as_deref().or(a.site.as_deref()).unwrap_or("");
            println!(
                "{:>6}  {}  {}  {}",
                a.id,
                short_date(a.published.as_deref()),
                a.title,
                from
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn tag(lib: &Library, id: i64, changes: &[String], as_json: bool) -> anyhow::Result<ExitCode> {
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for c in changes {
        if let Some(t) = c.strip_prefix('+') {
            add.push(t.to_string());
        } else if let Some(t) = c.strip_prefix('-') {
            remove.push(t.to_string());
        } else {
            add.push(c.to_string());
        }
    }
    let tags = lib.retag(id, &add, &remove)?;
    if as_json {
        json_line(&json!({ "id": id, "tags": tags }))?;
    } else {
        println!("{id}: {}", tags.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

fn markdown(a: &ArticleDetail) -> String {
    let mut out = format!("# {}\n\n", a.title);
    for (k, v) in [
        ("作者 Author", &a.author),
        ("发布时间 Published", &a.published),
        ("来源 Source", &a.source),
        ("网站 Site", &a.site),
        ("栏目 Section", &a.section),
        ("URL", &a.url),
    ] {
        if let Some(v) = v {
            out.push_str(&format!("- {k}: {v}\n"));
        }
    }
    if !a.tags.is_empty() {
        out.push_str(&format!("- Tags: {}\n", a.tags.join(", ")));
    }
    out.push('\n');
    out.push_str(&a.body);
    out.push_str("\n\n");
    for n in &a.annotations {
        out.push_str(&format!("> {}\n", n.quote));
        if let Some(note) = &n.note {
            out.push_str(&format!("\n{note}\n"));
        }
        out.push('\n');
    }
    out
}

fn export(
    lib: &Library,
    format: ExportFormat,
    all: bool,
    tag: Option<&str>,
    id: Option<i64>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let ids: Vec<i64> = match (all, tag, id) {
        (true, _, _) => lib.ids()?,
        (_, Some(t), _) => lib.list(Some(t))?.into_iter().map(|a| a.id).collect(),
        (_, _, Some(id)) => vec![id],
        _ => {
            eprintln!("wz export: give an ID, --tag T or --all");
            return Ok(ExitCode::from(2));
        }
    };
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("{}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    for id in ids {
        let a = lib.article(id)?;
        match format {
            ExportFormat::Json => {
                serde_json::to_writer(&mut out, &a)?;
                writeln!(out)?;
            }
            ExportFormat::Md => write!(out, "{}", markdown(&a))?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn check(lib: &Library, as_json: bool) -> anyhow::Result<ExitCode> {
    let report = lib.check()?;
    if as_json {
        json_line(&json!({
            "ok": report.ok(),
            "articles": report.articles,
            "indexed": report.indexed,
            "originals_checked": report.originals_checked,
            "problems": report.problems,
        }))?;
    } else if report.ok() {
        println!(
            "ok: {} articles, {} indexed, {} originals verified",
            report.articles, report.indexed, report.originals_checked
        );
    } else {
        for p in &report.problems {
            println!("problem: {p}");
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
