"""The ranking spec, in Python: what a query finds and in which order.

``static/bunko-search.js`` implements the same steps for the browser and must stay in step
with this file; ``tests/test_search_parity.py`` runs both over the query tables and checks
they give the same posts, scores and order. The browser only adds small integers the index
holds, so both languages compute the same scores; the one computation with floats, each
posting's impact, is made once, here, when the index is written.

A query is cut into units (``splitter.query_units``); a post is found when every unit matches
it. A word matches whole when the post has it as a word, and as a substring when a longer word
of the post contains it (three letters or more: ``kube`` finds ``kubernetes``). A CJK run is
cut into the index's dictionary words (``segments``) and matches when one field of the post
has every bigram inside those words and every bigram joining a one-letter part to its
neighbour (``required_bigrams``): ``リリース後`` needs ``ス後``. A one-letter CJK unit matches
any key holding it. No unit is dropped.

The score of a post is the sum of three parts, all integers:

* **lead**: ``LEAD_WEIGHT`` times 2 when every unit matches in the title, 1 when every unit
  matches in the title or the tags and categories (a word as a whole word): the post the
  query names leads;
* **text** (BM25F): each key of a unit adds its posting's *impact*, an integer from 0 to 63
  written into the index for each key and post (``weigh``): the key's inverse document
  frequency times its saturated, length-normalised frequency over the fields, the title
  weighing most. A rare key weighs more than a common one, a post saying a key often more
  than one saying it once, a short post more than a long one. A dictionary word adds its
  impact too when the post has it whole (``推論`` above ``推論器``); a substring match adds
  half the impact of the longer word it is in;
* **proximity**: each pair of neighbouring keys of the query (``splitter.key_sequence``: a
  CJK run's bigrams, a word's parts, then the next word) that stand next to each other in
  the post adds ``LINK_BONUS``, so an exact phrase outranks the same words scattered. The
  index holds no positions: each posting holds two 12-bit filters, of the keys that follow
  the key in the post and of those that precede it (``neighbour_bit``); a pair stands
  together when the first key's filter has the second as a follower and the second's has
  the first as a predecessor. Either filter alone fills up for a common word in a long post;
  both together are rarely wrong about a pair, nearly as good as positions on English
  phrases of common words, at a fraction of their size (``bench/results/ranking.md``).
  Dictionary words are never a query's neighbouring keys, so their postings hold no filters.

Equal scores go to the newer post: documents are numbered oldest first (``index.py``), and
the higher number wins a tie.

What a posting's impact is weighed against — how many documents there are, the average body
length and, for a common key, how many documents hold it — is taken in coarse steps
(``corpus_scale``, ``holders_step``): a new post adds its own postings to the keys it holds
and leaves the other postings, and the shards of the keys it does not hold, as they were.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from .splitter import Unit, bigrams, key_sequence, query_units
from .words import MAX_WORD_LENGTH, WORD_PREFIX

TITLE, TAXONOMY, EXCERPT, BODY = 8, 4, 2, 1
#: Shortest word whose substrings are looked for: ``ai`` inside every ``said`` is noise.
MIN_SUBSTRING_WORD = 3
#: What a query matching wholly in a field is worth above any text and proximity score.
LEAD_WEIGHT = 1 << 20
#: What two neighbouring query keys standing together in the post add: half the impact of
#: the rarest key.
LINK_BONUS = 32
#: Impacts are 0 to 63: six bits.
IMPACT_LEVELS = 64
#: Bits of each of a posting's two filters, of following and of preceding keys.
NEIGHBOUR_BITS = 12
#: BM25F: the saturation of term frequency, the strength of length normalisation, and what
#: a key in each short field counts for against one occurrence in a body of average length.
K1 = 1.2
B = 0.75
FIELD_FREQUENCY = {TITLE: 4.0, TAXONOMY: 2.0, EXCERPT: 1.5}
#: The ratio between two steps of ``corpus_scale`` and ``holders_step``: a count or length
#: moves to its next step after growing by 9 %, and BM25's idf and length normalisation
#: hardly tell a site from one 4 % larger (a step of 19 % cost one English phrase of 504
#: in ``bench/ranking_bench.py``).
SCALE_STEP = 2 ** (1 / 8)
#: Fewest holders of a key that its rarity counts in steps rather than one by one.
EXACT_HOLDERS = 16
#: What a posting's impact is weighed with: postings kept from an earlier build are reused
#: only when it is the same (``index._Postings``).
WEIGHING = repr((IMPACT_LEVELS, NEIGHBOUR_BITS, K1, B, FIELD_FREQUENCY, SCALE_STEP,
                 EXACT_HOLDERS))

#: Document number → posting: field bits | impact << 4 | neighbours << 10 (followers in the
#: low ``NEIGHBOUR_BITS`` of the neighbours, predecessors above).
Postings = dict[int, int]
#: The 64 letters postings are written in, six bits each; none needs escaping in JSON.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_DIGIT_BITS = {letter: format(value, "06b") for value, letter in enumerate(DIGITS)}
_FILTER_MASK = (1 << NEIGHBOUR_BITS) - 1


def _filter_code(neighbours: int) -> tuple[int, int]:
    """A filter's code and its length in bits (``append_posting``): most filters of most
    postings hold one key, which four bits name."""
    held = neighbours.bit_count()
    if held == 1:
        return neighbours.bit_length() - 1, 5
    if held == 0:
        return 0b10, 2
    return 0b11 << NEIGHBOUR_BITS | neighbours, NEIGHBOUR_BITS + 2


#: Every filter's code, made once: the index writes two for each of ~600 postings a post.
_FILTER_CODES = tuple(_filter_code(neighbours) for neighbours in range(_FILTER_MASK + 1))
#: The code of every field bits and impact (``bits << 6 | impact``) and its length in bits.
_HEAD_CODES = tuple((impact, 7) if bits == BODY else ((16 | bits) << 6 | impact, 11)
                    for bits in range(16) for impact in range(IMPACT_LEVELS))
#: Every twelve bits as their two letters.
_LETTER_PAIRS = tuple(DIGITS[value >> 6] + DIGITS[value & 63] for value in range(1 << 12))


def browser_constants() -> dict[str, int | str]:
    """The constants ``static/bunko-search.js`` ranks with, handed to it in
    ``bunko-scripts.js`` (``scripts.browser_data``): no JavaScript file holds a copy."""
    return {"TITLE": TITLE, "TAXONOMY": TAXONOMY, "EXCERPT": EXCERPT, "BODY": BODY,
            "MIN_SUBSTRING_WORD": MIN_SUBSTRING_WORD, "LEAD_WEIGHT": LEAD_WEIGHT,
            "LINK_BONUS": LINK_BONUS, "NEIGHBOUR_BITS": NEIGHBOUR_BITS,
            "WORD_PREFIX": WORD_PREFIX, "MAX_WORD_LENGTH": MAX_WORD_LENGTH, "DIGITS": DIGITS,
            "BEFORE_FIRST": BEFORE_FIRST}


#: The document number a key's first gap counts from: its first posting's gap is its
#: document's number plus one, as a gap is never 0.
BEFORE_FIRST = -1


def holds_neighbours(key: str) -> bool:
    """Whether ``key``'s postings hold neighbour filters: dictionary words' do not."""
    return not key.startswith(WORD_PREFIX)


def append_posting(letters: bytearray, gap: int, bits: int, impact: int,
                   neighbours: int | None) -> None:
    """Write one document of a key's postings, as ``SearchIndex.keys`` holds them, in
    whole letters of ``DIGITS``, first bits first: its distance from the key's previous
    document (Elias gamma: ``gap``'s binary after as many zeros as it has digits less one),
    its field bits (``0`` for the body alone, else ``1`` and the four bits), its impact (six
    bits), then, unless ``neighbours`` is None (``holds_neighbours``), each of its two
    filters (followers first): ``0`` and the number of its one bit in four bits, ``10``
    for none, ``11`` and the twelve bits. The last letter is filled with zeros. A
    posting of the body next to the previous document with one follower and one
    predecessor takes three letters.

    Written from tables (``_HEAD_CODES``, ``_FILTER_CODES``, ``_LETTER_PAIRS``): the index
    writes ~600 postings a post. Into a key's bytes (``DIGITS`` are ASCII), one a letter: a
    list of each posting's letters held a string object of ~60 bytes for a posting of three
    letters, 380 MB at 10,000 posts."""
    head, width = _HEAD_CODES[bits << 6 | impact]
    value = gap << width | head
    width += 2 * gap.bit_length() - 1
    if neighbours is not None:
        for code, length in (_FILTER_CODES[neighbours & _FILTER_MASK],
                             _FILTER_CODES[neighbours >> NEIGHBOUR_BITS]):
            value = value << length | code
            width += length
    padding = -width % 6
    value <<= padding
    width += padding
    text = ""
    if width % 12:
        width -= 6
        text = DIGITS[value >> width]
    while width:
        width -= 12
        text += _LETTER_PAIRS[value >> width & 4095]
    letters += text.encode("ascii")


def posting_letters(gap: int, posting: int, filtered: bool) -> str:
    """A posting as ``append_posting`` writes it, after ``gap``; with its filters if
    ``filtered`` (``holds_neighbours``)."""
    letters = bytearray()
    append_posting(letters, gap, posting_bits(posting), posting_impact(posting),
                   posting >> 10 if filtered else None)
    return letters.decode("ascii")


def posting_entries(letters: str, filtered: bool) -> Iterator[tuple[int, int, int, int]]:
    """Each posting of a key's ``letters`` (``append_posting``; ``filtered``: they hold
    neighbour filters) in order: its document, the letters it starts and ends at, and the
    posting: what reading, or replacing one document's posting in place, needs."""
    stream = "".join(_DIGIT_BITS[letter] for letter in letters)
    doc = BEFORE_FIRST
    at = 0

    def take(width: int) -> int:
        nonlocal at
        at += width
        return int(stream[at - width:at], 2)

    def neighbour_filter() -> int:
        if not take(1):
            return 1 << take(4)
        return take(NEIGHBOUR_BITS) if take(1) else 0

    while at < len(stream):
        start = at
        zeros = stream.index("1", at) - at
        at += zeros
        doc += take(zeros + 1)
        bits = take(4) if take(1) else BODY
        posting = bits | take(6) << 4
        if filtered:
            posting |= (neighbour_filter() | neighbour_filter() << NEIGHBOUR_BITS) << 10
        at += -at % 6
        yield doc, start // 6, at // 6, posting


