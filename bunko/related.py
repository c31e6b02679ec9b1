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

A build starts from the last one's lists (``RelatedState``, kept under the doctrees) and
computes again only those a change can reach (``_reach``). For that a new post must leave
the other posts' weights as they were: rarity counts the posts in steps, as the search index
counts a key's holders (``search.ranking.holders_step``, ``in_steps``), so only the posts
sharing a rare feature with it are weighed anew. The daily new post then computes a few
hundred lists of 10,000, not all of them, and the lists are exactly those of computing every
one (``tests/test_related.py`` follows random changes and compares).
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sphinx.util.logging import getLogger
from sphinx.util.parallel import ParallelTasks, parallel_available

from .output import FORMAT_VERSION, load_kept, save_kept
from .post import Post
from .search.ranking import (
    EXACT_HOLDERS,
    EXCERPT,
    SCALE_STEP,
    TAXONOMY,
    TITLE,
    holders_step,
    in_steps,
)
from .search.words import WORD_PREFIX

logger = getLogger("bunko")

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
#: Under the doctrees: the last ``RelatedState``.
STATE_FILE = "bunko-related.pickle"
#: The largest share of the lists a change may reach for it to be followed list by list;
#: past it every list is computed again (in the build's processes).
FOLLOWED_SHARE = 0.25
#: What two computations of one similarity, summed in another order, may differ by.
_ROUNDING = 1e-9

Vector = dict[object, float]
#: Docname → its terms' features and its content signature (``related_sources``).
Sources = dict[str, tuple[tuple[object, ...], str]]


@dataclass
class RelatedState:
    """Every post's related posts and what they were computed from, kept between builds so
    that the next computes again only the lists a change can reach (``_reach``)."""

    #: ``version()`` of the computation.
    version: str
    #: The number of posts in steps (``in_steps``): features are weighed against it.
    scale: float
    limit: int
    #: Docname → what its vectors are weighed from: its terms' features and its signature.
    sources: Sources
    #: Per family (terms, content), how many posts have each feature.
    counts: tuple[dict[object, int], dict[object, int]]
    #: Docname → its (terms, content) vectors, newest post first: the posts' order.
    vectors: dict[str, tuple[Vector, Vector]]
    #: Docname → its related posts, most related first: what its page shows.
    lists: dict[str, tuple[str, ...]]
    #: Docname → the posts it ranked highest, each with what it ranked by (similarity plus
    #: nearness): its ``limit`` related posts and the runner-up after them, which bounds
    #: every post below. Fewer when fewer posts share a feature with it: then these are all.
    ranked: dict[str, tuple[tuple[str, float], ...]]


def version() -> str:
    """What the lists are computed by, and what a kept state holds."""
    return repr((FORMAT_VERSION, tuple(RelatedState.__dataclass_fields__), CONTENT_FEATURES,
                 RELATED_WINDOW, CONTENT_WINDOW, TERMS_SHARE, RECENCY_WEIGHT, RECENCY_SPAN,
                 SCALE_STEP, EXACT_HOLDERS))


def load_state(folder: Path) -> RelatedState | None:
    """The state an earlier build of this computation kept in ``folder``, if any; anything
    else (a missing or cut file, another version's state) is none."""
    state = load_kept(folder / STATE_FILE, RelatedState)
    return state if getattr(state, "version", None) == version() else None


def save_state(folder: Path, state: RelatedState) -> None:
    save_kept(folder / STATE_FILE, state)


def related_sources(newest: list[tuple[str, Post]], signatures: Mapping[str, str]) -> Sources:
    """What each post's related posts are computed from, in the posts' order: its terms'
    features and its ``content_signature``. While none of it changes, neither do the lists
    (``catalog.build_catalog`` reuses them)."""
    return {name: (tuple(dict.fromkeys([("c", term.key) for term in post.categories]
                                       + [("t", term.key) for term in post.tags])),
                   signatures.get(name, "")) for name, post in newest}


