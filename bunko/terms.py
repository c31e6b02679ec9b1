"""Term identity: when two spellings of a tag, category or author are the same term.

Japanese writers type the same word in full width and half width ("ＡＩ", "AI"), in either
case, and macOS hands us file names and pasted text in NFD ("テ" + combining dakuten). A
reader expects one page for all of them, so a term's identity is the form search gives text
(NFKC, case-folded, without variation selectors: ``search/normalize.py``); its display
form is the first spelling seen, composed (NFC) so it renders as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .search.normalize import normalize

_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """One line of display text: NFC, no control characters, whitespace collapsed."""
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value))
    return _WHITESPACE.sub(" ", value).strip()


def term_key(label: str) -> str:
    """The identity of a term: search's one normalisation (NFKC, case folding, no variation
    selectors), whitespace collapsed. The search page's ``&tag=`` is keyed by the same rule
    (``termKey`` in ``static/bunko-splitter.js``), so a filter finds what the tag page lists."""
    return _WHITESPACE.sub(" ", normalize(label)).strip()


@dataclass(frozen=True, slots=True)
class Term:
    """A tag, category or author: ``key`` says which term it is, ``label`` how to show it."""

    key: str
    label: str

    @classmethod
    def from_label(cls, label: str) -> Term | None:
        label = clean_text(label)
        key = term_key(label)
        return _one_of_each(key, label) if key else None

    def __reduce__(self) -> tuple[Callable[[str, str], Term], tuple[str, str]]:
        return _one_of_each, (self.key, self.label)


#: One object for each term this process has made or loaded. Posts share their terms
#: (10,000 posts hold a few hundred), so the saved environment holds each term once, and
#: loading it at every rebuild makes a few hundred objects, not ninety thousand.
_ONE_OF_EACH: dict[tuple[str, str], Term] = {}


def _one_of_each(key: str, label: str) -> Term:
    term = _ONE_OF_EACH.get((key, label))
    if term is None:
        term = _ONE_OF_EACH[key, label] = Term(key, label)
    return term


def unique_terms(labels: list[str]) -> tuple[Term, ...]:
    """Terms in first-seen order, one per identity (the first spelling wins)."""
    seen: dict[str, Term] = {}
    for label in labels:
        term = Term.from_label(label)
        if term is not None and term.key not in seen:
            seen[term.key] = term
    return tuple(seen.values())
