//! The command line against the sample site served on 127.0.0.1.

mod common;

use common::{Env, has_control};

fn synced_demo() -> (newsroom::demo::Demo, Env) {
    let demo = newsroom::demo::start().unwrap();
    let env = Env::new(&[demo.site()]);
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "sync failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (demo, env)
}

#[test]
fn articles_json_has_the_contract_fields() {
    let (_demo, env) = synced_demo();
    let v = env.json(&["articles", "--json"]);
    let items = v.as_array().unwrap();
    assert!(items.len() >= 10, "only {} articles", items.len());
    for a in items {
        for key in ["id", "site", "title", "url", "summary"] {
            assert!(a[key].is_string(), "{key} in {a}");
        }
        for key in ["author", "published"] {
            assert!(a[key].is_string() || a[key].is_null(), "{key} in {a}");
        }
        for key in ["read", "saved", "offline"] {
            assert!(a[key].is_boolean(), "{key} in {a}");
        }
        assert!(
            a["categories"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c.is_string())
        );
        for img in a["images"].as_array().unwrap() {
            assert!(img["url"].is_string());
            assert!(img["alt"].is_string() || img["alt"].is_null());
            assert!(img["caption"].is_string() || img["caption"].is_null());
        }
        if let Some(p) = a["published"].as_str() {
            assert!(
                p.parse::<jiff::Timestamp>().is_ok(),
                "published {p:?} is not RFC 3339"
            );
        }
        assert_eq!(a["site"], "Meridian House");
        assert!(
            !a["title"].as_str().unwrap().contains("&#"),
            "undecoded entity in {a}"
        );
    }
    // The feed and the REST endpoint carry the same posts: one article each.
    let mut urls: Vec<&str> = items.iter().map(|a| a["url"].as_str().unwrap()).collect();
    let n = urls.len();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), n, "an article listed twice");
    assert!(
        items
            .iter()
            .any(|a| !a["images"].as_array().unwrap().is_empty())
    );
}

#[test]
fn read_prints_every_caption_and_the_links() {
    let (_demo, env) = synced_demo();
    let v = env.json(&["articles", "--json"]);
    let mut captions_seen = 0;
    for a in v.as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let text = env.ok(&["read", id, "--width", "100"]);
        assert!(!has_control(&text), "control bytes in read output of {id}");
        assert!(
            !text.contains("<p") && !text.contains("<img") && !text.contains("<figure"),
            "raw HTML in {id}:\n{text}"
        );
        assert!(
            text.contains(
                a["title"]
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .next()
                    .unwrap()
            )
        );
        for img in a["images"].as_array().unwrap() {
            if let Some(c) = img["caption"].as_str() {
                // Captions wrap: look for their first few words.
                let head: Vec<&str> = c.split_whitespace().take(3).collect();
                let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    flat.contains(&head.join(" ")),
                    "caption {c:?} missing from {id}:\n{text}"
                );
                captions_seen += 1;
            }
        }
        if text.contains("[1]") {
            assert!(
                text.contains("[1] http"),
                "link list missing in {id}:\n{text}"
            );
        }
    }
    assert!(captions_seen >= 10, "only {captions_seen} captions checked");
    let after = env.json(&["articles", "--json"]);
    assert!(
        after.as_array().unwrap().iter().all(|a| a["read"] == true),
        "read marks an article read"
    );
}