def posting_bits(posting: int) -> int:
    return posting & 15


def posting_impact(posting: int) -> int:
    return posting >> 4 & 63


def neighbour_bit(key: str) -> int:
    """The bit of a neighbouring key in a posting's filter: a hash of its code points, in
    integers small enough to be exact in JavaScript too."""
    value = 0
    for letter in key:
        value = (value * 31 + ord(letter)) % 1_000_003
    return value % NEIGHBOUR_BITS


def neighbours(text: str) -> dict[str, int]:
    """Each key of ``text`` and its filters of the keys that follow it there (the low
    ``NEIGHBOUR_BITS``) and precede it (the next ``NEIGHBOUR_BITS``)."""
    found: dict[str, int] = {}
    sequence = key_sequence(text)
    bits = {key: neighbour_bit(key) for key in set(sequence)}
    for key, following in set(zip(sequence, sequence[1:], strict=False)):
        found[key] = found.get(key, 0) | 1 << bits[following]
        found[following] = found.get(following, 0) | 1 << NEIGHBOUR_BITS + bits[key]
    return found


def corpus_scale(documents: int, body_lengths: int) -> tuple[float, float]:
    """The document count and average body length postings are weighed against, each
    rounded to a power of ``SCALE_STEP``: the same for a site and the site with one more
    post (unless it crosses a step), so a new post does not move every impact."""
    average = max(1.0, body_lengths / max(1, documents))
    return in_steps(max(1, documents)), in_steps(average)


