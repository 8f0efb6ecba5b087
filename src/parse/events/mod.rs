//! Event sources: iCalendar, The Events Calendar REST, schema.org JSON-LD.
//!
//! The format is found from the content. Each format's module builds
//! `Event`s; `finish` is the one gate every event goes through on its way
//! out: it skips the ones whose dates make no sense (with a warning), cleans
//! every text field and stamps the stable id.
//!
//! All-day events: `start` is midnight of the first day and `end` midnight
//! after the last day (exclusive, as iCalendar's DTEND), both in the event's
//! zone.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use crate::parse::{EventBatch, ParseError};

pub(in crate::parse) mod ical;
mod jsonld;
mod tribe;
use crate::model::{Event, event_id};
use crate::render::sanitize::{clean_line, clean_text};

/// Parse an event source. `base_url` is the URL the bytes came from; `site`
/// is stamped on every event.
pub fn parse_events(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: &str,
    site: &str,
) -> Result<EventBatch, ParseError> {
    parse_events_at(bytes, content_type, base_url, site, Timestamp::now())
}

/// `parse_events` as of `now`: recurring events are expanded from a year
/// before `now` to two years after it.
pub fn parse_events_at(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: &str,
    site: &str,
    now: Timestamp,
) -> Result<EventBatch, ParseError> {
    let body = strip_bom(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let body = &body[start..];
    if body.is_empty() {
        return Err(ParseError::NotAFeed("empty body".into()));
    }
    if starts_with_ignore_case(body, b"BEGIN:VCALENDAR") {
        return Ok(capped(ical::parse(body, site, now)));
    }
    if body[0] == b'{' || body[0] == b'[' {
        let text = String::from_utf8_lossy(body);
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| ParseError::Malformed {
                format: "json",
                detail: e.to_string(),
            })?;
        if let Some(batch) = tribe::parse_value(&value, base_url, site) {
            return Ok(capped(batch));
        }
        let batch = jsonld::parse_values(std::slice::from_ref(&value), base_url, site);
        if batch.events.is_empty() && batch.warnings.is_empty() {
            return Err(ParseError::NotAFeed("JSON without events".into()));
        }
        return Ok(capped(batch));
    }
    let is_calendar_type = content_type
        .map(|c| c.to_ascii_lowercase().contains("text/calendar"))
        .unwrap_or(false);
    if is_calendar_type && let Some(pos) = find_ignore_case(body, b"BEGIN:VCALENDAR") {
        return Ok(capped(ical::parse(&body[pos..], site, now)));
    }
    let is_html_type = content_type
        .map(|c| c.to_ascii_lowercase().contains("html"))
        .unwrap_or(false);
    if body[0] == b'<' || is_html_type {
        let text = String::from_utf8_lossy(body);
        let batch = jsonld::parse_html(&text, base_url, site);
        if batch.events.is_empty() && batch.warnings.is_empty() {
            return Err(ParseError::NotAFeed(
                "a page with no schema.org Event".into(),
            ));
        }
        return Ok(batch);
    }
    Err(ParseError::NotAFeed(
        "not iCalendar, The Events Calendar JSON or an event page".into(),
    ))
}

/// Most warnings kept per source: enough to say what is wrong without
/// letting a hostile file fill the store with them.
const MAX_WARNINGS: usize = 1_000;

/// Most events kept from one source.
const MAX_EVENTS: usize = 50_000;

fn capped(mut batch: EventBatch) -> EventBatch {
    if batch.events.len() > MAX_EVENTS {
        let n = batch.events.len();
        batch.events.truncate(MAX_EVENTS);
        batch
            .warnings
            .push(format!("only the first {MAX_EVENTS} of {n} events kept"));
        // One warning for each event left out, the line above among them.
        batch.unlisted_warnings += n - MAX_EVENTS - 1;
    }
    if batch.warnings.len() > MAX_WARNINGS {
        let more = batch.warnings.len() - MAX_WARNINGS + 1;
        batch.warnings.truncate(MAX_WARNINGS - 1);
        batch.warnings.push(format!("and {more} more warnings"));
        batch.unlisted_warnings += more - 1;
    }
    batch
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(b)
}

fn starts_with_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The zone a time with no zone of its own ("floating") is read in: the
/// site's, which for now is the reader's own.
pub(in crate::parse) fn default_zone() -> TimeZone {
    TimeZone::try_system().unwrap_or(TimeZone::UTC)
}

