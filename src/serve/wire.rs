//! HTTP/1.x on the wire: reading a request head (bounded, never trusting the
//! peer) and writing a response.

use std::io::{self, BufRead, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use super::Response;
use super::http_date::format_http_date;

/// Longest request line or header line accepted.
const MAX_LINE: usize = 16 * 1024;
/// Most header lines accepted.
const MAX_HEADERS: usize = 100;
/// Largest request body read (the sample site takes no uploads).
const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Http10,
    Http11,
}

/// A parsed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query (`/feed/?paged=2`).
    pub target: String,
    /// The path part of the target, still percent-encoded.
    pub path: String,
    /// The query string without `?`, when there is one.
    pub query: Option<String>,
    pub version: Version,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Path and query as sent.
    pub fn path_and_query(&self) -> &str {
        &self.target
    }

    /// Query parameters in order, percent- and `+`-decoded. A key without
    /// `=` (`?_embed`) has an empty value.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(q) = &self.query else {
            return Vec::new();
        };
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect()
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// Whether the connection stays open after this exchange.
    pub fn keep_alive(&self) -> bool {
        let tokens = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has = |t: &str| tokens.split(',').any(|x| x.trim() == t);
        match self.version {
            Version::Http11 => !has("close"),
            Version::Http10 => has("keep-alive"),
        }
    }
}

/// `%XX` and `+` decoding; bad escapes are kept as they are, bytes that do not
/// form UTF-8 are replaced.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub enum ReadError {
    Io(io::Error),
    /// The peer sent something that is not a request we accept: answer with
    /// this status and close.
    Bad(u16, &'static str),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Read one line (up to LF) of at most MAX_LINE bytes. None at a clean EOF
/// before any byte.
fn read_line<R: BufRead>(r: &mut R) -> Result<Option<Vec<u8>>, ReadError> {
    let mut line = Vec::new();
    let n = r
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        return if line.len() > MAX_LINE {
            Err(ReadError::Bad(431, "Request Header Fields Too Large"))
        } else {
            Err(ReadError::Bad(400, "Bad Request: truncated"))
        };
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// Read a request. Ok(None) when the peer closed between requests. `out` is
/// where an interim `100 Continue` goes.
pub fn read_request<R: BufRead, W: Write>(
    r: &mut R,
    out: &mut W,
) -> Result<Option<Request>, ReadError> {
    // RFC 9112 §2.2: ignore empty lines before the request line.
    let line = loop {
        match read_line(r)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    let line = String::from_utf8(line).map_err(|_| ReadError::Bad(400, "Bad Request"))?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad(400, "Bad Request: request line"));
    };
    if method.is_empty() || !method.bytes().all(|c| c.is_ascii_uppercase()) {
        return Err(ReadError::Bad(400, "Bad Request: method"));
    }
    let version = match version {
        "HTTP/1.1" => Version::Http11,
        "HTTP/1.0" => Version::Http10,
        _ => return Err(ReadError::Bad(505, "HTTP Version Not Supported")),
    };
    let target = absolute_form_to_origin(target);
    if !target.starts_with('/') || target.bytes().any(|c| c <= b' ' || c == 0x7f) {
        return Err(ReadError::Bad(400, "Bad Request: target"));
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target.clone(), None),
    };

    let mut headers = Vec::new();
    loop {
        let Some(l) = read_line(r)? else {
            return Err(ReadError::Bad(400, "Bad Request: truncated"));
        };
        if l.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err(ReadError::Bad(431, "Request Header Fields Too Large"));
        }
        let l = String::from_utf8_lossy(&l).into_owned();
        let Some((k, v)) = l.split_once(':') else {
            return Err(ReadError::Bad(400, "Bad Request: header"));
        };
        if k.is_empty() || k.bytes().any(|c| c <= b' ' || c >= 0x7f) {
            return Err(ReadError::Bad(400, "Bad Request: header name"));
        }
        headers.push((k.to_string(), v.trim().to_string()));
    }

    let mut req = Request {
        method: method.to_string(),
        target,
        path,
        query,
        version,
        headers,
        body: Vec::new(),
    };
    if req.header("transfer-encoding").is_some() {
        return Err(ReadError::Bad(
            501,
            "Not Implemented: request body encoding",
        ));
    }
    if let Some(len) = req.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| ReadError::Bad(400, "Bad Request: content-length"))?;
        if len > MAX_BODY {
            return Err(ReadError::Bad(413, "Content Too Large"));
        }
        if req
            .header("expect")
            .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
        {
            out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
        req.body = body;
    }
    Ok(Some(req))
}

