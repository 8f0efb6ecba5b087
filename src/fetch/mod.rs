//! The one HTTP client: timeouts on connect, on each read and on the whole
//! body; a cap on the (decompressed) body; a limit on redirects; http(s) only;
//! conditional GET; retries with backoff for transient failures, never past
//! the deadline the caller set.

pub mod discover;
pub mod retry;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap};

/// Most of a body held in advance of its bytes, on the word of its
/// Content-Length.
const RESERVE_MAX: u64 = 32 * 1024 * 1024;

/// Bounds on what one request may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes (headers or body): a server that
    /// trickles is cut off here or by `total_timeout`.
    pub read_timeout: Duration,
    /// Longest a whole request may take, body included.
    pub total_timeout: Duration,
    pub max_redirects: usize,
    pub max_feed_bytes: u64,
    pub max_page_bytes: u64,
    pub max_image_bytes: u64,
    /// Attempts after the first for transient failures.
    pub retries: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Duration::from_secs(8),
            read_timeout: Duration::from_secs(15),
            total_timeout: Duration::from_secs(60),
            max_redirects: 5,
            max_feed_bytes: 20 * 1024 * 1024,
            max_page_bytes: 5 * 1024 * 1024,
            max_image_bytes: 10 * 1024 * 1024,
            retries: 2,
        }
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum FetchError {
    #[error("{0}: only http and https URLs are fetched")]
    Scheme(String),
    #[error("bad URL {0}")]
    BadUrl(String),
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("HTTP {status}{}{}", reason.as_deref().map(|r| format!(" {r}")).unwrap_or_default(),
        retry_after.map(|s| format!(" (the server asks to wait {})", wait_label(s))).unwrap_or_default())]
    Status {
        status: u16,
        reason: Option<String>,
        retry_after: Option<u64>,
    },
    #[error("response larger than the {} cap, stopped", size_label(*.0))]
    TooLarge(u64),
    #[error("too many redirects")]
    Redirects,
    /// The deadline (the source's `fetch_timeout` or the sync's
    /// `sync_deadline`) passed before the request could start.
    #[error("not fetched: no time left before the deadline")]
    NoTime,
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// Worth another try some time: the network or the server may do better
    /// later.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Connect(_) | FetchError::Timeout(_) | FetchError::NoTime => true,
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            FetchError::Other(_) => true,
            _ => false,
        }
    }

    /// Worth another try within the same sync. A request that timed out is
    /// not: the server that trickled once trickles again, and a second wait
    /// doubles what a bad network costs.
    pub fn is_retryable(&self) -> bool {
        self.is_transient() && !matches!(self, FetchError::Timeout(_) | FetchError::NoTime)
    }

    /// The network itself seems unreachable (not just one server unhappy).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, FetchError::Connect(_))
    }
}

/// Validators from the last successful fetch of a URL.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Fetched {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Where the body came from after redirects.
    pub final_url: String,
    /// `Link` header values (WordPress REST pagination and API discovery).
    pub links: Vec<String>,
    /// WordPress REST `X-WP-TotalPages`.
    pub total_pages: Option<u32>,
}

