"""Splitting normalised text into search units and index keys, the same way on both sides.

Two kinds of unit come out of a text:

* a **word**: letters and digits of scripts written with spaces, joined by ``-``, ``.``,
  ``+`` or ``_`` (``trainium2``, ``h100``, ``gpt-4o``, ``node.js``), kept whole;
* a **CJK run**: consecutive kanji, hiragana and katakana (``大規模言語モデル``, ``𠮷野家``), which
  has no spaces to cut at.

The index keys of a text are its words, the parts of joined words (``gpt`` and ``4o`` of
``gpt-4o``), and the character bigrams of its CJK runs (a one-character run is its own key).
Every substring of two or more characters of a run is then findable by requiring all of its
bigrams, without a dictionary in the browser. The character classes are ``scripts.py``'s;
``static/bunko-splitter.js`` implements the same functions over the same classes, and
``tests/test_search_parity.py`` holds both to the same tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .normalize import normalize
from .scripts import CJK_CLASS, JOINER, WORD_CHARACTER

_UNIT = re.compile(rf"(?P<cjk>[{CJK_CLASS}]+)"
                   rf"|(?P<word>{WORD_CHARACTER}+(?:{JOINER}{WORD_CHARACTER}+)*)")
_JOINER = re.compile(JOINER)


@dataclass(frozen=True, slots=True)
class Unit:
    """One searchable piece of a text: a word or a CJK run, normalised."""

    text: str
    cjk: bool


def units(text: str) -> list[Unit]:
    """The words and CJK runs of ``text``, in order, normalised."""
    return [Unit(match.group(), match.lastgroup == "cjk")
            for match in _UNIT.finditer(normalize(text))]


def query_units(query: str) -> list[Unit]:
    """A query's units, each once, in the order typed: every one of them must match."""
    seen: dict[str, Unit] = {}
    for unit in units(query):
        seen.setdefault(unit.text, unit)
    return list(seen.values())


def bigrams(run: str) -> list[str]:
    """The two-character keys of a CJK run; a one-character run is its own key."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def word_keys(word: str) -> list[str]:
    """A word and, when it is joined (``gpt-4o``), its parts."""
    parts = _JOINER.split(word)
    return [word, *parts] if len(parts) > 1 else [word]


def key_set(text: str) -> tuple[set[str], list[str]]:
    """The distinct index keys of ``text`` and its CJK runs: ``split`` without order or
    repeats, for indexing a whole post at once (three times faster than ``split``)."""
    counts, runs = key_counts(text)
    return set(counts), runs


def key_counts(text: str) -> tuple[Counter[str], list[str]]:
    """How often ``text`` has each of its index keys, and its CJK runs: one pass gives a
    post body's keys for the index and how much it says each (related posts weigh a post's
    keys by it, ``related.content_signature``)."""
    keys: list[str] = []
    runs: list[str] = []
    for run, word in _UNIT.findall(normalize(text)):
        if run:
            runs.append(run)
            if len(run) < 2:
                keys.append(run)
            else:
                keys += [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            keys.append(word)
            if _JOINER.search(word):
                keys += _JOINER.split(word)
    return Counter(keys), runs


def key_sequence(text: str) -> list[str]:
    """The keys of ``text`` as they follow one another: a CJK run's bigrams, a word's parts
    (``well-known`` is ``well``, ``known``, as typed apart). Neighbours here are what
    ranking's proximity compares, in the query as in the post."""
    keys: list[str] = []
    for run, word in _UNIT.findall(normalize(text)):
        if run:
            keys += [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            keys += _JOINER.split(word) if _JOINER.search(word) else [word]
    return keys


def split(text: str) -> list[str]:
    """The index keys of ``text`` in order, repeats kept (Sphinx's ``SearchLanguage.split``)."""
    keys: list[str] = []
    for unit in units(text):
        keys.extend(bigrams(unit.text) if unit.cjk else word_keys(unit.text))
    return keys