/// A proxy-style `http://host/path` target becomes `/path`.
fn absolute_form_to_origin(target: &str) -> String {
    for scheme in ["http://", "https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            return match rest.find(['/', '?']) {
                Some(i) if rest.as_bytes()[i] == b'/' => rest[i..].to_string(),
                Some(i) => format!("/{}", &rest[i..]),
                None => "/".to_string(),
            };
        }
    }
    target.to_string()
}

pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// Headers the server owns; a route's values for them are dropped.
fn server_owned(name: &str) -> bool {
    [
        "content-length",
        "connection",
        "date",
        "etag",
        "last-modified",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

/// Write a response. `head_only` for HEAD: the headers of the full response,
/// no body.
pub fn write_response<W: Write>(
    w: &mut W,
    resp: &Response,
    head_only: bool,
    close: bool,
    stopping: &AtomicBool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    head.push_str(&format!(
        "Date: {}\r\n",
        format_http_date(SystemTime::now())
    ));
    head.push_str("Server: newsroom-demo\r\n");
    for (k, v) in &resp.headers {
        // Refuse header injection from a route's values.
        if server_owned(k) || k.contains(['\r', '\n', ':']) || v.contains(['\r', '\n']) {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(etag) = &resp.etag {
        head.push_str(&format!("ETag: {etag}\r\n"));
    }
    if let Some(lm) = resp.last_modified {
        head.push_str(&format!("Last-Modified: {}\r\n", format_http_date(lm)));
    }
    let bodyless = resp.status == 304 || resp.status == 204 || resp.status < 200;
    if !bodyless {
        head.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
    }
    head.push_str(if close {
        "Connection: close\r\n"
    } else {
        "Connection: keep-alive\r\n"
    });
    head.push_str("\r\n");

    if head_only || bodyless {
        w.write_all(head.as_bytes())?;
        return w.flush();
    }
    match resp.trickle {
        None => {
            let mut all = head.into_bytes();
            all.extend_from_slice(&resp.body);
            w.write_all(&all)?;
        }
        Some(t) => {
            w.write_all(head.as_bytes())?;
            w.flush()?;
            for chunk in resp.body.chunks(t.chunk) {
                if stopping.load(Ordering::SeqCst) {
                    return Err(io::Error::new(io::ErrorKind::Interrupted, "server stopped"));
                }
                std::thread::sleep(t.delay);
                w.write_all(chunk)?;
                w.flush()?;
            }
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn parse(raw: &str) -> Result<Option<Request>, ReadError> {
        read_request(&mut Cursor::new(raw.as_bytes().to_vec()), &mut Vec::new())
    }

    #[test]
    fn parses_query_and_headers() {
        let req = parse("GET /wp-json/wp/v2/posts?_embed&per_page=5 HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"a\"\r\n\r\n")
            .ok()
            .flatten()
            .expect("request");
        assert_eq!(req.path, "/wp-json/wp/v2/posts");
        assert_eq!(req.query_param("per_page").as_deref(), Some("5"));
        assert_eq!(req.query_param("_embed").as_deref(), Some(""));
        assert_eq!(req.header("if-none-match"), Some("\"a\""));
        assert!(req.keep_alive());
    }

    #[test]
    fn http10_closes_unless_asked() {
        let req = parse("GET / HTTP/1.0\r\n\r\n")
            .ok()
            .flatten()
            .expect("request");
        assert!(!req.keep_alive());
        let req = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
            .ok()
            .flatten()
            .expect("request");
        assert!(req.keep_alive());
    }

    #[test]
    fn rejects_garbage() {
        for raw in [
            "\x16\x03\x01\x02\x00\r\n\r\n",
            "GET\r\n\r\n",
            "get / HTTP/1.1\r\n\r\n",
            "GET / HTTP/9\r\n\r\n",
            "GET nothing HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n",
        ] {
            assert!(matches!(parse(raw), Err(ReadError::Bad(..))), "{raw:?}");
        }
        assert!(matches!(parse(""), Ok(None)));
    }

    #[test]
    fn absolute_targets_become_paths() {
        assert_eq!(absolute_form_to_origin("http://a.b/c?d"), "/c?d");
        assert_eq!(absolute_form_to_origin("http://a.b?d"), "/?d");
        assert_eq!(absolute_form_to_origin("http://a.b"), "/");
    }

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(percent_decode("a%20b+c%zz%"), "a b c%zz%");
        assert_eq!(percent_decode("%E5%8C%97"), "北");
    }
}
