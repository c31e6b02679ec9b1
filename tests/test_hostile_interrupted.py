"""An interrupted build (``make html`` killed with SIGKILL while reading or while writing)
followed by a normal one gives exactly the site a clean build gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_listing_builds import assert_same_site

from bunko.interrupted import WRITING_MARK
from conftest import sphinx_build
from hostile_inputs import new_site

POSTS = 150
TAGS = ["AI", "クラウド", "Python", "データベース", "C++", "C#", "Go", "Rust", "Linux", "Vim",
        "セキュリティ", "ネットワーク", "投資", "半導体", "Web", "JavaScript", "設計", "テスト"]


def write_site(site: Path) -> None:
    """A corpus-sized site: a few hundred posts over three years, terms shared among them."""
    # Every build of the site loads the killer, which acts only when asked: the
    # configuration stays the same from build to build, as in real use.
    posts = new_site(site, conf="import os, sys\nsys.path.insert(0, os.path.dirname(__file__))"
                                "\nextensions.append('killed_build')\n")
    (site / "killed_build.py").write_text(KILLER, "utf-8")
    for number in range(POSTS):
        year, month, day = 2024 + number % 3, 1 + number % 12, 1 + number % 28
        tags = [TAGS[(number * k) % len(TAGS)] for k in (1, 3, 7)]
        body = "\n\n".join(f"段落 {p}: 記事 {number} の本文です。" * 8 for p in range(6))
        (posts / f"{year}-{month:02d}-{day:02d}-post-{number:03d}.md").write_text(
            f"---\ntitle: 記事 {number}\ntags: {tags}\ncategories: [分類{number % 5}]\n"
            f"author: 著者{number % 4}\n---\n\n{body}\n", "utf-8")


#: A Sphinx extension, loaded only by these tests, that SIGKILLs the whole build (workers
#: included) at a known point: the Nth time this process handles EVENT for a page whose name
#: starts with PREFIX. The point is fixed, so the build can never finish before it is stopped.
KILLER = """
import os, signal

def setup(app):
    if "BUNKO_TEST_KILL_AT" not in os.environ:
        return {"parallel_read_safe": True, "parallel_write_safe": True}
    event, prefix, count = os.environ["BUNKO_TEST_KILL_AT"].split(":")
    seen = []

    def handle(app, *args):
        name = app.env.docname if event == "doctree-read" else args[0]
        if name.startswith(prefix):
            seen.append(name)
            if len(seen) == int(count):
                os.killpg(os.getpgid(0), signal.SIGKILL)

    app.connect(event, handle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def build_until_killed(site: Path, out: Path, kill_at: str, *options: str) -> None:
    """Run ``sphinx-build`` as ``make html`` does, in a session of its own, and have it killed
    (with its workers) at ``kill_at`` ("EVENT:PAGE-PREFIX:N")."""
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    env["BUNKO_TEST_KILL_AT"] = kill_at
    process = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", str(site), str(out),
         *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    assert process.returncode == -signal.SIGKILL, "the build was not stopped where asked"


#: Where builds are stopped: a third of the posts read, a third written (in each of two
#: workers), half the tag pages written.
READING = f"doctree-read:posts/:{POSTS // 3}"
WRITING = f"html-page-context:posts/:{POSTS // 3 // 2}"
WRITING_LISTINGS = f"html-page-context:tags/:{len(TAGS) // 2}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    source = tmp_path_factory.mktemp("interrupted") / "site"
    write_site(source)
    clean = source.parent / "clean"
    result = sphinx_build(source, out=clean)
    assert result.returncode == 0, result.stderr[-3000:]
    return source, clean


@pytest.mark.parametrize(("kill_at", "options"), [
    (READING, ()), (WRITING, ("-j", "2")), (WRITING_LISTINGS, ()),
], ids=["reading", "writing-parallel", "writing-listings"])
def test_a_build_after_a_killed_build_equals_a_clean_build(site, tmp_path, kill_at, options):
    source, clean = site
    out = tmp_path / "html"
    build_until_killed(source, out, kill_at, *options)
    result = sphinx_build(source, *options, out=out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_same_site(out, clean)
    assert (out / ".bunko-manifest.json").read_text("utf-8") == (
        clean / ".bunko-manifest.json").read_text("utf-8")


def test_an_incremental_build_killed_while_writing_is_finished_by_the_next(site, tmp_path):
    """A tag edit in one post changes many pages: respelled in the oldest post that has it,
    the tag's label changes on the ~25 posts that have it. The environment that knows it is
    saved before they are written."""
    source = tmp_path / "site"
    shutil.copytree(site[0], source)
    out = tmp_path / "html"
    assert sphinx_build(source, out=out).returncode == 0
    oldest = min(post for post in (source / "posts").glob("*.md")
                 if "'Python'" in post.read_text("utf-8"))
    oldest.write_text(oldest.read_text("utf-8").replace("'Python'", "'PYTHON'"), "utf-8")
    mark = out / WRITING_MARK
    build_until_killed(source, out, "html-page-context:posts/:10")
    assert mark.exists()
    assert sphinx_build(source, out=out).returncode == 0
    clean = tmp_path / "clean"
    assert sphinx_build(source, out=clean).returncode == 0
    assert_same_site(out, clean)
    assert not mark.exists()


def test_killed_twice_then_finished(site, tmp_path):
    source, clean = site
    out = tmp_path / "html"
    build_until_killed(source, out, WRITING)
    build_until_killed(source, out, WRITING_LISTINGS)
    result = sphinx_build(source, out=out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_same_site(out, clean)
