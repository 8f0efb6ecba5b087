"""A synthetic WordPress news site, generated deterministically.

Every byte depends only on the scale (feeds x items), the event count and
the origin it is served from, so two runs of the bench fetch the same site.
Content is shaped like what WordPress 6.x really emits: CDATA bodies, numeric
entities (&#8217; &#8211; &#038;), Gutenberg and classic captioned figures
with srcset and lazy-loading attributes, "[&#8230;]" excerpts and the
"The post X appeared first on Y" footer.
"""

import json
import os
import random
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

SITE_NAME = "Bench Chronicle"
# Newest article's time; older ones step back from here.
NEWEST = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
STEP = timedelta(minutes=7)
# Last-Modified of every generated file (the site's "last build").
BUILT = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)

DESKS = [
    "Economy", "Culture", "Policy", "Climate", "Technology", "Trade", "Film",
    "Food", "Books", "Education", "Health", "Energy", "Cities", "Science",
    "Sport", "Travel", "Design", "Music", "Law", "Media",
]
AUTHORS = [
    "Daniel Okafor", "Aiko Matsuda", "Priya Raman", "Leo Hartmann",
    "Mei Lin Tan", "Sofia Alvarez", "Kwame Mensah", "Hana Kobayashi",
    "Arjun Mehta", "Chloé Dubois", "Nguyễn Thu Hà", "Oliver Grant",
]
CREDITS = ["Reuters", "AFP/Getty Images", "Bench Chronicle", "EPA", "Alamy"]
SUBJECTS = [
    "Central banks", "Young designers", "Port cities", "Rice farmers",
    "City councils", "Film festivals", "Start-ups", "Museum curators",
    "Shipping lines", "Translators", "Trade ministers", "Night markets",
    "Climate scientists", "Street photographers", "Publishers",
]
VERBS = [
    "rethink", "bet on", "turn to", "push back against", "rediscover",
    "price in", "look beyond", "rebuild", "wrestle with", "open up",
]
OBJECTS = [
    "the long recovery", "a new silk road", "green bonds", "the monsoon",
    "old recipes", "digital payments", "the night economy", "quiet diplomacy",
    "a shrinking workforce", "the art of repair", "cheaper solar",
    "bilingual schools", "the next harvest", "public libraries",
]
WORDS = (
    "market policy season gallery harbour archive monsoon ceramic ledger "
    "programme committee festival exhibition village infrastructure budget "
    "corridor translation minister curator audience tariff subsidy dialect "
    "orchestra manuscript province junction harvest logistics cinema "
    "reservoir migration lantern textile bamboo porcelain boulevard terrace"
).split()
ENTITY_BITS = [
    "&#8217;s", "&#8211;", "&#8220;quoted&#8221;", "&amp;", "&#038;",
    "&nbsp;", "&hellip;", "&#8212;", "caf&eacute;", "&#163;4.5bn",
]


def _sentences(rng, count):
    """A pool of sentences; items are made by picking from it (fast)."""
    out = []
    for _ in range(count):
        n = rng.randint(12, 26)
        words = [rng.choice(WORDS) for _ in range(n)]
        if rng.random() < 0.5:
            words.insert(rng.randrange(n), rng.choice(ENTITY_BITS))
        words[0] = words[0].capitalize()
        out.append(" ".join(words) + rng.choice([".", ".", ".", "?", "!"]))
    return out


@dataclass(frozen=True)
class Scale:
    feeds: int
    items: int
    events: int

    @property
    def name(self):
        return f"{self.feeds}x{self.items}"


