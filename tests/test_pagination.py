"""Stable pagination: numbered pages are fixed chunks counted from the oldest post, the first
page shows the newest ``k`` to ``2k − 1``, and the pager names no total, so a new post
rewrites the first page of each listing it joins and, every ``k``-th post, only the numbered
pages near the top. One site of 22 posts, 3 per page, all in one month and one tag (so the
home page, a tag and a month paginate alike), built once and then given two new posts; each
step is also built clean to compare. (The post pages a new post concerns: ``test_sidebar.py``.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_incremental_random import output_files

from conftest import sphinx_build
from hostile_inputs import new_site

PER_PAGE = 3
POSTS = 22
#: The three listings that paginate, by the folder of their numbered pages.
LISTINGS = {"": "index", "tags/共通/": "tags/共通/index",
            "archive/2026/03/": "archive/2026/03/index"}


def _write(posts: Path, day: int) -> None:
    tags = ["共通", *(["少数"] if day in (2, 5) else []), *(["三件"] if day <= 3 else [])]
    (posts / f"2026-03-{day:02d}-day.md").write_text(
        f"---\ntitle: 三月{day}日\ndate: 2026-03-{day:02d} 09:00:00 +09:00\n"
        f"tags: [{', '.join(tags)}]\n---\n\n{day}日の記録。\n", "utf-8")


def _soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text("utf-8"), "html.parser")


def _days(soup: BeautifulSoup) -> list[int]:
    return [int(re.sub(r"\D", "", a.get_text()))
            for a in soup.select(".bunko-post-list .bunko-post-title")]


def _pager(soup: BeautifulSoup) -> dict[str, object]:
    nav = soup.select_one("nav.bunko-pager")
    newer, older = nav.select_one("a[rel=prev]"), nav.select_one("a[rel=next]")
    return {"newer": newer["href"] if newer else None, "older": older["href"] if older else None,
            "items": [li.get_text(strip=True) for li in nav.select(".bunko-pager-pages li")],
            "current": nav.select_one("[aria-current=page]").get_text(strip=True),
            "label": nav["aria-label"]}


def _numbered(names: set[str]) -> set[str]:
    return {name for name in names if re.search(r"(^|/)page/\d+\.html$", name)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, object]:
    """The first build's output folder, and each new post's changed files and whether the
    rebuild equals a clean build."""
    root = tmp_path_factory.mktemp("pagination")
    source = root / "site"
    posts = new_site(source, conf=f'bunko_timezone = "Asia/Tokyo"\n'
                                  f"bunko_posts_per_page = {PER_PAGE}\n")
    for day in range(1, POSTS + 1):
        _write(posts, day)
    out = root / "incremental"
    assert sphinx_build(source, out=out).returncode == 0
    first = root / "first"  # the first build, kept to read its pages
    shutil.copytree(out, first)
    steps = {}
    for day in (POSTS + 1, POSTS + 2):
        before = output_files(out)
        _write(posts, day)
        result = sphinx_build(source, out=out)
        assert result.returncode == 0, result.stderr[-2000:]
        clean = root / f"clean-{day}"
        assert sphinx_build(source, out=clean).returncode == 0
        after = output_files(out)
        steps[day] = {"changed": {name for name in before.keys() | after.keys()
                                  if before.get(name) != after.get(name)},
                      "same_as_clean": after == output_files(clean)}
    return {"first": first, "out": out, "steps": steps}


def test_the_first_page_shows_the_newest_k_to_2k_minus_1(site):
    first, out = site["first"], site["out"]
    for index in LISTINGS.values():
        # 22 posts: 6 pages of 3 from the oldest, the 4 newest on the first page.
        assert _days(_soup(first, f"{index}.html")) == [22, 21, 20, 19]
    # 23 posts: 5 on the first page; 24: a seventh numbered page, 3 on the first.
    assert _days(_soup(out, "index.html")) == [24, 23, 22]


@pytest.mark.parametrize("folder", list(LISTINGS))
def test_numbered_pages_are_fixed_chunks_from_the_oldest(site, folder):
    first = site["first"]
    assert _days(_soup(first, f"{folder}page/1.html")) == [3, 2, 1]
    assert _days(_soup(first, f"{folder}page/2.html")) == [6, 5, 4]
    assert _days(_soup(first, f"{folder}page/6.html")) == [18, 17, 16]
    assert not (first / f"{folder}page/7.html").exists()
    assert not (first / f"{folder}page/0.html").exists()


def test_the_pager_at_the_newest_end(site):
    home = _pager(_soup(site["first"], "index.html"))
    assert home == {"newer": None, "older": "page/6.html",
                    "items": ["最新", "6", "5", "…", "1"], "current": "最新", "label": "ページ"}


def test_the_pager_at_the_oldest_end_and_in_the_middle(site):
    first = site["first"]
    oldest = _pager(_soup(first, "tags/共通/page/1.html"))
    assert oldest == {"newer": "2.html", "older": None, "items": ["最新", "…", "3", "2", "1"],
                      "current": "1", "label": "ページ"}
    top = _pager(_soup(first, "page/6.html"))
    assert top["newer"] == "../index.html" and top["older"] == "5.html"
    assert top["items"] == ["最新", "6", "5", "4", "…", "1"] and top["current"] == "6"
    links = {a.get_text(): a["href"] for a in _soup(first, "page/4.html").select(
        ".bunko-pager-pages a")}
    assert links == {"最新": "../index.html", "6": "6.html", "5": "5.html", "3": "3.html",
                     "2": "2.html", "1": "1.html"}


def test_a_numbered_page_names_its_number_and_not_the_total(site):
    first = site["first"]
    page = _soup(first, "tags/共通/page/2.html")
    assert page.h1.get_text() == "タグ: 共通 (2ページ目)"
    assert page.title.get_text().startswith("タグ: 共通 (2ページ目)")
    assert "全" not in page.select_one(".bunko-listing-count").get_text()  # the Atom link stays
    assert page.select_one(".bunko-listing-count a.bunko-feed") is not None
    assert "全22件" in _soup(first, "tags/共通/index.html").select_one(
        ".bunko-listing-count").get_text()
    assert _soup(first, "page/2.html").h1.get_text() == "最近の記事 (2ページ目)"


def test_a_listing_shorter_than_two_pages_has_one_page(site):
    first = site["first"]
    for tag, days in [("少数", [5, 2]), ("三件", [3, 2, 1])]:
        assert _days(_soup(first, f"tags/{tag}/index.html")) == days
        assert _soup(first, f"tags/{tag}/index.html").select_one(".bunko-pager") is None
        assert not (first / f"tags/{tag}/page").exists()


def test_a_new_post_leaves_every_numbered_page_as_it_was(site):
    changed = site["steps"][POSTS + 1]["changed"]
    assert {"index.html", "tags/共通/index.html", "archive/2026/03/index.html"} <= changed
    assert not _numbered(changed), sorted(changed)


def test_a_new_numbered_page_rewrites_only_the_pages_near_the_top(site):
    changed = _numbered(site["steps"][POSTS + 2]["changed"])
    # page/7 is new; page/6 now leads to it, and 4 and 5 name 7 in their window.
    assert changed == {f"{folder}page/{n}.html" for folder in LISTINGS for n in (4, 5, 6, 7)}


@pytest.mark.parametrize("day", [POSTS + 1, POSTS + 2])
def test_each_rebuild_equals_a_clean_build(site, day):
    assert site["steps"][day]["same_as_clean"]


def test_the_pager_speaks_english(tmp_path):
    posts = new_site(tmp_path / "site", language="en", conf="bunko_posts_per_page = 2\n")
    for day in range(1, 5):
        _write(posts, day)
    assert sphinx_build(tmp_path / "site", out=tmp_path / "out").returncode == 0
    oldest = _pager(_soup(tmp_path / "out", "page/1.html"))
    assert oldest == {"newer": "../index.html", "older": None, "items": ["Newest", "1"],
                      "current": "1", "label": "Pages"}
    assert _soup(tmp_path / "out", "page/1.html").h1.get_text() == "Recent posts (page 1)"
