//! Finding a site's sources from its home page, as real sites mark them up.

mod common;

use std::sync::Arc;

use newsroom::config::Config;
use newsroom::fetch::discover::discover;
use newsroom::serve::{Request, Response, Server};

/// The head WordPress 6 with The Events Calendar writes, `{o}` for the origin.
const WP_HOME: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8" />
<title>Harbour Arts &#8211; Culture across the Indian Ocean</title>
<meta property="og:site_name" content="Harbour Arts" />
<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="Harbour Arts &raquo; Feed" href="{o}/feed/" />
<link rel="alternate" type="application/rss+xml" title="Harbour Arts &raquo; Comments Feed" href="{o}/comments/feed/" />
<link rel="alternate" type="text/calendar" title="Harbour Arts &raquo; iCal Feed" href="{o}/events/?ical=1" />
<link rel="https://api.w.org/" href="{o}/wp-json/" /><link rel="alternate" title="JSON" type="application/json" href="{o}/wp-json/wp/v2/pages/5" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{o}/xmlrpc.php?rsd" />
<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" href="{o}/wp-json/oembed/1.0/embed?url=%2F" />
</head><body class="home page-template-default"><a href="{o}/events/">Events</a></body></html>"#;

const NAMESPACES: &str = r#"{"name":"Harbour Arts","url":"{o}","namespaces":["oembed\/1.0","tribe\/events\/v1","tribe\/views\/v2","wp\/v2","wp-site-health\/v1"],"routes":{}}"#;

fn server(home: &'static str, api: Option<&'static str>, link_header: bool) -> Server {
    let origin = Arc::new(std::sync::OnceLock::<String>::new());
    let o = origin.clone();
    let s = Server::start(Arc::new(move |req: &Request| {
        let origin = o.get().cloned().unwrap_or_default();
        match (req.path.as_str(), api) {
            ("/", _) => {
                let r = Response::ok("text/html; charset=UTF-8", home.replace("{o}", &origin));
                if link_header {
                    r.with_header(
                        "Link",
                        &format!("<{origin}/wp-json/>; rel=\"https://api.w.org/\""),
                    )
                } else {
                    r
                }
            }
            ("/wp-json/", Some(body)) => Response::ok(
                "application/json; charset=UTF-8",
                body.replace("{o}", &origin),
            ),
            _ => Response::not_found(),
        }
    }))
    .unwrap();
    let _ = origin.set(s.base_url());
    s
}

fn found(s: &Server) -> newsroom::fetch::discover::Discovered {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(discover(&format!("{}/", s.base_url())))
        .unwrap()
}

#[test]
fn wordpress_with_rest_and_the_events_calendar() {
    let s = server(WP_HOME, Some(NAMESPACES), true);
    let o = s.base_url();
    let d = found(&s);
    assert_eq!(d.name, "Harbour Arts");
    assert_eq!(
        d.articles,
        vec![
            format!("{o}/feed/"),
            format!("{o}/wp-json/wp/v2/posts?_embed&per_page=20")
        ]
    );
    assert_eq!(
        d.events,
        vec![
            format!("{o}/events/?ical=1"),
            format!("{o}/wp-json/tribe/events/v1/events")
        ]
    );
    // The block it prints is a valid config.
    let cfg = Config::parse(std::path::Path::new("pasted.toml"), &d.to_toml()).unwrap();
    assert_eq!(cfg.sites[0].articles, d.articles);
}

#[test]
fn wordpress_with_rest_switched_off() {
    const HOME: &str = r#"<html><head><title>Quiet Press | News</title>
<link rel="alternate" type="application/rss+xml" title="Quiet Press &raquo; Feed" href="{o}/feed/" />
<link rel="alternate" type="application/rss+xml" title="Quiet Press &raquo; Comments Feed" href="{o}/comments/feed/" />
</head><body></body></html>"#;
    let s = server(HOME, None, false);
    let d = found(&s);
    assert_eq!(d.articles, vec![format!("{}/feed/", s.base_url())]);
    assert!(d.events.is_empty());
    assert_eq!(d.name, "Quiet Press");
}

#[test]
fn a_site_with_only_an_atom_link() {
    const HOME: &str = r#"<!doctype html><html><head><title>Notes</title>
<link href="/atom.xml" rel="alternate" title="Notes" type="application/atom+xml">
</head><body><p>Hello</p></body></html>"#;
    let s = server(HOME, None, false);
    let d = found(&s);
    assert_eq!(d.articles, vec![format!("{}/atom.xml", s.base_url())]);
    assert!(d.events.is_empty());
}

#[test]
fn a_site_with_an_icalendar_link() {
    const HOME: &str = r#"<html><head><title>Lunchtime Talks</title>
<link rel="alternate" type="application/feed+json" title="JSON Feed" href="/feed.json">
</head><body><p><a href="webcal://calendar.example/talks.ics">Subscribe to the talks calendar</a></p></body></html>"#;
    let s = server(HOME, None, false);
    let d = found(&s);
    assert_eq!(d.articles, vec![format!("{}/feed.json", s.base_url())]);
    assert_eq!(
        d.events,
        vec!["https://calendar.example/talks.ics".to_string()]
    );
}

#[test]
fn discover_command_prints_a_site_block() {
    let s = server(WP_HOME, Some(NAMESPACES), false);
    let env = common::Env::new(&[]);
    let out = env.ok(&["discover", &format!("{}/", s.base_url())]);
    assert!(
        out.starts_with("[[site]]\nname = \"Harbour Arts\""),
        "{out}"
    );
    assert!(out.contains("tribe/events/v1/events"), "{out}");
}
