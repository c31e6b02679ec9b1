"""Post pages, built by Sphinx from the roots in tests/roots/ and read as a reader sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import page, sidebar_data, warning_lines


@pytest.mark.sphinx("html", testroot="front-matter")
def test_seed_post_page_header(built):
    html = page(built, "posts/2026-02-10-aws-ai-chips")
    (h1,) = html.find_all("h1")
    assert h1.get_text().rstrip("¶") == "AWSの可能性とは？"
    assert html.title.get_text().startswith("AWSの可能性とは？")
    meta = html.select_one(".bunko-post-meta")
    assert meta.select_one("time").get_text() == "2026年2月10日(火)"
    assert meta.select_one("time")["datetime"] == "2026-02-10T03:29:00+00:00"
    assert meta.select_one(".bunko-author").get_text() == "ALLFORCES編集部"
    assert meta.select_one(".bunko-reading-time").get_text() == "8分で読めます"
    assert [li.get_text() for li in meta.select(".bunko-categories li")] == ["投資分析"]
    assert [li.get_text() for li in meta.select(".bunko-tags li")][:3] == ["AI", "最新ニュース",
                                                                         "技術動向"]
    description = html.find("meta", attrs={"name": "description"})["content"]
    assert description == "Amazon、AWSでAIチップ50%性能向上について詳細に分析します。"


@pytest.mark.sphinx("html", testroot="front-matter")
def test_body_keeps_the_authors_heading_levels(built):
    html = page(built, "posts/2026-02-10-aws-ai-chips")
    article = html.find("article")
    assert len(article.find_all("h1")) == 1
    assert article.find("h2").get_text().startswith("AWS、AIチップ50%性能向上の衝撃")
    assert article.find("h3") is not None
    text = "\n".join(warning_lines(built))
    assert "Document headings start at H2" not in text
    assert "isn't included in any toctree" not in text


@pytest.mark.sphinx("html", testroot="front-matter")
def test_end_marker_is_not_shown(built):
    for name in ("posts/2026-02-10-aws-ai-chips", "posts/2026-03-04-computed-reading-time"):
        assert "---END---" not in page(built, name).find("article").get_text()


@pytest.mark.sphinx("html", testroot="front-matter")
def test_dates_are_shown_in_the_site_zone(built):
    html = page(built, "posts/2026-03-01-offset")
    time = html.select_one(".bunko-post-meta time")
    assert time["datetime"] == "2026-03-01T14:30:00+00:00"  # 23:30 +09:00 on a UTC site
    assert time.get_text() == "2026年3月1日(日)"
    authors = [a.get_text() for a in html.select(".bunko-author")]
    assert authors == ["山田 花子", "Jane Doe"]


@pytest.mark.sphinx("html", testroot="front-matter")
def test_terms_merge_by_identity_and_scalars_become_strings(built):
    zulu = page(built, "posts/2026-03-02-zulu")
    # "ＡＩ" and "ai" are one tag, shown as the oldest post using it (the seed) spells it.
    assert [li.get_text() for li in zulu.select(".bunko-tags li")] == ["AI", "データベース"]
    assert [li.get_text() for li in zulu.select(".bunko-categories li")] == ["2013"]
    nfd = page(built, "posts/2026-03-03-nfd")
    assert [li.get_text() for li in nfd.select(".bunko-tags li")] == ["データベース", "true",
                                                                     "42"]


@pytest.mark.sphinx("html", testroot="front-matter")
def test_file_name_dates_and_impossible_dates(built):
    unpadded = page(built, "posts/2017-2-5-unpadded")
    assert unpadded.select_one(".bunko-post-meta time").get_text() == "2017年2月5日(日)"
    impossible = page(built, "posts/2024-06-01-impossible-date")
    assert impossible.select_one(".bunko-post-meta time").get_text() == "2024年6月1日(土)"
    (warning,) = [w for w in warning_lines(built) if "2024-13-45" in w]
    assert "2024-06-01-impossible-date.md:3" in warning


@pytest.mark.sphinx("html", testroot="front-matter")
def test_reading_time_counts_japanese_characters_not_code(built):
    html = page(built, "posts/2026-03-04-computed-reading-time")
    # 2,250 CJK characters at 500 a minute; 3,000 lines of code are not counted.
    assert html.select_one(".bunko-reading-time").get_text() == "4分で読めます"


@pytest.mark.sphinx("html", testroot="front-matter")
def test_missing_title_comes_from_the_first_heading_with_a_warning(built):
    html = page(built, "posts/2026-03-05-untitled")
    assert html.find("h1").get_text().rstrip("¶") == "見出しがタイトルになる"
    assert any("2026-03-05-untitled.md" in w and "no title" in w for w in warning_lines(built))


@pytest.mark.sphinx("html", testroot="front-matter")
def test_missing_excerpt_is_the_first_paragraph(built):
    html = page(built, "posts/2026-03-01-offset")
    assert html.find("meta", attrs={"name": "description"})["content"] == "本文です。"


@pytest.mark.sphinx("html", testroot="front-matter")
def test_home_lists_posts_newest_first_and_sidebar_lists_no_post(built):
    home = page(built, "index")
    titles = [a.get_text() for a in home.select(".bunko-post-list .bunko-post-title")]
    assert titles[0] == "見出しがタイトルになる"  # 2026-03-05 is the newest
    assert len(titles) == 8
    sidebar = home.select_one(".sidebar-tree")
    assert not [a for a in sidebar.find_all("a") if "posts/" in a.get("href", "")]
    uris = [link[1] for section in sidebar_data(Path(built.outdir)).values()
            for link in section["links"]]
    assert uris and not [uri for uri in uris if "posts/" in uri]


@pytest.mark.sphinx("html", testroot="language-en")
def test_english_site(built):
    html = page(built, "posts/2026-02-10-aws-ai-chips")
    assert html.select_one(".bunko-post-meta time").get_text() == "February 10, 2026"
    assert html.select_one(".bunko-reading-time").get_text() == "8 min read"
    english = page(built, "posts/2026-03-01-english")
    assert english.select_one(".bunko-post-meta time").get_text() == "March 1, 2026"
    assert english.select_one(".bunko-reading-time").get_text() == "1 min read"
