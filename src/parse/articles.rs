//! Article sources: RSS 2.0/1.0, Atom, JSON Feed, WordPress REST.

use super::{ArticleBatch, ParseError};

/// Parse an article source. `base_url` is the URL the bytes came from (for
/// relative links); `site` is stamped on every article.
pub fn parse_articles(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: &str,
    site: &str,
) -> Result<ArticleBatch, ParseError> {
    let _ = (bytes, content_type, base_url, site);
    Err(ParseError::NotAFeed(
        "article parsing is not built yet".into(),
    ))
}
