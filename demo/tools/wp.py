"""What WordPress does to text on the way out: wptexturize, esc_attr, the
REST API's PHP-style JSON, RFC 822 dates. Enough of each to make the sample
site's bytes look like a real WordPress 6.x site's."""

import json
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

ORIGIN = "https://meridian.example"
SITE_NAME = "Meridian House"
TAGLINE = "Arts, business and policy between Britain and Asia"
LONDON = ZoneInfo("Europe/London")

_TAG = re.compile(r"(<[^>]*>)")
_SKIP = ("code", "pre", "script", "style", "kbd", "tt")


def _texturize_text(t: str) -> str:
    t = re.sub(r"&(?!#?\w+;)", "&#038;", t)
    t = t.replace("...", "&#8230;")
    t = t.replace("---", "&#8212;").replace(" -- ", " &#8212; ").replace(" - ", " &#8211; ")
    # Opening quotes after start, space, bracket or dash; the rest close.
    t = re.sub(r'(^|[\s(\[{>]|&#8212;|&#8211;)"', r"\1&#8220;", t)
    t = t.replace('"', "&#8221;")
    t = re.sub(r"(^|[\s(\[{]|&#8212;|&#8211;)'(?=\w)", r"\1&#8216;", t)
    t = t.replace("'", "&#8217;")
    return t


def texturize(html: str) -> str:
    """Curly quotes, dashes, ellipses and &#038; in text, never in tags or in
    code blocks (what wptexturize does)."""
    out = []
    skip = 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            m = re.match(r"</?(\w+)", part)
            if m and m.group(1).lower() in _SKIP:
                skip += -1 if part.startswith("</") else 1
            out.append(part)
        elif skip > 0:
            out.append(part)
        else:
            out.append(_texturize_text(part))
    return "".join(out)


def esc_attr(s: str) -> str:
    return (
        s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#039;")
    )


def esc_html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def php_json(value) -> str:
    """json_encode as PHP does by default: \\/ for slashes, \\uXXXX for
    everything outside ASCII. WordPress's REST API sends exactly this."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def plain_json(value) -> str:
    """Yoast's JSON-LD: slashes and Unicode left as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def parse_local(s: str) -> datetime:
    """'2026-11-26 09:30:00' in London → aware datetime."""
    return datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=LONDON)


def rfc822(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")


def iso_local(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def iso_gmt(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def iso_offset(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def strip_tags(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def words(html: str) -> list:
    return strip_tags(html).split()
