//! The library view: pages of the article list under filters and a sort, and the facets of
//! its side panel (tag tree, sites, reading-state counts). Reads only.

use crate::{Library, Result};
use wenzhai_core::model::{Facets, ListPage, ListQuery};

impl Library {
    /// One page of the list (`q.limit` 0 means 100, at most 1000) with the number of articles
    /// matching the filters in all. Fast at any offset of a 100,000-article library: see
    /// `wenzhai_store`'s `list.rs`.
    pub fn list_page(&self, q: &ListQuery) -> Result<ListPage> {
        Ok(self.store().list_page(q)?)
    }

    /// The tag tree (with the parents of used tags, own and distinct total counts, colours),
    /// the sites by article count, and the reading-state counts.
    pub fn facets(&self) -> Result<Facets> {
        Ok(self.store().facets()?)
    }
}
