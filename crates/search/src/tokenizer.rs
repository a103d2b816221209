//! Our tantivy tokenizers.
//!
//! - [`CJK_TOKENIZER`] (`wz_cjk`), the matching tokenizer for title and body: every CJK char is a
//!   unigram and every pair of adjacent CJK chars a bigram at the position of its first char; a
//!   run of word chars is one lower-cased token. Positions are consistent for phrase queries:
//!   each CJK char and each word takes one position, a run of whitespace adds a gap of one
//!   position and a run containing punctuation a gap of two. A query part tokenized the same way
//!   becomes a phrase whose offsets are these positions, which gives substring semantics for
//!   CJK and whole-word semantics for Latin, and lets `5G网络` match only `5G` directly followed
//!   by `网络`.
//! - [`JIEBA_TOKENIZER`] (`wz_jieba`): jieba `cut_for_search` words (folded, separators
//!   dropped), used only to boost ranking. Jieba sees the folded text, so a Traditional text
//!   is cut with jieba's (Simplified) dictionary like its Simplified form.
//! - [`RAW_TOKENIZER`] (`wz_raw`): the whole value lower-cased, for `tag:` paths.

use std::iter::Peekable;
use std::str::CharIndices;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{
    LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

use crate::text::{class, fold_char, CharClass};

/// Name of the unigram + bigram matching tokenizer.
pub const CJK_TOKENIZER: &str = "wz_cjk";
/// Name of the jieba search-mode tokenizer (ranking only).
pub const JIEBA_TOKENIZER: &str = "wz_jieba";
/// Name of the lower-cased whole-value tokenizer (filters).
pub const RAW_TOKENIZER: &str = "wz_raw";

/// Registers our tokenizers on an index's manager. Loads jieba's dictionary on first use.
pub(crate) fn register(manager: &TokenizerManager) {
    manager.register(CJK_TOKENIZER, CjkTokenizer);
    // The dictionary loads on the first indexed document, never for a search: loading it is
    // ~100 ms, most of a `wz search` process's time (see `query_words`).
    manager.register(JIEBA_TOKENIZER, JiebaTokenizer);
    manager.register(
        RAW_TOKENIZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// The process-wide jieba instance with its default dictionary (loaded once, shared).
pub(crate) fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// What a matching token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// One CJK char.
    Unigram,
    /// Two adjacent CJK chars, at the position of the first.
    Bigram,
    /// A run of word chars (letters, digits), lower-cased.
    Word,
}

/// One matching token; offsets are byte offsets into the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    pub text: String,
    pub position: usize,
    pub from: usize,
    pub to: usize,
    pub kind: TokKind,
}

impl Default for Tok {
    fn default() -> Self {
        Tok {
            text: String::new(),
            position: 0,
            from: 0,
            to: 0,
            kind: TokKind::Word,
        }
    }
}

/// A bigram to emit right after the unigram of its first char.
struct PendingBigram {
    chars: [char; 2],
    from: usize,
    to: usize,
    position: usize,
}

/// The matching tokenizer as a lazy iterator (no per-text allocation beyond the token buffer).
pub(crate) struct Tokens<'a> {
    chars: Peekable<CharIndices<'a>>,
    position: usize,
    pending: Option<PendingBigram>,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Tokens {
            chars: text.char_indices().peekable(),
            position: 0,
            pending: None,
        }
    }

    /// Writes the next token into `tok` (reusing its buffer); false at the end.
    pub(crate) fn next_into(&mut self, tok: &mut Tok) -> bool {
        if let Some(bigram) = self.pending.take() {
            tok.text.clear();
            tok.text.extend(bigram.chars);
            tok.position = bigram.position;
            tok.from = bigram.from;
            tok.to = bigram.to;
            tok.kind = TokKind::Bigram;
            return true;
        }
        loop {
            let Some(&(start, c)) = self.chars.peek() else {
                return false;
            };
            let folded = fold_char(c);
            match class(folded) {
                CharClass::Cjk => {
                    self.chars.next();
                    if let Some(&(next_start, d)) = self.chars.peek() {
                        let next = fold_char(d);
                        if class(next) == CharClass::Cjk {
                            self.pending = Some(PendingBigram {
                                chars: [folded, next],
                                from: start,
                                to: next_start + d.len_utf8(),
                                position: self.position,
                            });
                        }
                    }
                    tok.text.clear();
                    tok.text.push(folded);
                    tok.position = self.position;
                    tok.from = start;
                    tok.to = start + c.len_utf8();
                    tok.kind = TokKind::Unigram;
                    self.position += 1;
                    return true;
                }
                CharClass::Word => {
                    tok.text.clear();
                    let mut end = start;
                    while let Some(&(i, d)) = self.chars.peek() {
                        let g = fold_char(d);
                        if class(g) != CharClass::Word {
                            break;
                        }
                        tok.text.push(g);
                        end = i + d.len_utf8();
                        self.chars.next();
                    }
                    tok.position = self.position;
                    tok.from = start;
                    tok.to = end;
                    tok.kind = TokKind::Word;
                    self.position += 1;
                    return true;
                }
                CharClass::Separator => {
                    let mut punctuation = false;
                    while let Some(&(_, d)) = self.chars.peek() {
                        let g = fold_char(d);
                        if class(g) != CharClass::Separator {
                            break;
                        }
                        punctuation |= !g.is_whitespace();
                        self.chars.next();
                    }
                    self.position += if punctuation { 2 } else { 1 };
                }
            }
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let mut tok = Tok::default();
        self.next_into(&mut tok).then_some(tok)
    }
}

