//! A request as the routes see it: owned, synchronous, already read whole.

use hyper::http::request::Parts;

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
    /// From the head hyper parsed and the body read so far. A proxy-style
    /// `http://host/path` target becomes `/path`.
    pub(super) fn from_parts(head: &Parts, body: Vec<u8>) -> Request {
        let mut target = head
            .uri
            .path_and_query()
            .map_or("/", |pq| pq.as_str())
            .to_string();
        if !target.starts_with('/') && target != "*" {
            target.insert(0, '/');
        }
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.clone(), None),
        };
        let version = if head.version == hyper::Version::HTTP_10 {
            Version::Http10
        } else {
            Version::Http11
        };
        let headers = head
            .headers
            .iter()
            .map(|(k, v)| {
                let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_string(), v)
            })
            .collect();
        Request {
            method: head.method.as_str().to_string(),
            target,
            path,
            query,
            version,
            headers,
            body,
        }
    }

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
        url::form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw_target: &str, version: hyper::Version, headers: &[(&str, &str)]) -> Request {
        let mut b = hyper::Request::builder()
            .method("GET")
            .uri(raw_target)
            .version(version);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let (parts, ()) = b.body(()).expect("request").into_parts();
        Request::from_parts(&parts, Vec::new())
    }

    #[test]
    fn parses_query_and_headers() {
        let req = head(
            "/wp-json/wp/v2/posts?_embed&per_page=5",
            hyper::Version::HTTP_11,
            &[("If-None-Match", "\"a\"")],
        );
        assert_eq!(req.path, "/wp-json/wp/v2/posts");
        assert_eq!(req.query_param("per_page").as_deref(), Some("5"));
        assert_eq!(req.query_param("_embed").as_deref(), Some(""));
        assert_eq!(req.header("if-none-match"), Some("\"a\""));
        assert!(req.keep_alive());
    }

    #[test]
    fn http10_closes_unless_asked() {
        assert!(!head("/", hyper::Version::HTTP_10, &[]).keep_alive());
        let asked = head(
            "/",
            hyper::Version::HTTP_10,
            &[("Connection", "Keep-Alive")],
        );
        assert!(asked.keep_alive());
    }

    #[test]
    fn absolute_targets_become_paths() {
        let t = |uri| head(uri, hyper::Version::HTTP_11, &[]).target;
        assert_eq!(t("http://a.b/c?d"), "/c?d");
        assert_eq!(t("http://a.b"), "/");
    }

    #[test]
    fn decodes_percent_and_plus() {
        let req = head("/q?a=a%20b+c%zz%&b=%E5%8C%97", hyper::Version::HTTP_11, &[]);
        assert_eq!(req.query_param("a").as_deref(), Some("a b c%zz%"));
        assert_eq!(req.query_param("b").as_deref(), Some("北"));
    }
}
