"""A reader in a real browser (Debian chromium), the site opened from disk: from a post to its
tag page, on to another post, and through the home page's pagination."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_root, serve, sphinx_build


def follow(tab, locator) -> None:
    """Click a link and wait for the page it leads to."""
    with tab.expect_navigation():
        locator.click()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    source = copy_root("listings", tmp_path_factory.mktemp("browser"))
    result = sphinx_build(source, "-j", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    return source / "_build" / "html"


def test_post_to_tag_page_to_another_post_from_file_url(site_dir, browser_page):
    browser_page.goto((site_dir / "posts/2026-03-01-ai-upper.html").as_uri())
    assert browser_page.locator("h1").first.inner_text().startswith("AI upper")
    follow(browser_page, browser_page.locator(".bunko-post-meta a.bunko-tag", has_text="AI").first)
    assert browser_page.url.endswith("/tags/ai/index.html")
    assert browser_page.locator("h1").inner_text() == "タグ: AI"
    follow(browser_page, browser_page.locator(".bunko-post-title", has_text="ai lower"))
    assert browser_page.url.endswith("/posts/2026-02-01-ai-lower.html")
    follow(browser_page, browser_page.locator(".bunko-post-meta a.bunko-category"))
    assert "/categories/" in browser_page.url
    assert browser_page.locator("h1").inner_text() == "カテゴリー: 技術"


def test_japanese_folder_names_open_from_disk(site_dir, browser_page):
    browser_page.goto((site_dir / "tags/index.html").as_uri())
    follow(browser_page, browser_page.locator(".bunko-cloud a", has_text="データベース"))
    assert browser_page.locator("h1").inner_text() == "タグ: データベース"
    titles = browser_page.locator(".bunko-post-title").all_inner_texts()
    assert titles == ["NFD tag", "NFC tag"]


def test_follow_home_pagination_to_the_last_page_and_back(site_dir, browser_page):
    browser_page.goto((site_dir / "index.html").as_uri())
    seen = browser_page.locator(".bunko-post-title").all_inner_texts()
    while browser_page.locator(".bunko-pager-older").count():
        follow(browser_page, browser_page.locator(".bunko-pager-older"))
        seen += browser_page.locator(".bunko-post-title").all_inner_texts()
    assert seen == ["AI upper", "ai lower", "ＡＩ wide", "NFD tag", "NFC tag", "Directive tags"]
    assert browser_page.url.endswith("/page/1.html")  # the oldest posts
    follow(browser_page, browser_page.locator(".bunko-pager-newer"))
    assert browser_page.url.endswith("/page/2.html")
    follow(browser_page, browser_page.locator(".bunko-sections a", has_text="ホーム"))
    assert browser_page.url.endswith("/index.html") and "/page/" not in browser_page.url


def test_archive_heatmap_cell_leads_to_its_month(site_dir, browser_page):
    browser_page.goto((site_dir / "archive/index.html").as_uri())
    assert browser_page.locator("svg.bunko-heatmap").is_visible()
    follow(browser_page, browser_page.locator("svg.bunko-heatmap a").first)  # January 2026
    assert browser_page.url.endswith("/archive/2026/01/index.html")
    # 2025-12-31 23:30 -05:00 falls on 1 January 2026 in the site's zone (Asia/Tokyo).
    assert browser_page.locator(".bunko-post-title").all_inner_texts() == ["ＡＩ wide",
                                                                           "NFD tag"]


def test_sidebar_is_filled_from_file_url_at_any_depth(site_dir, browser_page):
    """The sections' links and counts come from one shared script file, resolved against
    each page's own depth."""
    for page in ("index.html", "tags/ai/index.html", "posts/2026-03-01-ai-upper.html"):
        browser_page.goto((site_dir / page).as_uri())
        ai = browser_page.locator(".bunko-sidebar-list a", has_text="AI").first
        assert ai.locator(".bunko-count").inner_text() == "4"
        assert browser_page.locator(".bunko-sidebar-list a", has_text="2026").count() == 1
    follow(browser_page, browser_page.locator(".bunko-sidebar-list a", has_text="2026"))
    assert browser_page.url.endswith("/archive/2026/index.html")
    assert browser_page.locator("h1").inner_text() == "2026年"


@pytest.fixture(scope="module")
def served_under_kb(site_dir, tmp_path_factory):
    """The site served over HTTP at http://127.0.0.1:PORT/kb/, as a project site is."""
    root = tmp_path_factory.mktemp("http")
    shutil.copytree(site_dir, root / "kb")
    for base in serve(root):
        yield base + "kb/"


def test_site_hosted_under_a_sub_path(served_under_kb, browser_page):
    browser_page.goto(served_under_kb + "posts/2025-06-01-nfc.html")
    follow(browser_page, browser_page.locator(".bunko-post-meta a.bunko-tag",
                                              has_text="データベース"))
    assert browser_page.url.startswith(served_under_kb + "tags/")
    assert browser_page.locator("h1").inner_text() == "タグ: データベース"
    follow(browser_page, browser_page.locator(".bunko-sections a", has_text="アーカイブ"))
    assert browser_page.url == served_under_kb + "archive/index.html"
    follow(browser_page, browser_page.locator(".bunko-sidebar-list a", has_text="AI"))
    assert browser_page.url == served_under_kb + "tags/ai/index.html"