def in_steps(value: float) -> float:
    """``value`` rounded to a power of ``SCALE_STEP``: a count that grows by one mostly stays
    where it was (related posts weigh their features so too: ``related.py``)."""
    return SCALE_STEP ** round(math.log(value, SCALE_STEP))


def holders_step(holders: int) -> float:
    """How many documents hold a key, as its rarity counts them: one by one up to
    ``EXACT_HOLDERS``, where one more holder matters, then in the steps of ``corpus_scale``,
    so a new post leaves the impacts of the common keys it holds as they were."""
    return holders if holders <= EXACT_HOLDERS else in_steps(holders)


def scaled_rarity(documents: float, holders: int) -> float:
    """BM25's idf of a key held by ``holders`` of ``documents``, both in steps
    (``corpus_scale``, ``holders_step``), scaled to the impact levels."""
    held = holders_step(holders)
    documents = max(documents, held)
    return (IMPACT_LEVELS - 1) * math.log(1 + (documents - held + 0.5) / (held + 0.5))


def saturation(bits: int, body_count: int, body_share: float) -> float:
    """BM25F's saturated term frequency over the fields ``bits`` and the body's count."""
    frequency = body_count / (1 - B + B * body_share) if body_count else 0.0
    frequency += sum(weight for bit, weight in FIELD_FREQUENCY.items() if bits & bit)
    return frequency * (K1 + 1) / (frequency + K1)


