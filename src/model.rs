//! Plain data every layer shares: what a source yields, what the store keeps,
//! what the views draw. No I/O here.

use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};

/// A picture in or beside an article, with the words that go with it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Photo credit ("Photo: Reuters"), when the source gives one apart from the caption.
    pub credit: Option<String>,
}

/// An article as a parser yields it and the store keeps it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: `article_id` of the canonical link (or the guid when there is no link).
    pub id: String,
    /// The site's name, as configured.
    pub site: String,
    /// The feed's guid / WordPress `guid.rendered` / JSON Feed id, when given.
    pub guid: Option<String>,
    /// Absolute link to the article's page.
    pub url: String,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub categories: Vec<String>,
    /// Plain text, entities decoded, no markup.
    pub summary: String,
    /// The full body as HTML, relative URLs already resolved; None when the
    /// source carried only an excerpt.
    pub content_html: Option<String>,
    /// The featured / lead image (WordPress featured media, media:content,
    /// enclosure), shown before the body.
    pub featured: Option<Image>,
    /// Images found in the body, in document order.
    pub images: Vec<Image>,
}

impl Article {
    /// Featured image first, then the body's images, each URL once.
    pub fn all_images(&self) -> Vec<&Image> {
        let mut seen = std::collections::HashSet::new();
        self.featured
            .iter()
            .chain(self.images.iter())
            .filter(|i| seen.insert(i.url.as_str()))
            .collect()
    }
}

impl Article {
    /// The same post reached through two sources (its feed and its REST
    /// endpoint): keep what each knows. `newer` wins where both have a value,
    /// except that a longer body, a featured image with a caption and more
    /// categories are never traded for less.
    pub fn merge(&self, newer: &Article) -> Article {
        fn pick<T: Clone>(a: &Option<T>, b: &Option<T>) -> Option<T> {
            b.clone().or_else(|| a.clone())
        }
        let longer = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(x), Some(y)) if x.len() > y.len() => Some(x.clone()),
            _ => pick(a, b),
        };
        let featured = match (&self.featured, &newer.featured) {
            (Some(old), Some(new)) => Some(Image {
                url: new.url.clone(),
                alt: pick(&old.alt, &new.alt),
                caption: pick(&old.caption, &new.caption),
                credit: pick(&old.credit, &new.credit),
            }),
            (a, b) => pick(a, b),
        };
        let mut categories = self.categories.clone();
        for c in &newer.categories {
            if !categories.iter().any(|x| x.eq_ignore_ascii_case(c)) {
                categories.push(c.clone());
            }
        }
        Article {
            id: self.id.clone(),
            site: newer.site.clone(),
            guid: pick(&self.guid, &newer.guid),
            url: if newer.url.is_empty() {
                self.url.clone()
            } else {
                newer.url.clone()
            },
            title: if newer.title.is_empty() {
                self.title.clone()
            } else {
                newer.title.clone()
            },
            author: pick(&self.author, &newer.author),
            published: pick(&self.published, &newer.published),
            updated: pick(&self.updated, &newer.updated),
            categories,
            summary: if newer.summary.is_empty() {
                self.summary.clone()
            } else {
                newer.summary.clone()
            },
            content_html: longer(&self.content_html, &newer.content_html),
            featured,
            images: if newer.images.len() >= self.images.len() {
                newer.images.clone()
            } else {
                self.images.clone()
            },
        }
    }
}

/// What a list row needs; cheap to load a page of.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    pub id: String,
    pub site: String,
    pub title: String,
    pub url: String,
    pub author: Option<String>,
    pub published: Option<Timestamp>,
    pub read: bool,
    pub saved: bool,
    /// The full text is cached and readable with no network.
    pub offline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    #[default]
    Confirmed,
    Tentative,
    Cancelled,
}