class Site:
    """The generated site for one scale, served from `origin`."""

    def __init__(self, scale, origin):
        self.scale = scale
        self.origin = origin.rstrip("/")
        rng = random.Random(20261120)
        self.pool = _sentences(rng, 600)

    # ---- naming -----------------------------------------------------------
    def desk(self, f):
        return f"{DESKS[f % len(DESKS)]} {f + 1:02d}"

    def feed_title(self, f):
        return f"{SITE_NAME} Desk {f + 1:02d}: {DESKS[f % len(DESKS)]}"

    def feed_path(self, f):
        return f"/category/desk-{f + 1:02d}/feed/"

    def feed_urls(self):
        return [self.origin + self.feed_path(f) for f in range(self.scale.feeds)]

    def post_id(self, f, i):
        return 10000 + i * self.scale.feeds + f

    def from_post_id(self, pid):
        n = pid - 10000
        if n < 0:
            return None
        f, i = n % self.scale.feeds, n // self.scale.feeds
        return (f, i) if i < self.scale.items else None

    def published(self, f, i):
        return NEWEST - STEP * (i * self.scale.feeds + f)

    def title(self, f, i):
        rng = random.Random(self.post_id(f, i))
        s = rng.choice(SUBJECTS)
        v = rng.choice(VERBS)
        o = rng.choice(OBJECTS)
        tail = rng.choice(["", "", " &#8211; and why it matters", ": a report from the " + self.desk(f) + " desk"])
        return f"{s} {v} {o}{tail} (no. {self.post_id(f, i)})"

    def plain_title(self, f, i):
        return (
            self.title(f, i)
            .replace("&#8211;", "\u2013")
        )

    def link(self, f, i):
        d = self.published(f, i)
        return f"{self.origin}/{d:%Y/%m/%d}/story-{self.post_id(f, i)}/"

    def upload(self, pid, k, size=None):
        base = f"{self.origin}/wp-content/uploads/2026/11/photo-{pid}-{k}"
        return f"{base}-{size}.png" if size else f"{base}.png"

    # ---- content ----------------------------------------------------------
    def _para(self, rng):
        return " ".join(rng.choice(self.pool) for _ in range(rng.randint(3, 6)))

    def _figure(self, rng, pid, k):
        alt = f"A {rng.choice(WORDS)} near the {rng.choice(WORDS)}, photographed for the {rng.choice(WORDS)} story"
        cap = f"{self._para(rng)[:140]} <em>Photo: {rng.choice(CREDITS)}</em>"
        src = self.upload(pid, k, "1024x683")
        srcset = ", ".join(
            f"{self.upload(pid, k, s)} {s.split('x')[0]}w" for s in ("1024x683", "300x200", "768x512")
        )
        if rng.random() < 0.6:
            return (
                f'<figure class="wp-block-image size-large"><img loading="lazy" decoding="async" '
                f'width="1024" height="683" src="{src}" alt="{alt}" class="wp-image-{pid * 10 + k}" '
                f'srcset="{srcset}" sizes="auto, (max-width: 1024px) 100vw, 1024px" />'
                f'<figcaption class="wp-element-caption">{cap}</figcaption></figure>'
            )
        aid = pid * 10 + k
        return (
            f'<div id="attachment_{aid}" style="width: 1034px" class="wp-caption aligncenter">'
            f'<img aria-describedby="caption-attachment-{aid}" loading="lazy" decoding="async" '
            f'class="size-large wp-image-{aid}" src="{src}" alt="{alt}" width="1024" height="683" '
            f'srcset="{srcset}" sizes="(max-width: 1024px) 100vw, 1024px" />'
            f'<p id="caption-attachment-{aid}" class="wp-caption-text">{cap}</p></div>'
        )

    def body(self, f, i, target=None):
        """Article HTML, 4-8 KB (or about `target` bytes when given)."""
        pid = self.post_id(f, i)
        rng = random.Random(pid * 7919)
        want = target or rng.randint(4000, 8000)
        parts, size, k = [], 0, 0
        while size < want:
            r = rng.random()
            if r < 0.12:
                k += 1
                part = self._figure(rng, pid, k)
            elif r < 0.2:
                part = f"<h2>{rng.choice(SUBJECTS)} and {rng.choice(OBJECTS)}</h2>"
            elif r < 0.26:
                part = f"<blockquote class=\"wp-block-quote\"><p>{self._para(rng)}</p><cite>{rng.choice(AUTHORS)}</cite></blockquote>"
            elif r < 0.31:
                items = "".join(f"<li>{rng.choice(self.pool)}</li>" for _ in range(rng.randint(2, 5)))
                part = f"<ul class=\"wp-block-list\">{items}</ul>"
            else:
                other = self.post_id(rng.randrange(self.scale.feeds), rng.randrange(self.scale.items))
                p = self._para(rng)
                # Cut at a space so no word or entity is split.
                cut = p.find(" ", len(p) // 2)
                cut = len(p) if cut < 0 else cut
                part = (
                    f"<p>{p[:cut]} <a href=\"{self.origin}/?p={other}\">{rng.choice(OBJECTS)}</a>"
                    f" {p[cut:]}</p>"
                )
            parts.append(part)
            size += len(part) + 2
        return "\n\n".join(parts)

    def excerpt(self, f, i):
        rng = random.Random(self.post_id(f, i) * 7919)
        return rng.choice(self.pool) + " " + rng.choice(self.pool) + " [&#8230;]"

    def author(self, f, i):
        return AUTHORS[self.post_id(f, i) % len(AUTHORS)]

    def categories(self, f, i):
        pid = self.post_id(f, i)
        return [DESKS[f % len(DESKS)], "News" if pid % 3 else "Analysis & Opinion", WORDS[pid % len(WORDS)]]

    # ---- documents --------------------------------------------------------
    def rss(self, f):
        out = [
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
            '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
            '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n'
            '\txmlns:media="http://search.yahoo.com/mrss/"\n\t>\n\n<channel>\n'
            f"\t<title>{self.feed_title(f)}</title>\n"
            f'\t<atom:link href="{self.origin}{self.feed_path(f)}" rel="self" type="application/rss+xml" />\n'
            f"\t<link>{self.origin}/category/desk-{f + 1:02d}/</link>\n"
            "\t<description>News, analysis and culture from the desk</description>\n"
            f"\t<lastBuildDate>{format_datetime(self.published(f, 0))}</lastBuildDate>\n"
            "\t<language>en-GB</language>\n\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
            "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
            "\t<generator>https://wordpress.org/?v=6.8.3</generator>\n"
        ]
        for i in range(self.scale.items):
            out.append(self._rss_item(f, i))
        out.append("\t</channel>\n</rss>\n")
        return "".join(out)

    def _rss_item(self, f, i):
        pid, link, title = self.post_id(f, i), self.link(f, i), self.title(f, i)
        cats = "".join(
            f"\t\t<category><![CDATA[{c.replace('&', '&amp;')}]]></category>\n" for c in self.categories(f, i)
        )
        media = ""
        if pid % 4 == 0:
            media = (
                f'\t\t<media:content url="{self.upload(pid, 0)}" medium="image" width="1200" height="800">'
                f"<media:description type=\"plain\">Lead picture for story {pid}</media:description>"
                f"<media:credit>{CREDITS[pid % len(CREDITS)]}</media:credit></media:content>\n"
            )
        return (
            f"\t<item>\n\t\t<title>{title}</title>\n\t\t<link>{link}</link>\n"
            f"\t\t\t\t\t<comments>{link}#respond</comments>\n\n"
            f"\t\t<dc:creator><![CDATA[{self.author(f, i)}]]></dc:creator>\n"
            f"\t\t<pubDate>{format_datetime(self.published(f, i))}</pubDate>\n{cats}"
            f'\t\t<guid isPermaLink="false">{self.origin}/?p={pid}</guid>\n\n'
            f"\t\t\t\t\t<description><![CDATA[{self.excerpt(f, i)}<p>The post <a href=\"{link}\">{title}</a>"
            f" appeared first on <a href=\"{self.origin}\">{SITE_NAME}</a>.</p>\n]]></description>\n"
            f"\t\t\t\t\t\t\t\t\t\t<content:encoded><![CDATA[{self.body(f, i)}<p>The post <a href=\"{link}\">"
            f"{title}</a> appeared first on <a href=\"{self.origin}\">{SITE_NAME}</a>.</p>\n]]></content:encoded>\n"
            f"{media}\t\t\t\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n"
            f"\t\t\t<slash:comments>0</slash:comments>\n\t\t</item>\n"
        )

    def atom(self, count=100):
        """An Atom feed of the newest `count` articles of the first desk."""
        def esc(s):
            return s.replace("&", "&amp;").replace("<", "&lt;")
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">\n'
            f"\t<title type=\"text\">{SITE_NAME}</title>\n\t<subtitle type=\"text\">Everything, newest first</subtitle>\n"
            f"\t<updated>{self.published(0, 0).isoformat()}</updated>\n"
            f'\t<link rel="alternate" type="text/html" href="{self.origin}/" />\n'
            f"\t<id>{self.origin}/feed/atom/</id>\n"
            f'\t<link rel="self" type="application/atom+xml" href="{self.origin}/feed/atom/" />\n'
            '\t<generator uri="https://wordpress.org/" version="6.8.3">WordPress</generator>\n'
        ]
        for i in range(min(count, self.scale.items)):
            f = 0
            out.append(
                f"\t<entry>\n\t\t<author><name>{self.author(f, i)}</name></author>\n"
                f"\t\t<title type=\"html\"><![CDATA[{self.title(f, i)}]]></title>\n"
                f'\t\t<link rel="alternate" type="text/html" href="{self.link(f, i)}" />\n'
                f"\t\t<id>{self.origin}/?p={self.post_id(f, i)}</id>\n"
                f"\t\t<updated>{self.published(f, i).isoformat()}</updated>\n"
                f"\t\t<published>{self.published(f, i).isoformat()}</published>\n"
                + "".join(
                    f'\t\t<category scheme="{self.origin}" term="{esc(c)}" />\n' for c in self.categories(f, i)
                )
                + f"\t\t<summary type=\"html\"><![CDATA[{self.excerpt(f, i)}]]></summary>\n"
                f"\t\t<content type=\"html\" xml:base=\"{self.link(f, i)}\"><![CDATA[{self.body(f, i)}]]></content>\n"
                "\t</entry>\n"
            )
        out.append("</feed>\n")
        return "".join(out)

    def json_feed(self, count=100):
        """A JSON Feed 1.1 of the newest `count` articles of the second desk."""
        f = 1 % self.scale.feeds
        items = []
        for i in range(min(count, self.scale.items)):
            items.append({
                "id": f"{self.origin}/?p={self.post_id(f, i)}",
                "url": self.link(f, i),
                "title": self.plain_title(f, i),
                "content_html": self.body(f, i),
                "summary": self.excerpt(f, i).replace("[&#8230;]", "[\u2026]"),
                "date_published": self.published(f, i).isoformat(),
                "authors": [{"name": self.author(f, i)}],
                "tags": self.categories(f, i),
                "image": self.upload(self.post_id(f, i), 0),
            })
        doc = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": SITE_NAME,
            "home_page_url": self.origin + "/",
            "feed_url": self.origin + "/feed/json/",
            "items": items,
        }
        return json.dumps(doc, ensure_ascii=False, indent=1)

    def page(self, f, i):
        """The article's own page: theme clutter around the body, Yoast JSON-LD."""
        title, link = self.title(f, i), self.link(f, i)
        ld = {
            "@context": "https://schema.org",
            "@graph": [{
                "@type": "NewsArticle", "@id": link + "#article", "headline": self.plain_title(f, i),
                "datePublished": self.published(f, i).isoformat(),
                "author": {"@type": "Person", "name": self.author(f, i)},
                "image": {"@type": "ImageObject", "url": self.upload(self.post_id(f, i), 0)},
            }],
        }
        return (
            "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"UTF-8\">"
            f"<title>{title} - {SITE_NAME}</title>"
            f"<link rel=\"canonical\" href=\"{link}\" />"
            f"<script type=\"application/ld+json\" class=\"yoast-schema-graph\">{json.dumps(ld)}</script>"
            "</head><body class=\"post-template-default single single-post\">"
            "<header class=\"site-header\"><nav><ul><li><a href=\"/\">Home</a></li>"
            "<li><a href=\"/events/\">Events</a></li></ul></nav></header>"
            f"<main id=\"main\"><article class=\"post-{self.post_id(f, i)} post type-post\">"
            f"<h1 class=\"entry-title\">{title}</h1>"
            f"<div class=\"entry-meta\">By <span class=\"author\">{self.author(f, i)}</span> "
            f"<time datetime=\"{self.published(f, i).isoformat()}\"></time></div>"
            f"<div class=\"entry-content\">{self.body(f, i)}</div></article></main>"
            "<aside class=\"sharedaddy\"><h3>Share this:</h3></aside>"
            "<footer class=\"site-footer\">&copy; 2026 Bench Chronicle</footer></body></html>\n"
        )

    def ical(self):
        """An iCalendar export of K events (The Events Calendar style)."""
        return ical_document(self.origin, self.scale.events)


