#!/usr/bin/env python3
"""Import of a 1,000-feed OPML: `newsroom import-opml` into a config that
already has 200 sites with comments, timed over a few runs.

    python3 bench/opml_import.py --newsroom target/release/newsroom [--feeds 1000] [--runs 5]

The OPML is written as Feedly writes it (folders of `type="rss"` outlines
with `text`, `title`, `xmlUrl`, `htmlUrl`), 1,000 feeds on 400 hosts. Only
the standard library; nothing touches the network.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time


def opml(feeds):
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="1.0">',
           "<head><title>Reader subscriptions</title></head>", "<body>"]
    for folder in range(0, feeds, 50):
        out.append(f'<outline text="Folder {folder // 50}" title="Folder {folder // 50}">')
        for i in range(folder, min(folder + 50, feeds)):
            host = f"site{i % 400}.example"
            out.append(
                f'<outline type="rss" text="Feed {i} &amp; more" title="Feed {i} &amp; more" '
                f'xmlUrl="https://{host}/feed/{i}.xml" htmlUrl="https://{host}/"/>'
            )
        out.append("</outline>")
    out += ["</body>", "</opml>"]
    return "\n".join(out)


def config(sites):
    out = ["# my reading", 'theme = "default"', ""]
    for i in range(sites):
        out += ["[[site]]", f"# site {i}", f'name = "Existing {i}"',
                f'articles = ["https://existing{i}.example/feed"]', ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsroom", default="target/release/newsroom")
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "feeds.opml")
        with open(src, "w") as f:
            f.write(opml(args.feeds))
        times = []
        for _ in range(args.runs):
            cfg = os.path.join(d, "config.toml")
            with open(cfg, "w") as f:
                f.write(config(200))
            t = time.perf_counter()
            subprocess.run([args.newsroom, "--config", cfg, "--data-dir", os.path.join(d, "data"),
                            "import-opml", src], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        print(f"import-opml, {args.feeds} feeds into 200 sites: "
              f"median {statistics.median(times):.3f} s, best {min(times):.3f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
