"""``bunko serve``: the site is built, served on 127.0.0.1 and rebuilt when a post changes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bunko_cli import make_site, post
from playwright.sync_api import Error as BrowserError

from bunko.commands.live_reload import Build, read_build, served_page


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_a_changed_post_and_serves_it(tmp_path):
    site = make_site(tmp_path / "site", {"2024-01-01-first.md": post(title="First title")})
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    server = subprocess.Popen([sys.executable, "-m", "bunko", "serve", "--port", "0",
                               "--interval", "0.3"], cwd=site, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.stdout.readline().startswith("building ")
        line = server.stdout.readline()  # after the first build
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line + server.stderr.read()
        page = f"{match.group(0)}posts/2024-01-01-first.html"
        assert "First title" in _fetch(page)
        (site / "posts/2024-01-01-first.md").write_text(post(title="Second title"), "utf-8")
        assert _wait_for(lambda: "Second title" in _fetch(page), timeout=120)
        assert "changed: posts/2024-01-01-first.md; rebuilding" in server.stdout.readline()
        # The page is on disk before the build has finished (feeds, search index): stop the
        # server only once it says the rebuild is done.
        assert server.stdout.readline().startswith("rebuilt in ")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert server.returncode == 0


def test_serve_outside_a_site_says_so(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bunko", "serve"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "no conf.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line(tmp_path):
    import socket

    site = make_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "bunko", "serve", "--port", str(port)],
                                cwd=site, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and f"127.0.0.1:{port}" in result.stderr
    assert result.stderr.count("\n") == 1 and not (site / "_build").exists()


@contextlib.contextmanager
def _serving(site: Path):
    """``bunko serve`` on a free port of 127.0.0.1 for ``site``, first build done; yields its
    base URL and stops it with Ctrl+C, which must end it cleanly."""
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    server = subprocess.Popen([sys.executable, "-m", "bunko", "serve", "--port", "0",
                               "--interval", "0.3"], cwd=site, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.stdout.readline().startswith("building ")
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line + server.stderr.read()
        yield match.group(0)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert server.returncode == 0


def _shown(tab, read, reloading: str = "") -> str:
    """What ``read(tab)`` gives, or ``reloading`` while the page is reloading."""
    try:
        return read(tab)
    except BrowserError:
        return reloading


def _banner(tab) -> str:
    banner = tab.query_selector("#bunko-serve-banner")
    return banner.inner_text() if banner else ""


def test_the_open_page_reloads_itself_when_a_rebuild_finishes(tmp_path, browser_page):
    site = make_site(tmp_path / "site", {"2024-01-01-first.md": post(title="First title")})
    with _serving(site) as base:
        browser_page.goto(f"{base}posts/2024-01-01-first.html")
        assert "First title" in browser_page.title()
        browser_page.evaluate("window.bunkoTestMark = 1")  # gone once the page reloads
        (site / "posts/2024-01-01-first.md").write_text(post(title="Second title"), "utf-8")
        assert _wait_for(lambda: "Second title" in _shown(browser_page, lambda t: t.title()),
                         timeout=120)
        assert browser_page.evaluate("window.bunkoTestMark") is None
        assert not _banner(browser_page)  # a clean build shows no banner
        assert "/__bunko__/build" in _fetch(f"{base}posts/2024-01-01-first.html")


def test_the_built_files_have_nothing_of_serve(tmp_path):
    site = make_site(tmp_path / "site", {"2024-01-01-first.md": post(title="First title")})
    with _serving(site) as base:
        assert "__bunko__" in _fetch(f"{base}posts/2024-01-01-first.html")
        assert "__bunko__" in _fetch(base)  # a folder's index.html too
    html = site / "_build" / "html"
    pages = list(html.rglob("*.html"))
    assert html / "posts" / "2024-01-01-first.html" in pages
    assert not [path for path in html.rglob("*")
                if path.is_file() and b"__bunko__" in path.read_bytes()]


def test_a_broken_post_shows_a_banner_naming_it_until_a_clean_build(tmp_path, browser_page):
    site = make_site(tmp_path / "site", {"2024-01-01-first.md": post(title="First title")})
    broken = site / "posts" / "2024-01-02-broken.md"
    with _serving(site) as base:
        browser_page.goto(f"{base}posts/2024-01-01-first.html")
        assert not _banner(browser_page)
        broken.write_text("---\ntitle: [unclosed\ndate: 2024-13-45\n---\n\nText.\n", "utf-8")
        assert _wait_for(lambda: "2024-01-02-broken.md" in _shown(browser_page, _banner),
                         timeout=120)
        banner = _banner(browser_page)
        assert "warning" in banner and "WARNING" in banner and str(site) not in banner
        broken.write_text(post(title="Mended"), "utf-8")
        assert _wait_for(lambda: _shown(browser_page, _banner, reloading="?") == "",
                         timeout=120)


def test_the_banner_shows_a_warning_as_text():
    build = Build(number=3, failed=True, warnings=0,
                  first_problem='posts/<script>alert(1)</script>.md: ERROR: "bad" & worse')
    page = served_page(b"<html><body><p>post</p></body></html>", build).decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.md: ERROR: &quot;bad&quot; &amp; worse" in page
    assert page.index("bunko-serve-banner") < page.index("</body>")
    assert "var served = 3;" in page and "build failed" in page


def test_a_build_is_read_from_what_sphinx_wrote():
    warned = read_build(2, 0, "\x1b[91m/site/posts/a.md:2: WARNING: bad date [bunko.post]\x1b[39m\n"
                              "/site/posts/b.md: WARNING: no title\n", "/site")
    assert (warned.number, warned.failed, warned.warnings) == (2, False, 2)
    assert warned.first_problem == "posts/a.md:2: WARNING: bad date [bunko.post]"
    assert warned.status == "built with 2 warnings" and not warned.clean
    crashed = read_build(3, 2, "\nConfiguration error!\n\nTraceback\n=========\n"
                               "    sphinx.errors.ConfigError: There is a syntax error in "
                               "your configuration file\n", "/site")
    assert crashed.failed and crashed.first_problem.startswith("sphinx.errors.ConfigError: ")
    assert read_build(4, 0, "", "/site").clean
