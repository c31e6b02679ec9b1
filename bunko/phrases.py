"""Japanese titles broken only between phrases, never inside a word.

A browser may break Japanese between any two characters, so a title wraps as 「ス／クリプト」.
BudouX (Google's phrase model, no dictionary) names the phrase boundaries; the title is written
with ``<wbr>`` there and ``word-break: keep-all`` (class ``bunko-phrases`` in bunko.css), so
lines break only at a ``<wbr>`` or a space, and ``overflow-wrap: anywhere`` still breaks a
phrase wider than the line. No character is added: the text searched and copied is the title.

Titles of Japanese sites only (English titles are written as they are): post titles in lists
(``PageViews.post``'s ``title_html``) and the headings of posts (``break_headings`` at
``doctree-resolved``). A doctree pass rather than an HTML translator: Sphinx allows one
translator class per builder, which another extension may want, and bunko's other page work
is done on the resolved doctree already. The phrases of a text are computed once per process
(``phrase_breaks`` is memoised), only for titles on pages being written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx

from .build_state import build_of
from .labels import base_language
from .search.splitter import CJK_CLASS

#: The class that gives an element phrase-only line breaks (bunko.css).
CLASS = "bunko-phrases"
_JAPANESE = re.compile(f"[{CJK_CLASS}]")
_WBR = "<wbr>"
_ZWJ = "\u200d"


def wants_phrases(language: str | None) -> bool:
    return base_language(language) == "ja"


@cache
def _parser():  # -> budoux.Parser, loaded on first use: English sites never pay for it
    import budoux

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=50_000)
def phrase_breaks(text: str) -> tuple[int, ...]:
    """Offsets in ``text`` between two phrases, where a line may break; none for text without
    kana or kanji, none between two ASCII characters (Latin text keeps its own breaks at
    spaces: a boundary in ``alert(1)`` or ``VimConf2018`` would let the word break) and none
    inside a character a reader sees as one (a mark, a variation selector, a ZWJ emoji)."""
    if not _JAPANESE.search(text):
        return ()
    breaks = []
    position = 0
    for phrase in _parser().parse(text)[:-1]:
        position += len(phrase)
        before, after = text[position - 1], text[position]
        if not (_joined(before, after) or before.isascii() and after.isascii()):
            breaks.append(position)
    return tuple(breaks)


def _joined(before: str, after: str) -> bool:
    return (before == _ZWJ or after == _ZWJ
            or unicodedata.category(after) in ("Mn", "Mc", "Me", "Sk")
            or "\ufe00" <= after <= "\ufe0f")


def phrase_html(text: str) -> Markup:
    """``text`` escaped, its phrases joined by ``<wbr>`` in a ``bunko-phrases`` span when it
    has more than one."""
    breaks = phrase_breaks(text)
    if not breaks:
        return escape(text)
    pieces = [text[start:end]
              for start, end in zip((0, *breaks), (*breaks, len(text)), strict=True)]
    return (Markup(f'<span class="{CLASS}">') + Markup(_WBR).join(map(escape, pieces))
            + Markup("</span>"))


def break_headings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a ``<wbr>`` between the phrases of each heading of a post page.

    Connected after the page's search text is taken, so no ``<wbr>`` reaches the index; the
    table of contents and ``<title>`` come from the read doctree and stay plain text."""
    build = build_of(app)
    if (app.builder.format != "html" or build.rendering_feed or build.catalog is None
            or docname not in build.catalog.posts or not wants_phrases(app.config.language)):
        return
    for title in doctree.findall(nodes.title):
        if isinstance(title.parent, nodes.section):
            _break_title(title)


def _break_title(title: nodes.title) -> None:
    """Phrases are found in the whole heading's text (inline markup joins up, code is left
    as it is), then each text node is cut where a boundary falls in it."""
    texts = [text for text in title.findall(nodes.Text)
             if not any(isinstance(parent, (nodes.literal, nodes.raw))
                        for parent in _ancestors(text, title))]
    breaks = phrase_breaks("".join(texts))
    if not breaks:
        return
    title["classes"].append(CLASS)
    start = 0
    for text in texts:
        end = start + len(text)
        cuts = [offset - start for offset in breaks if start <= offset < end and offset > 0]
        if cuts:
            pieces: list[nodes.Node] = []
            previous = 0
            for cut in cuts:
                if cut > previous:
                    pieces.append(nodes.Text(text[previous:cut]))
                pieces.append(nodes.raw("", _WBR, format="html"))
                previous = cut
            pieces.append(nodes.Text(text[previous:]))
            text.parent.replace(text, pieces)
        start = end


def _ancestors(node: nodes.Node, stop: nodes.Node):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent
