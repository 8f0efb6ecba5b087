//! The book's frame: the package document, the two tables of contents
//! (EPUB 3 nav and the NCX older readers use), the cover page, the style.

use std::sync::LazyLock;

use crate::render::xhtml::esc;

/// One chapter of the book, as the tables of contents list it.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub href: String,
    pub title: String,
    /// The site it is filed under and the day heading it is listed under;
    /// None for chapters that stand alone (the events).
    pub site: Option<String>,
    pub day: Option<String>,
}

/// Everything else the manifest lists.
#[derive(Debug, Clone)]
pub struct Resource {
    pub href: String,
    pub media_type: &'static str,
}

pub struct Book<'a> {
    pub identifier: &'a str,
    pub title: &'a str,
    pub creator: &'a str,
    /// `2026-12-03T08:00:00Z`.
    pub modified: &'a str,
    pub chapters: &'a [Chapter],
    pub resources: &'a [Resource],
}

pub const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

pub const STYLE: &str = "body { font-family: serif; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 0 0 0.4em 0; }
h2 { font-size: 1.2em; }
.meta { color: #555; font-size: 0.9em; margin: 0.2em 0; }
.cover { text-align: center; margin-top: 30%; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; }
figcaption, .caption { font-size: 0.9em; }
.credit { font-size: 0.85em; color: #555; }
blockquote { margin: 0.8em 0 0.8em 1.2em; padding-left: 0.8em; border-left: 3px solid #bbb; }
table { border-collapse: collapse; margin: 0.8em 0; }
td, th { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
pre { white-space: pre-wrap; font-size: 0.85em; }
.notes { font-size: 0.85em; }
.event { margin-bottom: 1.5em; }
";

/// An XHTML page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">\n\
         <head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(if title.trim().is_empty() {
            "(untitled)"
        } else {
            title
        })
    )
}

pub fn cover(title: &str, lines: &[String]) -> String {
    let mut body = format!("<div class=\"cover\">\n<h1>{}</h1>\n", esc(title));
    for l in lines {
        body.push_str(&format!("<p>{}</p>\n", esc(l)));
    }
    body.push_str("</div>\n");
    page(title, &body)
}

/// Chapters grouped as the tables of contents show them: by site, then
/// by day, in book order.
enum Entry<'c> {
    Leaf(&'c Chapter),
    Group(String, Vec<Entry<'c>>),
}

fn grouped(chapters: &[Chapter]) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry> = Vec::new();
    for c in chapters {
        let Some(site) = &c.site else {
            out.push(Entry::Leaf(c));
            continue;
        };
        let days = match out.last_mut() {
            Some(Entry::Group(s, days)) if s == site => days,
            _ => {
                out.push(Entry::Group(site.clone(), Vec::new()));
                match out.last_mut() {
                    Some(Entry::Group(_, days)) => days,
                    _ => unreachable!(),
                }
            }
        };
        let day = c.day.clone().unwrap_or_else(|| "Undated".into());
        match days.last_mut() {
            Some(Entry::Group(d, items)) if *d == day => items.push(Entry::Leaf(c)),
            _ => days.push(Entry::Group(day, vec![Entry::Leaf(c)])),
        }
    }
    out
}

/// The cover page, first in both tables of contents.
static COVER: LazyLock<Chapter> = LazyLock::new(|| Chapter {
    href: "cover.xhtml".into(),
    title: "Cover".into(),
    site: None,
    day: None,
});

/// The tables of contents' entries: the cover, then the chapters grouped.
fn contents(chapters: &[Chapter]) -> Vec<Entry<'_>> {
    let mut entries = vec![Entry::Leaf(&COVER)];
    entries.extend(grouped(chapters));
    entries
}

fn first_href<'c>(e: &Entry<'c>) -> &'c str {
    match e {
        Entry::Leaf(c) => &c.href,
        Entry::Group(_, items) => items.first().map_or("cover.xhtml", first_href),
    }
}

pub fn nav(book: &Book) -> String {
    fn list(entries: &[Entry], depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        out.push_str(&format!("{pad}<ol>\n"));
        for e in entries {
            match e {
                Entry::Leaf(c) => out.push_str(&format!(
                    "{pad}  <li><a href=\"{}\">{}</a></li>\n",
                    esc(&c.href),
                    esc(&c.title)
                )),
                Entry::Group(name, items) => {
                    out.push_str(&format!("{pad}  <li><span>{}</span>\n", esc(name)));
                    list(items, depth + 2, out);
                    out.push_str(&format!("{pad}  </li>\n"));
                }
            }
        }
        out.push_str(&format!("{pad}</ol>\n"));
    }
    let mut body = String::from("<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n");
    let entries = contents(book.chapters);
    list(&entries, 0, &mut body);
    body.push_str("</nav>\n");
    page("Contents", &body)
}

