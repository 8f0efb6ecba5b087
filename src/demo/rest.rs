//! The sample site's REST endpoints: WordPress's `wp/v2/posts` and The
//! Events Calendar's `tribe/events/v1/events`, paged the way each plugin
//! pages (headers for WordPress, `next_rest_url` in the body for the
//! calendar). Each item is a stored JSON fragment; lists are spliced as text
//! so the bytes stay exactly as PHP's `json_encode` wrote them (`\/`,
//! `\uXXXX`).

use super::Site;
use crate::serve::{Request, Response};

const POSTS: &str = "wp-json/wp/v2/posts/";
const EVENTS: &str = "wp-json/tribe/events/v1/events/";

/// A WordPress REST error body.
pub fn error(status: u16, code: &str, message: &str) -> Response {
    let body = format!(r#"{{"code":"{code}","message":"{message}","data":{{"status":{status}}}}}"#);
    Response::ok("application/json; charset=UTF-8", body).with_status(status)
}

fn invalid_param(name: &str, why: &str) -> Response {
    let body = format!(
        r#"{{"code":"rest_invalid_param","message":"Invalid parameter(s): {name}","data":{{"status":400,"params":{{"{name}":"{why}"}},"details":{{"{name}":{{"code":"rest_out_of_bounds","message":"{why}","data":null}}}}}}}}"#
    );
    Response::ok("application/json; charset=UTF-8", body).with_status(400)
}

/// Answer a REST route, or None when the path is not one of these.
pub fn route(site: &Site, req: &Request) -> Option<Response> {
    let path = req.path.trim_end_matches('/');
    let resp = match path {
        "/wp-json" => site.respond("wp-json/index.json")?,
        "/wp-json/wp/v2/posts" => posts_list(site, req),
        "/wp-json/tribe/events/v1/events" => events_list(site, req),
        _ => {
            if let Some(id) = path.strip_prefix("/wp-json/wp/v2/posts/") {
                let post = post_json(site, id, req.query_param("_embed").is_some())?;
                site.rest_headers(Response::ok("application/json; charset=UTF-8", post))
                    .cacheable(site.built)
            } else if let Some(id) = path.strip_prefix("/wp-json/tribe/events/v1/events/") {
                if !id.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                site.respond(&format!("{EVENTS}{id}.json"))?
            } else {
                return None;
            }
        }
    };
    Some(resp)
}

/// Ids of stored fragments under `dir`, as numbers.
fn ids(site: &Site, dir: &str) -> Vec<u64> {
    let mut ids: Vec<u64> = site
        .files
        .keys()
        .filter_map(|k| k.strip_prefix(dir)?.strip_suffix(".json")?.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

/// One post, with `_embedded` spliced in before the closing brace when asked.
fn post_json(site: &Site, id: &str, embed: bool) -> Option<String> {
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let post = std::str::from_utf8(site.file(&format!("{POSTS}{id}.json"))?).ok()?;
    if !embed {
        return Some(post.to_string());
    }
    let embedded = std::str::from_utf8(site.file(&format!("{POSTS}{id}.embedded.json"))?).ok()?;
    let open = post.strip_suffix('}')?;
    Some(format!("{open},\"_embedded\":{embedded}}}"))
}

/// `per_page` and `page` as WordPress validates them.
fn paging(req: &Request, default: usize, max: usize) -> Result<(usize, usize), Response> {
    let num = |name: &str, default: usize, max: usize| -> Result<usize, Response> {
        match req.query_param(name) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ if max == usize::MAX => Err(invalid_param(
                    name,
                    &format!("{name} must be greater than or equal to 1"),
                )),
                _ => Err(invalid_param(
                    name,
                    &format!("{name} must be between 1 (inclusive) and {max} (inclusive)"),
                )),
            },
        }
    };
    Ok((num("per_page", default, max)?, num("page", 1, usize::MAX)?))
}

/// The request's query without `page`, to build the neighbours' links.
fn query_without_page(req: &Request) -> String {
    req.query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("page"))
        .collect::<Vec<_>>()
        .join("&")
}

fn with_page(base: &str, rest: &str, page: usize) -> String {
    if rest.is_empty() {
        format!("{base}?page={page}")
    } else {
        format!("{base}?{rest}&page={page}")
    }
}

fn posts_list(site: &Site, req: &Request) -> Response {
    let (per_page, page) = match paging(req, 10, 100) {
        Ok(p) => p,
        Err(resp) => return site.rest_headers(resp),
    };
    let embed = req.query_param("_embed").is_some();
    // Newest first; ids grow with the publication date.
    let mut all = ids(site, POSTS);
    all.reverse();
    let total = all.len();
    let pages = total.div_ceil(per_page).max(1);
    if page > pages && total > 0 {
        return site.rest_headers(error(
            400,
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        ));
    }
    let items: Vec<String> = all
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .filter_map(|id| post_json(site, &id.to_string(), embed))
        .collect();
    let base = format!("{}/wp-json/wp/v2/posts", site.origin);
    let rest = query_without_page(req);
    let mut resp = Response::ok(
        "application/json; charset=UTF-8",
        format!("[{}]", items.join(",")),
    )
    .with_header("X-WP-Total", &total.to_string())
    .with_header("X-WP-TotalPages", &pages.to_string());
    if page > 1 {
        resp = resp.with_header(
            "Link",
            &format!("<{}>; rel=\"prev\"", with_page(&base, &rest, page - 1)),
        );
    }
    if page < pages {
        resp = resp.with_header(
            "Link",
            &format!("<{}>; rel=\"next\"", with_page(&base, &rest, page + 1)),
        );
    }
    site.rest_headers(resp).cacheable(site.built)
}

fn events_list(site: &Site, req: &Request) -> Response {
    let (per_page, page) = match paging(req, 10, 50) {
        Ok(p) => p,
        Err(resp) => return site.rest_headers(resp),
    };
    // Soonest first; ids grow with the start date.
    let all = ids(site, EVENTS);
    let total = all.len();
    let pages = total.div_ceil(per_page).max(1);
    if page > pages {
        return site.rest_headers(error(
            400,
            "event-archive-page-not-found",
            "The requested event archive page does not exist",
        ));
    }
    let items: Vec<&str> = all
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .filter_map(|id| std::str::from_utf8(site.file(&format!("{EVENTS}{id}.json"))?).ok())
        .collect();
    let base = format!("{}/wp-json/tribe/events/v1/events/", site.origin);
    let rest = query_without_page(req);
    let url = |p: usize| with_page(&base, &rest, p).replace('/', "\\/");
    let mut body = format!(
        "{{\"events\":[{}],\"rest_url\":\"{}\"",
        items.join(","),
        url(page)
    );
    if page < pages {
        body.push_str(&format!(",\"next_rest_url\":\"{}\"", url(page + 1)));
    }
    if page > 1 {
        body.push_str(&format!(",\"previous_rest_url\":\"{}\"", url(page - 1)));
    }
    body.push_str(&format!(",\"total\":{total},\"total_pages\":{pages}}}"));
    let resp = Response::ok("application/json; charset=UTF-8", body)
        .with_header("X-TEC-Total", &total.to_string())
        .with_header("X-TEC-TotalPages", &pages.to_string());
    site.rest_headers(resp).cacheable(site.built)
}
