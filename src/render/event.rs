//! An event laid out as styled lines for its detail view and `newsroom event`:
//! title, a loud status when cancelled, when (in the event's zone and the
//! reader's), how long, where, price, booking, then the description.

use jiff::Zoned;
use jiff::civil::Date;
use jiff::tz::TimeZone;

mod wrap;

use wrap::{Wrapper, wrap_spans};

use super::text::{Rendered, Role, Span, StyledLine};
use crate::model::{Event, EventStatus};

/// The event's detail, every line at most `width` columns wide (widths
/// below the article's minimum are laid out at that minimum).
pub fn render_event(event: &Event, local: &TimeZone, width: usize) -> Rendered {
    // Narrower than an article's narrowest, nothing reads well.
    let width = width.max(super::article::MIN_WIDTH);
    let mut doc = Rendered::default();
    let w = Wrapper { width };

    let title = if event.title.trim().is_empty() {
        "(untitled event)"
    } else {
        event.title.as_str()
    };
    let mut title_span = Span::new(title, Role::Title);
    title_span.bold = true;
    doc.lines.extend(wrap_spans(vec![title_span], width, 0));
    match event.status {
        EventStatus::Cancelled => {
            let mut s = Span::new("CANCELLED: this event will not take place", Role::Cancelled);
            s.bold = true;
            doc.lines.extend(wrap_spans(vec![s], width, 0));
        }
        EventStatus::Tentative => doc.lines.extend(w.field("Status", "to be confirmed")),
        EventStatus::Confirmed => {}
    }
    doc.lines.push(StyledLine::default());

    for line in when_lines(event, local) {
        doc.lines
            .extend(wrap_spans(vec![Span::new(line, Role::EventDate)], width, 2));
    }
    if let Some(d) = duration(event) {
        doc.lines.extend(w.field("Duration", &d));
    }
    for (label, value) in [
        ("Venue", &event.venue),
        ("Address", &event.address),
        ("Price", &event.price),
    ] {
        if let Some(v) = value {
            doc.lines.extend(w.field(label, v));
        }
    }
    let page = event.url.as_deref();
    if let Some(book) = event.booking_url.as_deref() {
        let n = link_number(&mut doc, book);
        doc.lines.extend(w.link_field("Booking", book, n));
    }
    if let Some(page) = page.filter(|p| Some(*p) != event.booking_url.as_deref()) {
        let n = link_number(&mut doc, page);
        doc.lines.extend(w.link_field("Event page", page, n));
    }
    if !event.categories.is_empty() {
        doc.lines
            .extend(w.field("Categories", &event.categories.join(", ")));
    }
    if let Some(o) = &event.organizer {
        doc.lines.extend(w.field("Organiser", o));
    }

    if !event.description_html.trim().is_empty() {
        doc.lines.push(StyledLine::default());
        let base = event.url.as_deref().unwrap_or("");
        let html = super::text::text_or_html(&event.description_html);
        let body = super::article::render_html_after(&html, base, width, &mut doc.links);
        doc.lines.extend(body);
    }

    if !doc.links.is_empty() {
        doc.lines.push(StyledLine::default());
        let links = doc.links.clone();
        for (i, url) in links.iter().enumerate() {
            let marker = Span::new(format!("[{}] ", i + 1), Role::Link);
            let mut target = Span::new(url.clone(), Role::Link);
            target.link = Some(i);
            doc.lines.extend(wrap_spans(vec![marker, target], width, 4));
        }
    }
    doc
}

/// `newsroom event ID`: the detail view as plain text.
pub fn render_event_plain(event: &Event, local: &TimeZone, width: usize) -> String {
    render_event(event, local, width).to_plain()
}

