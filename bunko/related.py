"""Related posts: the posts a reader of one post may want next, by what they say and how
they are filed.

Shared tags and categories alone make poor neighbours: a category on 150 posts relates each
of them equally to the other 149, and a post without terms is related to nothing. So two
posts are compared twice, and the two similarities are blended (``TERMS_SHARE``):

* by **terms**: the cosine of their tags and categories, each weighted by its rarity (IDF),
  so a tag on three posts says more than a category on half the site;
* by **content**: the cosine of their *signatures*, the few of a post's search keys that say
  most about it (``content_signature``), weighted by how much the post says them and by how
  rare they are among the site's signatures;

and of posts the similarities leave close, the nearer in time wins (``RECENCY_WEIGHT``).

Signatures are made where the search keys are made, in the parallel readers and only for
posts that changed; here each post's signature is at most ``SIGNATURE_SIZE`` keys. Posts are
compared only through an inverted index of terms and signature keys, and a key on many posts
leads only to the posts nearest in time (``RELATED_WINDOW``, ``CONTENT_WINDOW``): the cost
grows with N, never N².
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping

from sphinx.util.parallel import ParallelTasks, parallel_available

from .post import Post
from .search.ranking import EXCERPT, TAXONOMY, TITLE
from .search.words import WORD_PREFIX

#: Keys in a post's signature: enough to say what it is about, few enough that a signature
#: costs about 300 bytes in the environment, which Sphinx pickles after every read.
SIGNATURE_SIZE = 32
#: Of those, the keys compared: the heaviest once rarity across the site is known (a
#: signature is made before the other posts are read, so it holds common words too).
CONTENT_FEATURES = 16
#: A key in the title counts as often as a body saying it many times: titles name subjects.
_TITLE_BONUS, _EXCERPT_BONUS = 3.0, 1.5
#: Grammar names no subject: hiragana-only keys (した, =ている) are left out of signatures.
_HIRAGANA = re.compile(rf"{WORD_PREFIX}?[\u3040-\u309f]+")

#: For a term on more posts than this twice over, a post is compared with the posts of the
#: term nearest to it in time only: a category on 1,000 of 10,000 posts would otherwise
#: make related posts cost N² (30 million counts).
RELATED_WINDOW = 50
#: The same for a signature key. Smaller: a post has a few terms but ``SIGNATURE_SIZE``
#: keys, and a key on that many posts is a common word, which counts little.
CONTENT_WINDOW = 15
#: How much of the similarity is the terms'; the rest is the content's.
TERMS_SHARE = 0.5
#: The most a post can gain by being next in time (``_closeness``): it decides between
#: posts alike in what they share, never against a clearly closer subject.
RECENCY_WEIGHT = 0.1
#: Posts beyond the next one in time at which nearness counts half.
RECENCY_SPAN = 10


def content_signature(body_counts: Mapping[str, int], field_bits: Mapping[str, int]) -> str:
    """The ``SIGNATURE_SIZE`` keys that say most about a post, as ``"key weight"`` lines,
    heaviest first (equal weights by key, so the same post always gives the same lines).

    ``body_counts`` is how often the body has each key, ``field_bits`` the fields each key is
    in (``search.ranking``). A key weighs 1 + log(times in the body), plus a bonus in the
    title or the excerpt. Left out as grammar: keys of hiragana alone (bigrams and dictionary
    words) and single characters; and keys only the post's tags and categories give (the
    terms are compared apart). The weight is kept in tenths: a short integer to store, the
    same in every build.
    """
    weights: list[tuple[int, str]] = []
    for key, bits in field_bits.items():
        if len(key) < 2 or _HIRAGANA.fullmatch(key) or bits == TAXONOMY:
            continue
        count = body_counts.get(key, 0)
        weight = (1 + math.log(count) if count else 0.0) + (
            _TITLE_BONUS if bits & TITLE else 0.0) + (_EXCERPT_BONUS if bits & EXCERPT else 0.0)
        weights.append((-round(10 * weight), key))
    return "\n".join(f"{key} {-weight}"
                     for weight, key in heapq.nsmallest(SIGNATURE_SIZE, weights))


#: Posts from which related posts are computed in parallel processes, when the build runs
#: with ``-j``: each post's list is computed apart from the others', so the lists are the
#: same, and at 10,000 posts one process takes 4 s of every rebuild that changes a term.
#: Below this, starting the processes costs more than it saves.
PARALLEL_FROM = 1000


def related_posts(newest: list[tuple[str, Post]], signatures: Mapping[str, str],
                  limit: int = 5, processes: int = 1) -> dict[str, tuple[str, ...]]:
    """For every post, the ``limit`` most related posts, most related first.

    ``newest`` are (docname, post) pairs newest first; ``signatures`` the posts'
    ``content_signature`` by docname (a post without one is compared by its terms only).
    Posts are counted by their position in ``newest``: ints compare, hash and sort at C
    speed, and equal scores go to the lower position, the newer post. With ``processes``
    above 1 (and ``PARALLEL_FROM`` posts or more), the posts are shared among that many
    forked processes (Sphinx's own, as for ``-j``), each computing every ``processes``-th
    post's list.
    """
    names = [docname for docname, _post in newest]
    term_vectors = _weighted([dict.fromkeys(
        [("c", term.key) for term in post.categories] + [("t", term.key) for term in post.tags],
        1.0) for _name, post in newest], TERMS_SHARE)
    content_vectors = _weighted([_read_signature(signatures.get(name, "")) for name in names],
                                1 - TERMS_SHARE, keep=CONTENT_FEATURES)
    term_postings, content_postings = _postings(term_vectors), _postings(content_vectors)

    def lists(share: tuple[int, int]) -> list[list[int]]:
        """The related posts (positions) of every ``share[1]``-th post from ``share[0]``."""
        first, step = share
        found = []
        for position in range(first, len(names), step):
            scores: dict[int, float] = {}
            get = scores.get
            for vector, postings, window in (
                    (term_vectors[position], term_postings, RELATED_WINDOW),
                    (content_vectors[position], content_postings, CONTENT_WINDOW)):
                for feature, weight in vector.items():
                    positions, weights = postings[feature]
                    if len(positions) > 2 * window + 1:
                        middle = bisect_left(positions, position)
                        start, end = max(0, middle - window), middle + window + 1
                        positions, weights = positions[start:end], weights[start:end]
                    for other, other_weight in zip(positions, weights, strict=True):
                        scores[other] = get(other, 0.0) + weight * other_weight
            scores.pop(position, None)
            found.append(_best(position, scores, limit))
        return found

    related: dict[str, tuple[str, ...]] = {}

    def keep(share: tuple[int, int], found: list[list[int]]) -> None:
        for position, others in zip(range(share[0], len(names), share[1]), found, strict=True):
            related[names[position]] = tuple(names[other] for other in others)

    if processes > 1 and len(names) >= PARALLEL_FROM and parallel_available:
        tasks = ParallelTasks(processes)
        for first in range(processes):
            tasks.add_task(lists, (first, processes), keep)
        tasks.join()
        # The lists in the order a single process makes them: the catalog's dict, and so
        # the environment, does not depend on which process finished first.
        return {name: related[name] for name in names}
    keep((0, 1), lists((0, 1)))
    return related


def _best(position: int, scores: dict[int, float], limit: int) -> list[int]:
    """The ``limit`` posts of highest similarity plus nearness in time; equal ones by position.
    Nearness adds at most ``RECENCY_WEIGHT``, so only posts that close to the ``limit``-th
    similarity are weighed by it."""
    if len(scores) > limit:
        floor = heapq.nlargest(limit, scores.values())[-1] - RECENCY_WEIGHT
        scores = {other: score for other, score in scores.items() if score >= floor}
    ranked = sorted((-(score + RECENCY_WEIGHT * _closeness(position, other)), other)
                    for other, score in scores.items())
    return [other for _score, other in ranked[:limit]]


def _postings(vectors: list[dict[object, float]]) -> dict[object, tuple[list[int], list[float]]]:
    """Feature → the positions of the posts having it (ascending) and its weight in each."""
    postings: dict[object, tuple[list[int], list[float]]] = {}
    for position, vector in enumerate(vectors):
        for feature, weight in vector.items():
            positions, weights = postings.setdefault(feature, ([], []))
            positions.append(position)
            weights.append(weight)
    return postings


def _closeness(position: int, other: int) -> float:
    """1 for the next post in time, ½ for the post ``RECENCY_SPAN`` further, towards 0."""
    return RECENCY_SPAN / (RECENCY_SPAN + abs(position - other) - 1)


def _read_signature(signature: str) -> dict[object, float]:
    weights: dict[object, float] = {}
    for line in signature.split("\n") if signature else ():
        key, _, tenths = line.rpartition(" ")
        weights[key] = int(tenths) / 10
    return weights


def _weighted(features: list[dict[object, float]], share: float,
              keep: int | None = None) -> list[dict[object, float]]:
    """Each post's features (feature → weight in the post) weighted by their rarity across the
    posts, log(1 + N / posts having it), the ``keep`` heaviest kept, and scaled to length
    √``share``: the dot product of two such vectors is ``share`` times their cosine. A
    feature no other post has is left out: it relates the post to nothing, and as the
    rarest it would push out of the ``keep`` the features that do."""
    total = len(features)
    rarity = {feature: math.log(1 + total / count) for feature, count in Counter(
        feature for post_features in features for feature in post_features).items()
        if count > 1}
    vectors = []
    for post_features in features:
        weighted = [(weight * rarity[feature], feature)
                    for feature, weight in post_features.items() if feature in rarity]
        if keep is not None and len(weighted) > keep:
            weighted = sorted(weighted, key=lambda pair: -pair[0])[:keep]
        length = math.sqrt(sum(weight * weight for weight, _feature in weighted))
        scale = math.sqrt(share) / length if length else 0.0
        vectors.append({feature: weight * scale for weight, feature in weighted})
    return vectors
