//! [`Filter`]: a query that matches exactly like its inner query, scores 0, and is always
//! safe to exclude or intersect.
//!
//! Filters (`tag:`, `site:`, `after:`…) must not change the ranking, hence the score of 0.
//! The wrapper also answers tantivy's `seek_danger` with the safe default (built on `seek`)
//! instead of forwarding it: in tantivy 0.27 a bare `PhraseScorer` used as an exclusion
//! (`-site:news.cn`) or in an intersection can be asked to `seek_danger` to a target below the
//! doc an earlier miss left it on, which trips its debug assertion.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// Matches like `inner`, scores 0.
pub(crate) struct Filter {
    inner: Box<dyn Query>,
}

impl Filter {
    pub(crate) fn new(inner: Box<dyn Query>) -> Filter {
        Filter { inner }
    }
}

impl Clone for Filter {
    fn clone(&self) -> Filter {
        Filter {
            inner: self.inner.box_clone(),
        }
    }
}

impl fmt::Debug for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Filter({:?})", self.inner)
    }
}

impl Query for Filter {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let disabled = match enable_scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(enable_scoring.schema()),
        };
        Ok(Box::new(FilterWeight(self.inner.weight(disabled)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct FilterWeight(Box<dyn Weight>);

impl Weight for FilterWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(FilterScorer(self.0.scorer(reader, 1.0)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("Filter", 0.0))
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }
}

/// Forwards everything but `seek_danger` (left to the safe default) and the score.
struct FilterScorer(Box<dyn Scorer>);

impl DocSet for FilterScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for FilterScorer {
    fn score(&mut self) -> Score {
        0.0
    }
}