/// An event as a parser yields it and the store keeps it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// Stable id: `event_id(uid, recurrence_id)`.
    pub id: String,
    pub site: String,
    pub uid: String,
    /// For one occurrence of a recurring event: its original start, RFC 3339.
    pub recurrence_id: Option<String>,
    pub title: String,
    pub url: Option<String>,
    /// Start in the event's own zone (all-day events: midnight of the first day).
    pub start: Option<Zoned>,
    pub end: Option<Zoned>,
    pub all_day: bool,
    /// IANA zone name of the event, when known (None for floating / UTC-only).
    pub timezone: Option<String>,
    pub status: EventStatus,
    pub venue: Option<String>,
    pub address: Option<String>,
    pub price: Option<String>,
    pub booking_url: Option<String>,
    pub organizer: Option<String>,
    /// HTML (or plain text) description, rendered like an article body.
    pub description_html: String,
    pub categories: Vec<String>,
}

/// The kind of a configured source, by role; the format is found from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceRole {
    Articles,
    Events,
}

/// A source's fetch bookkeeping, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceState {
    pub site: String,
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetch: Option<Timestamp>,
    pub last_success: Option<Timestamp>,
    pub last_error: Option<String>,
    /// Items the last successful parse yielded.
    pub items: u64,
    /// Items skipped with a warning in the last parse (bad dates, no start...).
    pub warnings: u64,
    /// What the first of those warnings said, each with its reason.
    pub warning_list: Vec<String>,
}

/// What a look at a site's home page found, as the store remembers it: the
/// sources a site does not list are taken from here until the next look.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Discovery {
    pub site: String,
    /// The home page looked at; a site given another home is looked at anew.
    pub home: String,
    pub articles: Vec<String>,
    pub events: Vec<String>,
    /// When the home page last answered.
    pub checked: Option<Timestamp>,
    /// When it was last asked, and what went wrong then (None when it answered).
    pub tried: Option<Timestamp>,
    pub error: Option<String>,
}

/// 48 bits of FNV-1a as 12 hex digits: short enough to type, wide enough for
/// a cache of millions of items.
pub fn short_hash(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

/// The canonical form of an article link, used to match one post reached
/// through two sources: no fragment, no tracking parameters, no trailing slash,
/// scheme and host lower-cased, http and https the same.
pub fn canonical_link(link: &str) -> String {
    match url::Url::parse(link.trim()) {
        Ok(mut u) => {
            u.set_fragment(None);
            let kept: Vec<(String, String)> = u
                .query_pairs()
                .filter(|(k, _)| !is_tracking_param(k))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            if kept.is_empty() {
                u.set_query(None);
            } else {
                u.query_pairs_mut().clear().extend_pairs(kept);
            }
            let host = u
                .host_str()
                .unwrap_or("")
                .trim_start_matches("www.")
                .to_string();
            let path = u.path().trim_end_matches('/').to_string();
            let query = u.query().map(|q| format!("?{q}")).unwrap_or_default();
            format!("{host}{path}{query}")
        }
        Err(_) => link.trim().to_string(),
    }
}

/// Query parameters that only say where a reader came from.
fn is_tracking_param(key: &str) -> bool {
    key.starts_with("utm_")
        || key.starts_with("at_")
        || matches!(
            key,
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "_hsenc"
                | "_hsmi"
                | "igshid"
        )
}

pub fn article_id(link_or_guid: &str) -> String {
    short_hash(&canonical_link(link_or_guid))
}

pub fn event_id(uid: &str, recurrence_id: Option<&str>) -> String {
    match recurrence_id {
        Some(r) => short_hash(&format!("{uid}\u{1f}{r}")),
        None => short_hash(uid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_links_match_across_sources() {
        assert_eq!(
            canonical_link("https://www.Example.org/news/a-post/#comments"),
            canonical_link("http://example.org/news/a-post?utm_source=rss")
        );
        assert_ne!(
            canonical_link("https://example.org/?p=1"),
            canonical_link("https://example.org/?p=2")
        );
    }

    #[test]
    fn ids_are_short_and_stable() {
        let id = article_id("https://example.org/a");
        assert_eq!(id.len(), 12);
        assert_eq!(id, article_id("https://example.org/a/"));
        assert_ne!(
            event_id("u", None),
            event_id("u", Some("2026-01-01T00:00:00Z"))
        );
    }
}
