//! Hostile and broken sources, each served on 127.0.0.1 and synced by the
//! real binary: every sync ends within its bound with a clear error for that
//! source, nothing printed afterwards holds a control byte, memory stays
//! bounded, and what was cached before (read and saved flags included)
//! survives.
//!
//! Every case first syncs a good feed and calendar, marks one article read
//! and another saved, then turns one source hostile and syncs again. The
//! cases run in parallel threads; the table of what each did is printed with
//! `cargo test --test hostile -- --nocapture`.

#[path = "hostile/bodies.rs"]
mod bodies;
#[path = "hostile/bomb.rs"]
mod bomb;
#[path = "hostile/cache.rs"]
mod cache;
#[path = "hostile/cases.rs"]
mod cases;
mod common;
#[path = "hostile/run.rs"]
mod run;
#[path = "hostile/tables.rs"]
mod tables;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use cases::{Case, Expect, fill};
use common::{Env, has_control};
use newsroom::config::SiteConfig;
use newsroom::serve::{LoggedRequest, Request, Response, Server};
use run::{Run, truncate};

/// The peak resident memory any sync may reach. The feed cap is 20 MB, so
/// a sync that obeys it stays far below; one that inflates the bomb or reads
/// the 50 MB feed whole does not.
const MEMORY_BOUND_KIB: u64 = 128 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Articles,
    Events,
}

impl Role {
    fn path(self) -> &'static str {
        match self {
            Role::Articles => "/articles",
            Role::Events => "/events",
        }
    }
}

/// What the commands printed after the hostile sync, for the checks.
pub struct Checked {
    pub runs: Vec<Run>,
    pub articles: serde_json::Value,
    pub events: serde_json::Value,
    pub requests: Vec<LoggedRequest>,
    pub data_dir: std::path::PathBuf,
}

impl Checked {
    /// `(command, stdout + stderr)` of every run.
    pub fn outputs(&self) -> Vec<(String, String)> {
        self.runs
            .iter()
            .map(|r| (r.args.join(" "), format!("{}{}", r.out(), r.err())))
            .collect()
    }

    /// True when any file under the data dir holds `needle`.
    pub fn data_dir_holds(&self, needle: &[u8]) -> bool {
        fn walk(dir: &Path, needle: &[u8]) -> bool {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return false;
            };
            entries.flatten().any(|e| {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, needle)
                } else {
                    std::fs::read(&p).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))
                }
            })
        }
        walk(&self.data_dir, needle)
    }
}

/// One line of the closing table.
struct Report {
    name: &'static str,
    elapsed: Duration,
    code: Option<i32>,
    /// The hostile source's line from the sync's stderr.
    said: String,
    peak_kib: Option<u64>,
    problems: Vec<String>,
}

fn start_server(case: &Case, broken: Arc<AtomicBool>) -> Server {
    let hostile = case.hostile.clone();
    let role = case.role;
    Server::start(Arc::new(move |req: &Request| {
        let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        let good = |path: &str| match path {
            "/articles" => Some(Response::ok(
                "application/rss+xml; charset=UTF-8",
                fill(bodies::GOOD_RSS.as_bytes(), &base),
            )),
            "/events" => Some(Response::ok(
                "text/calendar; charset=utf-8",
                fill(bodies::good_ics().as_bytes(), &base),
            )),
            p if p.starts_with("/img/") => Some(Response::ok(
                "image/gif",
                &b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"[..],
            )),
            _ => None,
        };
        // Before the switch everything is good; after it, the case's source
        // and any path the good site does not serve answer hostile.
        let good_answer = good(&req.path);
        match good_answer {
            Some(r) if !broken.load(Ordering::SeqCst) || req.path != role.path() => return r,
            None if !broken.load(Ordering::SeqCst) => return Response::not_found(),
            _ => {}
        }
        hostile(req, &base)
    }))
    .expect("start the loopback server")
}

