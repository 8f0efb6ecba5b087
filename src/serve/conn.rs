//! The server's connections on hyper: its HTTP/1.1 parser and writer, run on
//! a runtime of the server's own so callers need none.

use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;

use super::{Request, Response, Shared, conditional, record};
use crate::http_date::format_http_date;

/// Connections served at once; past this, new ones are closed straight away so
/// a flood of idle sockets cannot pile up tasks.
const MAX_CONNECTIONS: usize = 256;
/// A client that takes longer than this to send a request head (or leaves a
/// keep-alive connection idle), to send a body, or to take a write, is dropped.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest request head (request line and headers) accepted: past it, 431.
const MAX_HEAD: usize = 64 * 1024;
/// Most header lines accepted: past it, 431.
const MAX_HEADERS: usize = 100;
/// Largest request body read (the sample site takes no uploads): past it, 413.
const MAX_BODY: u64 = 1024 * 1024;

/// Accept until the task is dropped (the runtime shutting down).
pub(super) async fn accept_loop(listener: std::net::TcpListener, shared: Arc<Shared>) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // EMFILE and friends: back off rather than spin.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if shared.open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            drop(stream);
            continue;
        }
        let open = OpenConnection::new(&shared);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            serve_connection(stream, shared).await;
            drop(open);
        });
    }
}

/// Counts a connection as open for as long as it lives.
struct OpenConnection(Arc<Shared>);

impl OpenConnection {
    fn new(shared: &Arc<Shared>) -> OpenConnection {
        shared.open.fetch_add(1, Ordering::SeqCst);
        OpenConnection(Arc::clone(shared))
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |req| answer(req, Arc::clone(&shared)));
    // Malformed heads get hyper's own 400, 431 or 505, then the connection
    // closes; the routes never see them and they are not counted.
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(IDLE_TIMEOUT)
        .max_header_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .serve_connection(TokioIo::new(WriteDeadline::new(stream)), service)
        .await;
}

/// One exchange: read the body, call the route off the runtime (a route may
/// block, as a test's often does), answer conditionally, count it.
async fn answer(
    req: hyper::Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<hyper::Response<Payload>, Infallible> {
    let (head, body) = req.into_parts();
    let body = match tokio::time::timeout(IDLE_TIMEOUT, read_body(body)).await {
        Ok(Ok(body)) => body,
        Ok(Err(status)) => return Ok(refusal(status)),
        Err(_) => return Ok(refusal(StatusCode::REQUEST_TIMEOUT)),
    };
    let req = Arc::new(Request::from_parts(&head, body));
    let routes = Arc::clone(&shared.routes);
    let for_route = Arc::clone(&req);
    let resp =
        tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| routes(&for_route))))
            .await;
    let resp = match resp {
        Ok(Ok(resp)) => resp,
        // The route panicked (its message is already on stderr).
        _ => Response::ok("text/plain; charset=utf-8", "Internal Server Error\n").with_status(500),
    };
    let resp = conditional(&req, resp);
    record(&shared, &req, &resp);
    let close = resp.close || !req.keep_alive();
    let head_only = head.method == Method::HEAD;
    Ok(to_hyper(resp, head_only, close))
}