def related_posts(newest: list[tuple[str, Post]], signatures: Mapping[str, str],
                  limit: int = 5, processes: int = 1,
                  known: RelatedState | None = None) -> RelatedState:
    """For every post, the ``limit`` most related posts, most related first.

    ``newest`` are (docname, post) pairs newest first; ``signatures`` the posts'
    ``content_signature`` by docname (a post without one is compared by its terms only).
    Posts are counted by their position in ``newest``: ints compare, hash and sort at C
    speed, and equal scores go to the lower position, the newer post.

    With ``known``, an earlier build's state, only the lists a change can reach are
    computed again (``_reach``): the daily new post, a tag edit. Otherwise every list is;
    with ``processes`` above 1 (and ``PARALLEL_FROM`` posts or more) shared among that many
    forked processes (Sphinx's own, as for ``-j``), each computing every
    ``processes``-th post's list. Either way the lists are those of computing every one.
    """
    names = [docname for docname, _post in newest]
    scale = in_steps(max(1, len(names)))
    sources = related_sources(newest, signatures)
    if known is not None and (known.version, known.scale) != (version(), scale):
        known = None
    vectors, counts, weighed = _weighed_vectors(sources, scale, known)
    state = RelatedState(version(), scale, limit, sources, counts, vectors, {}, {})
    similarity = _Similarity([vectors[name][0] for name in names],
                             [vectors[name][1] for name in names], limit)

    def keep(name: str, ranked: list[tuple[int, float]]) -> None:
        state.lists[name] = tuple(names[other] for other, _value in ranked[:limit])
        state.ranked[name] = tuple((names[other], value) for other, value in ranked)

    reach = _reach(known, state, similarity, weighed)
    if reach is not None and len(reach.whole | reach.touching.keys()) \
            <= FOLLOWED_SHARE * len(names):
        computed = 0
        for position, name in enumerate(names):
            if position not in reach.whole and position not in reach.touching:
                state.lists[name], state.ranked[name] = known.lists[name], known.ranked[name]
                continue
            ranked = None if position in reach.whole else similarity.merged(
                position, reach.kept_ranking(name), reach.touching[position], reach.changed)
            if ranked is None:
                computed += 1
                ranked = similarity.best(position, reach.scores.get(position))
            keep(name, ranked)
        logger.verbose("bunko: related posts of %d of %d posts computed, %d more followed",
                       computed, len(names),
                       len(reach.whole | reach.touching.keys()) - computed)
        return state
    logger.verbose("bunko: related posts of %d of %d posts computed", len(names), len(names))

    def lists(share: tuple[int, int]) -> list[list[tuple[int, float]]]:
        """The ranked posts (positions) of every ``share[1]``-th post from ``share[0]``."""
        first, step = share
        return [similarity.best(position) for position in range(first, len(names), step)]

    found: dict[str, list[tuple[int, float]]] = {}

    def collect(share: tuple[int, int], results: list[list[tuple[int, float]]]) -> None:
        for position, ranked in zip(range(share[0], len(names), share[1]), results,
                                    strict=True):
            found[names[position]] = ranked

    if processes > 1 and len(names) >= PARALLEL_FROM and parallel_available:
        tasks = ParallelTasks(processes)
        for first in range(processes):
            tasks.add_task(lists, (first, processes), collect)
        tasks.join()
    else:
        collect((0, 1), lists((0, 1)))
    # The lists in the order a single process makes them: the catalog's dict, and so the
    # environment, does not depend on which process finished first.
    for name in names:
        keep(name, found[name])
    return state


