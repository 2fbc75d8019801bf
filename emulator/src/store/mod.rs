//! SQLite storage: one writer connection (every change is serialized through it) and, for file
//! databases, a small pool of read connections that WAL lets run beside the writer.
//!
//! SQLite calls block, so they run on tokio's blocking pool. Durability: WAL with
//! `synchronous=NORMAL` keeps every committed transaction across a crash of this process
//! (kill -9); only an OS crash or power loss can drop the last commits.

pub mod assets;
pub mod projects;
mod schema;
pub mod sequences;
pub mod snapshot;

use crate::error::ApiError;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// A private in-memory database, gone when the process ends.
    Memory,
    /// A file, created when missing.
    File(PathBuf),
}

/// Most idle read connections kept open. Every read beyond this many at once opened (and
/// then closed) a fresh connection with a cold page cache and statement cache, so this covers
/// the concurrency of a busy client (each authenticated list takes two reads).
const MAX_IDLE_READERS: usize = 32;
/// Statements cached per connection; the bulk engine uses about twenty.
const STATEMENT_CACHE: usize = 64;

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    writer: Mutex<Connection>,
    /// `None` for `:memory:`, whose data only the writer connection can see.
    readers: Option<ReadPool>,
}

struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// Why the database could not be opened.
#[derive(Debug)]
pub struct OpenError(String);

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

impl Store {
    /// Opens (creating when needed) the database and brings its schema up to date.
    pub fn open(location: &DbLocation) -> Result<Store, OpenError> {
        let fail = |what: &str, err: rusqlite::Error| OpenError(format!("{what}: {err}"));
        let (writer, readers) = match location {
            DbLocation::Memory => (
                Connection::open_in_memory().map_err(|e| fail("open :memory:", e))?,
                None,
            ),
            DbLocation::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        OpenError(format!("create directory {}: {e}", dir.display()))
                    })?;
                }
                let conn = Connection::open(path)
                    .map_err(|e| fail(&format!("open {}", path.display()), e))?;
                conn.pragma_update(None, "journal_mode", "WAL")
                    .map_err(|e| fail("enable WAL", e))?;
                let pool = ReadPool {
                    path: path.clone(),
                    idle: Mutex::new(Vec::new()),
                };
                (conn, Some(pool))
            }
        };
        configure(&writer).map_err(|e| fail("configure connection", e))?;
        writer
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| fail("set synchronous", e))?;
        schema::migrate(&writer).map_err(OpenError)?;
        Ok(Store {
            inner: Arc::new(Inner {
                writer: Mutex::new(writer),
                readers,
            }),
        })
    }

    /// Runs `f` on the writer connection, after every earlier write has finished.
    pub async fn write<R, F>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&mut Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let inner = self.inner.clone();
        run_blocking(move || {
            let mut conn = inner
                .writer
                .lock()
                .map_err(|_| ApiError::internal("writer connection mutex poisoned"))?;
            f(&mut conn)
        })
        .await
    }

    /// Runs `f` on a read connection (the writer for `:memory:`); sees every committed write.
    pub async fn read<R, F>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let inner = self.inner.clone();
        run_blocking(move || match &inner.readers {
            None => {
                let conn = inner
                    .writer
                    .lock()
                    .map_err(|_| ApiError::internal("writer connection mutex poisoned"))?;
                f(&conn)
            }
            Some(pool) => {
                let conn = pool.take()?;
                let result = f(&conn);
                pool.give_back(conn);
                result
            }
        })
        .await
    }
}

impl ReadPool {
    fn take(&self) -> Result<Connection, ApiError> {
        let idle = self
            .idle
            .lock()
            .map_err(|_| ApiError::internal("reader pool mutex poisoned"))?
            .pop();
        match idle {
            Some(conn) => Ok(conn),
            None => open_reader(&self.path),
        }
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_IDLE_READERS {
                idle.push(conn);
            }
        }
    }
}

fn open_reader(path: &Path) -> Result<Connection, ApiError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // 64 MiB of page cache: a 10,000-action bulk update touches more than the 2 MiB default
    // holds, and spilling mid-transaction costs more than the memory.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

async fn run_blocking<R, F>(f: F) -> Result<R, ApiError>
where
    F: FnOnce() -> Result<R, ApiError> + Send + 'static,
    R: Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|err| ApiError::internal(format!("database task failed: {err}")))?
}

/// Current time, Unix milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