fn run_case(case: &Case) -> Report {
    let mut problems = Vec::new();
    let broken = Arc::new(AtomicBool::new(false));
    let server = start_server(case, broken.clone());
    let base = server.base_url();
    let env = Env::new(&[SiteConfig {
        name: "Victim".into(),
        home: None,
        articles: vec![format!("{base}/articles")],
        events: vec![format!("{base}/events")],
    }]);
    let cfg = std::fs::read_to_string(env.config()).unwrap();
    std::fs::write(
        env.config(),
        format!("fetch_timeout = {}\n{cfg}", case.fetch_timeout),
    )
    .unwrap();
    let deadline = case.bound + Duration::from_secs(30);
    let nr = |args: &[&str]| run::run(&env.config(), &env.data(), args, deadline);
    let report = |elapsed, code, said, peak_kib, problems| Report {
        name: case.name,
        elapsed,
        code,
        said,
        peak_kib,
        problems,
    };

    // A good first sync, one article read and another saved.
    let prime = nr(&["sync"]);
    if prime.code != Some(0) {
        problems.push(format!(
            "the first, good sync failed:\n{}",
            prime.describe()
        ));
        return report(prime.elapsed, prime.code, String::new(), None, problems);
    }
    let before_articles = ids(&nr(&["articles", "--json"]));
    let before_events = ids(&nr(&["events", "--all", "--json"]));
    if before_articles.len() != 3 || before_events.len() != 2 {
        problems.push(format!(
            "the good sources gave {before_articles:?} and {before_events:?}"
        ));
        return report(prime.elapsed, prime.code, String::new(), None, problems);
    }
    let (read_id, saved_id) = (&before_articles[0], &before_articles[1]);
    nr(&["read", read_id]);
    newsroom::store::Store::open(&env.db())
        .unwrap()
        .set_saved(saved_id, true)
        .unwrap();

    // The source turns hostile.
    broken.store(true, Ordering::SeqCst);
    let sync = nr(&["sync"]);
    let err = sync.err();
    if std::env::var_os("HOSTILE_VERBOSE").is_some() {
        eprintln!("== {} ==\n{}", case.name, sync.describe());
    }
    // "Victim  http://127.0.0.1:PORT/articles  FAILED  why": what follows the URL.
    let said = err
        .lines()
        .find_map(|l| l.split_once(case.role.path()).map(|(_, rest)| rest.trim()))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if sync.killed || sync.elapsed > case.bound {
        problems.push(format!(
            "the sync took {:.1} s, past its bound of {} s",
            sync.elapsed.as_secs_f64(),
            case.bound.as_secs()
        ));
    }
    let code_ok = match case.expect {
        Expect::Fails(_) => sync.code == Some(1),
        Expect::Syncs => sync.code == Some(0),
        Expect::Survives => matches!(sync.code, Some(0 | 1)),
    };
    if !code_ok {
        problems.push(format!(
            "expected {:?}, got exit {:?}:\n{}",
            case.expect,
            sync.code,
            sync.describe()
        ));
    }
    if let Expect::Fails(words) = case.expect {
        let lower = said.to_lowercase();
        if !lower.contains("fail") || !words.iter().any(|w| lower.contains(w)) {
            problems.push(format!("the sync's line for the source does not say it failed with one of {words:?}: {said:?}\n{}", truncate(&err, 3000)));
        }
        if lower.contains("after 0 s") {
            problems.push(format!("the error gives no useful figure: {said:?}"));
        }
    }
    if let (Some(kib), true) = (
        sync.peak_kib,
        sync.peak_kib.is_some_and(|k| k > MEMORY_BOUND_KIB),
    ) {
        problems.push(format!(
            "the sync peaked at {} MiB resident, past {} MiB",
            kib / 1024,
            MEMORY_BOUND_KIB / 1024
        ));
    }

    // What is cached, and everything the commands print about it.
    let articles_json = nr(&["articles", "--json"]);
    let events_json = nr(&["events", "--all", "--json"]);
    let articles: serde_json::Value =
        serde_json::from_slice(&articles_json.stdout).unwrap_or_default();
    let events: serde_json::Value = serde_json::from_slice(&events_json.stdout).unwrap_or_default();
    let flag = |id: &str, field: &str| {
        articles
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a["id"] == id)
            .map(|a| a[field] == true)
    };
    match (flag(read_id, "read"), flag(saved_id, "saved")) {
        (Some(true), Some(true)) => {}
        other => problems.push(format!(
            "the cached articles' read/saved flags did not survive: {other:?}\n{}",
            articles_json.describe()
        )),
    }
    let now_articles = ids_of(&articles);
    let now_events = ids_of(&events);
    for id in &before_articles {
        if !now_articles.contains(id) {
            problems.push(format!("cached article {id} is gone"));
        }
    }
    for id in &before_events {
        if !now_events.contains(id) {
            problems.push(format!("cached event {id} is gone"));
        }
    }
    let mut runs = vec![
        sync.clone(),
        articles_json,
        events_json,
        nr(&["articles"]),
        nr(&["events", "--all"]),
        nr(&["sites"]),
    ];
    for id in now_articles.iter().take(12) {
        runs.push(nr(&["read", id, "--width", "72"]));
    }
    for id in now_events.iter().take(12) {
        runs.push(nr(&["event", id, "--width", "72"]));
    }
    let sites = runs[5].out();
    if let Expect::Fails(words) = case.expect {
        let lower = sites.to_lowercase();
        if !lower.contains("failed:") || !words.iter().any(|w| lower.contains(w)) {
            problems.push(format!(
                "`sites` does not show the source's failure ({words:?}):\n{sites}"
            ));
        }
    }
    for r in &runs {
        let what = r.args.join(" ");
        if r.killed || r.code.is_none() {
            problems.push(format!("`{what}` crashed or hung:\n{}", r.describe()));
        } else if r.args.first().is_none_or(|a| a != "sync") && r.code != Some(0) {
            problems.push(format!("`{what}` failed:\n{}", r.describe()));
        }
        for (stream, bytes) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            match std::str::from_utf8(bytes) {
                Err(e) => problems.push(format!("`{what}` {stream} is not UTF-8: {e}")),
                Ok(text) if has_control(text) => {
                    let at = text
                        .find(|c: char| has_control(&c.to_string()))
                        .unwrap_or(0);
                    let window: String = text[at.saturating_sub(20).min(at)..]
                        .chars()
                        .take(40)
                        .collect();
                    problems.push(format!(
                        "`{what}` {stream} holds a control character: {window:?}"
                    ));
                }
                Ok(text) if text.contains("panicked") => {
                    problems.push(format!("`{what}` panicked:\n{}", truncate(text, 2000)))
                }
                Ok(_) => {}
            }
        }
    }

    if std::env::var_os("HOSTILE_VERBOSE").is_some() {
        eprintln!(
            "== {} requests ==\n{:#?}\nprime:\n{}",
            case.name,
            server.requests_log(),
            prime.describe()
        );
    }
    let checked = Checked {
        runs,
        articles,
        events,
        requests: server.requests_log(),
        data_dir: env.data(),
    };
    if let Some(check) = case.check {
        problems.extend(check(&checked));
    }
    report(sync.elapsed, sync.code, said, sync.peak_kib, problems)
}

fn ids(run: &Run) -> Vec<String> {
    ids_of(&serde_json::from_slice(&run.stdout).unwrap_or_default())
}

fn ids_of(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn hostile_sources_fail_cleanly_and_harm_nothing() {
    std::fs::write(cases::secret_path(), cases::SECRET).unwrap();
    // HOSTILE_ONLY=word runs the cases whose name holds it.
    let only = std::env::var("HOSTILE_ONLY").unwrap_or_default();
    let cases: Vec<Case> = cases::all()
        .into_iter()
        .filter(|c| c.name.contains(only.as_str()))
        .collect();
    let reports: Vec<Report> = std::thread::scope(|s| {
        let handles: Vec<_> = cases.iter().map(|c| s.spawn(move || run_case(c))).collect();
        handles
            .into_iter()
            .zip(&cases)
            .map(|(h, c)| {
                h.join().unwrap_or_else(|_| Report {
                    name: c.name,
                    elapsed: Duration::ZERO,
                    code: None,
                    said: String::new(),
                    peak_kib: None,
                    problems: vec!["the case's own checks panicked".into()],
                })
            })
            .collect()
    });

    let mut failed = Vec::new();
    eprintln!(
        "\n{:<52} {:>7} {:>5} {:>8}  what newsroom said",
        "case", "time", "exit", "peak"
    );
    for r in &reports {
        let peak = r
            .peak_kib
            .map(|k| format!("{} MiB", k / 1024))
            .unwrap_or_else(|| "n/a".into());
        let code = r.code.map(|c| c.to_string()).unwrap_or_else(|| "-".into());
        let said = &r.said;
        eprintln!(
            "{:<52} {:>6.1}s {:>5} {:>8}  {}",
            r.name,
            r.elapsed.as_secs_f64(),
            code,
            peak,
            truncate(said, 160)
        );
        if !r.problems.is_empty() {
            failed.push(format!("== {} ==\n{}", r.name, r.problems.join("\n")));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} hostile cases went wrong:\n\n{}",
        failed.len(),
        reports.len(),
        failed.join("\n\n")
    );
}
