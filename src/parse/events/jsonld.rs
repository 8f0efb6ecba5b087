//! schema.org `Event` (and its subtypes) in JSON-LD, as event pages carry it:
//! The Events Calendar's own script, Yoast's `@graph`, arrays of events.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};
use serde_json::Value;

use crate::model::{Event, EventStatus};
use crate::parse::EventBatch;
use crate::parse::events::ical::event::split_location;
use crate::parse::events::ical::time::parse_utc_offset;
use crate::parse::events::{
    absolute_url, decode_entities, default_zone, finish, html_line, join_parts, midnight,
};

/// Every `<script type="application/ld+json">` of a page.
pub(in crate::parse) fn parse_html(html: &str, base_url: &str, site: &str) -> EventBatch {
    let doc = scraper::Html::parse_document(html);
    let mut values = Vec::new();
    let mut warnings = Vec::new();
    for text in crate::parse::dom::json_ld_texts(&doc) {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => values.push(v),
            Err(e) => warnings.push(format!("a JSON-LD block does not parse: {e}")),
        }
    }
    let mut batch = parse_values(&values, base_url, site);
    // A broken block matters only when it may have hidden an event.
    if batch.events.is_empty() {
        warnings.append(&mut batch.warnings);
        batch.warnings = warnings;
    }
    batch
}

/// Events in already-parsed JSON-LD values.
pub(in crate::parse) fn parse_values(values: &[Value], base_url: &str, site: &str) -> EventBatch {
    let mut found = Vec::new();
    let mut too_deep = 0;
    for v in values {
        collect(v, &mut found, 0, &mut too_deep);
    }
    let mut batch = EventBatch {
        format: "json-ld",
        ..Default::default()
    };
    if too_deep > 0 {
        batch.warnings.push(format!(
            "{too_deep} JSON-LD groups nested more than eight deep were not read"
        ));
    }
    for v in found {
        match event(v, base_url, site) {
            Ok(e) => {
                if let Some(e) = finish(e, &mut batch.warnings) {
                    add_or_merge(&mut batch.events, e);
                }
            }
            Err(why) => {
                let name = v
                    .get("name")
                    .and_then(Value::as_str)
                    .map(html_line)
                    .unwrap_or_default();
                batch
                    .warnings
                    .push(format!("event \"{name}\": skipped, {why}"));
            }
        }
    }
    batch
}

/// A page often states one event twice (Yoast's graph and the calendar
/// plugin's own block): the same page and start are one event, each copy
/// filling what the other lacks.
fn add_or_merge(events: &mut Vec<Event>, e: Event) {
    let same = |x: &Event| {
        x.id == e.id
            || (x.url.is_some()
                && x.url.as_deref().map(crate::model::canonical_link)
                    == e.url.as_deref().map(crate::model::canonical_link)
                && x.start.as_ref().map(Zoned::timestamp) == e.start.as_ref().map(Zoned::timestamp))
    };
    let Some(x) = events.iter_mut().find(|x| same(x)) else {
        events.push(e);
        return;
    };
    let fill = |a: &mut Option<String>, b: Option<String>| {
        if a.is_none() {
            *a = b;
        }
    };
    fill(&mut x.venue, e.venue);
    fill(&mut x.address, e.address);
    fill(&mut x.price, e.price);
    fill(&mut x.booking_url, e.booking_url);
    fill(&mut x.organizer, e.organizer);
    if x.end.is_none() {
        x.end = e.end;
    }
    // The longer description is the full one, not an excerpt.
    if e.description_html.len() > x.description_html.len() {
        x.description_html = e.description_html;
    }
    if x.status == EventStatus::Confirmed {
        x.status = e.status;
    }
    for c in e.categories {
        if !x.categories.iter().any(|y| y.eq_ignore_ascii_case(&c)) {
            x.categories.push(c);
        }
    }
}

/// Events in `v`, however they are grouped. `too_deep` counts what was not
/// looked into: past eight levels of lists and graphs, a page is not
/// describing events.
fn collect<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize, too_deep: &mut usize) {
    if depth > 8 {
        if v.is_array() || v.is_object() {
            *too_deep += 1;
        }
        return;
    }
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect(i, out, depth + 1, too_deep)),
        Value::Object(o) => {
            if is_event(v) {
                out.push(v);
            } else if let Some(g) = o.get("@graph") {
                collect(g, out, depth + 1, too_deep);
            }
        }
        _ => {}
    }
}

/// `Event`, `MusicEvent`, `EducationEvent`, `schema:BusinessEvent`...
fn is_event(v: &Value) -> bool {
    let is = |t: &str| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        (t.ends_with("Event") && !t.contains("Reservation"))
            || matches!(t, "Festival" | "Hackathon" | "CourseInstance")
    };
    match v.get("@type") {
        Some(Value::String(t)) => is(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => text_of(o.get("name")),
        Value::Array(a) => a.iter().find_map(|x| text_of(Some(x))),
        _ => None,
    }
}

