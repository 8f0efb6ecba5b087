//! Bytes → articles and events. The format is found from the content, never
//! declared by the config. Every text field comes out decoded and cleaned
//! (`render::sanitize`).

pub mod articles;
pub mod decode;
pub(crate) mod dom;
pub mod events;
pub mod html;
pub mod images;
pub mod words;

pub use articles::page::{ExtractedPage, extract_article, looks_like_excerpt};
pub use articles::parse_articles;
pub use events::{parse_events, parse_events_at};

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
    /// Warnings counted but not listed: a hostile source can make millions.
    pub unlisted_warnings: usize,
    pub next_page: Option<String>,
}

impl EventBatch {
    /// Every warning, listed or not: at least one per event or instance skipped.
    pub fn warning_count(&self) -> usize {
        self.warnings.len() + self.unlisted_warnings
    }

    /// Another page's events and warnings, added to these.
    pub fn absorb(&mut self, more: EventBatch) {
        self.events.extend(more.events);
        self.warnings.extend(more.warnings);
        self.unlisted_warnings += more.unlisted_warnings;
    }
}