/// The `wz_cjk` tokenizer.
#[derive(Debug, Clone, Copy, Default)]
pub struct CjkTokenizer;

/// Token stream of [`CjkTokenizer`].
pub struct CjkTokenStream<'a> {
    tokens: Tokens<'a>,
    tok: Tok,
    token: Token,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream<'a> {
        CjkTokenStream {
            tokens: Tokens::new(text),
            tok: Tok::default(),
            token: Token::default(),
        }
    }
}

impl TokenStream for CjkTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.tokens.next_into(&mut self.tok) {
            return false;
        }
        self.token.text.clear();
        self.token.text.push_str(&self.tok.text);
        self.token.position = self.tok.position;
        self.token.offset_from = self.tok.from;
        self.token.offset_to = self.tok.to;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Folds a text char by char (see [`fold_char`]).
pub(crate) fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Jieba search-mode words of `text` (folded), without whitespace/punctuation tokens.
/// Returns the folded text and the byte ranges of the words in it. Works line by line so
/// that a huge text never reaches jieba in one piece.
pub(crate) fn jieba_words(text: &str) -> (String, Vec<(usize, usize)>) {
    let folded = fold(text);
    let jieba = jieba();
    let mut ranges = Vec::new();
    let mut line_start = 0;
    for line in folded.split('\n') {
        for token in jieba.cut_for_search(line, true) {
            if token.word.chars().any(char::is_alphanumeric) {
                ranges.push((line_start + token.byte_start, line_start + token.byte_end));
            }
        }
        line_start += line.len() + 1;
    }
    (folded, ranges)
}

