"""Front matter as a Jekyll site means it, on a real build of tests/roots/test-jekyll-front-matter:
titles are HTML (entities decoded, tags dropped) and escaped exactly once wherever they are
shown; excerpts in HTML or Markdown are rendered and sanitized in lists and plain text
elsewhere; ``<!--more-->`` cuts the summary; ``lang:`` is the page's language; ``image:`` is
its Open Graph picture and its thumbnail in lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from bunko.search.index import read_index
from conftest import copy_root, page, sphinx_build, warning_lines

BASE = "https://example.org/kb/"
ENTITIES_TITLE = "Is your project using “agilefall”? and M&Ms & Interior's <script>"
ENTITIES = "posts/2026-01-01-entities"
HOSTILE = "posts/2026-01-02-hostile-excerpt"

pytestmark = pytest.mark.sphinx("html", testroot="jekyll-front-matter",
                                 confoverrides={"html_baseurl": BASE})


def _html(app, name: str) -> str:
    return (Path(app.outdir) / f"{name}.html").read_text("utf-8")


def _heading(app, name: str) -> str:
    return page(app, name).find("h1").get_text().rstrip("¶")


def test_title_entities_are_decoded_and_escaped_once_everywhere(built):
    post = page(built, ENTITIES)
    assert _heading(built, ENTITIES) == ENTITIES_TITLE
    assert post.title.get_text().startswith(ENTITIES_TITLE)
    assert post.find("meta", property="og:title")["content"] == ENTITIES_TITLE
    home = page(built, "index")
    assert ENTITIES_TITLE in [a.get_text() for a in home.select(".bunko-post-title")]
    # Escaped once: the text "<script>" is "&lt;script&gt;" in the HTML, never a tag, never
    # "&amp;lt;" (escaped twice) or "&amp;ldquo;" (the entity shown as written).
    for html in (_html(built, ENTITIES), _html(built, "index")):
        assert "&amp;ldquo;" not in html and "&amp;lt;" not in html and "&ldquo;" not in html
        assert "&lt;script&gt;" in html
    feed = feedparser.parse((Path(built.outdir) / "atom.xml").read_bytes())
    assert ENTITIES_TITLE in [entry.title for entry in feed.entries]
    index = read_index(Path(built.outdir))
    assert ENTITIES_TITLE in [doc["title"] for doc in index.docs]
    exported = json.loads((Path(built.outdir) / "posts.json").read_text("utf-8"))
    assert ENTITIES_TITLE in [item["title"] for item in exported["posts"]]


def test_tags_in_a_title_are_dropped_and_never_run(built):
    assert _heading(built, HOSTILE) == "Raw tags"
    for name in (HOSTILE, "index"):
        html = page(built, name)
        assert not html.find_all(attrs={"onclick": True})
        assert not any("alert(" in script.get_text() for script in html.find_all("script"))
        assert 'alert("raw")' not in html.get_text()


def test_an_html_excerpt_is_rendered_in_lists(built):
    home = page(built, "index")
    (item,) = [li for li in home.select(".bunko-post-item")
               if li.select_one(".bunko-post-title").get_text() == ENTITIES_TITLE]
    excerpt = item.select_one(".bunko-excerpt")
    link = excerpt.find("a")
    assert link["href"] == "https://github.com/18F/api-standards"
    assert link.get_text() == "API Standards"
    assert excerpt.find("em").get_text() == "set"
    assert not excerpt.find("p") and "<" not in excerpt.get_text()
    description = page(built, ENTITIES).find("meta", attrs={"name": "description"})["content"]
    assert description == "We released our API Standards, a set of guidelines."


def test_a_hostile_excerpt_is_sanitized(built):
    home = page(built, "index")
    (item,) = [li for li in home.select(".bunko-post-item")
               if li.select_one(".bunko-post-title").get_text() == "Raw tags"]
    excerpt = item.select_one(".bunko-excerpt")
    assert not excerpt.find_all(["script", "img", "style"])
    for element in excerpt.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")]
        assert "style" not in element.attrs
        assert not element.get("href", "").lower().startswith("javascript:")
    assert excerpt.find("strong").get_text() == "bold"
    assert [a.get("href") for a in excerpt.find_all("a", href=True)] == [
        "https://ok.example/", "https://md.example/"]
    description = page(built, HOSTILE).find("meta", attrs={"name": "description"})["content"]
    assert "bold" in description and 'alert("excerpt")' not in description


def test_the_excerpt_separator_cuts_the_summary(built):
    home = page(built, "index")
    (item,) = [li for li in home.select(".bunko-post-item")
               if li.select_one(".bunko-post-title").get_text() == "More separator"]
    summary = "First paragraph before the separator. Second paragraph, still before it."
    assert item.select_one(".bunko-excerpt").get_text() == summary
    more = page(built, "posts/2026-01-03-more")
    assert more.find("meta", attrs={"name": "description"})["content"] == summary
    assert "After the separator" in more.select_one("article").get_text()
    assert "bunko:excerpt-end" not in _html(built, "posts/2026-01-03-more")


def test_lang_is_the_page_language(built):
    assert page(built, "posts/2026-01-04-english").html["lang"] == "en-US"
    assert page(built, "posts/2026-01-05-picture").html["lang"] == "ja"
    assert page(built, "posts/2026-01-06-no-picture").html["lang"] == "ja"


def test_bad_lang_and_image_are_warned_about_with_their_line(built):
    warnings = "\n".join(warning_lines(built))
    assert "2026-01-06-no-picture.md:3: WARNING: lang 'not a language!'" in warnings
    assert "2026-01-06-no-picture.md:4: WARNING: image \"javascript:alert('image')\"" in warnings
    assert ("2026-01-07-missing-picture.md:3: WARNING: thumbnail '/assets/images/gone.png': "
            "the site has no file assets/images/gone.png") in warnings


def test_image_is_the_open_graph_picture(built):
    def images(name: str) -> tuple[str | None, str | None, str]:
        html = page(built, name)
        og = html.find("meta", property="og:image")
        twitter = html.find("meta", attrs={"name": "twitter:image"})
        card = html.find("meta", attrs={"name": "twitter:card"})["content"]
        return (og and og["content"], twitter and twitter["content"], card)

    picture = f"{BASE}assets/images/team.png"
    assert images("posts/2026-01-05-picture") == (picture, picture, "summary_large_image")
    cdn = "https://cdn.example/pictures/english.png"
    assert images("posts/2026-01-04-english") == (cdn, cdn, "summary_large_image")
    # The Jekyll site's defaults: give every post the site's picture, under a post's own.
    default = f"{BASE}assets/images/default.png"
    assert images("posts/2026-01-06-no-picture") == (default, default, "summary_large_image")


def test_lists_show_a_posts_own_picture_relative_to_the_page(built):
    def thumbnails(name: str) -> dict[str, dict[str, str]]:
        return {li.select_one(".bunko-post-title").get_text(): li.select_one(".bunko-thumbnail")
                for li in page(built, name).select(".bunko-post-item")
                if li.select_one(".bunko-thumbnail")}

    home = thumbnails("index")
    assert set(home) == {"写真のある記事", "An English post"}, "defaults are no thumbnail"
    assert "写真が見つからない記事" in page(built, "index").get_text(), "nor a missing file"
    picture = home["写真のある記事"]
    assert picture["src"] == "assets/images/team.png"
    assert picture["alt"] == "" and picture["loading"] == "lazy"
    assert home["An English post"]["src"] == "https://cdn.example/pictures/english.png"
    month = thumbnails("archive/2026/01/index")
    assert month["写真のある記事"]["src"] == "../../../assets/images/team.png"


@pytest.mark.sphinx("html", testroot="jekyll-front-matter", confoverrides={})
def test_without_an_address_only_urls_are_open_graph_pictures(built):
    assert page(built, "posts/2026-01-05-picture").find("meta", property="og:image") is None
    assert page(built, "posts/2026-01-04-english").find("meta", property="og:image")[
        "content"] == "https://cdn.example/pictures/english.png"
    card = page(built, "posts/2026-01-05-picture").find("meta", attrs={"name": "twitter:card"})
    assert card["content"] == "summary"


@pytest.mark.parametrize(("width", "thumbnail_width"), [(1280, 120), (390, 72)])
def test_thumbnails_keep_one_size_beside_the_text(built, browser, width, thumbnail_width):
    """Opened from disk in chromium: each thumbnail is a fixed box to the right of its entry's
    title and text, smaller on a phone, so a list stays one column of calm entries."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto((Path(built.outdir) / "index.html").as_uri())
    items = tab.locator(".bunko-has-thumbnail")
    assert items.count() == 2
    for position in range(items.count()):
        item = items.nth(position)
        box = item.locator(".bunko-thumbnail").bounding_box()
        title = item.locator(".bunko-post-title").bounding_box()
        excerpt = item.locator(".bunko-excerpt").bounding_box()
        assert round(box["width"]) == thumbnail_width
        assert round(box["height"]) == thumbnail_width * 2 // 3
        for text in (title, excerpt):
            assert text["x"] + text["width"] <= box["x"]
        assert box["x"] + box["width"] <= width
    context.close()


def test_a_picture_added_later_shows_on_the_next_build(tmp_path):
    """The post naming it is read again when its file appears, as a clean build would."""
    source = copy_root("jekyll-front-matter", tmp_path)
    first = sphinx_build(source)
    assert "gone.png" in first.stderr
    shutil.copy(source / "jekyll/assets/images/team.png", source / "jekyll/assets/images/gone.png")
    second = sphinx_build(source)
    assert second.returncode == 0 and "gone.png" not in second.stderr
    home = BeautifulSoup((source / "_build/html/index.html").read_text("utf-8"), "html.parser")
    (item,) = [li for li in home.select(".bunko-post-item")
               if li.select_one(".bunko-post-title").get_text() == "写真が見つからない記事"]
    assert item.select_one(".bunko-thumbnail")["src"] == "assets/images/gone.png"
