//! `wz suggest`, `wz related` and `wz tag --suggest`: what the app's search box, reader and
//! tag field offer, from a terminal. Plain output is one item a line (the text or tag only,
//! best first); `--json` prints one object a line.

use crate::output::json_line;
use std::path::Path;
use std::process::ExitCode;
use wenzhai_library::{Library, LibraryError, DB_FILE};

/// Open for `wz suggest`: read-only, unless titles, tags or sites lack their stored pinyin
/// keys and nobody else is writing; then as the writer, which stores the keys it makes.
pub fn open_for_suggest(dir: &Path, read_only: Library) -> anyhow::Result<Library> {
    if !read_only.is_read_only()
        || read_only.missing_pinyin_keys()? == 0
        || !dir.join(DB_FILE).is_file()
    {
        return Ok(read_only);
    }
    drop(read_only);
    match Library::open(dir) {
        Err(LibraryError::InUse { .. }) => Ok(Library::open_read_only(dir)?),
        other => Ok(other?),
    }
}

/// `wz suggest [--tags] INPUT`.
pub fn suggest(
    lib: &Library,
    input: &str,
    tags_only: bool,
    limit: usize,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    if tags_only {
        for tag in lib.tag_completions(input, limit)? {
            if as_json {
                json_line(&serde_json::json!({ "kind": "tag", "text": tag }))?;
            } else {
                println!("{tag}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    for s in lib.suggest(input, limit)? {
        if as_json {
            json_line(&s)?;
        } else {
            println!("{}", s.text);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `wz tag --suggest ID`.
pub fn suggest_tags(
    lib: &Library,
    id: i64,
    limit: usize,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    for s in lib.suggest_tags(id, limit)? {
        if as_json {
            json_line(&s)?;
        } else {
            println!("{}", s.tag);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `wz related ID`: plain output is `ID<TAB>TITLE` a line.
pub fn related(lib: &Library, id: i64, limit: usize, as_json: bool) -> anyhow::Result<ExitCode> {
    for r in lib.related(id, limit)? {
        if as_json {
            json_line(&r)?;
        } else {
            println!("{}\t{}", r.id, r.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}
