//! Article sources: RSS 2.0/1.0, Atom, JSON Feed, WordPress REST. The format
//! is found from the content, whatever the server's Content-Type says.

use serde_json::Value;

use crate::parse::decode::decode;
use crate::parse::{ArticleBatch, ParseError};

pub(in crate::parse) mod article;
mod atom;
mod dates;
mod feed;
mod json_feed;
mod markup;
mod media;
pub mod page;
mod page_meta;
mod rss;
mod wordpress;
mod xml;

/// Parse an article source. `base_url` is the URL the bytes came from (for
/// relative links); `site` is stamped on every article.
pub fn parse_articles(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: &str,
    site: &str,
) -> Result<ArticleBatch, ParseError> {
    let text = decode(bytes, content_type);
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if body.trim_end().is_empty() {
        return Err(ParseError::NotAFeed("empty body".into()));
    }
    match body.as_bytes()[0] {
        b'{' | b'[' => parse_json(body, base_url, site),
        b'<' => parse_xml(body, base_url, site),
        _ => Err(ParseError::NotAFeed(format!(
            "neither XML nor JSON (starts with {:?})",
            crate::render::sanitize::clean_line(&body.chars().take(24).collect::<String>())
        ))),
    }
}

fn parse_json(body: &str, base_url: &str, site: &str) -> Result<ArticleBatch, ParseError> {
    let value: Value = serde_json::from_str(body).map_err(|e| ParseError::Malformed {
        format: "json",
        detail: e.to_string(),
    })?;
    let is_json_feed = value
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.contains("jsonfeed.org"));
    if is_json_feed {
        return json_feed::parse_json_feed(&value, base_url, site);
    }
    if let Some(err) = wordpress::rest_error(&value) {
        return Err(ParseError::NotAFeed(err));
    }
    if wordpress::is_posts(&value) {
        return wordpress::parse_posts(&value, base_url, site);
    }
    // A single post (`/wp-json/wp/v2/posts/123`).
    if value.pointer("/title/rendered").is_some() {
        let mut batch = wordpress::parse_posts(&Value::Array(vec![value]), base_url, site)?;
        batch.next_page = None;
        return Ok(batch);
    }
    Err(ParseError::NotAFeed(
        "JSON that is neither a JSON Feed nor WordPress posts".into(),
    ))
}

fn parse_xml(body: &str, base_url: &str, site: &str) -> Result<ArticleBatch, ParseError> {
    parse_xml_from(body, base_url, site, true)
}

fn parse_xml_from(
    body: &str,
    base_url: &str,
    site: &str,
    skip_junk: bool,
) -> Result<ArticleBatch, ParseError> {
    let root = root_element(body).ok_or_else(|| ParseError::Malformed {
        format: "xml",
        detail: "no root element".into(),
    })?;
    let local = root
        .rsplit(':')
        .next()
        .unwrap_or(&root)
        .to_ascii_lowercase();
    match local.as_str() {
        "rss" | "rdf" | "feed" | "channel" => {}
        "html" | "head" | "body" => {
            return Err(ParseError::NotAFeed("an HTML page, not a feed".into()));
        }
        _ => {
            // PHP notices printed before the feed ("<br /><b>Warning</b>: ...")
            // are a classic of broken WordPress installs: skip to the feed.
            if let Some(start) = feed_start_after_junk(body).filter(|_| skip_junk) {
                let mut batch = parse_xml_from(&body[start..], base_url, site, false)?;
                batch
                    .warnings
                    .push("text before the feed's XML was skipped".into());
                return Ok(batch);
            }
            if is_html_element(&local) {
                return Err(ParseError::NotAFeed("an HTML page, not a feed".into()));
            }
            return Err(ParseError::NotAFeed(format!(
                "XML with root <{}>, not a feed",
                crate::render::sanitize::clean_line(&root)
            )));
        }
    }
    // The reader returns what it read of a cut-off document; a missing end
    // tag of the root is the sign of a truncated download. Caching plugins
    // append comments after it ("Performance optimized by W3 Total Cache").
    // An end tag cut off before its `>` at the very end loses nothing.
    let closing = format!("</{root}");
    let complete = body.rfind(&closing).is_some_and(|at| {
        let tail = body[at + closing.len()..].trim_start();
        tail.is_empty() || tail.strip_prefix('>').is_some_and(only_comments)
    });
    if !complete {
        return Err(ParseError::Malformed {
            format: if local == "feed" { "atom" } else { "rss" },
            detail: format!("truncated document: no closing {closing}>"),
        });
    }
    feed::parse_xml_feed(body, base_url, site)
}

/// Elements an HTML error page or fragment starts with (no `<html>`).
fn is_html_element(name: &str) -> bool {
    matches!(
        name,
        "meta"
            | "link"
            | "title"
            | "script"
            | "style"
            | "div"
            | "p"
            | "span"
            | "table"
            | "center"
            | "h1"
            | "h2"
            | "a"
            | "b"
            | "br"
            | "pre"
            | "iframe"
            | "noscript"
            | "img"
    )
}

/// Where an XML declaration or a feed root begins past leading junk, within
/// the first 64 KiB.
fn feed_start_after_junk(body: &str) -> Option<usize> {
    let head = &body[..body.floor_char_boundary(64 * 1024)];
    ["<?xml", "<rss", "<feed", "<rdf:RDF"]
        .iter()
        .filter_map(|m| head.find(m))
        .filter(|&p| p > 0)
        .min()
}

/// The name of the first element, past the declaration, comments,
/// processing instructions and DOCTYPE (an HTML page begins `<!DOCTYPE html>`).
fn root_element(xml: &str) -> Option<String> {
    let mut rest = xml;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest
            .get(..9)
            .is_some_and(|d| d.eq_ignore_ascii_case("<!doctype"))
        {
            let doctype = &rest[..rest.find('>').map_or(rest.len(), |e| e + 1)];
            if doctype.to_ascii_lowercase().contains("html") && !doctype.contains('[') {
                return Some("html".into());
            }
            rest = &rest[skip_doctype(rest)?..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            return Some(r[..end].to_string()).filter(|n| !n.is_empty());
        } else {
            return None;
        }
    }
}

/// Whether what follows the root is only whitespace and comments (the last
/// one possibly cut off: it carries nothing).
fn only_comments(mut tail: &str) -> bool {
    loop {
        tail = tail.trim_start();
        if tail.is_empty() {
            return true;
        }
        match tail.strip_prefix("<!--") {
            Some(r) => match r.find("-->") {
                Some(e) => tail = &r[e + 3..],
                None => return true,
            },
            None => return false,
        }
    }
}

/// Length of a DOCTYPE, internal subset included.
fn skip_doctype(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_found_past_the_prolog() {
        assert_eq!(
            root_element(
                "<?xml version=\"1.0\"?>\n<!-- c --><?xml-stylesheet href=\"x\"?><rss version=\"2.0\">"
            ),
            Some("rss".into())
        );
        assert_eq!(
            root_element("<!DOCTYPE html><html lang=en>"),
            Some("html".into())
        );
        assert_eq!(
            root_element("<!DOCTYPE r [<!ENTITY a \"b\">]><rdf:RDF xmlns:rdf=\"x\">"),
            Some("rdf:RDF".into())
        );
    }
}
