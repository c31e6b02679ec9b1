"""Site-wide behaviours that had no test of their own: the zone of dates written without one,
the sidebar's most-used tags, and listing pages' <title>."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import sidebar_data, sphinx_build
from hostile_inputs import new_site


def _page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text("utf-8"), "html.parser")


def test_dates_without_a_zone_are_read_in_bunko_timezone(tmp_path):
    posts = new_site(tmp_path, conf='bunko_timezone = "America/New_York"\n')
    (posts / "2026-03-05-naive.md").write_text(
        "---\ntitle: Naive\ndate: 2026-03-05 23:30:00\n---\n\nBody.\n", "utf-8")
    (posts / "2026-07-05-summer.md").write_text(
        "---\ntitle: Summer\ndate: 2026-07-05 08:00\n---\n\nBody.\n", "utf-8")
    result = sphinx_build(tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "_build" / "html"
    naive = _page(out, "posts/2026-03-05-naive.html").select_one(".bunko-post-meta time")
    assert naive["datetime"] == "2026-03-05T23:30:00-05:00"  # EST, not UTC
    summer = _page(out, "posts/2026-07-05-summer.html").select_one(".bunko-post-meta time")
    assert summer["datetime"] == "2026-07-05T08:00:00-04:00"  # EDT: the zone's rules apply


def test_the_sidebar_names_the_twenty_most_used_tags_and_links_all(tmp_path):
    posts = new_site(tmp_path)
    # tag00 is on 25 posts, tag01 on 24, ... tag24 on 1: 25 tags, 20 shown.
    for number in range(25):
        tags = ", ".join(f"tag{t:02d}" for t in range(25 - number))
        (posts / f"2026-01-{1 + number:02d}-p{number}.md").write_text(
            f"---\ntitle: P{number}\ntags: [{tags}]\n---\n\nBody.\n", "utf-8")
    assert sphinx_build(tmp_path).returncode == 0
    out = tmp_path / "_build" / "html"
    # Every page carries the section, linked to all tags; the script fills it from one file.
    assert _page(out, "index.html").find("a", class_="caption-text", href="tags/index.html")
    tags = sidebar_data(out)["tags"]
    assert tags["links"] == [[f"tag{t:02d}", f"tags/tag{t:02d}/index.html", 25 - t]
                             for t in range(20)]
    assert tags["more"] == "すべてのタグ"


def test_listing_page_titles_are_text(tmp_path):
    posts = new_site(tmp_path)
    (posts / "2026-01-01-x.md").write_text(
        '---\ntitle: X\ntags: ["</title><script>alert(1)</script>"]\n---\n\nBody.\n', "utf-8")
    assert sphinx_build(tmp_path).returncode == 0
    out = tmp_path / "_build" / "html"
    (tag_page,) = [path for path in out.glob("tags/*/index.html")]
    html = _page(out, tag_page.relative_to(out).as_posix())
    assert "</title><script>alert(1)</script>" in html.title.get_text()
    assert not html.head.find("script", string=lambda text: text and "alert(1)" in text)
    assert "<script>alert(1)" not in tag_page.read_text("utf-8")


def test_a_second_build_in_one_process_starts_from_its_own_sources(tmp_path):
    """``bunko serve`` rebuilds with one application: what the first build generated (its
    catalog, listing pages, manifest) must not leak into the second."""
    from io import StringIO

    from sphinx.application import Sphinx

    posts = new_site(tmp_path)
    (posts / "2026-01-01-a.md").write_text(
        "---\ntitle: A\ntags: [solo]\n---\n\nBody.\n", "utf-8")
    (posts / "2026-01-02-b.md").write_text(
        "---\ntitle: B\ntags: [kept]\n---\n\nBody.\n", "utf-8")
    out = tmp_path / "_build" / "html"
    app = Sphinx(tmp_path, tmp_path, out, tmp_path / "_build" / "doctrees", "html",
                 status=StringIO(), warning=StringIO())
    app.build()
    assert (out / "tags/solo/index.html").is_file()
    (posts / "2026-01-01-a.md").write_text(
        "---\ntitle: A\ntags: [kept]\n---\n\nBody.\n", "utf-8")
    app.build()
    assert not (out / "tags/solo/index.html").exists()
    index = (out / "tags/index.html").read_text("utf-8")
    assert "tags/solo/" not in index and "kept/index.html" in index
    assert "tags/solo/index.html" not in (out / ".bunko-manifest.json").read_text("utf-8")
    kept = _page(out, "tags/kept/index.html")
    assert {a.get_text() for a in kept.select(".bunko-post-list a")} >= {"A", "B"}