def top_weight(documents: float) -> float:
    """The weight of a key only one post holds, as often as saturation allows: impact 63."""
    return math.log(1 + (documents - 0.5) / 1.5) * (K1 + 1)


def weigh(rarity: float, saturated: float, top: float) -> int:
    """A key's weight in one post, 0 to 63 (BM25F): its ``scaled_rarity`` among the posts,
    its ``saturation`` in this post, over the ``top_weight`` of the site. The index computes
    each part once per key, per post or per site (``index._encode``)."""
    return min(IMPACT_LEVELS - 1, round(rarity * saturated / top))


@dataclass
class SearchIndex:
    """The index as both readers see it (``index.py`` writes it)."""

    #: Per document: uri, title, date ISO text, date text, year, tags and categories as
    #: ``[key, label]`` pairs, summary. Pages that are not posts first, then posts oldest
    #: first, so that a new post takes the next number and no other document moves.
    docs: list[dict]
    #: Key → postings: for each document in ascending order, its posting in whole letters
    #: (``append_posting``). All a query needs of a key is in its string.
    keys: dict[str, str]
    _vocabulary: set[str] | None = field(default=None, repr=False)

    def postings(self, key: str) -> Postings:
        """``key``'s postings, read back from what ``append_posting`` wrote."""
        return {doc: posting for doc, _, _, posting
                in posting_entries(self.keys.get(key, ""), holds_neighbours(key))}

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


#: Document number → (field bits the unit matches in, what it adds to the score).
Matches = dict[int, tuple[int, int]]


class _Query:
    """One query's view of the index: each key's postings decoded once."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._postings: dict[str, Postings] = {}

    def postings(self, key: str) -> Postings:
        if key not in self._postings:
            self._postings[key] = self.index.postings(key)
        return self._postings[key]

    def containing(self, text: str) -> list[str]:
        """The keys, other than dictionary words and ``text`` itself, that contain ``text``."""
        return [key for key in self.index.keys
                if key != text and text in key and not key.startswith(WORD_PREFIX)]


def _word_matches(query: _Query, text: str) -> Matches:
    """A word, whole (its impact) or inside longer words (half theirs, the best one)."""
    found: Matches = {doc: (posting_bits(posting), posting_impact(posting))
                      for doc, posting in query.postings(text).items()}
    if len(text) >= MIN_SUBSTRING_WORD:
        for key in query.containing(text):
            for doc, posting in query.postings(key).items():
                bits, score = found.get(doc, (0, 0))
                found[doc] = (bits | posting_bits(posting),
                              max(score, posting_impact(posting) // 2))
    return found


def _letter_matches(query: _Query, letter: str) -> Matches:
    """A one-letter CJK unit: every key holding it, the best one's impact."""
    found: Matches = {}
    for key in [letter, *query.containing(letter)]:
        for doc, posting in query.postings(key).items():
            bits, score = found.get(doc, (0, 0))
            found[doc] = (bits | posting_bits(posting), max(score, posting_impact(posting)))
    return found