/// The 1-based number of `url` among the document's links, added if new.
pub(super) fn link_number(doc: &mut Rendered, url: &str) -> usize {
    match doc.links.iter().position(|l| l == url) {
        Some(i) => i + 1,
        None => {
            doc.links.push(url.to_string());
            doc.links.len()
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday(d: Date) -> &'static str {
    WEEKDAYS[d.weekday().to_monday_zero_offset() as usize]
}

fn month(d: Date) -> &'static str {
    MONTHS[(d.month() - 1) as usize]
}

/// "Tuesday 14 July 2026"
pub fn long_date(d: Date) -> String {
    format!("{} {} {} {}", weekday(d), d.day(), month(d), d.year())
}

fn hm(z: &Zoned) -> String {
    format!("{:02}:{:02}", z.hour(), z.minute())
}

/// "UTC+1", "UTC-5:30", "UTC".
fn utc_offset(z: &Zoned) -> String {
    let s = z.offset().seconds();
    if s == 0 {
        return "UTC".into();
    }
    let sign = if s < 0 { '-' } else { '+' };
    let (h, m) = (s.abs() / 3600, (s.abs() / 60) % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// "BST (Europe/London)", "UTC+8 (Asia/Singapore)", "UTC".
fn zone_label(z: &Zoned) -> String {
    let tz = z.time_zone();
    let abbr = tz.to_offset_info(z.timestamp()).abbreviation().to_string();
    let named_abbr = abbr.chars().next().is_some_and(char::is_alphabetic);
    match tz.iana_name() {
        Some("UTC" | "Etc/UTC" | "Etc/UCT" | "Etc/Zulu") => "UTC".into(),
        Some(name) if named_abbr => format!("{abbr} ({name})"),
        Some(name) => format!("{} ({name})", utc_offset(z)),
        None => utc_offset(z),
    }
}

/// The last day of an all-day event (its end is exclusive).
fn last_day(event: &Event, first: Date) -> Date {
    event
        .end
        .as_ref()
        .and_then(|e| e.date().yesterday().ok())
        .filter(|d| *d > first)
        .unwrap_or(first)
}

fn day_range(first: Date, last: Date) -> String {
    if first == last {
        long_date(first)
    } else if first.year() == last.year() && first.month() == last.month() {
        format!("{} {} – {}", weekday(first), first.day(), long_date(last))
    } else if first.year() == last.year() {
        format!(
            "{} {} {} – {}",
            weekday(first),
            first.day(),
            month(first),
            long_date(last)
        )
    } else {
        format!("{} – {}", long_date(first), long_date(last))
    }
}

fn timed_range(start: &Zoned, end: Option<&Zoned>) -> String {
    match end {
        None => format!(
            "{}, {} {}",
            long_date(start.date()),
            hm(start),
            zone_label(start)
        ),
        Some(end) if end.date() == start.date() => format!(
            "{}, {}–{} {}",
            long_date(start.date()),
            hm(start),
            hm(end),
            zone_label(end)
        ),
        Some(end) => format!(
            "{}, {} – {}, {} {}",
            long_date(start.date()),
            hm(start),
            long_date(end.date()),
            hm(end),
            zone_label(end)
        ),
    }
}

/// The time of day for an agenda row under a day heading, in the event's
/// own zone: "18:30–20:00 BST", "18:30 UTC+8", "all day", or for a timed
/// event running past midnight "22:00 – Wed 15 Jul 02:00 BST".
pub fn agenda_time(event: &Event) -> String {
    let Some(start) = event.start.as_ref() else {
        return "time to be announced".into();
    };
    if event.all_day {
        return "all day".into();
    }
    let abbr = |z: &Zoned| match zone_label(z).split_once(" (") {
        Some((short, _)) => short.to_string(),
        None => zone_label(z),
    };
    match event.end.as_ref() {
        None => format!("{} {}", hm(start), abbr(start)),
        Some(end) if end.date() == start.date() => {
            format!("{}–{} {}", hm(start), hm(end), abbr(end))
        }
        Some(end) => format!(
            "{} – {} {} {} {} {}",
            hm(start),
            &weekday(end.date())[..3],
            end.day(),
            &month(end.date())[..3],
            hm(end),
            abbr(end)
        ),
    }
}

/// When the event is, in its own zone only: what a printed page can say
/// to a reader wherever they are.
pub fn when_in_own_zone(event: &Event) -> String {
    let zone = event
        .start
        .as_ref()
        .map_or(TimeZone::UTC, |s| s.time_zone().clone());
    when_lines(event, &zone).join("; ")
}

/// The date lines: in the event's own zone, then in `local` when the clocks
/// there show a different time.
fn when_lines(event: &Event, local: &TimeZone) -> Vec<String> {
    let Some(start) = event.start.as_ref() else {
        return vec!["Date to be announced".into()];
    };
    if event.all_day {
        let first = start.date();
        return vec![format!(
            "{}, all day",
            day_range(first, last_day(event, first))
        )];
    }
    let end = event.end.as_ref();
    let mut lines = vec![timed_range(start, end)];
    let differs = |z: &Zoned| local.to_offset(z.timestamp()) != z.offset();
    let same_zone =
        local.iana_name().is_some() && local.iana_name() == start.time_zone().iana_name();
    if !same_zone && (differs(start) || end.is_some_and(differs)) {
        let ls = start.with_time_zone(local.clone());
        let le = end.map(|e| e.with_time_zone(local.clone()));
        lines.push(format!("Your time: {}", timed_range(&ls, le.as_ref())));
    }
    lines
}

/// "1 hour 30 minutes", "3 days".
fn duration(event: &Event) -> Option<String> {
    let start = event.start.as_ref()?;
    let end = event.end.as_ref()?;
    if event.all_day {
        let days = (last_day(event, start.date()) - start.date()).get_days() + 1;
        return (days > 1).then(|| format!("{days} days"));
    }
    let secs = end.timestamp().duration_since(start.timestamp()).as_secs();
    if secs <= 0 {
        return None;
    }
    let (d, h, m) = (secs / 86_400, (secs / 3600) % 24, (secs / 60) % 60);
    let unit = |n: i64, one: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {one}s")),
    };
    let parts: Vec<String> = [unit(d, "day"), unit(h, "hour"), unit(m, "minute")]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn agenda_times() {
        let at = |s: &str| Some(s.parse::<Zoned>().unwrap());
        let mut e = Event {
            start: at("2026-07-14T18:30:00+01:00[Europe/London]"),
            end: at("2026-07-14T20:00:00+01:00[Europe/London]"),
            ..Default::default()
        };
        assert_eq!(agenda_time(&e), "18:30–20:00 BST");
        e.end = at("2026-07-15T02:00:00+01:00[Europe/London]");
        assert_eq!(agenda_time(&e), "18:30 – Wed 15 Jul 02:00 BST");
        e.start = at("2026-09-16T18:00:00+08:00[Asia/Singapore]");
        e.end = None;
        assert_eq!(agenda_time(&e), "18:00 UTC+8");
        e.all_day = true;
        assert_eq!(agenda_time(&e), "all day");
    }

    #[test]
    fn day_ranges() {
        assert_eq!(
            day_range(date(2026, 12, 4), date(2026, 12, 6)),
            "Friday 4 – Sunday 6 December 2026"
        );
        assert_eq!(
            day_range(date(2026, 11, 30), date(2026, 12, 2)),
            "Monday 30 November – Wednesday 2 December 2026"
        );
        assert_eq!(
            day_range(date(2026, 12, 31), date(2027, 1, 1)),
            "Thursday 31 December 2026 – Friday 1 January 2027"
        );
    }
}

#[cfg(test)]
mod description_tests {
    use super::*;

    fn event(description: &str) -> Event {
        Event {
            title: "Talk".into(),
            url: Some("https://example.org/events/x/".into()),
            booking_url: Some("https://example.org/book".into()),
            description_html: description.into(),
            ..Event::default()
        }
    }

    #[test]
    fn description_links_number_after_the_booking_link() {
        let r = render_event(
            &event(
                "<p>Read <a href=\"/more\">more</a> or <a href=\"https://example.org/book\">book</a>.</p>",
            ),
            &TimeZone::UTC,
            60,
        );
        assert_eq!(
            r.links,
            vec![
                "https://example.org/book",
                "https://example.org/events/x/",
                "https://example.org/more"
            ]
        );
        let text = r.to_plain();
        assert!(text.contains("more [3]"), "{text}");
        assert!(text.contains("book [1]"), "{text}");
    }

    #[test]
    fn plain_text_keeps_paragraphs() {
        let text = render_event(&event("One & two\n\nThree"), &TimeZone::UTC, 40).to_plain();
        assert!(text.contains("One & two\n\nThree"), "{text}");
    }
}
