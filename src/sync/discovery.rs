//! A site's sources: the ones it lists, and for a kind it lists none of
//! (articles or events), the ones its home page names. The home page is
//! looked at once a week; between two looks, what it gave is remembered in
//! the store.

use jiff::{SignedDuration, Timestamp};

use crate::config::SiteConfig;
use crate::fetch::{self, Client, FetchError};
use crate::model::{Discovery, SourceRole};
use crate::store::{Store, StoreError};

/// How long what a home page named is trusted before it is looked at again.
pub const LOOK_AGAIN_AFTER: SignedDuration = SignedDuration::from_hours(7 * 24);

/// The sources to fetch, and the home page's failure when it was asked and
/// did not answer (what it gave before, if anything, is used meanwhile).
pub(super) async fn sources_of(
    client: &Client,
    store: &Store,
    site: &SiteConfig,
    now: Timestamp,
) -> Result<(Vec<(String, SourceRole)>, Option<FetchError>), StoreError> {
    let listed = |articles: &[String], events: &[String]| -> Vec<(String, SourceRole)> {
        articles
            .iter()
            .map(|u| (u.clone(), SourceRole::Articles))
            .chain(events.iter().map(|u| (u.clone(), SourceRole::Events)))
            .collect()
    };
    let lacks_articles = site.articles.is_empty();
    let lacks_events = site.events.is_empty();
    let home = match &site.home {
        Some(home) if lacks_articles || lacks_events => home,
        _ => return Ok((listed(&site.articles, &site.events), None)),
    };
    let known = store.discovery(&site.name)?.filter(|d| &d.home == home);
    let fresh = known
        .as_ref()
        .and_then(|d| d.checked)
        .is_some_and(|t| now.duration_since(t) < LOOK_AGAIN_AFTER && t <= now);
    let (found, failure) = match known {
        Some(d) if fresh => (Some(d), None),
        known => match fetch::discover::discover_with(client, home).await {
            Ok(f) => {
                let d = Discovery {
                    site: site.name.clone(),
                    home: home.clone(),
                    articles: f.articles,
                    events: f.events,
                    checked: Some(now),
                    tried: Some(now),
                    error: None,
                };
                store.save_discovery(&d)?;
                (Some(d), None)
            }
            Err(e) => {
                store.record_discovery_failure(&site.name, home, now, &e.to_string())?;
                (known.filter(|d| d.checked.is_some()), Some(e))
            }
        },
    };
    let found = found.unwrap_or_default();
    let articles = if lacks_articles {
        &found.articles
    } else {
        &site.articles
    };
    let events = if lacks_events {
        &found.events
    } else {
        &site.events
    };
    Ok((listed(articles, events), failure))
}