class _Similarity:
    """The posts' weighted vectors and the postings of their features: each post's
    similarity to the others and its related posts."""

    def __init__(self, term_vectors: list[Vector], content_vectors: list[Vector],
                 limit: int) -> None:
        self.vectors = (term_vectors, content_vectors)
        self.postings = (_postings(term_vectors), _postings(content_vectors))
        self.windows = (RELATED_WINDOW, CONTENT_WINDOW)
        self.limit = limit

    def scores(self, position: int) -> dict[int, float]:
        """The post's similarity to each post sharing a feature with it within the
        feature's window (``RELATED_WINDOW``, ``CONTENT_WINDOW``): symmetric, as windows
        are."""
        scores: dict[int, float] = {}
        get = scores.get
        for vectors, postings, window in zip(self.vectors, self.postings, self.windows,
                                             strict=True):
            for feature, weight in vectors[position].items():
                positions, weights = postings[feature]
                if len(positions) > 2 * window + 1:
                    middle = bisect_left(positions, position)
                    start, end = max(0, middle - window), middle + window + 1
                    positions, weights = positions[start:end], weights[start:end]
                for other, other_weight in zip(positions, weights, strict=True):
                    scores[other] = get(other, 0.0) + weight * other_weight
        scores.pop(position, None)
        return scores

    def best(self, position: int,
             scores: dict[int, float] | None = None) -> list[tuple[int, float]]:
        """The posts ``position`` ranks highest (``_best``), from its ``scores`` if known."""
        return _best(position, self.scores(position) if scores is None else scores,
                     self.limit)

    def pair(self, position: int, other: int) -> float | None:
        """``scores(position)[other]``, summed in the same order to the same last bit;
        ``None`` when ``other`` shares no feature with the post within its window."""
        total = None
        for vectors, postings, window in zip(self.vectors, self.postings, self.windows,
                                             strict=True):
            theirs = vectors[other]
            for feature, weight in vectors[position].items():
                other_weight = theirs.get(feature)
                if other_weight is None:
                    continue
                positions = postings[feature][0]
                if len(positions) > 2 * window + 1:
                    middle = bisect_left(positions, position)
                    if abs(bisect_left(positions, other) - middle) > window:
                        continue
                total = (0.0 if total is None else total) + weight * other_weight
        return total

    def merged(self, position: int, kept: list[tuple[int, float]], touching: set[int],
               changed: set[int]) -> list[tuple[int, float]] | None:
        """What ``best(position)`` gives, from the post's ranking by an earlier build
        (``kept``, by today's positions) and its pairs with the ``changed`` posts now
        ``touching`` it: its own vector and window are as they were, so every other
        post ranks by what it ranked by then. ``None`` when that cannot tell: when the
        earlier ranking was full, every post left out of it ranks after its runner-up (as
        the runner-up ranked then, changed or not), so the ranking must be full again and
        end no later than that.

        The daily new post re-weighs the ~200 posts sharing a rare feature with it; most
        lists that hold one of them keep them in place, and are followed here for a few
        sums each instead of computed whole."""
        pool = [(-value, other) for other, value in kept if other not in changed]
        for other in touching:
            score = self.pair(position, other)
            if score is not None:
                pool.append((-(score + RECENCY_WEIGHT * _closeness(position, other)), other))
        pool.sort()
        ranked = pool[:self.limit + 1]
        if len(kept) > self.limit and (len(ranked) <= self.limit
                                       or ranked[-1] > (-kept[-1][1], kept[-1][0])):
            return None
        return [(other, -value) for value, other in ranked]


@dataclass
class _Reach:
    """What a change reaches of an earlier build's related posts (``_reach``)."""

    #: Positions whose vectors changed (a new post's among them).
    changed: set[int]
    #: Positions whose lists are computed whole: the changed posts, and those whose windows
    #: moved.
    whole: set[int]
    #: Position → the changed posts that may now rank in its ranking, or ranked in it.
    touching: dict[int, set[int]]
    #: The changed posts' similarities, computed to find whom they touch.
    scores: dict[int, dict[int, float]]
    position_of: dict[str, int]
    known: RelatedState

    def kept_ranking(self, name: str) -> list[tuple[int, float]]:
        """The post's ranking by the earlier build, by today's positions."""
        return [(self.position_of[other], value) for other, value in self.known.ranked[name]]