impl Fetched {
    /// Everything but the body.
    pub fn clone_headers(&self) -> Fetched {
        Fetched {
            body: Vec::new(),
            content_type: self.content_type.clone(),
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
            final_url: self.final_url.clone(),
            links: self.links.clone(),
            total_pages: self.total_pages,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Response {
    NotModified,
    Body(Fetched),
}

/// Only http(s) is ever fetched; `javascript:`, `data:`, `file:` never.
pub fn check_scheme(url: &str) -> Result<reqwest::Url, FetchError> {
    let u = reqwest::Url::parse(url).map_err(|_| FetchError::BadUrl(url.to_string()))?;
    match u.scheme() {
        "http" | "https" => Ok(u),
        s => Err(FetchError::Scheme(s.to_string())),
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    pub limits: Limits,
    /// No request runs past this, retries and waits included.
    deadline: Option<Instant>,
}

impl Client {
    pub fn new(limits: Limits) -> Result<Client, FetchError> {
        let max = limits.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= max {
                attempt.error("too many redirects")
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.error("redirect to a scheme other than http(s)")
            } else {
                attempt.follow()
            }
        });
        let http = reqwest::Client::builder()
            .user_agent(concat!("newsroom/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(limits.connect_timeout)
            .read_timeout(limits.read_timeout)
            .timeout(limits.total_timeout)
            .redirect(policy)
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|e| FetchError::Other(e.to_string()))?;
        Ok(Client {
            http,
            limits,
            deadline: None,
        })
    }

    /// The same client, its requests ended by `deadline` (or by the one it
    /// had, when that is sooner). Shares the connection pool.
    pub fn until(&self, deadline: Instant) -> Client {
        Client {
            deadline: Some(self.deadline.map_or(deadline, |d| d.min(deadline))),
            ..self.clone()
        }
    }

    /// The same client with a shorter bound on each request (pictures).
    pub fn with_total_timeout(&self, total: Duration) -> Client {
        let mut limits = self.limits;
        limits.total_timeout = total.min(limits.total_timeout);
        limits.read_timeout = limits.read_timeout.min(total);
        limits.connect_timeout = limits.connect_timeout.min(total);
        Client {
            limits,
            ..self.clone()
        }
    }

    /// When this client's requests must end, if it was given a deadline.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// GET with conditional validators and retries for transient failures,
    /// all of it within one request's total bound (and the deadline).
    pub async fn get(
        &self,
        url: &str,
        validators: &Validators,
        max_bytes: u64,
    ) -> Result<Response, FetchError> {
        let bound = self.until(Instant::now() + self.limits.total_timeout);
        let deadline = bound.deadline.unwrap_or_else(Instant::now);
        retry::with_retries(self.limits.retries, deadline, || {
            bound.get_once(url, validators, max_bytes)
        })
        .await
    }

    /// One GET, no retries.
    pub async fn get_once(
        &self,
        url: &str,
        validators: &Validators,
        max_bytes: u64,
    ) -> Result<Response, FetchError> {
        let parsed = check_scheme(url)?;
        let mut req = self.http.get(parsed);
        if let Some(e) = &validators.etag {
            req = req.header(header::IF_NONE_MATCH, e);
        }
        if let Some(lm) = &validators.last_modified {
            req = req.header(header::IF_MODIFIED_SINCE, lm);
        }
        let left = self.deadline.map_or(self.limits.total_timeout, |d| {
            d.saturating_duration_since(Instant::now())
        });
        let total = self.limits.total_timeout.min(left);
        if total < Duration::from_millis(100) {
            return Err(FetchError::NoTime);
        }
        let req = req.timeout(total);
        let started = Instant::now();
        let work = async {
            let resp = req.send().await.map_err(classify)?;
            let status = resp.status();
            if status == reqwest::StatusCode::NOT_MODIFIED {
                return Ok(Response::NotModified);
            }
            let headers = resp.headers().clone();
            if !status.is_success() {
                return Err(FetchError::Status {
                    status: status.as_u16(),
                    reason: status.canonical_reason().map(str::to_string),
                    retry_after: retry_after(&headers),
                });
            }
            if let Some(len) = resp.content_length()
                && len > max_bytes
                && headers.get(header::CONTENT_ENCODING).is_none()
            {
                return Err(FetchError::TooLarge(max_bytes));
            }
            let final_url = resp.url().to_string();
            // Room for what the server announced, so a feed is not copied
            // a dozen times as it grows; a false length costs at most this.
            let announced = resp.content_length().unwrap_or(0).min(max_bytes);
            let mut body =
                Vec::with_capacity(usize::try_from(announced.min(RESERVE_MAX)).unwrap_or(0));
            let mut stream = resp.bytes_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(classify)?;
                if body.len() as u64 + chunk.len() as u64 > max_bytes {
                    return Err(FetchError::TooLarge(max_bytes));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Response::Body(Fetched {
                body,
                content_type: header_str(&headers, header::CONTENT_TYPE),
                etag: header_str(&headers, header::ETAG),
                last_modified: header_str(&headers, header::LAST_MODIFIED),
                final_url,
                links: headers
                    .get_all(header::LINK)
                    .iter()
                    .filter_map(|v| v.to_str().ok().map(str::to_string))
                    .collect(),
                total_pages: header_str(&headers, "x-wp-totalpages")
                    .and_then(|v| v.trim().parse().ok()),
            }))
        };
        // reqwest's own timeout covers the body too, but a belt for the
        // braces: nothing here may outlive the total bound.
        match tokio::time::timeout(total + Duration::from_secs(1), work).await {
            // reqwest does not say which bound it hit: say how long it took.
            Ok(Err(FetchError::Timeout(0))) => Err(FetchError::Timeout(
                started.elapsed().as_secs_f64().round().max(1.0) as u64,
            )),
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout(total.as_secs().max(1))),
        }
    }
}

/// "45 s", "5 min", "2 h": how long a server asked us to wait.
fn wait_label(secs: u64) -> String {
    match secs {
        0..120 => format!("{secs} s"),
        120..3600 => format!("{} min", secs / 60),
        _ => format!("{} h", secs / 3600),
    }
}

/// "20 MB" for whole mebibytes, else the byte count.
fn size_label(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes}-byte")
    }
}

