"""The results as the markdown table in bench/README.md."""

import json
import os
import platform
import statistics

# Targets from the speed issue, per scale name.
COLD_VS_NEWSBOAT = 1 / 4
COLD_VS_FLOOR = 2.0
WARM_VS_NEWSBOAT = {"20x200": 1 / 3, "50x1000": 1 / 20}
START_MS = {"20x200": 50, "50x1000": 100}
READER_MB = 40
FRAME_MS = 16
RENDER_MS = 30


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def span(xs, scale=1.0, digits=0):
    xs = [x * scale for x in xs if x is not None]
    if not xs:
        return "–"
    f = f"{{:.{digits}f}}"
    return " / ".join(f.format(v) for v in (min(xs), statistics.median(xs), max(xs)))


def verdict(ok):
    return "**met**" if ok else "**missed**"


def ratio(a, b):
    return a / b if a is not None and b else None


def counts_line(reqs):
    """Median requests of a list of server tallies, by kind and answer."""
    def m(key):
        return int(med([c.get(key, 0) for c in reqs]) or 0)
    text = f"feeds {m('feed_200')} × 200, {m('feed_304')} × 304"
    if m("events_200") or m("events_304"):
        text += f"; calendar {m('events_200')} × 200, {m('events_304')} × 304"
    if m("page_200") or m("image_200") or m("image_304"):
        text += f"; prefetch {m('page_200')} pages, {m('image_200')} pictures"
        if m("image_304"):
            text += f" ({m('image_304')} × 304)"
    return text


def table(meta, results, micro):
    out = [
        "## Results",
        "",
        f"Run {meta['date']} on {meta['machine']}; concurrency {meta['concurrency']} for both programs.",
        "",
        f"- newsroom: `{meta.get('newsroom', '?')}`",
        f"- newsboat: `{meta.get('newsboat', '?')}`",
        f"- command: `{meta['command']}`",
        "",
        "Figures are min / median / max over the runs; ratios and verdicts use medians.",
        "",
    ]
    for res in results:
        out += scale_section(res)
    if micro:
        out += micro_section(micro)
    return "\n".join(out) + "\n"


