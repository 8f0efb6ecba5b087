//! One source's turn in a sync: its feed or calendar fetched within its
//! deadline, its further pages, and the parse, off the async threads.

use super::*;

/// `fetch_source` with every request of the source ended by its deadline;
/// a source whose turn comes after the sync's deadline is not fetched.
pub(super) async fn fetch_source_by(
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
pub(super) async fn parse_off_thread<T: Send + 'static>(
    fetched: fetch::Fetched,
    site: String,
    parse: fn(&fetch::Fetched, &str) -> Result<T, String>,
) -> Result<T, String> {
    let _turn = PARSERS.acquire().await;
    tokio::task::spawn_blocking(move || parse(&fetched, &site))
        .await
        .unwrap_or_else(|e| Err(format!("parser crashed: {e}")))
}
