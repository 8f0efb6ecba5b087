//! Opening the cache: pragmas, the integrity check, migrations, and the
//! rebuild of a damaged file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{Result, Store, StoreError, schema, state};

/// How long a statement waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A full `quick_check` reads every page; above this size it would slow the
/// start down, so a bigger file gets the check of the tables every list
/// reads (rows and indexes, not bodies or the search index, which are most
/// of the bytes), and that beside the start rather than before it: those
/// tables alone take longer to read than a start may (about 15 ms at 4,000
/// articles, ten times that at 50,000). Damage found either way, or later
/// as `StoreError::Corrupt`, makes the next start run the full check, and
/// repair.
const FULL_CHECK_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// The tables checked at every start.
const HOT_TABLES: [&str; 3] = ["sources", "articles", "events"];

impl Store {
    /// Open (creating and migrating) the cache at `path`. A damaged file is
    /// moved aside and rebuilt; `recovered()` then says what happened.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                open_error(
                    path,
                    &format!("cannot create the data directory {}: {e}", dir.display()),
                )
            })?;
        }
        let force_check = state::check_requested(path);
        match open_file(path, force_check) {
            Err(StoreError::Corrupt(detail)) => rebuild(path, &detail),
            other => other,
        }
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON; ATTACH DATABASE ':memory:' AS state;")?;
        conn.execute_batch(schema::STATE_SCHEMA)?;
        schema::migrate(&mut conn, ":memory:")?;
        Ok(Store {
            conn,
            path: None,
            recovered: None,
        })
    }

    /// Run SQLite's full integrity check; Ok(()) when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let problems = run_check(&self.conn, "integrity_check")?;
        match problems {
            None => Ok(()),
            Some(p) => Err(StoreError::Corrupt(p)),
        }
    }
}

/// WAL pages a sync's writer lets grow before copying them into the
/// database: the size a WAL is truncated back to (64 MB). SQLite's default,
/// 1,000 pages, copied the cache into itself a dozen times over in a cold
/// sync of 40 MB of feeds, a tenth of the writer's time.
const SYNC_CHECKPOINT_PAGES: i64 = 16_384;
const DEFAULT_CHECKPOINT_PAGES: i64 = 1_000;

impl Store {
    /// While a sync writes its sources, the WAL is copied into the database
    /// every 64 MB instead of every 4 MB; `checkpoint_beside` copies the
    /// rest once they are written, while the prefetch waits on the network.
    pub fn hold_checkpoints(&self, hold: bool) -> Result<()> {
        let pages = if hold {
            SYNC_CHECKPOINT_PAGES
        } else {
            DEFAULT_CHECKPOINT_PAGES
        };
        self.conn
            .query_row(&format!("PRAGMA wal_autocheckpoint = {pages}"), [], |_| {
                Ok(())
            })?;
        Ok(())
    }

    /// Copy the WAL into the database on a connection of a thread of its
    /// own. Never in the way: a checkpoint that finds a reader or writer
    /// busy copies what it can and leaves the rest to the next one.
    pub fn checkpoint_beside(&self) -> Option<std::thread::JoinHandle<()>> {
        let path = self.path.clone()?;
        std::thread::Builder::new()
            .name("cache checkpoint".into())
            .spawn(move || {
                let Ok(conn) = Connection::open(&path) else {
                    return;
                };
                let _ = conn.busy_timeout(BUSY_TIMEOUT);
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            })
            .ok()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Keeps the planner's statistics fresh; bounded, and given up at
        // once when another process is writing, so closing stays quick.
        let _ = self.conn.busy_timeout(Duration::from_millis(20));
        let _ = self
            .conn
            .execute_batch("PRAGMA analysis_limit = 400; PRAGMA optimize;");
    }
}

fn open_error(path: &Path, detail: &str) -> StoreError {
    StoreError::Open {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}

/// The errors of opening, said in terms of the data directory.
fn explain(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::ReadOnly => open_error(
            path,
            "the data directory is read-only (choose a writable one with --data-dir)",
        ),
        StoreError::Sqlite(ref inner)
            if inner.sqlite_error_code() == Some(ErrorCode::CannotOpen) =>
        {
            open_error(
                path,
                "cannot create or open the file (does the data directory exist and is it writable?)",
            )
        }
        StoreError::Sqlite(ref inner)
            if inner.sqlite_error_code() == Some(ErrorCode::PermissionDenied) =>
        {
            open_error(path, "permission denied")
        }
        StoreError::DiskFull => open_error(path, "the disk is full"),
        other => other,
    }
}