#[test]
fn second_sync_is_conditional_and_keeps_flags() {
    let (demo, env) = synced_demo();
    let v = env.json(&["articles", "--json", "--limit", "2"]);
    let id = v[0]["id"].as_str().unwrap().to_string();
    env.ok(&["read", &id]);
    {
        let store = newsroom::store::Store::open(&env.db()).unwrap();
        store.set_saved(&id, true).unwrap();
    }
    let before = demo.server.not_modified();
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let not_modified = demo.server.not_modified() - before;
    assert!(
        not_modified >= 2,
        "only {not_modified} 304s on the second sync"
    );
    let log = demo.server.requests_log();
    assert!(
        log.iter()
            .any(|(_, inm, ims)| inm.is_some() || ims.is_some())
    );
    let again = env.json(&["articles", "--json"]);
    let a = again
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        (a["read"].as_bool(), a["saved"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(
        again.as_array().unwrap().len(),
        v.as_array()
            .unwrap()
            .len()
            .max(again.as_array().unwrap().len())
    );
}

#[test]
fn reading_works_offline_with_the_server_gone() {
    let (demo, env) = synced_demo();
    let v = env.json(&["articles", "--json"]);
    drop(demo);
    for a in v.as_array().unwrap().iter().take(3) {
        let text = env.ok(&["--offline", "read", a["id"].as_str().unwrap()]);
        assert!(text.lines().count() > 5);
    }
    let listed = env.json(&["--offline", "articles", "--json"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        v.as_array().unwrap().len()
    );
}

#[test]
fn unknown_id_exits_1_and_bad_config_exits_2() {
    let (_demo, env) = synced_demo();
    let out = env.run(&["read", "nosuchid"]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(
        env.config(),
        "[[site]]\nname = \"x\"\nhome = \"https://x.example/\"\ncolour = 3\n",
    )
    .unwrap();
    let out = env.run(&["articles"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:4: colour"), "{err}");
    // The keymap and theme beside the config are checked by every command.
    std::fs::write(env.config(), "").unwrap();
    let keymap = env.dir.path().join("keymap.toml");
    std::fs::write(&keymap, "[list]\nj = \"dwn\"\n").unwrap();
    let out = env.run(&["articles"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("keymap.toml:2: j: unknown action"), "{err}");
    std::fs::remove_file(&keymap).unwrap();
    std::fs::create_dir_all(env.dir.path().join("themes")).unwrap();
    std::fs::write(
        env.dir.path().join("themes/mine.toml"),
        "[styles]\ntitle = { fg = \"#12345\" }\n",
    )
    .unwrap();
    let out = env.run(&["--theme", "mine", "articles"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.toml:2:"), "{err}");
}

#[test]
fn events_keep_their_zones_and_merge_sources() {
    let (_demo, env) = synced_demo();
    let v = env.json(&["events", "--all", "--json"]);
    let events = v.as_array().unwrap();
    let find = |title: &str| {
        events
            .iter()
            .find(|e| e["title"].as_str().unwrap().starts_with(title))
            .unwrap_or_else(|| panic!("no event {title:?} in {v}"))
    };
    let summer = find("Summer Lecture");
    assert_eq!(summer["start"], "2026-07-16T19:00:00+01:00");
    assert_eq!(summer["timezone"], "Europe/London");
    let seoul = find("Seoul Design Talk");
    assert_eq!(seoul["start"], "2027-01-28T18:30:00+00:00");
    assert_eq!(
        seoul["status"], "cancelled",
        "the .ics says CANCELLED; the REST copy must not undo it"
    );
    assert_eq!(seoul["price"], "£10", "the REST source's price is kept");
    let sg = find("Singapore Roundtable");
    assert_eq!(sg["start"], "2026-12-15T14:00:00+08:00");
    let webinar = find("Webinar");
    assert_eq!(webinar["start"], "2026-12-03T09:00:00+00:00");
    let circles = events
        .iter()
        .filter(|e| {
            e["title"]
                .as_str()
                .unwrap()
                .starts_with("Mandarin Conversation Circle")
        })
        .count();
    assert_eq!(circles, 9, "ten weekly occurrences less one EXDATE");
    let festival = find("Lunar New Year Festival");
    assert_eq!(festival["all_day"], true);

    let id = seoul["id"].as_str().unwrap();
    let text = env.ok(&["event", id]);
    assert!(text.contains("CANCELLED"), "{text}");
    let ics = env.ok(&["export-ics", id]);
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("STATUS:CANCELLED\r\n"),
        "{ics}"
    );
    let back = newsroom::parse::parse_events(
        ics.as_bytes(),
        Some("text/calendar"),
        "https://x.example/",
        "S",
    )
    .unwrap();
    assert_eq!(back.events.len(), 1);
    assert_eq!(
        back.events[0].start.as_ref().map(|z| z.timestamp()),
        Some("2027-01-28T18:30:00Z".parse::<jiff::Timestamp>().unwrap())
    );
}

#[test]
fn excerpt_only_items_get_their_page_for_offline_reading() {
    let demo = newsroom::demo::start().unwrap();
    let mut site = demo.site();
    site.articles.retain(|u| u.ends_with("/feed/"));
    site.events.clear();
    let env = Env::new(&[site]);
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = env.json(&["articles", "--json"]);
    let items = v.as_array().unwrap();
    assert!(
        items.iter().all(|a| a["offline"] == true),
        "every article readable offline: {v}"
    );
    drop(demo);
    for a in items {
        let text = env.ok(&["--offline", "read", a["id"].as_str().unwrap()]);
        assert!(!text.contains("summary only"), "{text}");
        let lower = text.to_lowercase();
        for chrome in ["cookies", "leave a reply", "share this:"] {
            assert!(
                !lower.contains(chrome),
                "site chrome {chrome:?} in {}:\n{text}",
                a["title"]
            );
        }
    }
}

#[test]
fn a_feed_of_event_pages_is_an_event_source() {
    use std::sync::{Arc, OnceLock};
    let routes: Arc<OnceLock<newsroom::serve::Routes>> = Arc::new(OnceLock::new());
    let late = routes.clone();
    let origin: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let o = origin.clone();
    // The Events Calendar's RSS of events: items link to pages that carry
    // the event as schema.org JSON-LD.
    let server = newsroom::serve::Server::start(Arc::new(move |req: &newsroom::serve::Request| {
        if req.path == "/events/feed/" {
            let base = o.get().cloned().unwrap_or_default();
            let item = |slug: &str, title: &str| {
                format!("<item><title>{title}</title><link>{base}/event/{slug}/</link><guid isPermaLink=\"false\">{base}/?post_type=tribe_events&#038;p=1</guid><description><![CDATA[An event]]></description></item>")
            };
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Events</title><link>{base}/events/</link><description>x</description>{}{}</channel></rss>",
                item("film-night-tokyo-story-at-75", "Film Night"),
                item("singapore-roundtable-green-finance-asean", "Singapore Roundtable")
            );
            return newsroom::serve::Response::ok("application/rss+xml; charset=UTF-8", body);
        }
        match late.get() {
            Some(r) => r(req),
            None => newsroom::serve::Response::new(503),
        }
    }))
    .unwrap();
    let _ = origin.set(server.base_url());
    let _ = routes.set(newsroom::demo::routes(server.base_url()));
    let site = newsroom::config::SiteConfig {
        name: "Meridian House".into(),
        home: None,
        articles: vec![],
        events: vec![format!("{}/events/feed/", server.base_url())],
    };
    let env = Env::new(&[site]);
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = env.json(&["events", "--all", "--json"]);
    let titles: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    let sg = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"].as_str().unwrap().contains("Singapore"))
        .unwrap();
    assert_eq!(sg["start"], "2026-12-15T14:00:00+08:00");
    assert!(sg["price"].is_string() && sg["venue"].is_string(), "{sg}");
}
