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
use wenzhai_core::model::{ArticleSummary, ImportStatus, ListQuery, ListSort, NotesFilter};
use wenzhai_library::{default_dir, export, Importer, Library, SortOrder, UpdateMode};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Sort {
    Relevance,
    Date,
}

/// The orders of `wz list` (wenzhai_core's `ListSort`).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ListSortArg {
    Date,
    Title,
    Imported,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Md,
    W3c,
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
        Command::Import {
            json,
            update,
            encoding,
            paths,
        } => {
            let update = if update {
                UpdateMode::Newer
            } else {
                UpdateMode::Never
            };
            let options = Importer {
                update,
                encoding: encoding.as_deref(),
                ..Importer::default()
            };
            import(
                &Library::open(&library_dir(library)?)?,
                &paths,
                json,
                &options,
            )
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
        Command::List {
            json,
            tag,
            site,
            sort,
            limit,
            offset,
        } => {
            let query = ListQuery {
                tag,
                site,
                sort: match sort {
                    ListSortArg::Date => ListSort::Date,
                    ListSortArg::Title => ListSort::Title,
                    ListSortArg::Imported => ListSort::Imported,
                },
                offset,
                ..ListQuery::default()
            };
            list(&read_only(library)?, query, limit, json)
        }
        Command::Tag {
            json,
            suggest: Some(id),
            limit,
            ..
        } => crate::suggest::suggest_tags(&read_only(library)?, id, limit, json),
        Command::Suggest {
            json,
            limit,
            tags,
            input,
        } => {
            let dir = library_dir(library.clone())?;
            let lib = crate::suggest::open_for_suggest(&dir, read_only(library)?)?;
            crate::suggest::suggest(&lib, &input.join(" "), tags, limit, json)
        }
        Command::Related { json, limit, id } => {
            crate::suggest::related(&read_only(library)?, id, limit, json)
        }
        Command::Tag {
            json,
            id,
            changes,
            rename,
            ..
        } => {
            let lib = Library::open(&library_dir(library)?)?;
            match (rename.as_deref(), id) {
                (Some([from, to]), _) => rename_tag(&lib, from, to, json),
                (_, Some(id)) => tag(&lib, id, &changes, json),
                _ => {
                    eprintln!("wz tag: give ID +TAG… or --rename FROM TO");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Annotate {
            json,
            id,
            quote,
            note,
            color,
            article_note,
        } => {
            let lib = Library::open(&library_dir(library)?)?;
            if let Some(text) = article_note {
                let a = lib.set_article_note(id, Some(text))?;
                let note = a.annotations.into_iter().find(|n| n.is_article_note());
                if json {
                    json_line(&json!({ "id": id, "article_note": note }))?;
                } else if note.is_some() {
                    println!("article note set on article {id}");
                } else {
                    println!("article note removed from article {id}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let Some(quote) = quote else {
                eprintln!("wz annotate: give --quote TEXT or --article-note TEXT");
                return Ok(ExitCode::from(2));
            };
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
            notes_only,
            output,
            id,
        } => export(
            &read_only(library)?,
            ExportWhat {
                format,
                all,
                tag: tag.as_deref(),
                id,
                notes_only,
            },
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
        Command::Dupes {
            json,
            merge,
            keep_apart,
        } => {
            // A writer, so that articles imported before near-duplicate detection are
            // sketched first; listing works read-only while the app has the library open.
            let dir = library_dir(library)?;
            let lib = match Library::open(&dir) {
                Err(wenzhai_library::LibraryError::InUse { .. })
                    if merge.is_none() && keep_apart.is_none() =>
                {
                    Library::open_read_only(&dir)?
                }
                other => other?,
            };
            if !lib.is_read_only() {
                lib.backfill_sketches()?;
            }
            crate::dupes::dupes(&lib, json, merge.as_deref(), keep_apart.as_deref())
        }
        Command::Move { json, wait, dest } => {
            let chosen = library.is_some();
            crate::relocate::move_library(
                &library_dir(library)?,
                &dest,
                std::time::Duration::from_secs(wait),
                chosen,
                json,
            )
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

/// Open for reading. When the index is behind SQLite or cannot be opened, and no other process
/// is writing (which would catch it up itself), open as the writer instead, which catches the
/// index up first, so a search after a crash, a deleted index folder or an upgrade that
/// changed the index schema never silently finds too little.
fn read_only(library: Option<PathBuf>) -> anyhow::Result<Library> {
    let dir = library_dir(library)?;
    match Library::open_read_only(&dir) {
        Ok(lib) if !lib.index_is_behind()? => return Ok(lib),
        Ok(lib) => drop(lib),
        // An index a reader cannot open (written by an older Wenzhai with another schema, or
        // damaged) is rebuilt by a writer's open, below.
        Err(wenzhai_library::LibraryError::Search(_)) => {}
        Err(e) => return Err(e.into()),
    }
    match Library::open(&dir) {
        Err(wenzhai_library::LibraryError::InUse { .. }) => Ok(Library::open_read_only(&dir)?),
        other => Ok(other?),
    }
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

fn import(
    lib: &Library,
    paths: &[PathBuf],
    as_json: bool,
    options: &Importer,
) -> anyhow::Result<ExitCode> {
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
    let report = lib.import(paths, options, |p| {
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
                ImportStatus::Duplicate {
                    duplicate_of,
                    changed,
                    older,
                } if bar.is_none() => {
                    let why = match (changed, older) {
                        (true, true) => " (same URL, older text: kept the article)",
                        (true, false) => " (same URL, other text: --update replaces it)",
                        _ => "",
                    };
                    println!("duplicate of {duplicate_of}{why}: {}", p.outcome.path)
                }
                ImportStatus::Updated {
                    id,
                    placed,
                    orphaned,
                } if bar.is_none() => println!(
                    "updated {id} ({placed} highlights placed, {orphaned} unplaced): {}",
                    p.outcome.path
                ),
                ImportStatus::NearDuplicate {
                    id,
                    near_duplicate_of,
                    similarity,
                } if bar.is_none() => println!(
                    "imported {id}, a near-duplicate of {near_duplicate_of} (similarity {similarity:.2}): {}",
                    p.outcome.path
                ),
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
        let updated = if s.updated > 0 {
            format!(", {} updated", s.updated)
        } else {
            String::new()
        };
        let near = if s.near_duplicates > 0 {
            format!(" ({} near-duplicates)", s.near_duplicates)
        } else {
            String::new()
        };
        println!(
            "{} imported{near}, {} duplicates{updated}, {} failed",
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
            let chapter = hit
                .chapter
                .as_deref()
                .map(|c| format!(" · {c}"))
                .unwrap_or_default();
            println!(
                "{:>6}  {}{chapter}\n        {}",
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
        print!("{}", export::article_markdown(&a, true));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the articles of `query` from its offset on, `limit` of them or all, a page at a time.
fn list(
    lib: &Library,
    mut query: ListQuery,
    limit: Option<u32>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let mut left = limit.unwrap_or(u32::MAX);
    while left > 0 {
        query.limit = left.min(ListQuery::MAX_LIMIT);
        let rows = lib.list_page(&query)?.rows;
        let n = rows.len() as u32;
        print_summaries(rows, as_json)?;
        if n < query.limit {
            break;
        }
        left -= n;
        query.offset = query.offset.saturating_add(n);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summaries(rows: Vec<ArticleSummary>, as_json: bool) -> anyhow::Result<()> {
    for a in rows {
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
    Ok(())
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

fn rename_tag(lib: &Library, from: &str, to: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let changed = lib.rename_tag(from, to)?;
    if as_json {
        json_line(&json!({ "from": from, "to": to, "articles": changed }))?;
    } else {
        println!("{from} → {to}: {changed} articles");
    }
    Ok(ExitCode::SUCCESS)
}

/// What `wz export` was asked for.
struct ExportWhat<'a> {
    format: ExportFormat,
    all: bool,
    tag: Option<&'a str>,
    id: Option<i64>,
    notes_only: bool,
}

fn export(lib: &Library, what: ExportWhat, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut ids: Vec<i64> = match (what.all, what.tag, what.id) {
        (true, _, _) => lib.ids()?,
        (_, Some(t), _) => lib.list(Some(t))?.into_iter().map(|a| a.id).collect(),
        (_, _, Some(id)) => vec![id],
        _ => {
            eprintln!("wz export: give an ID, --tag T or --all");
            return Ok(ExitCode::from(2));
        }
    };
    if what.notes_only && !matches!(what.format, ExportFormat::Md) {
        eprintln!(
            "wz export: --notes-only goes with --format md (w3c holds only annotations anyway)"
        );
        return Ok(ExitCode::from(2));
    }
    if what.notes_only || matches!(what.format, ExportFormat::W3c) {
        // Only annotated articles are exported: don't load the others' texts at all.
        let annotated: std::collections::HashSet<i64> = lib
            .notes(NotesFilter::default())?
            .iter()
            .map(|row| row.article_id)
            .collect();
        ids.retain(|id| annotated.contains(id));
    }
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("{}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    let label = match (what.tag, what.id) {
        (Some(t), _) => format!("文摘笔记 Wenzhai notes: {t}"),
        (None, Some(id)) if !what.all => format!("文摘笔记 Wenzhai notes: article {id}"),
        _ => "文摘笔记 Wenzhai notes".to_string(),
    };
    match what.format {
        ExportFormat::Json => {
            // One article at a time: a whole library's bodies are never held at once.
            for id in ids {
                serde_json::to_writer(&mut out, &lib.article(id)?)?;
                writeln!(out)?;
            }
        }
        ExportFormat::Md if what.notes_only => {
            let articles = ids
                .into_iter()
                .map(|id| lib.article(id))
                .collect::<Result<Vec<_>, _>>()?;
            write!(out, "{}", export::notes_markdown(&label, &articles))?;
        }
        ExportFormat::Md => {
            for (i, id) in ids.into_iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", export::article_markdown(&lib.article(id)?, true))?;
            }
        }
        ExportFormat::W3c => {
            let articles = ids
                .into_iter()
                .map(|id| lib.article(id))
                .collect::<Result<Vec<_>, _>>()?;
            // Named by what was exported, in this library: the same export keeps its ids.
            let selection = match (what.all, what.tag, what.id) {
                (true, _, _) => "all".to_string(),
                (_, Some(t), _) => format!("tag:{t}"),
                (_, _, Some(id)) => format!("article:{id}"),
                _ => "all".to_string(),
            };
            let collection = lib.w3c_collection(&selection, &label, &articles)?;
            serde_json::to_writer_pretty(&mut out, &collection)?;
            writeln!(out)?;
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
