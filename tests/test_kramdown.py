"""kramdown's syntax, as Jekyll renders it, on a real build of tests/roots/test-kramdown (each
construct in one post), and over every post of the 18F and vim-jp corpora: no ``{:`` is ever
shown as text, and no line moves."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from bunko.jekyll_site import read_jekyll_site
from bunko.kramdown import apply_kramdown, convert_kramdown
from bunko.liquid.environment import JekyllLiquid
from bunko.post import read_post
from conftest import copy_root, shared_corpus, sphinx_build

POST = "posts/2026-03-01-kramdown"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The post's article element, and the build's warnings."""
    source = copy_root("kramdown", tmp_path_factory.mktemp("kramdown"))
    result = sphinx_build(source)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (source / "_build" / "html" / f"{POST}.html").read_text("utf-8")
    return result.stderr, BeautifulSoup(html, "html.parser").select_one("article")


def test_attribute_lists_give_images_classes_ids_and_width(article):
    _warnings, html = article
    chart = html.find("img", alt="A chart")
    assert chart["width"] == "70" and "chart" in chart["class"]


def test_an_attribute_list_under_a_block_belongs_to_it(article):
    _warnings, html = article
    photo = html.find("img", alt="Team photo").parent
    assert photo.name == "p" and photo["class"] == ["float-left", "padding-right-2"]
    following = photo.find_next_sibling("p")
    assert following.get_text() == "A paragraph right under the picture, apart from it."
    second = next(h2 for h2 in html.find_all("h2") if "Second heading" in h2.get_text()).parent
    assert second.name == "section" and second["id"] == "second-id" and "wide" in second["class"]


def test_an_attribute_list_above_a_block_belongs_to_it(article):
    _warnings, html = article
    lead = html.find("p", id="intro")
    assert lead["class"] == ["lead"]
    assert lead.find("span", class_="highlight").find("em").get_text() == "emphasis"
    assert lead.find("code")["lang"] == "ruby"


def test_definitions_and_heading_ids(article):
    _warnings, html = article
    named = html.find("p", class_="note-box")
    assert named["id"] == "from-definition"
    assert named.get_text() == "A paragraph named by a definition."
    assert html.find(id="pictures-id").get_text() == "Pictures"


def test_toc_list_is_dropped(article):
    _warnings, html = article
    assert "Table of contents" not in html.get_text()


def test_no_attribute_list_is_shown_outside_code(article):
    _warnings, shared = article
    html = BeautifulSoup(str(shared), "html.parser")
    for code in html.find_all(["pre", "code"]):
        code.extract()
    text = html.get_text()
    assert "{:" not in text and "{#" not in text and "{." not in text
    assert "plain." in text  # an attribute list after plain text is dropped, the text kept


def test_attribute_lists_in_code_stay_as_written(article):
    _warnings, html = article
    assert "{: .kept}" in html.find("pre").get_text()
    assert "HTML {: .x}" in [code.get_text() for code in html.find_all("code")]


def test_markdown_inside_html_blocks_is_rendered(article):
    _warnings, html = article
    callout = html.find("div", class_="callout")
    assert callout.find("strong").get_text() == "Markdown"
    assert callout.find("em").get_text() == "div"
    assert callout.find("a")["href"] == "https://example.org/"
    assert "markdown" not in callout.attrs


def test_footnotes_render_as_footnotes(article):
    _warnings, html = article
    references = html.select("a.footnote-reference")
    assert len(references) == 2
    notes = html.select("aside.footnote")
    assert [note.find("p").get_text() for note in notes] == [
        "A plain footnote.", "A footnote on several lines,\ncontinued here."]
    assert notes[1].find_all("p")[1].get_text() == "And a second paragraph of it."


def test_abbreviations_are_marked_in_the_text_not_in_code(article):
    warnings, html = article
    abbreviations = {(abbr.get_text(), abbr["title"]) for abbr in html.find_all("abbr")}
    assert abbreviations == {("HTML", "Hyper Text Markup Language"),
                             ("W3C", "World Wide Web Consortium")}
    assert len(html.find_all("abbr", string="HTML")) == 1, "HTMLX is another word"
    assert not html.find("code").find("abbr")
    assert "Hyper Text" not in html.get_text()  # the definition line is gone
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings


# --- the corpora: every post through Liquid and this pass, read by MyST ------------------

_SETTINGS = {"report_level": 5, "halt_level": 5, "warning_stream": False,
             "file_insertion_enabled": False, "raw_enabled": True,
             "myst_enable_extensions": ["attrs_block", "attrs_inline"]}
_CODE = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)
_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def _converted_posts(corpus: str):
    root = shared_corpus("corpora", corpus, "_posts")
    engine = JekyllLiquid(read_jekyll_site(root.parent.parent, corpus),
                          find_post=lambda name: None, language="en", zone=timezone.utc,
                          posts_prefix="posts/", jekyll_dir=corpus)
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".markdown"):
            continue
        text = path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n")
        read = read_post(f"posts/{path.name}", text, zone=timezone.utc, file_time=_EPOCH)
        liquid = engine.render_post(read.body, read.post, first_line=read.body_line).text
        yield path, liquid, convert_kramdown(liquid)


@pytest.mark.parametrize("corpus", ["18f", "vim-jp"])
def test_no_corpus_post_shows_an_attribute_list(corpus):
    counts: Counter[str] = Counter()
    shown: list[str] = []
    for path, liquid, result in _converted_posts(corpus):
        assert result.text.count("\n") == liquid.count("\n"), f"{path.name}: lines moved"
        counts.update(result.counts)
        doctree = publish_doctree(result.text, parser=Parser(), settings_overrides=_SETTINGS)
        apply_kramdown(None, doctree)
        for text in doctree.findall(nodes.Text):
            if "{:" in text and not any(isinstance(parent, _CODE)
                                        for parent in _ancestors(text)):
                shown.append(f"{path.name}: {text.astext()[:80]!r}")
        assert "bunko:kramdown" not in str(doctree), path.name
    assert not shown, shown
    if corpus == "18f":  # what 18F writes (see its corpus README): found and converted
        assert counts["attribute list after a block"] == 7
        assert counts["markdown attribute"] == 35
        assert counts["footnote"] == 8


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


# --- any mix of kramdown's pieces: no exception, no line moved, no marker left ------------

_PIECES = ["{: .a}", "{: #b .c key=\"v\"}", "{:toc}", "{:name: .n}", "{: name}", "*[AB]: x",
           "[^1]", "[^1]: note", "    more", "<div markdown=\"1\">", "</div>", "```", "~~~",
           "> ", "* item", "## Head {#h}", "![i](x.png){: width=\"1\"}", "*e*{: .x}", "`c`",
           "{::comment}", "{:/comment}", "{::options a=\"1\" /}", "^", "AB", "text", "", "-->",
           "<!--", "{:", "}", "\\", "\t", "<span markdown=span>", "===", "| a | b |",
           "|---|---|", "    {: .i}", "1. one", "<p markdown=\"1\">x</p>"]


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=4).map(" ".join), max_size=12))
def test_any_mix_of_kramdown_keeps_lines_and_leaves_no_marker(lines):
    body = "\n".join(lines)
    converted = convert_kramdown(body).text
    assert converted.count("\n") == body.count("\n")
    doctree = publish_doctree(converted, parser=Parser(), settings_overrides=_SETTINGS)
    apply_kramdown(None, doctree)
    assert "bunko:kramdown" not in str(doctree)
