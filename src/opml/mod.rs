//! OPML, the feed list readers trade: read as newsboat, Feedly, Inoreader,
//! NetNewsWire, FreshRSS and Miniflux write it (1.0 or 2.0, folders nested
//! to any depth, `xmlUrl` or `url`, `text` or `title`), and written from
//! the config as OPML 2.0.

mod read;
mod write;

pub use read::{MAX_BYTES, parse};
pub use write::export;

use crate::model::SourceRole;

/// The `type` our export gives an events source; any other is a feed.
pub const EVENTS_TYPE: &str = "events";

/// One feed of an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The feed's address, checked to be http or https.
    pub url: String,
    /// Its name, as the file gives it (`text`, else `title`).
    pub title: Option<String>,
    /// The site's page (`htmlUrl`), when it is http or https.
    pub home: Option<String>,
    pub role: SourceRole,
    /// Where in the file the feed is.
    pub line: usize,
}

/// What a file holds: its feeds in order, and what was passed over, each
/// with its line and reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opml {
    pub feeds: Vec<Feed>,
    pub skipped: Vec<String>,
}

/// A file that is not OPML, or not well-formed: where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct OpmlError {
    pub line: usize,
    pub message: String,
}
