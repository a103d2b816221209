//! Our small query language and its translation to tantivy queries (no `QueryParser`).
//!
//! The input is split on whitespace; a "double-quoted phrase" (also “…”, 「…」, 『…』,
//! full-width ＂…＂) stays one part, and an unbalanced quote runs to the end. A part starting
//! with `-` is excluded. Every other part is required, and it matches when it occurs in the
//! title or in the body: CJK as a substring, words (letters/digits) as whole words,
//! case-insensitively, full-width ASCII folded to half-width. A part is tokenized like the
//! indexed text and becomes one term or a phrase with the tokens' positions as offsets, so a
//! single CJK char is a unigram term and a longer CJK run a chain of bigrams.
//!
//! Parts without any token (only punctuation, emoji…) are ignored. A query without required
//! parts matches nothing. Jieba words of the required parts are added as optional clauses, so
//! documents where the part is a word rank higher; they never decide whether a document
//! matches.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::schema::Fields;
use crate::tokenizer::{jieba_words, TokKind, Tokens};

/// Queries longer than this many chars are cut (a pasted paragraph still works).
pub(crate) const MAX_QUERY_CHARS: usize = 1024;
/// Score multiplier of a match in the title.
pub(crate) const TITLE_BOOST: f32 = 3.0;
/// Score multiplier of the jieba word clauses.
pub(crate) const WORDS_BOOST: f32 = 1.0;

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub text: String,
    pub exclude: bool,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '＂' | '“' | '「' | '『')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '＂' | '”' | '」' | '』')
}

/// Splits a query into parts (see the module doc). Parts may still be without tokens.
pub(crate) fn parse(query: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut exclude = false;
    let mut quoted = false;
    let mut flush = |text: &mut String, exclude: &mut bool| {
        if !text.is_empty() {
            parts.push(Part {
                text: std::mem::take(text),
                exclude: *exclude,
            });
        }
        *exclude = false;
    };
    for c in query.chars().take(MAX_QUERY_CHARS) {
        if quoted {
            if is_close_quote(c) {
                quoted = false;
                flush(&mut text, &mut exclude);
            } else {
                text.push(c);
            }
        } else if c.is_whitespace() {
            flush(&mut text, &mut exclude);
        } else if is_open_quote(c) {
            // `-"a b"` keeps its exclusion; `ab"c d"` makes two parts.
            if !text.is_empty() {
                flush(&mut text, &mut exclude);
            }
            quoted = true;
        } else if c == '-' && text.is_empty() && !exclude {
            exclude = true;
        } else {
            text.push(c);
        }
    }
    flush(&mut text, &mut exclude);
    parts
}

/// True when `text` gives at least one matching token.
pub(crate) fn has_tokens(text: &str) -> bool {
    Tokens::new(text).next().is_some()
}

/// The literal required parts of a query (see [`crate::query_parts`]).
pub fn query_parts(query: &str) -> Vec<String> {
    parse(query)
        .into_iter()
        .filter(|part| !part.exclude && has_tokens(&part.text))
        .map(|part| part.text)
        .collect()
}

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

/// A part in the title (boosted) or the body.
fn title_or_body(text: &str, fields: &Fields) -> Option<Box<dyn Query>> {
    let terms = part_terms(text);
    let title = part_query(&terms, fields.title)?;
    let body = part_query(&terms, fields.body)?;
    Some(Box::new(BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(title, TITLE_BOOST)) as Box<dyn Query>,
        ),
        (Occur::Should, body),
    ])))
}

/// Jieba words of a part as optional term clauses on the `words` field.
fn word_clauses(text: &str, fields: &Fields, clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
    let (folded, ranges) = jieba_words(text);
    for (from, to) in ranges {
        if let Some(word) = folded.get(from..to) {
            let query = TermQuery::new(
                Term::from_field_text(fields.words, word),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), WORDS_BOOST)),
            ));
        }
    }
}

/// The tantivy query for a user query, or None when nothing is required (no match).
pub(crate) fn build(query: &str, fields: &Fields) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut words = Vec::new();
    let mut required = 0;
    for part in parse(query) {
        let Some(matching) = title_or_body(&part.text, fields) else {
            continue;
        };
        if part.exclude {
            clauses.push((Occur::MustNot, matching));
        } else {
            required += 1;
            clauses.push((Occur::Must, matching));
            word_clauses(&part.text, fields, &mut words);
        }
    }
    if required == 0 {
        return None;
    }
    clauses.extend(words);
    Some(Box::new(BooleanQuery::new(clauses)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, exclude: bool) -> Part {
        Part {
            text: text.into(),
            exclude,
        }
    }

    #[test]
    fn parse_parts() {
        assert_eq!(
            parse(r#"疫情  防控 "Tony Blair" -改革 “中国式 现代化”"#),
            vec![
                p("疫情", false),
                p("防控", false),
                p("Tony Blair", false),
                p("改革", true),
                p("中国式 现代化", false),
            ]
        );
        assert_eq!(
            parse(r#""unbalanced quote"#),
            vec![p("unbalanced quote", false)]
        );
        assert_eq!(
            parse("- -- COVID-19"),
            vec![p("-", true), p("COVID-19", false)]
        );
        assert!(parse("   ").is_empty());
    }

    #[test]
    fn parse_keeps_quoted_exclusion() {
        assert_eq!(parse(r#"a -"b c""#), vec![p("a", false), p("b c", true)]);
    }

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
