//! Opening a connection: the pragmas every connection needs.
//!
//! WAL so readers never block the writer; `foreign_keys` so deleting an article removes its
//! tags and annotations; a generous `busy_timeout` so a second process waits instead of failing
//! (two processes opening a new library at once serialize on the migration transaction).

use crate::Result;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

pub(crate) fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // journal_mode needs a lock of its own; the busy timeout covers a concurrent opener.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;",
    )?;
    Ok(conn)
}
