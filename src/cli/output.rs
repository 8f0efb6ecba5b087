//! What the headless commands print: text for people, JSON for scripts.
//! Every string is cleaned again on the way out, whatever the cache holds.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::Receiver;

use jiff::Zoned;
use serde::Serialize;

use super::Failure;
use crate::format::human_bytes;
use crate::model::{Event, Image};
use crate::render::sanitize::{clean_line, clean_text};
use crate::store::{ArticleQuery, EventQuery, Store};
use crate::sync::{SourceOutcome, SyncEvent};

pub fn clean(s: &str) -> String {
    clean_text(s)
}

#[derive(Serialize)]
struct ArticleJson {
    id: String,
    site: String,
    title: String,
    url: String,
    author: Option<String>,
    published: Option<String>,
    summary: String,
    categories: Vec<String>,
    read: bool,
    saved: bool,
    images: Vec<ImageJson>,
    offline: bool,
}

#[derive(Serialize)]
struct ImageJson {
    url: String,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
}

impl From<&Image> for ImageJson {
    fn from(i: &Image) -> Self {
        ImageJson {
            url: clean_line(&i.url),
            alt: i.alt.as_deref().map(clean_line),
            caption: i.caption.as_deref().map(clean_line),
            credit: i.credit.as_deref().map(clean_line),
        }
    }
}

#[derive(Serialize)]
struct EventJson {
    id: String,
    site: String,
    title: String,
    url: String,
    start: Option<String>,
    end: Option<String>,
    all_day: bool,
    timezone: Option<String>,
    venue: Option<String>,
    address: Option<String>,
    booking_url: Option<String>,
    price: Option<String>,
    description: String,
    categories: Vec<String>,
    status: crate::model::EventStatus,
}

/// RFC 3339 with the zone's own offset: `2026-07-14T18:30:00+01:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean_line).filter(|s| !s.is_empty())
}

/// Plain text of an HTML fragment: paragraphs kept as blank-line breaks.
pub fn html_to_plain(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return clean_text(html.trim());
    }
    let text = html2text::config::plain()
        .link_footnotes(false)
        .string_from_read(html.as_bytes(), 10_000)
        .unwrap_or_default();
    clean_text(text.trim())
}

pub fn articles(store: &Store, q: &ArticleQuery, json: bool) -> Result<u8, Failure> {
    let rows = store.articles(q)?;
    let mut out = std::io::stdout().lock();
    if json {
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(stored) = store.article(&row.id)? else {
                continue;
            };
            let a = &stored.article;
            items.push(ArticleJson {
                id: a.id.clone(),
                site: clean_line(&a.site),
                title: clean_line(&a.title),
                url: clean_line(&a.url),
                author: opt(&a.author),
                published: a.published.map(|t| t.to_string()),
                summary: clean_text(&a.summary),
                categories: a.categories.iter().map(|c| clean_line(c)).collect(),
                read: stored.read,
                saved: stored.saved,
                images: a.all_images().iter().map(ImageJson::from).collect(),
                offline: row.offline,
            });
        }
        serde_json::to_writer_pretty(&mut out, &items)
            .map_err(|e| Failure::partial(e.to_string()))?;
        writeln!(out)?;
    } else {
        for r in &rows {
            let date = r
                .published
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_else(|| "          ".into());
            let flags = format!(
                "{}{}",
                if r.read { ' ' } else { '●' },
                if r.saved { '★' } else { ' ' }
            );
            writeln!(
                out,
                "{}  {date}  {flags}  {}  ({})",
                r.id,
                clean_line(&r.title),
                clean_line(&r.site)
            )?;
        }
    }
    Ok(0)
}

pub fn events(store: &Store, q: &EventQuery, json: bool) -> Result<u8, Failure> {
    let events = store.events(q)?;
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<EventJson> = events.iter().map(event_json).collect();
        serde_json::to_writer_pretty(&mut out, &items)
            .map_err(|e| Failure::partial(e.to_string()))?;
        writeln!(out)?;
    } else {
        for e in &events {
            let when = match &e.start {
                Some(s) if e.all_day => s.strftime("%Y-%m-%d       ").to_string(),
                Some(s) => s.strftime("%Y-%m-%d %H:%M").to_string(),
                None => "                ".into(),
            };
            let status = if e.status == crate::model::EventStatus::Cancelled {
                "CANCELLED  "
            } else {
                ""
            };
            let venue = opt(&e.venue)
                .map(|v| format!("  @ {v}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{}  {when}  {status}{}{venue}",
                e.id,
                clean_line(&e.title)
            )?;
        }
    }
    Ok(0)
}

fn event_json(e: &Event) -> EventJson {
    EventJson {
        id: e.id.clone(),
        site: clean_line(&e.site),
        title: clean_line(&e.title),
        url: e.url.as_deref().map(clean_line).unwrap_or_default(),
        start: e.start.as_ref().map(rfc3339),
        end: e.end.as_ref().map(rfc3339),
        all_day: e.all_day,
        timezone: opt(&e.timezone),
        venue: opt(&e.venue),
        address: opt(&e.address),
        booking_url: opt(&e.booking_url),
        price: opt(&e.price),
        description: html_to_plain(&e.description_html),
        categories: e.categories.iter().map(|c| clean_line(c)).collect(),
        status: e.status,
    }
}

