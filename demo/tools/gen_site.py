#!/usr/bin/env python3
"""Build demo/site/ (the Meridian House sample site) from demo/content/.

Run from anywhere: python3 demo/tools/gen_site.py. The output is committed;
the Rust side only embeds and serves it. Every absolute URL uses the
placeholder origin https://meridian.example, rewritten at serve time.
"""

import os
import re
import shutil
import sys
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
# No __pycache__ next to the generator in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "content"))

import chrome  # noqa: E402
import gen_events  # noqa: E402
import pngs  # noqa: E402
from people import AUTHORS, CATEGORIES, TAGS  # noqa: E402
from wp import (  # noqa: E402
    ORIGIN, SITE_NAME, TAGLINE, esc_attr, iso_gmt, iso_local, parse_local,
    php_json, rfc822, strip_tags, texturize, words,
)

ROOT = HERE.parent
OUT = ROOT / "site"
BUILD_TIME = "2026-11-27 16:42:10"
SIZES = {"full": (1200, 800), "large": (1024, 683), "medium": (300, 200), "thumbnail": (150, 150)}


class Media:
    def __init__(self, mid, stem, alt, caption, credit, ym, parent, date):
        self.id, self.stem, self.alt, self.caption, self.credit = mid, stem, alt, caption, credit
        self.ym, self.parent, self.date = ym, parent, date
        self.files = {}

    def url(self, size="full"):
        w, h = SIZES[size]
        name = f"{self.stem}.png" if size == "full" else f"{self.stem}-{w}x{h}.png"
        return f"{ORIGIN}/wp-content/uploads/{self.ym}/{name}"

    def srcset(self):
        return ", ".join(f"{self.url(s)} {SIZES[s][0]}w" for s in ("large", "medium", "full"))

    def caption_text(self):
        cap = self.caption
        if self.credit:
            cap += f" Photo: {self.credit}"
        return cap


class Post:
    pass


def load_posts():
    posts = []
    for path in sorted((ROOT / "content" / "articles").glob("*.html")):
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        p = Post()
        p.media = {}
        meta = {}
        for line in head.splitlines():
            key, _, val = line.partition(":")
            val = val.strip()
            if key == "media":
                parts = [x.strip() for x in val.split("|")] + ["", ""]
                mid, stem, alt, caption, credit = parts[:5]
                meta.setdefault("media", []).append((int(mid), stem, alt, caption, credit))
            else:
                meta[key] = val
        p.id = int(meta["id"])
        p.slug = meta["slug"]
        p.title_raw = meta["title"]
        p.title = texturize(meta["title"])
        p.date = parse_local(meta["date"])
        p.modified = p.date + timedelta(hours=int(meta.get("edited_after_hours", "3")), minutes=17)
        p.author = meta["author"]
        p.cats = [c.strip() for c in meta["categories"].split(",")]
        p.tags = [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]
        p.excerpt_only = meta.get("excerpt_only") == "yes"
        p.manual_excerpt = meta.get("excerpt")
        ym = p.date.strftime("%Y/%m")
        for mid, stem, alt, caption, credit in meta.get("media", []):
            p.media[mid] = Media(mid, stem, alt, caption, credit, ym, p.id, p.date)
        p.featured = int(meta["featured"])
        p.link = f"{ORIGIN}/{p.date.strftime('%Y/%m/%d')}/{p.slug}/"
        p.body_src = body.strip()
        posts.append(p)
    posts.sort(key=lambda p: p.date)
    return posts


def image_html(m: Media, style: str, first: bool) -> str:
    lazy = 'fetchpriority="high" decoding="async"' if first else 'loading="lazy" decoding="async"'
    if style == "classic":
        return (
            f'<div id="attachment_{m.id}" style="width: 810px" class="wp-caption aligncenter">'
            f'<img aria-describedby="caption-attachment-{m.id}" {lazy} class="size-large wp-image-{m.id}" '
            f'src="{m.url("large")}" alt="{esc_attr(m.alt)}" width="800" height="533" '
            f'srcset="{m.srcset()}" sizes="(max-width: 800px) 100vw, 800px" />'
            f'<p id="caption-attachment-{m.id}" class="wp-caption-text">{m.caption_text()}</p></div>'
        )
    if style == "block":
        credit = f" <em>Photo: {m.credit}</em>" if m.credit else ""
        return (
            f'<figure class="wp-block-image size-large"><img {lazy} width="1024" height="683" '
            f'src="{m.url("large")}" alt="{esc_attr(m.alt)}" class="wp-image-{m.id}" '
            f'srcset="{m.srcset()}" sizes="auto, (max-width: 1024px) 100vw, 1024px" />'
            f'<figcaption class="wp-element-caption">{m.caption}{credit}</figcaption></figure>'
        )
    # An image dropped into a paragraph in the classic editor: alt text only.
    return (
        f'<p><img {lazy} class="alignnone size-medium wp-image-{m.id}" src="{m.url("medium")}" '
        f'alt="{esc_attr(m.alt)}" width="300" height="200" '
        f'srcset="{m.url("medium")} 300w, {m.url("large")} 1024w" sizes="(max-width: 300px) 100vw, 300px" /></p>'
    )


