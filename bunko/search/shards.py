"""The index cut into shards, so that a query loads only the few files it needs.

Every file is JavaScript that hands its data to ``BunkoSearch`` when a ``<script>`` tag loads
it (``fetch()`` fails from ``file://``). ``index.js`` is the one file every search loads: how
many documents there are, and where each shard's range of keys begins. The rest is loaded
for a query:

* ``keys/<name>.js``: keys with their postings, each moved whole (the postings string is
  ranking's business, not this module's). Keys are ranged in *shard order*: a dictionary
  word (``=推論``) beside the bigram it starts with (``推論``) and the longer words after
  it, so everything a CJK run can ask for from one position lies in one or two
  neighbouring shards. A key whose postings outgrow a shard has a shard of its own.
* ``grams/<name>.js``: for substring matching, which keys contain a probe: each trigram of a
  key of three letters or more, and each CJK character of a key. A Latin word finds the
  longer words containing it (``kube`` → ``kubernetes``) by intersecting the lists of its
  trigrams; a one-character CJK word the keys holding its character; the vocabulary itself
  is never loaded whole.
* ``docs/<n>.js``: display data of ``DOCS_PER_SHARD`` consecutive documents, loaded for the
  results shown.

Key and gram shards are cut by size (``shard_bytes``), not by count, at ends their keys
choose (``_ranges``), and named by where they begin (``shard_name``), not by their place:
a new post changes only the shards of its keys, under the names they had. The next build
makes only those again: the last build's cut (``Layout``) is kept with the postings.
* ``terms.js``: every tag and category with its posts, and each document's tags,
  categories and year: loaded only when a query has filters, or names them (chips,
  suggestions of similar terms).

Shard ranges compare strings by UTF-16 code units, as JavaScript's ``<`` does, so both
readers find the same shard for a key. ``read`` puts the whole index back together for the
command line: one layout, read in full there and in part by the browser.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from bisect import insort
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..output import digest, safe_json
from .ranking import SearchIndex
from .scripts import CJK_CLASS
from .words import WORD_PREFIX

#: Fewest bytes a key or gram shard collects before the next begins.
MIN_SHARD_BYTES = 8_000
#: Documents per display shard: the first results shown are spread over the whole site
#: (scores differ), so each costs its shard; two a file keeps the files of a long list few.
DOCS_PER_SHARD = 2
#: Sorts a dictionary word just after the bigram of its first two letters; no key holds it.
WORD_MARK = "\x01"
#: UTF-16 code units of a shard's first key its name is written from: enough to tell
#: shards apart (``_ranges`` begins no shard inside a run of keys sharing them), few
#: enough for any file system, however long a word.
NAME_UNITS = 12
#: A probe's keys are joined by it; keys hold no whitespace.
KEY_SEPARATOR = "\n"

MANIFEST = "index.js"
_CALL = "BunkoSearch.{}("
_END = ");\n"

_CJK_CHARACTER = re.compile(f"[{CJK_CLASS}]")


def shard_order(key: str) -> str:
    """Where ``key`` sorts among the shards: a word as its letters, just after the bigram."""
    return key[len(WORD_PREFIX):] + WORD_MARK if key.startswith(WORD_PREFIX) else key


def utf16(text: str) -> bytes:
    """Sort key comparing as JavaScript compares strings."""
    return text.encode("utf-16-be")


def shard_name(start: str) -> str:
    """A key or gram shard's file name, from the order it begins at: the hexadecimal
    UTF-16 code units of its first ``NAME_UNITS`` (``bunko-search.js`` writes it alike)."""
    return utf16(start)[:2 * NAME_UNITS].hex()


def probes(key: str) -> set[str]:
    """What substring matching finds ``key`` by: its trigrams (three letters or more) and
    its CJK characters. Dictionary words are looked up whole, never inside."""
    if key.startswith(WORD_PREFIX):
        return set()
    found = {key[i:i + 3] for i in range(len(key) - 2)}
    found.update(_CJK_CHARACTER.findall(key))
    return found


def shard_bytes(total: int) -> int:
    """How large the shards of ``total`` bytes are made. A query pays for the manifest (about
    ten bytes a shard) and, for each of its dozen shards, the keys it does not need beside
    the ones it does: about ``2 * sqrt(total)`` keeps both small (8 KB up to a 16 MB index,
    which is about 12,000 posts; 16 KB at 130 MB, as 100,000 posts make). Taken in steps of
    twice ``MIN_SHARD_BYTES``, so that a new post does not move every shard's end."""
    steps = max(0, math.floor(math.log2(2 * math.sqrt(total) / MIN_SHARD_BYTES))) if total else 0
    return MIN_SHARD_BYTES << steps


