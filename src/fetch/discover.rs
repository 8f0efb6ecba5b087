//! Find a site's article and event sources from its home page: feed
//! alternates, the WordPress REST API (a `Link` header, a `<link>`, or
//! `/wp-json/`), iCalendar links and The Events Calendar's endpoint.

use scraper::{Html, Selector};

use super::{Client, FetchError, Limits, Response, Validators, link_rel};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovered {
    pub name: String,
    pub home: String,
    pub articles: Vec<String>,
    pub events: Vec<String>,
}

impl Discovered {
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty() && self.events.is_empty()
    }

    /// A `[[site]]` block to paste into config.toml.
    pub fn to_toml(&self) -> String {
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|u| toml_str(u)).collect();
            format!("[{}]", items.join(", "))
        };
        format!(
            "[[site]]\nname = {}\nhome = {}\narticles = {}\nevents = {}\n",
            toml_str(&self.name),
            toml_str(&self.home),
            list(&self.articles),
            list(&self.events)
        )
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

const REST_POSTS: &str = "wp/v2/posts?_embed&per_page=20";
const TRIBE_EVENTS: &str = "tribe/events/v1/events";

/// Fetch `home` and find its sources.
pub async fn discover(home: &str) -> Result<Discovered, FetchError> {
    let client = Client::new(Limits {
        retries: 0,
        ..Limits::default()
    })?;
    discover_with(&client, home).await
}

pub async fn discover_with(client: &Client, home: &str) -> Result<Discovered, FetchError> {
    let page = match client
        .get(home, &Validators::default(), client.limits.max_page_bytes)
        .await?
    {
        Response::Body(f) => f,
        Response::NotModified => return Err(FetchError::Other("unexpected 304".into())),
    };
    let html = String::from_utf8_lossy(&page.body).into_owned();
    let base = page.final_url.clone();
    let mut found = from_html(&html, &base);
    found.home = home.to_string();

    let api = link_rel(&page.links, "https://api.w.org/").or_else(|| found_api_link(&html, &base));
    let api = match api {
        Some(a) => Some(a),
        None => probe_api(client, &base).await,
    };
    if let Some(api) = api {
        let api = if api.ends_with('/') {
            api
        } else {
            format!("{api}/")
        };
        let namespaces = api_namespaces(client, &api).await;
        let has = |ns: &str| {
            namespaces
                .as_ref()
                .is_none_or(|n| n.iter().any(|x| x == ns))
        };
        if has("wp/v2") {
            push_unique(&mut found.articles, format!("{api}{REST_POSTS}"));
        }
        if namespaces
            .as_ref()
            .is_some_and(|n| n.iter().any(|x| x == "tribe/events/v1"))
        {
            push_unique(&mut found.events, format!("{api}{TRIBE_EVENTS}"));
        }
    }
    Ok(found)
}

/// Most sources of each kind taken from one home page: a page with a
/// calendar link on every event would otherwise make a source of each,
/// and a hostile one, millions.
pub const MAX_FOUND: usize = 8;

fn push_unique(v: &mut Vec<String>, s: String) {
    if v.len() < MAX_FOUND && !v.contains(&s) {
        v.push(s);
    }
}

