"""Where a query's bytes go in the sharded index, and what they would be at a larger tiling.

For each two-word query of the shards bench (``search_shards_bench.QUERIES``), over a built
site (and no browser):

* the keys the query reads (a run's bigrams and dictionary words, ``prepare``'s named keys
  that exist), the bytes of their postings and the share of the neighbour filters in them
  (what the same postings take written without them);
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

from search_shards_bench import QUERIES, tiled_postings  # noqa: E402

from bunko.search.index import read_index  # noqa: E402
from bunko.search.ranking import (  # noqa: E402
    BEFORE_FIRST,
    LINK_BONUS,
    SearchIndex,
    _links,
    _Query,
    _together,
    posting_letters,
    search,
)
from bunko.search.splitter import Unit, query_units  # noqa: E402
from bunko.search.words import MAX_WORD_LENGTH, WORD_PREFIX  # noqa: E402


def named_keys(unit: Unit) -> list[str]:
    """The keys ``prepare`` (bunko-search.js) asks for by name."""
    text = unit.text
    if not unit.cjk or len(text) < 2:
        return [text]
    return [key for i in range(len(text) - 1)
            for key in [text[i:i + 2], *(WORD_PREFIX + text[i:j] for j in
                                         range(i + 2, min(len(text), i + MAX_WORD_LENGTH) + 1))]]


def filter_letters(index: SearchIndex, key: str) -> int:
    """What ``key``'s neighbour filters take of its postings: the letters its postings
    would lose written without them."""
    bare = 0
    previous = BEFORE_FIRST
    for doc, posting in index.postings(key).items():
        bare += len(posting_letters(doc - previous, posting, False))
        previous = doc
    return len(index.keys[key]) - bare


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
    print("| query | keys | postings read | neighbour filters | hits | may be first five | "
          + " | ".join(f"x{times}" for times in arguments.tile) + " |")
    print("|---|---|---|---|---|---|" + "---|" * len(arguments.tile))
    for query in QUERIES:
        units = query_units(query)
        if len(units) < 2:
            continue
        keys = [key for unit in units for key in named_keys(unit) if key in index.keys]
        size = sum(len(index.keys[key]) for key in keys)
        filters = sum(filter_letters(index, key) for key in keys)
        hits, first = candidates(index, query)
        tiled = [sum(len(tiled_postings(index, key, times)) for key in keys)
                 for times in arguments.tile]
        print(f"| {query} | {len(keys)} | {size:,} | {filters:,} ({filters / size:.0%}) | "
              f"{hits:,} | {first:,} | " + " | ".join(f"{b:,}" for b in tiled) + " |",
              flush=True)


if __name__ == "__main__":
    main()
