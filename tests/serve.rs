//! The loopback server and the bundled sample site, over real sockets.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use newsroom::demo::{self, PLACEHOLDER_ORIGIN};
use newsroom::serve::{Request, Response, Server};

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    s
}

/// Read one response off a stream: head, then Content-Length bytes (none
/// for HEAD and 304).
fn read_reply(s: &mut TcpStream, head_only: bool) -> Reply {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = s.read(&mut byte).expect("read head");
        assert_eq!(
            n,
            1,
            "connection closed mid-head: {:?}",
            String::from_utf8_lossy(&head)
        );
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).expect("ascii head");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap_or("")
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if !head_only && status != 304 {
        let len: usize = reply
            .header("content-length")
            .expect("content-length")
            .parse()
            .expect("length");
        let mut body = vec![0; len];
        s.read_exact(&mut body).expect("read body");
        reply.body = body;
    }
    reply
}

fn request(addr: SocketAddr, method: &str, target: &str, extra: &[(&str, &str)]) -> Reply {
    let mut s = connect(addr);
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("write");
    read_reply(&mut s, method == "HEAD")
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target, &[])
}

/// Undo RFC 5545 folding on bytes, then decode.
fn unfold(body: &[u8]) -> String {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(b"\r\n ") || body[i..].starts_with(b"\r\n\t") {
            i += 3;
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("unfolded calendar is UTF-8")
}

fn origin_left(text: &str) -> bool {
    text.contains(PLACEHOLDER_ORIGIN)
        || text.contains("https:\\/\\/meridian.example")
        || text.contains("https%3A%2F%2Fmeridian.example")
}

#[test]
fn every_file_is_reachable_with_the_origin_rewritten() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let base = site.server.base_url();
    assert!(demo::files().len() > 50);
    for (file, bytes) in demo::files() {
        let target = demo::target_for(file);
        let r = get(addr, &target);
        assert_eq!(r.status, 200, "{file} at {target}");
        assert!(
            r.header("etag").is_some_and(|e| e.starts_with('"')),
            "{file}"
        );
        assert!(r.header("last-modified").is_some(), "{file}");
        if file.ends_with(".png") {
            assert_eq!(&r.body, bytes, "{file}");
            assert_eq!(r.header("content-type"), Some("image/png"));
            assert!(r.body.starts_with(b"\x89PNG\r\n\x1a\n"));
            continue;
        }
        let expected = demo::rewrite_origin_bytes(bytes, &base);
        let text = String::from_utf8_lossy(&r.body).into_owned();
        assert!(
            !origin_left(&text),
            "{file} still names the placeholder origin"
        );
        if file.ends_with(".embedded.json") {
            let mut spliced = b"\"_embedded\":".to_vec();
            spliced.extend_from_slice(&expected);
            assert!(
                r.body.windows(spliced.len()).any(|w| w == spliced),
                "{file}"
            );
        } else {
            assert_eq!(r.body, expected, "{file}");
        }
        if file.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}

#[test]
fn conditional_requests_get_304_and_are_counted() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let first = get(addr, "/feed/");
    assert_eq!(first.status, 200);
    assert_eq!(
        first.header("content-type"),
        Some("application/rss+xml; charset=UTF-8")
    );
    let etag = first.header("etag").expect("etag").to_string();
    let lm = first
        .header("last-modified")
        .expect("last-modified")
        .to_string();

    let by_etag = request(addr, "GET", "/feed/", &[("If-None-Match", &etag)]);
    assert_eq!(by_etag.status, 304);
    assert!(by_etag.header("content-length").is_none());
    assert_eq!(by_etag.header("etag"), Some(etag.as_str()));
    let by_date = request(addr, "GET", "/feed/", &[("If-Modified-Since", &lm)]);
    assert_eq!(by_date.status, 304);
    // A stale validator gets the full body; If-None-Match wins over the date.
    let stale = request(
        addr,
        "GET",
        "/feed/",
        &[("If-None-Match", "\"old\""), ("If-Modified-Since", &lm)],
    );
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body, first.body);
    let older = request(
        addr,
        "GET",
        "/feed/",
        &[("If-Modified-Since", "Mon, 02 Nov 2026 10:00:00 GMT")],
    );
    assert_eq!(older.status, 200);

    assert_eq!(site.server.not_modified(), 2);
    assert_eq!(site.server.hits("/feed/"), 5);
    assert_eq!(site.server.total_requests(), 5);
    let log = site.server.requests_log();
    assert_eq!(log.len(), 5);
    assert_eq!(log[0], ("GET /feed/".to_string(), None, None));
    assert_eq!(log[1].1.as_deref(), Some(etag.as_str()));
    assert_eq!(log[2].2.as_deref(), Some(lm.as_str()));
}