pub fn ncx(book: &Book) -> String {
    struct Walk<'o> {
        out: &'o mut String,
        ids: usize,
        /// Each target's play order: points at one target share it.
        order: Vec<String>,
        depth: usize,
    }
    impl Walk<'_> {
        fn point(&mut self, label: &str, href: &str, level: usize) {
            self.ids += 1;
            let order = match self.order.iter().position(|h| h == href) {
                Some(i) => i + 1,
                None => {
                    self.order.push(href.to_string());
                    self.order.len()
                }
            };
            self.depth = self.depth.max(level + 1);
            let pad = "  ".repeat(level + 2);
            self.out.push_str(&format!(
                "{pad}<navPoint id=\"np-{}\" playOrder=\"{order}\">\n{pad}  <navLabel><text>{}</text></navLabel>\n{pad}  <content src=\"{}\"/>\n",
                self.ids,
                esc(label),
                esc(href)
            ));
        }
        fn entries(&mut self, entries: &[Entry], level: usize) {
            for e in entries {
                match e {
                    Entry::Leaf(c) => {
                        self.point(&c.title, &c.href, level);
                    }
                    Entry::Group(name, items) => {
                        self.point(name, first_href(e), level);
                        self.entries(items, level + 1);
                    }
                }
                self.out
                    .push_str(&format!("{}</navPoint>\n", "  ".repeat(level + 2)));
            }
        }
    }
    let mut points = String::new();
    let mut walk = Walk {
        out: &mut points,
        ids: 0,
        order: Vec::new(),
        depth: 1,
    };
    let entries = contents(book.chapters);
    walk.entries(&entries, 0);
    let depth = walk.depth;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"en\">\n\
         <head>\n  <meta name=\"dtb:uid\" content=\"{}\"/>\n  <meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
         \x20 <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n  <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n\
         <docTitle><text>{}</text></docTitle>\n<navMap>\n{points}</navMap>\n</ncx>\n",
        esc(book.identifier),
        esc(book.title)
    )
}

pub fn opf(book: &Book) -> String {
    let mut manifest = String::from(
        "  <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n\
         \x20 <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n\
         \x20 <item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n\
         \x20 <item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n",
    );
    let mut spine = String::from("  <itemref idref=\"cover\"/>\n  <itemref idref=\"nav\"/>\n");
    for (i, c) in book.chapters.iter().enumerate() {
        manifest.push_str(&format!(
            "  <item id=\"c{i}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>\n",
            esc(&c.href)
        ));
        spine.push_str(&format!("  <itemref idref=\"c{i}\"/>\n"));
    }
    for (i, r) in book.resources.iter().enumerate() {
        manifest.push_str(&format!(
            "  <item id=\"r{i}\" href=\"{}\" media-type=\"{}\"/>\n",
            esc(&r.href),
            r.media_type
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"en\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         \x20 <dc:identifier id=\"uid\">{}</dc:identifier>\n  <dc:title>{}</dc:title>\n\
         \x20 <dc:creator>{}</dc:creator>\n  <dc:language>en</dc:language>\n\
         \x20 <meta property=\"dcterms:modified\">{}</meta>\n</metadata>\n\
         <manifest>\n{manifest}</manifest>\n<spine toc=\"ncx\">\n{spine}</spine>\n</package>\n",
        esc(book.identifier),
        esc(book.title),
        esc(book.creator),
        esc(book.modified)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(href: &str, site: &str, day: &str) -> Chapter {
        Chapter {
            href: href.into(),
            title: format!("T {href} <&>"),
            site: Some(site.into()),
            day: Some(day.into()),
        }
    }

    fn book(chapters: &[Chapter]) -> String {
        let b = Book {
            identifier: "urn:uuid:x",
            title: "News",
            creator: "A & B",
            modified: "2026-12-03T08:00:00Z",
            chapters,
            resources: &[],
        };
        format!("{}\n{}\n{}", nav(&b), ncx(&b), opf(&b))
    }

    #[test]
    fn contents_are_grouped_by_site_then_day() {
        let chapters = [
            chapter("a.xhtml", "One", "Monday"),
            chapter("b.xhtml", "One", "Monday"),
            chapter("c.xhtml", "One", "Sunday"),
            chapter("d.xhtml", "Two", "Monday"),
        ];
        let all = book(&chapters);
        let nav_part = &all[..all.find("<ncx").unwrap()];
        assert_eq!(nav_part.matches("<span>One</span>").count(), 1);
        assert_eq!(nav_part.matches("<span>Monday</span>").count(), 2);
        assert!(nav_part.contains("T a.xhtml &lt;&amp;&gt;"));
        // Points at one file share a play order; others do not.
        assert!(all.contains("<navLabel><text>One</text></navLabel>"));
        let orders: Vec<&str> = all
            .match_indices("playOrder=\"")
            .map(|(i, _)| &all[i + 11..i + 12])
            .collect();
        assert_eq!(orders, ["1", "2", "2", "2", "3", "4", "4", "5", "5", "5"]);
        assert!(all.contains("<meta name=\"dtb:depth\" content=\"3\"/>"));
        assert!(all.contains("<dc:creator>A &amp; B</dc:creator>"));
    }
}
