//! Sources → fetch → parse → store, with progress reported on a channel.

pub mod discovery;
mod event_pages;
mod pages;
mod prefetch;

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

/// `fetch_source` with every request of the source ended by its deadline;
/// a source whose turn comes after the sync's deadline is not fetched.
async fn fetch_source_by(
    client: &Client,
    job: Job,
    db: &Path,
    source_deadline: Instant,
    sync_deadline: Instant,
) -> JobDone {
    if Instant::now() >= sync_deadline {
        return JobDone {
            job,
            bytes: 0,
            result: Err(DEADLINE_PASSED.to_string()),
            unreachable: false,
        };
    }
    fetch_source(&client.until(source_deadline), job, db).await
}

const DEADLINE_PASSED: &str = "not fetched: the sync's deadline (sync_deadline) had passed";

async fn fetch_source(client: &Client, job: Job, db: &Path) -> JobDone {
    let max = client.limits.max_feed_bytes;
    let first = match client.get(&job.url, &job.validators, max).await {
        Ok(Response::NotModified) => {
            return JobDone {
                job,
                bytes: 0,
                result: Ok(None),
                unreachable: false,
            };
        }
        Ok(Response::Body(f)) => f,
        Err(e) => {
            let unreachable = e.is_unreachable();
            return JobDone {
                job,
                bytes: 0,
                result: Err(e.to_string()),
                unreachable,
            };
        }
    };
    let mut bytes = first.body.len() as u64;
    let result = match job.role {
        SourceRole::Articles => {
            // The writer needs the validators, not the bytes: a big feed is
            // held once, by its parser, not twice until it is written.
            let headers = first.clone_headers();
            match parse_off_thread(first, job.site.clone(), pages::article_page_of).await {
                Ok(mut page) => {
                    bytes += pages::read_more(client, &job, &headers, &mut page, db, bytes).await;
                    Ok(Some((articles_of(page), headers)))
                }
                Err(e) => Err(e),
            }
        }
        SourceRole::Events => {
            let parsed = match parse_off_thread(first.clone(), job.site.clone(), parse_events_of)
                .await
            {
                Ok(b) => Ok(b),
                // A feed whose items are event pages: each page's schema.org
                // data is the event.
                Err(e) => {
                    match parse_off_thread(first.clone(), job.site.clone(), parse_articles_of).await
                    {
                        Ok(feed) if !feed.articles.is_empty() => {
                            let (b, n) =
                                event_pages::fetch(client, &feed.articles, &job.site).await;
                            bytes += n;
                            Ok(b)
                        }
                        _ => Err(e),
                    }
                }
            };
            let mut batch = match parsed {
                Ok(b) => b,
                Err(e) => {
                    return JobDone {
                        job,
                        bytes,
                        result: Err(e),
                        unreachable: false,
                    };
                }
            };
            // Later pages are fetched whole each time: only the first page's
            // validators say whether anything changed.
            let mut pages = 1;
            while let Some(next) = batch.next_page.take() {
                if next == job.url {
                    break;
                }
                if pages >= MAX_PAGES {
                    batch.warnings.push(format!(
                        "only the first {MAX_PAGES} pages read; the events after them are not"
                    ));
                    break;
                }
                pages += 1;
                match client.get(&next, &Validators::default(), max).await {
                    Ok(Response::Body(f)) => {
                        bytes += f.body.len() as u64;
                        match parse_off_thread(f, job.site.clone(), parse_events_of).await {
                            Ok(mut more) => {
                                batch.next_page = more.next_page.take();
                                batch.absorb(more);
                            }
                            Err(e) => batch.warnings.push(format!("page {pages}: {e}")),
                        }
                    }
                    Ok(Response::NotModified) => break,
                    Err(e) => batch.warnings.push(format!("page {pages}: {e}")),
                }
            }
            Ok(Some((Parsed::Events(batch), first)))
        }
    };
    JobDone {
        job,
        bytes,
        result,
        unreachable: false,
    }
}

fn parse_articles_of(f: &fetch::Fetched, site: &str) -> Result<parse::ArticleBatch, String> {
    parse::parse_articles(&f.body, f.content_type.as_deref(), &f.final_url, site)
        .map_err(|e| e.to_string())
}

/// A source's pages as the writer takes them: items told apart over all
/// pages, and a document that yielded nothing flagged, never "ok".
fn articles_of(page: pages::ArticlePage) -> Parsed {
    let mut rows = page.rows;
    crate::store::settle_identities(&mut rows);
    let warning = rows.is_empty().then(|| match page.warnings.len() {
        0 => format!("the {} document holds no items", page.format),
        n => format!(
            "no item of the {} document could be read ({n} skipped: {})",
            page.format, page.warnings[0]
        ),
    });
    Parsed::Articles {
        rows,
        warnings: page.warnings,
        warning,
    }
}

fn parse_events_of(f: &fetch::Fetched, site: &str) -> Result<parse::EventBatch, String> {
    parse::parse_events(&f.body, f.content_type.as_deref(), &f.final_url, site)
        .map_err(|e| e.to_string())
}

/// Parsers running at once: one per core. More only share the same cores,
/// and the cache writer, which every parsed source waits for in turn, gets
/// a ninth of a two-core machine beside eight parsers.
static PARSERS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    tokio::sync::Semaphore::new(cores)
});

/// Parsing is CPU work: keep it off the runtime's worker threads.
async fn parse_off_thread<T: Send + 'static>(
    fetched: fetch::Fetched,
    site: String,
    parse: fn(&fetch::Fetched, &str) -> Result<T, String>,
) -> Result<T, String> {
    let _turn = PARSERS.acquire().await;
    tokio::task::spawn_blocking(move || parse(&fetched, &site))
        .await
        .unwrap_or_else(|e| Err(format!("parser crashed: {e}")))
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
