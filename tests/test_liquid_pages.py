"""Liquid in real posts, through a build: the root's ``jekyll/`` folder is an old Jekyll
site's ``_config.yml``, ``_data/`` and ``_includes/``, as ``bunko import`` copies them."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import copy_root, page, sphinx_build, warning_lines

POST = "posts/2026-01-03-liquid"


def _article(app):
    return page(app, POST).find("article")


@pytest.mark.sphinx("html", testroot="liquid")
def test_post_links_and_code_on_the_page(app):
    app.build()
    article = _article(app)
    links = {a.get_text(): a.get("href") for a in article.find_all("a")}
    assert links["post link"] == "2026-01-01-target.html"
    assert links["nested"] == "blog/2026-1-2-nested-target.html"
    assert "[missing]" in article.get_text()
    code_blocks = [pre.get_text() for pre in article.find_all("pre")]
    assert any('puts "`` backticks ``"' in code for code in code_blocks)
    assert any('print("Liquid")' in code for code in code_blocks), "highlight renders Liquid"
    assert any("{% if page.title %}{{ page.title }}{% endif %}" in code for code in code_blocks)
    assert "{{ page.title }}" in [code.get_text() for code in article.find_all("code")]
    assert "Shown: {{ page.title }} and {% include x.html %}" in article.get_text()
    assert "never shown" not in article.get_text()


@pytest.mark.sphinx("html", testroot="liquid")
def test_includes_data_and_variables_render_as_html(app):
    app.build()
    article = _article(app)
    card = article.select_one("div.card")
    assert card is not None and card.find_parent("pre") is None
    # The old site's /join/ page is not in the archive: the link leads to the old site.
    assert card.select_one("a.card-link")["href"] == "https://example.org/blog/join/"
    assert card.select_one("strong.card-title").get_text() == "Join us"
    assert card.select_one("p.card-text").get_text() == "Liquid"
    assert "&lt;div" not in str(article) and "<p>&lt;" not in str(article)
    assert article.select_one("aside.note").get_text() == "From a variable name (Core team)"
    assert [li.get_text() for li in article.select("ul.members li.member")] == [
        "Chie (writer)", "Ben (writer)", "Aiko (lead)"]
    assert "Conditional text stays." in article.get_text()
    assert "Tagged alpha and beta on 03 January 2026." in article.get_text()
    sample = article.select_one("div.sample pre")
    assert sample.get_text() == "first line\n\nsecond line after a blank one"


@pytest.mark.sphinx("html", testroot="liquid")
def test_plugins_become_link_cards_and_placeholders(app):
    app.build()
    article = _article(app)
    card = article.select_one("a.bunko-embed")
    assert card["href"] == "https://gist.github.com/octocat/12345"
    assert "gist の埋め込み" in card.get_text()
    notes = [span.get_text(" ", strip=True) for span in article.select("span.bunko-liquid")]
    assert "{% amazon … %}: この埋め込みは変換できませんでした" in notes
    assert "{% include gone.html %}: この埋め込みは変換できませんでした" in notes
    team = article.select_one("span.bunko-liquid-filter")
    assert team.contents[0] == "aiko" and team.small.get_text() == "| team_link"


@pytest.mark.sphinx("html", testroot="liquid")
def test_no_liquid_is_shown_as_text_outside_code_raw_and_placeholders(app):
    app.build()
    article = _article(app)
    for element in article.select("pre, code, span.bunko-liquid"):
        element.decompose()
    text = article.get_text().replace("Shown: {{ page.title }} and {% include x.html %}", "")
    assert not re.search(r"\{\{|\{%", text), text


@pytest.mark.sphinx("html", testroot="liquid")
def test_liquid_warnings_name_file_line_and_what(app):
    app.build()
    warnings = [w for w in warning_lines(app) if "2026-01-03-liquid.md" in w]
    assert len(warnings) == 4, warnings
    missing, plugins, include, old_page = warnings
    # The include on line 31 renders one raw HTML block, which MyST places a line later.
    assert "2026-01-03-liquid.md:3" in old_page and "https://example.org/blog/join/" in old_page
    assert "2026-01-03-liquid.md:9:" in missing and "1999-01-01-nothing" in missing
    assert "2026-01-03-liquid.md:47:" in plugins
    for name in ("{% gist %}", "{% amazon %}", "| team_link"):
        assert plugins.count(name) == 1, plugins
    assert "2026-01-03-liquid.md:53:" in include and "jekyll/_includes/gone.html" in include
    assert not [w for w in warning_lines(app) if "xref_missing" in w]


@pytest.mark.sphinx("html", testroot="liquid", freshenv=True)
def test_myst_warnings_after_liquid_name_the_writers_line(app):
    # MyST warns when it reads a post: a fresh environment reads every post again.
    app.build()
    (warning,) = [w for w in warning_lines(app) if "2026-01-04-lines.md" in w]
    assert "2026-01-04-lines.md:18:" in warning and "unknown-directive" in warning


def test_an_edited_include_changes_the_pages_using_it_as_a_clean_build_would(tmp_path):
    site = copy_root("liquid", tmp_path)
    assert sphinx_build(site, "-q").returncode == 0
    include = site / "jekyll" / "_includes" / "note.html"
    include.write_text(include.read_text("utf-8").replace("(", "[").replace(")", "]"), "utf-8")
    assert sphinx_build(site, "-q").returncode == 0
    assert sphinx_build(site, "-q", out=tmp_path / "clean").returncode == 0

    def article(out):
        html = (out / "posts" / "2026-01-03-liquid.html").read_text("utf-8")
        return BeautifulSoup(html, "html.parser").find("article")

    incremental = article(site / "_build" / "html")
    assert incremental.select_one("aside.note").get_text() == "From a variable name [Core team]"
    assert str(incremental) == str(article(tmp_path / "clean"))