#[test]
fn head_sends_headers_without_a_body() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let full = get(addr, "/events/?ical=1");
    let head = request(addr, "HEAD", "/events/?ical=1", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );
    assert_eq!(head.header("etag"), full.header("etag"));
    assert!(head.body.is_empty());
    assert_eq!(site.server.hits("/events/?ical=1"), 2);
}

#[test]
fn unknown_paths_are_404() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let page = get(addr, "/no/such/page/");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("can&rsquo;t be found"));
    let rest = get(addr, "/wp-json/wp/v2/nothing");
    assert_eq!(rest.status, 404);
    assert!(rest.text().contains("rest_no_route"));
    assert_eq!(
        get(addr, "/wp-content/uploads/../../etc/passwd").status,
        404
    );
    assert_eq!(
        request(addr, "POST", "/feed/", &[("Content-Length", "0")]).status,
        405
    );
}

#[test]
fn garbage_does_not_kill_the_server() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let junk: [&[u8]; 6] = [
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/7.0\r\n\r\n",
        b"GET / HTTP/1.1\r\nBroken header line\r\n\r\n",
        b"\r\n\r\n\r\n",
        &[0xff; 70_000],
    ];
    for bytes in junk {
        let mut s = connect(addr);
        let _ = s.write_all(bytes);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        if !out.is_empty() {
            let text = String::from_utf8_lossy(&out);
            assert!(
                text.starts_with("HTTP/1.1 4") || text.starts_with("HTTP/1.1 5"),
                "{text}"
            );
        }
    }
    // Half a request, then the client goes away.
    let mut s = connect(addr);
    let _ = s.write_all(b"GET /feed/ HTTP/1.1\r\nHost: x\r\n");
    drop(s);
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn keep_alive_and_http10_close() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let mut s = connect(addr);
    for target in ["/", "/feed/", "/wp-json/wp/v2/posts?per_page=1"] {
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .expect("write");
        let r = read_reply(&mut s, false);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("connection"), Some("keep-alive"));
    }
    let mut s = connect(addr);
    s.write_all(b"GET /feed/ HTTP/1.0\r\n\r\n").expect("write");
    let r = read_reply(&mut s, false);
    assert_eq!(r.header("connection"), Some("close"));
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).expect("closed after reply");
    assert!(rest.is_empty());
}

#[test]
fn serves_concurrent_connections() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let handles: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                for _ in 0..5 {
                    let target = if i % 2 == 0 {
                        "/feed/"
                    } else {
                        "/events/?ical=1"
                    };
                    assert_eq!(get(addr, target).status, 200);
                }
            })
        })
        .collect();
    // An idle connection held open must not block the others.
    let _idle = connect(addr);
    for h in handles {
        h.join().expect("client thread");
    }
    assert_eq!(site.server.total_requests(), 40);
}

