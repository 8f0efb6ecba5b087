//! Deterministic synthetic WordPress content for the benches: an RSS feed,
//! an iCalendar export, one very long article and a large set of articles.
//! Shaped like what WordPress 6.x and The Events Calendar emit (CDATA bodies,
//! numeric entities, captioned figures with srcset, folded iCalendar lines),
//! so the parsers and the renderer do their real work.

#![allow(dead_code)] // each bench uses part of this

use std::fmt::Write;

use jiff::Timestamp;
use newsroom::model::{Article, Image};

pub const ORIGIN: &str = "https://bench.example";
pub const SITE: &str = "Bench Chronicle";

const WORDS: &[&str] = &[
    "market",
    "policy",
    "season",
    "gallery",
    "harbour",
    "archive",
    "monsoon",
    "ceramic",
    "ledger",
    "programme",
    "committee",
    "festival",
    "exhibition",
    "village",
    "infrastructure",
    "budget",
    "corridor",
    "translation",
    "minister",
    "curator",
    "audience",
    "tariff",
    "subsidy",
    "dialect",
    "orchestra",
    "manuscript",
    "province",
    "junction",
    "harvest",
    "logistics",
    "cinema",
    "reservoir",
    "migration",
    "lantern",
    "textile",
    "bamboo",
    "porcelain",
    "boulevard",
    "terrace",
    "café",
];
const ENTITIES: &[&str] = &[
    "&#8217;s",
    "&#8211;",
    "&#8220;quoted&#8221;",
    "&amp;",
    "&#038;",
    "&nbsp;",
    "&hellip;",
    "&#163;4.5bn",
];
const AUTHORS: &[&str] = &[
    "Daniel Okafor",
    "Aiko Matsuda",
    "Priya Raman",
    "Leo Hartmann",
    "Nguyễn Thu Hà",
];

/// xorshift64*: small, fast, the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "tel", "san", "vo", "du", "rel", "po", "shi", "an", "gor", "li", "ven", "ta",
    "mu", "zer", "bo", "nia", "qu",
];

/// Words beyond the common ones: `VOCABULARY` made-up words drawn with a
/// roughly Zipfian (log-uniform) rank, so a search term can be common,
/// middling or rare as in real prose.
pub const VOCABULARY: usize = 8000;

/// The made-up word of a rank (0 is the most frequent).
pub fn word_of_rank(rank: usize) -> String {
    let mut w = String::new();
    let mut n = rank + SYLLABLES.len();
    while n > 0 {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    w
}

fn rare_word(rng: &mut Rng) -> String {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    let rank = (VOCABULARY as f64).powf(u) as usize - 1;
    word_of_rank(rank.min(VOCABULARY - 1))
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 12 + rng.below(14);
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        if rng.below(12) == 0 {
            out.push_str(rng.pick(ENTITIES));
            out.push(' ');
        }
        let rare;
        let w = if k > 0 && rng.below(3) == 0 {
            rare = rare_word(rng);
            rare.as_str()
        } else {
            rng.pick(WORDS)
        };
        if k == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(w);
        }
    }
    out.push('.');
}

fn paragraph(rng: &mut Rng, out: &mut String) {
    out.push_str("<p>");
    let n = 3 + rng.below(4);
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        sentence(rng, out);
        if k == 1 {
            let _ = write!(
                out,
                " <a href=\"{ORIGIN}/?p={}\">{}</a>",
                10_000 + rng.below(90_000),
                rng.pick(WORDS)
            );
        }
    }
    out.push_str("</p>\n\n");
}

fn figure(rng: &mut Rng, id: usize, out: &mut String) {
    let src = format!("{ORIGIN}/wp-content/uploads/2026/11/photo-{id}");
    let alt = format!("A {} near the {}", rng.pick(WORDS), rng.pick(WORDS));
    let mut caption = String::new();
    sentence(rng, &mut caption);
    if rng.below(2) == 0 {
        let _ = write!(
            out,
            "<figure class=\"wp-block-image size-large\"><img loading=\"lazy\" decoding=\"async\" width=\"1024\" \
             height=\"683\" src=\"{src}-1024x683.jpg\" alt=\"{alt}\" class=\"wp-image-{id}\" srcset=\"{src}-1024x683.jpg \
             1024w, {src}-300x200.jpg 300w, {src}-768x512.jpg 768w\" sizes=\"auto, (max-width: 1024px) 100vw, 1024px\" />\
             <figcaption class=\"wp-element-caption\">{caption} <em>Photo: Reuters</em></figcaption></figure>\n\n"
        );
    } else {
        let _ = write!(
            out,
            "<div id=\"attachment_{id}\" style=\"width: 1034px\" class=\"wp-caption aligncenter\"><img \
             aria-describedby=\"caption-attachment-{id}\" loading=\"lazy\" decoding=\"async\" class=\"size-large \
             wp-image-{id}\" src=\"{src}-1024x683.jpg\" alt=\"{alt}\" width=\"1024\" height=\"683\" srcset=\"{src}-1024x683.jpg \
             1024w, {src}-300x200.jpg 300w\" sizes=\"(max-width: 1024px) 100vw, 1024px\" /><p id=\"caption-attachment-{id}\" \
             class=\"wp-caption-text\">{caption} Photo: AFP/Getty Images</p></div>\n\n"
        );
    }
}

