"""Drafts leave no trace; front matter never becomes markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import page

DRAFT_MARKS = ("zqxj", "qwvk", "secret-draft", "hugo-style-draft")


def output_files(app) -> list[Path]:
    return [p for p in Path(app.outdir).rglob("*") if p.is_file()]


@pytest.mark.sphinx("html", testroot="drafts")
def test_drafts_are_in_no_output_file(app):
    app.build()
    assert (Path(app.outdir) / "posts/2026-01-01-public.html").is_file()
    for path in output_files(app):
        assert not any(mark in path.name for mark in DRAFT_MARKS), path
        text = path.read_bytes().decode("utf-8", "replace")
        for mark in DRAFT_MARKS:
            assert mark not in text, f"{mark} in {path}"


@pytest.mark.sphinx("html", testroot="drafts", confoverrides={"bunko_show_drafts": True})
def test_show_drafts_builds_them_marked(app):
    app.build()
    html = page(app, "posts/2026-01-02-secret-draft")
    assert html.select_one(".bunko-draft").get_text() == "下書き"
    home = page(app, "index")
    assert home.select(".bunko-is-draft")


@pytest.mark.sphinx("html", testroot="hostile")
def test_front_matter_is_escaped_everywhere(app):
    app.build()
    # Raw HTML in a post's body is the author's (as in Jekyll); front matter never is. JSON
    # (searchindex.js) and the _sources/*.txt copies are data, not HTML.
    front_matter_payloads = ("<script>alert('title')", "<script>alert('cat')",
                             "<script>alert('author')", "<script>alert('excerpt')",
                             "<img src=x", "</ul><script")
    for path in output_files(app):
        if path.suffix != ".html":
            continue
        text = path.read_text("utf-8")
        for payload in front_matter_payloads:
            assert payload not in text, f"{payload!r} unescaped in {path}"
        # The summary made from the body's text is text again wherever it is shown.
        assert "content=\"<script>alert('summary')" not in text
    for name in ("index", "posts/2026-01-01-hostile", "posts/2026-01-02-hostile-no-excerpt"):
        html = page(app, name)
        assert not html.find_all(attrs={"onerror": True})
        for script in html.find_all("script"):
            assert "alert('title')" not in script.get_text()
    hostile = page(app, "posts/2026-01-01-hostile")
    # A title is HTML, as in Jekyll's layouts: its <script> element is dropped, never run.
    assert hostile.find("h1").get_text().rstrip("¶") == "& {{ 7*7 }} {% raw %}"
    tags = [li.get_text() for li in hostile.select(".bunko-tags li")]
    assert tags == ["<img src=x onerror=alert('tag')>", "{{ 7*7 }}", 'a"b']
    assert "49" not in hostile.select_one(".bunko-post-meta").get_text()
    description = hostile.find("meta", attrs={"name": "description"})["content"]
    # The excerpt's text: its <script> element is gone, the rest of its line is kept.
    assert "still markdown" in description and "alert" not in description
    bell = page(app, "posts/2026-01-02-hostile-no-excerpt")
    assert bell.find("h1").get_text().rstrip("¶") == "Plain bell"


@pytest.mark.sphinx("html", testroot="drafts", confoverrides={
    "bunko_show_drafts": True, "html_baseurl": "https://example.org/kb/"})
def test_shown_drafts_are_a_preview_that_never_leaves_the_site(app):
    app.build()
    out = Path(app.outdir)
    assert (out / "posts/2026-01-02-secret-draft.html").is_file()
    leaving = [out / name for name in ("atom.xml", "rss.xml", "sitemap.xml", "posts.json")]
    leaving += list(out.glob("tags/*/atom.xml")) + list(out.glob("categories/*/atom.xml"))
    leaving += list((out / "_static" / "bunko-search").rglob("*.js"))
    assert (out / "tags" / "zqxjtag" / "index.html").is_file()  # listed, as a preview
    for path in leaving:
        text = path.read_text("utf-8")
        assert "zqxj" not in text and "secret-draft" not in text, path
    assert "2026-01-01-public" in (out / "posts.json").read_text("utf-8")
    assert not (out / "old").exists()  # no redirect from the draft's permalink
