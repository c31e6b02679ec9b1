"""Where a bunko build spends its time: a serial build of N synthetic posts under cProfile,
or (``--rebuild``) a rebuild after one edit of a site built beforehand with ``-j 2``.

Serial (no ``-j``) so every call is in this one process and counted. Not named
``profile.py``: run as a script, that name would hide the standard library's ``profile``,
which cProfile imports. Prints the top items by cumulative time, then by own time;
the raw profile is kept for ``snakeviz``/``pstats``.

    .venv/bin/python bench/profile_build.py            # 200 posts, top 25
    .venv/bin/python bench/profile_build.py --posts 500 --top 40
    .venv/bin/python bench/profile_build.py --posts 1000 --rebuild body   # none, tag, new
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).parent))
from run import (  # noqa: E402
    BENCH,
    SHAPES,
    add_new_post,
    edit_body,
    edit_tags,
    fresh_bunko_site,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Profile a serial bunko build.")
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "profile")
    parser.add_argument("--shape", choices=SHAPES, default="generate")
    parser.add_argument("--rebuild", choices=("none", "body", "tag", "new", "deleted"),
                        help="profile the rebuild after this edit instead of the full build")
    args = parser.parse_args(argv)

    site = fresh_bunko_site(args.work, args.shape, args.posts)
    if args.rebuild:
        Sphinx(str(site), str(site), str(site / "_build" / "html"),
               str(site / "_build" / "doctrees"), "html", status=None, warning=io.StringIO(),
               parallel=2).build()
        posts = sorted((site / "posts").iterdir())
        edited = posts[len(posts) // 2]
        {"none": lambda: None, "body": lambda: edit_body(edited),
         "tag": lambda: edit_tags(edited), "new": lambda: add_new_post(site / "posts"),
         "deleted": posts[len(posts) // 3].unlink}[args.rebuild]()

    warnings = io.StringIO()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    app = Sphinx(str(site), str(site), str(site / "_build" / "html"),
                 str(site / "_build" / "doctrees"), "html", status=None, warning=warnings,
                 freshenv=not args.rebuild, parallel=0)
    app.build()
    profiler.disable()
    seconds = time.perf_counter() - start

    profile_path = args.work / "build.prof"
    profiler.dump_stats(profile_path)
    what = f"rebuild after '{args.rebuild}'" if args.rebuild else "serial build"
    print(f"{what} of {args.posts} posts ({args.shape}): {seconds:.1f} s under cProfile "
          f"(warnings: {warnings.getvalue().count('WARNING')}); profile in {profile_path}\n")
    stats = pstats.Stats(profiler).strip_dirs()
    print(f"top {args.top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(args.top)
    print(f"top {args.top} by own time:")
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
