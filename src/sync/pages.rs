//! The later pages of a paged article source (the WordPress REST posts
//! endpoint answers ten posts at a time): read page after page, by the
//! `Link: rel="next"` header, else `?page=N+1` after a full page, never past
//! `X-WP-TotalPages`, until a page holds nothing new or the sync's bound.

use std::collections::HashSet;
use std::path::Path;

use url::Url;

use super::Job;
use super::source::parse_off_thread;
use crate::fetch::{self, Client, FetchError, Response, Validators};
use crate::parse;
use crate::store::{ArticleRow, KnownItems};

/// Pages a sync after the first reads of one source at most: enough for a
/// busy site's week; the archive itself is read once (`archive_pages`).
pub const PAGES_PER_SYNC: usize = 5;

/// The bytes one sync reads of a paged source, in feed-size caps.
const PAGED_BUDGET: u64 = 4;

/// One page of an article source, cleaned and indexed on a parser thread.
pub struct ArticlePage {
    pub rows: Vec<ArticleRow>,
    pub warnings: Vec<String>,
    pub format: &'static str,
    /// The page after this one, as the body suggests (a full REST page).
    pub next: Option<String>,
}

pub fn article_page_of(f: &fetch::Fetched, site: &str) -> Result<ArticlePage, String> {
    let batch = parse::parse_articles(&f.body, f.content_type.as_deref(), &f.final_url, site)
        .map_err(|e| e.to_string())?;
    Ok(ArticlePage {
        rows: batch
            .articles
            .iter()
            .map(|a| ArticleRow::prepare(site, a))
            .collect(),
        warnings: batch.warnings,
        format: batch.format,
        next: batch.next_page,
    })
}

/// Read the pages after `first` (already parsed into `page`, `already`
/// bytes) and add their items to it. Returns the bytes read. `db` is asked, page by page,
/// whether anything new came; a failing page ends the reading with a
/// warning, keeping what came before.
pub async fn read_more(
    client: &Client,
    job: &Job,
    first: &fetch::Fetched,
    page: &mut ArticlePage,
    db: &Path,
    already: u64,
) -> u64 {
    if page.format != "wordpress-rest" || job.pages <= 1 || page.rows.is_empty() {
        return 0;
    }
    let mut known: Option<KnownItems> = None;
    let mut nothing_new = |rows: &[ArticleRow]| {
        if known.is_none() {
            known = KnownItems::open(db).ok();
        }
        known
            .as_ref()
            .is_some_and(|k| k.all_known(&job.url, rows).unwrap_or(false))
    };
    if nothing_new(&page.rows) {
        return 0;
    }
    let max = client.limits.max_feed_bytes;
    let mut bytes = 0;
    let mut seen: HashSet<String> = HashSet::from([job.url.clone(), first.final_url.clone()]);
    let mut next = next_page(first, page.next.take());
    let mut read = 1;
    // All pages are held until the source is written in one transaction:
    // what one sync reads of a source is bounded in bytes as well.
    let budget = max.saturating_mul(PAGED_BUDGET);
    while let Some((url, guessed)) = next.take() {
        if read >= job.pages || !seen.insert(url.clone()) {
            break;
        }
        if bytes + already >= budget {
            page.warnings.push(format!(
                "stopped after page {read}: its pages passed {} MB",
                budget / (1024 * 1024)
            ));
            break;
        }
        read += 1;
        let fetched = match client.get(&url, &Validators::default(), max).await {
            Ok(Response::Body(f)) => f,
            Ok(Response::NotModified) => break,
            // A full last page makes the guess ask past the end, which
            // WordPress answers with 400: that is the end, not an error.
            Err(FetchError::Status { status: 400, .. }) if guessed => break,
            Err(e) => {
                page.warnings.push(format!("page {read}: {e}"));
                break;
            }
        };
        bytes += fetched.body.len() as u64;
        let headers = fetched.clone_headers();
        let more = match parse_off_thread(fetched, job.site.clone(), article_page_of).await {
            Ok(more) => more,
            Err(e) => {
                page.warnings.push(format!("page {read}: {e}"));
                break;
            }
        };
        if more.rows.is_empty() {
            break;
        }
        let done = nothing_new(&more.rows);
        page.rows.extend(more.rows);
        page.warnings.extend(more.warnings);
        if done {
            break;
        }
        next = next_page(&headers, more.next);
    }
    bytes
}

/// The page after `f`: its `Link: rel="next"`, else the body's guess after
/// a full page (true: nothing the server said backs it). None once
/// `X-WP-TotalPages` says this was the last, or when its links name a
/// previous page but no next.
fn next_page(f: &fetch::Fetched, guess: Option<String>) -> Option<(String, bool)> {
    let base = Url::parse(&f.final_url).ok();
    if let (Some(total), Some(base)) = (f.total_pages, &base) {
        let this = base
            .query_pairs()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or(1);
        if this >= u64::from(total) {
            return None;
        }
    }
    let absolute = |l: String| match &base {
        Some(b) => b.join(&l).ok().map(String::from),
        None => Url::parse(&l).ok().map(String::from),
    };
    // Pages of one source stay on its server: a header naming another
    // host is not followed.
    let origin = |u: &Url| u.host_str().map(str::to_ascii_lowercase);
    let here = base.as_ref().map(origin);
    let web = |u: &String| {
        Url::parse(u).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https") && here.as_ref().is_none_or(|h| origin(&u) == *h)
        })
    };
    if let Some(next) = fetch::link_rel(&f.links, "next").and_then(absolute) {
        return web(&next).then_some((next, false));
    }
    let guess = guess.filter(web)?;
    match f.total_pages {
        Some(_) => Some((guess, false)),
        None if fetch::link_rel(&f.links, "prev").is_some() => None,
        None => Some((guess, true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, links: &[&str], total: Option<u32>) -> fetch::Fetched {
        fetch::Fetched {
            body: Vec::new(),
            content_type: None,
            etag: None,
            last_modified: None,
            final_url: url.into(),
            links: links.iter().map(|l| l.to_string()).collect(),
            total_pages: total,
        }
    }

    #[test]
    fn the_next_page_is_the_servers_word_else_a_guess_on_the_same_host() {
        let posts = "https://e.org/wp-json/wp/v2/posts?_embed";
        let guess = Some("https://e.org/wp-json/wp/v2/posts?_embed&page=2".to_string());
        let linked = page(
            posts,
            &[r#"</wp-json/wp/v2/posts?_embed&page=2>; rel="next""#],
            None,
        );
        assert_eq!(
            next_page(&linked, None),
            Some((
                "https://e.org/wp-json/wp/v2/posts?_embed&page=2".into(),
                false
            ))
        );
        let elsewhere = page(posts, &[r#"<https://other.example/x>; rel="next""#], None);
        assert_eq!(next_page(&elsewhere, None), None);
        assert_eq!(next_page(&page(posts, &[], Some(1)), guess.clone()), None);
        assert_eq!(
            next_page(&page(posts, &[], Some(3)), guess.clone()),
            Some((guess.clone().unwrap(), false))
        );
        assert_eq!(
            next_page(&page(posts, &[], None), guess.clone()),
            Some((guess.clone().unwrap(), true))
        );
        let last = page(
            "https://e.org/wp-json/wp/v2/posts?page=4",
            &[r#"<https://e.org/wp-json/wp/v2/posts?page=3>; rel="prev""#],
            None,
        );
        assert_eq!(next_page(&last, guess), None);
    }
}
