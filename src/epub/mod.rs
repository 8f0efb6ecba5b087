//! The cached news as an EPUB 3 book for an e-reader: a cover, a table of
//! contents by site then day, one chapter per article with its pictures,
//! captions, credits and numbered link notes, and the upcoming events last.
//! Everything comes from the cache; nothing here touches the network.

mod events;
mod package;
mod pictures;
pub mod zip;

use std::io::BufWriter;
use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::Article;
use crate::render::article::long_date;
use crate::render::sanitize::clean_line;
use crate::render::xhtml::{article_xhtml, esc};
use crate::store::{ArticleQuery, EventQuery, EventWhen, Store, StoreError};
use package::{Book, Chapter, Resource};
use pictures::Pictures;
use zip::{Method, ZipWriter};

#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the book: {0}")]
    Io(#[from] std::io::Error),
    #[error("nothing to put in the book: no cached article matches")]
    Empty,
}

/// What goes in the book.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub articles: ArticleQuery,
    /// Add the upcoming events (of `articles.site`, when given) as a last
    /// chapter.
    pub events: bool,
}

/// What went into the book, and what was left out and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub articles: usize,
    pub events: usize,
    /// Picture files in the book (each stored once).
    pub pictures: usize,
    pub bytes: u64,
    pub warnings: Vec<String>,
}

impl Summary {
    /// What the command says when done: the book, then what was left out.
    pub fn lines(&self, path: &Path) -> Vec<String> {
        let mut out = vec![format!(
            "export-epub: {}, {} → {} ({})",
            count_line(self.articles, self.events),
            match self.pictures {
                1 => "1 picture".to_string(),
                n => format!("{n} pictures"),
            },
            path.display(),
            crate::format::human_bytes(self.bytes)
        )];
        let n = self.warnings.len();
        if n > 0 {
            out.push(format!(
                "export-epub: {n} warning{}",
                if n == 1 { "" } else { "s" }
            ));
            out.extend(self.warnings.iter().map(|w| format!("  {w}")));
        }
        out
    }
}

/// Writes the book to `path`. The file appears whole or not at all: it is
/// written beside and moved into place at the end.
pub fn export(store: &Store, opts: &Options, path: &Path) -> Result<Summary, EpubError> {
    let rows = store.articles(&opts.articles)?;
    let events = if opts.events {
        store.events(&EventQuery {
            site: opts.articles.site.clone(),
            when: EventWhen::Upcoming,
            search: None,
            category: None,
            offset: 0,
            limit: usize::MAX,
        })?
    } else {
        Vec::new()
    };
    if rows.is_empty() && events.is_empty() {
        return Err(EpubError::Empty);
    }
    // Book order is the contents' order: by site, then newest first.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        a.site
            .cmp(&b.site)
            .then(b.published.cmp(&a.published))
            .then(a.id.cmp(&b.id))
    });

    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".newsroom-epub-")
        .tempfile_in(&dir)?;
    let mut zip = ZipWriter::new(BufWriter::new(tmp.as_file().try_clone()?));
    zip.add("mimetype", b"application/epub+zip", Method::Stored)?;
    zip.add(
        "META-INF/container.xml",
        package::CONTAINER.as_bytes(),
        Method::Deflated,
    )?;

    let tz = TimeZone::system();
    let mut pictures = Pictures::default();
    let mut chapters = Vec::new();
    let mut sites: Vec<String> = Vec::new();
    let (mut newest, mut oldest): (Option<Timestamp>, Option<Timestamp>) = (None, None);
    let mut summary = Summary::default();
    for &i in &order {
        let Some(stored) = store.article(&rows[i].id)? else {
            continue;
        };
        let a = &stored.article;
        // Numbered, so two ids that clean to the same name stay apart.
        let href = format!("a{}-{}.xhtml", chapters.len() + 1, file_safe(&a.id));
        let xhtml = {
            let mut lookup = |url: &str| pictures.href(store, &mut zip, url);
            article_xhtml(a, &mut lookup)
        };
        pictures.check()?;
        let page = package::page(&clean_line(&a.title), &chapter_body(a, &xhtml, &tz));
        zip.add(&format!("OEBPS/{href}"), page.as_bytes(), Method::Deflated)?;
        let site = clean_line(&a.site);
        if !sites.contains(&site) {
            sites.push(site.clone());
        }
        if let Some(t) = a.published {
            newest = newest.max(Some(t));
            oldest = Some(oldest.map_or(t, |o| o.min(t)));
        }
        chapters.push(Chapter {
            href,
            title: title_of(a),
            site: Some(site),
            day: a.published.map(|t| long_date(t, &tz)),
        });
        summary.articles += 1;
    }
    if !events.is_empty() {
        let page = package::page("Upcoming events", &events::chapter(&events));
        zip.add("OEBPS/events.xhtml", page.as_bytes(), Method::Deflated)?;
        chapters.push(Chapter {
            href: "events.xhtml".into(),
            title: "Upcoming events".into(),
            site: None,
            day: None,
        });
        summary.events = events.len();
    }

    let title = book_title(&sites, summary.articles);
    let mut cover_lines = Vec::new();
    if let (Some(o), Some(n)) = (oldest, newest) {
        cover_lines.push(date_range(o, n, &tz));
    }
    cover_lines.push(count_line(summary.articles, summary.events));
    let now = Timestamp::now();
    cover_lines.push(format!(
        "Made by newsroom on {}",
        long_date(now, &TimeZone::system())
    ));
    zip.add(
        "OEBPS/cover.xhtml",
        package::cover(&title, &cover_lines).as_bytes(),
        Method::Deflated,
    )?;
    zip.add(
        "OEBPS/style.css",
        package::STYLE.as_bytes(),
        Method::Deflated,
    )?;
    let identifier = identifier(&chapters);
    let modified = now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let resources: Vec<Resource> = pictures.resources();
    let creator = if sites.is_empty() {
        "newsroom".to_string()
    } else {
        sites.join(", ")
    };
    let book = Book {
        identifier: &identifier,
        title: &title,
        creator: &creator,
        modified: &modified,
        chapters: &chapters,
        resources: &resources,
    };
    zip.add(
        "OEBPS/nav.xhtml",
        package::nav(&book).as_bytes(),
        Method::Deflated,
    )?;
    zip.add(
        "OEBPS/toc.ncx",
        package::ncx(&book).as_bytes(),
        Method::Deflated,
    )?;
    zip.add(
        "OEBPS/content.opf",
        package::opf(&book).as_bytes(),
        Method::Deflated,
    )?;
    let (out, bytes) = zip.finish()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    summary.bytes = bytes;
    summary.pictures = resources.len();
    summary.warnings = pictures.warnings();
    Ok(summary)
}

