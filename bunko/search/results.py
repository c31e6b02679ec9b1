"""Search results for the terminal: the same hits as the browser, with a line of context.

Ranking is ``ranking.search``; this module only chooses what to show, as the search page
does: the summary when the query matches there, else a snippet of the post's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .index import read_text
from .normalize import normalize
from .ranking import BODY, EXCERPT, MIN_SUBSTRING_WORD, Filters, SearchIndex, search, segments
from .scripts import CJK_CLASS, WORD_CHARACTER
from .splitter import query_units

_CJK = re.compile(f"[{CJK_CLASS}]")


@dataclass(frozen=True)
class Result:
    rank: int
    score: int
    title: str
    date_text: str
    uri: str
    tags: list[str]
    context: str


def highlight_terms(index: SearchIndex, query: str) -> list[str]:
    """Each unit, and the words a CJK run was cut into: what the browser marks."""
    terms: list[str] = []
    for unit in query_units(query):
        found = [unit.text]
        if unit.cjk:
            found += [part for part in segments(unit.text, index.vocabulary) if len(part) > 1]
        terms.extend(term for term in found if term not in terms)
    return terms


def _pattern(term: str) -> str:
    """A term as a pattern; a word too short to be found inside longer words only alone, as
    the splitter cut it: not inside a longer word, but beside kana or kanji (AIチップ)."""
    if len(term) < MIN_SUBSTRING_WORD and not _CJK.search(term):
        return rf"(?<!{WORD_CHARACTER}){re.escape(term)}(?!{WORD_CHARACTER})"
    return re.escape(term)


def mark(text: str, terms: list[str], before: str, after: str) -> str:
    """``text`` with every occurrence of a term (compared normalised) wrapped."""
    if not terms:
        return text
    folded = [normalize(ch) for ch in text]
    ranges = []
    flat = "".join(folded)
    origin = [i for i, part in enumerate(folded) for _ in part] + [len(text)]
    for term in terms:
        for match in re.finditer(_pattern(term), flat):
            ranges.append((origin[match.start()], origin[match.end()] if match.end() < len(origin)
                           else len(text)))
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [text[at:start], before, text[start:end], after]
        at = end
    return "".join(out) + text[at:]


def snippet(text: str, terms: list[str]) -> str:
    """About 160 characters around the first match, on one line."""
    flat = [normalize(ch) for ch in text]
    joined = "".join(flat)
    origin = [i for i, part in enumerate(flat) for _ in part]
    starts = [match.start() for term in terms if term
              for match in [re.search(_pattern(term), joined)] if match]
    if not starts:
        return ""
    first = origin[min(starts)]
    start = max(0, first - 60)
    end = min(len(text), start + 160)
    return (("…" if start else "") + " ".join(text[start:end].split())
            + ("…" if end < len(text) else ""))


def results(html_dir: Path, index: SearchIndex, query: str, filters: Filters,
            limit: int) -> list[Result]:
    terms = highlight_terms(index, query)
    shown = []
    for rank, hit in enumerate(search(index, query, filters)[:limit], start=1):
        doc = index.docs[hit.doc]
        context = doc["summary"]
        if hit.fields & BODY and not hit.fields & EXCERPT:
            context = snippet(read_text(html_dir, doc), terms) or context
        shown.append(Result(rank, hit.score, doc["title"], doc["date_text"], doc["uri"],
                            [label for _, label in (*doc["cats"], *doc["tags"])],
                            context))
    return shown
