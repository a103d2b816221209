//! The query language: from what the user typed to a [`ParsedQuery`] (no tantivy here; see
//! `query` for the translation).
//!
//! Lexing: the input (cut at [`MAX_QUERY_CHARS`]) is split on whitespace (the ideographic
//! space too); a "double-quoted phrase" (also “…”, 「…」, 『…』, ＂…＂) stays one item, and
//! an unbalanced quote runs to the end. A leading `-` excludes the item. `key:value` (also
//! with the full-width colon `：`, the value possibly quoted) is a filter when `key` is one of
//! `tag site source author after before is has` (case-insensitive); any other `foo:bar` is
//! literal text. A bare, unquoted `OR` is the operator. A text item written `=組織`, `="組織"`
//! or `"=組織"` (a leading `=`, after the `-` of an exclusion) is exact: it matches only those
//! characters, not their 简繁 variants (see `exact`).
//!
//! Grouping: `OR` binds its neighbours into one clause of alternatives, and clauses are ANDed:
//! `a OR b c` is `(a OR b) AND c`. Errors ([`SearchError::Query`]): `OR` at either end or
//! twice in a row, an empty filter value, a date that is not a date, an unknown `is:`/`has:`
//! value, a `site:`/`source:`/`author:` value without letters, digits or CJK, an excluded
//! item or a state filter inside an `OR`, and excluded date or state filters.
//!
//! Text items without any letter, digit or CJK char are ignored (an `OR` alternative too).

use crate::date::FilterDate;
use crate::tags;
use crate::text::fold_char;
use crate::tokenizer::Tokens;
use crate::SearchError;

/// Queries longer than this many chars are cut (a pasted paragraph still works).
pub(crate) const MAX_QUERY_CHARS: usize = 1024;

/// A reading-state filter (`is:unread`, `is:read`, `is:starred`, `is:archived`, `has:notes`,
/// `has:highlights`).
/// The index does not hold reading state: the caller resolves these to the set of allowed
/// article ids and passes it to [`SearchIndex::search_parsed`](crate::SearchIndex::search_parsed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateFilter {
    Unread,
    Read,
    Starred,
    Archived,
    /// `has:notes`: any annotation (a highlight, with or without a note, or the article note).
    HasNotes,
    /// `has:highlights`: a highlight in the text (the article note alone does not count).
    HasHighlights,
}

/// The metadata fields matched like text (substring for CJK, whole words otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaField {
    Site,
    Source,
    Author,
}

/// One thing a document can match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Atom {
    /// A literal part, in the title, the body or the notes.
    Text(String),
    /// A literal part that must occur with exactly these characters (no 简繁 folding): the
    /// index finds the folded part, `exact` checks the stored text.
    Exact(String),
    /// A normalized tag path: the tag or one of its children.
    Tag(String),
    /// A value in a metadata field.
    Meta(MetaField, String),
    /// Published at or after this date key.
    After(i64),
    /// Published at or before this date key.
    Before(i64),
}

/// Alternatives of which one must match (or, when excluded, none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub any_of: Vec<Atom>,
    pub exclude: bool,
}

/// A parsed query: clauses ANDed, plus the state filters the caller resolves. Build it with
/// [`parse_query`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub(crate) clauses: Vec<Clause>,
    pub(crate) states: Vec<StateFilter>,
}

impl ParsedQuery {
    /// The state filters, in query order without repeats (all of them must hold).
    pub fn state_filters(&self) -> &[StateFilter] {
        &self.states
    }

    /// The literal text parts that can make a document match (required parts and `OR`
    /// alternatives; excluded parts, filters and parts without tokens left out), for snippets.
    /// An exact part is given with its leading `=` (`=組織`), which [`crate::snippet`] and
    /// [`crate::contains_part`] read as "these characters only".
    pub fn literal_parts(&self) -> Vec<String> {
        self.clauses
            .iter()
            .filter(|clause| !clause.exclude)
            .flat_map(|clause| &clause.any_of)
            .filter_map(|atom| match atom {
                Atom::Text(text) => Some(text.clone()),
                Atom::Exact(text) => Some(format!("={text}")),
                _ => None,
            })
            .collect()
    }

