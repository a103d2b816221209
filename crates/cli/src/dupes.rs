//! `wz dupes`: the library's near-duplicate clusters, and the two things a user does about
//! one, headless: `--merge KEEP OTHER` and `--keep-apart A B`.

use crate::output::{json_line, short_date};
use serde_json::json;
use std::process::ExitCode;
use wenzhai_library::Library;

/// List the clusters (one block each, or `--json`: one object a line
/// `{"ids", "members": [{id, title, site, published}], "similarity"}`), or merge, or keep
/// apart.
pub fn dupes(
    lib: &Library,
    as_json: bool,
    merge: Option<&[i64]>,
    keep_apart: Option<&[i64]>,
) -> anyhow::Result<ExitCode> {
    if let Some(&[keep, other]) = merge {
        let undo = lib.merge_near_duplicates(keep, other)?;
        if as_json {
            json_line(&json!({
                "merged": other, "into": keep,
                "highlights_placed": undo.highlights.placed,
                "highlights_orphaned": undo.highlights.orphaned,
            }))?;
        } else {
            println!(
                "merged {other} into {keep} ({} highlights placed, {} unplaced)",
                undo.highlights.placed, undo.highlights.orphaned
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(&[a, b]) = keep_apart {
        lib.keep_apart(a, b)?;
        if as_json {
            json_line(&json!({ "kept_apart": [a, b] }))?;
        } else {
            println!("{a} and {b} are kept apart");
        }
        return Ok(ExitCode::SUCCESS);
    }
    for cluster in lib.duplicate_clusters()? {
        if as_json {
            let members: Vec<_> = cluster
                .members
                .iter()
                .map(|m| json!({"id": m.id, "title": m.title, "site": m.site, "published": m.published}))
                .collect();
            json_line(&json!({
                "ids": cluster.ids, "members": members, "similarity": cluster.similarity,
            }))?;
        } else {
            println!("similarity {:.2}", cluster.similarity);
            for m in &cluster.members {
                println!(
                    "  {:>6}  {}  {}  {}",
                    m.id,
                    short_date(m.published.as_deref()),
                    m.site.as_deref().unwrap_or("-"),
                    m.title
                );
            }
            println!();
        }
    }
    Ok(ExitCode::SUCCESS)
}