def _reach(known: RelatedState | None, state: RelatedState, similarity: _Similarity,
           weighed: set[str]) -> _Reach | None:
    """What in ``state`` may rank differently from ``known``; ``None`` when ``known`` cannot
    tell (another computation or scale, or posts removed or moved in time: nearness and
    windows would move for many pairs at once). Only the posts ``weighed`` anew may have
    other vectors.

    A post's ranking is computed from its vector, the vectors of the posts within its
    features' windows, and their distances in time. So it is computed whole again for the
    posts whose vectors changed (or new ones) and the posts whose windows changed (near a
    holder a feature gained or lost between two others, or of a feature whose holders
    passed ``2 * window + 1``); of any other post, only the changed posts can rank anew:
    those it ranked before, and those that now come within a hair of its runner-up, or
    into a ranking that was not full (``_Similarity.merged``)."""
    if known is None or (known.version, known.scale, known.limit) != (
            state.version, state.scale, state.limit):
        return None
    names, known_names = tuple(state.vectors), tuple(known.vectors)
    added = len(names) - len(known_names)
    if added < 0 or names[added:] != known_names:
        return None
    # In order too: a post's similarities are summed in its features' order.
    position_of = {name: position for position, name in enumerate(names)}
    changed = {position_of[name] for name in weighed if name not in known.vectors
               or _in_order(known.vectors[name]) != _in_order(state.vectors[name])}
    whole = set(changed)
    for family, window in enumerate(similarity.windows):
        # Only the changed posts hold features otherwise than before.
        held_before: dict[object, list[int]] = {}
        for position in changed:
            for feature in known.vectors.get(names[position], ({}, {}))[family]:
                held_before.setdefault(feature, []).append(position)
        features = held_before.keys() | {feature for position in changed
                                         for feature in state.vectors[names[position]][family]}
        for feature in features:
            now = similarity.postings[family].get(feature, ((), ()))[0]
            before = sorted([position for position in now if position not in changed]
                            + held_before.get(feature, []))
            whole.update(_window_changes([names[position] for position in before],
                                         [names[position] for position in now], window,
                                         position_of))
    scores = {other: similarity.scores(other) for other in changed}
    touching: dict[int, set[int]] = {}
    for other, its_scores in scores.items():
        for position, score in its_scores.items():
            if position in whole:
                continue
            ranked = known.ranked[names[position]]
            if len(ranked) <= state.limit or score + RECENCY_WEIGHT * _closeness(
                    position, other) >= ranked[-1][1] - _ROUNDING:
                touching.setdefault(position, set()).add(other)
    changed_names = {names[position]: position for position in changed}
    for name, ranked in known.ranked.items():
        for other, _value in ranked:
            if other in changed_names:
                touching.setdefault(position_of[name], set()).add(changed_names[other])
    return _Reach(changed, whole, touching, scores, position_of, known)


def _in_order(vectors: tuple[Vector, Vector]) -> list[list[tuple[object, float]]]:
    return [list(vector.items()) for vector in vectors]


def _window_changes(before: list[str], now: list[str], window: int,
                    position_of: dict[str, int]) -> set[int]:
    """Positions of the holders of a feature whose window of other holders may differ
    between its holders ``before`` and ``now`` (both in time order).

    Two holders are in each other's window when at most ``window`` holders apart, or when
    the feature has ``2 * window + 1`` holders or fewer. Their distance changes only by
    holders gained or lost between them, and a pair whose standing changed has one of those
    within ``window`` of each (in the list that has it)."""
    if before == now:
        return set()
    if (len(before) > 2 * window + 1) != (len(now) > 2 * window + 1):
        return {position_of[name] for name in now}
    if len(now) <= 2 * window + 1:
        return set()
    found: set[int] = set()
    held_before, held_now = set(before), set(now)
    kept = held_before & held_now
    for holders, others in ((now, held_before), (before, held_now)):
        ranks = [rank for rank, name in enumerate(holders) if name not in others]
        kept_ranks = [rank for rank, name in enumerate(holders) if name in kept]
        if not ranks or not kept_ranks:
            continue
        for rank in ranks:
            if rank < kept_ranks[0] or rank > kept_ranks[-1]:
                continue  # before or after every kept holder: between no two of them
            for near in holders[max(0, rank - window - 1):rank + window + 2]:
                if near in kept:
                    found.add(position_of[near])
    return found


