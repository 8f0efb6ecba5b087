"""The sample site's events, written the ways The Events Calendar serves
them: an iCalendar export, the tribe/events/v1 REST endpoint (one fragment
per event, paged at serve time), and event pages with schema.org JSON-LD.
Also writes demo/site/EVENTS.md, the expected times for tests."""

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "content"))

import chrome  # noqa: E402
from events import EVENTS, VENUES  # noqa: E402
from wp import ORIGIN, SITE_NAME, php_json, strip_tags, texturize  # noqa: E402

UTC = timezone.utc
DTSTAMP = "20261128T064210"
PRODID = f"-//{SITE_NAME} - ECPv6.8.2//NONSGML v1.0//EN"


def ics_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> list:
    """Fold at 75 octets, counting bytes, so a multi-byte character can be
    cut in two (as PHP's byte-oriented folding does). Never cut the
    placeholder origin: it is rewritten at serve time."""
    data = line.encode("utf-8")
    out = []
    limit = 75
    while len(data) > limit:
        cut = limit
        at = data.find(ORIGIN.encode(), max(0, cut - len(ORIGIN)))
        if 0 <= at < cut < at + len(ORIGIN):
            cut = at
        out.append(data[:cut])
        data = data[cut:]
        data = b" " + data
        limit = 75
    out.append(data)
    return out


def cuts_a_character(ics: bytes) -> bool:
    for line in ics.split(b"\r\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


def ics_time(dt: datetime, tz: str) -> str:
    if tz == "UTC":
        return ":" + dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f";TZID={tz}:" + dt.strftime("%Y%m%dT%H%M%S")


def vtimezone(tz: str) -> list:
    if tz == "Asia/Singapore":
        return ["BEGIN:VTIMEZONE", "TZID:Asia/Singapore", "BEGIN:STANDARD", "TZOFFSETFROM:+0800",
                "TZOFFSETTO:+0800", "TZNAME:+08", "DTSTART:20260101T000000", "END:STANDARD", "END:VTIMEZONE"]
    lines = ["BEGIN:VTIMEZONE", "TZID:Europe/London"]
    # The Events Calendar writes one block per transition in the years its
    # events span, not an RRULE.
    for year in (2026, 2027, 2028):
        spring = last_sunday(year, 3)
        autumn = last_sunday(year, 10)
        lines += ["BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST",
                  f"DTSTART:{spring}T010000", "END:DAYLIGHT",
                  "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT",
                  f"DTSTART:{autumn}T020000", "END:STANDARD"]
    return lines + ["END:VTIMEZONE"]


def last_sunday(year, month):
    d = datetime(year, month + 1, 1) - timedelta(days=1)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d.strftime("%Y%m%d")


def vevent(e, override=None) -> list:
    tz = e["tz"]
    uid = f"{e['id']}-{int(e['start'].timestamp())}-{int(e['end'].timestamp())}@meridian.example"
    if override:
        start, end = override["start"], override["end"]
        lines = ["BEGIN:VEVENT", f"DTSTART{ics_time(start, tz)}", f"DTEND{ics_time(end, tz)}",
                 f"DTSTAMP:{DTSTAMP}", f"RECURRENCE-ID{ics_time(override['original'], tz)}",
                 "SEQUENCE:1", f"UID:{uid}", f"SUMMARY:{ics_escape(override['summary'])}",
                 f"DESCRIPTION:{ics_escape(override['note'])}", f"URL:{e['url']}",
                 f"LOCATION:{ics_escape(location(e))}", "END:VEVENT"]
        return lines
    if e["all_day"]:
        times = [f"DTSTART;VALUE=DATE:{e['start']:%Y%m%d}",
                 f"DTEND;VALUE=DATE:{(e['end'] + timedelta(days=1)):%Y%m%d}"]
    elif e.get("duration"):
        times = [f"DTSTART{ics_time(e['start'], tz)}", f"DURATION:{e['duration']}"]
    else:
        times = [f"DTSTART{ics_time(e['start'], tz)}", f"DTEND{ics_time(e['end'], tz)}"]
    lines = ["BEGIN:VEVENT"] + times + [
        f"DTSTAMP:{DTSTAMP}", f"CREATED:{e['created']}", f"LAST-MODIFIED:{e['modified']}",
        f"UID:{uid}", f"SUMMARY:{ics_escape(e['title_plain'])}",
        f"DESCRIPTION:{ics_escape(e['description_plain'])}", f"URL:{e['url']}",
    ]
    if e.get("rrule"):
        lines.append(f"RRULE:{e['rrule']}")
        for x in e.get("exdates", []):
            lines.append(f"EXDATE{ics_time(x, tz)}")
    if e["cancelled"]:
        lines.append("STATUS:CANCELLED")
    lines += [f"LOCATION:{ics_escape(location(e))}",
              f"CATEGORIES:{','.join(ics_escape(c) for c in e['categories'])}",
              f"ATTACH;FMTTYPE=image/png:{ORIGIN}/wp-content/uploads/2025/03/cropped-mh-icon-32x32.png",
              f"ORGANIZER;CN=\"{e['organizer'][0]}\":{e['organizer_scheme']}:{e['organizer'][1]}",
              "END:VEVENT"]
    return lines


def location(e):
    v = e["venue"]
    parts = [v["venue"], v["address"], v["city"], v["province"], v["zip"], v["country"]]
    return ", ".join(p for p in parts if p)


def calendar(events, name_suffix="") -> bytes:
    zones = sorted({e["tz"] for e in events if e["tz"] != "UTC" and not e["all_day"]} | {"Europe/London"})
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{SITE_NAME}{name_suffix}", f"X-ORIGINAL-URL:{ORIGIN}",
             f"X-WR-CALDESC:Events for {SITE_NAME}", "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
             "X-Robots-Tag:noindex", "X-PUBLISHED-TTL:PT1H"]
    for z in zones:
        lines += vtimezone(z)
    for e in events:
        lines += vevent(e)
        if e.get("override"):
            lines += vevent(e, e["override"])
    lines.append("END:VCALENDAR")
    out = []
    for line in lines:
        out += fold(line)
    return b"".join(x + b"\r\n" for x in out)


