//! The library list and its side panel: pages of article summaries under filters and a sort,
//! and the facets (the tag tree, the sites, the reading-state counts).
//!
//! Built for ~100,000 articles: every sort has an index holding its key, the id and the
//! filtered columns (migration 0003), so a page at any offset walks one index and reads only
//! the shown rows from the table, and counting the matches never reads article rows (whose
//! state columns lie behind the large body columns).

use crate::{normalize_tag, Result, Store};
use rusqlite::types::Value;
use rusqlite::{Connection, Row};
use std::collections::HashMap;
use wenzhai_core::model::{
    ArticleSummary, Facets, LibraryCounts, ListPage, ListQuery, ListSort, SiteCount, TagNode,
};

/// The columns of an [`ArticleSummary`] over `articles a`, read by [`read_summary`].
pub(crate) const SUMMARY_COLUMNS: &str = "a.id, a.title, a.site, a.source, a.published_at, \
     a.read_at IS NOT NULL, a.starred, a.archived, a.imported_at";

/// Reads the [`SUMMARY_COLUMNS`]; tags are filled in afterwards.
fn read_summary(r: &Row) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        site: r.get(2)?,
        source: r.get(3)?,
        published: r.get(4)?,
        read: r.get(5)?,
        starred: r.get(6)?,
        archived: r.get(7)?,
        imported_at: r.get(8)?,
        tags: Vec::new(),
    })
}

/// Up to this many articles under a tag, SQLite fetches them by id and sorts them; beyond it,
/// sorting would read every one's sort key from its row (for the import time that lies past
/// the body, on overflow pages), so the list walks the sort index instead and tests each id.
const SORT_TAGGED_UP_TO: i64 = 2_000;

/// The filters of a query as SQL.
struct Filters {
    /// ` WHERE …`, or empty.
    sql: String,
    args: Vec<Value>,
    /// The number of matches when it is known without counting (only a tag filter).
    total: Option<i64>,
}

/// The filters of `q`. A blank tag or site is no filter.
fn filters(conn: &Connection, q: &ListQuery) -> Result<Filters> {
    let mut conditions = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut tagged = None;
    if let Some(tag) = q.tag.as_deref().filter(|t| !t.trim().is_empty()) {
        let (condition, n) = under_tag(conn, &normalize_tag(tag)?)?;
        conditions.push(condition);
        tagged = Some(n);
    }
    if let Some(site) = q.site.as_deref().filter(|s| !s.trim().is_empty()) {
        args.push(site.to_string().into());
        conditions.push(format!("a.site = ?{}", args.len()));
    }
    match q.read {
        Some(true) => conditions.push("a.read_at IS NOT NULL".into()),
        Some(false) => conditions.push("a.read_at IS NULL".into()),
        None => {}
    }
    // Literals, not parameters: there are only two values, and the planner sees them.
    if let Some(starred) = q.starred {
        conditions.push(format!("a.starred = {}", i32::from(starred)));
    }
    if let Some(archived) = q.archived {
        conditions.push(format!("a.archived = {}", i32::from(archived)));
    }
    Ok(Filters {
        total: tagged.filter(|_| conditions.len() == 1),
        sql: if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        },
        args,
    })
}

/// The condition that article `a` carries tag `path` (normalized) or a tag beneath it, and the
/// number of such articles. The tag rows are looked up first so that `article_tags` is
/// searched by tag id; their ids are written into the SQL (they are integers from the
/// database).
fn under_tag(conn: &Connection, path: &str) -> Result<(String, i64)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM tags WHERE path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/'",
    )?;
    let ids = stmt
        .query_map([path], |r| r.get::<_, i64>(0))?
        .map(|id| id.map(|id| id.to_string()))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if ids.is_empty() {
        return Ok(("0".into(), 0));
    }
    let ids = ids.join(", ");
    let tagged: i64 = conn.query_row(
        &format!("SELECT count(DISTINCT article_id) FROM article_tags WHERE tag_id IN ({ids})"),
        [],
        |r| r.get(0),
    )?;
    // `+` keeps SQLite from driving the query by id (see SORT_TAGGED_UP_TO).
    let id = if tagged <= SORT_TAGGED_UP_TO {
        "a.id"
    } else {
        "+a.id"
    };
    Ok((
        format!("{id} IN (SELECT article_id FROM article_tags WHERE tag_id IN ({ids}))"),
        tagged,
    ))
}