#[test]
fn ical_export_is_crlf_folded_and_complete() {
    let site = demo::start().expect("start");
    let r = get(site.server.addr(), "/events/?ical=1");
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=UTF-8")
    );
    let body = &r.body;
    assert!(body.ends_with(b"END:VCALENDAR\r\n"));
    for (i, b) in body.iter().enumerate() {
        if *b == b'\n' {
            assert_eq!(body[i - 1], b'\r', "bare LF at byte {i}");
        }
    }
    let lines: Vec<&[u8]> = body.split(|b| *b == b'\n').collect();
    assert!(
        lines.iter().all(|l| l.len() <= 76),
        "a line is over 75 octets"
    );
    // At least one fold cuts a multi-byte character: only unfolded bytes decode.
    assert!(lines.iter().any(|l| std::str::from_utf8(l).is_err()));
    let text = unfold(body);
    let vevents = text.matches("BEGIN:VEVENT").count();
    assert!(vevents >= 10, "{vevents} events");
    for needle in [
        "PRODID:-//Meridian House - ECPv6",
        "X-WR-CALNAME:Meridian House",
        "TZID:Europe/London",
        "TZID:Asia/Singapore",
        "DTSTART;VALUE=DATE:",
        "DURATION:PT2H30M",
        "RRULE:FREQ=WEEKLY;COUNT=10",
        "EXDATE;TZID=Europe/London:",
        "RECURRENCE-ID;TZID=Europe/London:",
        "STATUS:CANCELLED",
        "ORGANIZER;CN=",
        "\\,",
        "\\;",
        "\\n",
        "\\\\",
        "Z\r\n",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    assert!(!origin_left(&text));
    assert!(text.contains(&format!("X-ORIGINAL-URL:{}", site.server.base_url())));
}

#[test]
fn feed_has_excerpt_only_items_and_rest_matches_it() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let feed = get(addr, "/feed/").text();
    let items: Vec<&str> = feed.split("<item>").skip(1).collect();
    assert!(items.len() >= 12);
    let excerpt_only = items
        .iter()
        .filter(|i| !i.contains("<content:encoded>"))
        .count();
    assert!(excerpt_only >= 3, "{excerpt_only} excerpt-only items");
    assert!(
        items
            .iter()
            .all(|i| i.contains("appeared first on") && i.contains("[&#8230;]"))
    );
    assert!(feed.contains("wp-caption") && feed.contains("wp-block-image"));
    let guids: HashSet<String> = items
        .iter()
        .filter_map(|i| {
            i.split("<guid isPermaLink=\"false\">")
                .nth(1)?
                .split('<')
                .next()
        })
        .map(str::to_string)
        .collect();

    let page1 = get(addr, "/wp-json/wp/v2/posts?_embed");
    assert_eq!(
        page1.header("x-wp-total"),
        Some(items.len().to_string().as_str())
    );
    let pages: usize = page1
        .header("x-wp-totalpages")
        .expect("pages")
        .parse()
        .expect("n");
    assert_eq!(pages, items.len().div_ceil(10));
    let next = page1
        .all("link")
        .into_iter()
        .find(|l| l.ends_with("rel=\"next\""))
        .expect("next link");
    let next_url = next.trim_start_matches('<').split('>').next().expect("url");
    let next_target = next_url
        .strip_prefix(&site.server.base_url())
        .expect("same origin");
    assert_eq!(next_target, "/wp-json/wp/v2/posts?_embed&page=2");

    let mut rest_guids = HashSet::new();
    for target in ["/wp-json/wp/v2/posts?_embed", next_target] {
        let r = get(addr, target);
        let posts: serde_json::Value = serde_json::from_str(&r.text()).expect("json");
        for p in posts.as_array().expect("array") {
            rest_guids.insert(p["guid"]["rendered"].as_str().expect("guid").to_string());
            let media = &p["_embedded"]["wp:featuredmedia"][0];
            assert!(
                media["source_url"]
                    .as_str()
                    .is_some_and(|u| u.ends_with(".png"))
            );
            assert!(
                media["caption"]["rendered"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("<p>"))
            );
            assert!(p["_embedded"]["author"][0]["name"].is_string());
            assert!(p["_embedded"]["wp:term"][0][0]["name"].is_string());
        }
    }
    assert_eq!(guids, rest_guids);

    let small = get(addr, "/wp-json/wp/v2/posts?per_page=5&page=3");
    assert_eq!(small.status, 200);
    assert!(!small.text().contains("_embedded"));
    assert!(
        small
            .all("link")
            .iter()
            .any(|l| l.contains("page=2>; rel=\"prev\""))
    );
    assert_eq!(get(addr, "/wp-json/wp/v2/posts?page=99").status, 400);
    assert_eq!(get(addr, "/wp-json/wp/v2/posts?per_page=0").status, 400);

    // A guid shortlink redirects to the article's page.
    let guid = guids.iter().next().expect("a guid");
    let r = get(
        addr,
        guid.strip_prefix(&site.server.base_url())
            .expect("local guid"),
    );
    assert_eq!(r.status, 301);
    let page = r.header("location").expect("location").to_string();
    assert_eq!(
        get(
            addr,
            page.strip_prefix(&site.server.base_url()).expect("local")
        )
        .status,
        200
    );
}