/// Article HTML of about `bytes` bytes: paragraphs with links and entities,
/// headings, lists, quotes and captioned figures.
pub fn body(seed: u64, bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 2048);
    let mut figures = 0;
    while out.len() < bytes {
        match rng.below(20) {
            0 | 1 => {
                figures += 1;
                figure(&mut rng, seed as usize * 100 + figures, &mut out);
            }
            2 => {
                let _ = write!(
                    out,
                    "<h2>The {} and the {}</h2>\n\n",
                    rng.pick(WORDS),
                    rng.pick(WORDS)
                );
            }
            3 => {
                out.push_str("<ul class=\"wp-block-list\">");
                for _ in 0..3 {
                    out.push_str("<li>");
                    sentence(&mut rng, &mut out);
                    out.push_str("</li>");
                }
                out.push_str("</ul>\n\n");
            }
            4 => {
                out.push_str("<blockquote class=\"wp-block-quote\">");
                paragraph(&mut rng, &mut out);
                out.push_str("</blockquote>\n\n");
            }
            _ => paragraph(&mut rng, &mut out),
        }
    }
    out
}

fn title(n: usize) -> String {
    let mut rng = Rng::new(n as u64 + 7);
    format!(
        "{} {} {} &#8211; the {} (no. {n})",
        "Translators",
        rng.pick(WORDS),
        rng.pick(WORDS),
        rng.pick(WORDS)
    )
}

/// An RSS 2.0 feed as WordPress writes it, `items` items of 4-8 KB each.
pub fn rss(items: usize) -> String {
    let mut out = String::with_capacity(items * 9000);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"\n\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n\
         \txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\txmlns:atom=\"http://www.w3.org/2005/Atom\"\n\
         \txmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"\n\txmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\"\n\t>\n\n\
         <channel>\n\t<title>{SITE}</title>\n\t<atom:link href=\"{ORIGIN}/feed/\" rel=\"self\" type=\"application/rss+xml\" />\n\
         \t<link>{ORIGIN}</link>\n\t<description>News and analysis</description>\n\
         \t<lastBuildDate>Fri, 20 Nov 2026 09:30:00 +0000</lastBuildDate>\n\t<language>en-GB</language>\n\
         \t<generator>https://wordpress.org/?v=6.8.3</generator>\n"
    );
    let newest = Timestamp::from_second(1_795_167_000).expect("a valid time");
    for n in 0..items {
        let mut rng = Rng::new(n as u64);
        let published = newest - jiff::SignedDuration::from_mins(7 * n as i64);
        let date = jiff::fmt::rfc2822::to_string(&published.to_zoned(jiff::tz::TimeZone::UTC))
            .expect("a date");
        let link = format!("{ORIGIN}/2026/11/20/story-{n}/");
        let t = title(n);
        let mut excerpt = String::new();
        sentence(&mut rng, &mut excerpt);
        let _ = write!(
            out,
            "\t<item>\n\t\t<title>{t}</title>\n\t\t<link>{link}</link>\n\t\t<comments>{link}#respond</comments>\n\
             \t\t<dc:creator><![CDATA[{}]]></dc:creator>\n\t\t<pubDate>{date}</pubDate>\n\
             \t\t<category><![CDATA[Economy]]></category>\n\t\t<category><![CDATA[Analysis &amp; Opinion]]></category>\n\
             \t\t<guid isPermaLink=\"false\">{ORIGIN}/?p={n}</guid>\n\
             \t\t<description><![CDATA[{excerpt} [&#8230;]<p>The post <a href=\"{link}\">{t}</a> appeared first on \
             <a href=\"{ORIGIN}\">{SITE}</a>.</p>\n]]></description>\n\
             \t\t<content:encoded><![CDATA[{}<p>The post <a href=\"{link}\">{t}</a> appeared first on \
             <a href=\"{ORIGIN}\">{SITE}</a>.</p>\n]]></content:encoded>\n\t\t<slash:comments>0</slash:comments>\n\t</item>\n",
            AUTHORS[n % AUTHORS.len()],
            body(n as u64, 4000 + rng.below(4000)),
        );
    }
    out.push_str("\t</channel>\n</rss>\n");
    out
}