fn header_str(h: &HeaderMap, name: impl header::AsHeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
}

/// `Retry-After` in seconds, from either of its forms: a number of seconds
/// or an HTTP date. Garbage is no `Retry-After` at all.
fn retry_after(h: &HeaderMap) -> Option<u64> {
    retry_after_secs(&header_str(h, header::RETRY_AFTER)?, jiff::Timestamp::now())
}

fn retry_after_secs(v: &str, now: jiff::Timestamp) -> Option<u64> {
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs);
    }
    let at = crate::http_date::parse(v)?;
    Some(u64::try_from(at.duration_since(now).as_secs()).unwrap_or(0))
}

fn classify(e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout(0);
    }
    if e.is_redirect() {
        return FetchError::Redirects;
    }
    if e.is_connect() {
        return FetchError::Connect(root_cause(&e));
    }
    if e.is_decode() || e.is_body() {
        return FetchError::Other(format!("bad response body: {}", root_cause(&e)));
    }
    FetchError::Other(root_cause(&e))
}

/// The innermost error's text: "connection refused" rather than
/// "error sending request for url (...)".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The `rel="next"` target of `Link` headers, if any.
pub fn link_rel(links: &[String], rel: &str) -> Option<String> {
    for value in links {
        for part in value.split(',') {
            let mut pieces = part.split(';');
            let target = pieces.next()?.trim();
            let is_rel = pieces.any(|p| {
                let p = p.trim();
                p.strip_prefix("rel=")
                    .map(|r| r.trim_matches('"').split_whitespace().any(|x| x == rel))
                    .unwrap_or(false)
            });
            if is_rel && target.starts_with('<') && target.ends_with('>') {
                return Some(target[1..target.len() - 1].to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_are_named_in_megabytes() {
        assert_eq!(
            FetchError::TooLarge(20 * 1024 * 1024).to_string(),
            "response larger than the 20 MB cap, stopped"
        );
        assert_eq!(
            FetchError::TooLarge(1000).to_string(),
            "response larger than the 1000-byte cap, stopped"
        );
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now: jiff::Timestamp = "2026-12-03T08:00:00Z".parse().unwrap();
        assert_eq!(retry_after_secs("3600", now), Some(3600));
        assert_eq!(
            retry_after_secs("Thu, 03 Dec 2026 08:02:00 GMT", now),
            Some(120)
        );
        assert_eq!(
            retry_after_secs("Thu, 03 Dec 2026 07:00:00 GMT", now),
            Some(0)
        );
        assert_eq!(retry_after_secs("soon", now), None);
        // The obsolete forms a recipient must still accept (RFC 9110 §5.6.7).
        assert_eq!(
            retry_after_secs("Thursday, 03-Dec-26 08:02:00 GMT", now),
            Some(120)
        );
        assert_eq!(retry_after_secs("Thu Dec  3 08:02:00 2026", now), Some(120));
    }

    #[test]
    fn the_wait_asked_for_is_reported() {
        let e = FetchError::Status {
            status: 429,
            reason: Some("Too Many Requests".into()),
            retry_after: Some(3600),
        };
        assert_eq!(
            e.to_string(),
            "HTTP 429 Too Many Requests (the server asks to wait 1 h)"
        );
        assert!(!FetchError::Timeout(5).is_retryable());
        assert!(FetchError::Timeout(5).is_transient());
    }

    #[test]
    fn only_http_schemes() {
        assert!(check_scheme("https://a.example/").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "ftp://a/",
        ] {
            assert!(check_scheme(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn link_header_next() {
        let links = vec![r#"<https://a.example/wp-json/>; rel="https://api.w.org/", <https://a.example/wp-json/wp/v2/posts?page=2>; rel="next""#.to_string()];
        assert_eq!(
            link_rel(&links, "next").as_deref(),
            Some("https://a.example/wp-json/wp/v2/posts?page=2")
        );
        assert_eq!(
            link_rel(&links, "https://api.w.org/").as_deref(),
            Some("https://a.example/wp-json/")
        );
        assert_eq!(link_rel(&links, "prev"), None);
    }
}