/// `ORDER BY` terms of a sort. The key expressions are exactly those of the migration-0003
/// indexes (SQLite matches indexed expressions textually), and the id breaks ties in the same
/// direction, so the index delivers the order without a sort step.
fn order_by(sort: ListSort, reverse: bool) -> String {
    let (key, newest_first) = match sort {
        ListSort::Date => ("coalesce(a.published_at, a.imported_at)", true),
        ListSort::Title => ("a.title", false),
        ListSort::Imported => ("a.imported_at", true),
    };
    let dir = if newest_first != reverse {
        "DESC"
    } else {
        "ASC"
    };
    format!("{key} {dir}, a.id {dir}")
}

/// How a list query learns its number of matches.
enum Count {
    /// By running this `count(*)`.
    Query(String),
    /// Already known (a tag filter alone: counted when it was resolved).
    Known(i64),
}

/// The statements of one list query.
struct ListSql {
    count: Count,
    /// The rows, in order, windowed by the query's offset and page size when paged.
    page: String,
    args: Vec<Value>,
}

impl ListSql {
    fn new(conn: &Connection, q: &ListQuery, paged: bool) -> Result<ListSql> {
        let f = filters(conn, q)?;
        let window = if paged {
            format!(" LIMIT {} OFFSET {}", q.page_size(), q.offset)
        } else {
            String::new()
        };
        Ok(ListSql {
            count: match f.total {
                Some(n) => Count::Known(n),
                None => Count::Query(format!("SELECT count(*) FROM articles a{}", f.sql)),
            },
            page: format!(
                "SELECT {SUMMARY_COLUMNS} FROM articles a{} ORDER BY {}{window}",
                f.sql,
                order_by(q.sort, q.reverse)
            ),
            args: f.args,
        })
    }
}

impl Store {
    /// One page of the list: the rows (with their tags) and how many articles match in all.
    pub fn list_page(&self, q: &ListQuery) -> Result<ListPage> {
        let sql = ListSql::new(&self.conn, q, true)?;
        let total: i64 = match &sql.count {
            Count::Query(count) => {
                self.conn
                    .query_row(count, rusqlite::params_from_iter(&sql.args), |r| r.get(0))?
            }
            Count::Known(n) => *n,
        };
        Ok(ListPage {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            rows: self.summaries(&sql)?,
        })
    }

    /// The whole list: newest first by published time (then import order), optionally under a
    /// tag (the tag itself or any descendant, `党建` covers `党建/组织建设`).
    pub fn list_articles(&self, tag: Option<&str>) -> Result<Vec<ArticleSummary>> {
        let q = ListQuery {
            tag: tag.map(str::to_string),
            ..ListQuery::default()
        };
        self.summaries(&ListSql::new(&self.conn, &q, false)?)
    }

    fn summaries(&self, sql: &ListSql) -> Result<Vec<ArticleSummary>> {
        let mut stmt = self.conn.prepare_cached(&sql.page)?;
        let mut rows = stmt
            .query_map(rusqlite::params_from_iter(&sql.args), read_summary)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for row in &mut rows {
            row.tags = self.tags_of(row.id)?;
        }
        Ok(rows)
    }

