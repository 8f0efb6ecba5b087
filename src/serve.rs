//! A small static HTTP/1.1 server on 127.0.0.1 with ETag / Last-Modified.
//!
//! It serves the bundled sample site for `--demo` and fixtures for the tests.
//! HTTP itself is hyper's (see `conn`); this module holds what the routes
//! see: [`Request`], [`Response`] and its hostile behaviours (trickle, close,
//! a body sent as given), conditional answers, and the request counts tests
//! check what a client really sent with. The server runs on a thread and a
//! runtime of its own, so it works the same whether or not the caller has an
//! async runtime, and it lives until [`Server::stop`] or drop.

mod conn;
mod request;

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime};

use tokio::sync::oneshot;

pub use crate::http_date::{format_http_date, parse_http_date};
pub use request::{Request, Version};

/// What answers a request. Called on a thread of the server's, where it may
/// block.
pub type Routes = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// How long stop waits for routes still running before it lets them finish
/// on their own.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// A response, with optional behaviours a hostile test can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Extra headers. `Content-Length`, `Date` and `Connection` are written by
    /// the server and ignored here.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Strong validator sent as `ETag`; a matching `If-None-Match` gets a 304.
    pub etag: Option<String>,
    /// Sent as `Last-Modified`; a later-or-equal `If-Modified-Since` gets a 304
    /// (when the request has no `If-None-Match`).
    pub last_modified: Option<SystemTime>,
    /// Send the body `chunk` bytes at a time with `delay` between them.
    pub trickle: Option<Trickle>,
    /// Close the connection after this response.
    pub close: bool,
}

/// Body pacing for slow-server tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trickle {
    pub chunk: usize,
    pub delay: Duration,
}

