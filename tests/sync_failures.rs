//! Sources that fail, each its own way: the failure is recorded for that
//! source, the others still sync, and nothing cached before is lost.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};

const GOOD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Good</title><link>https://good.example/</link><description>d</description>
<item><title>First good story</title><link>https://good.example/2026/11/first/</link>
<guid isPermaLink="false">https://good.example/?p=1</guid><dc:creator><![CDATA[Ann Lee]]></dc:creator>
<pubDate>Tue, 24 Nov 2026 09:00:00 +0000</pubDate><description><![CDATA[Summary one [&#8230;]]]></description>
<content:encoded><![CDATA[<p>Body of the first story, long enough to read.</p>]]></content:encoded></item>
<item><title>Second good story</title><link>https://good.example/2026/11/second/</link>
<guid isPermaLink="false">https://good.example/?p=2</guid>
<pubDate>Wed, 25 Nov 2026 09:00:00 +0000</pubDate><description><![CDATA[Summary two]]></description>
<content:encoded><![CDATA[<p>Body of the second story.</p>]]></content:encoded></item>
</channel></rss>"#;

fn hostile_server(broken: Arc<AtomicBool>) -> Server {
    Server::start(Arc::new(move |req: &Request| match req.path.as_str() {
        "/good.xml" if broken.load(Ordering::SeqCst) => {
            Response::ok("application/rss+xml", &GOOD[..GOOD.len() / 2])
        }
        "/good.xml" => Response::ok("application/rss+xml", GOOD),
        "/html" => Response::ok(
            "text/html",
            "<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>",
        ),
        "/broken.xml" => Response::ok(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss><channel><item><title>Cut",
        ),
        "/error" => Response::new(500),
        "/slow" => Response::ok("application/rss+xml", GOOD).trickled(8, Duration::from_secs(1)),
        _ => Response::not_found(),
    }))
    .unwrap()
}

#[test]
fn each_failing_source_is_recorded_and_the_rest_sync() {
    let broken = Arc::new(AtomicBool::new(false));
    let server = hostile_server(broken.clone());
    let base = server.base_url();
    let site = |name: &str, path: &str| SiteConfig {
        name: name.into(),
        home: None,
        articles: vec![format!("{base}{path}")],
        events: vec![],
    };
    let env = Env::new(&[
        site("Good", "/good.xml"),
        site("Missing", "/missing"),
        site("Html", "/html"),
        site("Broken", "/broken.xml"),
        site("Erroring", "/error"),
        site("Slow", "/slow"),
    ]);
    let mut cfg = std::fs::read_to_string(env.config()).unwrap();
    cfg.insert_str(0, "fetch_timeout = 3\n");
    std::fs::write(env.config(), cfg).unwrap();

    let started = Instant::now();
    let out = env.run(&["sync"]);
    assert_eq!(out.status.code(), Some(1), "some sources failed: exit 1");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "a slow source held the sync up"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in ["404", "HTML page", "malformed", "500", "timed out"] {
        assert!(
            err.to_lowercase().contains(&needle.to_lowercase()),
            "no {needle:?} in:\n{err}"
        );
    }
    let listed = env.json(&["articles", "--json"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        2,
        "the good source's articles are stored"
    );

    let sites = env.ok(&["sites"]);
    assert!(sites.contains("FAILED: HTTP 404"), "{sites}");
    assert!(sites.contains("ok, 2 items"), "{sites}");

    // The good source breaks: its articles stay cached.
    broken.store(true, Ordering::SeqCst);
    let out = env.run(&["sync", "--site", "Good"]);
    assert_eq!(out.status.code(), Some(1));
    let listed = env.json(&["articles", "--json"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        2,
        "cached articles survive a broken feed"
    );
}