    /// The side panel of the library view: tag tree, sites and reading-state counts.
    pub fn facets(&self) -> Result<Facets> {
        let counts = self.conn.query_row(
            "SELECT count(*), count(*) - count(read_at), coalesce(sum(starred), 0),
                    coalesce(sum(archived), 0)
             FROM articles",
            [],
            |r| {
                Ok(LibraryCounts {
                    total: r.get(0)?,
                    unread: r.get(1)?,
                    starred: r.get(2)?,
                    archived: r.get(3)?,
                })
            },
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT site, count(*) FROM articles WHERE site IS NOT NULL AND site <> ''
             GROUP BY site ORDER BY count(*) DESC, site",
        )?;
        let sites = stmt
            .query_map([], |r| {
                Ok(SiteCount {
                    site: r.get(0)?,
                    articles: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Facets {
            tags: self.tag_tree()?,
            sites,
            counts,
        })
    }

    /// Every tag used by some article, and every parent of one, with own and distinct total
    /// counts. One pass over `article_tags` in article order (its primary key): each article
    /// counts once for every path at or above any of its tags.
    fn tag_tree(&self) -> Result<Vec<TagNode>> {
        let mut nodes: Vec<TagNode> = Vec::new();
        let mut by_path: HashMap<String, usize> = HashMap::new();
        // tag id → (its own node, the nodes of it and its ancestors)
        let mut of_tag: HashMap<i64, (usize, Vec<usize>)> = HashMap::new();
        let mut node = |path: &str, nodes: &mut Vec<TagNode>| -> usize {
            *by_path.entry(path.to_string()).or_insert_with(|| {
                nodes.push(TagNode {
                    path: path.to_string(),
                    own: 0,
                    total: 0,
                    color: None,
                });
                nodes.len() - 1
            })
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, path, color FROM tags")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, path, color): (i64, String, Option<String>) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let own = node(&path, &mut nodes);
            nodes[own].color = color;
            let mut up = vec![own];
            let mut rest = path.as_str();
            while let Some(cut) = rest.rfind('/') {
                rest = &rest[..cut];
                up.push(node(rest, &mut nodes));
            }
            of_tag.insert(id, (own, up));
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT article_id, tag_id FROM article_tags ORDER BY article_id")?;
        let mut rows = stmt.query([])?;
        let mut current: Option<i64> = None;
        let mut reached: Vec<usize> = Vec::new();
        let flush = |reached: &mut Vec<usize>, nodes: &mut Vec<TagNode>| {
            reached.sort_unstable();
            reached.dedup();
            for &n in reached.iter() {
                nodes[n].total += 1;
            }
            reached.clear();
        };
        while let Some(r) = rows.next()? {
            let (article, tag): (i64, i64) = (r.get(0)?, r.get(1)?);
            if current != Some(article) {
                flush(&mut reached, &mut nodes);
                current = Some(article);
            }
            if let Some((own, up)) = of_tag.get(&tag) {
                nodes[*own].own += 1;
                reached.extend_from_slice(up);
            }
        }
        flush(&mut reached, &mut nodes);
        nodes.retain(|n| n.total > 0);
        // By segments, so that children directly follow their parent (`a`, `a/b`, `a b`).
        nodes.sort_by(|x, y| x.path.split('/').cmp(y.path.split('/')));
        Ok(nodes)
    }
}

/// Checks that the migration-0003 indexes serve the list: no sort step for any order (but for
/// a small tag), and no count reading article rows. Prints the plans with `--nocapture`.
#[cfg(test)]
mod tests {
    use super::*;

    fn plan(store: &Store, sql: &str, args: &[Value]) -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("prepare");
        let rows: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| r.get(3))
            .expect("plan")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        rows.join("; ")
    }

    #[test]
    fn every_sort_and_filter_walks_an_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("l.sqlite3")).expect("open");
        // A tag on more articles than SORT_TAGGED_UP_TO, and one on a few.
        store
            .conn()
            .execute_batch(&format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
                 INSERT INTO articles (id, title, body_text, body_html, content_hash,
                     original_sha256, format, encoding, imported_at)
                 SELECT i, 't' || i, '', '', 'h' || i, '', 'text', 'UTF-8', '2026' FROM n;
                 INSERT INTO tags (id, path) VALUES (1, '大/子'), (2, '小');
                 INSERT INTO article_tags SELECT id, 1 FROM articles;
                 INSERT INTO article_tags SELECT id, 2 FROM articles WHERE id <= 10;",
                SORT_TAGGED_UP_TO + 1
            ))
            .expect("articles");
        let sorts = [
            (ListSort::Date, "articles_list_date"),
            (ListSort::Title, "articles_list_title"),
            (ListSort::Imported, "articles_list_imported"),
        ];
        let filtered = [
            ListQuery::default(),
            ListQuery {
                archived: Some(false),
                ..ListQuery::default()
            },
            ListQuery {
                read: Some(false),
                starred: Some(true),
                archived: Some(false),
                ..ListQuery::default()
            },
            ListQuery {
                tag: Some("大".into()),
                ..ListQuery::default()
            },
            ListQuery {
                tag: Some("大".into()),
                archived: Some(false),
                ..ListQuery::default()
            },
            ListQuery {
                tag: Some("小".into()),
                archived: Some(false),
                ..ListQuery::default()
            },
        ];
        for (sort, index) in sorts {
            for reverse in [false, true] {
                for q in &filtered {
                    let q = ListQuery {
                        sort,
                        reverse,
                        offset: 90_000,
                        ..q.clone()
                    };
                    let sql = ListSql::new(store.conn(), &q, true).expect("sql");
                    let page = plan(&store, &sql.page, &sql.args);
                    println!("{q:?}\n  page: {page}");
                    if q.tag.as_deref() == Some("小") {
                        // Ten rows fetched by id and sorted: the cheap way for a small tag.
                        assert!(page.contains("INTEGER PRIMARY KEY"), "{q:?}: {page}");
                    } else {
                        assert!(page.contains(index), "{q:?}: {page}");
                        assert!(!page.contains("TEMP B-TREE"), "{q:?} sorts: {page}");
                    }
                    if let Count::Query(count) = &sql.count {
                        let count = plan(&store, count, &sql.args);
                        println!("  count: {count}");
                        assert!(
                            count.contains("COVERING INDEX") || count.contains("PRIMARY KEY"),
                            "{q:?}: {count}"
                        );
                    }
                }
            }
        }
    }
}
