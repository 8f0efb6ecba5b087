//! Which items are one article: every item of a feed is kept when its guids
//! differ, whatever links they share, and syncing again adds nothing; a
//! document that yields no item at all is said so, never "ok".
//! Fixtures in `tests/fixtures/feeds/identity/`, served on 127.0.0.1 with
//! their hosts pointed at the server (so the prefetch of pages never leaves
//! the machine).

mod common;

use std::sync::Arc;

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};

const HOSTS: [&str; 4] = [
    "http://www.harbourhour.example",
    "http://harbourhour.example",
    "https://allotment.example",
    "http://parish.example",
];

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/feeds/identity/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Serves each fixture at `/NAME`, its hosts replaced by the server's.
fn serve(names: &[&'static str]) -> Server {
    let files: Vec<(&'static str, String)> = names.iter().map(|n| (*n, fixture(n))).collect();
    let cell: Arc<std::sync::OnceLock<String>> = Arc::new(std::sync::OnceLock::new());
    let base = cell.clone();
    let server = Server::start(Arc::new(move |req: &Request| {
        let origin = base.get().cloned().unwrap_or_default();
        match files.iter().find(|(n, _)| req.path == format!("/{n}")) {
            Some((_, text)) => {
                let body = HOSTS
                    .iter()
                    .fold(text.clone(), |t, h| t.replace(h, &origin));
                Response::ok("application/rss+xml", body)
            }
            None => Response::not_found(),
        }
    }))
    .unwrap();
    cell.set(server.base_url()).unwrap();
    server
}

fn env_for(server: &Server, feeds: &[&str]) -> Env {
    Env::new(&[SiteConfig {
        name: "Feeds".into(),
        home: None,
        articles: feeds
            .iter()
            .map(|f| format!("{}/{f}", server.base_url()))
            .collect(),
        events: vec![],
    }])
}

/// `sync`, which must succeed; what it reported (on standard error).
fn sync(env: &Env) -> String {
    let out = env.run(&["sync"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "sync failed:\n{err}");
    err
}

fn titles(env: &Env) -> Vec<String> {
    let v = env.json(&["--offline", "articles", "--json", "--limit", "0"]);
    let mut t: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    t.sort();
    t
}

#[test]
fn podcast_episodes_sharing_the_shows_link_are_each_kept() {
    let server = serve(&["podcast.rss"]);
    let env = env_for(&server, &["podcast.rss"]);
    sync(&env);
    assert_eq!(
        titles(&env),
        [
            "Bonus: Tides (extended cut)",
            "Bonus: Tides (listener questions)",
            "Episode 38: Knots",
            "Episode 39: Tides",
            "Episode 40: Lighthouse Keepers",
            "Episode 41: Fog Signals",
        ]
    );
    let v = env.json(&["--offline", "articles", "--json"]);
    let mut ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "ids are distinct: {v}");

    // Marks stay with their episode, and syncing again adds nothing.
    let bonus = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Bonus: Tides (listener questions)")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["--offline", "read", &bonus]);
    let again = sync(&env);
    assert!(again.contains("0 new"), "{again}");
    assert_eq!(titles(&env).len(), 6);
    let v = env.json(&["--offline", "articles", "--json"]);
    for a in v.as_array().unwrap() {
        assert_eq!(a["read"] == true, a["id"] == bonus.as_str(), "{a}");
    }
}

#[test]
fn permalinks_apart_after_the_hash_and_shared_comment_pages_are_each_kept() {
    let server = serve(&["daily.xml"]);
    let env = env_for(&server, &["daily.xml"]);
    sync(&env);
    assert_eq!(
        titles(&env),
        [
            "Also comments elsewhere",
            "Comments elsewhere",
            "Monday",
            "Tuesday",
            "Wednesday"
        ]
    );
    let v = env.json(&["--offline", "articles", "--json"]);
    let monday = v
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Monday")
        .unwrap();
    assert!(
        monday["url"]
            .as_str()
            .unwrap()
            .ends_with("2026-11.html#d23"),
        "the fragment is the item's own address: {monday}"
    );
    sync(&env);
    assert_eq!(titles(&env).len(), 5);
}

#[test]
fn items_with_only_a_description_are_kept() {
    let server = serve(&["rss092.xml"]);
    let env = env_for(&server, &["rss092.xml"]);
    let out = sync(&env);
    assert!(!out.contains("skipped"), "{out}");
    let v = env.json(&["--offline", "articles", "--json"]);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 3, "{v}");
    assert!(
        items
            .iter()
            .any(|a| a["summary"].as_str().unwrap().contains("harvest supper"))
    );
    for a in items {
        let id = a["id"].as_str().unwrap();
        let text = env.ok(&["--offline", "read", id]);
        assert!(!text.trim().is_empty());
    }
    sync(&env);
    assert_eq!(titles(&env).len(), 3, "the same items again are not new");
}

#[test]
fn a_document_with_no_items_is_a_warning_in_sync_and_sites() {
    let server = serve(&["empty-channel.xml", "rss092.xml"]);
    let env = env_for(&server, &["empty-channel.xml", "rss092.xml"]);
    let out = sync(&env);
    let line = out
        .lines()
        .find(|l| l.contains("empty-channel.xml"))
        .unwrap_or_else(|| panic!("no line for the source:\n{out}"));
    assert!(line.contains("warning"), "{line}");
    assert!(line.contains("holds no items"), "{line}");
    assert!(!line.contains(" ok "), "{line}");

    let sites = env.ok(&["--offline", "sites"]);
    let mut lines = sites.lines();
    lines.find(|l| l.contains("empty-channel.xml")).unwrap();
    let state = lines.next().unwrap();
    assert!(
        state.contains("WARNING") && state.contains("holds no items"),
        "{sites}"
    );
    assert!(!state.contains("ok"), "{sites}");
    lines.find(|l| l.contains("rss092.xml")).unwrap();
    assert!(lines.next().unwrap().contains("ok, 3 items"), "{sites}");
}
