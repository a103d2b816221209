//! `wz check`: do SQLite, the index and the originals (current and earlier versions) agree?

use crate::error::Result;
use crate::{originals, Library};
use wenzhai_core::text;

/// What `check` found. `ok()` only when there are no problems.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CheckReport {
    pub articles: u64,
    pub indexed: u64,
    pub originals_checked: u64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Library {
    pub fn check(&self) -> Result<CheckReport> {
        let store = self.store();
        let mut report = CheckReport::default();
        let db_ids = store.all_ids()?;
        let index_ids = self.index.all_ids()?;
        report.articles = db_ids.len() as u64;
        report.indexed = index_ids.len() as u64;
        let db_counter = store.change_counter()?;
        let index_counter = self.index.committed_counter()?;
        if db_counter != index_counter {
            report.problems.push(format!(
                "index is at change {index_counter}, SQLite at {db_counter} (run `wz reindex`)"
            ));
        }
        if self.index.is_outdated()? {
            report.problems.push(format!(
                "index was built with index version {}, this Wenzhai uses {} (run `wz reindex`)",
                self.index.index_version()?,
                wenzhai_search::INDEX_VERSION
            ));
        }
        let in_db: std::collections::BTreeSet<i64> = db_ids.iter().copied().collect();
        let in_index: std::collections::BTreeSet<i64> = index_ids.iter().copied().collect();
        for id in in_db.difference(&in_index) {
            report
                .problems
                .push(format!("article {id} is missing from the index"));
        }
        for id in in_index.difference(&in_db) {
            report
                .problems
                .push(format!("index has article {id}, which SQLite does not"));
        }
        let current = store
            .originals()?
            .into_iter()
            .map(|(id, sha)| (id, sha, ""));
        let earlier = store
            .version_originals()?
            .into_iter()
            .map(|(id, sha)| (id, sha, "earlier version's "));
        for (id, sha, which) in current.chain(earlier) {
            let path = originals::path_of(&self.root, &sha);
            match std::fs::read(&path) {
                Ok(bytes) if text::sha256_hex(&bytes) == sha => report.originals_checked += 1,
                Ok(_) => report.problems.push(format!(
                    "{which}original of article {id} ({}) does not match its sha256",
                    path.display()
                )),
                Err(e) => report.problems.push(format!(
                    "{which}original of article {id} ({}) cannot be read: {e}",
                    path.display()
                )),
            }
        }
        Ok(report)
    }
}
