"""Where a bunko build's memory goes: the pickled environment by key, what each parallel
reader sends back, and (serial, ``--tracemalloc``) the main process's peak by source line.

A build of N posts in this process, as ``make html`` runs it (``-j 2``) unless ``--serial``.
Sphinx's parallel readers each return ``pickle.dumps(env)``, which the main process loads and
merges: the sizes of those payloads are recorded by wrapping the ``pickle`` module Sphinx's
builder uses. After the build the saved ``environment.pickle`` is measured attribute by
attribute (``bunko_*`` and Sphinx's own), and per document for the largest ones.

    .venv/bin/python bench/profile_memory.py --posts 1000
    .venv/bin/python bench/profile_memory.py --posts 1000 --serial --tracemalloc
    .venv/bin/python bench/profile_memory.py --posts 1000 --shape gen_posts
    .venv/bin/python bench/profile_memory.py --environment SITE/_build/doctrees/environment.pickle
"""

from __future__ import annotations

import argparse
import io
import pickle
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import sphinx.builders
from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).parent))
from run import BENCH, fresh_bunko_site  # noqa: E402

MB = 1024 * 1024


class _CountingPickle:
    """``pickle`` as Sphinx's builder module sees it, counting what readers send back."""

    def __init__(self) -> None:
        self.payloads: list[int] = []

    def __getattr__(self, name: str):
        return getattr(pickle, name)

    def loads(self, data: bytes, *args, **kwargs):
        self.payloads.append(len(data))
        return pickle.loads(data, *args, **kwargs)


def _size(value: object) -> int:
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def environment_by_key(path: Path, top: int) -> list[str]:
    """The pickled environment's attributes, largest first, with bytes per document."""
    env = pickle.loads(path.read_bytes())
    docs = max(1, len(env.found_docs))
    rows = []
    for name, value in vars(env).items():
        if name == "settings":  # holds the environment itself while it is pickled
            value = {key: item for key, item in value.items() if key != "env"}
        try:
            size = _size(value)
        except Exception as err:  # an attribute Sphinx drops in __getstate__
            rows.append((0, name, f"not picklable here ({type(err).__name__})"))
            continue
        rows.append((size, name, type(value).__name__))
    for name, value in env.domaindata.items():
        rows.append((_size(value), f"domaindata[{name!r}]", type(value).__name__))
    rows.sort(reverse=True)
    lines = [f"`{path.name}`: {path.stat().st_size / MB:.1f} MB for {docs:,} documents "
             f"({path.stat().st_size / docs / 1024:.1f} KB per document)", "",
             "| attribute | pickled MB | KB per document | type |", "|---|---:|---:|---|"]
    for size, name, kind in rows[:top]:
        lines.append(f"| `{name}` | {size / MB:.2f} | {size / docs / 1024:.2f} | {kind} |")
    return lines


def tracemalloc_lines(snapshot: tracemalloc.Snapshot, top: int) -> list[str]:
    lines = ["| where (file:line) | MB held at the peak's end | blocks |", "|---|---:|---:|"]
    for stat in snapshot.statistics("lineno")[:top]:
        frame = stat.traceback[0]
        where = "/".join(Path(frame.filename).parts[-2:])
        lines.append(f"| `{where}:{frame.lineno}` | {stat.size / MB:.1f} | {stat.count:,} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure a bunko build's memory.")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--shape", choices=("generate", "gen_posts"), default="generate")
    parser.add_argument("--serial", action="store_true", help="no -j: one process")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="trace the main process's allocations (slow)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "profile-memory")
    parser.add_argument("--environment", type=Path,
                        help="only measure this saved environment.pickle by key")
    args = parser.parse_args(argv)
    if args.environment:
        print("\n".join(environment_by_key(args.environment, args.top)))
        return

    site = fresh_bunko_site(args.work, args.shape, args.posts)

    counting = _CountingPickle()
    sphinx.builders.pickle = counting
    if args.tracemalloc:
        tracemalloc.start(1)
    start = time.perf_counter()
    app = Sphinx(str(site), str(site), str(site / "_build" / "html"),
                 str(site / "_build" / "doctrees"), "html", status=None,
                 warning=io.StringIO(), freshenv=True, parallel=0 if args.serial else 2)
    app.build()
    seconds = time.perf_counter() - start
    sphinx.builders.pickle = pickle
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = [f"# Memory of a bunko build: {args.posts:,} posts ({args.shape} shape), "
              f"{'serial' if args.serial else '-j 2'}", "",
              f"`python bench/profile_memory.py {' '.join(argv or sys.argv[1:])}`: "
              f"{seconds:.0f} s, main process peak RSS {peak_rss:.0f} MB.", ""]
    if args.tracemalloc:
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        report += [f"tracemalloc: {peak / MB:.0f} MB traced at the peak, {current / MB:.0f} MB "
                   "still held at the end of the build; largest holders at the end:", "",
                   *tracemalloc_lines(snapshot, args.top), ""]
    if counting.payloads:
        report += [f"Parallel readers: {len(counting.payloads)} sent back "
                   f"{sum(counting.payloads) / MB:.1f} MB in all (largest "
                   f"{max(counting.payloads) / MB:.1f} MB), "
                   f"{sum(counting.payloads) / args.posts / 1024:.1f} KB per post; the main "
                   "process unpickles each into a whole environment before merging.", ""]
    report += environment_by_key(site / "_build" / "doctrees" / "environment.pickle", args.top)
    doctrees = list((site / "_build" / "doctrees").rglob("*.doctree"))
    total = sum(path.stat().st_size for path in doctrees)
    report += ["", f"Doctrees on disk: {len(doctrees):,} files, {total / MB:.1f} MB "
               f"({total / max(1, len(doctrees)) / 1024:.1f} KB each)."]
    print("\n".join(report))


if __name__ == "__main__":
    main()
