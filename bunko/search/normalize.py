"""The one normalisation of searchable text, at index time and at query time, and of terms.

NFKC makes full-width ``ＡＷＳ`` and half-width ``ｶﾀｶﾅ`` the characters people type; full case
folding (``str.casefold``) makes ``AWS`` and ``aws``, ``Straße`` and ``STRASSE``, ``ΟΔΟΣ`` and
``οδος`` one word; dropping variation selectors makes ``葛󠄀城`` (葛 with VS17) the ``葛城``
people type. NFKC runs again after folding because folding can leave a string that is not
NFKC (``ǰ`` folds to a decomposed pair); the result is a fixed point.

The JavaScript twin is ``normalize`` in ``static/bunko-splitter.js``, folding with the table
``scripts.py`` writes from ``str.casefold``; ``tests/test_search_parity.py`` holds both to the
same output for every code point.
"""

from __future__ import annotations

import re
import unicodedata

from .scripts import VARIATION_SELECTOR_CLASS

_VARIATION_SELECTORS = re.compile(f"[{VARIATION_SELECTOR_CLASS}]")


def normalize(text: str) -> str:
    """``text`` as the index sees it: no variation selectors, NFKC, case-folded."""
    text = unicodedata.normalize("NFKC", _VARIATION_SELECTORS.sub("", text))
    return unicodedata.normalize("NFKC", text.casefold())
