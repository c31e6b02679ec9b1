"""Where a query's bytes go in the sharded index, and what they would be at a larger tiling.

For each two-word query of the shards bench (``search_shards_bench.QUERIES``), over a built
site (and no browser):

* the keys the query reads (a run's bigrams and dictionary words, ``prepare``'s named keys
  that exist), the bytes of their postings and the share of the neighbour filters in them
  (four letters a posting), and of dictionary words' filters (always zero);
* how many hits could still be among the first five before their proximity bonus is known:
  the hits whose score without it, plus the largest bonus, reaches the fifth hit's score;
* the bytes of those keys' postings with the index tiled ``--tile`` times over, as the shards
  bench's stand-in writes them, without building or writing a site.

    .venv/bin/python bench/search_query_bytes.py /tmp/query-bench/bunko-1000/_build/html
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from search_shards_bench import QUERIES  # noqa: E402

from bunko.search.index import read_index  # noqa: E402
from bunko.search.ranking import (  # noqa: E402
    LINK_BONUS,
    SearchIndex,
    _links,
    _Query,
    _together,
    append_posting,
    posting_bits,
    posting_impact,
    search,
)
from bunko.search.splitter import Unit, query_units  # noqa: E402
from bunko.search.words import MAX_WORD_LENGTH, WORD_PREFIX  # noqa: E402

#: Letters of a posting's two neighbour filters.
FILTER_LETTERS = 4


def named_keys(unit: Unit) -> list[str]:
    """The keys ``prepare`` (bunko-search.js) asks for by name."""
    text = unit.text
    if not unit.cjk or len(text) < 2:
        return [text]
    return [key for i in range(len(text) - 1)
            for key in [text[i:i + 2], *(WORD_PREFIX + text[i:j] for j in
                                         range(i + 2, min(len(text), i + MAX_WORD_LENGTH) + 1))]]


def tiled_bytes(index: SearchIndex, key: str, times: int) -> int:
    """Bytes of ``key``'s postings with every document repeated ``times`` over."""
    letters: list[str] = []
    previous = 0
    postings = index.postings(key)
    for copy in range(times):
        for doc, posting in postings.items():
            number = doc + copy * len(index.docs)
            append_posting(letters, number - previous, posting_bits(posting),
                           posting_impact(posting), posting >> 10)
            previous = number
    return sum(map(len, letters))


def candidates(index: SearchIndex, query: str) -> tuple[int, int]:
    """Hits, and those that may be among the first five before their proximity is read."""
    hits = search(index, query)
    if not hits:
        return 0, 0
    links = _links(_Query(index), query)
    fifth = hits[min(4, len(hits) - 1)].score
    bound = LINK_BONUS * len(links)
    return len(hits), sum(1 for hit in hits
                          if hit.score - LINK_BONUS * _together(links, hit.doc) + bound >= fifth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="a built site's HTML folder")
    parser.add_argument("--tile", type=int, nargs="+", default=[10, 100])
    arguments = parser.parse_args()
    index = read_index(arguments.html)
    print(f"{len(index.docs):,} documents\n")
    print("| query | keys | postings read | neighbour filters | word keys' filters | hits | "
          "may be first five | " + " | ".join(f"x{times}" for times in arguments.tile) + " |")
    print("|---|---|---|---|---|---|---|" + "---|" * len(arguments.tile))
    for query in QUERIES:
        units = query_units(query)
        if len(units) < 2:
            continue
        keys = [key for unit in units for key in named_keys(unit) if key in index.keys]
        size = sum(len(index.keys[key]) for key in keys)
        filters = sum(FILTER_LETTERS * len(index.postings(key)) for key in keys)
        words = sum(FILTER_LETTERS * len(index.postings(key)) for key in keys
                    if key.startswith(WORD_PREFIX))
        hits, first = candidates(index, query)
        tiled = [sum(tiled_bytes(index, key, times) for key in keys) for times in arguments.tile]
        print(f"| {query} | {len(keys)} | {size:,} | {filters:,} ({filters / size:.0%}) | "
              f"{words:,} | {hits:,} | {first:,} | " + " | ".join(f"{b:,}" for b in tiled) + " |",
              flush=True)


if __name__ == "__main__":
    main()
