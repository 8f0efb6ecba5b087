"""Running the programs and reading what they cost: wall time, peak memory
(/usr/bin/time -v), and time to a drawn screen in tmux."""

import os
import re
import shlex
import subprocess
import time

TIME = "/usr/bin/time"
TMUX_SOCKET = "newsroom-bench"


def peak_kb(path):
    """Maximum resident set size from a /usr/bin/time -v report, in KiB."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", fh.read())
    except FileNotFoundError:
        return None
    return int(m.group(1)) if m else None


def timed(cmd, env=None, cwd=None, memfile=None, check=True):
    """Run `cmd` under /usr/bin/time -v; (seconds, peak KiB, completed process)."""
    full = [TIME, "-v", "-o", memfile, *cmd] if memfile else cmd
    t0 = time.perf_counter()
    proc = subprocess.run(full, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if check and proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return wall, (peak_kb(memfile) if memfile else None), proc


def dir_bytes(path):
    """Bytes on disk under `path` (a file or a folder)."""
    if os.path.isfile(path):
        return os.stat(path).st_blocks * 512
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                pass
    return total


class Tmux:
    """A private tmux server; each program runs in a 120x40 session of it."""

    def __init__(self):
        self.base = ["tmux", "-L", TMUX_SOCKET, "-f", "/dev/null"]
        # A keeper session so the server outlives each measured one and its
        # start-up is never counted.
        self.run("new-session", "-d", "-s", "keeper", "-x", "120", "-y", "40", "sleep 86400")
        self.run("set-option", "-g", "remain-on-exit", "on")
        self.run("set-option", "-g", "history-limit", "0")

    def run(self, *args, check=True):
        return subprocess.run([*self.base, *args], capture_output=True, text=True, check=check).stdout

    def capture(self, name, styles=False):
        args = ["capture-pane", "-p", "-t", name] + (["-e"] if styles else [])
        return self.run(*args, check=False)

    def dead(self, name):
        return self.run("display-message", "-p", "-t", name, "#{pane_dead}", check=False).strip() == "1"

    def start(self, name, cmd, env):
        """Start `cmd` in a new session; the time just before, for the caller."""
        envs = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
        t0 = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", *envs, shlex.join(cmd))
        return t0

    def wait_for(self, name, needle, t0, timeout=120.0):
        """Seconds from t0 until `needle` is on the screen."""
        deadline = t0 + timeout
        while True:
            screen = self.capture(name)
            now = time.perf_counter()
            if needle in screen:
                return now - t0
            if now > deadline or self.dead(name):
                raise RuntimeError(f"{name}: {needle!r} never appeared; screen:\n{screen}")
            time.sleep(0.002)

    def key_latency(self, name, key, count, back=None):
        """Seconds from sending a key until the screen (styles included)
        changes, per press. With `back`, presses alternate `key` and `back`
        (Down, Up) so a short list never runs out of rows to move to."""
        out = []
        for n in range(count):
            before = self.capture(name, styles=True)
            press = back if back and n % 2 else key
            t0 = time.perf_counter()
            self.run("send-keys", "-t", name, press)
            while True:
                changed = self.capture(name, styles=True) != before
                now = time.perf_counter()
                if changed:
                    out.append(now - t0)
                    break
                if now - t0 > 10:
                    raise RuntimeError(f"{name}: key {press} drew nothing in 10 s")
            time.sleep(0.05)
        return out

    def send(self, name, *keys):
        self.run("send-keys", "-t", name, *keys)

    def finish(self, name, quit_keys, timeout=30.0):
        """Quit with `quit_keys` and wait for the program to end."""
        for k in quit_keys:
            self.send(name, k)
            time.sleep(0.1)
        deadline = time.perf_counter() + timeout
        while not self.dead(name) and time.perf_counter() < deadline:
            time.sleep(0.02)
        self.run("kill-session", "-t", name, check=False)

    def close(self):
        self.run("kill-server", check=False)
