//! Near-duplicate reposts: what the reader, the library view and `wz dupes` ask, and what the
//! user does about them — merge two articles into one (undoable) or keep them apart
//! (remembered, undoable).
//!
//! Sketches and pairs are made at import inside the article's own transaction
//! (`Store::sketch_article`; the technique is `wenzhai_core::similar`), when a newer save or a
//! re-extraction changes a text, and — for articles imported before schema 6 or with detection
//! off — by [`Library::backfill_sketches`]: a writer's open runs it when few articles lack a
//! sketch, the app on a worker after start and `wz dupes` before listing, so `wz dupes` is
//! right on an old library too and opening a large upgraded library never waits. Sketches are not in the search index: these writes do not bump the
//! change counter.

use crate::annotate::ReanchorCounts;
use crate::error::{LibraryError, Result};
use crate::{now_utc, Library};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use wenzhai_core::anchor::{self, Placement, TextPosition, TextQuote};
use wenzhai_core::model::{
    AnnotationView, ArticleDetail, ArticleSummary, DuplicateCluster, NearDuplicate,
};
use wenzhai_store::{AnnotationRow, ArticleVersion, DeletedArticle, Store};

/// Articles sketched per transaction by the backfill.
const BACKFILL_BATCH: usize = 500;

/// What [`Library::merge_near_duplicates`] changed, enough for [`Library::undo_merge`] to put
/// both articles back exactly. Serialisable, so the app can hold it between the merge and
/// the user's undo; its content is opaque to callers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeUndo {
    pub keep: i64,
    pub other: i64,
    /// The kept article as it was before the merge.
    keep_before: DeletedArticle,
    /// The merged-away article as it was.
    other_before: DeletedArticle,
    /// The pairs either article was kept apart in (deleting an article forgets them).
    kept_apart: Vec<(i64, i64)>,
    /// How the other article's highlights fared on the kept text.
    #[serde(default)]
    pub highlights: MergedHighlights,
}

/// How the merged-away article's highlights were placed on the kept article's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedHighlights {
    pub placed: u64,
    /// Kept with their old selectors, shown as unplaced.
    pub orphaned: u64,
}

fn summary(a: &ArticleDetail) -> ArticleSummary {
    ArticleSummary {
        id: a.id,
        title: a.title.clone(),
        site: a.site.clone(),
        source: a.source.clone(),
        published: a.published.clone(),
        tags: a.tags.clone(),
        read: a.read,
        starred: a.starred,
        archived: a.archived,
        imported_at: a.imported_at.clone(),
    }
}

impl Library {
    /// The other articles `id` is a near-duplicate of (not kept apart), most similar first —
    /// what the reader shows as "also saved from 反腐倡廉网 (2022-07-05)".
    pub fn near_duplicates(&self, id: i64) -> Result<Vec<NearDuplicate>> {
        let store = self.store();
        store.article(id)?; // an unknown id is NotFound, not an empty list
        let mut out = Vec::new();
        for pair in store.near_duplicate_pairs_of(id)? {
            let other = if pair.a == id { pair.b } else { pair.a };
            let a = store.article(other)?;
            out.push(NearDuplicate {
                id: a.id,
                title: a.title,
                site: a.site,
                source: a.source,
                published: a.published,
                url: a.url,
                similarity: pair.similarity,
            });
        }
        Ok(out)
    }

    /// Every cluster of near-duplicates (articles joined by pairs not kept apart), at least
    /// two ids each, ascending by their first id.
    pub fn duplicate_clusters(&self) -> Result<Vec<DuplicateCluster>> {
        let store = self.store();
        let mut clusters = Vec::new();
        for (ids, similarity) in cluster_ids(&store.near_duplicate_pairs()?) {
            let members = ids
                .iter()
                .map(|&id| store.article(id).map(|a| summary(&a)))
                .collect::<wenzhai_store::Result<Vec<_>>>()?;
            clusters.push(DuplicateCluster {
                ids,
                members,
                similarity,
            });
        }
        Ok(clusters)
    }

    /// How many clusters [`Library::duplicate_clusters`] has, without reading the articles:
    /// what the sidebar shows on every refresh.
    pub fn duplicate_cluster_count(&self) -> Result<u64> {
        let pairs = self.store().near_duplicate_pairs()?;
        Ok(cluster_ids(&pairs).len() as u64)
    }

    /// Remember that `a` and `b` are different articles: the pair is no longer reported by
    /// [`Library::near_duplicates`] or [`Library::duplicate_clusters`].
    pub fn keep_apart(&self, a: i64, b: i64) -> Result<()> {
        self.set_kept_apart(a, b, true)
    }

    /// Undo of [`Library::keep_apart`].
    pub fn undo_keep_apart(&self, a: i64, b: i64) -> Result<()> {
        self.set_kept_apart(a, b, false)
    }

