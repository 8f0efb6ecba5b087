//! `newsroom sites`: each configured site, its sources (listed, or found on
//! its home page and when), how each last fetch went and what it skipped;
//! and the warnings a `sync` prints after its summary.

use std::io::Write;

use jiff::Timestamp;

use super::Failure;
use crate::config::{Config, SiteConfig};
use crate::format::{ago, human_bytes};
use crate::model::{Discovery, SourceRole, SourceState};
use crate::render::sanitize::clean_line;
use crate::store::Store;
use crate::sync::discovery::LOOK_AGAIN_AFTER;

/// Reasons shown per source; `sites` keeps more than `sync` prints.
const SITES_REASONS: usize = 20;
const SYNC_REASONS: usize = 5;

pub fn sites(config: &Config, store: &Store) -> Result<u8, Failure> {
    let sources = store.sources()?;
    let waiting = store.waiting()?;
    let mut out = std::io::stdout().lock();
    let now = Timestamp::now();
    for site in &config.sites {
        writeln!(out, "{}", clean_line(&site.name))?;
        if let Some(home) = &site.home {
            writeln!(out, "  home      {}", clean_line(home))?;
        }
        let found = store
            .discovery(&site.name)?
            .filter(|d| Some(&d.home) == site.home.as_ref());
        for (role, url, discovered) in site_sources(site, found.as_ref()) {
            let kind = match role {
                SourceRole::Articles => "articles",
                SourceRole::Events => "events  ",
            };
            let from = if discovered {
                "  (found on the home page)"
            } else {
                ""
            };
            writeln!(out, "  {kind}  {}{from}", clean_line(url))?;
            let state = sources.iter().find(|(_, s)| &s.url == url).map(|(_, s)| s);
            writeln!(out, "            {}", state_line(state, now))?;
            if let Some(s) = state {
                for line in reasons(s, SITES_REASONS) {
                    writeln!(out, "              {line}")?;
                }
            }
        }
        if let Some(line) = discovery_line(site, found.as_ref(), now) {
            writeln!(out, "  {line}")?;
        }
        if let Some(w) = waiting.iter().find(|w| w.site == site.name) {
            writeln!(out, "  retry     {}", waiting_line(w, now))?;
        }
    }
    writeln!(
        out,
        "cache: {} ({})",
        human_bytes(store.cache_size()?),
        store.connection().path().unwrap_or("in memory")
    )?;
    Ok(0)
}

/// "2 pages, 1 picture failed; next try in 52 min".
fn waiting_line(w: &crate::store::Waiting, now: jiff::Timestamp) -> String {
    let count = |n: usize, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    let mut what = Vec::new();
    if w.pages > 0 {
        what.push(count(w.pages, "page"));
    }
    if w.pictures > 0 {
        what.push(count(w.pictures, "picture"));
    }
    let when = match w
        .next_try
        .map(|t| (t.as_second() - now.as_second()).max(0) as u64)
    {
        Some(0) => "at the next sync".to_string(),
        Some(s) if s < 3600 => format!("in {} min", s.div_ceil(60)),
        Some(s) if s < 2 * 86_400 => format!("in {} h", s.div_ceil(3600)),
        Some(s) => format!("in {} days", s.div_ceil(86_400)),
        None => "later".to_string(),
    };
    format!("{} failed, waiting; next try {when}", what.join(", "))
}

/// The sources a sync fetches for `site`: those listed, then for a kind
/// it lists none of, those its home page named.
fn site_sources<'a>(
    site: &'a SiteConfig,
    found: Option<&'a Discovery>,
) -> Vec<(SourceRole, &'a String, bool)> {
    let mut v = Vec::new();
    let (articles, from_home) = match found {
        Some(d) if site.articles.is_empty() => (&d.articles, true),
        _ => (&site.articles, false),
    };
    v.extend(
        articles
            .iter()
            .map(|u| (SourceRole::Articles, u, from_home)),
    );
    let (events, from_home) = match found {
        Some(d) if site.events.is_empty() => (&d.events, true),
        _ => (&site.events, false),
    };
    v.extend(events.iter().map(|u| (SourceRole::Events, u, from_home)));
    v
}

