"""``bunko serve``: build the site, serve it on 127.0.0.1, rebuild when a file changes.

A small loop rather than sphinx-autobuild: sphinx-autobuild watches the whole source folder
with inotify, and a bunko site keeps its ``.venv`` there (``make html`` puts it there), tens
of thousands of files; it also brings a web framework and five more dependencies. Here the
site's own files are polled (hidden folders, ``_build`` and caches left out), which works the
same on network drives, containers and WSL, and each rebuild is the ``sphinx-build -M html``
that ``make html`` runs, into the same ``_build``, so it is incremental and its warnings are
the build's. A failed build keeps the last good pages served.

While serving, each page gets a reload when a rebuild finishes and a banner with the first
warning of a build that was not clean (``live_reload``); the files themselves are left as
``make html`` wrote them.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from .live_reload import BUILD_ADDRESS, Build, read_build, served_page
from .messages import fail
from .site_settings import SiteError, read_site

HELP = "build the site, serve it on http://127.0.0.1:PORT/ and rebuild when a file changes"

#: Folders that never hold the site's sources.
_NOT_SOURCES = {"__pycache__", "node_modules"}
#: Files editors and tools write beside sources (swap, backup, logs) that Sphinx never reads.
_NOT_SOURCE_ENDINGS = ("~", ".swp", ".swx", ".tmp", ".log", ".pyc")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000,
                        help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    parser.add_argument("--builddir", type=Path, default=Path("_build"),
                        help="build folder, as make html's BUILDDIR (default: _build)")
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds between looks for changed files (default: 1)")


class LatestBuild:
    """The last finished build, written by the watching loop and read by the server's threads
    (one attribute, replaced whole, so a reader never sees half of it)."""

    def __init__(self) -> None:
        self.build = Build(number=0, failed=False, warnings=0, first_problem="")

    def finished(self, returncode: int, output: str, root: Path) -> Build:
        self.build = read_build(self.build.number + 1, returncode, output, str(root))
        return self.build


class _Pages(SimpleHTTPRequestHandler):
    """The built pages, never cached by the browser (a reload shows the rebuilt page), HTML
    ones with ``live_reload``'s script and banner; ``BUILD_ADDRESS`` tells the last build."""

    def __init__(self, *args: object, latest: LatestBuild, **kwargs: object) -> None:
        self.latest = latest
        super().__init__(*args, **kwargs)

    def send_head(self) -> BinaryIO | None:
        route = urlsplit(self.path).path
        build = self.latest.build  # read before the page: a newer page only reloads once more
        if route == BUILD_ADDRESS:
            return self._send(build.as_json(), "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and route.endswith("/"):
            path = path / "index.html"
        if path.suffix not in (".html", ".htm") or not path.is_file():
            return super().send_head()  # files, folder redirects, listings and 404s as before
        try:
            page = path.read_bytes()
        except OSError:
            return super().send_head()
        return self._send(served_page(page, build), "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> io.BytesIO:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base name
        """Requests are not logged: the terminal is for build warnings."""


def run(arguments: argparse.Namespace) -> int:
    root = Path.cwd()
    try:
        settings = read_site(root)
    except SiteError as err:
        return fail("serve", str(err))
    if not settings.has_conf:
        return fail("serve", "no conf.py here: run it in the site's folder")
    if not 0 <= arguments.port <= 65535:
        return fail("serve", f"--port {arguments.port} is not a port number (0 to 65535)")
    builddir = root / arguments.builddir
    html = builddir / "html"
    latest = LatestBuild()
    try:
        server = ThreadingHTTPServer(("127.0.0.1", arguments.port),
                                     functools.partial(_Pages, directory=str(html),
                                                       latest=latest))
    except OSError as err:
        return fail("serve", f"cannot listen on 127.0.0.1:{arguments.port} ({err.strerror}); "
                             "choose another --port")
    # Ctrl+C must not wait for a browser's idle keep-alive connection to close.
    server.block_on_close = False
    _stop_on_interrupt()
    with server:
        seen = snapshot(root, builddir)
        print(f"building {html} ...", flush=True)
        if not build(root, builddir, latest):
            print("bunko serve: the first build failed; fix the error above, it is retried "
                  "on the next change", file=sys.stderr, flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"serving http://127.0.0.1:{server.server_address[1]}/ from {html}; rebuilds "
              f"when a file changes; Ctrl+C stops", flush=True)
        try:
            watch(root, builddir, latest, seen, max(arguments.interval, 0.1))
        except KeyboardInterrupt:
            print("stopped", flush=True)
        finally:
            server.shutdown()
    return 0


def watch(root: Path, builddir: Path, latest: LatestBuild, seen: dict[str, tuple[int, int]],
          interval: float) -> None:
    while True:
        time.sleep(interval)
        now = snapshot(root, builddir)
        if now == seen:
            continue
        changed = sorted(name for name in seen.keys() | now.keys()
                         if seen.get(name) != now.get(name))
        seen = now  # taken before the build: a change made during it triggers the next one
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more"
                                          if len(changed) > 3 else "")
        print(f"changed: {shown}; rebuilding", flush=True)
        started = time.monotonic()
        if build(root, builddir, latest):
            print(f"rebuilt in {time.monotonic() - started:.1f} s", flush=True)
        else:
            print("the build failed; the last good pages are still served", flush=True)


def snapshot(root: Path, builddir: Path) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every source file: hidden files and folders (``.venv``,
    ``.git``), the build folder, caches, editors' swap files and logs left out."""
    skip = builddir.resolve()
    files: dict[str, tuple[int, int]] = {}
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames
                       if not name.startswith(".") and name not in _NOT_SOURCES
                       and Path(folder, name).resolve() != skip]
        for name in filenames:
            if name.startswith((".", "#")) or name.endswith(_NOT_SOURCE_ENDINGS):
                continue
            path = os.path.join(folder, name)
            try:
                status = os.stat(path)
            except OSError:  # removed while we looked
                continue
            files[os.path.relpath(path, root)] = (status.st_mtime_ns, status.st_size)
    return files


def build(root: Path, builddir: Path, latest: LatestBuild) -> bool:
    """``make html``'s build, in a fresh process; its warnings go to this terminal as they
    come (in colour when it is one) and, read once it ends, to ``latest`` for the pages."""
    colour = ["--color"] if sys.stderr.isatty() and "NO_COLOR" not in os.environ else []
    output: list[str] = []
    with subprocess.Popen([sys.executable, "-m", "sphinx", "-M", "html", str(root),
                           str(builddir), "-q", *colour], stderr=subprocess.PIPE,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"},
                          text=True, encoding="utf-8", errors="replace") as sphinx:
        try:
            for line in sphinx.stderr:
                sys.stderr.write(line)
                sys.stderr.flush()
                output.append(line)
        except BaseException:  # Ctrl+C or SIGTERM: the build stops with the server
            sphinx.kill()
            raise
    latest.finished(sphinx.returncode, "".join(output), root)
    return sphinx.returncode == 0


def _stop_on_interrupt() -> None:
    """Ctrl+C and SIGTERM stop the server, even when started by a program that ignores
    SIGINT (a child inherits "ignored", and Python then installs no KeyboardInterrupt)."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop)