    /// The query with every text part exact (the "exact characters" toggle): parts match only
    /// the characters typed, not their 简繁 variants. Filters (`tag:`, `site:`…) stay folded.
    pub fn with_exact_characters(mut self) -> ParsedQuery {
        for atom in self.clauses.iter_mut().flat_map(|c| c.any_of.iter_mut()) {
            if let Atom::Text(text) = atom {
                *atom = Atom::Exact(std::mem::take(text));
            }
        }
        self
    }

    /// True when hits must be checked against the stored text (the query has an exact part),
    /// see [`SearchIndex::search_checked`](crate::SearchIndex::search_checked).
    pub fn needs_text_check(&self) -> bool {
        self.clauses
            .iter()
            .flat_map(|c| &c.any_of)
            .any(|atom| matches!(atom, Atom::Exact(_)))
    }

    /// True when the query can match something: it has a clause that is not excluded, or a
    /// state filter. (A query of exclusions only matches nothing.)
    pub(crate) fn has_positive(&self) -> bool {
        !self.states.is_empty() || self.clauses.iter().any(|clause| !clause.exclude)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Tag,
    Site,
    Source,
    Author,
    After,
    Before,
    Is,
    Has,
}

impl Key {
    const ALL: [Key; 8] = [
        Key::Tag,
        Key::Site,
        Key::Source,
        Key::Author,
        Key::After,
        Key::Before,
        Key::Is,
        Key::Has,
    ];

    fn name(self) -> &'static str {
        match self {
            Key::Tag => "tag",
            Key::Site => "site",
            Key::Source => "source",
            Key::Author => "author",
            Key::After => "after",
            Key::Before => "before",
            Key::Is => "is",
            Key::Has => "has",
        }
    }

    fn from_name(name: &str) -> Option<Key> {
        let folded: String = name.chars().map(fold_char).collect();
        Key::ALL.into_iter().find(|key| key.name() == folded)
    }

    fn example(self) -> &'static str {
        match self {
            Key::Tag => "tag:党建",
            Key::Site => "site:news.cn",
            Key::Source => "source:新华社",
            Key::Author => "author:张三",
            Key::After => "after:2022-01-01",
            Key::Before => "before:2022-12-31",
            Key::Is => "is:unread",
            Key::Has => "has:notes",
        }
    }
}

/// One lexed item.
#[derive(Debug, Default)]
struct Item {
    text: String,
    exclude: bool,
    /// Written with a leading `=`: exact characters.
    exact: bool,
    quoted: bool,
    key: Option<Key>,
}

impl Item {
    fn is_or(&self) -> bool {
        !self.quoted
            && !self.exclude
            && !self.exact
            && self.key.is_none()
            && matches!(self.text.as_str(), "OR" | "ＯＲ")
    }

    /// The item as typed (roughly), for error messages.
    fn label(&self) -> String {
        let minus = match (self.exclude, self.exact) {
            (false, false) => "",
            (true, false) => "-",
            (false, true) => "=",
            (true, true) => "-=",
        };
        let key = self
            .key
            .map(|k| format!("{}:", k.name()))
            .unwrap_or_default();
        if self.quoted {
            format!("{minus}{key}\"{}\"", self.text)
        } else {
            format!("{minus}{key}{}", self.text)
        }
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '＂' | '“' | '「' | '『')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '＂' | '”' | '」' | '』')
}

/// Splits a query into items (see the module doc).
fn lex(query: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut item = Item::default();
    let mut quoted = false;
    let flush = |items: &mut Vec<Item>, item: &mut Item| {
        let done = std::mem::take(item);
        if !done.text.is_empty() || done.key.is_some() {
            items.push(done);
        }
    };
    for c in query.chars().take(MAX_QUERY_CHARS) {
        if quoted {
            if is_close_quote(c) {
                quoted = false;
                flush(&mut items, &mut item);
            } else {
                item.text.push(c);
            }
        } else if c.is_whitespace() {
            flush(&mut items, &mut item);
        } else if is_open_quote(c) {
            // `-"a b"` and `tag:"a b"` stay one item; `ab"c d"` makes two.
            if !item.text.is_empty() {
                flush(&mut items, &mut item);
            }
            quoted = true;
            item.quoted = true;
        } else if c == '-'
            && item.text.is_empty()
            && !item.exclude
            && !item.exact
            && item.key.is_none()
        {
            item.exclude = true;
        } else if c == '=' && item.text.is_empty() && !item.exact && item.key.is_none() {
            // `=組織`, `="組織"`, `-=組織`: exact characters.
            item.exact = true;
        } else if matches!(c, ':' | '：') && item.key.is_none() {
            match Key::from_name(&item.text) {
                Some(key) => {
                    item.key = Some(key);
                    item.text.clear();
                }
                None => item.text.push(c),
            }
        } else {
            item.text.push(c);
        }
    }
    flush(&mut items, &mut item);
    items
}

