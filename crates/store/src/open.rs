//! Opening a connection: the pragmas every connection needs.
//!
//! WAL so readers never block the writer; `foreign_keys` so deleting an article removes its
//! tags and annotations; a generous `busy_timeout` so a second process waits instead of failing
//! (two processes opening a new library at once serialize on the migration transaction).

use crate::Result;
use rusqlite::{Connection, ErrorCode};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

/// How long an opener waits for another process: for the busy handler and for the WAL switch.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// `temp_store = MEMORY`: an import writes each article inside a savepoint of a shared
/// transaction (`Store::write_in_batch`), and SQLite keeps the pages a savepoint may have to
/// restore in a sub-journal — a temporary *file* by default, 47 kB written per article
/// (140 MB for 3,000 articles, measured with strace). In memory it is freed at each release.
pub(crate) fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_WAIT)?;
    switch_to_wal(&conn)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

/// Put the file in WAL mode, waiting for other openers.
///
/// Switching a file to WAL needs it to itself, and the busy handler does not cover every case:
/// when another connection is writing to a file still in rollback mode (a second opener's
/// migration on a new library), the switch waits for that write and then fails with
/// `SQLITE_BUSY`. So a new library opened by two processes at once (the app and `wz`, or the
/// store's two-process test) failed now and then with "database is locked". WAL is a property
/// of the file, so once it is set the first read finds it and takes no lock; until then, retry
/// with a short back-off within the same wait as the busy handler.
fn switch_to_wal(conn: &Connection) -> Result<()> {
    let deadline = Instant::now() + BUSY_WAIT;
    let mut pause = Duration::from_millis(5);
    loop {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
