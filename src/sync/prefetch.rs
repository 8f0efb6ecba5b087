//! What offline reading needs beyond the feeds: the article's own page where
//! the feed gave only an excerpt, and the pictures in each body. Nothing
//! else is ever fetched: no links in a body, no scripts, styles or embeds.

use std::collections::HashSet;

use futures_util::StreamExt;
use jiff::Timestamp;

use super::SyncEvent;
use crate::fetch::{self, Client, FetchError, Response, Validators};
use crate::parse::{decode::decode, extract_article, looks_like_excerpt};
use crate::store::{PageStatus, RetryKind, Store, StoreError};

/// Pages and pictures looked at in one sync: the newest first, the rest in
/// later syncs.
const MAX_PAGES: usize = 300;
const MAX_IMAGE_ARTICLES: usize = 1000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PrefetchStats {
    pub pages: usize,
    pub pages_failed: usize,
    pub images: usize,
    pub images_failed: usize,
    pub bytes: u64,
}

/// The clients the prefetch fetches with, each bounded by the sync's
/// deadline, and the picture budget in bytes.
pub struct Clients {
    pub pages: Client,
    /// With the shorter picture timeout.
    pub pictures: Client,
    pub image_budget: u64,
}

pub async fn run(
    clients: &Clients,
    store: &Store,
    concurrency: usize,
    send: &dyn Fn(SyncEvent),
) -> Result<PrefetchStats, StoreError> {
    let mut stats = PrefetchStats::default();
    pages(&clients.pages, store, concurrency, send, &mut stats).await?;
    images(clients, store, concurrency, send, &mut stats).await?;
    Ok(stats)
}

/// Remember a failure worth another try later; a failure for good, or one
/// that is not the host's fault (the sync ran out of time), is not.
fn note(
    store: &Store,
    kind: RetryKind,
    url: &str,
    site: &str,
    e: &FetchError,
) -> Result<(), StoreError> {
    match e {
        FetchError::NoTime => Ok(()),
        e if e.is_transient() => {
            store.note_failure(kind, url, site, &e.to_string(), Timestamp::now())
        }
        _ => store.clear_failure(kind, url),
    }
}

/// Says what the sync is waiting on before the first of them comes: a slow
/// host would otherwise leave "syncing" on the status line for minutes
/// after the sources are done.
fn started(send: &dyn Fn(SyncEvent), total: usize, what: &'static str) {
    if total > 0 {
        send(SyncEvent::Prefetch {
            done: 0,
            total,
            what,
        });
    }
}

async fn pages(
    client: &Client,
    store: &Store,
    concurrency: usize,
    send: &dyn Fn(SyncEvent),
    stats: &mut PrefetchStats,
) -> Result<(), StoreError> {
    let (wanted, whole): (Vec<_>, Vec<_>) = store
        .page_candidates(MAX_PAGES, Timestamp::now())?
        .into_iter()
        .partition(|c| {
            looks_like_excerpt(c.content_html.as_deref(), &c.summary)
                && fetch::check_scheme(&c.url).is_ok()
        });
    let whole: Vec<&str> = whole.iter().map(|c| c.id.as_str()).collect();
    store.set_page_statuses(&whole, PageStatus::NotNeeded)?;
    let total = wanted.len();
    let max = client.limits.max_page_bytes;
    started(send, total, "pages");
    let mut results = futures_util::stream::iter(wanted)
        .map(|c| async move {
            let got = client.get(&c.url, &Validators::default(), max).await;
            let page = match got {
                Ok(Response::Body(f)) => {
                    let bytes = f.body.len() as u64;
                    let url = f.final_url.clone();
                    let extracted = tokio::task::spawn_blocking(move || {
                        let html = decode(&f.body, f.content_type.as_deref());
                        extract_article(&html, &url)
                    })
                    .await
                    .ok()
                    .flatten();
                    Ok((extracted, bytes))
                }
                Ok(Response::NotModified) => Ok((None, 0)),
                Err(e) => Err(e),
            };
            (c, page)
        })
        .buffer_unordered(concurrency.max(1));
    let mut done = 0;
    while let Some((c, page)) = results.next().await {
        done += 1;
        match page {
            Ok((Some(p), bytes)) => {
                stats.bytes += bytes;
                store.set_full_text(&c.id, &p.content_html, &p.images)?;
                store.set_page_status(&c.id, PageStatus::Fetched)?;
                store.clear_failure(RetryKind::Page, &c.url)?;
                stats.pages += 1;
            }
            Ok((None, bytes)) => {
                stats.bytes += bytes;
                store.set_page_status(&c.id, PageStatus::Unavailable)?;
                store.clear_failure(RetryKind::Page, &c.url)?;
                stats.pages_failed += 1;
            }
            // Tried again at a later sync, after a wait that grows.
            Err(e) if e.is_transient() => {
                note(store, RetryKind::Page, &c.url, &c.site, &e)?;
                if e != FetchError::NoTime {
                    stats.pages_failed += 1;
                }
            }
            Err(e) => {
                store.set_page_status(&c.id, PageStatus::Unavailable)?;
                note(store, RetryKind::Page, &c.url, &c.site, &e)?;
                stats.pages_failed += 1;
            }
        }
        send(SyncEvent::Prefetch {
            done,
            total,
            what: "pages",
        });
    }
    Ok(())
}

