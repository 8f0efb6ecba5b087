//! The bundled sample site, served on 127.0.0.1 for `--demo` and the tests.
//!
//! "Meridian House" is a fictional WordPress 6.x site with The Events
//! Calendar: an RSS feed (some items excerpt-only), the REST posts endpoint
//! with `_embed` and paging, article pages with theme clutter and Yoast
//! JSON-LD, images, an iCalendar export, the tribe events REST endpoint and
//! event pages. The files live in `demo/site/` (built by
//! `demo/tools/gen_site.py`) and are compiled in. They are written against
//! the placeholder origin [`PLACEHOLDER_ORIGIN`], rewritten to the serving
//! address when the routes are built.

mod rest;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{Config, SiteConfig};
use crate::serve::{Request, Response, Routes, Server, parse_http_date};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/demo_site.rs"));
}

/// The origin the sample site's files are written against.
pub const PLACEHOLDER_ORIGIN: &str = "https://meridian.example";
/// The sample site's name.
pub const SITE_NAME: &str = "Meridian House";
/// Last-Modified of every sample file: when the site was "last built".
const BUILT: &str = "Fri, 27 Nov 2026 16:42:10 GMT";

/// The sample site's files: path under `demo/site/` and bytes as stored
/// (placeholder origin not yet rewritten).
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// The request target that serves a file of [`files`], path and query.
pub fn target_for(file: &str) -> String {
    if let Some(dir) = file
        .strip_suffix("index.html")
        .or_else(|| file.strip_suffix("index.xml"))
    {
        return format!("/{dir}");
    }
    if file == "wp-json/index.json" {
        return "/wp-json/".to_string();
    }
    if let Some(dir) = file.strip_suffix("ical.ics") {
        return format!("/{dir}?ical=1");
    }
    if let Some(stem) = file.strip_suffix(".embedded.json") {
        return format!("/{stem}?_embed");
    }
    if file.starts_with("wp-json/")
        && let Some(stem) = file.strip_suffix(".json")
    {
        return format!("/{stem}");
    }
    format!("/{file}")
}

/// The port the sample site asks for first.
pub const DEMO_PORT: u16 = 47_410;

/// The running sample site.
#[derive(Debug)]
pub struct Demo {
    pub server: Server,
}

/// Serve the sample site on a free loopback port until the Demo is dropped.
pub fn start() -> std::io::Result<Demo> {
    // The routes need the origin and the server's port is known only once
    // it is bound: route through a cell filled right after start.
    let cell: Arc<std::sync::OnceLock<Routes>> = Arc::new(std::sync::OnceLock::new());
    let late = Arc::clone(&cell);
    // The same port each time where it is free, so a cache kept with
    // `--demo --data-dir` finds the same addresses again.
    let server = Server::start_on(
        DEMO_PORT,
        Arc::new(move |req: &Request| match late.get() {
            Some(routes) => routes(req),
            None => Response::new(503).with_header("Retry-After", "1"),
        }),
    )?;
    let _ = cell.set(routes(server.base_url()));
    Ok(Demo { server })
}

/// The sample site served at `base`, with its sources listed.
pub fn site_at(base: &str) -> SiteConfig {
    SiteConfig {
        name: SITE_NAME.to_string(),
        home: Some(format!("{base}/")),
        articles: vec![
            format!("{base}/feed/"),
            format!("{base}/wp-json/wp/v2/posts?_embed"),
        ],
        events: vec![
            format!("{base}/events/?ical=1"),
            format!("{base}/wp-json/tribe/events/v1/events"),
        ],
    }
}

impl Demo {
    /// The sample site as a configured site, with its sources listed.
    pub fn site(&self) -> SiteConfig {
        site_at(&self.server.base_url())
    }

    /// The default config with the sample site as its only site.
    pub fn config(&self) -> Config {
        Config {
            sites: vec![self.site()],
            ..Config::default()
        }
    }
}

/// Replace the placeholder origin in a text body, in the three spellings the
/// site uses: plain, JSON-escaped (`https:\/\/`) and percent-encoded (share
/// links).
pub fn rewrite_origin(text: &str, origin: &str) -> String {
    String::from_utf8_lossy(&rewrite_origin_bytes(text.as_bytes(), origin)).into_owned()
}

