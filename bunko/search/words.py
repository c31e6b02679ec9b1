"""Dictionary words of Japanese titles, tags and excerpts, for the whole-word side of ranking.

Bigrams find every substring; dictionary words say which matches are whole words, so that
``推論`` ranks a post titled 推論 above one titled 推論器, and let the query side cut an unspaced
``推論処理`` into the words posts use. The browser needs no dictionary: it segments queries
against the words the index holds (``ranking.segments``).

The tokenizer is MeCab (fugashi) with IPAdic, chosen by measurement on the vim-jp posts and
200 synthetic posts: MeCab reads 3.0M characters a second with IPAdic and 1.7M with UniDic
(unidic-lite), SudachiPy 1.1M, Janome 76k; Sphinx's pure-Python TinySegmenter is what made
indexing 57% of a build. IPAdic also installs at 51 MB against unidic-lite's 249 MB. Even so,
tokenizing whole bodies took 17% of a build of 200 posts, so only the short fields are
tokenized: bodies are indexed by bigrams and Latin words, which give the same recall.
"""

from __future__ import annotations

import re
from functools import cache

from .scripts import CJK_CLASS

#: Marks a dictionary word among the index keys, apart from the bigram of the same letters.
WORD_PREFIX = "="
#: Longest dictionary word the query segmenter tries; longer compounds are cut into shorter.
MAX_WORD_LENGTH = 16
_CJK_WORD = re.compile(rf"[{CJK_CLASS}]{{2,{MAX_WORD_LENGTH}}}")


@cache
def _tagger():
    import fugashi
    import ipadic

    # "-Owakati" returns the words as one spaced string: no Python object per word.
    return fugashi.GenericTagger(f"{ipadic.MECAB_ARGS} -Owakati")


def dictionary_words(cjk_runs: list[str]) -> set[str]:
    """The dictionary words of two or more CJK characters found in ``cjk_runs``.

    The runs are tokenised joined by newlines, one call to MeCab per text rather than one per
    run: the call overhead, not the tokenising, would otherwise dominate.
    """
    if not cjk_runs:
        return set()
    found = set(_tagger().parse("\n".join(cjk_runs)).split())
    return {word for word in found if _CJK_WORD.fullmatch(word)}
