//! Tag paths for `tag:` filters: a tag matches itself and its children.
//!
//! A tag is a path of `/`-separated segments (`党建/组织建设`). It is normalized the same way
//! when indexed and when typed in a query: folded (full-width to half-width, lower case,
//! Traditional to Simplified, so `tag:组织` finds the tag `組織`),
//! segments trimmed, empty segments dropped. The index holds every ancestor path of every tag
//! of an article as a whole term, so `tag:党建` is one term lookup that finds `党建` and
//! `党建/组织建设` but not `党建建设`.

use crate::text::fold_char;

/// The normalized form of a tag path (empty when it has no segment).
pub(crate) fn normalize(tag: &str) -> String {
    let folded: String = tag.chars().map(fold_char).collect();
    folded
        .split('/')
        .map(str::trim)
        .filter(|segment| !segment.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// The normalized path and all its ancestors: `a/b/c` → `a`, `a/b`, `a/b/c`.
pub(crate) fn with_ancestors(tag: &str) -> Vec<String> {
    let path = normalize(tag);
    let mut paths: Vec<String> = path
        .match_indices('/')
        .map(|(i, _)| path[..i].to_string())
        .collect();
    if !path.is_empty() {
        paths.push(path);
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalize(" 党建 / 组织建设/ "), "党建/组织建设");
        assert_eq!(normalize("Ｔｅｃｈ／AI"), "tech/ai");
        assert_eq!(normalize(" / "), "");
        assert_eq!(normalize("組織/黨建"), "组织/党建");
        assert_eq!(
            with_ancestors("党建/组织建设/支部"),
            vec!["党建", "党建/组织建设", "党建/组织建设/支部"]
        );
        assert_eq!(with_ancestors("党建"), vec!["党建"]);
        assert!(with_ancestors("//").is_empty());
    }
}