/// One picture to fetch, for the newest article that shows it.
struct Wanted {
    url: String,
    site: String,
    article_ts: i64,
}

/// Why a picture was not fetched in this sync.
enum Skipped {
    /// The budget is full of pictures of newer articles.
    Budget,
    Failed(FetchError),
}

async fn images(
    clients: &Clients,
    store: &Store,
    concurrency: usize,
    send: &dyn Fn(SyncEvent),
    stats: &mut PrefetchStats,
) -> Result<(), StoreError> {
    let client = &clients.pictures;
    let now = Timestamp::now();
    let articles = store.image_candidates(MAX_IMAGE_ARTICLES)?;
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut seen = HashSet::new();
    // Pictures not had yet: their articles stay to be looked at again.
    let mut unsettled: HashSet<String> = HashSet::new();
    for a in &articles {
        for u in &a.urls {
            if fetch::check_scheme(u).is_err() || !seen.insert(u.clone()) || store.has_image(u)? {
                continue;
            }
            if store.is_waiting(RetryKind::Picture, u, now)? {
                unsettled.insert(u.clone());
                continue;
            }
            wanted.push(Wanted {
                url: u.clone(),
                site: a.site.clone(),
                article_ts: a.sort_ts,
            });
        }
    }
    let total = wanted.len();
    let max = client.limits.max_image_bytes;
    started(send, total, "images");
    // A host (and port) that cannot be reached, or that let a picture time
    // out, is not asked again in this sync: a dead or dying picture host
    // costs one timeout, not one per picture.
    let dead_hosts = std::sync::Mutex::new(HashSet::<String>::new());
    let dead = &dead_hosts;
    let budget = clients.image_budget;
    let mut results = futures_util::stream::iter(wanted)
        .map(|w| async move {
            // Pictures come newest first and are saved as they come: what
            // is cached for articles this new or newer is what the budget
            // keeps. Past it, a picture would only be fetched to be pruned.
            let kept = store.image_bytes_since(w.article_ts).unwrap_or(0);
            if kept >= budget {
                return (w, Err(Skipped::Budget));
            }
            // Host and port: a refused port says nothing of the host's others.
            let host = url::Url::parse(&w.url)
                .ok()
                .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
                .unwrap_or_default();
            if dead.lock().map(|d| d.contains(&host)).unwrap_or(false) {
                let e =
                    FetchError::Connect("host unreachable or too slow earlier in this sync".into());
                return (w, Err(Skipped::Failed(e)));
            }
            let r = client.get_once(&w.url, &Validators::default(), max).await;
            if let Err(e) = &r
                && (e.is_unreachable() || matches!(e, FetchError::Timeout(_)))
                && let Ok(mut d) = dead.lock()
            {
                d.insert(host);
            }
            (w, r.map_err(Skipped::Failed))
        })
        .buffer_unordered(concurrency.max(1));
    let mut past_budget: HashSet<String> = HashSet::new();
    let mut done = 0;
    while let Some((w, r)) = results.next().await {
        done += 1;
        match r {
            Ok(Response::Body(f)) => {
                stats.bytes += f.body.len() as u64;
                match image_type(f.content_type.as_deref(), &f.body) {
                    Some(ct) => {
                        store.save_image_for(&w.url, &ct, &f.body, w.article_ts)?;
                        stats.images += 1;
                    }
                    None => stats.images_failed += 1,
                }
                store.clear_failure(RetryKind::Picture, &w.url)?;
            }
            Ok(Response::NotModified) => {}
            Err(Skipped::Budget) => {
                past_budget.insert(w.url);
            }
            Err(Skipped::Failed(e)) => {
                if e != FetchError::NoTime {
                    stats.images_failed += 1;
                }
                note(store, RetryKind::Picture, &w.url, &w.site, &e)?;
                if e.is_transient() {
                    unsettled.insert(w.url);
                }
            }
        }
        send(SyncEvent::Prefetch {
            done,
            total,
            what: "images",
        });
    }
    let mut settled = Vec::new();
    let mut over = Vec::new();
    for a in &articles {
        if a.urls.iter().any(|u| unsettled.contains(u)) {
            continue;
        }
        if a.urls.iter().any(|u| past_budget.contains(u)) {
            over.push(a.id.as_str());
        } else {
            settled.push(a.id.as_str());
        }
    }
    store.set_images_cached(&settled)?;
    store.set_images_past_budget(&over)?;
    Ok(())
}

/// The picture's type from its bytes, falling back on the header: a server
/// that sends an HTML error page with status 200 does not fill the cache.
fn image_type(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    let sniffed = match body {
        [0x89, b'P', b'N', b'G', ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', ..] => Some("image/gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    };
    if let Some(s) = sniffed {
        return Some(s.to_string());
    }
    let ct = content_type?.split(';').next()?.trim().to_ascii_lowercase();
    (ct.starts_with("image/") && !body.is_empty() && !body.starts_with(b"<")).then_some(ct)
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn pictures_are_known_by_their_bytes() {
        assert_eq!(
            image_type(Some("text/html"), b"\x89PNG\r\n").as_deref(),
            Some("image/png")
        );
        assert_eq!(image_type(Some("image/jpeg"), b"<html>oops</html>"), None);
        assert_eq!(
            image_type(Some("image/avif"), b"\0\0\0 ftypavif").as_deref(),
            Some("image/avif")
        );
        assert_eq!(image_type(None, b"garbage"), None);
    }
}
