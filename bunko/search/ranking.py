"""The ranking spec, in Python: what a query finds and in which order.

``static/bunko-search.js`` implements the same steps for the browser and must stay in step
with this file; ``tests/test_search_browser.py`` checks that both give the same posts in the
same order for the whole query table. All arithmetic is on small integers, so both languages
compute the same scores.

A query is cut into units (``splitter.query_units``); a post is found when every unit matches
it in some field, and each unit adds the weight of the best field it matches in:

====================  ========  ============  =========
field                 bit       substring     whole word
====================  ========  ============  =========
title                 8         16            17
tags and categories   4         8             9
excerpt (summary)     2         4             5
body                  1         2             3
====================  ========  ============  =========

A word matches whole when the post has it as a word, and as a substring when a longer word of
the post contains it (three letters or more: ``kube`` finds ``kubernetes``). A CJK run is cut
into the index's dictionary words (``segments``); it matches as a substring when the post has
every bigram inside those segments, and whole when the post has every segment as a word (in
its title, tags or excerpt: bodies are not tokenized by dictionary, see ``words.py``).
Equal scores go to the newer post: documents are numbered newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .splitter import Unit, query_units
from .words import MAX_WORD_LENGTH, WORD_PREFIX

TITLE, TAXONOMY, EXCERPT, BODY = 8, 4, 2, 1
FIELD_WEIGHTS = {TITLE: 16, TAXONOMY: 8, EXCERPT: 4, BODY: 2}
#: Shortest word whose substrings are looked for: ``ai`` inside every ``said`` is noise.
MIN_SUBSTRING_WORD = 3

#: Document number → field bits, for one key or one unit.
Postings = dict[int, int]
#: The 64 letters postings are written in; none needs escaping in JSON.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_DIGIT_VALUES = {letter: value for value, letter in enumerate(DIGITS)}


def append_posting(letters: list[str], gap: int, bits: int) -> None:
    """Write one document of a key's postings: its distance from the key's previous document
    and its field bits, as ``SearchIndex.keys`` holds them."""
    value = gap << 4 | bits
    while value >= 32:
        letters.append(DIGITS[32 + (value & 31)])
        value >>= 5
    letters.append(DIGITS[value])


@dataclass
class SearchIndex:
    """The index as both readers see it (``index.py`` writes it)."""

    #: Per document: uri, title, date ISO text, date text, year, tags and categories as
    #: ``[key, label]`` pairs, summary. Newest first.
    docs: list[dict]
    #: Key → postings: for each document ``(doc - previous doc) * 16 + field bits`` written in
    #: ``DIGITS`` five bits a letter, low bits first, the last letter of a number from the
    #: first half of ``DIGITS``: a post next to the previous one costs one byte.
    keys: dict[str, str]
    _vocabulary: set[str] | None = field(default=None, repr=False)

    def postings(self, key: str) -> Postings:
        found: Postings = {}
        doc = value = shift = 0
        for letter in self.keys.get(key, ""):
            digit = _DIGIT_VALUES[letter]
            if digit >= 32:
                value |= (digit - 32) << shift
                shift += 5
                continue
            value |= digit << shift
            doc += value >> 4
            found[doc] = value & 15
            value = shift = 0
        return found

    @property
    def vocabulary(self) -> set[str]:
        """The dictionary words of the index, without their prefix."""
        if self._vocabulary is None:
            self._vocabulary = {key[1:] for key in self.keys if key.startswith(WORD_PREFIX)}
        return self._vocabulary


@dataclass(frozen=True)
class Filters:
    """The search page's ``tag``, ``category`` and ``year`` parameters (normalised keys)."""

    tag: str = ""
    category: str = ""
    year: str = ""

    def admit(self, doc: dict) -> bool:
        return ((not self.tag or any(key == self.tag for key, _ in doc["tags"]))
                and (not self.category or any(key == self.category for key, _ in doc["cats"]))
                and (not self.year or (doc["year"] is not None and str(doc["year"]) == self.year)))


@dataclass(frozen=True)
class Hit:
    doc: int
    score: int
    #: Field bits the query matched in, for choosing between excerpt and snippet.
    fields: int


