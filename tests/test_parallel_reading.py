"""Parallel reading goes in one chunk per process (``bunko/parallel.py``), writing keeps
Sphinx's chunks, listing pages are shared among the writers (``listing_pages.write_pages``),
and the site is the same either way."""

from __future__ import annotations

import shutil
from pathlib import Path

from bunko.listing_pages import PARALLEL_PAGES_FROM
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


#: Loaded by the test below: notes which process handled each listing page.
WRITER_RECORDER = """
import os

def setup(app):
    def note(app, pagename, templatename, context, doctree):
        if context.get("bunko_listing"):
            with open(os.environ["BUNKO_TEST_WRITERS"], "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {pagename}\\n")
    app.connect("html-page-context", note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def test_listing_pages_and_index_are_written_by_every_process_and_equal_a_serial_build(
        tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(PROJECT / name, site / name)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nimport os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
                   "extensions.append('recorder')\n")
    (site / "recorder.py").write_text(WRITER_RECORDER, "utf-8")
    # A tag of its own per post: a page per tag, more pages than one process writes alone.
    for n in range(PARALLEL_PAGES_FROM + 6):
        (site / "posts" / f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}-p{n:02d}.md").write_text(
            f"---\ntitle: 記事 {n}\ntags: [tag{n:02d}, common]\n---\n本文 {n}。\n", "utf-8")

    def writers(out: Path, *options: str) -> dict[str, str]:
        log = tmp_path / f"{out.name}.log"
        monkeypatch.setenv("BUNKO_TEST_WRITERS", str(log))
        result = sphinx_build(site, "-E", *options, out=out)
        assert result.returncode == 0, result.stderr[-2000:]
        return dict(reversed(line.split(" ", 1)) for line in log.read_text().splitlines())

    parallel, serial = tmp_path / "parallel", tmp_path / "serial"
    by_page = writers(parallel, "-j", "2")
    assert len(by_page) > PARALLEL_PAGES_FROM
    assert len(set(by_page.values())) == 2, "every listing page was written by one process"
    assert len(set(writers(serial).values())) == 1
    def made(out: Path) -> list[Path]:
        """The pages, and the search index the main process writes while the writer writes."""
        return sorted(path.relative_to(out) for pattern in ("*.html", "bunko-search/**/*.js")
                      for path in out.rglob(pattern))

    assert any(path.name == "index.js" for path in made(serial))
    assert made(serial) == made(parallel)
    for path in made(serial):
        assert (parallel / path).read_bytes() == (serial / path).read_bytes(), path