fn state_line(state: Option<&SourceState>, now: Timestamp) -> String {
    let Some(s) = state else {
        return "never fetched".to_string();
    };
    let when = s
        .last_fetch
        .map(|t| ago(now, t))
        .unwrap_or_else(|| "never fetched".into());
    let mut parts = vec![format!("last fetched {when}")];
    match (&s.last_error, &s.warning) {
        (Some(err), _) => parts.push(format!("FAILED: {}", clean_line(err))),
        // Read, but wrong as a whole (a document with no items): never "ok".
        (None, Some(w)) if s.last_fetch.is_some() => {
            parts.push(format!("WARNING: {}", clean_line(w)))
        }
        (None, None) if s.last_fetch.is_some() => parts.push(format!("ok, {} items", s.items)),
        _ => {}
    }
    if s.warnings > 0 {
        parts.push(format!("{} skipped with warnings", s.warnings));
    }
    parts.join(" · ")
}

/// The first `max` warnings of a source, then how many more there were.
fn reasons(s: &SourceState, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = s
        .warning_list
        .iter()
        .take(max)
        .map(|w| format!("warning: {}", clean_line(w)))
        .collect();
    let more = (s.warnings as usize).saturating_sub(lines.len());
    if more > 0 && !lines.is_empty() {
        lines.push(format!("… and {more} more"));
    }
    lines
}

/// When the home page was looked at for the sources a site does not list,
/// what it gave, and when it will be looked at again.
fn discovery_line(site: &SiteConfig, found: Option<&Discovery>, now: Timestamp) -> Option<String> {
    let lacks = match (site.articles.is_empty(), site.events.is_empty()) {
        (true, true) => "articles and events",
        (true, false) => "articles",
        (false, true) => "events",
        (false, false) => return None,
    };
    site.home.as_ref()?;
    let Some(d) = found else {
        return Some(format!(
            "found     {lacks}: the home page is looked at on the next sync"
        ));
    };
    let mut line = match d.checked {
        Some(t) => {
            let next = t
                .checked_add(LOOK_AGAIN_AFTER)
                .ok()
                .map(|n| {
                    // A look that failed is tried again at once.
                    if n <= now || d.error.is_some() {
                        "on the next sync".to_string()
                    } else {
                        format!("in {}", until(now, n))
                    }
                })
                .unwrap_or_default();
            let n = match (site.articles.is_empty(), site.events.is_empty()) {
                (true, true) => d.articles.len() + d.events.len(),
                (true, false) => d.articles.len(),
                _ => d.events.len(),
            };
            let sources = if n == 1 { "source" } else { "sources" };
            format!(
                "found     {lacks} on the home page {}: {n} {sources} · looked at again {next}",
                ago(now, t)
            )
        }
        None => format!("found     {lacks}: nothing yet"),
    };
    if let (Some(err), Some(t)) = (&d.error, d.tried) {
        line.push_str(&format!(
            " · last look {} FAILED: {}",
            ago(now, t),
            clean_line(err)
        ));
    }
    Some(line)
}

fn until(now: Timestamp, then: Timestamp) -> String {
    let secs = then.as_second() - now.as_second();
    match secs {
        s if s < 3600 => format!("{} min", (s / 60).max(1)),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        // Rounded: a week from now reads "7 days", not "6".
        s => format!("{} days", (s + 43_200) / 86_400),
    }
}

/// After a sync: the reasons behind each source's warnings this time.
pub fn sync_warnings(store: &Store, sites: &[SiteConfig], since: Timestamp) -> Vec<String> {
    let Ok(sources) = store.sources() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for site in sites {
        if let Ok(Some(d)) = store.discovery(&site.name)
            && let (Some(err), Some(t)) = (&d.error, d.tried)
            && t >= since
        {
            lines.push(format!(
                "{}  {}  could not look for sources there: {}",
                clean_line(&site.name),
                clean_line(&d.home),
                clean_line(err)
            ));
        }
    }
    for (_, s) in sources {
        let this_sync = s.last_success.is_some_and(|t| t >= since);
        if !this_sync || s.warnings == 0 || s.warning_list.is_empty() {
            continue;
        }
        let plural = if s.warnings == 1 { "" } else { "s" };
        lines.push(format!(
            "{}  {}  {} warning{plural}:",
            clean_line(&s.site),
            clean_line(&s.url),
            s.warnings
        ));
        lines.extend(
            reasons(&s, SYNC_REASONS)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
    }
    lines
}