fn title_of(a: &Article) -> String {
    let t = clean_line(&a.title);
    if t.is_empty() { "(untitled)".into() } else { t }
}

/// An id as a file name: ids are hex digits, but a cache is input too.
fn file_safe(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect()
}

/// Title, byline, date and categories, then the pictures and words, then
/// the links as numbered notes.
fn chapter_body(a: &Article, x: &crate::render::xhtml::ArticleXhtml, tz: &TimeZone) -> String {
    let mut out = format!("<h1>{}</h1>\n", esc(&title_of(a)));
    let byline: Vec<String> = [a.author.as_deref(), Some(a.site.as_str())]
        .into_iter()
        .flatten()
        .map(clean_line)
        .filter(|s| !s.is_empty())
        .collect();
    if !byline.is_empty() {
        out.push_str(&format!(
            "<p class=\"meta\">{}</p>\n",
            esc(&byline.join(" · "))
        ));
    }
    if let Some(t) = a.published.or(a.updated) {
        out.push_str(&format!(
            "<p class=\"meta\">{}</p>\n",
            esc(&long_date(t, tz))
        ));
    }
    let cats: Vec<String> = a
        .categories
        .iter()
        .map(|c| clean_line(c))
        .filter(|c| !c.is_empty())
        .collect();
    if !cats.is_empty() {
        out.push_str(&format!(
            "<p class=\"meta\">Filed under: {}</p>\n",
            esc(&cats.join(", "))
        ));
    }
    out.push_str(&x.body);
    if !x.links.is_empty() {
        out.push_str("<section class=\"notes\">\n<h2>Links</h2>\n<ol>\n");
        for (i, url) in x.links.iter().enumerate() {
            let url = clean_line(url);
            let shown = esc(&url);
            let linkable = url::Url::parse(&url)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"));
            if linkable {
                out.push_str(&format!(
                    "<li id=\"note-{}\"><a href=\"{shown}\">{shown}</a></li>\n",
                    i + 1
                ));
            } else {
                out.push_str(&format!("<li id=\"note-{}\">{shown}</li>\n", i + 1));
            }
        }
        out.push_str("</ol>\n</section>\n");
    }
    out
}

fn book_title(sites: &[String], articles: usize) -> String {
    let who = match sites {
        [] => "Events".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [first, ..] => format!("{first} and {} more", sites.len() - 1),
    };
    if articles == 0 {
        format!("{who}: upcoming events")
    } else {
        format!("{who}: the news")
    }
}

fn date_range(oldest: Timestamp, newest: Timestamp, tz: &TimeZone) -> String {
    let (o, n) = (long_date(oldest, tz), long_date(newest, tz));
    if o == n { o } else { format!("{o} – {n}") }
}

fn count_line(articles: usize, events: usize) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut s = plural(articles, "article", "articles");
    if events > 0 {
        s.push_str(&format!(
            ", {}",
            plural(events, "upcoming event", "upcoming events")
        ));
    }
    s
}

/// A UUID named by what the book holds: the same selection gives the same
/// book identity, so a reader replaces an older copy rather than keeping two.
fn identifier(chapters: &[Chapter]) -> String {
    let mut key = String::new();
    for c in chapters {
        key.push_str(&c.href);
        key.push('\u{1f}');
    }
    let hash = |seed: u64| {
        let mut h = seed;
        for b in key.as_bytes() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
