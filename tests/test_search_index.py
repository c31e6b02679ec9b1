"""What bunko's index holds and how it ranks, on a real build of tests/roots/test-search:
title > tags and categories > excerpt > body, whole words above substrings, newer posts on
ties, drafts nowhere, filters by tag, category and year."""

from __future__ import annotations

from pathlib import Path

import pytest

from bunko.search.index import FOLDER, read_index
from bunko.search.ranking import Filters, search
from bunko.search.scripts import browser_script
from bunko.terms import term_key
from conftest import page

pytestmark = pytest.mark.sphinx("html", testroot="search")


def ranked(app, query: str, filters: Filters | None = None) -> list[str]:
    index = read_index(Path(app.outdir))
    hits = search(index, query, filters or Filters())
    return [Path(index.docs[hit.doc]["uri"]).stem for hit in hits]


def test_title_beats_tags_beats_excerpt_beats_body(built):
    assert ranked(built, "量子計算") == [
        "2026-01-01-title", "2026-01-02-tag", "2026-01-03-excerpt", "2026-01-04-body"]


def test_newer_post_wins_a_tie(built):
    assert ranked(built, "ハイパーバイザ") == ["2025-06-01-newer-tie", "2025-05-01-older-tie"]


def test_whole_word_beats_substring(built):
    assert ranked(built, "kube") == ["2024-01-01-whole-word", "2025-01-01-substring"]


def test_latin_words_are_found_as_typed(built):
    for query in ("gpt-4o", "h100", "H100", "ＡＷＳ", "deploying", "Deploy", "offline"):
        assert ranked(built, query) == ["2025-03-01-english"], query


def test_unspaced_compound_finds_words_apart(built):
    # 計算機 and 歴史 are both in the title post's body, not next to each other.
    assert ranked(built, "歴史計算機") == ["2026-01-01-title"]


def test_drafts_are_in_no_index(built):
    assert ranked(built, "あいことば") == []
    index = read_index(Path(built.outdir))
    assert all("draft" not in doc["uri"] for doc in index.docs)
    assert not any("あいことば" in key for key in index.keys)
    assert "あいことば" not in (Path(built.outdir) / "searchindex.js").read_text("utf-8")
    texts = list((Path(built.outdir) / FOLDER / "text").iterdir())
    assert len(texts) == len(index.docs) == 10, "9 posts and the home page"
    assert all("あいことば" not in path.read_text("utf-8") for path in texts)


def test_filters_by_tag_category_and_year(built):
    assert ranked(built, "", Filters(tag="量子計算")) == ["2026-01-02-tag"]
    assert ranked(built, "計算機", Filters(tag="物理")) == ["2026-01-02-tag", "2026-01-01-title"]
    assert ranked(built, "", Filters(category="operations")) == ["2025-03-01-english"]
    assert ranked(built, "ハイパーバイザ", Filters(year="2025")) == [
        "2025-06-01-newer-tie", "2025-05-01-older-tie"]
    assert ranked(built, "量子計算", Filters(year="2025")) == []
    assert ranked(built, "") == []


def test_index_shows_what_results_need(built):
    index = read_index(Path(built.outdir))
    english = next(doc for doc in index.docs if "english" in doc["uri"])
    assert english["title"] == "Deploying Services Offline"
    assert english["date_text"] == "2025年3月1日(土)"
    assert english["tags"] == [["deployment", "Deployment"], ["aws", "ＡＷＳ"]]
    assert english["cats"] == [["operations", "Operations"]]
    assert english["summary"].startswith("DEPLOYING a service")


def test_pages_come_first_and_posts_oldest_first(built):
    """A new post takes the next number and no other document moves."""
    index = read_index(Path(built.outdir))
    assert index.docs[0]["uri"] == "index.html"
    assert index.docs[0]["title"] == "Search"
    dates = [doc["date"] for doc in index.docs[1:]]
    assert dates == sorted(dates)
    assert ranked(built, "search") == ["index"]


@pytest.mark.sphinx("html", testroot="search-scripts")
def test_kanji_of_names_are_found_as_typed(built):
    """Astral kanji (𠮷) and variation selectors (葛 + VS17) are in the CJK runs: 𠮷野家 is
    not 吉野家, and 葛城 finds 葛󠄀城."""
    assert ranked(built, "𠮷野家") == ["2026-03-03-katsuragi"]
    assert ranked(built, "吉野家") == ["2025-12-01-yoshinoya"]
    assert ranked(built, "葛城") == ranked(built, "葛\U000E0100城") == [
        "2026-03-03-katsuragi", "2025-12-01-yoshinoya"]
    assert ranked(built, "髙﨑") == ["2026-03-03-katsuragi"]
    keys = read_index(Path(built.outdir)).keys
    assert {"𠮷野", "野家", "葛城"} <= set(keys)
    assert not [key for key in keys if "\U000E0100" in key]


@pytest.mark.sphinx("html", testroot="search-scripts")
def test_case_folding_is_full(built):
    """ß is ss and final ς is σ, in the query, the text and the filters alike."""
    assert ranked(built, "STRASSENBAHN") == ranked(built, "straßenbahn") == [
        "2026-03-01-strasse"]
    assert ranked(built, "οδος") == ranked(built, "ΟΔΟΣ") == ["2026-03-02-odos"]
    assert ranked(built, "", Filters(tag=term_key("Straße"))) == ["2026-03-01-strasse"]
    assert ranked(built, "", Filters(tag=term_key("οδος"))) == ["2026-03-02-odos"]


@pytest.mark.sphinx("html", testroot="search-scripts")
def test_the_build_writes_the_character_classes_for_the_page(built):
    """The search page loads the classes this Python defines, before the splitter reads them."""
    outdir = Path(built.outdir)
    assert (outdir / "_static" / "bunko-scripts.js").read_text("utf-8") == browser_script()
    # The page's loader (on every page) loads the search's scripts in the order it lists them.
    scripts = [script.get("src", "") for script in page(built, "search").find_all("script")]
    assert any(src.startswith("_static/bunko-search-loader.js") for src in scripts)
    loader = (outdir / "_static" / "bunko-search-loader.js").read_text("utf-8")
    assert loader.index('"bunko-scripts.js"') < loader.index('"bunko-splitter.js"')
    # Sphinx's own search (language_data.js) splits Japanese with the same classes.
    assert browser_script() in (outdir / "_static" / "language_data.js").read_text("utf-8")
