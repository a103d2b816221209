//! The comparison engine: SQLite FTS5 with the trigram tokenizer over the same title and body
//! text, queried the usual way — every part of 3 or more characters as a quoted MATCH term
//! (a trigram phrase), every shorter part as `LIKE '%part%'` on the same rows (trigram cannot
//! match fewer than 3 characters and silently ignores such a term inside a MATCH).

use anyhow::{Context, Result};
use rusqlite::{params_from_iter, Connection};
use std::path::Path;

pub const TABLE_SQL: &str = "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='trigram')";

/// Build the table from the benchmark's text files (`NNNNNN.txt`, rowid = NNNNNN + 1), in one
/// transaction, then `optimize` (merge the segments into one b-tree, best for queries).
pub fn build(db: &Path, files: &[(usize, std::path::PathBuf)]) -> Result<u64> {
    let mut conn = Connection::open(db).with_context(|| format!("opening {}", db.display()))?;
    conn.execute_batch(TABLE_SQL)?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)")?;
        for (index, path) in files {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let (title, body) = crate::split_txt(&text);
            insert.execute((*index as i64 + 1, title, body))?;
        }
    }
    tx.commit()?;
    conn.execute("INSERT INTO docs(docs) VALUES('optimize')", [])?;
    Ok(files.len() as u64)
}

/// Bytes of the FTS5 index proper (the `_data` and `_idx` shadow tables) and of everything,
/// from the `dbstat` virtual table.
pub fn index_bytes(conn: &Connection) -> Result<u64> {
    let bytes: i64 = conn.query_row(
        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('docs_data', 'docs_idx')",
        [],
        |r| r.get(0),
    )?;
    Ok(bytes as u64)
}

/// A query as SQL: the WHERE clause and its parameters.
pub struct Plan {
    where_sql: String,
    params: Vec<String>,
    has_match: bool,
    like_parts: Vec<String>,
}

fn like_escape(part: &str) -> String {
    let mut s = String::from("%");
    for c in part.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

pub fn plan(query: &str) -> Plan {
    let parts = crate::truth::parts(query);
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    let long: Vec<String> = parts
        .iter()
        .filter(|p| p.chars().count() >= 3)
        .map(|p| format!("\"{}\"", p.replace('"', "\"\"")))
        .collect();
    let has_match = !long.is_empty();
    if has_match {
        params.push(long.join(" "));
        conditions.push(format!("docs MATCH ?{}", params.len()));
    }
    let mut like_parts = Vec::new();
    for p in parts.iter().filter(|p| p.chars().count() < 3) {
        params.push(like_escape(p));
        let n = params.len();
        conditions.push(format!(
            "(title LIKE ?{n} ESCAPE '\\' OR body LIKE ?{n} ESCAPE '\\')"
        ));
        like_parts.push(p.clone());
    }
    if conditions.is_empty() {
        conditions.push("0".into());
    }
    Plan {
        where_sql: conditions.join(" AND "),
        params,
        has_match,
        like_parts,
    }
}

/// One answer: the count, and the top rows as (rowid, title, snippet).
pub struct Answer {
    pub total: u64,
    pub rows: Vec<(i64, String, String)>,
}

/// Count + top `limit` + snippets, as a search page would need them.
pub fn page(conn: &Connection, plan: &Plan, limit: usize) -> Result<Answer> {
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM docs WHERE {}",
            plan.where_sql
        ))?
        .query_row(params_from_iter(&plan.params), |r| r.get(0))?;
    let mut rows = Vec::with_capacity(limit);
    if plan.has_match {
        let sql = format!(
            "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 32) FROM docs \
             WHERE {} ORDER BY rank LIMIT {limit}",
            plan.where_sql
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut q = stmt.query(params_from_iter(&plan.params))?;
        while let Some(r) = q.next()? {
            rows.push((r.get(0)?, r.get(1)?, r.get(2)?));
        }
    } else {
        // No MATCH, so no rank and no snippet(): take rows in table order and cut a snippet
        // around the first part ourselves.
        let sql = format!(
            "SELECT rowid, title, body FROM docs WHERE {} LIMIT {limit}",
            plan.where_sql
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut q = stmt.query(params_from_iter(&plan.params))?;
        while let Some(r) = q.next()? {
            let body: String = r.get(2)?;
            let snippet = like_snippet(&body, &plan.like_parts);
            rows.push((r.get(0)?, r.get(1)?, snippet));
        }
    }
    Ok(Answer {
        total: total as u64,
        rows,
    })
}

/// Every matching rowid, for the correctness pass.
pub fn all_rowids(conn: &Connection, plan: &Plan) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(&format!("SELECT rowid FROM docs WHERE {}", plan.where_sql))?;
    let ids = stmt
        .query_map(params_from_iter(&plan.params), |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// About 60 characters either side of the first occurrence of the first part, marked.
fn like_snippet(body: &str, parts: &[String]) -> String {
    let Some(part) = parts.first() else {
        return body.chars().take(120).collect();
    };
    let Some(at) = body.find(part.as_str()) else {
        return body.chars().take(120).collect();
    };
    let before: String = {
        let mut v: Vec<char> = body[..at].chars().rev().take(60).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after: String = body[at + part.len()..].chars().take(60).collect();
    format!("{before}<mark>{part}</mark>{after}")
}