def _ranges(entries: list[tuple[str, int]]) -> list[int]:
    """Where each shard begins among sorted ``(order, bytes)`` entries cut into consecutive
    shards of about ``shard_bytes``.

    Where a shard ends is chosen by its last entries alone, not by counting from the first
    shard: past half the size, a shard ends after an entry whose hash falls below its share
    of the size (so about one size in, on average), and never grows past twice the size; an
    entry of a whole size or more begins a shard of its own. No shard begins where its
    ``shard_name`` would be the previous one's.
    An entry grown or added (a new post's keys) moves the end of its own shard at most, and
    the shards after it stay as they were, byte for byte."""
    limit = shard_bytes(sum(cost for _, cost in entries))
    starts: list[int] = []
    size = 0
    ends = True
    named = ""
    for number, (order, cost) in enumerate(entries):
        if (ends or size + cost > 2 * limit or cost >= limit) and shard_name(order) != named:
            starts.append(number)
            size = 0
            named = shard_name(order)
        size += cost
        ends = size >= limit // 2 and _end_mark(order) < cost / (limit / 2)
    return starts


def _end_mark(order: str) -> float:
    """A number in [0, 1) fixed by ``order``: where a shard may end."""
    return zlib.crc32(order.encode("utf-8")) / 2 ** 32


def _script(call: str, *values: object) -> str:
    return _CALL.format(call) + ",".join(
        safe_json(value, separators=(",", ":")) for value in values) + _END


def _terms(docs: list[dict]) -> dict:
    """Every tag and category with its count (most used first, then as the newest post to
    hold it is newer), and each document's ``[year, tag numbers, category numbers]``."""
    numbers: dict[tuple[str, str], int] = {}
    table: list[list] = []
    facets: list[list] = []
    # Documents are numbered oldest first (index.py): the terms are met newest first.
    for doc in reversed(docs):
        facet: list = [doc["year"], [], []]
        # Categories first, as the search page has always counted them.
        for place, kind, field in ((2, "category", "cats"), (1, "tag", "tags")):
            for key, label in doc[field]:
                if (kind, key) not in numbers:
                    numbers[kind, key] = len(table)
                    table.append([kind, key, label, 0])
                table[numbers[kind, key]][3] += 1
                facet[place].append(numbers[kind, key])
        facets.append(facet)
    return {"terms": table, "facets": facets[::-1]}


def display_shard(number: int) -> tuple[str, slice]:
    """Display shard ``number``: its file, and the documents it holds."""
    start = number * DOCS_PER_SHARD
    return f"docs/{number}.js", slice(start, start + DOCS_PER_SHARD)


@dataclass
class Cut:
    """Entries of one kind (keys with their postings, or probes with their keys) as a build
    cut them into shards and wrote them. Kept for the next build, which makes again only
    the shards whose entries changed (``_cut``)."""

    #: Each entry's value, as written. For keys, the very dict of ``SearchIndex.keys``:
    #: pickled beside them, it is stored once.
    values: dict[str, str]
    #: Every entry, in shard order.
    names: list[str]
    #: Where each shard begins in ``names``.
    starts: list[int]
    #: Each shard's file digest, by path, in shard order.
    digests: dict[str, str]

    def shards(self) -> Iterator[tuple[list[str], str]]:
        """Each shard's entries and its file's digest."""
        ends = [*self.starts[1:], len(self.names)]
        for start, end, written in zip(self.starts, ends, self.digests.values(), strict=True):
            yield self.names[start:end], written


