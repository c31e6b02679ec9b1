"""Front matter full of markup, event attributes, Jinja/Liquid and control characters is text in
every file of the built site: post pages, listings, the sidebar, ``<title>``, meta tags, the
search index and search results, and whatever else the build writes (feeds, sitemaps and JSON
are scanned the same way as soon as they exist). Titles and excerpts are HTML, as in Jekyll, so
their payloads are written as entities (``&lt;script&gt;``): text that looks like markup. Raw
tags in them are ``test_jekyll_front_matter.py``'s."""

from __future__ import annotations

import functools
import json
import re
import threading
import xml.etree.ElementTree as ElementTree
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_root, sidebar_data, sphinx_build

#: Payloads as they would look if they got through: a tag or attribute the site did not write.
RAW_PAYLOADS = re.compile(
    r"<script>alert\(|<img src=x onerror|<svg onload|</ul><script|<i onmouseover|"
    r"</title><script|<b>bold</b>"
)
#: Characters no output may carry (they break XML feeds and hide text in HTML).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEXT_SUFFIXES = {".html", ".xml", ".rss", ".atom", ".json", ".js", ".txt", ".css", ".svg",
                 ".buildinfo", ".xsl"}
#: Sphinx's copies of the sources, served as text/plain: the writer's file, as written.
SOURCE_COPIES = "_sources"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    source = copy_root("hostile-escaping", tmp_path_factory.mktemp("escaping"))
    result = sphinx_build(source)
    assert result.returncode == 0, result.stderr[-3000:]
    return source / "_build" / "html"


def output_files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.is_file()
                  and not path.relative_to(site).parts[0].startswith("."))


def _text_files(site: Path) -> list[tuple[Path, str]]:
    return [(path, path.read_text("utf-8")) for path in output_files(site)
            if path.suffix in TEXT_SUFFIXES or path.name.startswith(".")]


def test_no_payload_is_markup_in_any_output_file(site):
    checked = 0
    for path, text in _text_files(site):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(SOURCE_COPIES):
            continue
        checked += 1
        if path.suffix == ".json" or path.name == "searchindex.js":
            # Data, loaded with <script src> or fetch: the payload may be there, but only
            # inside JSON strings, so the whole file must be JSON.
            json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
            assert not CONTROL.search(text), f"control character in {relative}"
            continue
        assert not RAW_PAYLOADS.search(text), f"{RAW_PAYLOADS.search(text)[0]!r} in {relative}"
        assert not CONTROL.search(text), f"control character in {relative}"
        if path.suffix in (".xml", ".rss", ".atom", ".xsl"):
            ElementTree.fromstring(text.encode("utf-8"))  # well-formed, so entities escape
        if path.suffix == ".html":
            _assert_no_injected_markup(BeautifulSoup(text, "html.parser"), relative)
    assert checked > 30


def _assert_no_injected_markup(html: BeautifulSoup, relative: str) -> None:
    for element in html.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"{element.name} {handlers} in {relative}"
        for name in ("href", "src", "action"):
            target = str(element.get(name, "")).strip().lower()
            assert not target.startswith("javascript:"), f"{target} in {relative}"
    for script in html.find_all("script"):
        assert "alert(" not in script.get_text(), relative
    assert not html.find_all(["svg"], attrs={"onload": True})


def _read(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text("utf-8"), "html.parser")


TITLE = '<script>alert("title")</script> {{ 7*7 }} {% if true %}liquid{% endif %} ok'


