"""How bunko ranks, on a real build of tests/roots/test-search-ranking: the post that says a
phrase outranks posts with its words scattered, a title naming the query still leads, and
every word of the query must match, one-character words included."""

from __future__ import annotations

from pathlib import Path

import pytest

from bunko.search.index import read_index
from bunko.search.ranking import SearchIndex, search
from conftest import built_html, copy_root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SearchIndex:
    """The root's index, built once for the module."""
    return read_index(built_html(copy_root("search-ranking", tmp_path_factory.mktemp("r"))))


def ranked(index: SearchIndex, query: str) -> list[str]:
    return [Path(index.docs[hit.doc]["uri"]).stem for hit in search(index, query)]


def test_exact_phrase_outranks_scattered_words(built):
    # The scattered post is newer and says each word more often.
    assert ranked(built, "保存した設定ファイル") == ["2024-01-01-phrase", "2025-01-01-scattered"]
    assert ranked(built, "static archive") == ["2024-01-01-phrase", "2025-01-01-scattered"]


def test_one_character_words_must_match(built):
    # The release post has リリース in its title, but no 後 anywhere.
    assert ranked(built, "リリース後") == ["2023-01-01-after-release"]
    assert ranked(built, "リリース 後") == ["2023-01-01-after-release"]
    assert ranked(built, "リリース") == ["2025-02-01-release", "2023-01-01-after-release"]


def test_title_still_leads(built):
    # The newer post says the phrase three times in its body; the older one's title is it.
    assert ranked(built, "設定ファイルの書き方") == [
        "2022-01-01-title", "2025-03-01-body-title-words"]