def render_body(p: Post, by_id: dict) -> str:
    count = [0]

    def image(mt):
        style, mid = mt.group(1), int(mt.group(2))
        count[0] += 1
        return image_html(p.media[mid], style, count[0] == 1)

    body = re.sub(r"\[\[(classic|block|bare) (\d+)\]\]", image, p.body_src)
    body = re.sub(r"\[\[url (\d+)\]\]", lambda mt: by_id[int(mt.group(1))].link, body)
    body = re.sub(r"\[\[origin\]\]", ORIGIN, body)
    return texturize(body)


def excerpt_text(p: Post) -> str:
    if p.manual_excerpt:
        return texturize(p.manual_excerpt)
    # wp_trim_excerpt: the first 55 words of the text, then the "more" mark.
    body = re.sub(r"<(figure|div)[^>]*>.*?</\1>", "", p.content, flags=re.S)
    text = re.sub(r"<[^>]+>", "", body)
    return " ".join(text.split()[:55])


def write(rel: str, data, binary=False):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if binary:
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")


def build_images(posts):
    for p in posts:
        for m in p.media.values():
            for size, (w, h) in SIZES.items():
                url = m.url(size)
                data = pngs.pattern_png(m.id, w, h)
                m.files[size] = len(data)
                write(url[len(ORIGIN) + 1:], data, binary=True)


def build_feed(posts):
    items = []
    for p in reversed(posts):
        cats = "".join(
            f"\t\t<category><![CDATA[{CATEGORIES[c][1]}]]></category>\n" for c in p.cats
        ) + "".join(f"\t\t<category><![CDATA[{t.replace('-', ' ')}]]></category>\n" for t in p.tags)
        footer = (
            f'<p>The post <a href="{p.link}">{p.title}</a> appeared first on '
            f'<a href="{ORIGIN}">{SITE_NAME}</a>.</p>\n'
        )
        desc = f"{p.excerpt} [&#8230;]{footer}"
        content = "" if p.excerpt_only else (
            f"\t\t\t\t\t\t\t\t\t\t<content:encoded><![CDATA[{p.content}\n{footer}]]></content:encoded>\n"
        )
        items.append(
            "\t<item>\n"
            f"\t\t<title>{p.title}</title>\n"
            f"\t\t<link>{p.link}</link>\n"
            f"\t\t\t\t\t<comments>{p.link}#respond</comments>\n"
            f"\t\t\n\t\t<dc:creator><![CDATA[{AUTHORS[p.author][1]}]]></dc:creator>\n"
            f"\t\t<pubDate>{rfc822(p.date)}</pubDate>\n"
            f"{cats}"
            f'\t\t<guid isPermaLink="false">{ORIGIN}/?p={p.id}</guid>\n\n'
            f"\t\t\t\t\t<description><![CDATA[{desc}]]></description>\n"
            f"{content}"
            f"\t\t\t\t\t<wfw:commentRss>{p.link}feed/</wfw:commentRss>\n"
            "\t\t\t<slash:comments>0</slash:comments>\n"
            "\t\t\n\t\t\n\t\t\t</item>"
        )
    last = max(p.modified for p in posts)
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n'
        "\t>\n\n<channel>\n"
        f"\t<title>{SITE_NAME}</title>\n"
        f'\t<atom:link href="{ORIGIN}/feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{ORIGIN}/</link>\n"
        f"\t<description>{TAGLINE}</description>\n"
        f"\t<lastBuildDate>{rfc822(last)}</lastBuildDate>\n"
        "\t<language>en-GB</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.8.3</generator>\n\n"
        "<image>\n"
        f"\t<url>{ORIGIN}/wp-content/uploads/2025/03/cropped-mh-icon-32x32.png</url>\n"
        f"\t<title>{SITE_NAME}</title>\n\t<link>{ORIGIN}/</link>\n"
        "\t<width>32</width>\n\t<height>32</height>\n</image> \n"
        + "\n".join(items)
        + "\n\t</channel>\n</rss>\n"
    )
    write("feed/index.xml", feed)
    write("wp-content/uploads/2025/03/cropped-mh-icon-32x32.png", pngs.pattern_png(32, 32, 32), binary=True)


