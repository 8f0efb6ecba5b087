#!/usr/bin/env python3
"""Opening a 1 MB article in the reader, in tmux: from Enter in the list to
the first drawn frame of the article; from Enter followed at once by `G`
(which needs the whole article laid out) to its last screen; and from Enter
to the first frame when the article was left at its end (so it opens there).

    python3 bench/long_article.py --newsroom target/release/newsroom [--runs 9]

Several binaries may be given (--newsroom A --newsroom B) to compare them on
the same cache. The site is one WordPress feed whose newest post has a body
of about 1 MB (the generator of the main bench, paragraphs with links,
headings, lists, quotes and captioned figures), served on 127.0.0.1.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402
import programs  # noqa: E402
import server  # noqa: E402
import sitegen  # noqa: E402

BODY_BYTES = 1 << 20


class LongSite(sitegen.Site):
    """The bench site with a 1 MB body for its newest post."""

    def body(self, f, i, target=None):
        return super().body(f, i, BODY_BYTES if (f, i) == (0, 0) else target)


def ms(values):
    v = sorted(values)
    return f"{v[0] * 1000:.1f} / {statistics.median(v) * 1000:.1f} / {v[-1] * 1000:.1f} ms"


def run(binary, work, site, runs):
    prog = programs.Newsroom(binary, work, site, 8)
    cache = os.path.join(work, f"data-{abs(hash(binary))}")
    shutil.rmtree(cache, ignore_errors=True)
    measure.timed(prog.sync_cmd(cache), env=prog.env)
    tmux = measure.Tmux()
    found = {"open": [], "end": [], "reopen": []}
    try:
        for r in range(runs):
            name = f"long-{r}"
            t0 = tmux.start(name, prog.reader_cmd(cache), prog.tui_env)
            tmux.wait_for(name, prog.needle, t0)
            time.sleep(0.3)
            found["open"].extend(tmux.key_latency(name, "Enter", 1))
            time.sleep(0.5)
            tmux.send(name, "Escape")
            time.sleep(0.3)
            t0 = time.perf_counter()
            tmux.send(name, "Enter", "G")
            found["end"].append(tmux.wait_for(name, "read · end", t0))
            time.sleep(0.3)
            tmux.send(name, "Escape")
            time.sleep(0.3)
            # Opened again where it was left: at its end.
            found["reopen"].extend(tmux.key_latency(name, "Enter", 1))
            time.sleep(0.5)
            # Back to the top, so the next run opens it there.
            tmux.send(name, "g", "g")
            time.sleep(0.2)
            tmux.finish(name, ["Escape", "q"])
    finally:
        tmux.close()
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--newsroom", action="append", required=True, help="a newsroom binary (release build)")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="newsroom-long-")
    root = os.path.join(work, "site")
    srv = server.SiteServer(root)
    site = LongSite(sitegen.Scale(1, 20, 10), srv.origin)
    sitegen.write_site(site, root)
    srv.start(site)
    try:
        print("| binary | Enter → first frame | Enter, G → last screen | Enter → first frame, left at its end |")
        print("| --- | --- | --- | --- |")
        for binary in args.newsroom:
            found = run(binary, work, site, args.runs)
            print(f"| {binary} | {ms(found['open'])} | {ms(found['end'])} | {ms(found['reopen'])} |", flush=True)
        print(f"\nmin / median / max of {args.runs} runs; 120 × 40 tmux, polled every 2 ms")
    finally:
        srv.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