pub fn read(store: &Store, id: &str, width: usize) -> Result<u8, Failure> {
    let Some(stored) = store.article(id)? else {
        return Err(Failure::partial(format!("no article with id {id:?}")));
    };
    let text = crate::render::article::render_article_plain(&stored.article, width.max(20));
    write!(std::io::stdout().lock(), "{}", clean_text(&text))?;
    store.set_read(id, true)?;
    Ok(0)
}

pub fn event(store: &Store, id: &str, width: usize) -> Result<u8, Failure> {
    let Some(e) = store.event(id)? else {
        return Err(Failure::partial(format!("no event with id {id:?}")));
    };
    let local = jiff::tz::TimeZone::system();
    write!(
        std::io::stdout().lock(),
        "{}",
        clean_text(&crate::render::event::render_event_plain(
            &e,
            &local,
            width.max(20)
        ))
    )?;
    Ok(0)
}

pub fn export_ics(store: &Store, id: &str) -> Result<u8, Failure> {
    let Some(e) = store.event(id)? else {
        return Err(Failure::partial(format!("no event with id {id:?}")));
    };
    write!(std::io::stdout().lock(), "{}", crate::ics::export_ics(&e))?;
    Ok(0)
}

/// The selected events as one calendar.
pub fn events_ics(store: &Store, q: &EventQuery) -> Result<u8, Failure> {
    let events = store.events(q)?;
    write!(
        std::io::stdout().lock(),
        "{}",
        crate::ics::export_calendar(&events)
    )?;
    Ok(0)
}

/// What a finished source says, on one line.
fn source_line(r: &crate::sync::SourceReport) -> String {
    let what = match &r.outcome {
        SourceOutcome::Updated {
            warning: Some(w), ..
        } => format!("warning {}", clean_line(w)),
        SourceOutcome::Updated {
            new,
            updated,
            unchanged,
            warnings,
            warning: None,
        } => {
            let w = if *warnings > 0 {
                format!(", {warnings} skipped")
            } else {
                String::new()
            };
            format!("ok      {new} new, {updated} updated, {unchanged} unchanged{w}")
        }
        SourceOutcome::NotModified => "ok      not modified".to_string(),
        SourceOutcome::Failed(e) => format!("FAILED  {}", clean_line(e)),
    };
    format!("{}  {}  {what}", clean_line(&r.site), clean_line(&r.url))
}

fn summary_lines(s: &crate::sync::SyncSummary) -> Vec<String> {
    let mut lines = vec![format!(
        "sync: {} new, {} updated, {} unchanged, {} not modified, {} failed · {} pages, {} pictures for offline · {} in {:.1} s",
        s.new,
        s.updated,
        s.unchanged,
        s.not_modified,
        s.failed,
        s.pages,
        s.images,
        human_bytes(s.bytes),
        s.elapsed.as_secs_f64()
    )];
    if s.offline {
        lines.push("sync: no source could be reached — the network seems to be down".into());
    }
    lines
}

/// On a terminal, a progress bar (sources and items done, bytes, rate,
/// time left) with each source's line printed above it; otherwise one line
/// per source as it finishes. Then the summary.
pub fn sync_progress(rx: Receiver<SyncEvent>) {
    if std::io::stderr().is_terminal() {
        sync_progress_bar(rx);
        return;
    }
    // Locked per line, never for the whole sync: a panic message from
    // another thread would otherwise wait for the lock forever.
    for ev in rx {
        match ev {
            SyncEvent::SourceDone(r) => {
                let _ = writeln!(std::io::stderr().lock(), "{}", source_line(&r));
            }
            SyncEvent::Finished(s) => {
                let mut err = std::io::stderr().lock();
                for l in summary_lines(&s) {
                    let _ = writeln!(err, "{l}");
                }
            }
            _ => {}
        }
    }
}

fn sync_progress_bar(rx: Receiver<SyncEvent>) {
    use indicatif::{ProgressBar, ProgressStyle};
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(
        "{spinner} {prefix:>8} [{bar:28}] {pos}/{len} {msg} · {elapsed} (eta {eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix("sources");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let started = std::time::Instant::now();
    let rate = |bytes: u64| {
        let secs = started.elapsed().as_secs_f64().max(0.001);
        format!(
            "{} · {}/s",
            human_bytes(bytes),
            human_bytes((bytes as f64 / secs) as u64)
        )
    };
    let mut phase = "";
    for ev in rx {
        match ev {
            SyncEvent::Started { sources } => bar.set_length(sources as u64),
            SyncEvent::Bytes(b) => bar.set_message(rate(b)),
            SyncEvent::SourceDone(r) => {
                bar.println(source_line(&r));
                bar.inc(1);
            }
            SyncEvent::Prefetch { done, total, what } => {
                if phase != what {
                    phase = what;
                    bar.set_prefix(what);
                    bar.set_length(total as u64);
                    bar.reset_eta();
                }
                bar.set_position(done as u64);
            }
            SyncEvent::Finished(s) => {
                bar.finish_and_clear();
                for l in summary_lines(&s) {
                    eprintln!("{l}");
                }
            }
        }
    }
}
