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
    /// Stable id (CLI.md `id`): `article_id` of the canonical link, else of
    /// the guid, else a hash of the item (`preferred_id`). Settled when the
    /// article is first stored and kept after that, whatever the item
    /// becomes.
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
    /// Featured image first, then the body's images, each picture once:
    /// WordPress serves one upload under several names (`photo.jpg`,
    /// `photo-1024x683.jpg`, `photo-scaled.jpg`), and the body's copy brings
    /// the words the featured one lacks.
    pub fn all_images(&self) -> Vec<Image> {
        let mut out: Vec<Image> = Vec::new();
        // Each upload's place in `out`, so thousands of pictures are not
        // each compared with all the others.
        let mut keys: std::collections::HashMap<String, usize> = Default::default();
        for image in self.featured.iter().chain(self.images.iter()) {
            let key = upload_key(&image.url);
            match keys.get(&key) {
                Some(&at) => {
                    let seen = &mut out[at];
                    seen.alt = seen.alt.take().or_else(|| image.alt.clone());
                    // A caption comes with its own credit: the two are
                    // taken together so they never describe two pictures.
                    if seen.caption.is_none() && image.caption.is_some() {
                        seen.caption = image.caption.clone();
                        seen.credit = image.credit.clone().or(seen.credit.take());
                    } else {
                        seen.credit = seen.credit.take().or_else(|| image.credit.clone());
                    }
                }
                None => {
                    keys.insert(key, out.len());
                    out.push(image.clone());
                }
            }
        }
        out
    }

    /// The item's identity within its source: its guid (atom:id, JSON Feed
    /// id), else its link with the fragment, else a hash of its title, date
    /// and text. Two items of one source with different keys are two
    /// articles, whatever links they share.
    pub fn source_key(&self) -> String {
        if let Some(g) = self.guid.as_deref().filter(|g| !g.trim().is_empty()) {
            return format!("guid:{}", g.trim());
        }
        if !self.url.trim().is_empty() {
            // Tracking parameters some feeds vary from fetch to fetch are
            // not part of it; the fragment is (`day.html#d23`).
            let fragment = url::Url::parse(self.url.trim())
                .ok()
                .and_then(|u| u.fragment().map(|f| format!("#{f}")))
                .unwrap_or_default();
            return format!("link:{}{fragment}", canonical_link(&self.url));
        }
        format!("hash:{}", self.content_hash())
    }

    /// Title, date and text: what tells apart items that name nothing else.
    pub fn content_hash(&self) -> String {
        let text = if self.summary.is_empty() {
            self.content_html.as_deref().unwrap_or("")
        } else {
            &self.summary
        };
        let date = self.published.map(|t| t.to_string()).unwrap_or_default();
        short_hash(&format!("{}\u{1f}{date}\u{1f}{text}", self.title))
    }

    /// The id an article gets when it is first stored: from its canonical
    /// link, else its guid (ids from before items had keys were made so),
    /// else from its key.
    pub fn preferred_id(&self) -> String {
        match (self.url.trim(), self.guid.as_deref().map(str::trim)) {
            (url, _) if !url.is_empty() => article_id(url),
            (_, Some(guid)) if !guid.is_empty() => article_id(guid),
            _ => short_hash(&self.source_key()),
        }
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
    /// What is wrong with the source as a whole though it was read (a
    /// document that holds no item): never reported as plain "ok".
    pub warning: Option<String>,
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

/// One key for every size of one picture: WordPress serves `photo.jpg` also
/// as `photo-300x200.jpg`, `photo-scaled.jpg`, `photo-rotated.jpg`, retina
/// `photo-300x200@2x.jpg` and through its CDN `i0.wp.com/host/...?resize=`.
pub fn picture_key(url: &str) -> String {
    let Ok(u) = url::Url::parse(url.trim()) else {
        return url.trim().to_lowercase();
    };
    let mut host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let mut path = u.path().to_string();
    let cdn = host.len() == 9 && host.starts_with('i') && host.ends_with(".wp.com");
    if cdn {
        let rest = path.trim_start_matches('/');
        let (h, p) = rest.split_once('/').unwrap_or((rest, ""));
        host = h.to_ascii_lowercase();
        path = format!("/{p}");
    }
    let host = host.trim_start_matches("www.");
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let mut stem = stem;
    loop {
        let before = stem;
        stem = stem.strip_suffix("@2x").unwrap_or(stem);
        stem = strip_size(stem);
        stem = stem.strip_suffix("-scaled").unwrap_or(stem);
        stem = stem.strip_suffix("-rotated").unwrap_or(stem);
        stem = strip_edit_stamp(stem);
        if stem == before {
            break;
        }
    }
    format!("{host}{dir}/{stem}.{ext}").to_lowercase()
}

/// `picture_key` for what is a file (`photo-1024x683.jpg?w=800`); any other
/// address only matches itself (`/image.php?id=3` is not `/image.php?id=4`).
fn upload_key(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let file = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let is_file = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
        .iter()
        .any(|e| file.ends_with(e));
    if is_file {
        picture_key(url)
    } else {
        url.trim().to_string()
    }
}

/// `photo-1024x683` → `photo`.
pub(crate) fn strip_size(stem: &str) -> &str {
    let Some((head, size)) = stem.rsplit_once('-') else {
        return stem;
    };
    let Some((w, h)) = size.split_once('x') else {
        return stem;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(w) && digits(h) { head } else { stem }
}

/// `photo-e1612345678901` (an edited copy) → `photo`.
fn strip_edit_stamp(stem: &str) -> &str {
    match stem.rsplit_once("-e") {
        Some((head, stamp)) if stamp.len() >= 10 && stamp.bytes().all(|b| b.is_ascii_digit()) => {
            head
        }
        _ => stem,
    }
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
    fn one_upload_in_several_sizes_is_one_picture_with_the_bodys_words() {
        let up = "https://e.org/wp-content/uploads/2026/11";
        let image = |url: String, caption: Option<&str>, credit: Option<&str>| Image {
            url,
            alt: None,
            caption: caption.map(str::to_string),
            credit: credit.map(str::to_string),
        };
        let a = Article {
            featured: Some(image(format!("{up}/ferry.jpg"), None, None)),
            images: vec![
                image(
                    format!("{up}/ferry-1024x683.jpg"),
                    Some("The ferry"),
                    Some("Ruth Okafor"),
                ),
                image(format!("{up}/ferry-scaled-300x200@2x.jpg"), None, None),
                image(format!("{up}/ferry-rotated.jpg"), None, None),
                image("https://e.org/image.php?id=3".into(), None, None),
                image("https://e.org/image.php?id=4".into(), None, None),
            ],
            ..Article::default()
        };
        let all = a.all_images();
        assert_eq!(all.len(), 3, "{all:#?}");
        assert_eq!(all[0].url, format!("{up}/ferry.jpg"));
        assert_eq!(all[0].caption.as_deref(), Some("The ferry"));
        assert_eq!(all[0].credit.as_deref(), Some("Ruth Okafor"));
    }

    #[test]
    fn thousands_of_pictures_are_merged_by_upload_in_one_pass() {
        let n = 40_000;
        let up = "https://e.org/wp-content/uploads/2026/11";
        let mut images: Vec<Image> = (0..n)
            .map(|i| Image {
                url: format!("{up}/photo-{i}.jpg"),
                ..Image::default()
            })
            .collect();
        images.extend((0..n).map(|i| Image {
            url: format!("{up}/photo-{i}-1024x683.jpg"),
            caption: Some(format!("Picture {i}")),
            ..Image::default()
        }));
        let a = Article {
            images,
            ..Article::default()
        };
        let all = a.all_images();
        assert_eq!(all.len(), n);
        for (i, img) in all.iter().enumerate().step_by(997) {
            assert_eq!(img.url, format!("{up}/photo-{i}.jpg"));
            assert_eq!(img.caption, Some(format!("Picture {i}")));
        }
    }

    #[test]
    fn an_items_key_is_its_guid_then_its_link_then_its_words() {
        let a = Article {
            guid: Some("urn:ep-41".into()),
            url: "https://e.org/show/#ep41".into(),
            title: "Episode 41".into(),
            ..Article::default()
        };
        assert_eq!(a.source_key(), "guid:urn:ep-41");
        let b = Article {
            guid: None,
            ..a.clone()
        };
        assert_eq!(b.source_key(), "link:e.org/show#ep41");
        let tracked = Article {
            url: "https://e.org/show/?utm_source=rss&utm_campaign=1#ep41".into(),
            ..b.clone()
        };
        assert_eq!(tracked.source_key(), b.source_key());
        let c = Article {
            url: String::new(),
            ..b.clone()
        };
        let d = Article {
            summary: "other words".into(),
            ..c.clone()
        };
        assert!(c.source_key().starts_with("hash:"));
        assert_ne!(c.source_key(), d.source_key());
        // Ids from before keys were made from the link, else the guid.
        assert_eq!(a.preferred_id(), article_id("https://e.org/show/"));
        assert_eq!(c.preferred_id(), short_hash(&c.source_key()));
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