fn event(v: &Value, base_url: &str, site: &str) -> Result<Event, String> {
    let start_s = text_of(v.get("startDate")).ok_or("it has no start")?;
    let (start, start_date_only) =
        when(&start_s).ok_or_else(|| format!("bad startDate {start_s:?}"))?;
    let end = match text_of(v.get("endDate")) {
        Some(s) => Some(when(&s).ok_or_else(|| format!("bad endDate {s:?}"))?),
        None => None,
    };
    let all_day = start_date_only;
    let end = match end {
        // A date-only end is the last day: the event runs to its end.
        Some((e, true)) => Some(
            e.date()
                .checked_add(1.day())
                .ok()
                .and_then(|d| midnight(d, start.time_zone()))
                .ok_or("its end is out of range")?,
        ),
        Some((e, false)) => Some(e.with_time_zone(start.time_zone().clone())),
        None if all_day => start.checked_add(1.day()).ok(),
        None => None,
    };
    let url = text_of(v.get("url")).and_then(|u| absolute_url(base_url, &u));
    let title = text_of(v.get("name"))
        .map(|n| html_line(&n))
        .unwrap_or_default();
    // The page address first: it is what the other sources of the same
    // event (the REST endpoint, another JSON-LD block) agree on.
    let uid = url
        .clone()
        .or_else(|| text_of(v.get("@id")))
        .unwrap_or_else(|| format!("{site}|{title}|{start_s}"));

    let mut description = text_of(v.get("description"))
        // The calendar plugin double-escapes its newlines ("\\n").
        .map(|d| decode_entities(&d).replace("\\n", "\n"))
        .unwrap_or_default();
    let status_s = text_of(v.get("eventStatus")).unwrap_or_default();
    let mut status = EventStatus::Confirmed;
    if status_s.ends_with("EventCancelled") {
        status = EventStatus::Cancelled;
    } else if let Some(note) = [
        ("EventPostponed", "Postponed."),
        ("EventRescheduled", "Rescheduled."),
        ("EventMovedOnline", "Moved online."),
    ]
    .iter()
    .find(|(k, _)| status_s.ends_with(k))
    .map(|(_, n)| n)
    {
        description = format!("<p><strong>{note}</strong></p>{description}");
    }

    let (venue, address, online_url) = location(v.get("location"), base_url);
    let (price, offer_url) = offers(v.get("offers"), base_url);
    let organizer = match v.get("organizer") {
        Some(Value::Array(list)) => join_parts(
            list.iter()
                .filter_map(|o| text_of(Some(o)).map(|n| html_line(&n)))
                .collect::<Vec<_>>()
                .iter()
                .map(|s| Some(s.as_str())),
        ),
        other => text_of(other).map(|n| html_line(&n)),
    };
    let categories = match v.get("keywords") {
        Some(Value::String(s)) => s.split(',').map(html_line).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|k| text_of(Some(k)))
            .map(|k| html_line(&k))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Event {
        site: site.to_string(),
        uid,
        title,
        url: url.or(online_url),
        start: Some(start),
        end,
        all_day,
        // Offsets (or nothing) are all JSON-LD gives: no zone name.
        timezone: None,
        status,
        venue,
        address,
        price,
        booking_url: offer_url,
        organizer,
        description_html: description,
        categories,
        ..Default::default()
    })
}

/// An ISO 8601 date or date-time: with an offset it is placed at that
/// offset; without one it is read in the site's zone. The flag says
/// "date only".
fn when(s: &str) -> Option<(Zoned, bool)> {
    let s = s.trim();
    if s.len() == 10
        && let Ok(d) = s.parse::<Date>()
    {
        return Some((midnight(d, &default_zone())?, true));
    }
    let s = s.replacen(' ', "T", 1);
    let (wall, tz) = if let Some(w) = s.strip_suffix(['Z', 'z']) {
        (w.to_string(), TimeZone::UTC)
    } else {
        let t = s.find('T')?;
        match s[t..].rfind(['+', '-']) {
            Some(i) => {
                let off = parse_utc_offset(&s[t + i..])?;
                (s[..t + i].to_string(), TimeZone::fixed(off))
            }
            None => (s.to_string(), default_zone()),
        }
    };
    let dt: DateTime = wall.parse().ok()?;
    Some((dt.to_zoned(tz).ok()?, false))
}

