"""An interrupted build (``make html`` killed with SIGKILL while reading or while writing)
followed by a normal one gives exactly the site a clean build gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
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
    posts = new_site(site)
    for number in range(POSTS):
        year, month, day = 2024 + number % 3, 1 + number % 12, 1 + number % 28
        tags = [TAGS[(number * k) % len(TAGS)] for k in (1, 3, 7)]
        body = "\n\n".join(f"段落 {p}: 記事 {number} の本文です。" * 8 for p in range(6))
        (posts / f"{year}-{month:02d}-{day:02d}-post-{number:03d}.md").write_text(
            f"---\ntitle: 記事 {number}\ntags: {tags}\ncategories: [分類{number % 5}]\n"
            f"author: 著者{number % 4}\n---\n\n{body}\n", "utf-8")


def build_until_killed(site: Path, out: Path, ready, *options: str) -> None:
    """Start ``sphinx-build`` as ``make html`` does and SIGKILL it (and its workers) as soon
    as ``ready(out)`` says it is far enough."""
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", str(site), str(out),
         *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    deadline = time.monotonic() + 300
    while not ready(out):
        assert process.poll() is None, "the build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _count(folder: Path, pattern: str) -> int:
    return sum(1 for _path in folder.glob(pattern)) if folder.is_dir() else 0


def reading(out: Path) -> bool:
    return _count(out / ".doctrees" / "posts", "*.doctree") >= POSTS // 3


def writing(out: Path) -> bool:
    return _count(out / "posts", "*.html") >= POSTS // 3


def writing_listings(out: Path) -> bool:
    return _count(out / "tags", "*/index.html") >= len(TAGS) // 2


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    source = tmp_path_factory.mktemp("interrupted") / "site"
    write_site(source)
    clean = source.parent / "clean"
    result = sphinx_build(source, out=clean)
    assert result.returncode == 0, result.stderr[-3000:]
    return source, clean


@pytest.mark.parametrize(("ready", "options"), [
    (reading, ()), (writing, ("-j", "2")), (writing_listings, ()),
], ids=["reading", "writing-parallel", "writing-listings"])
def test_a_build_after_a_killed_build_equals_a_clean_build(site, tmp_path, ready, options):
    source, clean = site
    out = tmp_path / "html"
    build_until_killed(source, out, ready, *options)
    result = sphinx_build(source, *options, out=out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_same_site(out, clean)
    assert (out / ".bunko-manifest.json").read_text("utf-8") == (
        clean / ".bunko-manifest.json").read_text("utf-8")


def test_an_incremental_build_killed_while_writing_is_finished_by_the_next(site, tmp_path):
    """A tag edit changes many pages (neighbours, related posts, the sidebar's counts); the
    environment that knows it is saved before they are written."""
    source = tmp_path / "site"
    shutil.copytree(site[0], source)
    out = tmp_path / "html"
    assert sphinx_build(source, out=out).returncode == 0
    post = next((source / "posts").glob("*-post-007.md"))
    post.write_text(post.read_text("utf-8").replace("tags: [", "tags: ['新しいタグ', "), "utf-8")
    mark = out / WRITING_MARK

    def rewriting(out: Path) -> bool:
        return mark.exists() and sum(path.stat().st_mtime > mark.stat().st_mtime
                                     for path in (out / "posts").glob("*.html")) >= 10

    build_until_killed(source, out, rewriting)
    assert sphinx_build(source, out=out).returncode == 0
    clean = tmp_path / "clean"
    assert sphinx_build(source, out=clean).returncode == 0
    assert_same_site(out, clean)
    assert not mark.exists()


def test_killed_twice_then_finished(site, tmp_path):
    source, clean = site
    out = tmp_path / "html"
    build_until_killed(source, out, writing)
    build_until_killed(source, out, writing_listings)
    result = sphinx_build(source, out=out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_same_site(out, clean)
