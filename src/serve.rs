//! A small static HTTP/1.1 server on 127.0.0.1 with ETag / Last-Modified.
//!
//! It serves the bundled sample site for `--demo` and fixtures for the tests.
//! It runs on its own threads (one accepting, one per connection), so it works
//! the same whether or not the caller has an async runtime, and it lives until
//! [`Server::stop`] or drop. Requests are counted so tests can check what a
//! client really sent (conditional headers, 304s, how often a path was hit).

mod http_date;
mod wire;

use std::collections::HashMap;
use std::io::{self, BufReader};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime};

pub use http_date::{format_http_date, parse_http_date};
pub use wire::{Request, Version};

/// What answers a request. Called on the connection's thread.
pub type Routes = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// Connections served at once; past this, new ones are closed straight away so
/// a flood of idle sockets cannot pile up threads.
const MAX_CONNECTIONS: usize = 256;
/// An idle keep-alive connection (or a client that stalls mid-request) is
/// dropped after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

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
    stopping: AtomicBool,
    counters: Mutex<Counters>,
    /// Open connections, so stop can shut them down (a thread blocked reading
    /// a keep-alive socket wakes up and ends).
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
}

impl Shared {
    fn counters(&self) -> MutexGuard<'_, Counters> {
        // A panic while holding the lock cannot leave the counters half
        // updated in a way that matters to a test: keep serving.
        self.counters.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn conns(&self) -> MutexGuard<'_, HashMap<u64, TcpStream>> {
        self.conns.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
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
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            routes,
            stopping: AtomicBool::new(false),
            counters: Mutex::new(Counters::default()),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name(format!("serve-{}", addr.port()))
                .spawn(move || accept_loop(listener, shared))?
        };
        Ok(Server {
            addr,
            shared,
            acceptor: Some(acceptor),
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
    /// accepting thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        let _ = acceptor.join();
        for (_, stream) in self.shared.conns().drain() {
            let _ = stream.shutdown(Shutdown::Both);
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

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // EMFILE and friends: back off rather than spin.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        if shared.conns().len() >= MAX_CONNECTIONS {
            let _ = stream.shutdown(Shutdown::Both);
            continue;
        }
        let id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            shared.conns().insert(id, clone);
        }
        let conn_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                let _ = serve_connection(stream, &conn_shared);
                conn_shared.conns().remove(&id);
            });
        if spawned.is_err()
            && let Some(s) = shared.conns().remove(&id)
        {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn serve_connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let _ = stream.set_nodelay(true);
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let req = match wire::read_request(&mut reader, &mut writer) {
            Ok(Some(req)) => req,
            Ok(None) => return Ok(()),
            Err(wire::ReadError::Io(e)) => return Err(e),
            Err(wire::ReadError::Bad(status, why)) => {
                let resp = Response::ok("text/plain; charset=utf-8", format!("{why}\n"))
                    .with_status(status)
                    .closing();
                return wire::write_response(&mut writer, &resp, false, true, &shared.stopping);
            }
        };
        let routes = Arc::clone(&shared.routes);
        let resp = catch_unwind(AssertUnwindSafe(|| routes(&req))).unwrap_or_else(|_| {
            Response::ok("text/plain; charset=utf-8", "Internal Server Error\n").with_status(500)
        });
        let resp = conditional(&req, resp);
        record(shared, &req, &resp);
        let close = resp.close || !req.keep_alive();
        let head_only = req.method.eq_ignore_ascii_case("HEAD");
        wire::write_response(&mut writer, &resp, head_only, close, &shared.stopping)?;
        if close {
            let _ = writer.shutdown(Shutdown::Write);
            return Ok(());
        }
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
