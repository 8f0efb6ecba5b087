//! Event sources: iCalendar, The Events Calendar REST, schema.org JSON-LD.

use super::{EventBatch, ParseError};

/// Parse an event source. `base_url` is the URL the bytes came from; `site`
/// is stamped on every event.
pub fn parse_events(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: &str,
    site: &str,
) -> Result<EventBatch, ParseError> {
    let _ = (bytes, content_type, base_url, site);
    Err(ParseError::NotAFeed(
        "event parsing is not built yet".into(),
    ))
}
