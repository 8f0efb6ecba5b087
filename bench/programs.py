"""The two readers under test, each set up on the same feeds with the same
concurrency and a cache of its own."""

import json
import os
import sqlite3
import subprocess
import time

import measure
import sitegen


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _toml_list(items):
    return "[\n" + "".join(f'  "{u}",\n' for u in items) + "]"


class Program:
    name = ""
    # Keys for the reader measurements (tmux key names).
    down = "Down"
    open_key = "Enter"
    back_keys = ("q",)
    quit_keys = ("q",)

    def __init__(self, binary, home):
        self.binary = binary
        self.home = home
        os.makedirs(home, exist_ok=True)
        self.env = {
            **os.environ,
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local/share"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "LC_ALL": "C.UTF-8",
        }
        # What the reader's terminal session gets (tmux passes little else).
        self.tui_env = {k: self.env[k] for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "LC_ALL")}

    def version(self):
        out = subprocess.run([self.binary, "--version"], capture_output=True, text=True, env=self.env)
        return (out.stdout or out.stderr).strip().splitlines()[0]


class Newsroom(Program):
    name = "newsroom"
    back_keys = ("Escape",)

    def __init__(self, binary, work, site, concurrency):
        super().__init__(binary, os.path.join(work, "home-newsroom"))
        self.config = os.path.join(work, "newsroom-feeds.toml")
        self.config_full = os.path.join(work, "newsroom-site.toml")
        head = f'concurrency = {concurrency}\npictures = false\n\n[[site]]\nname = "{sitegen.SITE_NAME}"\n'
        head += f'home = "{site.origin}/"\n'
        _write(self.config, head + f"articles = {_toml_list(site.feed_urls())}\n")
        extra = [f"{site.origin}/feed/atom/", f"{site.origin}/feed/json/"]
        _write(
            self.config_full,
            head + f"articles = {_toml_list(site.feed_urls() + extra)}\n"
            f'events = ["{site.origin}/events/?ical=1"]\n',
        )
        # The newest article heads the list.
        self.needle = site.plain_title(0, 0)[:32]

    def sync_cmd(self, cache, full=False):
        return [self.binary, "--config", self.config_full if full else self.config, "--data-dir", cache, "sync"]

    def reader_cmd(self, cache):
        return [self.binary, "--config", self.config, "--data-dir", cache, "--offline"]

    def cache_path(self, run_dir):
        return os.path.join(run_dir, "newsroom-data")

    def count(self, cache):
        out = subprocess.run(
            [self.binary, "--config", self.config, "--data-dir", cache, "--offline", "articles", "--json",
             "--limit", "10000000"],
            capture_output=True, text=True, env=self.env, check=True,
        )
        return len(json.loads(out.stdout))


class Newsboat(Program):
    name = "newsboat"

    def __init__(self, binary, work, site, concurrency):
        super().__init__(binary, os.path.join(work, "home-newsboat"))
        self.urls = os.path.join(work, "newsboat-urls")
        self.config = os.path.join(work, "newsboat-config")
        _write(self.urls, "".join(u + "\n" for u in site.feed_urls()))
        _write(
            self.config,
            f"reload-threads {concurrency}\ndownload-timeout 120\ndownload-retries 1\n"
            "show-read-feeds yes\ncleanup-on-quit no\nconfirm-exit no\n",
        )
        # The first list newsboat draws is its feed list.
        self.needle = site.feed_title(0)

    def _base(self, cache):
        return [self.binary, "-u", self.urls, "-c", cache, "-C", self.config]

    def sync_cmd(self, cache, full=False):
        return [*self._base(cache), "-x", "reload"]

    def reader_cmd(self, cache):
        return self._base(cache)

    def cache_path(self, run_dir):
        return os.path.join(run_dir, "newsboat-cache.db")

    def count(self, cache):
        with sqlite3.connect(cache) as db:
            return db.execute("SELECT count(*) FROM rss_item").fetchone()[0]


def sync(program, cache, memfile, full=False):
    """One sync run: (start time, seconds, peak KiB)."""
    t0 = time.perf_counter()
    wall, kb, _ = measure.timed(program.sync_cmd(cache, full), env=program.env, memfile=memfile)
    return t0, wall, kb
