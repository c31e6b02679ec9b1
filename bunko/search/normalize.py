"""The one normalisation of searchable text, at index time and at query time.

NFKC makes full-width ``ＡＷＳ`` and half-width ``ｶﾀｶﾅ`` the characters people type; casefold
makes ``AWS`` and ``aws`` one word. NFKC runs again after casefold because folding can leave
a string that is not NFKC (``terms.term_key`` does the same for tags). The JavaScript twin is
``normalize`` in ``static/bunko-splitter.js``: ``String.prototype.normalize("NFKC")`` and
``toLowerCase()``, which agree with this for the scripts a blog is written in.
"""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    """``text`` as the index sees it: NFKC, lower case."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).lower())
