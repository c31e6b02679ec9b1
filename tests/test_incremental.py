"""Posts live in the Sphinx environment: cached and parallel builds see all of them."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import copy_root, sphinx_build


def home_titles(site) -> list[str]:
    html = BeautifulSoup((site / "_build/html/index.html").read_text("utf-8"), "html.parser")
    return [a.get_text() for a in html.select(".bunko-post-list .bunko-post-title")]


def test_incremental_builds_keep_the_home_page_in_step(tmp_path):
    site = copy_root("front-matter", tmp_path)
    assert sphinx_build(site, "-j", "auto").returncode == 0
    first = home_titles(site)
    assert len(first) == 8

    assert sphinx_build(site, "-j", "auto").returncode == 0
    assert home_titles(site) == first, "a build with nothing to read lists every post"

    post = site / "posts/2026-03-01-offset.md"
    post.write_text(post.read_text("utf-8").replace("時差のある記事", "改題した記事"), "utf-8")
    assert sphinx_build(site, "-j", "auto").returncode == 0
    assert "改題した記事" in home_titles(site)
    assert "時差のある記事" not in home_titles(site)

    (site / "posts/2026-03-02-zulu.md").unlink()
    assert sphinx_build(site, "-j", "auto").returncode == 0
    assert "Zulu time" not in home_titles(site)
    assert len(home_titles(site)) == 7


def test_parallel_and_serial_builds_write_the_same_home_page(tmp_path):
    serial = copy_root("front-matter", tmp_path / "serial")
    parallel = copy_root("front-matter", tmp_path / "parallel")
    assert sphinx_build(serial).returncode == 0
    assert sphinx_build(parallel, "-j", "2").returncode == 0
    assert home_titles(serial) == home_titles(parallel)
