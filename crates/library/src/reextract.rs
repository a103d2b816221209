//! `wz reextract`: run the current extractor again over every stored original and update the
//! articles whose extraction changed. This is why originals are kept: a better extractor
//! improves the whole library without a schema change and without asking users for the files.
//! Tags, annotations and reading state are kept (annotations re-anchor by their quote).

use crate::annotate::{reanchor_all, ReanchorCounts};
use crate::error::Result;
use crate::{originals, Library};
use wenzhai_core::text;
use wenzhai_store::Store;

/// What a re-extraction did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReextractReport {
    pub checked: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Articles left as they were, with the reason (original missing, extraction now fails,
    /// the new text equals another article's).
    pub skipped: Vec<(i64, String)>,
    /// What became of the highlights and notes of the updated articles.
    pub annotations: ReanchorCounts,
}

impl Library {
    /// Re-extract every article from its original. `progress(done, total)` after each.
    pub fn reextract(&self, mut progress: impl FnMut(u64, u64)) -> Result<ReextractReport> {
        self.require_writer()?;
        let mut store = self.store();
        let sources = store.original_sources()?;
        let total = sources.len() as u64;
        let mut report = ReextractReport::default();
        let mut writer = self.index.writer()?;
        let mut counter = None;
        for (id, sha, name) in sources {
            report.checked += 1;
            let path = originals::path_of(&self.root, &sha);
            let current = store.article(id)?;
            let outcome = std::fs::read(&path)
                .map_err(|e| format!("original {} cannot be read: {e}", path.display()))
                .and_then(|bytes| {
                    match wenzhai_core::extract(&bytes, name.as_deref()) {
                        // A file the detection refuses was imported with the encoding the
                        // user picked ("choose encoding…"): keep reading it that way.
                        Err(e) if e.code() == "undecodable" && !current.encoding.is_empty() => {
                            wenzhai_core::extract_with_encoding(
                                &bytes,
                                name.as_deref(),
                                Some(&current.encoding),
                            )
                        }
                        other => other,
                    }
                    .map_err(|e| format!("extraction now fails: {e}"))
                });
            let extracted = match outcome {
                Ok(x) => x,
                Err(reason) => {
                    report.skipped.push((id, reason));
                    progress(report.checked, total);
                    continue;
                }
            };
            let same = current.title == extracted.title
                && current.body == extracted.body_text
                && current.body_html == extracted.body_html
                && current.author == extracted.author
                && current.published == extracted.published
                && current.source == extracted.source
                && current.site == extracted.site
                && current.section == extracted.section
                && current.url == extracted.url
                && current.lang == extracted.lang
                && current.encoding == extracted.encoding;
            if same {
                report.unchanged += 1;
                progress(report.checked, total);
                continue;
            }
            let hash = text::content_hash(&format!("{}\n{}", extracted.title, extracted.body_text));
            if store
                .find_duplicate(&hash, None)?
                .is_some_and(|other| other != id)
            {
                report
                    .skipped
                    .push((id, "its new text equals another article's".to_string()));
                progress(report.checked, total);
                continue;
            }
            let counts = &mut report.annotations;
            let mut bands = self.band_index(&store)?;
            let ((), c) = store.write(|tx| {
                Store::update_extracted(tx, id, &extracted, &hash)?;
                Store::sketch_article(tx, &mut bands, id, &extracted.body_text)?;
                reanchor_all(tx, id, &extracted.body_text, counts)
            })?;
            counter = Some(c);
            writer.upsert(&store.index_doc(id)?)?;
            report.updated += 1;
            progress(report.checked, total);
        }
        if let Some(c) = counter {
            writer.commit(c)?;
        }
        Ok(report)
    }
}