def ical_document(origin, count):
    """K events in Europe/London, some recurring, some all-day, folded lines."""
    rng = random.Random(5545)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{SITE_NAME} - ECPv6.8.1//NONSGML v1.0//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{SITE_NAME}",
        f"X-ORIGINAL-URL:{origin}", "X-WR-CALDESC:Events for " + SITE_NAME, "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-Robots-Tag:noindex", "X-PUBLISHED-TTL:PT1H", "BEGIN:VTIMEZONE", "TZID:Europe/London",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST",
        "DTSTART:20260329T010000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT",
        "DTSTART:20261025T020000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]
    start0 = datetime(2026, 9, 1, 18, 30)
    for n in range(count):
        s = start0 + timedelta(days=n // 3, hours=(n % 3) * 2)
        e = s + timedelta(hours=1, minutes=30)
        slug = f"event-{n}-{rng.choice(WORDS)}-{rng.choice(WORDS)}"
        desc = " ".join(rng.choice(WORDS) for _ in range(60)).replace("market", "market\\, city")
        lines += ["BEGIN:VEVENT"]
        if n % 10 == 7:
            lines += [f"DTSTART;VALUE=DATE:{s:%Y%m%d}", f"DTEND;VALUE=DATE:{s + timedelta(days=1):%Y%m%d}"]
        else:
            lines += [f"DTSTART;TZID=Europe/London:{s:%Y%m%dT%H%M%S}", f"DTEND;TZID=Europe/London:{e:%Y%m%dT%H%M%S}"]
        if n % 25 == 3:
            lines.append("RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=12")
        elif n % 40 == 11:
            lines.append(f"RRULE:FREQ=MONTHLY;BYDAY=1TH;UNTIL={s + timedelta(days=180):%Y%m%dT235959Z}")
        lines += [
            "DTSTAMP:20261120T100000", "CREATED:20260801T120000Z", "LAST-MODIFIED:20261101T090000Z",
            f"UID:{100000 + n}-{s:%Y%m%d}@bench.example",
            f"SUMMARY:{rng.choice(SUBJECTS)} and {rng.choice(OBJECTS)}\\, a talk",
            f"DESCRIPTION:{desc}\\n\\nBook now.",
            f"URL:{origin}/event/{slug}/",
            f"LOCATION:{SITE_NAME}\\, 63 New Cavendish Street\\, London\\, W1G 7LP\\, United Kingdom",
            f"CATEGORIES:{rng.choice(DESKS)},Talks",
            f"ATTACH;FMTTYPE=image/png:{origin}/wp-content/uploads/2026/11/event-{n}.png",
            "ORGANIZER;CN=\"Events Team\":MAILTO:events@bench.example",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def fold(line):
    """RFC 5545 folding at 75 octets."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    chunks = [raw[:75]] + [raw[k:k + 74] for k in range(75, len(raw), 74)]
    return "\r\n ".join(c.decode(errors="replace") for c in chunks)


def png(width, height, seed):
    """A small valid PNG with a gradient, for the uploads."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes(((x * 4 + seed) & 255, (y * 4 + seed * 3) & 255, (x + y + seed * 7) & 255))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )


def write_site(site, root):
    """Write the feeds to `root` (file per URL path); pages are made on request.
    Returns the paths written, relative to root."""
    written = []

    def put(rel, text):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        stamp = BUILT.timestamp()
        os.utime(path, (stamp, stamp))
        written.append(rel)

    for f in range(site.scale.feeds):
        put(site.feed_path(f).strip("/") + "/index.xml", site.rss(f))
    put("feed/atom/index.xml", site.atom())
    put("feed/json/index.json", site.json_feed())
    put("events/ical.ics", site.ical())
    return written