    fn set_kept_apart(&self, a: i64, b: i64, apart: bool) -> Result<()> {
        self.require_writer()?;
        if a == b {
            return Err(LibraryError::SameArticle(a));
        }
        self.store()
            .write_unindexed(|tx| Store::set_kept_apart(tx, a, b, apart))?;
        Ok(())
    }

    /// Merge article `other` into `keep`: `keep` gets every tag of both, the reading state of
    /// both (read or starred if either was, the furthest progress; archived only if both
    /// were, so a merge never hides the article the user kept in view), `other`'s highlights
    /// re-anchored onto its text (those that cannot be placed kept as unplaced orphans), the
    /// two article notes joined, and `other`'s original (and earlier versions) as versions.
    /// `other` is then deleted. Everything in one transaction; [`Library::undo_merge`] puts
    /// both articles back exactly.
    pub fn merge_near_duplicates(&self, keep: i64, other: i64) -> Result<MergeUndo> {
        self.require_writer()?;
        if keep == other {
            return Err(LibraryError::SameArticle(keep));
        }
        let now = now_utc();
        let mut store = self.store();
        let (undo, counter) = store.write(|tx| {
            Store::require_articles(tx, &[keep, other])?;
            let mut kept_apart = Store::kept_apart_of(tx, keep)?;
            kept_apart.extend(Store::kept_apart_of(tx, other)?);
            kept_apart.sort_unstable();
            kept_apart.dedup();
            let keep_before = Store::snapshot_article(tx, keep)?;
            let other_before = Store::delete_with_snapshot(tx, &[other])?
                .pop()
                .ok_or(wenzhai_store::StoreError::NotFound(other))?;
            let (k, o) = (&keep_before.article, &other_before.article);

            let tags: Vec<String> = other_before.tags.iter().map(|t| t.path.clone()).collect();
            Store::retag(tx, keep, &tags, &[])?;
            let read_at = k.read_at.clone().or_else(|| o.read_at.clone());
            Store::set_state(
                tx,
                keep,
                Some(read_at.as_deref()),
                Some(k.starred || o.starred),
                Some(k.archived && o.archived),
            )?;
            Store::set_progress(tx, keep, k.progress.max(o.progress))?;

            let mut highlights = MergedHighlights::default();
            let mut counts = ReanchorCounts::default();
            for n in &other_before.annotations {
                if n.kind == AnnotationView::NOTE && n.quote_exact.is_empty() {
                    continue;
                }
                let view = moved_onto(n, &k.body_text, &mut counts);
                Store::restore_annotation(tx, keep, &view)?;
            }
            highlights.placed = counts.exact + counts.moved;
            highlights.orphaned = counts.orphaned;

            let note_of = |d: &DeletedArticle| {
                d.annotations
                    .iter()
                    .find(|n| n.kind == AnnotationView::NOTE && n.quote_exact.is_empty())
                    .and_then(|n| n.note.clone())
            };
            if let Some(theirs) = note_of(&other_before) {
                let joined = match note_of(&keep_before) {
                    Some(ours) => format!("{ours}\n\n{theirs}"),
                    None => theirs,
                };
                Store::set_article_note(tx, keep, Some(&joined), &now)?;
            }

            let mut versions = other_before.versions.clone();
            versions.push(ArticleVersion {
                original_sha256: o.original_sha256.clone(),
                original_name: o.original_name.clone(),
                imported_at: o.imported_at.clone(),
                replaced_at: now.clone(),
            });
            Store::add_versions(tx, keep, &versions)?;
            Ok(MergeUndo {
                keep,
                other,
                keep_before,
                other_before,
                kept_apart,
                highlights,
            })
        })?;
        let mut writer = self.index.writer()?;
        writer.delete(other)?;
        writer.upsert(&store.index_doc(keep)?)?;
        writer.commit(counter)?;
        Ok(undo)
    }

    /// Undo of [`Library::merge_near_duplicates`]: both articles exactly as they were (ids,
    /// tags, state, annotations, versions, the pairs they were kept apart in), the kept one's
    /// merged-in tags, highlights, note and versions gone again.
    pub fn undo_merge(&self, undo: &MergeUndo) -> Result<()> {
        self.require_writer()?;
        let mut store = self.store();
        let mut bands = self.band_index(&store)?;
        let (ids, counter) = store.write(|tx| {
            if Store::require_articles(tx, &[undo.keep]).is_ok() {
                Store::delete_article(tx, undo.keep)?;
            }
            let ids =
                Store::restore_deleted(tx, &[undo.keep_before.clone(), undo.other_before.clone()])?;
            for &id in &ids {
                if let Some(body) = Store::body_text(tx, id)? {
                    Store::sketch_article(tx, &mut bands, id, &body)?;
                }
            }
            for &(a, b) in &undo.kept_apart {
                if Store::require_articles(tx, &[a, b]).is_ok() {
                    Store::set_kept_apart(tx, a, b, true)?;
                }
            }
            Ok(ids)
        })?;
        let mut writer = self.index.writer()?;
        for id in ids {
            writer.upsert(&store.index_doc(id)?)?;
        }
        writer.commit(counter)?;
        Ok(())
    }

