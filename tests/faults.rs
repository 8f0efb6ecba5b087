//! A sync killed at any moment, and two processes at once: the cache stays
//! whole and what the person did is never lost.

mod common;

use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};
use newsroom::store::Store;

/// The sample site, every response trickled so a sync takes a while.
fn slow_demo() -> Server {
    let routes: Arc<OnceLock<newsroom::serve::Routes>> = Arc::new(OnceLock::new());
    let late = routes.clone();
    let server = Server::start(Arc::new(move |req: &Request| match late.get() {
        Some(r) => r(req).trickled(2048, Duration::from_millis(15)),
        None => Response::new(503),
    }))
    .unwrap();
    let _ = routes.set(newsroom::demo::routes(server.base_url()));
    server
}

fn site_of(server: &Server) -> SiteConfig {
    newsroom::demo::site_at(&server.base_url())
}

fn spawn_sync(env: &Env) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("--config")
        .arg(env.config())
        .arg("--data-dir")
        .arg(env.data())
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Mark the first article read and the second saved; their ids.
fn mark(env: &Env) -> (String, String) {
    let v = env.json(&["articles", "--json"]);
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let store = Store::open(&env.db()).unwrap();
    store.set_read(&ids[0], true).unwrap();
    store.set_saved(&ids[1], true).unwrap();
    (ids[0].clone(), ids[1].clone())
}

fn flags(env: &Env, id: &str) -> (bool, bool) {
    let store = Store::open(&env.db()).unwrap();
    let a = store.article(id).unwrap().expect("the article survives");
    (a.read, a.saved)
}

#[test]
fn a_sync_killed_at_any_moment_leaves_a_whole_cache() {
    let server = slow_demo();
    let env = Env::new(&[site_of(&server)]);
    // A first, quick sync of the feed alone, and marks on two articles.
    let quick = newsroom::demo::start().unwrap();
    let mut feed_only = quick.site();
    feed_only.articles.truncate(1);
    feed_only.events.clear();
    let first_config = env.dir.path().join("first.toml");
    std::fs::write(&first_config, common::site_toml(&feed_only)).unwrap();
    let out = common::run_with(&first_config, &env.data(), &["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let count = env.json(&["articles", "--json"]).as_array().unwrap().len();
    let (read_id, saved_id) = mark(&env);

    // Full syncs of the slow site, each killed at a different moment.
    for ms in [150u64, 400, 800, 1300, 2000] {
        let mut child = spawn_sync(&env);
        std::thread::sleep(Duration::from_millis(ms));
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();
        let store = Store::open(&env.db()).unwrap();
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("after a kill at {ms} ms: {e}"));
        drop(store);
        assert_eq!(
            flags(&env, &read_id),
            (true, false),
            "after a kill at {ms} ms"
        );
        assert_eq!(
            flags(&env, &saved_id),
            (false, true),
            "after a kill at {ms} ms"
        );
        let listed = env.json(&["articles", "--json"]);
        assert!(
            listed.as_array().unwrap().len() >= count,
            "nothing cached is lost"
        );
    }
    // The next sync completes.
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(flags(&env, &read_id), (true, false));
    assert_eq!(flags(&env, &saved_id), (false, true));
}

#[test]
fn one_process_syncs_while_another_reads() {
    let server = slow_demo();
    let env = Env::new(&[site_of(&server)]);
    assert!(env.run(&["sync"]).status.success());
    let (read_id, _) = mark(&env);
    let mut child = spawn_sync(&env);
    // While it runs: list, read, search, all from the same cache.
    for _ in 0..5 {
        let listed = env.json(&["articles", "--json"]);
        assert!(listed.as_array().unwrap().len() >= 10);
        let text = env.ok(&["read", &read_id]);
        assert!(text.lines().count() > 5);
        env.ok(&["articles", "--search", "calligraphy"]);
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "the sync beside the reader finishes");
    assert!(flags(&env, &read_id).0);
}