/// True when `text` gives at least one matching token.
pub(crate) fn has_tokens(text: &str) -> bool {
    Tokens::new(text).next().is_some()
}

fn error(message: String) -> SearchError {
    SearchError::Query(message)
}

fn state(key: Key, value: &str, item: &Item) -> Result<StateFilter, SearchError> {
    let folded: String = value.chars().map(fold_char).collect();
    match (key, folded.as_str()) {
        (Key::Is, "unread") => Ok(StateFilter::Unread),
        (Key::Is, "read") => Ok(StateFilter::Read),
        (Key::Is, "starred") => Ok(StateFilter::Starred),
        (Key::Is, "archived") => Ok(StateFilter::Archived),
        (Key::Has, "notes" | "note") => Ok(StateFilter::HasNotes),
        (Key::Has, "highlights" | "highlight") => Ok(StateFilter::HasHighlights),
        (Key::Is, _) => Err(error(format!(
            "unknown filter `{}`: use is:unread, is:read, is:starred or is:archived",
            item.label()
        ))),
        _ => Err(error(format!(
            "unknown filter `{}`: use has:notes or has:highlights",
            item.label()
        ))),
    }
}

/// What one item becomes.
enum Parsed {
    Atom(Atom),
    State(StateFilter),
    Ignored,
}

fn parse_item(item: &Item, in_or: bool) -> Result<Parsed, SearchError> {
    if in_or && item.exclude {
        return Err(error(format!(
            "`{}` cannot be an alternative of OR (an exclusion applies to the whole query)",
            item.label()
        )));
    }
    let Some(key) = item.key else {
        // `"=組織"` is exact too: a quoted part starting with `=` would otherwise look for
        // 組織 folded, with the `=` ignored as punctuation.
        let (exact, text) = match item.text.strip_prefix('=') {
            Some(rest) if item.quoted => (true, rest),
            _ => (item.exact, item.text.as_str()),
        };
        return Ok(if !has_tokens(text) {
            Parsed::Ignored
        } else if exact {
            Parsed::Atom(Atom::Exact(text.to_string()))
        } else {
            Parsed::Atom(Atom::Text(text.to_string()))
        });
    };
    let value = item.text.trim();
    if value.is_empty() {
        return Err(error(format!(
            "`{}:` needs a value right after the colon, e.g. {}",
            key.name(),
            key.example()
        )));
    }
    let date = |date: Option<FilterDate>| {
        date.ok_or_else(|| {
            error(format!(
                "`{}` is not a date: use e.g. {}:2022, {}:2022-03 or {}:2022-03-15",
                item.label(),
                key.name(),
                key.name(),
                key.name()
            ))
        })
    };
    match key {
        Key::Is | Key::Has => {
            if item.exclude || in_or {
                return Err(error(format!(
                    "`{}` cannot be {}: state filters can only be required",
                    item.label(),
                    if item.exclude {
                        "excluded"
                    } else {
                        "combined with OR"
                    }
                )));
            }
            Ok(Parsed::State(state(key, value, item)?))
        }
        Key::After | Key::Before if item.exclude => Err(error(format!(
            "`{}` cannot be excluded: use {} instead",
            item.label(),
            if key == Key::After {
                "before:"
            } else {
                "after:"
            }
        ))),
        Key::After => Ok(Parsed::Atom(Atom::After(
            date(FilterDate::parse(value))?.first_key(),
        ))),
        Key::Before => Ok(Parsed::Atom(Atom::Before(
            date(FilterDate::parse(value))?.last_key(),
        ))),
        Key::Tag => {
            let path = tags::normalize(value);
            if path.is_empty() {
                return Err(error(format!(
                    "`{}` names no tag, e.g. tag:党建",
                    item.label()
                )));
            }
            Ok(Parsed::Atom(Atom::Tag(path)))
        }
        Key::Site | Key::Source | Key::Author => {
            if !has_tokens(value) {
                return Err(error(format!(
                    "`{}` has no letter, digit or CJK character to look for",
                    item.label()
                )));
            }
            let field = match key {
                Key::Site => MetaField::Site,
                Key::Source => MetaField::Source,
                _ => MetaField::Author,
            };
            Ok(Parsed::Atom(Atom::Meta(field, value.to_string())))
        }
    }
}