/// Years outside this range are a typo or an attack, not an event.
const SANE_YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// Check an event's dates, clean its text and give it its id. `None` (with a
/// warning pushed) when it cannot be shown sensibly.
pub(in crate::parse) fn finish(mut e: Event, warnings: &mut Vec<String>) -> Option<Event> {
    let label = if e.title.trim().is_empty() {
        format!("event {}", clean_line(&e.uid))
    } else {
        format!("event \"{}\"", clean_line(&e.title))
    };
    let Some(start) = e.start.as_ref() else {
        warnings.push(format!("{label}: skipped, it has no start"));
        return None;
    };
    if !SANE_YEARS.contains(&start.year()) {
        warnings.push(format!(
            "{label}: skipped, its year {} is absurd",
            start.year()
        ));
        return None;
    }
    if let Some(end) = e.end.as_ref() {
        if !SANE_YEARS.contains(&end.year()) {
            warnings.push(format!(
                "{label}: skipped, its end year {} is absurd",
                end.year()
            ));
            return None;
        }
        if end.timestamp() < start.timestamp() {
            warnings.push(format!("{label}: skipped, it ends before it starts"));
            return None;
        }
    }
    e.uid = clean_line(&e.uid);
    if e.uid.is_empty() {
        warnings.push(format!("{label}: skipped, it has no identity"));
        return None;
    }
    e.site = clean_line(&e.site);
    e.title = clean_line(&e.title);
    e.url = clean_opt(e.url.take());
    e.venue = clean_opt(e.venue.take());
    e.address = clean_opt(e.address.take());
    e.price = clean_opt(e.price.take());
    e.booking_url = clean_opt(e.booking_url.take());
    e.organizer = clean_opt(e.organizer.take());
    e.timezone = clean_opt(e.timezone.take());
    e.description_html = clean_text(&undo_double_escape(e.description_html.trim()));
    let mut cats: Vec<String> = Vec::new();
    for c in e.categories.drain(..) {
        let c = clean_line(&c);
        if !c.is_empty() && !cats.iter().any(|x| x.eq_ignore_ascii_case(&c)) {
            cats.push(c);
        }
    }
    e.categories = cats;
    e.id = event_id(&e.uid, e.recurrence_id.as_deref());
    Some(e)
}

/// `&amp;eacute;` → `&eacute;`: calendar plugins leave entities in their
/// plain-text fields, which escaping then hides; the same second look the
/// articles' decoder takes at `&amp;#8217;`. A reference only: a lone
/// "&amp;" stays as it is.
fn undo_double_escape(html: &str) -> String {
    if !html.contains("&amp;") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find("&amp;") {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + "&amp;".len()..];
        let candidate: String = std::iter::once('&').chain(after.chars().take(40)).collect();
        if crate::parse::html::reference_at(&candidate).is_some() {
            out.push('&');
        } else {
            out.push_str("&amp;");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|s| clean_line(&s)).filter(|s| !s.is_empty())
}

/// Midnight of `date` in `tz` (or the first moment of the day where a clock
/// change skips midnight).
pub(in crate::parse) fn midnight(date: jiff::civil::Date, tz: &TimeZone) -> Option<Zoned> {
    date.to_zoned(tz.clone()).ok()
}

/// Character references, decoded by the one decoder the articles use: every
/// HTML5 name (`&Eacute;`, `&szlig;`), numbers as browsers read them, and the
/// `&amp;#8217;` WordPress escapes twice.
pub(in crate::parse) use crate::parse::html::decode_entities;

/// Text that may carry markup, as one plain line (titles, venues, prices
/// from HTML sources), read as the articles' titles are: a tag goes, and
/// "a < b" stays text.
pub(in crate::parse) fn html_line(s: &str) -> String {
    crate::parse::html::line(s)
}

/// Join the non-empty parts with ", ", each once.
pub(in crate::parse) fn join_parts<'a>(
    parts: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for p in parts.into_iter().flatten() {
        let p = clean_line(p);
        if !p.is_empty() && !seen.iter().any(|s| s.eq_ignore_ascii_case(&p)) {
            seen.push(p);
        }
    }
    (!seen.is_empty()).then(|| seen.join(", "))
}

/// Resolve `href` against the page it came from; absolute http(s) only.
pub(in crate::parse) fn absolute_url(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let joined = match url::Url::parse(base) {
        Ok(b) => b.join(href).ok()?,
        Err(_) => url::Url::parse(href).ok()?,
    };
    matches!(joined.scheme(), "http" | "https").then(|| joined.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_numeric_and_named() {
        assert_eq!(
            decode_entities("Rock &#038; Roll &#8211; Tom&#8217;s &pound;5 &hellip; &bogus; & x"),
            "Rock & Roll – Tom’s £5 … &bogus; & x"
        );
        assert_eq!(
            decode_entities("&Eacute;t&eacute; &szlig; Stra&szlig;e &#x1F600;"),
            "Été ß Straße 😀"
        );
    }

    #[test]
    fn entities_escaped_twice_in_descriptions_are_undone_once() {
        assert_eq!(
            undo_double_escape("<p>Caf&amp;eacute; &amp;amp; Stra&amp;szlig;e, R&amp;D &amp;</p>"),
            "<p>Caf&eacute; &amp; Stra&szlig;e, R&amp;D &amp;</p>"
        );
    }

    #[test]
    fn html_lines_lose_tags() {
        assert_eq!(html_line("<b>Hi</b> there\n now"), "Hi there now");
        assert_eq!(html_line("Yield: a < b, then c"), "Yield: a < b, then c");
        assert_eq!(html_line("a &lt; b <em>or</em> c"), "a < b or c");
    }
}