def scale_section(res):
    name, fl, sy, rd = res["scale"], res["floors"], res["sync"], res["reader"]
    nr, nb = sy["newsroom"], sy["newsboat"]
    arts = res["feeds"] * res["items"]
    floor = med(fl["curl"]) + med(fl["xmllint"])
    rows = []

    def row(what, a, b, fl_text, ratio_text, target, ok):
        rows.append(f"| {what} | {a} | {b} | {fl_text} | {ratio_text} | {target} | {ok} |")

    cold_nb = ratio(med(nr["cold_feeds"]), med(nb["cold"]))
    cold_fl = ratio(med(nr["cold_feeds"]), floor)
    small = name == "20x200"
    row("cold sync, every feed stored, s", span(nr["cold_feeds"], digits=3), span(nb["cold"], digits=3),
        f"{floor:.3f} (fetch + parse)", f"{cold_nb:.2f} of newsboat; {cold_fl:.2f}× floor",
        "≤ 0.25 of newsboat; ≤ 2× floor" if small else "–",
        verdict(cold_nb <= COLD_VS_NEWSBOAT and cold_fl <= COLD_VS_FLOOR) if small else "–")
    whole_floor = ""
    if fl.get("curl_pictures"):
        pictures = med(fl["curl_pictures"])
        whole_floor = f"{floor + pictures:.3f} (the above + {fl['pictures']} pictures by curl in {pictures:.3f})"
    row("cold sync, whole (with prefetch), s", span(nr["cold"], digits=3), span(nb["cold"], digits=3), whole_floor,
        f"{ratio(med(nr['cold']), med(nb['cold'])):.2f} of newsboat", "", "")
    row("cold sync, requests", counts_line(nr["cold_req"]), counts_line(nb["cold_req"]), f"{res['feeds']} feeds",
        "", "", "")
    target = WARM_VS_NEWSBOAT.get(name)
    for phase, what in (("warm", "next sync"), ("warm2", "one more sync")):
        feeds = ratio(med(nr[f"{phase}_feeds"]), med(nb[phase]))
        whole = ratio(med(nr[phase]), med(nb[phase]))
        feeds_304 = all(c.get("feed_200", 0) == 0 for c in nr[f"{phase}_req"])
        row(f"warm, {what}, nothing changed: feeds checked, s", span(nr[f"{phase}_feeds"], digits=3),
            span(nb[phase], digits=3), "", f"{feeds:.3f} of newsboat",
            f"≤ 1/{round(1 / target)} of newsboat" if target else "–", verdict(feeds <= target) if target else "–")
        row(f"warm, {what}: whole (with prefetch), s", span(nr[phase], digits=3), span(nb[phase], digits=3), "",
            f"{whole:.3f} of newsboat", f"≤ 1/{round(1 / target)} of newsboat" if target else "–",
            verdict(whole <= target) if target else "–")
        row(f"warm, {what}: requests", counts_line(nr[f"{phase}_req"]), counts_line(nb[f"{phase}_req"]), "", "",
            "feeds: conditional only (no 200)", verdict(feeds_304))
    start_nr, start_nb = med(rd["newsroom"]["start"]), med(rd["newsboat"]["start"])
    lim = START_MS.get(name)
    row("start to first drawn list, ms", span(rd["newsroom"]["start"], 1000, 1), span(rd["newsboat"]["start"], 1000, 1),
        f"{span(rd['less']['start'], 1000, 1)} (`less`, harness)", f"{start_nr / start_nb:.3f} of newsboat",
        f"< {lim} ms" if lim else "–", verdict(start_nr * 1000 < lim) if lim else "–")
    key_nr = med(rd["newsroom"]["down"])
    row("key (Down) to next frame, ms", span(rd["newsroom"]["down"], 1000, 1), span(rd["newsboat"]["down"], 1000, 1),
        f"{span(rd['less']['down'], 1000, 1)} (`less`, harness)", "",
        "< 16 ms" if name == "50x1000" else "–", verdict(key_nr * 1000 < FRAME_MS) if name == "50x1000" else "–")
    for key, what in (("open", "open (Enter) to next frame"), ("inner", "key (Down) after opening")):
        row(f"{what}, ms", span(rd["newsroom"][key], 1000, 1), span(rd["newsboat"][key], 1000, 1), "", "",
            "< 16 ms" if name == "50x1000" else "–",
            verdict(med(rd["newsroom"][key]) * 1000 < FRAME_MS) if name == "50x1000" else "–")
    mb = 1 / 1024
    reader_nr = med(rd["newsroom"]["kb"]) * mb
    row("peak memory, reader, MB", span(rd["newsroom"]["kb"], mb, 1), span(rd["newsboat"]["kb"], mb, 1), "", "",
        f"< {READER_MB} MB" if name == "50x1000" else "–", verdict(reader_nr < READER_MB) if name == "50x1000" else "–")
    row("peak memory, cold sync, MB", span(nr["cold_kb"], mb, 1), span(nb["cold_kb"], mb, 1), "", "", "", "")
    row("cache on disk, MB", span(nr["cache_bytes"], 1 / 2**20, 1), span(nb["cache_bytes"], 1 / 2**20, 1),
        f"{fl['feed_bytes'] / 2**20:.1f} of feeds", "", "", "")
    row("articles in cache", str(nr["articles"]), str(nb["articles"]), str(arts), "", "", "")
    out = [
        f"### {res['feeds']} feeds × {res['items']} items ({arts:,} articles), {res['runs']} runs",
        "",
        "| measure | newsroom | newsboat | floor | ratio | target | |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        f"Floors: {fl['feed_bytes'] / 2**20:.1f} MB of feeds fetched by `curl --parallel --parallel-max C` in "
        f"{span(fl['curl'], digits=3)} s; parsed by `xmllint --noout` (libxml2, one thread) in "
        f"{span(fl['xmllint'], digits=3)} s, by Python's `xml.etree.ElementTree` in {span(fl['etree'], digits=3)} s. "
        "The floor above is the median curl time plus the median xmllint time.",
        "",
        f"newsroom alone, the whole site (the {res['feeds']} RSS feeds, an Atom feed, a JSON Feed, "
        f"an iCalendar file of {res['events']} events), cold: {span(nr['site'], digits=3)} s, "
        f"peak {span(nr['site_kb'], mb, 1)} MB, {counts_line(nr['site_req'])}.",
        "",
    ]
    return out


def criterion(folder):
    """Median time (and throughput) of every criterion bench under `folder`."""
    found = {}
    for root, _, files in os.walk(folder):
        if "estimates.json" in files and os.path.basename(root) == "new":
            with open(os.path.join(root, "estimates.json"), encoding="utf-8") as fh:
                est = json.load(fh)
            with open(os.path.join(root, "benchmark.json"), encoding="utf-8") as fh:
                info = json.load(fh)
            found[info["full_id"]] = (est["median"]["point_estimate"], info.get("throughput"))
    return found


def micro_section(micro):
    out = ["### Micro-benchmarks (criterion, medians)", "", "| bench | time | throughput | target | |",
           "| --- | --- | --- | --- | --- |"]
    for bid, (ns, tp) in sorted(micro.items()):
        rate = ""
        if tp and "Bytes" in tp:
            rate = f"{tp['Bytes'] / (ns / 1e9) / 1e6:.1f} MB/s"
        elif tp and "Elements" in tp:
            rate = f"{tp['Elements'] / (ns / 1e9):,.0f} items/s"
        target, ok = "", ""
        if "render" in bid and "1mb" in bid.lower():
            target, ok = f"< {RENDER_MS} ms", verdict(ns / 1e6 < RENDER_MS)
        if "list" in bid and "page" in bid:
            target, ok = f"< {FRAME_MS} ms (one frame)", verdict(ns / 1e6 < FRAME_MS)
        out.append(f"| {bid} | {fmt_ns(ns)} | {rate} | {target} | {ok} |")
    return out + [""]


def fmt_ns(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def splice(readme, text):
    """Put `text` between the results markers of `readme`."""
    with open(readme, encoding="utf-8") as fh:
        doc = fh.read()
    start, end = "<!-- results:start -->\n", "<!-- results:end -->"
    a, b = doc.index(start) + len(start), doc.index(end)
    with open(readme, "w", encoding="utf-8") as fh:
        fh.write(doc[:a] + text + doc[b:])
