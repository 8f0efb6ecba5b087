//! OPML out: every configured source, a folder per site.

use super::EVENTS_TYPE;
use crate::config::Config;

/// The config's sources as OPML 2.0: each site a folder holding its article
/// feeds (`type="rss"`) and its events sources (`type="events"`, which
/// `import-opml` reads back as events; other readers take them as feeds).
pub fn export(config: &Config) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>newsroom</title>\n",
    );
    out.push_str(&format!(
        "    <dateCreated>{}</dateCreated>\n  </head>\n  <body>\n",
        jiff::fmt::rfc2822::to_string(&jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC))
            .unwrap_or_default()
    ));
    for site in &config.sites {
        let name = attr(&site.name);
        out.push_str(&format!("    <outline text=\"{name}\" title=\"{name}\">\n"));
        let home = site
            .home
            .as_deref()
            .map(|h| format!(" htmlUrl=\"{}\"", attr(h)))
            .unwrap_or_default();
        for url in &site.articles {
            out.push_str(&format!(
                "      <outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"{home}/>\n",
                attr(url)
            ));
        }
        for url in &site.events {
            out.push_str(&format!(
                "      <outline type=\"{EVENTS_TYPE}\" text=\"{name} events\" title=\"{name} events\" xmlUrl=\"{}\"{home}/>\n",
                attr(url)
            ));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// An attribute value: markup escaped, line breaks as references, other
/// control characters (not allowed in XML 1.0) dropped.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    #[test]
    fn reads_back_what_it_writes() {
        let config = Config {
            sites: vec![SiteConfig {
                name: "Tom & Jerry's \"Blog\" <news>".into(),
                home: Some("https://example.org/?a=1&b=2".into()),
                articles: vec!["https://example.org/feed?x=1&y=2".into()],
                events: vec!["https://example.org/events/?ical=1".into()],
            }],
            ..Config::default()
        };
        let text = export(&config);
        let back = crate::opml::parse(text.as_bytes()).unwrap();
        assert!(back.skipped.is_empty(), "{:?}", back.skipped);
        assert_eq!(back.feeds.len(), 2);
        assert_eq!(back.feeds[0].url, "https://example.org/feed?x=1&y=2");
        assert_eq!(
            back.feeds[0].title.as_deref(),
            Some("Tom & Jerry's \"Blog\" <news>")
        );
        assert_eq!(
            back.feeds[0].home.as_deref(),
            Some("https://example.org/?a=1&b=2")
        );
        assert_eq!(back.feeds[1].role, crate::model::SourceRole::Events);
    }
}
