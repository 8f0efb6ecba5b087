//! Feeds as real publishers write them: a bad field, an old format, a
//! date in another language or no charset never costs the feed, and every
//! field is read the way the feed meant it, or left empty when it cannot be
//! known for sure.

mod common;
mod parse_support;

use std::sync::Arc;

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};
use parse_support::*;

fn titles(batch: &newsroom::parse::ArticleBatch) -> Vec<&str> {
    batch.articles.iter().map(|a| a.title.as_str()).collect()
}

#[test]
fn json_feed_with_wrong_field_types_keeps_every_item() {
    let batch = parse(
        "feeds/lenient/json-feed-sloppy.json",
        Some("application/feed+json"),
        "https://harbour.example/feed.json",
    );
    assert_eq!(batch.format, "json-feed");
    assert_eq!(batch.articles.len(), 3, "{:?}", batch.warnings);

    let a = by_url(&batch, "https://harbour.example/shows/101");
    assert_eq!(a.guid.as_deref(), Some("101"));
    // A JSON Feed title is plain text: `<i>` is two characters.
    assert_eq!(a.title, "Why <i> is not markup & never was");
    // A string where a list belongs is one tag.
    assert_eq!(a.categories, ["podcast"]);
    // JSON Feed 1.1 `authors` before the deprecated `author`.
    assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(a.published, ts("2024-10-15T06:30:00Z"));

    let b = by_url(&batch, "https://harbour.example/shows/b2");
    assert!(b.categories.is_empty());
    assert_eq!(b.author.as_deref(), Some("Desk Team"), "the feed's author");
    // No offset: the zone the feed's other dates name (+02:00).
    assert_eq!(b.published, ts("2024-10-16T06:30:00Z"));
    assert_eq!(
        b.content_html.as_deref(),
        Some("<p>Plain notes.</p>"),
        "content_text"
    );

    let c = by_url(&batch, "https://harbour.example/shows/c3");
    assert_eq!(c.published, None, "an unreadable date is no date");
    assert!(!c.url.contains("cdn."), "an attachment is not the link");

    let warnings = batch.warnings.join("\n");
    for needle in [
        "http://",
        "tags given as one string",
        "title that is not a string",
        "tags that are not a list",
        "not an object",
        "date that cannot be read",
    ] {
        assert!(warnings.contains(needle), "no {needle:?} in {warnings}");
    }
}

#[test]
fn atom_with_odd_types_and_every_kind_of_link() {
    let batch = parse(
        "feeds/lenient/atom-sloppy.xml",
        Some("application/atom+xml"),
        "https://blog.example/feed.atom",
    );
    assert_eq!(batch.format, "atom");
    assert_eq!(
        titles(&batch),
        ["An XHTML title", "Plain <b> stays text", "Unclosed markup"]
    );
    let [one, two, three] = &batch.articles[..] else {
        panic!("{:?}", titles(&batch))
    };
    // The alternate link, resolved against xml:base; never self, related,
    // via, license, an enclosure or the comments.
    assert_eq!(one.url, "https://blog.example/2024/e1.html");
    // RFC 4287 §4.1.2: an entry without an author has its feed's.
    assert_eq!(one.author.as_deref(), Some("Feed Desk"));
    // A stray `&` and an HTML entity XML does not know cost nothing.
    assert_eq!(one.summary, "Q&A with the team today");
    assert_eq!(one.published, ts("2024-10-14T08:00:00Z"));
    assert_eq!(one.updated, ts("2024-10-15T08:00:00Z"));
    assert!(
        one.content_html
            .as_deref()
            .is_some_and(|c| c.contains("Plain content, no type."))
    );

    // The first rel-less link that is http(s).
    assert_eq!(two.url, "https://blog.example/2024/e2.html");
    assert_eq!(two.author.as_deref(), Some("Kai Berg"));
    assert!(
        two.content_html
            .as_deref()
            .is_some_and(|c| c.contains("Decoded from base64")),
        "{:?}",
        two.content_html
    );

    // Two different <updated>: no date is better than a wrong one.
    assert_eq!(three.published, None);
    assert!(
        three
            .content_html
            .as_deref()
            .is_some_and(|c| c.contains("<b>bold</b>"))
    );
    assert!(batch.warnings.iter().any(|w| w.contains("base64")));
}

#[test]
fn atom_0_3_is_read() {
    let batch = parse(
        "feeds/lenient/atom03.xml",
        None,
        "http://oldblog.example/atom.xml",
    );
    assert_eq!(batch.format, "atom");
    assert_eq!(batch.articles.len(), 2);
    let tea = by_url(&batch, "http://oldblog.example/2005/03/tea.html");
    assert_eq!(tea.title, "Tea & biscuits");
    assert_eq!(tea.author.as_deref(), Some("Old Blogger"));
    assert_eq!(tea.published, ts("2005-03-01T15:00:00Z"));
    assert_eq!(tea.updated, ts("2005-03-01T16:30:00Z"));
    assert!(
        tea.content_html
            .as_deref()
            .unwrap()
            .contains("<b>escaped</b>")
    );
    let b64 = by_url(&batch, "http://oldblog.example/2005/02/b64.html");
    assert_eq!(b64.author.as_deref(), Some("Guest Writer"));
    assert!(
        b64.content_html
            .as_deref()
            .unwrap()
            .contains("Hello from base64")
    );
    // Atom 0.3's <issued> may leave out the zone, meaning the publisher's
    // local time: the zone the feed's other dates name (-05:00).
    assert_eq!(b64.published, ts("2005-02-20T14:00:00Z"));
}