/// RFC 5545 folding at 75 octets, on a character boundary.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// An iCalendar export of `events` events in Europe/London, as The Events
/// Calendar writes it: a VTIMEZONE, some weekly and monthly RRULEs, some
/// all-day events, escaped commas, folded lines.
pub fn ics(events: usize) -> String {
    let mut out = String::with_capacity(events * 1200);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bench Chronicle - ECPv6.8.1//NONSGML v1.0//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Bench Chronicle",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "DTSTART:20260329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "DTSTART:20261025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        fold(line, &mut out);
    }
    let first = jiff::civil::date(2026, 9, 1).at(18, 30, 0, 0);
    for n in 0..events {
        let mut rng = Rng::new(n as u64 + 99);
        let start = first
            + jiff::Span::new()
                .days(n as i64 / 3)
                .hours((n as i64 % 3) * 2);
        let end = start + jiff::Span::new().hours(1).minutes(30);
        let (s, e) = (
            start.strftime("%Y%m%dT%H%M%S"),
            end.strftime("%Y%m%dT%H%M%S"),
        );
        fold("BEGIN:VEVENT", &mut out);
        if n % 10 == 7 {
            fold(
                &format!("DTSTART;VALUE=DATE:{}", start.strftime("%Y%m%d")),
                &mut out,
            );
            fold(
                &format!(
                    "DTEND;VALUE=DATE:{}",
                    (start + jiff::Span::new().days(1)).strftime("%Y%m%d")
                ),
                &mut out,
            );
        } else {
            fold(&format!("DTSTART;TZID=Europe/London:{s}"), &mut out);
            fold(&format!("DTEND;TZID=Europe/London:{e}"), &mut out);
        }
        if n % 25 == 3 {
            fold("RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=12", &mut out);
        } else if n % 40 == 11 {
            fold("RRULE:FREQ=MONTHLY;BYDAY=1TH;COUNT=6", &mut out);
        }
        let mut desc = String::new();
        for _ in 0..3 {
            sentence(&mut rng, &mut desc);
            desc.push(' ');
        }
        let desc = desc.replace(',', "\\,");
        for line in [
            "DTSTAMP:20261120T100000".to_string(),
            format!("UID:{}-{s}@bench.example", 100_000 + n),
            format!(
                "SUMMARY:The {} and the {}\\, a talk",
                rng.pick(WORDS),
                rng.pick(WORDS)
            ),
            format!("DESCRIPTION:{desc}\\n\\nBook now."),
            format!("URL:{ORIGIN}/event/event-{n}/"),
            format!(
                "LOCATION:{SITE}\\, 63 New Cavendish Street\\, London\\, W1G 7LP\\, United Kingdom"
            ),
            "CATEGORIES:Talks,Economy".to_string(),
            "ORGANIZER;CN=\"Events Team\":MAILTO:events@bench.example".to_string(),
            "END:VEVENT".to_string(),
        ] {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

/// One article as the store keeps it; `body_bytes` of HTML.
pub fn article(n: usize, body_bytes: usize) -> Article {
    let mut rng = Rng::new(n as u64 + 3);
    let mut summary = String::new();
    sentence(&mut rng, &mut summary);
    let url = format!("{ORIGIN}/2026/11/20/story-{n}/");
    Article {
        id: newsroom::model::article_id(&url),
        site: SITE.to_string(),
        guid: Some(format!("{ORIGIN}/?p={n}")),
        url,
        title: title(n).replace("&#8211;", "\u{2013}"),
        author: Some(AUTHORS[n % AUTHORS.len()].to_string()),
        published: Timestamp::from_second(1_795_167_000 - 420 * n as i64).ok(),
        updated: None,
        categories: vec!["Economy".into(), rng.pick(WORDS).to_string()],
        summary,
        content_html: Some(body(n as u64, body_bytes)),
        featured: Some(Image {
            url: format!("{ORIGIN}/wp-content/uploads/2026/11/lead-{n}.jpg"),
            alt: Some("A harbour at dusk".into()),
            caption: Some("The harbour at dusk.".into()),
            credit: Some("Reuters".into()),
        }),
        images: vec![],
    }
}
