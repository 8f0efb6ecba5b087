//! A damaged cache: garbage over the whole file, damaged pages inside it, a
//! damaged side file of read and saved marks. Every command still works, the
//! damaged file is moved aside, and the marks come back.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};

use super::bodies;
use super::cases::fill;
use super::common::Env;
use super::run::{self, Run};

struct Synced {
    _server: Server,
    env: Env,
    read_id: String,
    saved_id: String,
}

impl Synced {
    /// A good site synced, one article read and another saved.
    fn new() -> Synced {
        let server = Server::start(Arc::new(|req: &Request| {
            let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
            match req.path.as_str() {
                "/articles" => Response::ok(
                    "application/rss+xml",
                    fill(bodies::GOOD_RSS.as_bytes(), &base),
                ),
                "/events" => {
                    Response::ok("text/calendar", fill(bodies::good_ics().as_bytes(), &base))
                }
                _ => Response::not_found(),
            }
        }))
        .unwrap();
        let base = server.base_url();
        let env = Env::new(&[SiteConfig {
            name: "Victim".into(),
            home: None,
            articles: vec![format!("{base}/articles")],
            events: vec![format!("{base}/events")],
        }]);
        let mut s = Synced {
            _server: server,
            env,
            read_id: String::new(),
            saved_id: String::new(),
        };
        s.ok(&["sync"]);
        let ids = ids(&s.ok(&["articles", "--json"]));
        assert_eq!(ids.len(), 3, "the good feed is cached");
        s.ok(&["read", &ids[0]]);
        newsroom::store::Store::open(&s.env.db())
            .unwrap()
            .set_saved(&ids[1], true)
            .unwrap();
        s.read_id = ids[0].clone();
        s.saved_id = ids[1].clone();
        s
    }

    fn run(&self, args: &[&str]) -> Run {
        run::run(
            &self.env.config(),
            &self.env.data(),
            args,
            Duration::from_secs(60),
        )
    }

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, Some(0), "{}", r.describe());
        assert!(!r.err().contains("panicked"), "{}", r.describe());
        r
    }

    /// The marks as `articles --json` shows them: (read of the read one, saved of the saved one).
    fn marks(&self) -> (Option<bool>, Option<bool>) {
        let out = self.ok(&["articles", "--json"]);
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let flag = |id: &str, field: &str| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|a| a["id"] == id)
                .and_then(|a| a[field].as_bool())
        };
        (flag(&self.read_id, "read"), flag(&self.saved_id, "saved"))
    }

    fn moved_aside(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.env.data())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("newsroom.db.corrupt-")
                        && !n.ends_with("-wal")
                        && !n.ends_with("-shm")
                })
            })
            .collect()
    }
}

fn ids(run: &Run) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

/// Deterministic noise.
fn garbage(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

fn overwrite(path: &Path, from: usize, len: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let end = (from + len).min(bytes.len());
    bytes[from..end].copy_from_slice(&garbage(end - from));
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn garbage_over_the_whole_cache_is_moved_aside_and_marks_come_back() {
    let s = Synced::new();
    std::fs::write(s.env.db(), garbage(64 * 1024)).unwrap();

    for args in [
        &["articles"][..],
        &["articles", "--json"],
        &["events", "--all"],
        &["sites"],
    ] {
        let out = s.ok(args);
        assert!(!common_has_control(&out.out()), "{}", out.describe());
    }
    assert_eq!(
        s.moved_aside().len(),
        1,
        "the damaged file is kept beside the new one"
    );
    s.ok(&["sync"]);
    assert_eq!(
        s.marks(),
        (Some(true), Some(true)),
        "read and saved marks survive the rebuild"
    );
}

#[test]
fn damaged_pages_inside_the_cache_are_salvaged_and_marks_kept() {
    let s = Synced::new();
    let db = s.env.db();
    let size = std::fs::metadata(&db).unwrap().len() as usize;
    assert!(size > 4 * 4096, "a cache of {size} bytes");
    // Keep the header page and the first table pages, wreck the middle.
    overwrite(&db, size / 2, size / 4);

    let offline = s.ok(&["--offline", "articles", "--json"]);
    serde_json::from_slice::<serde_json::Value>(&offline.stdout).expect("a JSON list");
    s.ok(&["--offline", "events", "--all", "--json"]);
    assert_eq!(
        s.moved_aside().len(),
        1,
        "integrity check failed, the file was moved aside"
    );
    s.ok(&["sync"]);
    assert_eq!(s.marks(), (Some(true), Some(true)));
}

#[test]
fn a_damaged_side_file_of_marks_is_rebuilt_from_the_cache() {
    let s = Synced::new();
    let state = s.env.data().join("newsroom-state.db");
    assert!(state.exists(), "the marks are kept in a side file too");
    std::fs::write(&state, garbage(16 * 1024)).unwrap();
    assert_eq!(s.marks(), (Some(true), Some(true)));
    s.ok(&["sync"]);
    assert_eq!(s.marks(), (Some(true), Some(true)));
}

#[test]
fn garbage_over_both_files_still_leaves_a_working_cache() {
    let s = Synced::new();
    std::fs::write(s.env.db(), garbage(32 * 1024)).unwrap();
    std::fs::write(s.env.data().join("newsroom-state.db"), garbage(8 * 1024)).unwrap();
    s.ok(&["articles", "--json"]);
    s.ok(&["sync"]);
    let listed = ids(&s.ok(&["articles", "--json"]));
    assert_eq!(listed.len(), 3, "a sync fills the new cache");
}

fn common_has_control(s: &str) -> bool {
    super::common::has_control(s)
}
