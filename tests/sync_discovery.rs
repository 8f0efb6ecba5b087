//! A site's sources out of the box: what a site does not list is found on
//! its home page, remembered, and looked for again weekly; and what a
//! source skipped is said, with its reason, by `sync` and `sites`.

mod common;

use std::sync::Arc;

use common::Env;
use jiff::{SignedDuration, Timestamp};
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};
use newsroom::store::Store;

fn sync(env: &Env) -> String {
    let out = env.run(&["sync"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "sync failed:\n{err}");
    err
}

#[test]
fn a_site_listing_only_its_feed_gets_its_events_from_the_home_page() {
    let demo = newsroom::demo::start().unwrap();
    let base = demo.server.base_url();
    let env = Env::new(&[SiteConfig {
        name: "Meridian House".into(),
        home: Some(format!("{base}/")),
        articles: vec![format!("{base}/feed/")],
        events: vec![],
    }]);
    sync(&env);
    assert_eq!(demo.server.hits("/"), 1);
    let events = env.json(&["events", "--json", "--all"]);
    assert!(
        !events.as_array().unwrap().is_empty(),
        "no events after the first sync"
    );
    let sites = env.ok(&["sites"]);
    assert!(
        sites.contains(&format!(
            "events    {base}/events/?ical=1  (found on the home page)"
        )),
        "{sites}"
    );
    assert!(
        sites.contains("found     events on the home page just now"),
        "{sites}"
    );
    assert!(sites.contains("looked at again in 7 days"), "{sites}");

    // Within the week the home page is not asked again; what it named is.
    let before = demo.server.hits("/wp-json/tribe/events/v1/events");
    sync(&env);
    assert_eq!(demo.server.hits("/"), 1, "the home page was fetched again");
    assert!(demo.server.hits("/wp-json/tribe/events/v1/events") > before);

    // A week on, it is.
    {
        let store = Store::open(&env.db()).unwrap();
        let mut d = store.discovery("Meridian House").unwrap().unwrap();
        let long_ago = Timestamp::now() - SignedDuration::from_hours(8 * 24);
        d.checked = Some(long_ago);
        d.tried = Some(long_ago);
        store.save_discovery(&d).unwrap();
    }
    sync(&env);
    assert_eq!(demo.server.hits("/"), 2);
}

#[test]
fn a_site_listing_only_its_calendar_gets_its_articles_from_the_home_page() {
    let demo = newsroom::demo::start().unwrap();
    let base = demo.server.base_url();
    let env = Env::new(&[SiteConfig {
        name: "Meridian House".into(),
        home: Some(format!("{base}/")),
        articles: vec![],
        events: vec![format!("{base}/events/?ical=1")],
    }]);
    sync(&env);
    let articles = env.json(&["articles", "--json"]);
    assert!(!articles.as_array().unwrap().is_empty());
    let sites = env.ok(&["sites"]);
    assert!(
        sites.contains(&format!("articles  {base}/feed/  (found on the home page)")),
        "{sites}"
    );
    // The calendar it lists is fetched, and not taken from the home page.
    assert!(!sites.contains("tribe/events/v1/events"), "{sites}");
}

#[test]
fn a_site_that_lists_both_never_fetches_its_home_page() {
    let demo = newsroom::demo::start().unwrap();
    let env = Env::new(&[demo.site()]);
    sync(&env);
    assert_eq!(demo.server.hits("/"), 0);
}

/// A calendar at `/events.ics`; every other page, the home page included, 404.
fn calendar_only_server() -> Server {
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/events/skips.ics"
    ))
    .unwrap();
    Server::start(Arc::new(move |req: &Request| match req.path.as_str() {
        "/events.ics" => Response::ok("text/calendar", body.clone()),
        _ => Response::not_found(),
    }))
    .unwrap()
}

#[test]
fn a_home_page_that_fails_does_not_fail_the_sources_the_site_lists() {
    let server = calendar_only_server();
    let base = server.base_url();
    let env = Env::new(&[SiteConfig {
        name: "Harbour Arts".into(),
        home: Some(format!("{base}/")),
        articles: vec![],
        events: vec![format!("{base}/events.ics")],
    }]);
    let err = sync(&env);
    assert!(
        err.contains(&format!(
            "Harbour Arts  {base}/  could not look for sources there: HTTP 404"
        )),
        "{err}"
    );
    let sites = env.ok(&["sites"]);
    assert!(sites.contains("FAILED: HTTP 404"), "{sites}");
    // Asked again on the next sync, as it never answered.
    sync(&env);
    assert_eq!(server.hits("/"), 2);
}

#[test]
fn skipped_events_are_counted_and_their_reasons_shown() {
    let server = calendar_only_server();
    let url = format!("{}/events.ics", server.base_url());
    let env = Env::new(&[SiteConfig {
        name: "Harbour Arts".into(),
        home: None,
        articles: vec![],
        events: vec![url.clone()],
    }]);
    let err = sync(&env);
    assert!(
        err.contains("1 new, 0 updated, 0 unchanged, 2 skipped"),
        "{err}"
    );
    assert!(
        err.contains(&format!("Harbour Arts  {url}  2 warnings:")),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: event \"Recital in the year typo\": skipped, its year 3027 is absurd"
        ),
        "{err}"
    );
    assert!(err.contains("\"Date to be confirmed\""), "{err}");

    let sites = env.ok(&["sites"]);
    assert!(
        sites.contains("ok, 1 items · 2 skipped with warnings"),
        "{sites}"
    );
    assert!(
        sites.contains(
            "warning: event \"Recital in the year typo\": skipped, its year 3027 is absurd"
        ),
        "{sites}"
    );
}
