"""The home page shows the site's categories as cards above its newest posts: each with its
number of posts, the description conf.py gives it and its newest post; none on a site without
categories; and the home page is written again exactly when what its cards show changes."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from test_incremental_random import output_files

from conftest import sphinx_build
from hostile_inputs import new_site

DESCRIPTIONS = 'bunko_category_descriptions = {"Blog": "プロジェクトからのお知らせ"}\n'


def _post(posts: Path, name: str, title: str, categories: str = "") -> Path:
    path = posts / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\n{categories}---\n本文。\n", "utf-8")
    return path


def cards_site(site: Path) -> Path:
    """Two posts in blog (the newest of the site), three in notes, one in none."""
    posts = new_site(site, conf=f"bunko_posts_per_page = 2\n{DESCRIPTIONS}")
    (site / "index.md").write_text(
        "# ホーム\n\nようこそ。\n\n## 最近の記事\n\n```{bunko-posts}\n```\n", "utf-8")
    _post(posts, "2026-03-02-b2", "ブログ二", "categories: [blog]\n")
    _post(posts, "2026-03-01-b1", "ブログ一", "categories: [blog]\n")
    _post(posts, "2025-06-01-n3", "メモ三", "categories: [notes]\n")
    _post(posts, "2025-05-01-n2", "メモ二", "categories: [notes]\n")
    _post(posts, "2025-04-01-n1", "メモ一", "categories: [notes]\n")
    _post(posts, "2025-01-01-free", "分類なし")
    return posts


def home(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")


def built(site: Path, out: Path) -> Path:
    result = sphinx_build(site, out=out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_home_page_shows_category_cards_above_the_newest_posts(tmp_path):
    cards_site(tmp_path / "site")
    page = home(built(tmp_path / "site", tmp_path / "out"))
    section = page.select_one("section.bunko-home-categories")
    assert section.h2.get_text() == "カテゴリー"
    cards = section.select(".bunko-card")
    # Most posts first.
    assert [card.select_one(".bunko-card-title").get_text() for card in cards] == [
        "notes", "blog"]
    notes, blog = cards
    assert notes.select_one(".bunko-card-title")["href"] == "categories/notes/index.html"
    assert notes.select_one(".bunko-card-count").get_text() == "3件"
    assert notes.select_one(".bunko-card-description") is None
    assert blog.select_one(".bunko-card-description").get_text() == "プロジェクトからのお知らせ"
    newest = blog.select_one(".bunko-card-newest")
    assert newest.a.get_text() == "ブログ二" and newest.a["href"] == "posts/2026-03-02-b2.html"
    assert newest.time.get_text() == "2026年3月2日(月)"
    # Above the section of the newest posts, not under its heading.
    headings = [h2.get_text().rstrip("#¶ ") for h2 in page.select("article h2")]
    assert headings == ["カテゴリー", "最近の記事"]
    assert section.find_next("ol", class_="bunko-post-list") is not None
    # Only on the home page: its later pages and other pages list posts without cards.
    assert home_page_two(tmp_path / "out").select_one(".bunko-home-categories") is None


def home_page_two(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "page/2.html").read_text("utf-8"), "html.parser")


def test_no_category_cards_on_a_site_without_categories(tmp_path):
    posts = new_site(tmp_path / "site")
    _post(posts, "2026-03-01-a", "ひとつ目", "tags: [メモ]\n")
    _post(posts, "2026-03-02-b", "ふたつ目")
    page = home(built(tmp_path / "site", tmp_path / "out"))
    assert page.select_one(".bunko-home-categories, .bunko-card") is None
    assert len(page.select(".bunko-post-item")) == 2


def _set_line(path: Path, pattern: str, line: str) -> None:
    path.write_text(re.sub(pattern, line, path.read_text("utf-8"), count=1, flags=re.M),
                    "utf-8")


def test_home_page_follows_its_cards_in_incremental_builds(tmp_path):
    site = tmp_path / "site"
    posts = cards_site(site)
    out = built(site, tmp_path / "incremental")
    first = home(out)

    # An older post (not among the two newest) joins blog: the cards' counts change.
    _set_line(posts / "2025-01-01-free.md", r"^title: .*$", "title: 分類なし\ncategories: [blog]")
    assert home(built(site, out)).select_one(".bunko-card-count").get_text() == "3件"
    assert output_files(out) == output_files(built(site, tmp_path / "clean-1"))

    # The newest note is retitled: only a card shows it on the home page (the list shows the
    # two blog posts, the sidebar counts posts).
    _set_line(posts / "2025-06-01-n3.md", r"^title: .*$", "title: 改題したメモ")
    newest_note = home(built(site, out)).select(".bunko-card-newest a")
    assert "改題したメモ" in [link.get_text() for link in newest_note]
    assert output_files(out) == output_files(built(site, tmp_path / "clean-2"))
    assert home(out).select(".bunko-post-title") == first.select(".bunko-post-title")