def tribe_json(e, venue_id):
    v = e["venue"]
    tz = ZoneInfo(e["tz"])

    def details(dt):
        return {"year": dt.strftime("%Y"), "month": dt.strftime("%m"), "day": dt.strftime("%d"),
                "hour": dt.strftime("%H"), "minutes": dt.strftime("%M"), "seconds": dt.strftime("%S")}

    if e["all_day"]:
        start = e["start"].replace(hour=0, minute=0, tzinfo=tz)
        end = e["end"].replace(hour=23, minute=59, second=59, tzinfo=tz)
    else:
        start, end = e["start"], e["end"]
    ustart, uend = start.astimezone(UTC), end.astimezone(UTC)
    fmt = "%Y-%m-%d %H:%M:%S"
    return {
        "id": e["id"], "global_id": f"meridian.example?id={e['id']}",
        "global_id_lineage": [f"meridian.example?id={e['id']}"], "author": "7", "status": "publish",
        "date": e["created_local"], "date_utc": e["created_local"],
        "modified": e["created_local"], "modified_utc": e["created_local"],
        "url": e["url"], "rest_url": f"{ORIGIN}/wp-json/tribe/events/v1/events/{e['id']}",
        "title": e["title"], "description": e["description"], "excerpt": e["excerpt"],
        "slug": e["slug"], "image": False, "all_day": e["all_day"],
        "start_date": start.strftime(fmt), "start_date_details": details(start),
        "end_date": end.strftime(fmt), "end_date_details": details(end),
        "utc_start_date": ustart.strftime(fmt), "utc_start_date_details": details(ustart),
        "utc_end_date": uend.strftime(fmt), "utc_end_date_details": details(uend),
        "timezone": e["tz"], "timezone_abbr": start.tzname(),
        "cost": e["cost"], "cost_details": e["cost_details"], "website": e["website"],
        "show_map": True, "show_map_link": True, "hide_from_listings": False, "sticky": False,
        "featured": False,
        "categories": [{"name": c.replace("&", "&amp;"), "slug": category_slug(c), "term_group": 0,
                        "term_taxonomy_id": category_id(c), "taxonomy": "tribe_events_cat", "description": "",
                        "parent": 0, "count": category_count(c), "filter": "raw", "id": category_id(c),
                        "urls": {"self": f"{ORIGIN}/wp-json/tribe/events/v1/categories/{category_id(c)}",
                                 "collection": f"{ORIGIN}/wp-json/tribe/events/v1/categories"}}
                       for c in e["categories"]],
        "tags": [],
        "venue": {"id": venue_id, "author": "7", "status": "publish", "date": "2025-02-11 10:12:40",
                  "url": f"{ORIGIN}/venue/{v['slug']}/", "venue": v["venue"], "slug": v["slug"],
                  "address": v["address"], "city": v["city"], "country": v["country"],
                  "province": v["province"], "zip": v["zip"], "phone": v.get("phone", ""),
                  "website": v.get("website", ""), "stateprovince": v["province"],
                  "show_map": True, "show_map_link": True,
                  "global_id": f"meridian.example?id={venue_id}",
                  "global_id_lineage": [f"meridian.example?id={venue_id}"]} if v["address"] else [],
        "organizer": [{"id": 4990, "author": "7", "status": "publish", "url": f"{ORIGIN}/organizer/meridian-house/",
                       "organizer": e["organizer"][0], "slug": "meridian-house", "phone": "+44 20 7000 0000",
                       "website": ORIGIN, "email": "&#101;&#118;ents&#64;&#109;eridian.example",
                       "global_id": "meridian.example?id=4990", "global_id_lineage": ["meridian.example?id=4990"]}],
    }


