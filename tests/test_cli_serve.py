"""``bunko serve``: the site is built, served on 127.0.0.1 and rebuilt when a post changes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from bunko_cli import make_site, post


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
