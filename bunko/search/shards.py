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
a new post rewrites only the shards of its keys, under the names they had.
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
from collections.abc import Callable
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


def _ranges(entries: list[tuple[str, str, int]]) -> list[list[tuple[str, str]]]:
    """Sorted ``(order, name, bytes)`` entries cut into consecutive shards of about
    ``shard_bytes``; the first order of each shard is where it begins.

    Where a shard ends is chosen by its last entries alone, not by counting from the first
    shard: past half the size, a shard ends after an entry whose hash falls below its share
    of the size (so about one size in, on average), and never grows past twice the size; an
    entry of a whole size or more begins a shard of its own. No shard begins where its
    ``shard_name`` would be the previous one's.
    An entry grown or added (a new post's keys) moves the end of its own shard at most, and
    the shards after it stay as they were, byte for byte."""
    limit = shard_bytes(sum(cost for _, _, cost in entries))
    shards: list[list[tuple[str, str]]] = []
    size = 0
    ends = True
    named = ""
    for order, name, cost in entries:
        if (ends or size + cost > 2 * limit or cost >= limit) and shard_name(order) != named:
            shards.append([])
            size = 0
            named = shard_name(order)
        shards[-1].append((order, name))
        size += cost
        ends = size >= limit // 2 and _end_mark(order) < cost / (limit / 2)
    return shards


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


def layout(index: SearchIndex,
           written: Callable[[int], str | None] = lambda number: None) -> dict[str, str]:
    """Every file of the index, by path relative to the index's folder.

    ``written(n)`` is the digest of display shard ``n`` as a build wrote it before, when
    that shard's documents are the same now: it is then left out, unmade (10,000 posts have
    5,000 display shards, and an edit changes one), and the index's version counts it by
    that digest."""
    keys = sorted(((shard_order(key), key, len(key) + len(postings) + 6)
                   for key, postings in index.keys.items()), key=lambda e: utf16(e[0]))
    key_shards = _ranges(keys)
    keys_by_probe: dict[str, list[str]] = {}
    for key in index.keys:
        for probe in probes(key):
            keys_by_probe.setdefault(probe, []).append(key)
    grams = sorted(((probe, probe, sum(len(key) + 1 for key in found))
                    for probe, found in keys_by_probe.items()), key=lambda e: utf16(e[0]))
    gram_shards = _ranges(grams)
    files: dict[str, str] = {}
    for shard in key_shards:
        name = shard_name(shard[0][0])
        files[f"keys/{name}.js"] = _script(
            "addKeys", name, {key: index.keys[key] for _, key in shard})
    for shard in gram_shards:
        name = shard_name(shard[0][0])
        files[f"grams/{name}.js"] = _script("addGrams", name, {
            probe: KEY_SEPARATOR.join(sorted(keys_by_probe[probe])) for _, probe in shard})
    digests: dict[str, str] = {}
    for number in range(-(-len(index.docs) // DOCS_PER_SHARD)):
        name, held = display_shard(number)
        kept = written(number)
        if kept is not None:
            digests[name] = kept
            continue
        files[name] = _script("addDocs", number, index.docs[held])
    files["terms.js"] = _script("setTerms", _terms(index.docs))
    digests.update((name, digest(content)) for name, content in files.items())
    manifest = {
        "docs": len(index.docs), "docsPerShard": DOCS_PER_SHARD, "nameUnits": NAME_UNITS,
        "keys": [shard[0][0] for shard in key_shards],
        "grams": [shard[0][0] for shard in gram_shards],
    }
    # One version for every shard: a browser never mixes shards of two builds from its cache.
    manifest["version"] = digest(*(f"{name} {digests[name]}" for name in sorted(digests)))[:12]
    files[MANIFEST] = _script("setManifest", manifest)
    return files


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