/// Words of a query part to look up in the jieba `words` field, without loading jieba: every
/// letter/digit run whole, and for every CJK run the run itself (up to 8 chars) and all its
/// 2–4-char substrings. `cut_for_search` indexed the dictionary words of a text and their
/// 2- and 3-char dictionary sub-words, so the real words of the part are among these; the
/// other candidates are terms the index mostly lacks. This only steers ranking (the clauses
/// are optional), never what matches.
pub(crate) fn query_words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut words: Vec<String> = Vec::new();
    let mut push = |w: String| {
        if !words.contains(&w) {
            words.push(w);
        }
    };
    let chars: Vec<char> = folded.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let cjk = crate::text::is_cjk(chars[i]);
        let start = i;
        while i < chars.len()
            && crate::text::is_cjk(chars[i]) == cjk
            && (cjk || chars[i].is_alphanumeric())
        {
            i += 1;
        }
        if i == start {
            i += 1; // a separator
            continue;
        }
        let run = &chars[start..i.min(start + 32)];
        if !cjk {
            push(run.iter().collect());
            continue;
        }
        if run.len() <= 8 {
            push(run.iter().collect());
        }
        for len in 2..=4.min(run.len()) {
            for w in run.windows(len) {
                push(w.iter().collect());
            }
        }
    }
    words
}

/// The `wz_jieba` tokenizer (uses the shared [`jieba`] instance).
#[derive(Debug, Clone, Copy, Default)]
pub struct JiebaTokenizer;

/// Token stream of [`JiebaTokenizer`].
pub struct JiebaTokenStream {
    folded: String,
    ranges: std::vec::IntoIter<(usize, usize)>,
    index: usize,
    token: Token,
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream {
        let (folded, ranges) = jieba_words(text);
        JiebaTokenStream {
            folded,
            ranges: ranges.into_iter(),
            index: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for JiebaTokenStream {
    fn advance(&mut self) -> bool {
        let Some((from, to)) = self.ranges.next() else {
            return false;
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(self.folded.get(from..to).unwrap_or_default());
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.index;
        self.token.position_length = 1;
        self.index += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(String, usize, TokKind)> {
        Tokens::new(text)
            .map(|t| (t.text, t.position, t.kind))
            .collect()
    }

    #[test]
    fn cjk_unigrams_and_bigrams() {
        use TokKind::*;
        assert_eq!(
            toks("碳中和"),
            vec![
                ("碳".into(), 0, Unigram),
                ("碳中".into(), 0, Bigram),
                ("中".into(), 1, Unigram),
                ("中和".into(), 1, Bigram),
                ("和".into(), 2, Unigram),
            ]
        );
    }

    #[test]
    fn words_and_gaps() {
        use TokKind::*;
        assert_eq!(
            toks("５Ｇ网络, Tony  Blair"),
            vec![
                ("5g".into(), 0, Word),
                ("网".into(), 1, Unigram),
                ("网络".into(), 1, Bigram),
                ("络".into(), 2, Unigram),
                ("tony".into(), 5, Word),
                ("blair".into(), 7, Word),
            ]
        );
    }

    #[test]
    fn offsets_are_bytes_of_the_original() {
        let text = "Ａ中国";
        for t in Tokens::new(text) {
            assert!(text.get(t.from..t.to).is_some(), "{t:?}");
        }
    }

    #[test]
    fn traditional_text_tokenizes_and_segments_like_simplified() {
        assert_eq!(toks("加強組織建設"), toks("加强组织建设"));
        let words = |text: &str| {
            let (folded, ranges) = jieba_words(text);
            ranges
                .iter()
                .map(|&(a, b)| folded[a..b].to_string())
                .collect::<Vec<_>>()
        };
        let traditional = words("中華人民共和國國務院常務會議");
        assert_eq!(traditional, words("中华人民共和国国务院常务会议"));
        assert!(
            traditional.contains(&"国务院".to_string()),
            "{traditional:?}"
        );
        assert_eq!(query_words("組織"), query_words("组织"));
    }

    #[test]
    fn jieba_drops_separators() {
        let (folded, ranges) = jieba_words("中华人民共和国， Hello 世界！");
        let words: Vec<&str> = ranges.iter().map(|&(a, b)| &folded[a..b]).collect();
        assert!(words.contains(&"中华人民共和国"), "{words:?}");
        assert!(words.contains(&"hello"), "{words:?}");
        assert!(words.iter().all(|w| w.chars().any(char::is_alphanumeric)));
    }
}
