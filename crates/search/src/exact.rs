//! The exact form (`=組織`, or the "exact characters" toggle): only these characters, not
//! their 简繁 variants.
//!
//! The index holds folded text only (no second copy: the exact form must not make the index
//! grow), so an exact part is searched folded, which finds a superset, and the hits are
//! checked here against the stored text (title, body, annotation notes and quotes: what the
//! index matched), compared with width and case folded as usual but without 简繁 folding.
//! See [`SearchIndex::search_checked`](crate::SearchIndex::search_checked).

use std::collections::HashSet;

use crate::parse::{Atom, Clause, ParsedQuery};
use crate::snippet;
use crate::IndexDoc;

/// True when the exact part `text` occurs in the article's title, body or one of its notes.
pub(crate) fn occurs_exactly(doc: &IndexDoc, text: &str) -> bool {
    let part = [format!("={text}")];
    snippet::contains_part(&doc.title, &part)
        || snippet::contains_part(&doc.body, &part)
        || doc.notes.iter().any(|n| snippet::contains_part(n, &part))
}

/// The clauses the check decides: those with an exact part.
pub(crate) fn checked_clauses(query: &ParsedQuery) -> impl Iterator<Item = (usize, &Clause)> {
    query
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.any_of.iter().any(|a| matches!(a, Atom::Exact(_))))
}

/// The other alternatives of a checked clause (`=組織 OR tag:x`: `tag:x`), as a query of
/// their own, so the index can tell which articles they match. None when there are none.
pub(crate) fn other_alternatives(clause: &Clause) -> Option<ParsedQuery> {
    let any_of: Vec<Atom> = clause
        .any_of
        .iter()
        .filter(|a| !matches!(a, Atom::Exact(_)))
        .cloned()
        .collect();
    (!any_of.is_empty()).then(|| ParsedQuery {
        clauses: vec![Clause {
            any_of,
            exclude: false,
        }],
        states: Vec::new(),
    })
}

/// Whether `doc` passes every checked clause: a required one holds when one of its exact parts
/// occurs exactly or the article matches one of its other alternatives (`others`, by clause
/// index); an excluded one (a single exact part) when the part does not occur exactly.
pub(crate) fn passes(
    query: &ParsedQuery,
    doc: &IndexDoc,
    others: &[(usize, HashSet<i64>)],
) -> bool {
    checked_clauses(query).all(|(i, clause)| {
        let exact = clause.any_of.iter().any(|atom| match atom {
            Atom::Exact(text) => occurs_exactly(doc, text),
            _ => false,
        });
        if clause.exclude {
            return !exact;
        }
        exact
            || others
                .iter()
                .any(|(j, ids)| *j == i && ids.contains(&doc.id))
    })
}
