#!/usr/bin/env python3
"""End-to-end figures for newsroom beside newsboat, on one synthetic site
served over loopback, plus the floors (curl fetch, bare XML parse).

Standard library only. `bench/run.sh` builds the binaries and calls this;
see bench/README.md for what each figure means.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import measure  # noqa: E402
import programs  # noqa: E402
import report  # noqa: E402
import server  # noqa: E402
import sitegen  # noqa: E402

# Bump when the generator's output changes, so cached sites are rebuilt.
GEN_VERSION = 1


def log(msg):
    print(f"[{datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def prepare(scale, port, work):
    """Generate (or reuse) the site for `scale` and serve it."""
    root = os.path.join(work, f"site-{scale.name}")
    srv = server.SiteServer(root, port)
    site = sitegen.Site(scale, srv.origin)
    stamp = os.path.join(root, "STAMP")
    want = f"{GEN_VERSION} {srv.origin} {scale}"
    have = open(stamp, encoding="utf-8").read() if os.path.exists(stamp) else ""
    if have != want:
        log(f"generating {scale.name} ({scale.feeds * scale.items} articles, {scale.events} events)")
        shutil.rmtree(root, ignore_errors=True)
        t0 = time.perf_counter()
        sitegen.write_site(site, root)
        with open(stamp, "w", encoding="utf-8") as fh:
            fh.write(want)
        log(f"generated in {time.perf_counter() - t0:.1f} s")
    srv.start(site)
    return site, srv


def feed_files(site, root):
    return [os.path.join(root, site.feed_path(f).strip("/"), "index.xml") for f in range(site.scale.feeds)]


def floors(site, srv, concurrency, runs):
    """Fetch floor (curl --parallel) and parse floors (xmllint, ElementTree)."""
    files = feed_files(site, srv.root)
    out = {"feed_bytes": sum(os.path.getsize(f) for f in files), "curl": [], "xmllint": [], "etree": []}
    curl = ["curl", "-s", "--fail", "--parallel", "--parallel-max", str(concurrency)]
    for u in site.feed_urls():
        curl += [u, "-o", "/dev/null"]
    # One unmeasured fetch first, so every measured one finds the files in
    # the page cache.
    measure.timed(curl)
    for _ in range(runs):
        srv.counts.take()
        out["curl"].append(measure.timed(curl)[0])
        out["curl_requests"] = srv.counts.take().get("s200", 0)
        out["xmllint"].append(measure.timed(["xmllint", "--noout", "--huge", *files])[0])
        t0 = time.perf_counter()
        for f in files:
            ET.parse(f)
        out["etree"].append(time.perf_counter() - t0)
    return out


def picture_floor(srv, paths, concurrency, runs):
    """The pictures newsroom's cold sync prefetched, fetched by curl: what
    the server alone takes to hand them over."""
    if not paths:
        return {}
    curl = ["curl", "-s", "--fail", "--parallel", "--parallel-max", str(concurrency)]
    for p in paths:
        curl += [srv.origin + p, "-o", "/dev/null"]
    return {"pictures": len(paths), "curl_pictures": [measure.timed(curl)[0] for _ in range(runs)]}


# A cold sync into an empty cache, the next sync with nothing changed, and
# one more: newsboat stores a feed's validators only on its second fetch, so
# its first warm reload downloads everything again and only the third sends
# conditional requests.
PHASES = ("cold", "warm", "warm2")


def syncs(progs, site, srv, work, runs):
    """Cold then warm syncs, the programs alternating; the last caches are kept."""
    res = {p.name: {k: [] for ph in PHASES for k in (ph, f"{ph}_kb", f"{ph}_req", f"{ph}_feeds")} for p in progs}
    for p in progs:
        res[p.name]["cache_bytes"] = []
    res["newsroom"].update({"site": [], "site_kb": [], "site_req": []})
    caches = {}
    for r in range(runs):
        order = progs if r % 2 == 0 else progs[::-1]
        run_dir = os.path.join(work, f"run-{r}")
        shutil.rmtree(run_dir, ignore_errors=True)
        os.makedirs(run_dir)
        for phase in PHASES:
            for p in order:
                cache = p.cache_path(run_dir)
                mem = os.path.join(run_dir, f"{p.name}-{phase}.time")
                srv.counts.take()
                srv.picture_paths.clear()
                t0, wall, kb = programs.sync(p, cache, mem)
                counts = srv.counts.take()
                if phase == "cold" and p.name == "newsroom":
                    # The picture floor fetches what a cold sync fetched.
                    res["cold_pictures"] = sorted(srv.picture_paths)
                # Every feed is stored before the first page or picture is asked for.
                feeds = counts.pop("first_prefetch", t0 + wall) - t0
                log(f"run {r} {p.name} {phase}: {wall:.3f} s (feeds {feeds:.3f} s), {kb} KiB, {counts}")
                res[p.name][phase].append(wall)
                res[p.name][f"{phase}_feeds"].append(feeds)
                res[p.name][f"{phase}_kb"].append(kb)
                res[p.name][f"{phase}_req"].append(counts)
                if phase == "cold":
                    res[p.name]["cache_bytes"].append(measure.dir_bytes(cache))
                caches[p.name] = cache
        # The whole site (feeds, Atom, JSON Feed, iCalendar) for newsroom alone.
        nr = next(p for p in progs if p.name == "newsroom")
        cache = os.path.join(run_dir, "newsroom-site")
        srv.counts.take()
        _, wall, kb = programs.sync(nr, cache, os.path.join(run_dir, "site.time"), full=True)
        counts = srv.counts.take()
        counts.pop("first_prefetch", None)
        log(f"run {r} newsroom whole site: {wall:.3f} s, {kb} KiB, {counts}")
        res["newsroom"]["site"].append(wall)
        res["newsroom"]["site_kb"].append(kb)
        res["newsroom"]["site_req"].append(counts)
        if r < runs - 1:
            # Keep only the last run's caches on disk.
            shutil.rmtree(os.path.join(work, f"run-{r - 1}"), ignore_errors=True)
    for p in progs:
        res[p.name]["articles"] = p.count(caches[p.name])
    return res, caches


def readers(progs, caches, work, runs, keys):
    """Start to first drawn list, key-to-frame latency and peak memory of
    each reader on its cache, in tmux; `less` on a file gives the harness floor."""
    tmux = measure.Tmux()
    out = {p.name: {"start": [], "kb": [], "down": [], "open": [], "inner": []} for p in progs}
    out["less"] = {"start": [], "down": []}
    floor_file = os.path.join(work, "less-floor.txt")
    with open(floor_file, "w", encoding="utf-8") as fh:
        fh.write("".join(f"line {n} harness floor marker\n" for n in range(2000)))
    try:
        for r in range(runs):
            order = progs if r % 2 == 0 else progs[::-1]
            for p in order:
                name = f"{p.name}-{r}"
                mem = os.path.join(work, f"reader-{name}.time")
                if os.path.exists(mem):
                    os.remove(mem)
                cmd = [measure.TIME, "-v", "-o", mem, *p.reader_cmd(caches[p.name])]
                t0 = tmux.start(name, cmd, p.tui_env)
                secs = tmux.wait_for(name, p.needle, t0)
                time.sleep(0.3)
                lat = tmux.key_latency(name, p.down, keys, back="Up")
                # Open the selected item (newsroom: the article; newsboat: the
                # feed's article list) and move in it.
                opened = tmux.key_latency(name, p.open_key, 1)
                inner = tmux.key_latency(name, p.down, keys, back="Up")
                for k in p.back_keys:
                    tmux.send(name, k)
                time.sleep(0.2)
                # Walk to the end of the list so memory covers a whole scroll.
                tmux.send(name, "End")
                time.sleep(0.5)
                tmux.finish(name, p.quit_keys)
                kb = measure.peak_kb(mem)
                log(f"reader {name}: drawn in {secs * 1000:.1f} ms, key {sorted(lat)[len(lat) // 2] * 1000:.1f} ms, "
                    f"open {opened[0] * 1000:.1f} ms, {kb} KiB")
                out[p.name]["start"].append(secs)
                out[p.name]["kb"].append(kb)
                out[p.name]["down"].extend(lat)
                out[p.name]["open"].extend(opened)
                out[p.name]["inner"].extend(inner)
            name = f"less-{r}"
            t0 = tmux.start(name, ["less", floor_file], {"LC_ALL": "C.UTF-8"})
            out["less"]["start"].append(tmux.wait_for(name, "line 0 harness", t0))
            out["less"]["down"].extend(tmux.key_latency(name, "Down", keys, back="Up"))
            tmux.finish(name, ["q"])
    finally:
        tmux.close()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--newsroom", required=True, help="the newsroom binary (a release build)")
    ap.add_argument("--newsboat", default=shutil.which("newsboat") or "newsboat")
    ap.add_argument("--scales", default="20x200,50x1000")
    ap.add_argument("--events", type=int, default=1000, help="events in the iCalendar file")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big-runs", type=int, default=3, help="runs at scales of 20,000 articles or more")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--keys", type=int, default=20, help="key presses timed per reader run")
    ap.add_argument("--port", type=int, default=18730, help="first port; one per scale")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "newsroom-bench"))
    ap.add_argument("--criterion", help="criterion output folder to read the micro-benchmarks from")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "results.md"))
    ap.add_argument("--update-readme", action="store_true", help="also put the table into bench/README.md")
    args = ap.parse_args()

    os.makedirs(args.work, exist_ok=True)
    meta = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": report.machine(),
        "concurrency": args.concurrency,
        "command": " ".join(["bench/run.sh", *sys.argv[1:]]),
    }
    results = []
    for k, spec in enumerate(args.scales.split(",")):
        feeds, items = (int(x) for x in spec.split("x"))
        scale = sitegen.Scale(feeds, items, args.events)
        runs = args.big_runs if feeds * items >= 20000 else args.runs
        work = os.path.join(args.work, scale.name)
        site, srv = prepare(scale, args.port + k, args.work)
        try:
            nr = programs.Newsroom(os.path.abspath(args.newsroom), work, site, args.concurrency)
            nb = programs.Newsboat(args.newsboat, work, site, args.concurrency)
            meta["newsroom"] = f"{nr.binary} ({nr.version()})"
            meta["newsboat"] = f"{shutil.which(nb.binary) or nb.binary} ({nb.version()})"
            log(f"{scale.name}: floors")
            fl = floors(site, srv, args.concurrency, runs)
            log(f"{scale.name}: syncs, {runs} runs")
            sy, caches = syncs([nr, nb], site, srv, work, runs)
            fl.update(picture_floor(srv, sy.pop("cold_pictures", []), args.concurrency, runs))
        finally:
            srv.stop()
        log(f"{scale.name}: readers")
        rd = readers([nr, nb], caches, work, runs, args.keys)
        results.append({"scale": scale.name, "feeds": feeds, "items": items, "events": args.events,
                        "runs": runs, "floors": fl, "sync": sy, "reader": rd})
        with open(os.path.join(args.work, "results.json"), "w", encoding="utf-8") as fh:
            json.dump({"meta": meta, "results": results}, fh, indent=1)
    micro = report.criterion(args.criterion) if args.criterion else {}
    text = report.table(meta, results, micro)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    if args.update_readme:
        report.splice(os.path.join(here, "README.md"), text)
    print(text)


if __name__ == "__main__":
    main()