/// [`rewrite_origin`] on bytes: a folded iCalendar line may cut a UTF-8
/// character in two, so the file as a whole need not be valid UTF-8.
pub fn rewrite_origin_bytes(body: &[u8], origin: &str) -> Vec<u8> {
    let origin = origin.trim_end_matches('/');
    let pairs = [
        (PLACEHOLDER_ORIGIN.to_string(), origin.to_string()),
        (
            PLACEHOLDER_ORIGIN.replace('/', "\\/"),
            origin.replace('/', "\\/"),
        ),
        (
            percent_encode_origin(PLACEHOLDER_ORIGIN),
            percent_encode_origin(origin),
        ),
    ];
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    'scan: while i < body.len() {
        for (from, to) in &pairs {
            if body[i..].starts_with(from.as_bytes()) {
                out.extend_from_slice(to.as_bytes());
                i += from.len();
                continue 'scan;
            }
        }
        out.push(body[i]);
        i += 1;
    }
    out
}

fn percent_encode_origin(o: &str) -> String {
    o.replace(':', "%3A").replace('/', "%2F")
}

fn is_text(file: &str) -> bool {
    [".html", ".xml", ".json", ".ics", ".txt"]
        .iter()
        .any(|e| file.ends_with(e))
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=UTF-8",
        "xml" => "application/rss+xml; charset=UTF-8",
        "json" => "application/json; charset=UTF-8",
        "ics" => "text/calendar; charset=UTF-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=UTF-8",
        _ => "application/octet-stream",
    }
}

/// The site with its origin rewritten, ready to answer requests.
pub(crate) struct Site {
    pub origin: String,
    pub files: HashMap<&'static str, Cow<'static, [u8]>>,
    /// Post id → path of its page, for `/?p=ID` shortlinks.
    shortlinks: HashMap<String, String>,
    pub built: SystemTime,
}

