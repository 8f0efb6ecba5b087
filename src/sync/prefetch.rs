//! What offline reading needs beyond the feeds: the article's own page where
//! the feed gave only an excerpt, and the pictures in each body. Nothing
//! else is ever fetched: no links in a body, no scripts, styles or embeds.

use std::collections::{HashMap, HashSet};

use futures_util::StreamExt;

use super::SyncEvent;
use crate::fetch::{self, Client, FetchError, Response, Validators};
use crate::parse::{decode::decode, extract_article, looks_like_excerpt};
use crate::store::{PageStatus, Store, StoreError};

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

pub async fn run(
    client: &Client,
    store: &Store,
    concurrency: usize,
    send: &dyn Fn(SyncEvent),
) -> Result<PrefetchStats, StoreError> {
    let mut stats = PrefetchStats::default();
    pages(client, store, concurrency, send, &mut stats).await?;
    images(client, store, concurrency, send, &mut stats).await?;
    Ok(stats)
}

async fn pages(
    client: &Client,
    store: &Store,
    concurrency: usize,
    send: &dyn Fn(SyncEvent),
    stats: &mut PrefetchStats,
) -> Result<(), StoreError> {
    let (wanted, whole): (Vec<_>, Vec<_>) = store
        .page_candidates(MAX_PAGES)?
        .into_iter()
        .partition(|c| {
            looks_like_excerpt(c.content_html.as_deref(), &c.summary)
                && fetch::check_scheme(&c.url).is_ok()
        });
    let whole: Vec<&str> = whole.iter().map(|c| c.id.as_str()).collect();
    store.set_page_statuses(&whole, PageStatus::NotNeeded)?;
    let total = wanted.len();
    let max = client.limits.max_page_bytes;
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
                stats.pages += 1;
            }
            Ok((None, bytes)) => {
                stats.bytes += bytes;
                store.set_page_status(&c.id, PageStatus::Unavailable)?;
                stats.pages_failed += 1;
            }
            // Worth trying again at the next sync.
            Err(e) if e.is_transient() => stats.pages_failed += 1,
            Err(_) => {
                store.set_page_status(&c.id, PageStatus::Unavailable)?;
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

async fn images(
    client: &Client,
    store: &Store,
    concurrency: usize,
    send: &dyn Fn(SyncEvent),
    stats: &mut PrefetchStats,
) -> Result<(), StoreError> {
    let articles = store.image_candidates(MAX_IMAGE_ARTICLES)?;
    let mut wanted: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for (_, urls) in &articles {
        for u in urls {
            if fetch::check_scheme(u).is_ok() && seen.insert(u.clone()) && !store.has_image(u)? {
                wanted.push(u.clone());
            }
        }
    }
    let total = wanted.len();
    let max = client.limits.max_image_bytes;
    // A host (and port) that cannot be reached is not asked again in this
    // sync, so a dead image host costs one timeout, not one per picture.
    let dead_hosts = std::sync::Mutex::new(HashSet::<String>::new());
    let dead = &dead_hosts;
    let mut results = futures_util::stream::iter(wanted)
        .map(|url| async move {
            // Host and port: a refused port says nothing of the host's others.
            let host = url::Url::parse(&url)
                .ok()
                .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
                .unwrap_or_default();
            if dead.lock().map(|d| d.contains(&host)).unwrap_or(false) {
                return (
                    url,
                    Err(FetchError::Connect(
                        "host unreachable earlier in this sync".into(),
                    )),
                );
            }
            let r = client.get_once(&url, &Validators::default(), max).await;
            if let Err(e) = &r
                && e.is_unreachable()
                && let Ok(mut d) = dead.lock()
            {
                d.insert(host);
            }
            (url, r)
        })
        .buffer_unordered(concurrency.max(1));
    let mut transient: HashSet<String> = HashSet::new();
    let mut done = 0;
    while let Some((url, r)) = results.next().await {
        done += 1;
        match r {
            Ok(Response::Body(f)) => {
                stats.bytes += f.body.len() as u64;
                match image_type(f.content_type.as_deref(), &f.body) {
                    Some(ct) => {
                        store.save_image(&url, &ct, &f.body)?;
                        stats.images += 1;
                    }
                    None => stats.images_failed += 1,
                }
            }
            Ok(Response::NotModified) => {}
            Err(e) => {
                stats.images_failed += 1;
                if e.is_transient() {
                    transient.insert(url);
                }
            }
        }
        send(SyncEvent::Prefetch {
            done,
            total,
            what: "images",
        });
    }
    let by_article: HashMap<&str, &Vec<String>> =
        articles.iter().map(|(id, u)| (id.as_str(), u)).collect();
    let settled: Vec<&str> = by_article
        .into_iter()
        .filter(|(_, urls)| !urls.iter().any(|u| transient.contains(u)))
        .map(|(id, _)| id)
        .collect();
    store.set_images_cached(&settled)?;
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
