"""Dictionary words of Japanese text, for the whole-word side of the index.

Bigrams find every substring; dictionary words say which matches are whole words, so that
``推論`` ranks a post about 推論 above one that only has 推論器 ... and let the query side cut an
unspaced ``推論処理`` into the words the posts actually use. The tokenizer is MeCab with
UniDic (fugashi + unidic-lite), chosen by measurement on the vim-jp posts: 2.4M characters a
second against 1.1M for SudachiPy and 76k for Janome (Sphinx's TinySegmenter is slower still),
loaded in 10 ms. Only the index side needs it: the browser segments queries against the words
the index holds (``ranking.segments``), so no dictionary is shipped.
"""

from __future__ import annotations

import re
from functools import cache

from .splitter import CJK_CLASS

#: Marks a dictionary word among the index keys, apart from the bigram of the same letters.
WORD_PREFIX = "="
#: Longest dictionary word the query segmenter tries; longer compounds are cut into shorter.
MAX_WORD_LENGTH = 16
_CJK_WORD = re.compile(rf"[{CJK_CLASS}]{{2,{MAX_WORD_LENGTH}}}")


@cache
def _tagger():
    import fugashi

    return fugashi.Tagger()


def dictionary_words(cjk_runs: list[str]) -> set[str]:
    """The dictionary words of two or more CJK characters found in ``cjk_runs``.

    The runs are tokenised joined by newlines, one call to MeCab per text rather than one per
    run: the call overhead, not the tokenising, would otherwise dominate.
    """
    if not cjk_runs:
        return set()
    tagger = _tagger()
    return {surface for word in tagger("\n".join(cjk_runs))
            if _CJK_WORD.fullmatch(surface := word.surface)}
