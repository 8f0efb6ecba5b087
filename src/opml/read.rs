//! OPML in: bytes in any encoding the file declares → the feeds it lists.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{EVENTS_TYPE, Feed, Opml, OpmlError};
use crate::model::SourceRole;

/// The largest file read: a list of 100,000 feeds fits several times over.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// The feeds of an OPML file, or where and why it is not one.
pub fn parse(bytes: &[u8]) -> Result<Opml, OpmlError> {
    if bytes.len() > MAX_BYTES {
        return Err(OpmlError {
            line: 1,
            message: format!("larger than {} MB", MAX_BYTES / (1024 * 1024)),
        });
    }
    let text = decode(bytes);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut lines = Lines::default();
    let mut line_at = |pos: u64| lines.at(&text, pos as usize);

    let mut out = Opml::default();
    let mut root_seen = false;
    let mut in_body = false;
    let mut body_seen = false;
    let mut depth = 0usize;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| OpmlError {
            line: line_at(reader.error_position()),
            message: format!("not well-formed XML: {e}"),
        })?;
        match event {
            Event::Start(e) if !root_seen => {
                check_root(&e, line_at(pos))?;
                root_seen = true;
                depth = 1;
            }
            Event::Empty(e) if !root_seen => {
                check_root(&e, line_at(pos))?;
                root_seen = true;
                break;
            }
            Event::Start(e) => {
                depth += 1;
                let name = local_name(&e);
                if depth == 2 && name.eq_ignore_ascii_case("body") {
                    in_body = true;
                    body_seen = true;
                } else if in_body && name.eq_ignore_ascii_case("outline") {
                    outline(&e, line_at(pos), &mut out);
                }
            }
            Event::Empty(e) => {
                let name = local_name(&e);
                if depth == 1 && name.eq_ignore_ascii_case("body") {
                    body_seen = true;
                } else if in_body && name.eq_ignore_ascii_case("outline") {
                    outline(&e, line_at(pos), &mut out);
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    in_body = false;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(OpmlError {
            line: 1,
            message: "not an OPML file: no <opml> element".into(),
        });
    }
    if !body_seen {
        return Err(OpmlError {
            line: line_of_end(&text),
            message: "not an OPML file: no <body>".into(),
        });
    }
    Ok(out)
}

/// Line numbers of offsets met in order, counting each newline once (a
/// list of thousands of feeds would otherwise count from the top for each).
#[derive(Default)]
struct Lines {
    offset: usize,
    line: usize,
}

impl Lines {
    fn at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset {
            return crate::config::line_of(text, offset);
        }
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
        self.offset = offset;
        self.line + 1
    }
}

fn check_root(e: &BytesStart<'_>, line: usize) -> Result<(), OpmlError> {
    let name = local_name(e);
    if name.eq_ignore_ascii_case("opml") {
        Ok(())
    } else {
        Err(OpmlError {
            line,
            message: format!("not an OPML file: it begins with <{}>", clean(&name)),
        })
    }
}

fn line_of_end(text: &str) -> usize {
    crate::config::line_of(text, text.len())
}

fn local_name(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// One `<outline>`: a feed when it has an address, else a folder.
fn outline(e: &BytesStart<'_>, line: usize, out: &mut Opml) {
    let mut url = None;
    let mut fallback_url = None;
    let mut text = None;
    let mut title = None;
    let mut home = None;
    let mut kind = None;
    for attr in e.attributes().with_checks(false).flatten() {
        let key = attr.key.local_name().as_ref().to_ascii_lowercase();
        // An entity the file never defined (`&nbsp;` from a sloppy
        // exporter) keeps its text rather than losing the whole outline.
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(Cow::into_owned)
            .unwrap_or_else(|_| attr.value.to_string());
        match key.as_str() {
            "xmlurl" => url = Some(value),
            "url" => fallback_url = Some(value),
            "text" => text = Some(value),
            "title" => title = Some(value),
            "htmlurl" => home = Some(value),
            "type" => kind = Some(value.trim().to_ascii_lowercase()),
            _ => {}
        }
    }
    let kind = kind.unwrap_or_default();
    let url = match (url, fallback_url) {
        (Some(u), _) if !u.trim().is_empty() => u,
        // `url` names a feed only where no type says it is something else
        // (newsboat and Liferea write it so); `type="link"` is a web page
        // and `type="include"` another OPML file.
        (_, Some(u)) if !u.trim().is_empty() && !matches!(kind.as_str(), "link" | "include") => u,
        (_, Some(u)) if !u.trim().is_empty() => {
            out.skipped.push(format!(
                "line {line}: {:?} is a {kind}, not a feed",
                clean(&u)
            ));
            return;
        }
        // A folder.
        _ => return,
    };
    let name = [text, title]
        .into_iter()
        .flatten()
        .map(|t: String| clean(&t))
        .find(|t| !t.is_empty());
    let feed_url = match web_url(&url) {
        Some(u) => u,
        None => {
            out.skipped.push(format!(
                "line {line}: {:?} is not an http or https address",
                clean(&url)
            ));
            return;
        }
    };
    let role = if kind == EVENTS_TYPE || looks_like_calendar(&feed_url) {
        SourceRole::Events
    } else {
        SourceRole::Articles
    };
    out.feeds.push(Feed {
        url: feed_url,
        title: name,
        home: home.as_deref().and_then(web_url),
        role,
        line,
    });
}

/// A calendar other readers took as a feed: `….ics`, or The Events
/// Calendar's `?ical=1`.
fn looks_like_calendar(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|p| {
        p.path().to_ascii_lowercase().ends_with(".ics") || p.query_pairs().any(|(k, _)| k == "ical")
    })
}

/// The address as an http(s) URL, `feed:` ones (old Safari, Firefox live
/// bookmarks) turned back into what they wrap.
pub(crate) fn web_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let raw = match raw.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("feed:") => {
            let rest = &raw[5..];
            if let Some(r) = rest.strip_prefix("//") {
                if r.starts_with("http://") || r.starts_with("https://") {
                    r.to_string()
                } else {
                    format!("http://{r}")
                }
            } else {
                rest.to_string()
            }
        }
        _ => raw.to_string(),
    };
    let u = url::Url::parse(&raw).ok()?;
    (matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()))
        .then(|| u.to_string())
}

/// One line, no control characters, at most 200 characters.
fn clean(s: &str) -> String {
    let one: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .take(200)
        .collect();
    one
}

/// The text, decoded as the byte-order mark or the XML declaration says
/// (UTF-8 when neither does; bad bytes become U+FFFD).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return text;
    }
    let head = &bytes[..bytes.len().min(512)];
    let declared = head
        .windows(9)
        .position(|w| w.eq_ignore_ascii_case(b"encoding="))
        .and_then(|i| {
            let rest = &head[i + 9..];
            let quote = *rest.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let end = rest[1..].iter().position(|b| *b == quote)?;
            encoding_rs::Encoding::for_label(&rest[1..1 + end])
        });
    let enc = declared.unwrap_or(encoding_rs::UTF_8);
    // A file that says UTF-16 but has no mark has already been read as
    // bytes of ASCII here: it is really UTF-8.
    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        enc
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text
}