impl Response {
    pub fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            etag: None,
            last_modified: None,
            trickle: None,
            close: false,
        }
    }

    /// A 200 with a body and its content type, no validators.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::new(200)
            .with_header("Content-Type", content_type)
            .with_body(body)
    }

    /// A 200 for a file that does not change while served: a strong ETag
    /// hashed from the body and the given Last-Modified.
    pub fn static_file(
        content_type: &str,
        body: impl Into<Vec<u8>>,
        last_modified: SystemTime,
    ) -> Response {
        Response::ok(content_type, body).cacheable(last_modified)
    }

    /// A plain-text 404.
    pub fn not_found() -> Response {
        Response::ok("text/plain; charset=utf-8", "Not Found\n").with_status(404)
    }

    /// A redirect (301, 302, 307, 308) to `location`.
    pub fn redirect(status: u16, location: &str) -> Response {
        Response::new(status).with_header("Location", location)
    }

    pub fn with_status(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    /// Give the current body a strong ETag and set Last-Modified. Call after
    /// the body is final.
    pub fn cacheable(mut self, last_modified: SystemTime) -> Response {
        self.etag = Some(strong_etag(&self.body));
        self.last_modified = Some(last_modified);
        self
    }

    /// The body is already gzip-compressed: say so with `Content-Encoding`.
    /// The server sends the bytes as given (a gzip bomb stays a bomb).
    pub fn gzip_encoded(self) -> Response {
        self.with_header("Content-Encoding", "gzip")
    }

    /// Trickle the body out `chunk` bytes at a time, `delay` apart.
    pub fn trickled(mut self, chunk: usize, delay: Duration) -> Response {
        self.trickle = Some(Trickle {
            chunk: chunk.max(1),
            delay,
        });
        self
    }

    /// Close the connection once this response is sent.
    pub fn closing(mut self) -> Response {
        self.close = true;
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A quoted strong ETag from a 64-bit FNV-1a hash of the body and its length:
/// stable across runs and builds, which std's hasher does not promise.
pub fn strong_etag(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("\"{h:016x}-{:x}\"", body.len())
}

/// One logged request: `"GET /feed/"`, If-None-Match, If-Modified-Since.
pub type LoggedRequest = (String, Option<String>, Option<String>);

#[derive(Default)]
struct Counters {
    hits: HashMap<String, usize>,
    log: Vec<LoggedRequest>,
    not_modified: usize,
    total: usize,
}

struct Shared {
    routes: Routes,
    counters: Mutex<Counters>,
    /// Connections open now, against the cap in `conn`.
    open: AtomicUsize,
}

impl Shared {
    fn counters(&self) -> MutexGuard<'_, Counters> {
        // A panic while holding the lock cannot leave the counters half
        // updated in a way that matters to a test: keep serving.
        self.counters.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Bind 127.0.0.1 on a free port and start serving `routes`.
    pub fn start(routes: Routes) -> io::Result<Server> {
        Server::start_on(0, routes)
    }

    /// `start` on a given port, or on a free one when that is taken (or 0).
    pub fn start_on(port: u16, routes: Routes) -> io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            routes,
            counters: Mutex::new(Counters::default()),
            open: AtomicUsize::new(0),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name("serve-route")
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name(format!("serve-{}", addr.port()))
                .spawn(move || {
                    runtime.block_on(async {
                        tokio::select! {
                            () = conn::accept_loop(listener, shared) => {}
                            _ = stopped => {}
                        }
                    });
                    // Drops every connection's task, and with it its socket.
                    runtime.shutdown_timeout(STOP_GRACE);
                })?
        };
        Ok(Server {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests whose target (path and query, as sent) is exactly this.
    pub fn hits(&self, path_and_query: &str) -> usize {
        self.shared
            .counters()
            .hits
            .get(path_and_query)
            .copied()
            .unwrap_or(0)
    }

    /// 304 Not Modified responses sent.
    pub fn not_modified(&self) -> usize {
        self.shared.counters().not_modified
    }

    /// Well-formed requests answered (garbage that got a 400 is not counted).
    pub fn total_requests(&self) -> usize {
        self.shared.counters().total
    }

    /// Every answered request in order: `"METHOD target"`, If-None-Match,
    /// If-Modified-Since.
    pub fn requests_log(&self) -> Vec<LoggedRequest> {
        self.shared.counters().log.clone()
    }

    /// Close the listener and every open connection, and wait for the
    /// server's thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

/// Turn a 200 into a 304 when the request's validators match (RFC 9110
/// §13.2.2: If-None-Match wins over If-Modified-Since).
fn conditional(req: &Request, resp: Response) -> Response {
    if resp.status != 200 || !(req.method == "GET" || req.method == "HEAD") {
        return resp;
    }
    let fresh = if let Some(inm) = req.header("if-none-match") {
        resp.etag
            .as_deref()
            .is_some_and(|etag| etag_list_matches(inm, etag))
    } else if let (Some(ims), Some(lm)) = (req.header("if-modified-since"), resp.last_modified) {
        parse_http_date(ims).is_some_and(|since| whole_seconds(lm) <= whole_seconds(since))
    } else {
        false
    };
    if !fresh {
        return resp;
    }
    // A 304 repeats the validators and caching headers, never the body.
    let mut not_modified = Response::new(304);
    not_modified.etag = resp.etag;
    not_modified.last_modified = resp.last_modified;
    not_modified.close = resp.close;
    not_modified.headers = resp
        .headers
        .into_iter()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("content-") || k == "content-location"
        })
        .collect();
    not_modified
}

/// Weak comparison over a comma-separated If-None-Match list, as RFC 9110
/// asks for GET.
fn etag_list_matches(header: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = bare(etag);
    header
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == ours)
}

fn whole_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn record(shared: &Shared, req: &Request, resp: &Response) {
    let mut c = shared.counters();
    c.total += 1;
    *c.hits.entry(req.target.clone()).or_insert(0) += 1;
    if resp.status == 304 {
        c.not_modified += 1;
    }
    c.log.push((
        format!("{} {}", req.method, req.target),
        req.header("if-none-match").map(str::to_string),
        req.header("if-modified-since").map(str::to_string),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_lists_match_weakly() {
        assert!(etag_list_matches("\"a\", \"b\"", "\"b\""));
        assert!(etag_list_matches("W/\"b\"", "\"b\""));
        assert!(etag_list_matches("*", "\"b\""));
        assert!(!etag_list_matches("\"c\"", "\"b\""));
    }

    #[test]
    fn etag_depends_on_body() {
        assert_ne!(strong_etag(b"a"), strong_etag(b"b"));
        assert_eq!(strong_etag(b"a"), strong_etag(b"a"));
        assert!(strong_etag(b"").starts_with('"'));
    }
}
