//! The translation of a [`ParsedQuery`] to a tantivy query (no `QueryParser`).
//!
//! A text part matches when it occurs in the title, the body or the article's annotation notes
//! and quotes (the `notes` field): CJK as a substring, words
//! (letters/digits) as whole words, case-insensitively, full-width ASCII folded to half-width.
//! A part is tokenized like the indexed text and becomes one term or a phrase with the
//! tokens' positions as offsets, so a single CJK char is a unigram term and a longer CJK run a
//! chain of bigrams. `site:`/`source:`/`author:` values are matched the same way inside their
//! field; `tag:` is one term of the tag-path field; `after:`/`before:` are ranges of the
//! `published` field. Filters score nothing (constant 0), so they never change the ranking.
//!
//! An exact part (`=組織`) becomes the same query as the folded part: the index only holds
//! folded text, so it finds every 简繁 variant and `SearchIndex::search_checked` keeps the
//! hits whose stored text has the exact characters. An excluded exact part is left out here
//! (excluding its folded form would drop articles that only have another variant) and
//! applied by that check.
//!
//! Jieba words of the text parts are added as optional clauses, so documents where the part
//! is a word rank higher; they never decide whether a document matches. A query without a
//! positive clause or state filter matches nothing; one with only state filters matches every
//! document (the caller narrows it with the allowed ids).

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::filter::Filter;
use crate::parse::{Atom, MetaField, ParsedQuery};
use crate::schema::Fields;
use crate::tokenizer::{query_words, TokKind, Tokens};

/// Score multiplier of a match in the title.
pub(crate) const TITLE_BOOST: f32 = 3.0;
/// Score multiplier of the jieba word clauses.
pub(crate) const WORDS_BOOST: f32 = 1.0;

/// The terms of a part with their relative positions: every word token, a lone CJK char as
/// its unigram, and a CJK run of n ≥ 2 chars as the bigrams at even offsets plus the last one,
/// which pins every char of the run at its exact place.
fn part_terms(text: &str) -> Vec<(usize, String)> {
    let tokens: Vec<_> = Tokens::new(text).collect();
    let mut terms = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        if tok.kind != TokKind::Unigram {
            // Words (bigrams are only seen inside a run, below).
            terms.push((tok.position, tok.text.clone()));
            i += 1;
            continue;
        }
        // A CJK run: unigram, bigram, unigram, bigram, …, unigram.
        let start = i;
        let mut end = i + 1;
        while end < tokens.len() && tokens[end].kind == TokKind::Bigram {
            end += 2;
        }
        let run = &tokens[start..end.min(tokens.len())];
        let bigrams: Vec<_> = run.iter().filter(|t| t.kind == TokKind::Bigram).collect();
        if bigrams.is_empty() {
            terms.push((tok.position, tok.text.clone()));
        } else {
            let last = bigrams.len() - 1;
            for (k, bigram) in bigrams.iter().enumerate() {
                if k % 2 == 0 || k == last {
                    terms.push((bigram.position, bigram.text.clone()));
                }
            }
        }
        i = end;
    }
    let base = terms.first().map_or(0, |(position, _)| *position);
    terms
        .into_iter()
        .map(|(position, text)| (position - base, text))
        .collect()
}

/// The query for one part in one field, or None when the part has no token.
fn part_query(terms: &[(usize, String)], field: Field) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, text)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(
            terms
                .iter()
                .map(|(offset, text)| (*offset, Term::from_field_text(field, text)))
                .collect(),
        ))),
    }
}

/// A part in the title (boosted), the body or the annotations' notes and quotes.
fn in_text(text: &str, fields: &Fields) -> Option<Box<dyn Query>> {
    let terms = part_terms(text);
    let title = part_query(&terms, fields.title)?;
    let body = part_query(&terms, fields.body)?;
    let notes = part_query(&terms, fields.notes)?;
    Some(Box::new(BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(title, TITLE_BOOST)) as Box<dyn Query>,
        ),
        (Occur::Should, body),
        (Occur::Should, notes),
    ])))
}

