//! `wz`: the Wenzhai library from a terminal. Every command that prints data takes `--json`;
//! the JSON shapes are the interfaces in DESIGN.md that tests and benchmarks rely on.
//!
//! Exit codes: 0 success; 1 an error (the message names the file or the reason); 2 a usage
//! error; 3 an import in which some files failed (the others were imported); `check` exits 1
//! when SQLite, the index and the originals disagree.
//!
//! Options may stand anywhere on the line (`wz search 组织 --json`); see [`args`] for how a
//! word that starts with `-` (`-广告`, `-待读`) stays a word.

mod args;
mod commands;
mod dupes;
mod output;
mod relocate;
mod suggest;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "wz",
    version,
    about = "Wenzhai (文摘): import, search and read your saved articles"
)]
struct Cli {
    /// The library folder (default: $WENZHAI_LIBRARY, else the one settings.json names, else
    /// the OS data dir).
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import files and folders (recursively): .html/.htm, .mht/.mhtml, .txt, .md.
    Import {
        /// One JSON object per file, then a summary.
        #[arg(long)]
        json: bool,
        /// A file saved from the URL of an article already in the library, with another text,
        /// replaces that article's text (keeping its tags, state and highlights; the previous
        /// original is kept as an earlier version), unless the file's date is older.
        /// Without it such a file is a duplicate with "changed": true.
        #[arg(long)]
        update: bool,
        /// Read the files in this encoding (a label such as koi8-r, windows-1251, gb18030,
        /// big5, shift_jis) instead of detecting it: for a file refused as undecodable.
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Show what the importer would store for FILE, without storing it.
    Extract {
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
    /// Search the library: every part must occur (Chinese as substrings, other words whole).
    Search {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// relevance (default) or date (newest first).
        #[arg(long, value_enum, default_value_t = commands::Sort::Relevance)]
        sort: commands::Sort,
        /// The query; a part that starts with `-` excludes (write such parts after `--` when
        /// one looks like an option).
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Show one article.
    Show {
        #[arg(long)]
        json: bool,
        id: i64,
    },
    /// List articles, newest first (or by --sort).
    List {
        #[arg(long)]
        json: bool,
        /// Only articles with this tag (or a tag beneath it).
        #[arg(long)]
        tag: Option<String>,
        /// Only articles of this site (exactly).
        #[arg(long)]
        site: Option<String>,
        /// date (published, newest first), title (A→Z) or imported (newest first).
        #[arg(long, value_enum, default_value_t = commands::ListSortArg::Date)]
        sort: commands::ListSortArg,
        /// At most this many articles (default: all).
        #[arg(long)]
        limit: Option<u32>,
        /// Skip this many articles first.
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Add (+TAG) and remove (-TAG) tags: `wz tag 12 +党建/组织建设 -待读`; or rename a tag
    /// and every tag beneath it everywhere (merging into existing ones):
    /// `wz tag --rename 党建 党的建设`.
    Tag {
        #[arg(long)]
        json: bool,
        #[arg(required_unless_present_any = ["rename", "suggest"])]
        id: Option<i64>,
        #[arg(required_unless_present_any = ["rename", "suggest"], num_args = 1.., value_name = "+TAG|-TAG")]
        changes: Vec<String>,
        /// Print tags suggested for article ID instead (one a line, best first; --json for
        /// objects): its keywords and the tags of the most similar tagged articles.
        #[arg(long, value_name = "ID", conflicts_with_all = ["id", "changes", "rename"])]
        suggest: Option<i64>,
        /// How many suggestions --suggest prints.
        #[arg(long, default_value_t = 10, requires = "suggest")]
        limit: usize,
        #[arg(long, num_args = 2, allow_hyphen_values = true, value_names = ["FROM", "TO"], conflicts_with_all = ["id", "changes"])]
        rename: Option<Vec<String>>,
    },
    /// Suggest titles, tags and sites for what is typed (characters, or pinyin: full,
    /// initials or mixed, e.g. zzgz or zuzhigongzuo for 组织工作), one a line.
    Suggest {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only existing tags (the tag field's autocomplete).
        #[arg(long)]
        tags: bool,
        #[arg(required = true, num_args = 1..)]
        input: Vec<String>,
    },
    /// Articles most like article ID (ID and title a line; --json for objects).
    Related {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        id: i64,
    },
    /// Highlight the first occurrence of a quote in an article, optionally with a note; or
    /// set the article's own note (--article-note, "" removes it).
    #[command(group(clap::ArgGroup::new("what").required(true).args(["quote", "article_note"])))]
    Annotate {
        #[arg(long)]
        json: bool,
        id: i64,
        /// The exact text to highlight (its first occurrence).
        #[arg(long)]
        quote: Option<String>,
        /// The note of the highlight.
        #[arg(long, requires = "quote")]
        note: Option<String>,
        /// One of the five colours the app shows: yellow, green, blue, pink or purple.
        #[arg(long, requires = "quote", value_parser = clap::builder::PossibleValuesParser::new(wenzhai_library::export::HIGHLIGHT_COLORS))]
        color: Option<String>,
        /// The note about the whole article (not tied to a quote); "" removes it.
        #[arg(long, value_name = "TEXT", conflicts_with = "quote")]
        article_note: Option<String>,
    },
    /// Delete an article (its original bytes are kept in originals/).
    Delete { id: i64 },
    /// Export articles: json (every field, one object per line), md (Markdown: metadata,
    /// links, the article note, highlights with their notes in text order, unplaced highlights,
    /// then the text) or w3c (W3C Web Annotation JSON: one AnnotationCollection).
    /// With --notes-only, md gives one document of the highlights and notes of every annotated
    /// article (no texts; articles without annotations left out).
    Export {
        #[arg(long, value_enum, default_value_t = commands::ExportFormat::Json)]
        format: commands::ExportFormat,
        /// Every article.
        #[arg(long, conflicts_with_all = ["tag", "id"])]
        all: bool,
        /// Every article under this tag.
        #[arg(long, conflicts_with = "id")]
        tag: Option<String>,
        /// Markdown of highlights and notes only, in one document (with --format md).
        #[arg(long)]
        notes_only: bool,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        id: Option<i64>,
    },
    /// Write the whole library (database and original files) to one backup FILE; works while
    /// the app has the library open.
    Backup { file: PathBuf },
    /// Rebuild a library from a backup FILE into --library DIR (a new or empty folder).
    Restore { file: PathBuf },
    /// Rebuild the search index from the database.
    Reindex,
    /// Extract every article again from its kept original (after an extractor upgrade);
    /// tags, notes and reading state are kept.
    Reextract {
        #[arg(long)]
        json: bool,
    },
    /// List near-duplicate clusters (reposts of one article), or merge two, or keep two apart.
    Dupes {
        #[arg(long)]
        json: bool,
        /// Merge OTHER into KEEP (tags, state, highlights, notes; OTHER's original becomes a
        /// version of KEEP; OTHER is deleted).
        #[arg(long, num_args = 2, value_names = ["KEEP", "OTHER"])]
        merge: Option<Vec<i64>>,
        /// Remember that A and B are different articles.
        #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "merge")]
        keep_apart: Option<Vec<i64>>,
    },
    /// Move the library folder to DEST (a new or empty folder, on this disk or another): copied
    /// with the writer lock held, checked like `wz check`, then switched to, and the settings
    /// (which the app reads too) pointed at it; the old folder is removed last. Waits for an
    /// import or the app that is writing to finish first.
    Move {
        #[arg(long)]
        json: bool,
        /// Wait at most this many seconds for another process that holds the library (0: fail
        /// at once if one does).
        #[arg(long, default_value_t = 600, value_name = "SECONDS")]
        wait: u64,
        #[arg(value_name = "DEST")]
        dest: PathBuf,
    },
    /// Check that the database, the index and the originals agree (exit 0 only when they do).
    Check {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let mut command = Cli::command();
    // Built first, so that each subcommand lists the global `--library` and `--help`.
    command.build();
    let line = args::normalize(&command, std::env::args_os().collect());
    // Help and version print and exit 0; usage errors print and exit 2.
    let matches = command
        .try_get_matches_from_mut(line)
        .unwrap_or_else(|e| e.exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit());
    match commands::run(cli.library, cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("wz: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