    /// Sketch every article that has no sketch of the current definition (imported before
    /// schema 6, or with detection off), oldest first, each compared with those sketched
    /// before it, so every near-duplicate pair is found once. Returns how many were sketched.
    pub fn backfill_sketches(&self) -> Result<u64> {
        Ok(self.backfill_sketches_up_to(usize::MAX)?.unwrap_or(0))
    }

    /// [`Library::backfill_sketches`] when at most `max` articles lack a sketch; `None` (and
    /// nothing done) when more do. A writer's open backfills a few at once; a library upgraded
    /// with tens of thousands of articles is sketched by an explicit call instead (the app
    /// makes it in the background after its window is up, `wz dupes` before listing), so that
    /// opening never waits minutes.
    pub fn backfill_sketches_up_to(&self, max: usize) -> Result<Option<u64>> {
        self.require_writer()?;
        let mut store = self.store();
        // Counted first from two indexes: listing the ids scans the articles table, which
        // a writer's open of a fully sketched library must not pay (200 ms on 76K articles).
        match store.unsketched_count()? {
            0 => return Ok(Some(0)), // nor is the band table built before an import needs it
            n if n > max as u64 => return Ok(None),
            _ => {}
        }
        // As many as counted: this process holds the store and is the library's one writer.
        let ids = store.unsketched_ids()?;
        if ids.len() > 5_000 {
            eprintln!(
                "wenzhai: finding near-duplicates among {} articles (once)",
                ids.len()
            );
        }
        let mut bands = self.band_index(&store)?;
        for batch in ids.chunks(BACKFILL_BATCH) {
            store.write_unindexed(|tx| {
                for &id in batch {
                    if let Some(body) = Store::body_text(tx, id)? {
                        Store::sketch_article(tx, &mut bands, id, &body)?;
                    }
                }
                Ok(())
            })?;
        }
        Ok(Some(ids.len() as u64))
    }
}

/// The clusters of `pairs` (connected by union-find, each cluster's root its lowest id), by
/// their lowest id: each cluster's ids ascending and the least similarity within it.
fn cluster_ids(pairs: &[wenzhai_store::NearDuplicatePair]) -> Vec<(Vec<i64>, f64)> {
    let mut parent: BTreeMap<i64, i64> = BTreeMap::new();
    fn root(parent: &mut BTreeMap<i64, i64>, mut x: i64) -> i64 {
        while let Some(&p) = parent.get(&x).filter(|&&p| p != x) {
            let grand = parent.get(&p).copied().unwrap_or(p);
            parent.insert(x, grand);
            x = p;
        }
        x
    }
    for p in pairs {
        parent.entry(p.a).or_insert(p.a);
        parent.entry(p.b).or_insert(p.b);
        let (ra, rb) = (root(&mut parent, p.a), root(&mut parent, p.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut sets: BTreeMap<i64, (BTreeSet<i64>, f64)> = BTreeMap::new();
    for p in pairs {
        let r = root(&mut parent, p.a);
        let entry = sets.entry(r).or_insert_with(|| (BTreeSet::new(), 1.0));
        entry.0.insert(p.a);
        entry.0.insert(p.b);
        entry.1 = entry.1.min(p.similarity);
    }
    sets.into_values()
        .map(|(ids, similarity)| (ids.into_iter().collect(), similarity))
        .collect()
}

/// A highlight of the merged-away article as an annotation of the kept one: re-anchored in
/// the kept text (a new id; its uuid, its identity, stays), or with its old
/// selectors as an unplaced orphan.
fn moved_onto(n: &AnnotationRow, text: &str, counts: &mut ReanchorCounts) -> AnnotationView {
    let quote = TextQuote {
        exact: n.quote_exact.clone(),
        prefix: n.quote_prefix.clone(),
        suffix: n.quote_suffix.clone(),
    };
    let old = TextPosition {
        start: usize::try_from(n.pos_start).unwrap_or(0),
        end: usize::try_from(n.pos_end).unwrap_or(0),
    };
    let placed = match anchor::reanchor(text, &quote, old) {
        Placement::Orphan => None,
        p => p
            .position()
            .and_then(|p| anchor::describe(text, p.start, p.end)),
    };
    let (quote, position) = match placed {
        Some(found) => {
            if found.1 == old {
                counts.exact += 1;
            } else {
                counts.moved += 1;
            }
            found
        }
        None => {
            counts.orphaned += 1;
            (quote, old)
        }
    };
    AnnotationView {
        id: 0,
        kind: AnnotationView::HIGHLIGHT.to_string(),
        color: n.color.clone(),
        note: n.note.clone(),
        quote: quote.exact,
        prefix: quote.prefix,
        suffix: quote.suffix,
        start: position.start as i64,
        end: position.end as i64,
        // Computed by SQLite when read, never stored.
        placed: true,
        created_at: n.created_at.clone(),
        updated_at: n.updated_at.clone(),
        uuid: n.uuid.clone(),
    }
}