def media_json(m: Media, author_id: int):
    sizes = {}
    for size in ("medium", "large", "thumbnail", "full"):
        w, h = SIZES[size]
        sizes[size] = {
            "file": m.url(size).rsplit("/", 1)[1], "width": w, "height": h,
            "filesize": m.files[size], "mime_type": "image/png", "source_url": m.url(size),
        }
    return {
        "id": m.id, "date": iso_local(m.date), "slug": m.stem, "type": "attachment",
        "link": f"{ORIGIN}/{m.stem}/", "title": {"rendered": m.stem.replace("-", " ").capitalize()},
        "author": author_id, "featured_media": 0,
        "caption": {"rendered": f"<p>{texturize(m.caption_text())}</p>\n"},
        "alt_text": m.alt, "media_type": "image", "mime_type": "image/png",
        "media_details": {
            "width": SIZES["full"][0], "height": SIZES["full"][1], "file": f"{m.ym}/{m.stem}.png",
            "filesize": m.files["full"], "sizes": sizes,
            "image_meta": {"aperture": "0", "credit": m.credit, "camera": "", "caption": "",
                           "created_timestamp": "0", "copyright": "", "focal_length": "0",
                           "iso": "0", "shutter_speed": "0", "title": "", "orientation": "0",
                           "keywords": []},
        },
        "source_url": m.url("full"),
        "_links": {
            "self": [{"href": f"{ORIGIN}/wp-json/wp/v2/media/{m.id}", "targetHints": {"allow": ["GET"]}}],
            "collection": [{"href": f"{ORIGIN}/wp-json/wp/v2/media"}],
            "about": [{"href": f"{ORIGIN}/wp-json/wp/v2/types/attachment"}],
            "author": [{"embeddable": True, "href": f"{ORIGIN}/wp-json/wp/v2/users/{author_id}"}],
        },
    }


