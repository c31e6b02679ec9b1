"""Parallel reading goes in one chunk per process (``bunko/parallel.py``), writing keeps
Sphinx's chunks, and the site is the same either way."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import sphinx_build

PROJECT = Path(__file__).resolve().parents[1]


def site_of_41_pages(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(PROJECT / name, site / name)
    for n in range(1, 41):
        (site / "posts" / f"2026-01-{n % 28 + 1:02d}-p{n:02d}.md").write_text(
            f"---\ntitle: 記事 {n}\ntags: [t{n % 7}]\n---\n本文 {n}。\n", "utf-8")
    return site


def progress_lines(stdout: str, phase: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"{phase}... [")]


def test_readers_get_one_chunk_each_and_writers_sphinx_chunks(tmp_path):
    site = site_of_41_pages(tmp_path)
    result = sphinx_build(site, "-j", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    # Sphinx would read 41 documents with 2 processes in chunks of √(41/2·10) = 14: three
    # chunks, each sending back the environment merged so far. One per process is two.
    assert len(progress_lines(result.stdout, "reading sources")) == 2
    # Writing: one writer besides the main process, Sphinx's chunks of √(40·10) = 20.
    assert len(progress_lines(result.stdout, "writing output")) == 2
    serial = tmp_path / "serial"
    assert sphinx_build(site, "-E", out=serial).returncode == 0
    parallel = site / "_build" / "html"
    for page in ("posts/2026-01-02-p01.html", "tags/t1/index.html", "index.html"):
        assert (parallel / page).read_text("utf-8") == (serial / page).read_text("utf-8")
