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
}
