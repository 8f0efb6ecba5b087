//! A sync on a bad network stays short: a trickling source ends with its
//! timeout and is not asked again, a slow picture host costs one sync and
//! not every later one, a long `Retry-After` is reported rather than waited
//! for, `sync_deadline` ends a whole sync with what it fetched kept, and the
//! picture budget keeps the pictures of the newest articles.
//!
//! Servers on 127.0.0.1, the real binary. What is asserted is what was
//! fetched (the servers count requests); times are only generous bounds that
//! prove a sync ends.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};
use newsroom::store::Store;

const RSS: &str = "application/rss+xml; charset=UTF-8";
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/network/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The feed with its site and picture host filled in.
fn feed(base: &str, pix: &str) -> String {
    fixture("feed.xml")
        .replace("{BASE}", base)
        .replace("{PIX}", pix)
}

fn site(name: &str, articles: &[String], events: &[String]) -> SiteConfig {
    SiteConfig {
        name: name.into(),
        home: None,
        articles: articles.to_vec(),
        events: events.to_vec(),
    }
}

/// Settings written above the config's sites.
fn settle(env: &Env, settings: &str) {
    let cfg = std::fs::read_to_string(env.config()).unwrap();
    std::fs::write(env.config(), format!("{settings}\n{cfg}")).unwrap();
}

fn timed(env: &Env, args: &[&str]) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = env.run(args);
    (out, started.elapsed())
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The sync's line for the source at `path`.
fn line_for<'a>(err: &'a str, path: &str) -> &'a str {
    err.lines()
        .find(|l| l.contains(path))
        .unwrap_or_else(|| panic!("no line for {path} in:\n{err}"))
}

