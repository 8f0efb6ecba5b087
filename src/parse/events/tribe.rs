//! The Events Calendar (WordPress plugin) REST API:
//! `/wp-json/tribe/events/v1/events` lists, and single event objects.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{ToSpan, Zoned};
use serde_json::Value;

use crate::model::{Event, EventStatus};
use crate::parse::EventBatch;
use crate::parse::events::{absolute_url, finish, html_line, join_parts, midnight};

/// A list (`{"events": [...], "next_rest_url": ...}`) or a single event
/// object. `None` when the JSON is not from The Events Calendar.
pub(in crate::parse) fn parse_value(
    value: &Value,
    base_url: &str,
    site: &str,
) -> Option<EventBatch> {
    let obj = value.as_object()?;
    let items: Vec<&Value> = if let Some(list) = obj.get("events") {
        list.as_array()?.iter().collect()
    } else if obj.contains_key("start_date")
        && (obj.contains_key("global_id") || obj.contains_key("rest_url") || obj.contains_key("id"))
    {
        vec![value]
    } else {
        return None;
    };
    let mut batch = EventBatch {
        format: "tribe-rest",
        next_page: obj
            .get("next_rest_url")
            .and_then(Value::as_str)
            .and_then(|u| absolute_url(base_url, u)),
        ..Default::default()
    };
    for (n, item) in items.into_iter().enumerate() {
        match event(item, base_url, site) {
            Ok(e) => batch.events.extend(finish(e, &mut batch.warnings)),
            Err(why) => {
                let title = item
                    .get("title")
                    .and_then(Value::as_str)
                    .map(html_line)
                    .unwrap_or_else(|| format!("#{}", n + 1));
                batch
                    .warnings
                    .push(format!("event \"{title}\": skipped, {why}"));
            }
        }
    }
    Some(batch)
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn event(v: &Value, base_url: &str, site: &str) -> Result<Event, String> {
    if !v.is_object() {
        return Err("not an object".into());
    }
    let id = match v.get("id") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    let uid = str_of(v, "global_id")
        .map(str::to_string)
        .or_else(|| id.map(|id| format!("{site}#tribe-event-{id}")))
        .or_else(|| str_of(v, "url").map(str::to_string))
        .ok_or("it has no id")?;

    let tz_name = str_of(v, "timezone");
    let zone = tz_name.and_then(zone_of);
    let all_day = v.get("all_day").is_some_and(truthy);
    let (start, end) = times(v, zone.as_ref(), all_day)?;
    let iana = zone
        .as_ref()
        .and_then(|z| z.iana_name().map(str::to_string));

    let venue_obj = v.get("venue").filter(|x| x.is_object());
    let venue = venue_obj.and_then(|o| str_of(o, "venue")).map(html_line);
    let address = venue_obj.and_then(|o| {
        let region = str_of(o, "stateprovince")
            .or_else(|| str_of(o, "province"))
            .or_else(|| str_of(o, "state"));
        let zip = str_of(o, "zip");
        join_parts([
            str_of(o, "address").map(html_line).as_deref(),
            str_of(o, "city").map(html_line).as_deref(),
            region.map(html_line).as_deref(),
            zip.map(html_line).as_deref(),
            str_of(o, "country").map(html_line).as_deref(),
        ])
    });
    let organizer = match v.get("organizer") {
        Some(Value::Array(list)) => join_parts(
            list.iter()
                .filter_map(|o| str_of(o, "organizer").map(html_line))
                .collect::<Vec<_>>()
                .iter()
                .map(|s| Some(s.as_str())),
        ),
        Some(o @ Value::Object(_)) => str_of(o, "organizer").map(html_line),
        _ => None,
    };
    let categories = v
        .get("categories")
        .and_then(Value::as_array)
        .map(|cats| {
            cats.iter()
                .filter_map(|c| str_of(c, "name").map(html_line))
                .collect()
        })
        .unwrap_or_default();
    let title = str_of(v, "title").map(html_line).unwrap_or_default();
    // A common convention where the plugin has no status field of its own.
    let cancelled = title.to_ascii_lowercase().starts_with("cancelled")
        || title.to_ascii_lowercase().starts_with("canceled")
        || str_of(v, "event_status").is_some_and(|s| {
            s.eq_ignore_ascii_case("canceled") || s.eq_ignore_ascii_case("cancelled")
        });
    Ok(Event {
        site: site.to_string(),
        uid,
        title,
        url: str_of(v, "url").and_then(|u| absolute_url(base_url, u)),
        start: Some(start),
        end,
        all_day,
        timezone: iana,
        status: if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        },
        venue,
        address,
        price: str_of(v, "cost").map(html_line).filter(|s| !s.is_empty()),
        booking_url: str_of(v, "website").and_then(|u| absolute_url(base_url, u)),
        organizer,
        description_html: str_of(v, "description")
            .map(|d| d.to_string())
            .or_else(|| str_of(v, "excerpt").map(str::to_string))
            .unwrap_or_default(),
        categories,
        ..Default::default()
    })
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
        Value::String(s) => matches!(s.trim(), "1" | "true" | "yes"),
        _ => false,
    }
}

