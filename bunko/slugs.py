"""Slugs: the folder name of a tag, category or author page, safe and readable.

A slug is made from the term's identity (NFKC + casefold), so "AI", "ai" and "ＡＩ" share one
page. Letters and digits of every script are kept, dakuten included (データベース stays
データベース; ABlog's ASCII folding gives テータヘース), and symbols that tell terms apart are
spelled out, so "C++", "C#" and "C" get three pages. What is left can never be a path of its
own: no "/", "..", control characters, Windows device names, or empty names. Slugs that still
coincide get deterministic suffixes (by identity order, not by the order posts were read).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Symbols that distinguish real terms (C++ / C# / C, F#, AT&T): spelled out, not dropped.
_SYMBOL_WORDS = {"+": "plus", "#": "sharp", "&": "and", "@": "at"}
_DASHES = re.compile(r"-{2,}")
#: Names Windows refuses as file or folder names, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                       *(f"lpt{i}" for i in range(10))})
#: Longest slug in characters; a Japanese character is 3 bytes and a path part may have 255.
MAX_LENGTH = 60

SLUG_STYLES = ("unicode", "ascii")


def _is_word_character(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LNM"


def _spell(key: str) -> str:
    parts: list[str] = []
    for char in key:
        if _is_word_character(char):
            parts.append(char)
        elif char in _SYMBOL_WORDS:
            parts.append(f"-{_SYMBOL_WORDS[char]}-")
        else:
            parts.append("-")
    return _DASHES.sub("-", "".join(parts)).strip("-")


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def slugify(key: str, style: str = "unicode") -> str:
    """The slug of one term identity (``terms.term_key``), before collisions are resolved.

    ``style="ascii"`` gives ASCII-only paths: a slug with other characters is written in
    Punycode (the encoding of international domain names: reversible and stable), so
    "データベース" becomes "xn--..." rather than losing its letters.
    """
    slug = _spell(unicodedata.normalize("NFKC", key))
    if style == "ascii" and not slug.isascii():
        slug = "xn--" + slug.encode("punycode").decode("ascii")
    if len(slug) > MAX_LENGTH:
        slug = f"{slug[:MAX_LENGTH - 9].rstrip('-')}-{_short_hash(key)}"
    if not slug:
        # Only punctuation ("!!!", "/", ".."): a stable name from the identity itself.
        slug = f"t-{_short_hash(key)}"
    if slug in _RESERVED:
        slug = f"{slug}-"
    return slug


@dataclass(frozen=True, slots=True)
class SlugCollision:
    """Terms whose slugs coincided; all but the first got a numbered slug."""

    slug: str
    labels: tuple[str, ...]
    #: A document of the site has the folder, so even the first term got a numbered slug.
    document: bool = False


def assign_slugs(terms: Iterable[tuple[str, str]], style: str = "unicode",
                 taken: frozenset[str] = frozenset(),
                 ) -> tuple[dict[str, str], list[SlugCollision]]:
    """Slugs for ``(key, label)`` pairs, unique among themselves and never one of ``taken``
    (folders the site's own documents already use).

    Terms are ordered by identity before suffixes are handed out, so the same terms get the
    same slugs whichever post was read first, in serial and parallel builds alike. A suffix
    never takes a slug another term has by its own name ("x-2" stays the term "x 2"'s).
    """
    wanted: dict[str, list[tuple[str, str]]] = {}
    for key, label in sorted(set(terms)):
        wanted.setdefault(slugify(key, style), []).append((key, label))
    slugs: dict[str, str] = {}
    used: set[str] = set(taken)
    collisions: list[SlugCollision] = []
    for slug, claimants in sorted(wanted.items()):
        for key, _label in claimants:
            candidate, number = slug, 1
            while candidate in used or (candidate != slug and candidate in wanted):
                number += 1
                candidate = f"{slug}-{number}"
            slugs[key] = candidate
            used.add(candidate)
        if len(claimants) > 1 or slug in taken:
            collisions.append(SlugCollision(slug, tuple(label for _key, label in claimants),
                                            document=slug in taken))
    return slugs, collisions