def test_post_page_shows_every_value_as_written(site):
    post = _read(site, "posts/2026-01-01-front-matter.html")
    assert post.find("h1").get_text().rstrip("¶") == TITLE
    assert post.title.get_text().startswith(TITLE)
    meta = post.select_one(".bunko-post-meta")
    assert [a.get_text() for a in meta.select(".bunko-tags a")] == [
        '<img src=x onerror=alert("tag")>', "{{ 7*7 }}", '"><svg onload=alert("tag2")>',
        "\u202eevil", "../../etc/passwd"]
    assert [a.get_text() for a in meta.select(".bunko-categories a")] == [
        '</ul><script>alert("category")</script>', "{% raw %}"]
    assert [a.get_text() for a in meta.select(".bunko-author")] == [
        '"><script>alert("author")</script>']
    assert "49" not in meta.get_text()
    description = post.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith('<script>alert("excerpt")</script> <img src=x')
    assert description.endswith("{{ 7*7 }}")


def test_a_title_closing_the_title_element_stays_inside_it(site):
    post = _read(site, "posts/2026-01-02-summary.html")
    assert post.title.get_text().startswith('Second </title><script>alert("title2")</script>')
    description = post.find("meta", attrs={"name": "description"})["content"]
    assert '<script>alert("summary")</script>' in description


def test_listings_and_sidebar_show_the_payloads_as_text(site):
    home = _read(site, "index.html")
    titles = [a.get_text() for a in home.select(".bunko-post-title")]
    # Two a page: the first page shows the newest two to three, here all three.
    assert titles == ['Second </title><script>alert("title2")</script>', TITLE,
                      "Third {% raw %}{{ 7*7 }}{% endraw %}"]
    excerpts = home.select(".bunko-excerpt")
    assert not any(excerpt.find(["script", "img"]) for excerpt in excerpts)
    assert '<script>alert("excerpt")</script>' in excerpts[1].get_text()
    assert '<script>alert("summary")</script>' in excerpts[0].get_text()
    # The sidebar's labels are data in the file its script reads (and text in the browser:
    # test_sidebar_shows_the_payloads_as_text).
    labels = [link[0] for section in sidebar_data(site).values() for link in section["links"]]
    assert "{{ 7*7 }}" in labels
    assert '<img src=x onerror=alert("tag")>' in labels
    tags = _read(site, "tags/index.html")
    assert "<b>bold</b>" in tags.select_one(".bunko-cloud").get_text()
    tag_page = next(site.glob("tags/img-src-x-onerror*/index.html"))
    assert _read(site, tag_page.relative_to(site).as_posix()).find("h1").get_text().rstrip(
        "¶").endswith('<img src=x onerror=alert("tag")>')
    third = _read(site, "archive/2025/12/index.html")
    assert [a.get_text() for a in third.select(".bunko-post-title")] == [
        "Third {% raw %}{{ 7*7 }}{% endraw %}"]


@pytest.fixture(scope="module")
def served(site):
    """The site over HTTP on the loopback address: search results fetch the pages they
    summarise, which a file:// page may not."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_search_results_show_titles_and_summaries_as_text(served, browser_page):
    """Sphinx's search page builds its results in the browser, from searchindex.js and the
    pages it finds."""
    dialogs: list[str] = []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_page.goto(f"{served}/search.html?q=alert")
    browser_page.wait_for_selector("#search-results li p.context", timeout=15_000)
    results = browser_page.locator("#search-results li > a").all_inner_texts()
    assert 'Second </title><script>alert("title2")</script>' in results
    assert TITLE in results
    assert browser_page.locator("#search-results script, #search-results img").count() == 0
    for page_name in ("index.html", "posts/2026-01-01-front-matter.html", "tags/index.html"):
        browser_page.goto(f"{served}/{page_name}")
    assert dialogs == []


def test_sidebar_shows_the_payloads_as_text(site, browser_page):
    """The script fills the sidebar from front matter's labels: as text, from file://."""
    browser_page.goto((site / "index.html").as_uri())
    sidebar = browser_page.locator(".bunko-sidebar .bunko-sidebar-list")
    assert sidebar.first.is_visible()
    texts = browser_page.locator(".bunko-sidebar-list a").all_inner_texts()
    assert any(text.startswith('<img src=x onerror=alert("tag")>') for text in texts)
    assert browser_page.locator(".bunko-sidebar img, .bunko-sidebar script").count() == 0
