//! The pinyin keys of titles, tags and sites (schema `0007_pinyin_keys.sql`): a cache from a
//! text to its syllables, which the library works out (with a dictionary this crate does not
//! know) and keeps here, so a suggestion index loads them instead of converting every title
//! again. Also the rows that suggestions and tag suggestions read.

use crate::{Result, Store};
use rusqlite::Connection;

/// Every text that can be suggested: titles, tag paths and sites.
const SUGGESTIBLE_TEXTS: &str = "SELECT title FROM articles
     UNION SELECT path FROM tags
     UNION SELECT site FROM articles WHERE site IS NOT NULL";

/// One article's title for the suggestion index, with its stored syllables (if any).
#[derive(Debug, Clone)]
pub struct TitleKey {
    pub id: i64,
    pub title: String,
    pub syllables: Option<String>,
}

/// A tag or a site with how many articles have it, and its stored syllables (if any).
#[derive(Debug, Clone)]
pub struct NameKey {
    pub name: String,
    pub articles: u64,
    pub syllables: Option<String>,
}

impl Store {
    /// The titles, tag paths and sites that have no key made by rules `scheme`.
    pub fn texts_without_pinyin(&self, scheme: i64) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT t.title FROM ({SUGGESTIBLE_TEXTS}) t
             WHERE NOT EXISTS (SELECT 1 FROM pinyin_keys p WHERE p.text = t.title AND p.scheme = ?1)"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map([scheme], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    /// Store keys (text, syllables) made by rules `scheme`, replacing older ones; then drop
    /// the keys of texts no longer used anywhere (a cache must not grow without bound).
    pub fn put_pinyin_keys(tx: &Connection, keys: &[(String, String)], scheme: i64) -> Result<()> {
        let mut stmt = tx.prepare_cached(
            "INSERT OR REPLACE INTO pinyin_keys(text, syllables, scheme) VALUES (?1, ?2, ?3)",
        )?;
        for (text, syllables) in keys {
            stmt.execute(rusqlite::params![text, syllables, scheme])?;
        }
        tx.execute(
            &format!("DELETE FROM pinyin_keys WHERE text NOT IN ({SUGGESTIBLE_TEXTS})"),
            [],
        )?;
        Ok(())
    }

    /// Every article's id and title with the title's key by rules `scheme`, newest import
    /// first. Reads the title index, not the article rows (whose bodies overflow).
    pub fn title_keys(&self, scheme: i64) -> Result<Vec<TitleKey>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.title, p.syllables FROM articles a INDEXED BY articles_list_title
             LEFT JOIN pinyin_keys p ON p.text = a.title AND p.scheme = ?1
             ORDER BY a.id DESC",
        )?;
        let rows = stmt
            .query_map([scheme], |r| {
                Ok(TitleKey {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    syllables: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every tag in use and every site, with article counts and keys by rules `scheme`.
    pub fn name_keys(&self, scheme: i64) -> Result<(Vec<NameKey>, Vec<NameKey>)> {
        let read = |sql: &str| -> Result<Vec<NameKey>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt
                .query_map([scheme], |r| {
                    Ok(NameKey {
                        name: r.get(0)?,
                        articles: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                        syllables: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        };
        let tags = read(
            "SELECT t.path, count(at.article_id), p.syllables FROM tags t
             JOIN article_tags at ON at.tag_id = t.id
             LEFT JOIN pinyin_keys p ON p.text = t.path AND p.scheme = ?1
             GROUP BY t.id ORDER BY t.path",
        )?;
        let sites = read(
            "SELECT s.site, s.n, p.syllables FROM
               (SELECT site, count(*) AS n FROM articles WHERE site IS NOT NULL GROUP BY site) s
             LEFT JOIN pinyin_keys p ON p.text = s.site AND p.scheme = ?1
             ORDER BY s.site",
        )?;
        Ok((tags, sites))
    }

    /// The ids of every article with at least one tag, and each one's tag paths.
    pub fn tagged_articles(&self) -> Result<std::collections::HashMap<i64, Vec<String>>> {
        let mut stmt = self.conn.prepare(
            "SELECT at.article_id, t.path FROM article_tags at JOIN tags t ON t.id = at.tag_id",
        )?;
        let mut map: std::collections::HashMap<i64, Vec<String>> = Default::default();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, path) = row?;
            map.entry(id).or_default().push(path);
        }
        Ok(map)
    }
}

/// What a list of related articles shows of one.
#[derive(Debug, Clone)]
pub struct ArticleHead {
    pub id: i64,
    pub title: String,
    pub site: Option<String>,
    pub published: Option<String>,
}

impl Store {
    /// Title, site and date of one article (no text), `None` when there is no such article.
    pub fn article_head(&self, id: i64) -> Result<Option<ArticleHead>> {
        use rusqlite::OptionalExtension;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, title, site, published_at FROM articles WHERE id = ?1")?;
        Ok(stmt
            .query_row([id], |r| {
                Ok(ArticleHead {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    site: r.get(2)?,
                    published: r.get(3)?,
                })
            })
            .optional()?)
    }
}