#[test]
fn a_trickling_feed_and_calendar_end_with_their_timeout_and_are_not_asked_twice() {
    let server = Server::start(Arc::new(|req: &Request| {
        let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        match req.path.as_str() {
            "/feed/" => {
                Response::ok(RSS, feed(&base, &base)).trickled(1, Duration::from_millis(700))
            }
            "/events.ics" => Response::ok("text/calendar; charset=utf-8", fixture("calendar.ics"))
                .trickled(1, Duration::from_millis(700)),
            _ => Response::not_found(),
        }
    }))
    .unwrap();
    let base = server.base_url();
    let env = Env::new(&[site(
        "Harbour",
        &[format!("{base}/feed/")],
        &[format!("{base}/events.ics")],
    )]);
    let fetch_timeout = 3;
    settle(&env, &format!("fetch_timeout = {fetch_timeout}"));

    let (out, took) = timed(&env, &["sync"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for path in ["/feed/", "/events.ics"] {
        let line = line_for(&err, path);
        assert!(
            line.contains("FAILED") && line.contains("timed out after 3 s"),
            "{line}"
        );
        assert_eq!(
            server.hits(path),
            1,
            "a request that timed out is sent once"
        );
    }
    assert!(
        took < Duration::from_secs(fetch_timeout + 5),
        "the sync took {took:?}:\n{err}"
    );
    let sites = env.ok(&["sites"]);
    assert!(sites.matches("FAILED: timed out").count() == 2, "{sites}");
}

#[test]
fn a_slow_picture_host_costs_one_sync_and_not_the_next() {
    let pix = Server::start(Arc::new(|_: &Request| {
        Response::ok("image/jpeg", vec![0xFF; 4096]).trickled(1, Duration::from_millis(500))
    }))
    .unwrap();
    let pix_base = pix.base_url();
    let published = SystemTime::now() - Duration::from_secs(3600);
    let server = Server::start(Arc::new(move |req: &Request| {
        let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        match req.path.as_str() {
            "/feed/" => Response::static_file(RSS, feed(&base, &pix_base), published),
            // The excerpt's page: the site is having a bad day.
            "/2026/11/fish-market/" => {
                Response::ok("text/html", "<h1>Service Unavailable</h1>").with_status(503)
            }
            _ => Response::not_found(),
        }
    }))
    .unwrap();
    let base = server.base_url();
    let env = Env::new(&[site("Harbour", &[format!("{base}/feed/")], &[])]);
    settle(&env, "fetch_timeout = 10\npicture_timeout = 2");

    let (first, took) = timed(&env, &["sync"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        took < Duration::from_secs(10 + 2 + 10),
        "the first sync took {took:?}"
    );
    let pictures_asked = pix.total_requests();
    let page_asked = server.hits("/2026/11/fish-market/");
    assert!(pictures_asked >= 1 && page_asked >= 1);

    let sites = env.ok(&["sites"]);
    assert!(
        sites.contains("1 page, 1 picture failed, waiting; next try in 60 min"),
        "{sites}"
    );

    let (second, took_again) = timed(&env, &["sync"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(server.not_modified(), 1, "the feed is unchanged");
    assert_eq!(
        pix.total_requests(),
        pictures_asked,
        "the picture that timed out waits before it is tried again"
    );
    assert_eq!(
        server.hits("/2026/11/fish-market/"),
        page_asked,
        "the page that failed waits too"
    );
    eprintln!("first sync {took:?}, next sync of the unchanged site {took_again:?}");
    // What was had is kept and readable: the body, the caption of the
    // picture that never came.
    let listed = env.json(&["articles", "--json"]);
    let night = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Night boats on the estuary")
        .unwrap();
    let text = env.ok(&["read", night["id"].as_str().unwrap()]);
    assert!(text.contains("sodium lights"), "{text}");
}

#[test]
fn a_long_retry_after_ends_the_source_at_once_and_says_how_long() {
    let server = Server::start(Arc::new(|req: &Request| match req.path.as_str() {
        "/feed/" => Response::ok("text/html", "<p>Slow down</p>")
            .with_status(429)
            .with_header("Retry-After", "3600"),
        _ => Response::not_found(),
    }))
    .unwrap();
    let base = server.base_url();
    let env = Env::new(&[site("Harbour", &[format!("{base}/feed/")], &[])]);

    let (out, took) = timed(&env, &["sync"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = line_for(&err, "/feed/");
    assert!(
        line.contains("HTTP 429") && line.contains("the server asks to wait 1 h"),
        "{line}"
    );
    assert_eq!(server.hits("/feed/"), 1, "not asked again within the sync");
    assert!(took < Duration::from_secs(15), "the sync took {took:?}");
}

#[test]
fn sync_deadline_ends_a_sync_of_slow_sources_with_what_it_fetched_kept() {
    let slow = Arc::new(AtomicBool::new(false));
    let turn = slow.clone();
    let server = Server::start(Arc::new(move |req: &Request| {
        let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        let path = req.path.as_str();
        if path.starts_with("/pix/") {
            return Response::ok("image/gif", GIF);
        }
        let Some(prefix) = path.strip_suffix("/feed/") else {
            return Response::not_found();
        };
        let body = feed(&format!("{base}{prefix}"), &format!("{base}/pix"));
        let resp = Response::ok(RSS, body);
        if prefix.starts_with("/slow") && turn.load(Ordering::SeqCst) {
            resp.trickled(1, Duration::from_millis(500))
        } else {
            resp
        }
    }))
    .unwrap();
    let base = server.base_url();
    let mut sites = vec![site("Quick", &[format!("{base}/quick/feed/")], &[])];
    for n in 0..6 {
        sites.push(site(
            &format!("Slow {n}"),
            &[format!("{base}/slow{n}/feed/")],
            &[],
        ));
    }
    let env = Env::new(&sites);
    let deadline = 4;
    settle(
        &env,
        &format!("sync_deadline = {deadline}\nfetch_timeout = 30\nconcurrency = 2"),
    );
    let first = env.run(&["sync"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = env.json(&["articles", "--json"]);
    let ids: Vec<String> = before
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 14);
    let store = Store::open(&env.db()).unwrap();
    store.set_read(&ids[0], true).unwrap();
    store.set_saved(&ids[1], true).unwrap();
    drop(store);

    slow.store(true, Ordering::SeqCst);
    let (out, took) = timed(&env, &["sync"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        took < Duration::from_secs(deadline + 6),
        "the sync took {took:?}:\n{err}"
    );
    assert!(
        line_for(&err, "/quick/feed/").contains("ok"),
        "the quick source is fetched:\n{err}"
    );
    assert!(
        err.contains("not fetched: the sync's deadline (sync_deadline) had passed"),
        "{err}"
    );
    // Every slow source was cut or never started, not waited for.
    assert_eq!(err.matches("FAILED").count(), 6, "{err}");

    let store = Store::open(&env.db()).unwrap();
    store.integrity_check().unwrap();
    let after = env.json(&["articles", "--json"]);
    assert_eq!(
        after.as_array().unwrap().len(),
        14,
        "nothing cached is lost"
    );
    let flag = |id: &str, field: &str| {
        after
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a[field] == true)
    };
    assert_eq!(flag(&ids[0], "read"), Some(true));
    assert_eq!(flag(&ids[1], "saved"), Some(true));
}

/// A full body long enough not to pass for an excerpt, with one picture.
fn item(base: &str, n: usize, day: usize) -> String {
    let words =
        "The tide came in over the mud flats while the gulls argued about the last of the light. "
            .repeat(8);
    format!(
        r#"<item><title>Tide table {n}</title><link>{base}/2026/11/tide-{n}/</link>
<guid isPermaLink="false">{base}/?p={n}</guid><pubDate>{day:02} Nov 2026 08:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{words}</p><figure class="wp-block-image"><img src="{base}/pix/tide-{n}.gif" alt="Tide {n}"/></figure><p>{words}</p>]]></content:encoded></item>"#
    )
}

#[test]
fn the_picture_budget_keeps_the_newest_articles_pictures_and_fetches_no_more() {
    let picture = Arc::new({
        let mut p = GIF.to_vec();
        p.resize(400_000, 0);
        p
    });
    let served = picture.clone();
    let server = Server::start(Arc::new(move |req: &Request| {
        let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        match req.path.as_str() {
            "/feed/" => {
                let items: String = (1..=5).map(|n| item(&base, n, 20 + n)).collect();
                Response::static_file(
                    RSS,
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Tides</title><link>{base}/</link><description>t</description>{items}</channel></rss>"#
                    ),
                    SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000),
                )
            }
            p if p.starts_with("/pix/") => Response::ok("image/gif", served.as_slice()),
            _ => Response::not_found(),
        }
    }))
    .unwrap();
    let base = server.base_url();
    let env = Env::new(&[site("Tides", &[format!("{base}/feed/")], &[])]);
    settle(&env, "image_budget_mb = 1\nconcurrency = 1");

    let out = env.run(&["sync"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let asked = |n: usize| server.hits(&format!("/pix/tide-{n}.gif"));
    // Newest first (tide 5 is the newest): three fill the megabyte, the
    // oldest two are never fetched only to be pruned.
    assert_eq!((1..=5).map(asked).collect::<Vec<_>>(), vec![0, 0, 1, 1, 1]);
    let store = Store::open(&env.db()).unwrap();
    let cached = |n: usize| {
        store
            .has_image(&format!("{base}/pix/tide-{n}.gif"))
            .unwrap()
    };
    assert!(
        cached(5) && cached(4),
        "the newest articles keep their pictures"
    );
    assert!(
        !cached(3),
        "the oldest picture fetched went to fit the budget"
    );
    drop(store);

    let out = env.run(&["sync"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        (1..=5).map(asked).collect::<Vec<_>>(),
        vec![0, 0, 1, 1, 1],
        "the next sync fetches nothing the budget has no room for"
    );
    assert_eq!(picture.len(), 400_000);
}