fn open_file(path: &Path, force_check: bool) -> Result<Store> {
    let existed = path.exists();
    let mut conn = Connection::open(path).map_err(|e| explain(path, e.into()))?;
    configure(&conn).map_err(|e| explain(path, e))?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let whole = force_check || size <= FULL_CHECK_MAX_BYTES;
    if existed
        && whole
        && let Some(problem) = check(&conn, true)?
    {
        return Err(StoreError::Corrupt(problem));
    }
    let fresh_state =
        state::attach(&conn, &state::state_path(path)).map_err(|e| explain(path, e))?;
    let display = path.display().to_string();
    schema::migrate(&mut conn, &display).map_err(|e| explain(path, e))?;
    let store = Store {
        conn,
        path: Some(path.to_path_buf()),
        recovered: None,
    };
    if fresh_state {
        // An older cache, or the side file was deleted: seed it from the table.
        store.copy_flags_to_state()?;
    }
    if force_check {
        state::clear_check_request(path);
    }
    if existed && !whole {
        check_beside(path);
    }
    Ok(store)
}

/// Check the list's tables on a read-only connection of a thread of its
/// own, so the first screen does not wait for it; damage asks for the full
/// check and repair at the next start.
fn check_beside(path: &Path) {
    let path = path.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("cache check".into())
        .spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let Ok(conn) = Connection::open_with_flags(&path, flags) else {
                return;
            };
            let _ = conn.busy_timeout(BUSY_TIMEOUT);
            if let Ok(Some(_)) | Err(StoreError::Corrupt(_)) = check(&conn, false) {
                state::request_check(&path);
            }
        });
}

/// Pragmas every connection needs. The schema read at the end is what
/// surfaces "file is not a database" on a damaged header.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Every statement of a sync and of the list stays prepared.
    conn.set_prepared_statement_cache_capacity(64);
    // Plans that never depend on a bound value: without this the bundled
    // SQLite (STAT4) compiles a cached statement again at every new binding,
    // which was a third of the time spent writing a feed.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages == 0 {
        // Only possible before the first table: lets prune give space back.
        conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL")?;
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::ReadOnly);
    }
    // A WAL is truncated back to 64 MB after a checkpoint, so one big sync
    // does not leave the cache that much bigger for good.
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
         PRAGMA journal_size_limit = 67108864;",
    )?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

/// The start's check: the whole file, or the tables every list reads.
fn check(conn: &Connection, whole: bool) -> Result<Option<String>> {
    if whole {
        return run_check(conn, "quick_check");
    }
    for table in HOT_TABLES {
        let present: bool = conn
            .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?
            .exists([table])?;
        if present && let Some(problem) = run_check(conn, &format!("quick_check({table})"))? {
            return Ok(Some(problem));
        }
    }
    Ok(None)
}

/// Run `PRAGMA quick_check` or `integrity_check`: None when "ok".
pub(crate) fn run_check(conn: &Connection, pragma: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(None)
    } else {
        Ok(Some(
            lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
        ))
    }
}

/// Move the damaged file (and its WAL) aside, make a new cache, and bring
/// back what can be read from the old one.
fn rebuild(path: &Path, detail: &str) -> Result<Store> {
    // Another process may have rebuilt it meanwhile: never move a sound file.
    match open_file(path, true) {
        Err(StoreError::Corrupt(_)) => {}
        other => return other,
    }
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
    std::fs::rename(path, &aside).map_err(|e| {
        open_error(
            path,
            &format!("damaged ({detail}) and cannot be moved aside: {e}"),
        )
    })?;
    for suffix in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", path.display()));
        let to = PathBuf::from(format!("{}{suffix}", aside.display()));
        if from.exists() {
            // A WAL left behind would be replayed into the new file.
            std::fs::rename(&from, &to).map_err(|e| open_error(path, &e.to_string()))?;
        }
    }
    let mut store = open_file(path, false)?;
    let salvaged = salvage(&store, &aside);
    let (read, saved) = store.state_counts()?;
    let mut notice = format!(
        "The cache database was damaged ({detail}). It was moved to {} and a new one was made; \
         {read} read and {saved} saved marks were kept",
        aside.display()
    );
    if salvaged > 0 {
        notice.push_str(&format!(
            ", and {salvaged} articles were recovered from the old file"
        ));
    }
    notice.push_str(". A sync fetches the rest again.");
    store.recovered = Some(notice);
    Ok(store)
}

/// Copy what the damaged file still yields; reading stops at the first
/// damaged page of each table, keeping what came before.
fn salvage(store: &Store, aside: &Path) -> usize {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(old) = Connection::open_with_flags(aside, flags) else {
        return 0;
    };
    let _ = store.import_flags(&old);
    store.import_articles(&old).unwrap_or(0)
}