def _run_matches(query: _Query, run: str) -> Matches:
    """A CJK run: the posts with its required bigrams in one field; each of its bigrams the
    post has adds its impact, and its dictionary words their impacts when the post has
    them all."""
    parts = segments(run, query.index.vocabulary)
    required = [query.postings(gram) for gram in required_bigrams(parts)]
    every = [query.postings(gram) for gram in dict.fromkeys(bigrams(run))]
    words = [part for part in parts if len(part) > 1]
    whole = ([query.postings(WORD_PREFIX + word) for word in words]
             if words and all(word in query.index.vocabulary for word in words) else [])
    found: Matches = {}
    for doc, posting in min(required, key=len).items():
        bits = posting_bits(posting)
        for other in required:
            bits &= posting_bits(other.get(doc, 0))
        if not bits:
            continue
        score = sum(posting_impact(postings.get(doc, 0)) for postings in every)
        if whole and all(doc in postings for postings in whole):
            score += sum(posting_impact(postings[doc]) for postings in whole)
        found[doc] = (bits, score)
    return found


def unit_matches(index: SearchIndex, unit: Unit, query: _Query | None = None) -> Matches:
    """Where ``unit`` matches: document → (field bits, score)."""
    query = query or _Query(index)
    if not unit.cjk:
        return _word_matches(query, unit.text)
    if len(unit.text) == 1:
        return _letter_matches(query, unit.text)
    return _run_matches(query, unit.text)


def _lead(bits: int) -> int:
    return 2 if bits & TITLE else 1 if bits & TAXONOMY else 0


def _links(query: _Query, text: str) -> list[tuple[Postings, int, Postings, int]]:
    """The query's pairs of neighbouring keys: each one's postings, and the bit the other
    sets in its filter."""
    sequence = key_sequence(text)
    return [(query.postings(key), 1 << neighbour_bit(following),
             query.postings(following), 1 << NEIGHBOUR_BITS + neighbour_bit(key))
            for key, following in zip(sequence, sequence[1:], strict=False)]


def _together(links: list[tuple[Postings, int, Postings, int]], doc: int) -> int:
    """How many of the query's pairs of neighbouring keys stand together in ``doc``."""
    return sum(1 for first, follower, second, predecessor in links
               if first.get(doc, 0) >> 10 & follower and second.get(doc, 0) >> 10 & predecessor)


def search(index: SearchIndex, query: str, filters: Filters = Filters()) -> list[Hit]:
    """Posts matching every unit of ``query`` (and the filters), best first.

    A query of filters alone lists every post they admit, newest first (highest number).
    """
    found_units = query_units(query)
    if not found_units:
        if filters == Filters():
            return []
        return [Hit(doc, 0, 0) for doc in range(len(index.docs) - 1, -1, -1)
                if filters.admit(index.docs[doc])]
    view = _Query(index)
    scores: dict[int, int] | None = None
    fields: dict[int, int] = {}
    leads: dict[int, int] = {}
    for unit in found_units:
        # A word leads where it is whole: ``web`` in a title saying ``websites`` does not.
        whole = None if unit.cjk else view.postings(unit.text)
        next_scores: dict[int, int] = {}
        for doc, (bits, score) in unit_matches(index, unit, view).items():
            if scores is not None and doc not in scores:
                continue
            next_scores[doc] = (scores or {}).get(doc, 0) + score
            fields[doc] = fields.get(doc, 0) | bits
            lead = _lead(bits if whole is None else posting_bits(whole.get(doc, 0)))
            leads[doc] = min(leads.get(doc, 2), lead)
        scores = next_scores
    links = _links(view, query)
    hits = []
    for doc, score in (scores or {}).items():
        if not filters.admit(index.docs[doc]):
            continue
        hits.append(Hit(doc, leads[doc] * LEAD_WEIGHT + score + LINK_BONUS * _together(links, doc),
                        fields[doc]))
    return sorted(hits, key=lambda hit: (-hit.score, -hit.doc))
