"""The search index's layout and writes after an edit, at a larger site's scale, without
building it: the postings a build kept under the doctrees, every document and posting
repeated ``--times`` over (as ``search_shards_bench.py`` tiles a site), are laid out and
written into a scratch folder through the output manifest as ``index._write_index`` does;
then a body edit (the postings of ``--edited`` keys of one post changed) and a new post
(every key the newest post holds extended) are laid out and written again, each way:
"whole" makes every shard (no kept layout), "kept" only those whose entries changed.

    .venv/bin/python bench/layout_bench.py SITE/_build/doctrees /tmp/layout-out --times 10

Prints each run's seconds with the load average.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_shards_bench import tiled_postings  # noqa: E402

from bunko.output import OutputManifest  # noqa: E402
from bunko.search.index import _POSTINGS_FILE  # noqa: E402
from bunko.search.ranking import SearchIndex  # noqa: E402
from bunko.search.shards import MANIFEST, Layout, layout  # noqa: E402


def tiled(index: SearchIndex, times: int) -> SearchIndex:
    """``index`` with every document and each key's postings repeated ``times`` over."""
    return SearchIndex(docs=index.docs * times,
                       keys={key: tiled_postings(index, key, times) for key in index.keys})


def write(index: SearchIndex, out: Path, kept: Layout | None) -> tuple[Layout, str]:
    """Lay ``index`` out after ``kept`` and write it into ``out`` as ``_write_index`` does
    (display shards kept when already written); what it cost."""
    manifest = OutputManifest(out)

    def written(number: int) -> str | None:
        name = f"docs/{number}.js"
        return manifest.current[name] if manifest.keep([name]) else None

    def unchanged(name: str, written_digest: str) -> bool:
        return manifest.previous.get(name) == written_digest and manifest.keep([name])

    start = time.perf_counter()
    files, cut = layout(index, written, kept, unchanged)
    laid = time.perf_counter()
    files.pop(MANIFEST)
    for name, content in files.items():
        manifest.write(name, content)
    done = time.perf_counter()
    manifest.finish()
    made = [content for name, content in files.items() if name.startswith(("keys/", "grams/"))]
    shards = len(cut.keys.digests) + len(cut.grams.digests)
    return cut, (f"layout {laid - start:.3f} s + writes {done - laid:.3f} s = "
                 f"{done - start:.3f} s, {len(made)} of {shards} key and gram shards made "
                 f"({sum(map(len, made)) / 1e6:.1f} M characters), "
                 f"load {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doctrees", type=Path)
    parser.add_argument("out", type=Path, help="a scratch folder, emptied")
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--edited", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    kept = pickle.loads((args.doctrees / _POSTINGS_FILE).read_bytes())
    index = tiled(SearchIndex(docs=kept.display, keys=kept.keys), args.times)
    newest = len(index.docs) - 1
    # A post in the middle: the documents before the posts (pages) hold few keys.
    middle = len(index.docs) // 2 + 7
    holding = {number: [key for key in index.keys if number in index.postings(key)]
               for number in (newest, middle)}
    print(f"{len(index.docs)} documents, {len(index.keys)} keys, "
          f"{sum(map(len, index.keys.values()))} bytes of postings", flush=True)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    cut, cost = write(index, args.out, None)
    print(f"first: {cost}", flush=True)
    edits = {"body edit": random.Random(5).sample(holding[middle], args.edited),
             "new post": holding[newest]}
    for name, changed in edits.items():
        edited = SearchIndex(docs=index.docs, keys={
            key: postings + "A" if key in changed else postings
            for key, postings in index.keys.items()})
        for attempt in range(args.repeat):
            for way in ("whole", "kept"):
                # The edit, then the index as it was: each run starts from the last one's.
                for state, label in ((edited, name), (index, f"{name} undone")):
                    cut, cost = write(state, args.out, cut if way == "kept" else None)
                    print(f"{label}, {way} #{attempt}: {cost}", flush=True)


if __name__ == "__main__":
    main()
