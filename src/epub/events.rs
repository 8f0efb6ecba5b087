//! The upcoming events as the book's last chapter: when (in the venue's own
//! zone), where, what it costs, where to book.

use crate::model::{Event, EventStatus};
use crate::render::event::when_in_own_zone;
use crate::render::sanitize::clean_line;
use crate::render::xhtml::esc;

fn web_link(url: &str) -> Option<String> {
    let url = clean_line(url);
    url::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| u.to_string())
}

pub fn chapter(events: &[Event]) -> String {
    let mut out = String::from("<h1>Upcoming events</h1>\n");
    for e in events {
        let title = clean_line(&e.title);
        out.push_str("<section class=\"event\">\n");
        out.push_str(&format!(
            "<h2>{}</h2>\n",
            esc(if title.is_empty() {
                "(untitled)"
            } else {
                &title
            })
        ));
        if e.status == EventStatus::Cancelled {
            out.push_str("<p><strong>Cancelled</strong></p>\n");
        }
        out.push_str(&format!(
            "<p class=\"meta\">{}</p>\n",
            esc(&when_in_own_zone(e))
        ));
        let place: Vec<String> = [&e.venue, &e.address]
            .into_iter()
            .flatten()
            .map(|s| clean_line(s))
            .filter(|s| !s.is_empty())
            .collect();
        if !place.is_empty() {
            let lines: Vec<String> = place.iter().map(|s| esc(s)).collect();
            out.push_str(&format!("<p>{}</p>\n", lines.join("<br/>")));
        }
        if let Some(price) = e.price.as_deref().map(clean_line).filter(|p| !p.is_empty()) {
            out.push_str(&format!("<p>Price: {}</p>\n", esc(&price)));
        }
        let booking = e.booking_url.as_deref().and_then(web_link);
        let page = e.url.as_deref().and_then(web_link);
        for (label, url) in [("Book", booking.as_ref()), ("Details", page.as_ref())] {
            if let Some(u) = url {
                out.push_str(&format!(
                    "<p>{label}: <a href=\"{0}\">{0}</a></p>\n",
                    esc(u)
                ));
            }
            if booking.is_some() && booking == page {
                break;
            }
        }
        out.push_str("</section>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_says_when_in_its_own_zone_where_and_how_to_book() {
        let zone = jiff::tz::TimeZone::get("Asia/Singapore").unwrap();
        let start = jiff::civil::datetime(2026, 7, 14, 18, 30, 0, 0)
            .to_zoned(zone)
            .unwrap();
        let e = Event {
            title: "Talk <b>& tea".into(),
            start: Some(start),
            timezone: Some("Asia/Singapore".into()),
            venue: Some("The Hall".into()),
            address: Some("1 Road\u{1b}[2J, Singapore".into()),
            price: Some("Free".into()),
            booking_url: Some("https://example.org/book?a=1&b=2".into()),
            url: Some("javascript:alert(1)".into()),
            ..Event::default()
        };
        let x = chapter(&[e]);
        assert!(x.contains("<h2>Talk &lt;b&gt;&amp; tea</h2>"), "{x}");
        assert!(x.contains("Tuesday 14 July 2026, 18:30"), "{x}");
        assert!(x.contains("Asia/Singapore"));
        assert!(x.contains("<p>The Hall<br/>1 Road, Singapore</p>"), "{x}");
        assert!(x.contains("Price: Free"));
        assert!(x.contains("href=\"https://example.org/book?a=1&amp;b=2\""));
        assert!(!x.contains("javascript"));
    }
}