@dataclass
class Layout:
    """How a build cut the index's keys and probes into shards (``layout``)."""

    keys: Cut
    grams: Cut


@dataclass(frozen=True)
class _Kind:
    """A kind of shard: its folder, the call its file makes, where an entry sorts, and what
    an entry weighs in its shard."""

    folder: str
    call: str
    order: Callable[[str], str]
    cost: Callable[[str, str], int]

    def sort_key(self, name: str) -> bytes:
        return utf16(self.order(name))


# A key, its postings and the JSON around them.
_KEYS = _Kind("keys", "addKeys", shard_order,
              lambda key, postings: len(key) + len(postings) + 6)
# A probe's keys each with its separator: the length of their join, and one.
_GRAMS = _Kind("grams", "addGrams", lambda probe: probe, lambda probe, keys: len(keys) + 1)


def _probe_keys(before: dict[str, str], added: Collection[str],
                removed: Collection[str]) -> dict[str, str]:
    """Each probe's keys, joined in code point order: ``before``'s, with the keys ``added``
    and ``removed`` put in and taken out. Only the probes of those keys are split and
    joined again: at every build, most keys are the last build's."""
    if not added and not removed:
        return before
    found = {key: probes(key) for key in (*added, *removed)}
    holding: dict[str, set[str]] = {}
    for held in found.values():
        for probe in held - holding.keys():
            holding[probe] = set(before[probe].split(KEY_SEPARATOR)) if probe in before else set()
    for key in removed:
        for probe in found[key]:
            holding[probe].discard(key)
    for key in added:
        for probe in found[key]:
            holding[probe].add(key)
    values = dict(before)
    for probe, keys in holding.items():
        if keys:
            values[probe] = KEY_SEPARATOR.join(sorted(keys))
        else:
            del values[probe]
    return values


def _in_order(kind: _Kind, names: list[str], added: Collection[str],
              removed: Collection[str]) -> list[str]:
    """``names``, in ``kind``'s shard order, without ``removed`` and with ``added`` in
    their places: a few put in by bisection, more sorted with the rest."""
    kept = [name for name in names if name not in removed] if removed else list(names)
    if len(added) > len(kept) // 8:
        return sorted([*kept, *added], key=kind.sort_key)
    for name in added:
        insort(kept, name, key=kind.sort_key)
    return kept


def _cut(kind: _Kind, values: dict[str, str], kept: Cut | None,
         unchanged: Callable[[str, str], bool], files: dict[str, str]) -> Cut:
    """``values`` cut into ``kind``'s shards, each shard's file put into ``files`` — but a
    shard with the entries it had in ``kept``, each with its value, whose file
    ``unchanged(path, digest)`` finds as written: that one is left out, unmade.

    The cut is the one ``_ranges`` makes of all the entries, as a clean build's; the entries
    are sorted again only where they came or went, and the ranges taken as they were when
    no entry changed."""
    if kept is None:
        changed: Collection[str] = values.keys()
        removed: Collection[str] = ()
        names = sorted(values, key=kind.sort_key)
    else:
        changed = {name for name, value in values.items() if kept.values.get(name) != value}
        removed = kept.values.keys() - values.keys()
        names = _in_order(kind, kept.names, changed - kept.values.keys(), removed)
    if kept is not None and not changed and not removed:
        starts = kept.starts
    else:
        starts = _ranges([(kind.order(name), kind.cost(name, values[name])) for name in names])
    # Each kept shard by its first entry: its entries and its file's digest.
    earlier = {} if kept is None else {
        entries[0]: (entries, written) for entries, written in kept.shards()}
    digests: dict[str, str] = {}
    for start, end in zip(starts, [*starts[1:], len(names)], strict=True):
        shard = names[start:end]
        name = shard_name(kind.order(shard[0]))
        path = f"{kind.folder}/{name}.js"
        entries, written = earlier.get(shard[0], ((), ""))
        if entries == shard and changed.isdisjoint(shard) and unchanged(path, written):
            digests[path] = written
            continue
        files[path] = _script(kind.call, name, {entry: values[entry] for entry in shard})
        digests[path] = digest(files[path])
    return Cut(values, names, starts, digests)


