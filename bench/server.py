"""Serves a generated site on 127.0.0.1 with ETag / Last-Modified (304s)
and counts what it answered, so a run can say how many requests were
conditional hits."""

import hashlib
import os
import re
import threading
import time
from collections import Counter
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import sitegen

LAST_MODIFIED = format_datetime(sitegen.BUILT, usegmt=True)
STORY = re.compile(r"^/\d{4}/\d{2}/\d{2}/story-(\d+)/$")
TYPES = {".xml": "application/rss+xml; charset=UTF-8", ".json": "application/feed+json; charset=UTF-8",
         ".ics": "text/calendar; charset=UTF-8"}


class Counts:
    """Thread-safe tallies of what the server answered."""

    def __init__(self):
        self.lock = threading.Lock()
        self.c = Counter()
        self.first = {}

    def add(self, kind=None, **kv):
        now = time.perf_counter()
        with self.lock:
            self.c.update(kv)
            # When a program first asked for something other than a feed: a
            # sync that prefetches pages and pictures has stored every feed by then.
            if kind in ("page", "image") and "first_prefetch" not in self.first:
                self.first["first_prefetch"] = now

    def take(self):
        """The tallies since the last take, and a fresh start."""
        with self.lock:
            out, self.c = {**self.c, **self.first}, Counter()
            self.first = {}
        return out


class SiteServer:
    def __init__(self, root, port=0):
        self.root = root
        self.counts = Counts()
        self.site = None  # set by start(), once the port is known
        handler = type("Handler", (_Handler,), {"owner": self})
        # The default listen backlog of 5 drops connections when a client
        # opens 8 at once, and a dropped SYN costs a 1 s retransmission.
        server_class = type("Server", (ThreadingHTTPServer,), {"request_queue_size": 128})
        self.httpd = server_class(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.pictures = [sitegen.png(96, 64, k) for k in range(8)]
        # Every picture path asked for: the picture floor fetches the same.
        self.picture_paths = set()
        self.thread = None

    def start(self, site):
        self.site = site
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def resolve(self, target):
        """(kind, file path or bytes, content type) for a request target, or None."""
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/events/" and "ical" in query:
            return "events", os.path.join(self.root, "events/ical.ics"), TYPES[".ics"]
        if path == "/" and "p" in query:
            return "redirect", None, None
        if path == "/":
            # Not a prefetch: a sync reads the home page first, to find the
            # sources a site does not list (its events here).
            return "home", self.home().encode(), "text/html; charset=UTF-8"
        m = STORY.match(path)
        if m:
            fi = self.site.from_post_id(int(m.group(1)))
            if fi is None:
                return None
            return "page", self.site.page(*fi).encode(), "text/html; charset=UTF-8"
        if path.startswith("/wp-content/uploads/"):
            n = int(hashlib.md5(path.encode()).hexdigest()[:4], 16)
            return "image", self.pictures[n % len(self.pictures)], "image/png"
        if path.endswith("/") and ".." not in path:
            for name in ("index.xml", "index.json"):
                full = os.path.join(self.root, path.strip("/"), name)
                if os.path.isfile(full):
                    return "feed", full, TYPES[os.path.splitext(name)[1]]
        return None

    def home(self):
        links = "".join(
            f'<link rel="alternate" type="application/rss+xml" title="{self.site.feed_title(f)}" href="{u}" />'
            for f, u in enumerate(self.site.feed_urls())
        )
        return f"<!DOCTYPE html><html><head><title>{sitegen.SITE_NAME}</title>{links}</head><body></body></html>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner = None  # the SiteServer, set on the subclass

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head=False):
        owner = self.owner
        found = owner.resolve(self.path)
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        if found is None:
            owner.counts.add(requests=1, s404=1)
            return self._empty(404)
        kind, body, ctype = found
        if kind == "image":
            owner.picture_paths.add(self.path)
        if kind == "redirect":
            pid = int(parse_qs(urlsplit(self.path).query)["p"][0])
            fi = owner.site.from_post_id(pid)
            owner.counts.add(requests=1, s301=1)
            return self._empty(301 if fi else 404, owner.site.link(*fi) if fi else None)
        if isinstance(body, str):
            st = os.stat(body)
            etag = f'"{int(st.st_mtime):x}-{st.st_size:x}"'
            size = st.st_size
        else:
            etag = '"' + hashlib.md5(body).hexdigest()[:16] + '"'
            size = len(body)
        if self._fresh(etag):
            owner.counts.add(kind, requests=1, s304=1, **{f"{kind}_304": 1})
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            return None
        owner.counts.add(kind, requests=1, s200=1, bytes=size, conditional_200=int(conditional), **{f"{kind}_200": 1})
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(size))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Cache-Control", "max-age=0, must-revalidate")
        self.end_headers()
        if head:
            return None
        if isinstance(body, str):
            with open(body, "rb") as fh:
                self.connection.sendfile(fh)
        else:
            self.wfile.write(body)
        return None

    def _fresh(self, etag):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return etag in tags or "*" in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims) >= sitegen.BUILT
            except (TypeError, ValueError):
                return False
        return False

    def _empty(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