def segments(run: str, vocabulary: set[str]) -> list[str]:
    """Cut a CJK run into the index's words, longest first from the left; letters that
    start no word stay together as one segment (``推論処理`` → ``推論``, ``処理``)."""
    found: list[str] = []
    pending = ""
    i = 0
    while i < len(run):
        end = next((j for j in range(min(len(run), i + MAX_WORD_LENGTH), i + 1, -1)
                    if run[i:j] in vocabulary), 0)
        if end:
            if pending:
                found.append(pending)
                pending = ""
            found.append(run[i:end])
            i = end
        else:
            pending += run[i]
            i += 1
    if pending:
        found.append(pending)
    return found


def required_bigrams(parts: list[str]) -> list[str]:
    """Bigrams a post must hold for a run cut into ``parts``: those inside each part, and
    those joining a one-letter part to its neighbour. A bigram across two words is not
    required, so ``推論処理`` finds a post that says 推論 and 処理 apart."""
    run = "".join(parts)
    cuts: set[int] = set()
    position = 0
    for before, after in zip(parts, parts[1:], strict=False):
        position += len(before)
        if len(before) > 1 and len(after) > 1:
            cuts.add(position)
    wanted: list[str] = []
    for i in range(len(run) - 1):
        if i + 1 not in cuts and run[i:i + 2] not in wanted:
            wanted.append(run[i:i + 2])
    return wanted


def _intersect(postings_list: list[Postings]) -> Postings:
    """Documents in every postings, with the fields they share."""
    if not postings_list:
        return {}
    first, *rest = sorted(postings_list, key=len)
    found: Postings = {}
    for doc, bits in first.items():
        for other in rest:
            bits &= other.get(doc, 0)
        if bits:
            found[doc] = bits
    return found


def _union(target: Postings, more: Postings) -> None:
    for doc, bits in more.items():
        target[doc] = target.get(doc, 0) | bits


def unit_matches(index: SearchIndex, unit: Unit) -> tuple[Postings, Postings]:
    """Where ``unit`` matches at all, and where as a whole word: document → field bits."""
    text = unit.text
    if not unit.cjk:
        whole = index.postings(text)
        anywhere = dict(whole)
        if len(text) >= MIN_SUBSTRING_WORD:
            for key in index.keys:
                if text in key and key != text and not key.startswith(WORD_PREFIX):
                    _union(anywhere, index.postings(key))
        return anywhere, whole
    if len(text) == 1:
        anywhere: Postings = {}
        for key in index.keys:
            if text in key and not key.startswith(WORD_PREFIX):
                _union(anywhere, index.postings(key))
        return anywhere, {}
    parts = segments(text, index.vocabulary)
    anywhere = _intersect([index.postings(gram) for gram in required_bigrams(parts)])
    words = [part for part in parts if len(part) > 1]
    whole: Postings = {}
    if words and all(word in index.vocabulary for word in words):
        whole = _intersect([index.postings(WORD_PREFIX + word) for word in words])
    _union(anywhere, whole)
    return anywhere, whole


def unit_score(anywhere: int, whole: int) -> int:
    """The weight of the best field, one more when the unit is a whole word there."""
    best = 1 << (anywhere.bit_length() - 1)
    return FIELD_WEIGHTS[best] + (1 if whole & best else 0)


def search(index: SearchIndex, query: str, filters: Filters = Filters()) -> list[Hit]:
    """Posts matching every unit of ``query`` (and the filters), best first.

    A query of filters alone lists every post they admit, newest first.
    """
    units = query_units(query)
    if not units:
        if filters == Filters():
            return []
        return [Hit(doc, 0, 0) for doc, entry in enumerate(index.docs) if filters.admit(entry)]
    scores: dict[int, int] | None = None
    fields: dict[int, int] = {}
    for unit in units:
        anywhere, whole = unit_matches(index, unit)
        next_scores: dict[int, int] = {}
        for doc, bits in anywhere.items():
            if scores is not None and doc not in scores:
                continue
            next_scores[doc] = (scores or {}).get(doc, 0) + unit_score(bits, whole.get(doc, 0))
            fields[doc] = fields.get(doc, 0) | bits
        scores = next_scores
    hits = [Hit(doc, score, fields[doc]) for doc, score in (scores or {}).items()
            if filters.admit(index.docs[doc])]
    return sorted(hits, key=lambda hit: (-hit.score, hit.doc))