def layout(index: SearchIndex,
           written: Callable[[int], str | None] = lambda number: None,
           kept: Layout | None = None,
           unchanged: Callable[[str, str], bool] = lambda path, digest: False,
           ) -> tuple[dict[str, str], Layout]:
    """Every file of the index, by path relative to the index's folder, and how its keys
    and probes were cut, for the next build.

    ``written(n)`` is the digest of display shard ``n`` as a build wrote it before, when
    that shard's documents are the same now: it is then left out, unmade (10,000 posts have
    5,000 display shards, and an edit changes one), and the index's version counts it by
    that digest. Likewise a key or gram shard whose entries and values are those ``kept``
    (the last build's layout) had in it, when ``unchanged(path, digest)`` finds its file as
    written: a post edited or published changes the postings of its own keys, and only
    their shards are serialized, digested and written again."""
    files: dict[str, str] = {}
    keys = _cut(_KEYS, index.keys, kept.keys if kept is not None else None, unchanged, files)
    before = kept.keys.values if kept is not None else {}
    probed = _probe_keys(kept.grams.values if kept is not None else {},
                         index.keys.keys() - before.keys(), before.keys() - index.keys.keys())
    grams = _cut(_GRAMS, probed, kept.grams if kept is not None else None, unchanged, files)
    digests = {**keys.digests, **grams.digests}
    for number in range(-(-len(index.docs) // DOCS_PER_SHARD)):
        name, held = display_shard(number)
        kept_digest = written(number)
        if kept_digest is not None:
            digests[name] = kept_digest
            continue
        files[name] = _script("addDocs", number, index.docs[held])
        digests[name] = digest(files[name])
    files["terms.js"] = _script("setTerms", _terms(index.docs))
    digests["terms.js"] = digest(files["terms.js"])
    manifest = {
        "docs": len(index.docs), "docsPerShard": DOCS_PER_SHARD, "nameUnits": NAME_UNITS,
        "keys": [shard_order(keys.names[start]) for start in keys.starts],
        "grams": [grams.names[start] for start in grams.starts],
    }
    # One version for every shard: a browser never mixes shards of two builds from its cache.
    manifest["version"] = digest(*(f"{name} {digests[name]}" for name in sorted(digests)))[:12]
    files[MANIFEST] = _script("setManifest", manifest)
    return files, Layout(keys, grams)


def _data(path: Path, call: str) -> list:
    """The values a shard file hands to ``BunkoSearch.<call>``."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError as err:
        if path.name == MANIFEST:
            raise
        raise ValueError(f"{path.parent.name}/{path.name} is missing") from err
    start = _CALL.format(call)
    if not text.startswith(start) or not text.endswith(_END):
        raise ValueError(f"{path.name} is not a bunko search shard")
    return json.loads("[" + text[len(start):-len(_END)] + "]")


def read(folder: Path) -> SearchIndex:
    """The whole index from its shards; ``FileNotFoundError`` or ``ValueError`` when there is
    none or it is not one."""
    manifest, = _data(folder / MANIFEST, "setManifest")
    if not isinstance(manifest, dict) or "keys" not in manifest:
        raise ValueError("index.js is not a bunko search index")
    keys: dict[str, str] = {}
    for start in manifest["keys"]:
        _, shard = _data(folder / "keys" / f"{shard_name(start)}.js", "addKeys")
        keys.update(shard)
    docs: list[dict] = []
    for number in range(-(-manifest["docs"] // manifest["docsPerShard"])):
        _, shard = _data(folder / display_shard(number)[0], "addDocs")
        docs.extend(shard)
    return SearchIndex(docs=docs, keys=dict(sorted(keys.items())))
