"""Related posts computed whole against followed from the last build's state, on a built site.

Loads a site's saved environment (posts and their content signatures), computes every
post's related posts in two processes as a build with ``-j 2`` would, then times the two
rebuilds issue 15 names, each both ways, and checks that both ways give the same lists:

* a new post: a copy of the newest, a day later (``run.add_new_post``'s post);
* a tag edit: the first tag of the post in the middle swapped for a new one.

    .venv/bin/python bench/related_bench.py /tmp/rb10k/work/site
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bunko import related  # noqa: E402
from bunko.search.collect import stored_search_texts  # noqa: E402
from bunko.terms import Term  # noqa: E402


def _timed(label: str, *arguments, **options) -> related.RelatedState:
    start = time.perf_counter()
    state = related.related_posts(*arguments, **options)
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)
    return state


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    with (args.site / "_build" / "doctrees" / "environment.pickle").open("rb") as saved:
        env = pickle.load(saved)
    signatures = {name: text.signature for name, text in stored_search_texts(env).items()}
    newest = sorted(env.bunko_posts.items(),
                    key=lambda item: (-item[1].date.timestamp(), item[1].path))
    print(f"{len(newest)} posts, load average {os.getloadavg()[0]:.2f}", flush=True)
    known = _timed("every list, 2 processes", newest, signatures, processes=2)

    name, post = newest[0]
    copy = ("posts/bench-new-post", dataclasses.replace(
        post, path="posts/bench-new-post.md", date=post.date + timedelta(days=1)))
    changes = {"new post": ([copy, *newest], {**signatures, copy[0]: signatures[name]})}
    middle, edited = newest[len(newest) // 2]
    retagged = dataclasses.replace(edited, tags=(Term("ベンチマーク", "ベンチマーク"),
                                                 *edited.tags[1:]))
    changes["tag edit"] = ([(n, retagged if n == middle else p) for n, p in newest],
                           signatures)
    for change, (posts, its_signatures) in changes.items():
        whole = _timed(f"{change}: every list, 2 processes", posts, its_signatures,
                       processes=2)
        followed = _timed(f"{change}: followed from the last state", posts, its_signatures,
                          known=known)
        assert followed.lists == whole.lists and followed.ranked == whole.ranked
        moved = sum(1 for other, others in whole.lists.items()
                    if known.lists.get(other) != others)
        print(f"{change}: {moved} lists differ from the last state's; the same both ways",
              flush=True)


if __name__ == "__main__":
    main()
