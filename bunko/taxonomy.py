"""Tags, categories and authors: each term with its slug and its posts.

Built once per build from every ``Post`` (``catalog.py``), never per page. A taxonomy maps a
term's identity (``Term.key``) to its listing. A term is shown as the oldest post using it
spells it (the first spelling seen, in time), so a new post writing "ＡＩ" never renames the
site's "AI" — nor rewrites every page that shows it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .post import Post
from .slugs import SlugCollision, assign_slugs
from .terms import Term

#: The three taxonomies, in the order pages and the sidebar show them.
KINDS = ("categories", "tags", "authors")


@dataclass(frozen=True, slots=True)
class TermListing:
    """One term's page: its label, the folder it lives in, its posts newest first."""

    kind: str
    key: str
    label: str
    slug: str
    docnames: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.docnames)


@dataclass(frozen=True)
class Taxonomy:
    kind: str
    #: Output folder of its pages (``tags``): index at ``tags/index``, a term at ``tags/ai/``.
    folder: str
    terms: dict[str, TermListing]
    collisions: tuple[SlugCollision, ...] = ()

    def by_count(self) -> list[TermListing]:
        """Most posts first; equal counts by name, so the order is stable."""
        return sorted(self.terms.values(), key=lambda term: (-term.count, sort_key(term.label)))

    def by_name(self) -> list[TermListing]:
        return sorted(self.terms.values(), key=lambda term: sort_key(term.label))

    def pagename(self, key: str) -> str:
        return f"{self.folder}/{self.terms[key].slug}/index"

    @property
    def index_pagename(self) -> str:
        return f"{self.folder}/index"


def terms_of(post: Post, kind: str) -> tuple[Term, ...]:
    return {"categories": post.categories, "tags": post.tags, "authors": post.authors}[kind]


def build_taxonomy(kind: str, folder: str, newest: list[tuple[str, Post]],
                   slug_style: str, taken: frozenset[str] = frozenset()) -> Taxonomy:
    """Group ``newest`` (docname, post pairs, newest first) by the terms of ``kind``;
    ``taken`` are folder names in ``folder`` that documents of the site use."""
    labels: dict[str, str] = {}
    docnames: dict[str, list[str]] = {}
    for docname, post in newest:
        for term in terms_of(post, kind):
            labels[term.key] = term.label  # the last write is the oldest post's spelling
            docnames.setdefault(term.key, []).append(docname)
    slugs, collisions = assign_slugs(labels.items(), slug_style, taken)
    terms = {key: TermListing(kind, key, labels[key], slugs[key], tuple(docnames[key]))
             for key in labels}
    return Taxonomy(kind, folder, terms, tuple(collisions))


def cloud_weights(counts: Iterable[int], levels: int = 5) -> Callable[[int], int]:
    """A function from a post count to a tag-cloud size level 1..``levels`` (log scale, so
    one huge tag does not shrink every other to the smallest size)."""
    counts = list(counts)
    if not counts:
        return lambda count: 1
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return lambda count: (levels + 1) // 2
    return lambda count: 1 + round((levels - 1) * (math.log(count) - low) / (high - low))


#: First hiragana of each gojūon row, by code point, for grouping kana names.
_ROW_STARTS = [(ord(c), c) for c in "ぁかさたなはまやらわ"]


def _hiragana(text: str) -> str:
    """Katakana → hiragana, so アイ and あい sort and group together."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def sort_key(label: str) -> tuple[int, str]:
    """Name order for listings: digits, Latin A–Z, kana (あ–ん, katakana folded), then the
    rest (kanji by code point: their readings need a dictionary)."""
    text = _hiragana(unicodedata.normalize("NFKC", label).casefold())
    return (_script_rank(text[:1]), text)


def _script_rank(char: str) -> int:
    if not char:
        return 4
    if char.isdigit():
        return 0
    if char.isascii() and char.isalpha():
        return 1
    if "ぁ" <= char <= "ゖ":
        return 2
    if unicodedata.category(char).startswith("L"):
        return 3
    return 4


def name_group(label: str, labels: dict[str, str]) -> str:
    """The heading a name is listed under: "0–9", "A" … "Z", "あ" … "わ" (gojūon rows),
    ``labels["kanji_group"]`` for other letters, ``labels["other_group"]`` for the rest."""
    text = _hiragana(unicodedata.normalize("NFKC", label).casefold())
    rank = _script_rank(text[:1])
    if rank == 0:
        return "0–9"
    if rank == 1:
        return text[0].upper()
    if rank == 2:
        code = ord(text[0])
        row = [head for start, head in _ROW_STARTS if start <= code][-1]
        return "あ" if row == "ぁ" else row
    if rank == 3:
        return labels["kanji_group"]
    return labels["other_group"]
