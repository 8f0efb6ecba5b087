//! Every page of a WordPress REST posts source: the first sync reads the
//! archive page after page (to `archive_pages`), later syncs read on only
//! while a page holds posts not yet cached.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};

fn sync(env: &Env) -> String {
    let out = env.run(&["sync"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "sync failed:\n{err}");
    err
}

fn count(env: &Env) -> usize {
    env.json(&["--offline", "articles", "--json", "--limit", "0"])
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn every_post_of_the_sample_site_arrives() {
    let demo = newsroom::demo::start().unwrap();
    let env = Env::new(&[demo.site()]);
    sync(&env);
    let v = env.json(&["--offline", "articles", "--json", "--limit", "0"]);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 12, "the sample site has 12 posts");
    let log = demo.server.requests_log();
    assert!(
        log.iter()
            .any(|(path, _, _)| path.contains("/wp-json/wp/v2/posts") && path.contains("page=2")),
        "the second page was read: {log:?}"
    );
    // The oldest posts come from the second page only, with their bodies.
    let oldest = items.last().unwrap();
    assert!(oldest["offline"].as_bool().unwrap(), "{oldest}");
    sync(&env);
    assert_eq!(count(&env), 12);
}

/// A REST endpoint of `total` posts, newest first, paged by `Link` headers
/// alone (as a proxy that drops `X-WP-TotalPages` leaves it).
struct Blog {
    server: Server,
    total: Arc<AtomicUsize>,
    pages: Arc<Mutex<Vec<usize>>>,
}

fn post(origin: &str, n: usize) -> String {
    let o = origin.replace('/', "\\/");
    format!(
        r#"{{"id":{n},"date":"2026-10-{d:02}T09:00:00","date_gmt":"2026-10-{d:02}T09:00:00","guid":{{"rendered":"{o}\/?p={n}"}},"modified_gmt":"2026-10-{d:02}T09:00:00","slug":"post-{n}","status":"publish","type":"post","link":"{o}\/2026\/10\/post-{n}\/","title":{{"rendered":"Post {n} &#8211; notes"}},"content":{{"rendered":"<p>The whole of post {n}, which is long enough to be a body of its own.<\/p>\n","protected":false}},"excerpt":{{"rendered":"<p>Post {n} in brief<\/p>\n","protected":false}},"author":1,"featured_media":0,"categories":[1],"tags":[]}}"#,
        d = n % 28 + 1
    )
}

fn blog(total: usize) -> Blog {
    let total = Arc::new(AtomicUsize::new(total));
    let pages = Arc::new(Mutex::new(Vec::new()));
    let origin: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let (t, p, o) = (total.clone(), pages.clone(), origin.clone());
    let server = Server::start(Arc::new(move |req: &Request| {
        if req.path != "/wp-json/wp/v2/posts" {
            return Response::not_found();
        }
        let origin = o.get().cloned().unwrap_or_default();
        let page: usize = req
            .query_param("page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        p.lock().unwrap().push(page);
        let total = t.load(Ordering::SeqCst);
        let last = total.div_ceil(10);
        if page > last {
            return Response::ok(
                "application/json; charset=UTF-8",
                r#"{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}"#,
            )
            .with_status(400);
        }
        let posts: Vec<String> = (1..=total)
            .rev()
            .skip((page - 1) * 10)
            .take(10)
            .map(|n| post(&origin, n))
            .collect();
        let mut resp = Response::ok(
            "application/json; charset=UTF-8",
            format!("[{}]", posts.join(",")),
        );
        if page < last {
            resp = resp.with_header(
                "Link",
                &format!("<{origin}/wp-json/wp/v2/posts?page={}>; rel=\"next\"", page + 1),
            );
        }
        resp
    }))
    .unwrap();
    origin.set(server.base_url()).unwrap();
    Blog {
        server,
        total,
        pages,
    }
}

#[test]
fn the_archive_is_read_to_its_depth_and_later_syncs_stop_at_what_is_known() {
    let blog = blog(45);
    let env = Env::new(&[SiteConfig {
        name: "Blog".into(),
        home: None,
        articles: vec![format!("{}/wp-json/wp/v2/posts", blog.server.base_url())],
        events: vec![],
    }]);
    let mut cfg = std::fs::read_to_string(env.config()).unwrap();
    cfg.insert_str(0, "archive_pages = 3\n");
    std::fs::write(env.config(), cfg).unwrap();

    sync(&env);
    assert_eq!(count(&env), 30, "three pages of ten");
    assert_eq!(*blog.pages.lock().unwrap(), [1, 2, 3]);

    // Three new posts: the first page holds them, the second holds
    // nothing new, and the reading stops there.
    blog.total.store(48, Ordering::SeqCst);
    blog.pages.lock().unwrap().clear();
    let out = sync(&env);
    assert!(out.contains("3 new"), "{out}");
    assert_eq!(*blog.pages.lock().unwrap(), [1, 2]);
    assert_eq!(count(&env), 33);

    // Nothing new at all: one page.
    blog.pages.lock().unwrap().clear();
    sync(&env);
    assert_eq!(*blog.pages.lock().unwrap(), [1]);
}

#[test]
fn a_page_past_the_end_is_the_end_not_a_failure() {
    // 20 posts: the second page is full, so without `X-WP-TotalPages` a
    // third is asked for, and WordPress answers 400.
    let blog = blog(20);
    let env = Env::new(&[SiteConfig {
        name: "Blog".into(),
        home: None,
        articles: vec![format!("{}/wp-json/wp/v2/posts", blog.server.base_url())],
        events: vec![],
    }]);
    let out = sync(&env);
    assert_eq!(count(&env), 20);
    assert!(!out.contains("FAILED"), "{out}");
}