/// Parses a query (see the [crate docs](crate) for the language). A malformed query gives
/// [`SearchError::Query`] with a message naming the problem; an empty one parses to a query
/// that matches nothing.
pub fn parse_query(query: &str) -> Result<ParsedQuery, SearchError> {
    // Group the items: `OR` glues its neighbours into one group.
    let mut groups: Vec<Vec<Item>> = Vec::new();
    let mut pending_or = false;
    for item in lex(query) {
        if item.is_or() {
            if pending_or {
                return Err(error(
                    "`OR OR`: two ORs in a row; write `a OR b`".to_string(),
                ));
            }
            if groups.is_empty() {
                return Err(error(
                    "the query starts with OR: write `a OR b`".to_string(),
                ));
            }
            pending_or = true;
        } else if pending_or {
            if let Some(group) = groups.last_mut() {
                group.push(item);
            }
            pending_or = false;
        } else {
            groups.push(vec![item]);
        }
    }
    if pending_or {
        return Err(error("the query ends with OR: write `a OR b`".to_string()));
    }

    let mut parsed = ParsedQuery::default();
    for group in groups {
        let in_or = group.len() > 1;
        let exclude = group.first().is_some_and(|item| item.exclude) && !in_or;
        let mut any_of = Vec::new();
        for item in &group {
            match parse_item(item, in_or)? {
                Parsed::Atom(atom) => any_of.push(atom),
                Parsed::State(state) => {
                    if !parsed.states.contains(&state) {
                        parsed.states.push(state);
                    }
                }
                Parsed::Ignored => {}
            }
        }
        if !any_of.is_empty() {
            parsed.clauses.push(Clause { any_of, exclude });
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Atom {
        Atom::Text(s.into())
    }

    fn clause(any_of: Vec<Atom>, exclude: bool) -> Clause {
        Clause { any_of, exclude }
    }

    fn parse(q: &str) -> ParsedQuery {
        parse_query(q).unwrap_or_else(|e| panic!("{q:?}: {e}"))
    }

    fn message(q: &str) -> String {
        match parse_query(q) {
            Err(SearchError::Query(message)) => message,
            other => panic!("{q:?} should be malformed, got {other:?}"),
        }
    }

    #[test]
    fn parts_phrases_and_exclusions() {
        let q = parse(r#"疫情  防控 "Tony Blair" -改革 “中国式 现代化” -"a b" 😀"#);
        assert_eq!(
            q.clauses,
            vec![
                clause(vec![text("疫情")], false),
                clause(vec![text("防控")], false),
                clause(vec![text("Tony Blair")], false),
                clause(vec![text("改革")], true),
                clause(vec![text("中国式 现代化")], false),
                clause(vec![text("a b")], true),
            ]
        );
        assert_eq!(
            q.literal_parts(),
            vec!["疫情", "防控", "Tony Blair", "中国式 现代化"]
        );
        assert_eq!(parse("- -- COVID-19").literal_parts(), vec!["COVID-19"]);
        assert_eq!(
            parse("\"unbalanced quote").literal_parts(),
            vec!["unbalanced quote"]
        );
        assert!(!parse("   ").has_positive());
        assert!(!parse("-党").has_positive());
    }

    #[test]
    fn exact_parts() {
        let exact = |s: &str| Atom::Exact(s.into());
        let q = parse(r#"=組織 ="組織 工作" "=發" -=裡 =  a=b 組織"#);
        assert_eq!(
            q.clauses,
            vec![
                clause(vec![exact("組織")], false),
                clause(vec![exact("組織 工作")], false),
                clause(vec![exact("發")], false),
                clause(vec![exact("裡")], true),
                clause(vec![text("a=b")], false),
                clause(vec![text("組織")], false),
            ]
        );
        assert!(q.needs_text_check());
        assert_eq!(
            q.literal_parts(),
            vec!["=組織", "=組織 工作", "=發", "a=b", "組織"]
        );
        assert!(!parse("組織 tag:=x").needs_text_check());
        let all = parse("組織 OR 发 tag:x -里").with_exact_characters();
        assert_eq!(
            all.clauses,
            vec![
                clause(vec![exact("組織"), exact("发")], false),
                clause(vec![Atom::Tag("x".into())], false),
                clause(vec![exact("里")], true),
            ]
        );
        // `=OR` is text, not the operator.
        assert_eq!(parse("a =OR b").clauses.len(), 3);
    }

    #[test]
    fn or_binds_tighter_than_and() {
        let q = parse("碳中和 OR 碳达峰 目标");
        assert_eq!(
            q.clauses,
            vec![
                clause(vec![text("碳中和"), text("碳达峰")], false),
                clause(vec![text("目标")], false),
            ]
        );
        let q = parse("a OR b OR tag:x c");
        assert_eq!(q.clauses[0].any_of.len(), 3);
        assert_eq!(q.clauses.len(), 2);
        // Lower-case and quoted OR are text; an emoji alternative is ignored.
        assert_eq!(parse("a or b").clauses.len(), 3);
        assert_eq!(parse("a \"OR\" b").literal_parts(), vec!["a", "OR", "b"]);
        assert_eq!(
            parse("😀 OR 熊猫").clauses,
            vec![clause(vec![text("熊猫")], false)]
        );
        assert_eq!(parse("a ＯＲ b").clauses.len(), 1);
    }

    #[test]
    fn filters() {
        let q = parse("tag：党建/组织建设 TAG:\"Tech / AI\" site:news.cn author:张三 -source:BBC");
        assert_eq!(
            q.clauses,
            vec![
                clause(vec![Atom::Tag("党建/组织建设".into())], false),
                clause(vec![Atom::Tag("tech/ai".into())], false),
                clause(vec![Atom::Meta(MetaField::Site, "news.cn".into())], false),
                clause(vec![Atom::Meta(MetaField::Author, "张三".into())], false),
                clause(vec![Atom::Meta(MetaField::Source, "BBC".into())], true),
            ]
        );
        assert!(q.literal_parts().is_empty());
        let q = parse("after:2022 before:2022-03-15");
        assert_eq!(
            q.clauses,
            vec![
                clause(vec![Atom::After(20220101000000)], false),
                clause(vec![Atom::Before(20220315235960)], false),
            ]
        );
        // Unknown keys are text.
        assert_eq!(
            parse("foo:bar 10:30 http://x").literal_parts(),
            vec!["foo:bar", "10:30", "http://x"]
        );
    }

    #[test]
    fn state_filters() {
        let q = parse(
            "is:unread 碳中和 has:notes IS:Starred is:read is:archived is:unread has:highlights",
        );
        assert_eq!(
            q.state_filters(),
            &[
                StateFilter::Unread,
                StateFilter::HasNotes,
                StateFilter::Starred,
                StateFilter::Read,
                StateFilter::Archived,
                StateFilter::HasHighlights
            ]
        );
        assert_eq!(q.literal_parts(), vec!["碳中和"]);
        assert!(parse("is:starred").has_positive());
    }

    #[test]
    fn malformed_queries_are_named() {
        assert!(message("after:notadate").contains("after:notadate"));
        assert!(message("before:2022-02-30").contains("not a date"));
        assert!(message("tag:").contains("tag:"));
        assert!(message("a tag: b").contains("needs a value"));
        assert!(message("author:\"\"").contains("author:"));
        assert!(message("tag:/").contains("tag:/"));
        assert!(message("site:，").contains("site:，"));
        assert!(message("OR a").contains("starts with OR"));
        assert!(message("a OR").contains("ends with OR"));
        assert!(message("OR").contains("OR"));
        assert!(message("a OR OR b").contains("two ORs"));
        assert!(message("a OR -b").contains("-b"));
        assert!(message("is:foo").contains("is:foo"));
        assert!(message("has:stars").contains("has:stars"));
        assert!(message("-is:read").contains("excluded"));
        assert!(message("is:read OR 党").contains("OR"));
        assert!(message("-after:2022").contains("before:"));
    }
}