/// Candidate jieba words of a part as optional term clauses on the `words` field.
fn word_clauses(text: &str, fields: &Fields, clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
    for word in query_words(text) {
        let query = TermQuery::new(
            Term::from_field_text(fields.words, &word),
            IndexRecordOption::WithFreqs,
        );
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(query), WORDS_BOOST)),
        ));
    }
}

/// A filter: matches like `query`, scores 0 (see [`Filter`]).
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(Filter::new(query))
}

/// The query of one atom, or None when it cannot be expressed (a text without tokens).
fn atom_query(atom: &Atom, fields: &Fields) -> Option<Box<dyn Query>> {
    match atom {
        Atom::Text(text) | Atom::Exact(text) => in_text(text, fields),
        Atom::Tag(path) => Some(filter(Box::new(TermQuery::new(
            Term::from_field_text(fields.tag, path),
            IndexRecordOption::Basic,
        )))),
        Atom::Meta(field, value) => {
            let field = match field {
                MetaField::Site => fields.site,
                MetaField::Source => fields.source,
                MetaField::Author => fields.author,
            };
            part_query(&part_terms(value), field).map(filter)
        }
        Atom::After(key) => Some(filter(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_i64(fields.published, *key)),
            Bound::Unbounded,
        )))),
        Atom::Before(key) => Some(filter(Box::new(RangeQuery::new(
            Bound::Unbounded,
            Bound::Included(Term::from_field_i64(fields.published, *key)),
        )))),
    }
}

/// The tantivy query for a parsed query, or None when it matches nothing.
pub(crate) fn build(parsed: &ParsedQuery, fields: &Fields) -> Option<Box<dyn Query>> {
    if !parsed.has_positive() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut words = Vec::new();
    let mut required = 0;
    for clause in &parsed.clauses {
        if clause.exclude && clause.any_of.iter().any(|a| matches!(a, Atom::Exact(_))) {
            continue; // applied to the stored text, see the module doc
        }
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for atom in &clause.any_of {
            if let Some(query) = atom_query(atom, fields) {
                alternatives.push(query);
                if let (Atom::Text(text) | Atom::Exact(text), false) = (atom, clause.exclude) {
                    word_clauses(text, fields, &mut words);
                }
            }
        }
        let matching: Box<dyn Query> = match alternatives.len() {
            0 => continue,
            1 => alternatives.remove(0),
            _ => Box::new(BooleanQuery::new(
                alternatives
                    .into_iter()
                    .map(|query| (Occur::Should, query))
                    .collect(),
            )),
        };
        if clause.exclude {
            // Wrapped even for text parts: an exclusion is probed with `seek_danger`.
            clauses.push((Occur::MustNot, filter(matching)));
        } else {
            required += 1;
            clauses.push((Occur::Must, matching));
        }
    }
    if required == 0 {
        if parsed.state_filters().is_empty() {
            return None;
        }
        // Only state filters (and maybe exclusions): every document, narrowed by the caller.
        clauses.push((Occur::Must, filter(Box::new(AllQuery))));
    }
    clauses.extend(words);
    Some(Box::new(BooleanQuery::new(clauses)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_of_parts() {
        let t = |s: &str| -> Vec<(usize, String)> { part_terms(s) };
        assert_eq!(t("党"), vec![(0, "党".into())]);
        assert_eq!(t("碳中和"), vec![(0, "碳中".into()), (1, "中和".into())]);
        assert_eq!(
            t("全国人民代表大会"),
            vec![
                (0, "全国".into()),
                (2, "人民".into()),
                (4, "代表".into()),
                (6, "大会".into())
            ]
        );
        assert_eq!(t("中美双方"), vec![(0, "中美".into()), (2, "双方".into())]);
        assert_eq!(
            t("人民代表大"),
            vec![(0, "人民".into()), (2, "代表".into()), (3, "表大".into())]
        );
        assert_eq!(t("5G网络"), vec![(0, "5g".into()), (1, "网络".into())]);
        assert_eq!(t("G20峰"), vec![(0, "g20".into()), (1, "峰".into())]);
        assert!(t("，。😀").is_empty());
    }
}
