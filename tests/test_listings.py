"""Listing pages of a small site (tests/roots/test-listings, 6 posts, 2 per page): counts,
order, pagination, term merges, safe folder names, the archive, the post footer, the sidebar."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import page, sidebar_data, warning_lines

pytestmark = pytest.mark.sphinx("html", testroot="listings")


def titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select(".bunko-post-list .bunko-post-title")]


def test_tag_page_lists_its_posts_newest_first_and_paginates(built):
    first = page(built, "tags/ai/index")
    assert first.h1.get_text() == "タグ: AI"
    assert "全4件" in first.select_one(".bunko-listing-count").get_text()
    assert titles(first) == ["AI upper", "ai lower"]
    # Numbered pages count from the oldest post: page 1 holds the oldest two.
    oldest = page(built, "tags/ai/page/1")
    assert oldest.h1.get_text() == "タグ: AI (1ページ目)"
    assert titles(oldest) == ["ＡＩ wide", "Directive tags"]
    assert oldest.select_one(".bunko-pager-newer")["href"] == "../index.html"
    assert first.select_one(".bunko-pager-older")["href"] == "page/1.html"
    assert not (Path(built.outdir) / "tags/ai/page/2.html").exists()


def test_ai_ai_and_full_width_ai_are_one_tag_shown_as_first_seen(built):
    tags = Path(built.outdir) / "tags"
    assert sorted(p.name for p in tags.iterdir() if p.name.casefold().startswith("a")) == ["ai"]
    post = page(built, "posts/2026-01-15-ai-wide")
    labels = [a.get_text() for a in post.select(".bunko-post-meta .bunko-tag")]
    assert "AI" in labels and "ＡＩ" not in labels


def test_nfd_and_nfc_names_share_one_page_with_dakuten_kept(built):
    folder = Path(built.outdir) / "tags" / "データベース"
    assert folder.is_dir()
    names = [p.name for p in (Path(built.outdir) / "tags").iterdir()]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert "テータヘース" not in names
    assert titles(page(built, "tags/データベース/index")) == ["NFD tag", "NFC tag"]


def test_cpp_csharp_and_c_get_three_pages(built):
    for slug, title in [("c-plus-plus", "AI upper"), ("c-sharp", "ai lower"), ("c", "ＡＩ wide")]:
        assert titles(page(built, f"tags/{slug}/index")) == [title]


def test_a_dot_dot_tag_stays_inside_the_output(built):
    outdir = Path(built.outdir)
    assert titles(page(built, "tags/x/index")) == ["NFC tag"]
    assert not (outdir.parent / "x").exists()
    assert all(outdir.resolve() in p.resolve().parents for p in outdir.rglob("*.html"))


def test_tag_index_groups_by_name_and_weighs_by_count(built):
    index = page(built, "tags/index")
    counts = {li.a.get_text(): li.small.get_text() for li in index.select(".bunko-cloud li")}
    assert counts["AI"] == "4" and counts["データベース"] == "2" and counts["old"] == "1"
    groups = [h.get_text() for h in index.select(".bunko-cloud-group")]
    assert groups == ["A", "C", "E", "O", "た", "その他"]  # "../x" is listed under その他
    cloud = {a.get_text(): a.parent["class"][0] for a in index.select(".bunko-cloud li a")}
    assert cloud["AI"] == "w5" and cloud["old"] == "w1"


def test_home_paginates_newest_first_with_pages_numbered_from_the_oldest(built):
    home = page(built, "index")
    assert titles(home) == ["AI upper", "ai lower"]
    assert home.select_one(".bunko-pager-older")["href"] == "page/2.html"
    assert titles(page(built, "page/2")) == ["ＡＩ wide", "NFD tag"]
    assert titles(page(built, "page/1")) == ["NFC tag", "Directive tags"]
    assert page(built, "page/1").select_one(".bunko-pager-older") is None
    assert not (Path(built.outdir) / "page/3.html").exists()


def test_categories_and_authors_have_indexes_and_pages(built):
    assert titles(page(built, "categories/技術/index")) == ["AI upper", "ai lower"]
    assert titles(page(built, "categories/ニュース/index")) == ["ＡＩ wide"]
    author = page(built, "authors/山田/index")
    assert author.h1.get_text() == "著者: 山田"
    assert titles(author) == ["AI upper", "ai lower"]
    chart = author.select_one("svg.bunko-year-bars")
    assert "2026年: 2件" in chart["aria-label"]
    counts = {li.a.get_text(): li.small.get_text()
              for li in page(built, "authors/index").select(".bunko-cloud li")}
    assert counts == {"山田": "2", "佐藤": "1"}


def test_archive_groups_by_the_date_the_page_shows(built):
    archive = page(built, "archive/index")
    heatmap = archive.select_one("svg.bunko-heatmap")
    assert heatmap is not None and heatmap.find("title")
    years = [a.get_text() for a in archive.select(".bunko-year")]
    assert years == ["2026年", "2025年", "2024年"]
    # Written 2025-12-31 23:30 -05:00: 1 January 2026 in Tokyo, the site's zone, where the
    # page shows it and every list orders it.
    assert "NFD tag" in titles(page(built, "archive/2026/01/index"))
    assert not (Path(built.outdir) / "archive/2025/12/index.html").exists()
    year = page(built, "archive/2026/index")
    assert [h.a.get_text() for h in year.select("h2")] == ["2026年3月", "2026年2月", "2026年1月"]
    month_links = heatmap.select("a")
    assert len(month_links) == 5  # 2024-01, 2025-06, 2026-01 to 03


def test_post_links_to_its_terms_neighbours_and_related_posts(built):
    post = page(built, "posts/2026-02-01-ai-lower")
    tag_links = {a.get_text(): a["href"] for a in post.select(".bunko-post-meta .bunko-tag")}
    assert tag_links == {"AI": "../tags/ai/index.html", "C#": "../tags/c-sharp/index.html"}
    category = post.select_one(".bunko-category")["href"]
    assert category == "../categories/技術/index.html"  # an IRI: the browser encodes it
    assert post.select_one(".bunko-author")["href"].startswith("../authors/")
    footer = post.select_one(".bunko-post-footer")
    assert footer.select_one(".bunko-previous .bunko-neighbour-label").get_text() == "前の記事"
    assert footer.select_one(".bunko-previous .bunko-neighbour-title").get_text() == "ＡＩ wide"
    assert footer.select_one(".bunko-next .bunko-neighbour-title").get_text() == "AI upper"
    assert footer.select_one(".bunko-related h2").get_text() == "関連記事"
    related = [a.get_text() for a in footer.select(".bunko-related a")]
    # AI upper shares a tag and a category; the next two one tag each, the newer first; the
    # last two no term, only the words every body here says (本文です), the nearer first.
    assert related == ["AI upper", "ＡＩ wide", "Directive tags", "NFD tag", "NFC tag"]


def test_tags_directive_adds_tags_and_links_them(built):
    post = page(built, "posts/2024-01-01-directive")
    links = {a.get_text(): a["href"] for a in post.select(".bunko-directive-tags a")}
    assert links == {"extra": "../tags/extra/index.html", "AI": "../tags/ai/index.html"}
    assert titles(page(built, "tags/extra/index")) == ["Directive tags"]
    assert not (Path(built.srcdir) / "_tags").exists()


def test_sidebar_shows_sections_with_counts_never_posts(built):
    for name in ["index", "tags/ai/index", "posts/2025-06-01-nfc"]:
        sidebar = page(built, name).select_one(".sidebar-tree")
        headings = [p.get_text() for p in sidebar.select(".caption")]
        assert headings == ["カテゴリー", "タグ", "アーカイブ", "著者"]
    # What is in the sections is one file every page loads.
    sections = sidebar_data(Path(built.outdir))
    assert list(sections) == ["categories", "tags", "archive", "authors"]
    uris = [link[1] for section in sections.values() for link in section["links"]]
    assert uris and not any("posts/" in uri for uri in uris)
    assert ["AI", "tags/ai/index.html", 4] in sections["tags"]["links"]


def test_every_link_resolves_from_disk_and_none_is_absolute(built):
    outdir = Path(built.outdir)
    broken = []
    for html in outdir.rglob("*.html"):
        if html.name == "404.html":
            continue  # served at any depth, so its links are absolute by design
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for a in soup.select(".bunko-sections a, .bunko-listing a, .bunko-post-meta a, "
                             ".bunko-post-footer a, .bunko-pager a, svg a"):
            href = a["href"]
            if href == "#":
                continue
            assert not href.startswith(("/", "http:", "https:")), (html, href)
            target = (html.parent / unquote(urlsplit(href).path)).resolve()
            if not target.is_file():
                broken.append((str(html.relative_to(outdir)), href))
    assert not broken


def test_no_warnings(built):
    assert warning_lines(built) == []