/// "Europe/London", or the plugin's manual offsets "UTC+1", "UTC-5:30",
/// "UTC+5.5", "UTC".
pub(in crate::parse) fn zone_of(name: &str) -> Option<TimeZone> {
    let name = name.trim();
    if let Ok(tz) = TimeZone::get(name) {
        return Some(tz);
    }
    let rest = name
        .strip_prefix("UTC")
        .or_else(|| name.strip_prefix("GMT"))?
        .trim();
    if rest.is_empty() {
        return Some(TimeZone::UTC);
    }
    let (sign, rest) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let minutes = if let Some((h, m)) = rest.split_once(':') {
        h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?
    } else {
        let hours: f64 = rest.parse().ok()?;
        (hours * 60.0).round() as i32
    };
    if minutes.abs() > 18 * 60 {
        return None;
    }
    Offset::from_seconds(sign * minutes * 60)
        .ok()
        .map(TimeZone::fixed)
}

fn wall(s: &str) -> Option<DateTime> {
    let s = s.trim().replace(' ', "T");
    s.parse::<DateTime>().ok()
}

/// Start and end in the event's zone. The UTC fields are exact, so they win
/// where present; all-day events become whole days.
fn times(
    v: &Value,
    zone: Option<&TimeZone>,
    all_day: bool,
) -> Result<(Zoned, Option<Zoned>), String> {
    let local_start = str_of(v, "start_date").and_then(wall);
    let local_end = str_of(v, "end_date").and_then(wall);
    let utc_start = str_of(v, "utc_start_date").and_then(wall);
    let utc_end = str_of(v, "utc_end_date").and_then(wall);
    let tz = match zone {
        Some(z) => z.clone(),
        None if str_of(v, "timezone").is_some() => {
            return Err(format!(
                "unknown time zone {:?}",
                str_of(v, "timezone").unwrap_or_default()
            ));
        }
        None => crate::parse::events::default_zone(),
    };
    let place = |local: Option<DateTime>, utc: Option<DateTime>| -> Option<Zoned> {
        match (utc, local) {
            (Some(u), _) => u
                .to_zoned(TimeZone::UTC)
                .ok()
                .map(|z| z.with_time_zone(tz.clone())),
            (None, Some(l)) => l.to_zoned(tz.clone()).ok(),
            (None, None) => None,
        }
    };
    if all_day {
        let first = local_start.or(utc_start).ok_or("it has no start")?.date();
        let last = local_end.or(utc_end).map(|d| d.date()).unwrap_or(first);
        let start = midnight(first, &tz).ok_or("its start is out of range")?;
        let end = last
            .checked_add(1.day())
            .ok()
            .and_then(|d| midnight(d, &tz));
        return Ok((start, end));
    }
    let start = place(local_start, utc_start).ok_or("it has no start")?;
    let end = place(local_end, utc_end);
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_offsets() {
        assert_eq!(
            zone_of("UTC+1")
                .unwrap()
                .to_fixed_offset()
                .unwrap()
                .seconds(),
            3600
        );
        assert_eq!(
            zone_of("UTC-5:30")
                .unwrap()
                .to_fixed_offset()
                .unwrap()
                .seconds(),
            -19800
        );
        assert_eq!(
            zone_of("UTC+5.5")
                .unwrap()
                .to_fixed_offset()
                .unwrap()
                .seconds(),
            19800
        );
        assert!(zone_of("UTC+99").is_none());
        assert!(zone_of("Nowhere/Special").is_none());
    }
}