#[test]
fn tribe_rest_pages_through_the_same_events_as_the_ics() {
    let site = demo::start().expect("start");
    let addr = site.server.addr();
    let base = site.server.base_url();
    let ics = unfold(&get(addr, "/events/?ical=1").body);
    let ics_urls: HashSet<String> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("URL:"))
        .map(|u| u.trim().to_string())
        .collect();
    let mut target = "/wp-json/tribe/events/v1/events".to_string();
    let mut urls = HashSet::new();
    let mut pages = 0;
    loop {
        let r = get(addr, &target);
        assert_eq!(r.status, 200, "{target}");
        let v: serde_json::Value = serde_json::from_str(&r.text()).expect("json");
        pages += 1;
        for e in v["events"].as_array().expect("events") {
            urls.insert(e["url"].as_str().expect("url").to_string());
            assert!(e["start_date"].as_str().is_some_and(|s| s.len() == 19));
            assert!(e["timezone"].is_string() && e["cost"].is_string());
        }
        match v["next_rest_url"].as_str() {
            Some(next) => target = next.strip_prefix(&base).expect("local").to_string(),
            None => break,
        }
    }
    assert!(pages >= 2);
    assert_eq!(urls, ics_urls);
}

#[test]
fn demo_config_lists_the_sources() {
    let site = demo::start().expect("start");
    let cfg = site.config();
    assert_eq!(cfg.sites.len(), 1);
    let s = &cfg.sites[0];
    assert_eq!(s.name, "Meridian House");
    assert_eq!(s.articles.len(), 2);
    assert_eq!(s.events.len(), 2);
    let addr = site.server.addr();
    let base = site.server.base_url();
    for url in s.articles.iter().chain(&s.events).chain(s.home.iter()) {
        assert_eq!(
            get(addr, url.strip_prefix(&base).expect("local")).status,
            200,
            "{url}"
        );
    }
    let home = get(addr, "/");
    assert!(
        home.all("link")
            .iter()
            .any(|l| l.contains("rel=\"https://api.w.org/\""))
    );
    let html = home.text();
    assert!(html.contains("application/rss+xml") && html.contains("?ical=1"));
}

#[test]
fn custom_routes_trickle_gzip_and_stop() {
    let gz: Vec<u8> = vec![
        0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let body = gz.clone();
    let server = Server::start(Arc::new(move |req: &Request| match req.path.as_str() {
        "/slow" => Response::ok("text/plain", "abcdefghij").trickled(3, Duration::from_millis(5)),
        "/gz" => Response::ok("application/xml", body.clone()).gzip_encoded(),
        "/q" => Response::ok("text/plain", req.query_param("a").unwrap_or_default()),
        _ => Response::not_found(),
    }))
    .expect("start");
    let addr = server.addr();
    assert_eq!(get(addr, "/slow").body, b"abcdefghij");
    let r = get(addr, "/gz");
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.body, gz);
    assert_eq!(get(addr, "/q?a=x%20y&b=2").text(), "x y");
    assert_eq!(server.hits("/q?a=x%20y&b=2"), 1);
    server.stop();
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn feed_parses_as_rss_with_a_real_parser() {
    let site = demo::start().expect("start");
    let body = get(site.server.addr(), "/feed/").body;
    let feed = feed_rs::parser::parse(body.as_slice()).expect("valid RSS");
    assert_eq!(feed.entries.len(), 12);
    let base = site.server.base_url();
    for e in &feed.entries {
        assert!(
            e.links.iter().any(|l| l.href.starts_with(&base)),
            "{:?}",
            e.links
        );
        assert!(
            e.summary
                .as_ref()
                .is_some_and(|s| s.content.contains("appeared first on"))
        );
        assert!(!e.authors.is_empty() && !e.categories.is_empty());
    }
    let full = feed.entries.iter().filter(|e| e.content.is_some()).count();
    assert_eq!(full, 8, "four items carry only the excerpt");
}