ALL_CATEGORIES = sorted({c for raw in EVENTS for c in raw["categories"]})


def category_slug(name):
    return name.lower().replace(" & ", "-").replace(" ", "-")


def category_id(name):
    return 60 + ALL_CATEGORIES.index(name)


def category_count(name):
    return sum(name in raw["categories"] for raw in EVENTS)


def schema(e):
    v = e["venue"]
    off = {"@type": "Offer", "price": e["cost_details"]["values"][0] if e["cost_details"]["values"] else "0",
           "priceCurrency": e["cost_details"]["currency_code"] or "GBP",
           "url": e["website"] or e["url"], "category": "primary", "availability": "inStock",
           "validFrom": "2026-10-01T00:00:00+00:00"}
    start = e["start"] if not e["all_day"] else e["start"].replace(tzinfo=ZoneInfo(e["tz"]))
    end = e["end"] if not e["all_day"] else e["end"].replace(hour=23, minute=59, second=59, tzinfo=ZoneInfo(e["tz"]))
    item = {
        "@context": "http://schema.org", "@type": "Event", "name": e["title"],
        "description": e["description"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "url": e["url"],
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if e["online"]
        else "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventCancelled" if e["cancelled"] else "https://schema.org/EventScheduled",
        "startDate": start.isoformat(timespec="seconds"), "endDate": end.isoformat(timespec="seconds"),
        "organizer": {"@type": "Person", "name": e["organizer"][0], "description": "", "url": ORIGIN,
                      "telephone": "+44 20 7000 0000", "email": "&#101;&#118;ents&#64;&#109;eridian.example", "sameAs": ""},
        "offers": off, "performer": "Organization",
    }
    if v["address"]:
        item["location"] = {"@type": "Place", "name": v["venue"], "description": "", "url": "",
                            "address": {"@type": "PostalAddress", "streetAddress": v["address"],
                                        "addressLocality": v["city"], "addressRegion": v["province"],
                                        "postalCode": v["zip"], "addressCountry": v["country"]},
                            "telephone": v.get("phone", ""), "sameAs": ""}
    else:
        item["location"] = {"@type": "VirtualLocation", "url": e["website"] or e["url"]}
    return php_json([item])


def when_text(e):
    if e["all_day"]:
        return f"{e['start']:%-d %B} &#8211; {e['end']:%-d %B %Y}"
    return f"{e['start']:%-d %B %Y @ %-I:%M %p} &#8211; {e['end']:%-I:%M %p} {e['start'].tzname()}"


def prepare():
    events = []
    for raw in sorted(EVENTS, key=lambda r: r["start"]):
        e = dict(raw)
        tz = ZoneInfo(e["tz"])
        e["id"] = 5101 + 4 * len(events)
        e["url"] = f"{ORIGIN}/event/{e['slug']}/"
        e["title_plain"] = e["title"]
        e["title"] = texturize(e["title"])
        e["description_plain"] = e["text"].strip()
        e["description"] = texturize("".join(f"<p>{para}</p>\n" for para in e["text"].strip().split("\n\n")))
        e["excerpt"] = f"<p>{texturize(e['text'].split(chr(10))[0])}</p>\n"
        e["venue"] = VENUES[e["venue"]]
        e["online"] = not e["venue"]["address"]
        e["all_day"] = "T" not in e["start"]
        if e["all_day"]:
            e["start"] = datetime.strptime(e["start"], "%Y-%m-%d")
            e["end"] = datetime.strptime(e["end"], "%Y-%m-%d")
        else:
            e["start"] = datetime.fromisoformat(e["start"]).replace(tzinfo=tz)
            if e.get("duration"):
                h, _, m = e["duration"][2:].rstrip("M").partition("H")
                e["end"] = e["start"] + timedelta(hours=int(h), minutes=int(m or 0))
            else:
                e["end"] = datetime.fromisoformat(e["end"]).replace(tzinfo=tz)
        if e.get("override"):
            o = dict(e["override"])
            o["original"] = datetime.fromisoformat(o["original"]).replace(tzinfo=tz)
            o["start"] = datetime.fromisoformat(o["start"]).replace(tzinfo=tz)
            o["end"] = datetime.fromisoformat(o["end"]).replace(tzinfo=tz)
            e["override"] = o
        e["exdates"] = [datetime.fromisoformat(x).replace(tzinfo=tz) for x in e.get("exdates", [])]
        e["cancelled"] = e.get("status") == "cancelled"
        e["created"] = "20261001T101500Z"
        e["modified"] = "20261120T143000Z"
        e["created_local"] = "2026-10-01 11:15:00"
        e["organizer"] = ("Meridian House Events", "events@meridian.example")
        e["organizer_scheme"] = e.get("organizer_scheme", "MAILTO")
        e["upcoming"] = (e["end"] if e["all_day"] else e["end"].astimezone(UTC)).replace(tzinfo=None) >= datetime(2026, 11, 28)
        e["when_text"] = when_text(e)
        events.append(e)
    return events


def expected_md(events):
    rows = []
    for e in events:
        if e["all_day"]:
            s = f"{e['start']:%Y-%m-%d} (all day)"
            en = f"{e['end']:%Y-%m-%d} (last day; DTEND {(e['end'] + timedelta(days=1)):%Y-%m-%d} exclusive)"
        else:
            s = e["start"].isoformat(timespec="minutes")
            en = e["end"].isoformat(timespec="minutes")
        notes = []
        if e.get("duration"):
            notes.append(f"DURATION:{e['duration']} (no DTEND)")
        if e["tz"] == "UTC":
            notes.append("times in UTC (Z)")
        if e.get("rrule"):
            notes.append(f"RRULE:{e['rrule']}; EXDATE {', '.join(x.isoformat(timespec='minutes') for x in e['exdates'])}")
        if e.get("override"):
            o = e["override"]
            notes.append(f"RECURRENCE-ID {o['original'].isoformat(timespec='minutes')} moved to "
                         f"{o['start'].isoformat(timespec='minutes')} – {o['end'].isoformat(timespec='minutes')}, "
                         f"SUMMARY \"{o['summary']}\"")
        if e["cancelled"]:
            notes.append("STATUS:CANCELLED")
        notes.append(f"cost {e['cost'] or '(none)'}")
        rows.append(f"| {e['id']} | {e['title_plain']} | {e['tz']} | {s} | {en} | {'; '.join(notes)} | /event/{e['slug']}/ |")
    occ = []
    for e in events:
        if e.get("rrule"):
            n = int(e["rrule"].split("COUNT=")[1].split(";")[0])
            ex = set(e["exdates"])
            for i in range(n):
                t = e["start"] + timedelta(weeks=i)
                if t in ex:
                    occ.append(f"- {t.isoformat(timespec='minutes')} — excluded by EXDATE")
                elif e.get("override") and t == e["override"]["original"]:
                    o = e["override"]
                    occ.append(f"- {o['start'].isoformat(timespec='minutes')} – {o['end'].isoformat(timespec='minutes')} (override of {t.isoformat(timespec='minutes')})")
                else:
                    occ.append(f"- {t.isoformat(timespec='minutes')} – {(t + (e['end'] - e['start'])).isoformat(timespec='minutes')}")
    return f"""# Sample site events: what a correct parser finds

Written by demo/tools/gen_events.py alongside `events/ical.ics` (served at
`/events/?ical=1`) and the tribe REST fragments (served at
`/wp-json/tribe/events/v1/events`, 10 a page). Times below are local to the
event's zone with their UTC offset. "Today" for the sample site is 2026-11-28:
the first two events are past, the rest upcoming. Not served.

| id | title | zone | start | end | notes | page |
| --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

## Occurrences of the weekly series ({sum(1 for o in occ if 'excluded' not in o)} after the EXDATE)

{chr(10).join(occ)}

## Things in the .ics worth testing

- CRLF line endings throughout; lines folded at 75 octets, at least one fold
  cuts a multi-byte UTF-8 character in two (the Chinese and Arabic text).
- Escapes in SUMMARY/DESCRIPTION/LOCATION: `\\,` `\\;` `\\n` `\\\\`.
- VTIMEZONE for Europe/London (DAYLIGHT/STANDARD per year, 2026-2028) and
  Asia/Singapore (STANDARD only, +08).
- The REST source adds what the .ics lacks: `cost`, `cost_details`, `website`
  (booking link); the .ics and REST share each event's URL.
"""


def build(write):
    events = prepare()
    ics = calendar(events)
    # Parsers must unfold bytes before decoding; keep one fold that proves it.
    assert cuts_a_character(ics), "no fold cuts a multi-byte character: adjust a description"
    write("events/ical.ics", ics, binary=True)
    for e in events:
        write(f"event/{e['slug']}/ical.ics", calendar([e]), binary=True)
        write(f"wp-json/tribe/events/v1/events/{e['id']}.json", php_json(tribe_json(e, 4900 + list(VENUES).index(
            next(k for k, v in VENUES.items() if v is e["venue"])))))
        write(f"event/{e['slug']}/index.html", chrome.event_page(e, schema(e)))
    (Path(__file__).resolve().parent.parent / "site" / "EVENTS.md").write_text(expected_md(events), encoding="utf-8")
    return events