/// Feed alternates, calendar links and the site's name, from the page alone.
pub fn from_html(html: &str, base: &str) -> Discovered {
    let doc = Html::parse_document(html);
    let base_url = url::Url::parse(base).ok();
    let abs = |href: &str| -> Option<String> {
        let href = href.trim();
        let href = href
            .strip_prefix("webcal://")
            .map(|r| format!("https://{r}"))
            .unwrap_or_else(|| href.to_string());
        let u = match &base_url {
            Some(b) => b.join(&href).ok()?,
            None => url::Url::parse(&href).ok()?,
        };
        matches!(u.scheme(), "http" | "https").then(|| u.to_string())
    };
    let mut d = Discovered::default();
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    for link in doc.select(&sel("link[rel~=alternate][href]")) {
        let ty = link.value().attr("type").unwrap_or("").to_ascii_lowercase();
        let title = link
            .value()
            .attr("title")
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(href) = link.value().attr("href").and_then(abs) else {
            continue;
        };
        let is_comments = title.contains("comments") || href.contains("/comments/feed");
        match ty.split(';').next().unwrap_or("").trim() {
            "application/rss+xml"
            | "application/atom+xml"
            | "application/feed+json"
            | "application/rdf+xml"
                if !is_comments =>
            {
                push_unique(&mut d.articles, href)
            }
            "application/json" if title.contains("feed") => push_unique(&mut d.articles, href),
            "text/calendar" => push_unique(&mut d.events, href),
            _ => {}
        }
    }
    for a in doc.select(&sel("a[href]")) {
        let raw = a.value().attr("href").unwrap_or("");
        let lower = raw.to_ascii_lowercase();
        if (lower.starts_with("webcal:") || lower.contains("ical=1") || lower.ends_with(".ics"))
            && let Some(href) = abs(raw)
        {
            push_unique(&mut d.events, href);
        }
    }
    let meta_name = doc
        .select(&sel("meta[property='og:site_name'][content]"))
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_string);
    let title = doc
        .select(&sel("title"))
        .next()
        .map(|t| t.text().collect::<String>());
    let name = meta_name
        .or_else(|| title.map(|t| t.split(['|', '–', '-']).next().unwrap_or("").to_string()));
    d.name =
        crate::render::sanitize::clean_line(&html_escape_decode(name.as_deref().unwrap_or("")));
    if d.name.is_empty() {
        d.name = base_url
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "site".into());
    }
    d
}

fn html_escape_decode(s: &str) -> String {
    Html::parse_fragment(s).root_element().text().collect()
}

fn found_api_link(html: &str, base: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("link[rel='https://api.w.org/'][href]").expect("static selector");
    let href = doc.select(&sel).next()?.value().attr("href")?;
    url::Url::parse(base)
        .ok()?
        .join(href)
        .ok()
        .map(|u| u.to_string())
}

/// A WordPress site without the `<link>` still answers at `/wp-json/`.
async fn probe_api(client: &Client, base: &str) -> Option<String> {
    let api = url::Url::parse(base)
        .ok()?
        .join("/wp-json/")
        .ok()?
        .to_string();
    api_namespaces(client, &api).await.map(|_| api)
}

async fn api_namespaces(client: &Client, api: &str) -> Option<Vec<String>> {
    let r = client
        .get_once(api, &Validators::default(), client.limits.max_page_bytes)
        .await
        .ok()?;
    let Response::Body(f) = r else { return None };
    let v: serde_json::Value = serde_json::from_slice(&f.body).ok()?;
    let ns = v.get("namespaces")?.as_array()?;
    Some(
        ns.iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_alternates_and_calendars() {
        let html = r#"<html><head><title>Harbour Arts &#8211; News</title>
            <link rel="alternate" type="application/rss+xml" title="Harbour &raquo; Feed" href="/feed/" />
            <link rel="alternate" type="application/rss+xml" title="Harbour &raquo; Comments Feed" href="/comments/feed/" />
            <link rel="alternate" type="text/calendar" title="Harbour &raquo; iCal Feed" href="https://h.example/events/?ical=1" />
            </head><body><a href="webcal://h.example/events/?ical=1">Add</a></body></html>"#;
        let d = from_html(html, "https://h.example/");
        assert_eq!(d.articles, vec!["https://h.example/feed/"]);
        assert_eq!(d.events, vec!["https://h.example/events/?ical=1"]);
        assert_eq!(d.name, "Harbour Arts");
        assert!(
            d.to_toml()
                .contains("articles = [\"https://h.example/feed/\"]")
        );
    }

    #[test]
    fn a_page_of_calendar_links_gives_a_few_sources_not_thousands() {
        let links: String = (0..5_000)
            .map(|i| format!("<a href=\"/event/{i}/?ical=1\">Add to calendar</a>"))
            .collect();
        let d = from_html(
            &format!("<html><body>{links}</body></html>"),
            "https://h.example/",
        );
        assert_eq!(d.events.len(), MAX_FOUND);
        assert_eq!(d.events[0], "https://h.example/event/0/?ical=1");
    }
}
