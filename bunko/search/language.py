"""Sphinx's own search index for Japanese sites, split by bunko's splitter.

Sphinx's ``ja`` language runs the pure-Python TinySegmenter over every text node: 30.8 s of a
53.7 s build of 200 posts, and it still drops ``trainium2`` and cuts ``大規模`` into
fragments. Registered for ``ja`` in its place, this class gives ``searchindex.js`` the keys of
``splitter.split`` (a regular expression and bigrams, no dictionary) and gives the browser the
same splitter in ``language_data.js`` (with the character classes of ``scripts.py``), so
Sphinx's own search page agrees with the index even where bunko's search page is not used.
Posts are in bunko's own index (``index.py``) and left out of this one
(``collect.read_search_text``); it holds the other pages.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.search import SearchLanguage

from . import splitter
from .scripts import browser_script

_SPLITTER_JS = Path(__file__).parents[1] / "static" / "bunko-splitter.js"


class SearchJapanese(SearchLanguage):
    lang = "ja"
    language_name = "Japanese"

    @property
    def js_splitter_code(self) -> str:  # type: ignore[override]
        """Asked for once, when Sphinx writes ``language_data.js``."""
        return (browser_script() + _SPLITTER_JS.read_text("utf-8")
                + "\nfunction splitQuery(query) { return BunkoSplitter.split(query); }\n")

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's parameter name
        return splitter.split(input)

    def word_filter(self, word: str) -> bool:
        # Numbers are words people search for (years, versions); Sphinx drops them.
        return bool(word)
