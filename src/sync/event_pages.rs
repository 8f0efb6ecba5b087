//! An events source that is a feed of event pages: each item's page carries
//! the event as schema.org JSON-LD.

use futures_util::StreamExt;

use crate::fetch::{Client, Response, Validators};
use crate::model::Article;
use crate::parse::{EventBatch, decode::decode, parse_events};

/// Pages read from one feed in one sync, newest first.
const MAX_PAGES: usize = 60;
const CONCURRENCY: usize = 4;

/// The events found on the items' pages, and the bytes fetched.
pub async fn fetch(client: &Client, items: &[Article], site: &str) -> (EventBatch, u64) {
    let max = client.limits.max_page_bytes;
    let urls: Vec<String> = items
        .iter()
        .take(MAX_PAGES)
        .map(|a| a.url.clone())
        .filter(|u| !u.is_empty())
        .collect();
    let mut pages = futures_util::stream::iter(urls)
        .map(|url| async move { (client.get(&url, &Validators::default(), max).await, url) })
        .buffer_unordered(CONCURRENCY);
    let mut batch = EventBatch {
        format: "json-ld",
        ..Default::default()
    };
    let listed = items.iter().filter(|a| !a.url.is_empty()).count();
    if listed > MAX_PAGES {
        batch.warnings.push(format!(
            "only the newest {MAX_PAGES} of {listed} event pages read this time"
        ));
    }
    let mut bytes = 0;
    while let Some((got, url)) = pages.next().await {
        match got {
            Ok(Response::Body(f)) => {
                bytes += f.body.len() as u64;
                let site = site.to_string();
                let parsed = tokio::task::spawn_blocking(move || {
                    let html = decode(&f.body, f.content_type.as_deref());
                    parse_events(html.as_bytes(), Some("text/html"), &f.final_url, &site)
                })
                .await;
                match parsed {
                    // A page whose event was skipped says why.
                    Ok(Ok(b)) if !b.events.is_empty() || b.warning_count() > 0 => batch.absorb(b),
                    Ok(Ok(_)) | Ok(Err(_)) => batch
                        .warnings
                        .push(format!("{url}: no event found on the page")),
                    Err(e) => batch.warnings.push(format!("{url}: {e}")),
                }
            }
            Ok(Response::NotModified) => {}
            Err(e) => batch.warnings.push(format!("{url}: {e}")),
        }
    }
    (batch, bytes)
}
