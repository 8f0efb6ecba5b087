//! Sources → fetch → parse → store, with progress reported on a channel.

pub mod discovery;
mod event_pages;
mod pages;
mod prefetch;
mod source;

use source::fetch_source_by;

use std::sync::Arc;
use std::time::Duration;

/// What a sync reports while it runs. Sent on a std channel so the TUI can
/// poll it without an async runtime.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    Started {
        sources: usize,
    },
    /// One source finished (or failed).
    SourceDone(SourceReport),
    /// Bytes received so far, for progress bars.
    Bytes(u64),
    /// Prefetch for offline reading: `done` of `total` pages or images.
    Prefetch {
        done: usize,
        total: usize,
        what: &'static str,
    },
    Finished(SyncSummary),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    /// Fetched, parsed and stored.
    Updated {
        new: usize,
        updated: usize,
        unchanged: usize,
        /// Items skipped, each with a warning.
        warnings: usize,
        /// What is wrong with the source as a whole though it was read (a
        /// document that holds no item): shown instead of "ok".
        warning: Option<String>,
    },
    /// The server said 304.
    NotModified,
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct SourceReport {
    pub site: String,
    pub url: String,
    pub outcome: SourceOutcome,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub sources: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub not_modified: usize,
    pub failed: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Article pages fetched for their full text, and pictures cached.
    pub pages: usize,
    pub images: usize,
    /// No source could be reached at all: the network is down.
    pub offline: bool,
}

/// Starts a sync in the background; each call is one sync. The TUI holds one
/// of these so a key can sync again.
pub type SyncStarter = Arc<dyn Fn(std::sync::mpsc::Sender<SyncEvent>) + Send + Sync>;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Instant;

use futures_util::StreamExt;
use jiff::Timestamp;

use crate::config::{Config, SiteConfig};
use crate::fetch::{self, Client, FetchError, Response, Validators};
use crate::model::{SourceRole, SourceState};
use crate::parse;
use crate::store::Store;

/// Pages of a paginated event source followed in one sync.
const MAX_PAGES: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("no site is named {0:?}")]
    NoSuchSite(String),
    /// A thread of the sync stopped on a panic.
    #[error("{0}")]
    Crashed(String),
}

/// One configured source to fetch.
#[derive(Debug, Clone)]
struct Job {
    site: String,
    url: String,
    role: SourceRole,
    validators: Validators,
    /// Pages of a paged source this sync may read: the archive depth on
    /// its first sync, fewer after.
    pages: usize,
}

enum Parsed {
    /// Ready to write: cleaned and indexed on the parser's thread.
    Articles {
        rows: Vec<crate::store::ArticleRow>,
        /// Items skipped, each with its reason.
        warnings: Vec<String>,
        /// What is wrong with the source as a whole (no item at all).
        warning: Option<String>,
    },
    Events(parse::EventBatch),
}

struct JobDone {
    job: Job,
    bytes: u64,
    result: Result<Option<(Parsed, fetch::Fetched)>, String>,
    unreachable: bool,
}

/// The chosen sites, in config order.
fn sites_of<'a>(config: &'a Config, only: Option<&str>) -> Result<Vec<&'a SiteConfig>, SyncError> {
    let sites: Vec<&SiteConfig> = config
        .sites
        .iter()
        .filter(|s| only.is_none_or(|name| s.name.eq_ignore_ascii_case(name)))
        .collect();
    match only {
        Some(name) if sites.is_empty() => Err(SyncError::NoSuchSite(name.to_string())),
        _ => Ok(sites),
    }
}