/// (venue, address, online url)
fn location(v: Option<&Value>, base_url: &str) -> (Option<String>, Option<String>, Option<String>) {
    let Some(v) = v else {
        return (None, None, None);
    };
    match v {
        Value::String(s) => {
            let (venue, address) = split_location(&decode_entities(s));
            (venue, address, None)
        }
        Value::Array(items) => {
            let place = items
                .iter()
                .find(|i| i.get("@type").and_then(Value::as_str) != Some("VirtualLocation"));
            place
                .or(items.first())
                .map(|p| location(Some(p), base_url))
                .unwrap_or((None, None, None))
        }
        Value::Object(o) => {
            if o.get("@type").and_then(Value::as_str) == Some("VirtualLocation") {
                let url = text_of(o.get("url")).and_then(|u| absolute_url(base_url, &u));
                return (Some("Online".into()), None, url);
            }
            let venue = text_of(o.get("name")).map(|n| html_line(&n));
            let address = match o.get("address") {
                Some(Value::String(s)) => Some(html_line(s)),
                Some(a @ Value::Object(_)) => {
                    let part = |k: &str| text_of(a.get(k)).map(|x| html_line(&x));
                    let parts = [
                        part("streetAddress"),
                        part("addressLocality"),
                        part("addressRegion"),
                        part("postalCode"),
                        part("addressCountry"),
                    ];
                    join_parts(parts.iter().map(|p| p.as_deref()))
                }
                _ => None,
            };
            (venue, address, None)
        }
        _ => (None, None, None),
    }
}

/// (price, booking url) from an Offer, an AggregateOffer or a list of them.
fn offers(v: Option<&Value>, base_url: &str) -> (Option<String>, Option<String>) {
    let list: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => return (None, None),
    };
    let mut amounts: Vec<(f64, String)> = Vec::new();
    let mut words = None;
    let mut url = None;
    for o in list {
        let currency = text_of(o.get("priceCurrency")).unwrap_or_default();
        for key in ["price", "lowPrice", "highPrice"] {
            if let Some(p) = text_of(o.get(key)) {
                match p.replace(',', "").trim().parse::<f64>() {
                    Ok(n) if n.is_finite() && n >= 0.0 => amounts.push((n, currency.clone())),
                    _ => words = words.or(Some(html_line(&p))),
                }
            }
        }
        url = url.or_else(|| text_of(o.get("url")).and_then(|u| absolute_url(base_url, &u)));
    }
    amounts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let price = match (amounts.first(), amounts.last()) {
        (Some(lo), Some(hi)) if lo.0 == hi.0 => Some(money(lo.0, &lo.1)),
        (Some(lo), Some(hi)) => Some(format!("{}–{}", money(lo.0, &lo.1), money(hi.0, &hi.1))),
        _ => words.filter(|w| !w.is_empty()),
    };
    (price, url)
}

/// 15 GBP → "£15", 12.5 USD → "$12.50", 0 → "Free".
fn money(amount: f64, currency: &str) -> String {
    if amount == 0.0 {
        return "Free".into();
    }
    let n = if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    };
    let symbol = match currency.trim().to_ascii_uppercase().as_str() {
        "GBP" => "£",
        "USD" => "$",
        "EUR" => "€",
        "JPY" | "CNY" => "¥",
        "INR" => "₹",
        "SGD" => "S$",
        "HKD" => "HK$",
        "AUD" => "A$",
        "" => "",
        other => return format!("{n} {other}"),
    };
    format!("{symbol}{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices() {
        assert_eq!(money(15.0, "GBP"), "£15");
        assert_eq!(money(12.5, "usd"), "$12.50");
        assert_eq!(money(0.0, "GBP"), "Free");
        assert_eq!(money(100.0, "THB"), "100 THB");
    }

    #[test]
    fn dates_with_and_without_offsets() {
        let (z, d) = when("2026-07-14T18:30:00+01:00").unwrap();
        assert!(!d);
        assert_eq!(z.offset().seconds(), 3600);
        assert_eq!(z.hour(), 18);
        let (z, _) = when("2026-01-14T10:00:00Z").unwrap();
        assert_eq!(z.offset().seconds(), 0);
        let (z, _) = when("2026-01-14T10:00:00-05:00").unwrap();
        assert_eq!(z.offset().seconds(), -18000);
        assert!(when("2026-07-14").unwrap().1);
        assert!(when("not a date").is_none());
    }

    #[test]
    fn events_nested_too_deep_are_counted_not_lost_silently() {
        let event = serde_json::json!({
            "@type": "Event", "name": "Deep", "startDate": "2027-01-14T10:00:00Z"
        });
        let mut v = event.clone();
        for _ in 0..12 {
            v = serde_json::json!([v]);
        }
        let shallow = serde_json::json!([[event]]);
        let b = parse_values(&[v, shallow], "https://h.example/", "Site");
        assert_eq!(b.events.len(), 1);
        assert!(b.warning_count() >= 1, "{:?}", b.warnings);
        assert!(b.warnings[0].contains("not read"), "{:?}", b.warnings);
    }
}
