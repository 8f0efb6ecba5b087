//! Bytes → articles and events. The format is found from the content, never
//! declared by the config. Every text field comes out decoded and cleaned
//! (`render::sanitize`).

mod article;
mod articles;
pub mod decode;
pub(crate) mod dom;
mod events;
mod feed;
pub mod html;
mod ical;
mod ical_event;
mod ical_time;
pub mod images;
mod jsonld_event;
pub mod page;
mod page_meta;
mod rrule;
mod rss_media;
mod tribe;
mod vtimezone;
mod windows_zones;
mod wordpress;
pub mod words;

pub use articles::parse_articles;
pub use events::{parse_events, parse_events_at};
pub use page::{ExtractedPage, extract_article, looks_like_excerpt};

use crate::model::{Article, Event};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// The body is not any format we read (an HTML page, an empty body...).
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// The format was recognised but the document is broken.
    #[error("malformed {format}: {detail}")]
    Malformed {
        format: &'static str,
        detail: String,
    },
}

/// What one article source yielded.
#[derive(Debug, Default)]
pub struct ArticleBatch {
    /// "rss", "atom", "json-feed", "wordpress-rest"...
    pub format: &'static str,
    pub articles: Vec<Article>,
    /// Items skipped, one message each.
    pub warnings: Vec<String>,
    /// The next page to fetch (REST pagination), when there is one.
    pub next_page: Option<String>,
}

/// What one event source yielded.
#[derive(Debug, Default)]
pub struct EventBatch {
    /// "icalendar", "tribe-rest", "json-ld"...
    pub format: &'static str,
    pub events: Vec<Event>,
    pub warnings: Vec<String>,
    pub next_page: Option<String>,
}