/// Fetch every source of every site (or of one), store what they yield, and
/// report on `tx`. A failing source is recorded and never stops the others.
pub async fn run(
    config: &Config,
    db_path: &Path,
    only_site: Option<&str>,
    tx: Option<Sender<SyncEvent>>,
) -> Result<SyncSummary, SyncError> {
    let started = Instant::now();
    let send = |e: SyncEvent| {
        if let Some(tx) = &tx {
            let _ = tx.send(e);
        }
    };
    // The HTTP client reads the system's certificates, as long as opening
    // the cache takes: both at once.
    let limits = crate::config::Paths::limits(config);
    let building = std::thread::spawn(move || Client::new(limits));
    let mut store = Store::open(db_path)?;
    let client = building
        .join()
        .map_err(|_| SyncError::Crashed("the HTTP client could not be built".into()))??;
    let mut jobs = Vec::new();
    let mut summary = SyncSummary::default();
    let mut unreachable = 0;
    // Past this, nothing more is fetched; what was fetched is kept.
    let deadline = started + Duration::from_secs(config.sync_deadline);
    let source_deadline =
        move || (Instant::now() + Duration::from_secs(config.fetch_timeout)).min(deadline);
    for site in sites_of(config, only_site)? {
        let (sources, failure) = discovery::sources_of(
            &client.until(source_deadline()),
            &store,
            site,
            Timestamp::now(),
        )
        .await?;
        // A home page that fails matters only when the site has nothing
        // else to fetch: otherwise what it lists (or what the home page
        // named last time) goes, and `sites` tells of the failure.
        if let Some(e) = failure.filter(|_| sources.is_empty()) {
            let home = site.home.clone().unwrap_or_default();
            unreachable += usize::from(e.is_unreachable());
            summary.sources += 1;
            summary.failed += 1;
            let msg = format!("discovering sources: {e}");
            send(SyncEvent::SourceDone(SourceReport {
                site: site.name.clone(),
                url: home,
                outcome: SourceOutcome::Failed(msg),
                bytes: 0,
            }));
        }
        for (url, role) in sources {
            store.ensure_source(&site.name, &url, role)?;
            let known = store.source(&url)?;
            let first_sync = known.as_ref().is_none_or(|s| s.last_success.is_none());
            let validators = known
                .map(|s| Validators {
                    etag: s.etag,
                    last_modified: s.last_modified,
                })
                .unwrap_or_default();
            let archive = config.archive_pages.max(1);
            jobs.push(Job {
                site: site.name.clone(),
                url,
                role,
                validators,
                pages: if first_sync {
                    archive
                } else {
                    archive.min(pages::PAGES_PER_SYNC)
                },
            });
        }
    }
    summary.sources += jobs.len();
    send(SyncEvent::Started {
        sources: summary.sources,
    });

    // One thread writes while the others fetch and parse: a source's
    // transaction never holds up the next response. The channel is short,
    // so parsed batches waiting to be written stay few.
    let (to_writer, mut writes) = tokio::sync::mpsc::channel::<JobDone>(2);
    let events = tx.clone();
    store.hold_checkpoints(true)?;
    let writer = std::thread::spawn(move || {
        let mut outcomes = Vec::new();
        while let Some(done) = writes.blocking_recv() {
            let outcome = record(&mut store, &done);
            if let Some(tx) = &events {
                let _ = tx.send(SyncEvent::SourceDone(SourceReport {
                    site: done.job.site.clone(),
                    url: done.job.url.clone(),
                    outcome: outcome.clone(),
                    bytes: done.bytes,
                }));
            }
            outcomes.push(outcome);
        }
        (store, outcomes)
    });
    let mut results = futures_util::stream::iter(jobs)
        .map(|job| fetch_source_by(&client, job, db_path, source_deadline(), deadline))
        .buffer_unordered(config.concurrency.max(1));
    while let Some(done) = results.next().await {
        summary.bytes += done.bytes;
        send(SyncEvent::Bytes(summary.bytes));
        if done.unreachable {
            unreachable += 1;
        }
        if to_writer.send(done).await.is_err() {
            break;
        }
    }
    drop(to_writer);
    let (store, outcomes) = writer
        .join()
        .map_err(|_| SyncError::Crashed("the cache writer stopped unexpectedly".into()))?;
    for outcome in &outcomes {
        match outcome {
            SourceOutcome::Updated {
                new,
                updated,
                unchanged,
                ..
            } => {
                summary.new += new;
                summary.updated += updated;
                summary.unchanged += unchanged;
            }
            SourceOutcome::NotModified => summary.not_modified += 1,
            SourceOutcome::Failed(_) => summary.failed += 1,
        }
    }
    summary.offline = summary.sources > 0 && unreachable == summary.sources;
    store.hold_checkpoints(false)?;
    let checkpoint = store.checkpoint_beside();
    let budget = config.image_budget_mb.saturating_mul(1024 * 1024);
    if !summary.offline {
        let pictures = client
            .with_total_timeout(Duration::from_secs(config.picture_timeout))
            .until(deadline);
        let clients = prefetch::Clients {
            pages: client.until(deadline),
            pictures,
            image_budget: budget,
        };
        match prefetch::run(&clients, &store, config.concurrency, &send).await {
            Ok(p) => {
                summary.pages = p.pages;
                summary.images = p.images;
                summary.bytes += p.bytes;
            }
            Err(e) => {
                summary.failed += 1;
                send(SyncEvent::SourceDone(SourceReport {
                    site: String::new(),
                    url: "prefetch".into(),
                    outcome: SourceOutcome::Failed(e.to_string()),
                    bytes: 0,
                }));
            }
        }
    }
    // Keep the cache within its bounds: read articles past their age and
    // pictures past the budget go; saved and unread ones never do.
    if let Err(e) = store.prune(config.keep_read_days, budget, Timestamp::now()) {
        send(SyncEvent::SourceDone(SourceReport {
            site: String::new(),
            url: "prune".into(),
            outcome: SourceOutcome::Failed(e.to_string()),
            bytes: 0,
        }));
    }
    if let Some(c) = checkpoint {
        let _ = c.join();
    }
    summary.elapsed = started.elapsed();
    send(SyncEvent::Finished(summary.clone()));
    Ok(summary)
}