impl Site {
    fn new(origin: String) -> Site {
        let origin = origin.trim_end_matches('/').to_string();
        let mut files = HashMap::new();
        let mut shortlinks = HashMap::new();
        let marker = format!("<link rel='shortlink' href='{PLACEHOLDER_ORIGIN}/?p=");
        for (path, bytes) in files_iter() {
            if is_text(path) {
                let text = String::from_utf8_lossy(bytes);
                if let Some(at) = text.find(&marker) {
                    let id: String = text[at + marker.len()..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    shortlinks.insert(id, target_for(path));
                }
                files.insert(path, Cow::Owned(rewrite_origin_bytes(bytes, &origin)));
            } else {
                files.insert(path, Cow::Borrowed(bytes));
            }
        }
        Site {
            origin,
            files,
            shortlinks,
            built: parse_http_date(BUILT).unwrap_or(SystemTime::UNIX_EPOCH),
        }
    }

    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|c| c.as_ref())
    }

    /// A file as a cacheable response with the headers WordPress sends.
    pub fn respond(&self, path: &str) -> Option<Response> {
        let body = self.file(path)?;
        let mut resp = Response::ok(content_type(path), body.to_vec());
        if path.ends_with(".html") {
            resp = self.html_headers(resp);
        } else if path.ends_with(".ics") {
            resp = resp.with_header(
                "Content-Disposition",
                "attachment; filename=\"meridian-house-ical.ics\"",
            );
        } else if path.ends_with(".json") {
            resp = self.rest_headers(resp);
        } else if path.starts_with("wp-content/") {
            resp = resp.with_header("Cache-Control", "max-age=31536000");
        }
        Some(resp.cacheable(self.built))
    }

    fn html_headers(&self, resp: Response) -> Response {
        let o = &self.origin;
        resp.with_header(
            "Link",
            &format!("<{o}/wp-json/>; rel=\"https://api.w.org/\""),
        )
        .with_header("X-TEC-API-VERSION", "v1")
        .with_header("X-TEC-API-ROOT", &format!("{o}/wp-json/tribe/events/v1/"))
        .with_header("X-TEC-API-ORIGIN", o)
        .with_header("Vary", "Accept-Encoding")
    }

    pub fn rest_headers(&self, resp: Response) -> Response {
        let o = &self.origin;
        resp.with_header("X-Robots-Tag", "noindex")
            .with_header(
                "Link",
                &format!("<{o}/wp-json/>; rel=\"https://api.w.org/\""),
            )
            .with_header("X-Content-Type-Options", "nosniff")
            .with_header(
                "Access-Control-Expose-Headers",
                "X-WP-Total, X-WP-TotalPages, Link",
            )
            .with_header("Allow", "GET")
    }

    fn not_found(&self, path: &str) -> Response {
        if path.starts_with("/wp-json") {
            return self.rest_headers(rest::error(
                404,
                "rest_no_route",
                "No route was found matching the URL and request method.",
            ));
        }
        let page = format!(
            "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"UTF-8\"><title>Page not found &#8211; {SITE_NAME}</title></head>\
             <body class=\"error404\"><h1>Oops! That page can&rsquo;t be found.</h1>\
             <p>It looks like nothing was found at this location. <a href=\"{}/\">Back to the home page</a>.</p></body></html>\n",
            self.origin
        );
        self.html_headers(Response::ok("text/html; charset=UTF-8", page).with_status(404))
    }

    fn route(&self, req: &Request) -> Response {
        if req.method != "GET" && req.method != "HEAD" {
            return Response::ok("text/plain; charset=UTF-8", "Method Not Allowed\n")
                .with_status(405)
                .with_header("Allow", "GET, HEAD");
        }
        let path = req.path.as_str();
        if path.split('/').any(|seg| seg == "..") {
            return self.not_found(path);
        }
        if path == "/"
            && let Some(id) = req.query_param("p")
        {
            return match self.shortlinks.get(&id) {
                Some(target) => Response::redirect(301, &format!("{}{target}", self.origin)),
                None => self.not_found(path),
            };
        }
        if req.query_param("ical").is_some() {
            let file = format!("{}ical.ics", path.trim_start_matches('/'));
            if let Some(resp) = self.respond(&file) {
                return resp;
            }
        }
        if let Some(resp) = rest::route(self, req) {
            return resp;
        }
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            for index in ["index.html", "index.xml", "index.json"] {
                if let Some(resp) = self.respond(&format!("{rel}{index}")) {
                    return resp;
                }
            }
        } else if let Some(resp) = self.respond(rel) {
            return resp;
        } else if ["index.html", "index.xml", "index.json"]
            .iter()
            .any(|i| self.files.contains_key(format!("{rel}/{i}").as_str()))
        {
            // WordPress's canonical redirect adds the trailing slash.
            let query = req
                .query
                .as_deref()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            return Response::redirect(301, &format!("{}{path}/{query}", self.origin));
        }
        self.not_found(path)
    }
}

fn files_iter() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    files().iter().copied()
}

/// The sample site's routes with every absolute URL pointing at `origin`
/// (e.g. `server.base_url()`), for a test server of one's own.
pub fn routes(origin: String) -> Routes {
    let site = Site::new(origin);
    Arc::new(move |req: &Request| site.route(req))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_every_spelling_of_the_origin() {
        let text = "a https://meridian.example/x b https:\\/\\/meridian.example\\/y c https%3A%2F%2Fmeridian.example%2Fz";
        let out = rewrite_origin(text, "http://127.0.0.1:8080");
        assert_eq!(
            out,
            "a http://127.0.0.1:8080/x b http:\\/\\/127.0.0.1:8080\\/y c http%3A%2F%2F127.0.0.1%3A8080%2Fz"
        );
    }

    #[test]
    fn targets_for_files() {
        assert_eq!(target_for("index.html"), "/");
        assert_eq!(target_for("feed/index.xml"), "/feed/");
        assert_eq!(target_for("events/ical.ics"), "/events/?ical=1");
        assert_eq!(
            target_for("wp-json/wp/v2/posts/4702.embedded.json"),
            "/wp-json/wp/v2/posts/4702?_embed"
        );
        assert_eq!(target_for("wp-json/index.json"), "/wp-json/");
        assert_eq!(target_for("wp-content/a.png"), "/wp-content/a.png");
    }

    #[test]
    fn every_file_is_embedded_with_the_feed_and_calendar() {
        let names: Vec<&str> = files().iter().map(|(n, _)| *n).collect();
        assert!(names.contains(&"feed/index.xml"));
        assert!(names.contains(&"events/ical.ics"));
        assert!(!names.iter().any(|n| n.ends_with(".md")));
    }
}
