"""Where a bunko build spends its time: a serial build of N synthetic posts under cProfile,
or (``--rebuild``) a rebuild after one edit of a site built beforehand with ``-j 2``.

Serial (no ``-j``) so every call is in this one process and counted. Not named
``profile.py``: run as a script, that name would hide the standard library's ``profile``,
which cProfile imports. Prints the top items by cumulative time, then by own time;
the raw profile is kept for ``snakeviz``/``pstats``.

    .venv/bin/python bench/profile_build.py            # 200 posts, top 25
    .venv/bin/python bench/profile_build.py --posts 500 --top 40
    .venv/bin/python bench/profile_build.py --posts 1000 --rebuild body   # none, tag, new
    .venv/bin/python bench/profile_build.py --site /tmp/rb10k/work/site --rebuild none

With ``--site``, the rebuild is profiled on a site built beforehand (a 10,000-post site
takes minutes to build), and its posts are put back and built again afterwards, so the
next profile starts from the same site.
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
    parser.add_argument("--site", type=Path,
                        help="a site built beforehand: profile its --rebuild, then restore it")
    parser.add_argument("--parallel", type=int, default=0,
                        help="-j of the profiled build (2 as make html runs a rebuild here)")
    args = parser.parse_args(argv)

    if args.site:
        site = args.site.resolve()
        args.work = site.parent
        args.posts = len(list((site / "posts").iterdir()))
        args.rebuild = args.rebuild or "none"
    else:
        site = fresh_bunko_site(args.work, args.shape, args.posts)
    originals: dict[Path, bytes | None] = {}
    if args.rebuild:
        if not args.site:
            Sphinx(str(site), str(site), str(site / "_build" / "html"),
                   str(site / "_build" / "doctrees"), "html", status=None,
                   warning=io.StringIO(), parallel=2).build()
        posts = sorted((site / "posts").iterdir())
        edited, deleted = posts[len(posts) // 2], posts[len(posts) // 3]
        originals = {edited: edited.read_bytes(), deleted: deleted.read_bytes()}
        before = set(posts)
        {"none": lambda: None, "body": lambda: edit_body(edited),
         "tag": lambda: edit_tags(edited), "new": lambda: add_new_post(site / "posts"),
         "deleted": deleted.unlink}[args.rebuild]()
        originals.update({path: None for path in set((site / "posts").iterdir()) - before})

    warnings = io.StringIO()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    app = Sphinx(str(site), str(site), str(site / "_build" / "html"),
                 str(site / "_build" / "doctrees"), "html", status=None, warning=warnings,
                 freshenv=not args.rebuild, parallel=args.parallel)
    app.build()
    profiler.disable()
    seconds = time.perf_counter() - start
    if args.site and args.rebuild != "none":
        for path, content in originals.items():
            if content is None:
                path.unlink()
            else:
                path.write_bytes(content)
        Sphinx(str(site), str(site), str(site / "_build" / "html"),
               str(site / "_build" / "doctrees"), "html", status=None, warning=io.StringIO(),
               parallel=2).build()

    profile_path = args.work / f"build-{args.rebuild or 'full'}.prof"
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