/// Write one source's result in one transaction; a store error becomes the
/// source's failure so the sync goes on.
fn record(store: &mut Store, done: &JobDone) -> SourceOutcome {
    let now = Timestamp::now();
    let url = &done.job.url;
    let outcome = match &done.result {
        Err(msg) => store
            .record_failure(url, now, msg)
            .map(|_| SourceOutcome::Failed(msg.clone())),
        Ok(None) => store
            .record_not_modified(url, now)
            .map(|_| SourceOutcome::NotModified),
        Ok(Some((parsed, fetched))) => {
            let mut state = SourceState {
                site: done.job.site.clone(),
                url: url.clone(),
                etag: fetched.etag.clone(),
                last_modified: fetched.last_modified.clone(),
                last_fetch: Some(now),
                last_success: Some(now),
                ..Default::default()
            };
            let (stats, warnings) = match parsed {
                Parsed::Articles {
                    rows,
                    warnings,
                    warning,
                } => {
                    state.items = rows.len() as u64;
                    state.warnings = warnings.len() as u64;
                    state.warning_list = warnings.clone();
                    state.warning = warning.clone();
                    (store.save_rows(&state, rows), warnings.len())
                }
                Parsed::Events(b) => {
                    state.items = b.events.len() as u64;
                    state.warnings = b.warning_count() as u64;
                    state.warning_list = b.warnings.clone();
                    (store.save_events(&state, &b.events), b.warning_count())
                }
            };
            stats.map(|s| SourceOutcome::Updated {
                new: s.new,
                updated: s.updated,
                unchanged: s.unchanged,
                warnings,
                warning: state.warning.clone(),
            })
        }
    };
    outcome.unwrap_or_else(|e| SourceOutcome::Failed(e.to_string()))
}

/// A `SyncStarter` for the TUI: each call runs one sync on a thread of its
/// own; a call while one is running is ignored.
pub fn starter(config: Arc<Config>, db_path: PathBuf) -> SyncStarter {
    let running = Arc::new(AtomicBool::new(false));
    Arc::new(move |tx: Sender<SyncEvent>| {
        if running.swap(true, Ordering::SeqCst) {
            return;
        }
        let (config, db_path, running) = (config.clone(), db_path.clone(), running.clone());
        std::thread::spawn(move || {
            let result = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .and_then(|rt| {
                    rt.block_on(run(&config, &db_path, None, Some(tx.clone())))
                        .map_err(|e| e.to_string())
                });
            if let Err(msg) = result {
                let _ = tx.send(SyncEvent::SourceDone(SourceReport {
                    site: String::new(),
                    url: String::new(),
                    outcome: SourceOutcome::Failed(msg),
                    bytes: 0,
                }));
                let _ = tx.send(SyncEvent::Finished(SyncSummary {
                    failed: 1,
                    ..Default::default()
                }));
            }
            running.store(false, Ordering::SeqCst);
        });
    })
}