#[test]
fn rss_0_90_userland_and_about_only_rdf_are_read() {
    let old = parse("feeds/lenient/rss090.rdf", None, "http://era.example/rss");
    assert_eq!(titles(&old), ["First headline", "Second headline"]);
    assert_eq!(old.articles[0].url, "http://era.example/1.html");

    let userland = parse(
        "feeds/lenient/rss-userland.xml",
        None,
        "http://scripting.example/rss.xml",
    );
    let a = by_url(&userland, "http://scripting.example/2004/01/01.html");
    assert_eq!(a.title, "Namespaced item");
    assert_eq!(a.author.as_deref(), Some("Dave Writer"));
    assert_eq!(a.published, ts("2004-01-01T09:15:00Z"));

    let about = parse(
        "feeds/lenient/rdf-about-only.rdf",
        None,
        "https://planet.example/rss10.xml",
    );
    assert_eq!(about.articles.len(), 2, "{:?}", about.warnings);
    let a = by_url(&about, "https://planet.example/a");
    assert_eq!(a.author.as_deref(), Some("Ola Nordmann"));
    assert_eq!(a.published, ts("2024-10-15T07:00:00Z"));
    let b = by_url(&about, "https://planet.example/b");
    assert_eq!(b.published, ts("2024-10-13T23:00:00Z"));
}

#[test]
fn real_world_rss_dates_authors_titles_and_links() {
    let batch = parse(
        "feeds/lenient/rss-real-world.xml",
        Some("application/rss+xml; charset=UTF-8"),
        "https://crier.example/feed/",
    );
    assert_eq!(batch.articles.len(), 7, "{:?}", batch.warnings);
    let get = |n: u32| by_url(&batch, &format!("https://crier.example/news/{n}"));

    let one = get(1);
    assert_eq!(one.published, ts("2024-10-15T08:30:00Z"));
    assert_eq!(one.author.as_deref(), Some("Edith Editor"));
    assert_eq!(one.url, "https://crier.example/news/1", "not the comments");

    let two = get(2);
    assert_eq!(two.published, ts("2024-10-15T08:30:00Z"));
    assert_eq!(two.author.as_deref(), Some("Nested Name"));

    let three = get(3);
    assert_eq!(three.published, ts("2024-11-05T14:05:00Z"));
    assert_eq!(three.author.as_deref(), Some("Pod Host"));

    let four = get(4);
    assert_eq!(four.published, ts("2024-10-15T08:30:00Z"));
    assert_eq!(four.author.as_deref(), Some("Dee Creator"));

    // No offset: the feed's zone, here UTC.
    assert_eq!(get(5).published, ts("2024-10-15T08:30:00Z"));
    assert_eq!(
        get(5).author,
        None,
        "the channel's itunes:author is not the item's"
    );
    assert_eq!(get(6).published, None, "31 February is no date");

    let picture = by_url(&batch, "https://crier.example/pictures/7");
    assert_eq!(picture.title, "Picture of the day");
    assert_eq!(
        picture.featured.as_ref().map(|i| i.url.as_str()),
        Some("https://cdn.crier.example/7.jpg")
    );
}

#[test]
fn undeclared_windows_1252_is_not_replacement_characters() {
    let batch = parse(
        "feeds/lenient/windows-1252-undeclared.xml",
        Some("application/xml"),
        "https://gazette.example/rss",
    );
    let a = by_url(&batch, "https://gazette.example/1");
    assert_eq!(a.title, "Café “quoted” – naïve");
    assert_eq!(a.summary, "Crème brûlée …");
}

/// Through the real binary: feeds that were refused whole are synced, every
/// item stored, the repairs counted, nothing printed that drives a terminal.
#[test]
fn sync_keeps_feeds_with_bad_fields() {
    // Links point back at the server, so the page prefetch stays on loopback.
    let base_slot: Arc<std::sync::OnceLock<String>> = Arc::default();
    let slot = base_slot.clone();
    let served = move |path: &str, host: &str| {
        let text = String::from_utf8(fixture(path)).unwrap();
        text.replace(host, slot.get().unwrap())
    };
    let server = Server::start(Arc::new(move |req: &Request| match req.path.as_str() {
        "/feed.json" => Response::ok(
            "application/feed+json",
            served(
                "feeds/lenient/json-feed-sloppy.json",
                "https://harbour.example",
            ),
        ),
        "/feed.atom" => Response::ok(
            "application/atom+xml",
            served("feeds/lenient/atom-sloppy.xml", "https://blog.example"),
        ),
        _ => Response::not_found(),
    }))
    .unwrap();
    let base = server.base_url();
    base_slot
        .set(base.trim_end_matches('/').to_string())
        .unwrap();
    let site = |name: &str, path: &str| SiteConfig {
        name: name.into(),
        home: None,
        articles: vec![format!("{}{path}", base.trim_end_matches('/'))],
        events: vec![],
    };
    let env = Env::new(&[site("Harbour", "/feed.json"), site("Notes", "/feed.atom")]);
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "sync: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = env.json(&["articles", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 6, "{listed:#}");
    let sites = env.ok(&["sites"]);
    assert!(!common::has_control(&sites));
    assert!(!sites.contains("FAILED"), "{sites}");
}
