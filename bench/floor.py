"""The floor under any Sphinx blog: Sphinx + MyST + furo only reading and writing the posts.

No blog features, no toctree of posts (each post an orphan, so furo's navigation stays
small), Sphinx's English search splitter instead of its slow Japanese one. Whatever a blog
extension adds (listings, feeds, search) comes on top of this, so it says how far "5× faster
than ABlog" could go while the posts still become Sphinx doctrees and furo pages. Not one of
the anchors of ``run.py``: a one-off measurement for the note of issue 8.

    .venv/bin/python bench/floor.py --posts 1000      # prints wall and CPU seconds
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from run import BENCH  # noqa: E402

FLOOR_CONF = '''\
project = "floor"
extensions = ["myst_parser"]
html_theme = "furo"
language = "ja"
html_search_language = "en"
exclude_patterns = ["_build"]
suppress_warnings = ["toc.not_included", "myst.header", "myst.xref_missing"]
'''


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time a bare Sphinx build of N posts.")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "floor")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)

    if args.work.exists():
        shutil.rmtree(args.work)
    generate(args.posts, args.work / "posts")
    (args.work / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
    (args.work / "index.md").write_text("# floor\n", encoding="utf-8")
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    for run in range(1, args.runs + 1):
        shutil.rmtree(args.work / "_build", ignore_errors=True)
        cpu_before = _children_cpu()
        start = time.perf_counter()
        subprocess.run([str(sphinx_build), "-M", "html", ".", "_build", "-j", "auto", "-q"],
                       cwd=args.work, check=True)
        print(f"run {run}: {args.posts} posts, {time.perf_counter() - start:.1f} s wall, "
              f"{_children_cpu() - cpu_before:.1f} s CPU (user+sys)", flush=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