/// The whole request body, or the status that refuses it.
async fn read_body(mut body: Incoming) -> Result<Vec<u8>, StatusCode> {
    if body.size_hint().lower() > MAX_BODY {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let mut out = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| StatusCode::BAD_REQUEST)?;
        if let Ok(data) = frame.into_data() {
            if (out.len() + data.len()) as u64 > MAX_BODY {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

/// A refused request: its status, a one-line reason, and the connection
/// closed (what is left of the body is not worth reading).
fn refusal(status: StatusCode) -> hyper::Response<Payload> {
    let why = format!("{}\n", status.canonical_reason().unwrap_or("Refused"));
    let resp = Response::ok("text/plain; charset=utf-8", why).with_status(status.as_u16());
    to_hyper(resp, false, true)
}

/// Headers the server owns; a route's values for them are dropped.
fn server_owned(name: &HeaderName) -> bool {
    [
        header::CONTENT_LENGTH,
        header::CONNECTION,
        header::DATE,
        header::ETAG,
        header::LAST_MODIFIED,
        header::TRANSFER_ENCODING,
    ]
    .contains(name)
}

/// A route's response as hyper's. `head_only` for HEAD: the headers of the
/// full response, no body.
fn to_hyper(resp: Response, head_only: bool, close: bool) -> hyper::Response<Payload> {
    let status = StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let bodyless = status == StatusCode::NOT_MODIFIED
        || status == StatusCode::NO_CONTENT
        || status.is_informational();
    let mut out = hyper::Response::new(Payload::empty());
    *out.status_mut() = status;
    let headers = out.headers_mut();
    headers.insert(header::SERVER, HeaderValue::from_static("newsroom-demo"));
    for (k, v) in &resp.headers {
        // A name or value that is not a valid header (CR, LF, a colon in the
        // name) is dropped: no header injection from a route.
        let (Ok(name), Ok(value)) = (
            HeaderName::try_from(k.as_str()),
            HeaderValue::try_from(v.as_str()),
        ) else {
            continue;
        };
        if !server_owned(&name) {
            headers.append(name, value);
        }
    }
    if let Some(etag) = resp
        .etag
        .as_deref()
        .and_then(|e| HeaderValue::try_from(e).ok())
    {
        headers.insert(header::ETAG, etag);
    }
    if let Some(lm) = resp.last_modified
        && let Ok(v) = HeaderValue::try_from(format_http_date(lm))
    {
        headers.insert(header::LAST_MODIFIED, v);
    }
    if !bodyless {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(resp.body.len()));
    }
    let connection = if close { "close" } else { "keep-alive" };
    headers.insert(header::CONNECTION, HeaderValue::from_static(connection));
    if !head_only && !bodyless {
        *out.body_mut() = Payload::new(resp.body, resp.trickle);
    }
    out
}

/// A response body: all at once, or trickled `chunk` bytes at a time with
/// `delay` before each.
pub(super) struct Payload {
    rest: Bytes,
    trickle: Option<super::Trickle>,
    wait: Option<Pin<Box<Sleep>>>,
}

impl Payload {
    fn empty() -> Payload {
        Payload::new(Vec::new(), None)
    }

    fn new(body: Vec<u8>, trickle: Option<super::Trickle>) -> Payload {
        Payload {
            rest: Bytes::from(body),
            trickle,
            wait: None,
        }
    }
}

impl Body for Payload {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.rest.is_empty() {
            return Poll::Ready(None);
        }
        let Some(t) = self.trickle else {
            let all = std::mem::take(&mut self.rest);
            return Poll::Ready(Some(Ok(Frame::data(all))));
        };
        let wait = self
            .wait
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(t.delay)));
        ready!(wait.as_mut().poll(cx));
        self.wait = None;
        let n = t.chunk.max(1).min(self.rest.len());
        let chunk = self.rest.split_to(n);
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.rest.len() as u64)
    }
}

/// A socket whose writes fail once one has waited IDLE_TIMEOUT for the peer
/// to take bytes: a client that stops reading cannot hold a connection
/// forever. Reads are bounded by hyper's header timeout and the body timeout.
struct WriteDeadline {
    inner: TcpStream,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteDeadline {
    fn new(inner: TcpStream) -> WriteDeadline {
        WriteDeadline {
            inner,
            stalled: None,
        }
    }

    /// Turn a write's Pending into an error once it has lasted too long.
    fn guard<T>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if r.is_ready() {
            self.stalled = None;
            return r;
        }
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(IDLE_TIMEOUT)));
        if stalled.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            )));
        }
        Poll::Pending
    }
}

impl AsyncRead for WriteDeadline {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteDeadline {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.guard(cx, r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.guard(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.inner).poll_flush(cx);
        self.guard(cx, r)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