def _best(position: int, scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` posts of highest similarity plus nearness in time and the runner-up
    after them, each with what it ranked by; equal ones by position. Nearness adds at most
    ``RECENCY_WEIGHT``, so only posts that close to the runner-up's similarity are weighed
    by it."""
    if len(scores) > limit + 1:
        floor = heapq.nlargest(limit + 1, scores.values())[-1] - RECENCY_WEIGHT
        scores = {other: score for other, score in scores.items() if score >= floor}
    ranked = sorted((-(score + RECENCY_WEIGHT * _closeness(position, other)), other)
                    for other, score in scores.items())[:limit + 1]
    return [(other, -value) for value, other in ranked]


def _postings(vectors: list[Vector]) -> dict[object, tuple[list[int], list[float]]]:
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




#: Per family: how much of the similarity it makes, and how many features a vector keeps.
_FAMILIES = ((TERMS_SHARE, None), (1 - TERMS_SHARE, CONTENT_FEATURES))


def _weighed_vectors(sources: Sources, scale: float,
                     known: RelatedState | None) -> tuple[
                         dict[str, tuple[Vector, Vector]],
                         tuple[dict[object, int], dict[object, int]], set[str]]:
    """Every post's (terms, content) vectors (``_weighed``), how many posts have each
    feature, and the posts weighed anew. From ``known`` (of this scale and computation),
    only the posts whose sources changed, and those having a feature whose rarity left its
    step: the daily new post weighs itself and the few posts sharing a rare feature with
    it, not every post's signature again."""
    def features(source: tuple[tuple[object, ...], str]) -> tuple[Vector, Vector]:
        return dict.fromkeys(source[0], 1.0), _read_signature(source[1])

    if known is None:
        weighed = set(sources)
        raw = {name: features(source) for name, source in sources.items()}
        counts = tuple(dict(Counter(feature for post in raw.values() for feature in post[family]))
                       for family in range(2))
    else:
        changed = {name for name, source in sources.items() if known.sources.get(name) != source}
        gone = [known.sources[name] for name in known.sources.keys() - sources.keys()]
        counts = (dict(known.counts[0]), dict(known.counts[1]))
        touched: set[object] = set()
        for source, sign in [(known.sources[name], -1) for name in changed
                             if name in known.sources] + [(source, -1) for source in gone] \
                + [(sources[name], 1) for name in changed]:
            for family, vector in enumerate(features(source)):
                for feature in vector:
                    counts[family][feature] = counts[family].get(feature, 0) + sign
                    touched.add((family, feature))
        moved = [set(), set()]
        for family, feature in touched:
            count = counts[family][feature]
            if not count:
                del counts[family][feature]
            if _step(count) != _step(known.counts[family].get(feature, 0)):
                moved[family].add(feature)
        weighed = changed | {name for name, (terms, _signature) in sources.items()
                             if not moved[0].isdisjoint(terms)}
        if moved[1]:
            holds = re.compile("^(?:{}) ".format("|".join(map(re.escape, moved[1]))), re.M)
            weighed.update(name for name, (_terms, signature) in sources.items()
                           if holds.search(signature))
        raw = {name: features(sources[name]) for name in weighed}
    rarity = [{feature: math.log(1 + scale / holders_step(counts[family][feature]))
               for feature in {feature for post in raw.values() for feature in post[family]}
               if counts[family][feature] > 1} for family in range(2)]
    vectors = {name: known.vectors[name] if name not in raw else tuple(
        _weighed(raw[name][family], rarity[family], share, keep)
        for family, (share, keep) in enumerate(_FAMILIES)) for name in sources}
    return vectors, counts, weighed


def _step(count: int) -> float | None:
    """Where a feature's rarity stands: none for a feature of one post (``_weighed``)."""
    return holders_step(count) if count > 1 else None


def _weighed(features: Vector, rarity: dict[object, float], share: float,
             keep: int | None) -> Vector:
    """A post's features (feature → weight in the post) weighted by their rarity across the
    posts, log(1 + N / posts having it), the ``keep`` heaviest kept, and scaled to length
    √``share``: the dot product of two such vectors is ``share`` times their cosine. A
    feature no other post has is left out: it relates the post to nothing, and as the
    rarest it would push out of the ``keep`` the features that do.

    N is the number of posts in steps (``in_steps``), and a feature's posts are counted as
    the search index counts a key's (``holders_step``): a new post leaves the weights of
    every other post as they were, except the few sharing a rare feature with it."""
    weighted = [(weight * rarity[feature], feature)
                for feature, weight in features.items() if feature in rarity]
    if keep is not None and len(weighted) > keep:
        weighted = sorted(weighted, key=lambda pair: -pair[0])[:keep]
    length = math.sqrt(sum(weight * weight for weight, _feature in weighted))
    scale_to = math.sqrt(share) / length if length else 0.0
    return {feature: weight * scale_to for weight, feature in weighted}