def build_rest(posts):
    for p in posts:
        aid, aname, adesc = AUTHORS[p.author]
        cat_ids = [CATEGORIES[c][0] for c in p.cats]
        tag_ids = [TAGS[t] for t in p.tags]
        post = {
            "id": p.id, "date": iso_local(p.date), "date_gmt": iso_gmt(p.date),
            "guid": {"rendered": f"{ORIGIN}/?p={p.id}"},
            "modified": iso_local(p.modified), "modified_gmt": iso_gmt(p.modified),
            "slug": p.slug, "status": "publish", "type": "post", "link": p.link,
            "title": {"rendered": p.title},
            "content": {"rendered": p.content + "\n", "protected": False},
            "excerpt": {"rendered": f"<p>{p.excerpt} [&hellip;]</p>\n", "protected": False},
            "author": aid, "featured_media": p.featured, "comment_status": "open",
            "ping_status": "closed", "sticky": False, "template": "", "format": "standard",
            "meta": {"_acf_changed": False, "footnotes": ""},
            "categories": cat_ids, "tags": tag_ids,
            "class_list": [f"post-{p.id}", "post", "type-post", "status-publish", "format-standard",
                           "has-post-thumbnail", "hentry"] + [f"category-{c}" for c in p.cats]
                          + [f"tag-{t}" for t in p.tags],
            "_links": {
                "self": [{"href": f"{ORIGIN}/wp-json/wp/v2/posts/{p.id}", "targetHints": {"allow": ["GET"]}}],
                "collection": [{"href": f"{ORIGIN}/wp-json/wp/v2/posts"}],
                "about": [{"href": f"{ORIGIN}/wp-json/wp/v2/types/post"}],
                "author": [{"embeddable": True, "href": f"{ORIGIN}/wp-json/wp/v2/users/{aid}"}],
                "replies": [{"embeddable": True, "href": f"{ORIGIN}/wp-json/wp/v2/comments?post={p.id}"}],
                "version-history": [{"count": 3, "href": f"{ORIGIN}/wp-json/wp/v2/posts/{p.id}/revisions"}],
                "wp:featuredmedia": [{"embeddable": True, "href": f"{ORIGIN}/wp-json/wp/v2/media/{p.featured}"}],
                "wp:attachment": [{"href": f"{ORIGIN}/wp-json/wp/v2/media?parent={p.id}"}],
                "wp:term": [
                    {"taxonomy": "category", "embeddable": True, "href": f"{ORIGIN}/wp-json/wp/v2/categories?post={p.id}"},
                    {"taxonomy": "post_tag", "embeddable": True, "href": f"{ORIGIN}/wp-json/wp/v2/tags?post={p.id}"},
                ],
                "curies": [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}],
            },
        }
        avatar = "https://secure.gravatar.com/avatar/" + format(aid * 2654435761 % (1 << 64), "032x")
        embedded = {
            "author": [{
                "id": aid, "name": aname, "url": "", "description": adesc,
                "link": f"{ORIGIN}/author/{p.author}/", "slug": p.author,
                "avatar_urls": {s: f"{avatar}?s={s}&d=mm&r=g" for s in ("24", "48", "96")},
                "_links": {"self": [{"href": f"{ORIGIN}/wp-json/wp/v2/users/{aid}", "targetHints": {"allow": ["GET"]}}],
                           "collection": [{"href": f"{ORIGIN}/wp-json/wp/v2/users"}]},
            }],
            "wp:featuredmedia": [media_json(p.media[p.featured], aid)],
            "wp:term": [
                [{"id": CATEGORIES[c][0], "link": f"{ORIGIN}/category/{c}/", "name": CATEGORIES[c][1],
                  "slug": c, "taxonomy": "category",
                  "_links": {"self": [{"href": f"{ORIGIN}/wp-json/wp/v2/categories/{CATEGORIES[c][0]}", "targetHints": {"allow": ["GET"]}}]}}
                 for c in p.cats],
                [{"id": TAGS[t], "link": f"{ORIGIN}/tag/{t}/", "name": t.replace("-", " "), "slug": t,
                  "taxonomy": "post_tag",
                  "_links": {"self": [{"href": f"{ORIGIN}/wp-json/wp/v2/tags/{TAGS[t]}", "targetHints": {"allow": ["GET"]}}]}}
                 for t in p.tags],
            ],
        }
        write(f"wp-json/wp/v2/posts/{p.id}.json", php_json(post))
        write(f"wp-json/wp/v2/posts/{p.id}.embedded.json", php_json(embedded))
    root = {
        "name": SITE_NAME, "description": TAGLINE, "url": ORIGIN, "home": ORIGIN,
        "gmt_offset": "0", "timezone_string": "Europe/London",
        "namespaces": ["oembed/1.0", "tribe/events/v1", "yoast/v1", "wp/v2", "wp-site-health/v1"],
        "authentication": [], "routes": {
            "/wp/v2/posts": {"namespace": "wp/v2", "methods": ["GET"], "_links": {"self": [{"href": f"{ORIGIN}/wp-json/wp/v2/posts"}]}},
            "/tribe/events/v1/events": {"namespace": "tribe/events/v1", "methods": ["GET"], "_links": {"self": f"{ORIGIN}/wp-json/tribe/events/v1/events"}},
        },
        "site_logo": 0, "site_icon": 0, "site_icon_url": f"{ORIGIN}/wp-content/uploads/2025/03/cropped-mh-icon-32x32.png",
        "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
    }
    write("wp-json/index.json", php_json(root))


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    posts = load_posts()
    by_id = {p.id: p for p in posts}
    for p in posts:
        p.content = render_body(p, by_id)
        p.excerpt = excerpt_text(p)
        p.word_count = len(words(p.content))
    build_images(posts)
    build_feed(posts)
    build_rest(posts)
    events = gen_events.build(write)
    for p in posts:
        write(f"{p.link[len(ORIGIN) + 1:]}index.html", chrome.article_page(p, posts, events))
    write("index.html", chrome.home_page(posts, events))
    write("events/index.html", chrome.events_page(events))
    print(f"{len(posts)} posts, {len(events)} events, "
          f"{sum(len(f) for _, _, f in os.walk(OUT))} files")
    for p in posts:
        print(f"  {p.id} {p.word_count:5d} words{' (excerpt only in feed)' if p.excerpt_only else ''} {p.link}")


if __name__ == "__main__":
    main()
