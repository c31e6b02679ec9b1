"""Bad input at scale (issue 15): each case built by bunko alone, measured and checked.

* ``huge-post``: one post of just over 1,000,000 characters among ``--base`` ordinary posts;
* ``many-tags``: one post with 10,000 tags;
* ``one-day``: 5,000 posts dated the same day;
* ``one-category``: 50,000 posts in one category (``--category-posts`` for fewer).

Per case: wall time, peak memory of the process tree (RSS and PSS sums, as ``run.py``), the
largest page, the most posts any listing page links to (pages stay paginated: no page lists
every post), and whether the warnings README promises are there (over 1,000,000 characters,
more than 100 tags, each naming the file). Writes ``bench/results/hostile-scale.md``.
Benchmarks are not tests: nothing fails on a number.

    .venv/bin/python bench/hostile_scale.py                       # every case, full size
    .venv/bin/python bench/hostile_scale.py --cases one-category --category-posts 5000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from run import (  # noqa: E402
    BENCH,
    MB,
    SPHINX_BUILD,
    Site,
    lay_out_bunko,
    machine_info,
    run_build,
)

CASES = ("huge-post", "many-tags", "one-day", "one-category")
#: A post link in a listing: ``href="…posts/….html"``.
_POST_LINK = re.compile(r'href="[^"]*posts/[^"/]+\.html"')


@dataclass
class Case:
    name: str
    posts: int
    #: Text a warning must hold (with the file's name) for the case to be named, or None
    #: where README promises no warning.
    warning: str | None
    culprit: str | None


def _set_line(text: str, key: str, value: str) -> str:
    return re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)


def write_case(name: str, posts: Path, args: argparse.Namespace) -> Case:
    if name == "one-day":
        paths = generate(args.day_posts, posts)
        for number, path in enumerate(paths):
            when = f"2026-01-15 {number // 3600 % 24:02d}:{number // 60 % 60:02d}:" \
                   f"{number % 60:02d} +0000"
            path.write_text(_set_line(path.read_text("utf-8"), "date", when), "utf-8")
            path.rename(path.with_name("2026-01-15-" + path.name[11:]))
        return Case(name, args.day_posts, None, None)
    if name == "one-category":
        paths = generate(args.category_posts, posts)
        for path in paths:
            path.write_text(_set_line(path.read_text("utf-8"), "categories", '["大分類"]'),
                            "utf-8")
        return Case(name, args.category_posts, None, None)
    paths = generate(args.base, posts)
    culprit = paths[len(paths) // 2]
    text = culprit.read_text("utf-8")
    if name == "huge-post":
        paragraph = "これは大きな記事の本文で、段落が延々と続いていく。" * 10 + "\n\n"
        text += paragraph * (1_000_000 // len(paragraph) + 1)
        culprit.write_text(text, "utf-8")
        return Case(name, args.base, "characters long", culprit.name)
    tags = json.dumps([f"タグ{number:05d}" for number in range(10_000)], ensure_ascii=False)
    culprit.write_text(_set_line(text, "tags", tags), "utf-8")
    return Case(name, args.base, "has 10,000 tags", culprit.name)


def most_posts_listed(html: Path) -> tuple[int, str]:
    """The most distinct post links on any page that is not a post."""
    most = (0, "")
    for path in html.rglob("*.html"):
        relative = path.relative_to(html).as_posix()
        if relative.startswith(("posts/", "_")):
            continue
        links = len(set(_POST_LINK.findall(path.read_text("utf-8", errors="replace"))))
        most = max(most, (links, relative))
    return most


def largest_page(html: Path) -> tuple[float, str]:
    size, path = max((entry.stat().st_size, entry) for entry in html.rglob("*.html"))
    return size / 1024, path.relative_to(html).as_posix()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bad input at scale, built by bunko.")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--base", type=int, default=100,
                        help="ordinary posts beside the huge post and the many-tag post")
    parser.add_argument("--day-posts", type=int, default=5000)
    parser.add_argument("--category-posts", type=int, default=50000)
    parser.add_argument("--memory-cap-mb", type=float, default=14000)
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "hostile")
    parser.add_argument("--results", type=Path, default=BENCH / "results" / "hostile-scale.md")
    args = parser.parse_args(argv)

    info = machine_info()
    lines = ["# Bad input at scale (bunko alone)", "",
             f"`python bench/hostile_scale.py {' '.join(argv or sys.argv[1:])}` — "
             f"{info['date']}, {info['cores']} cores, {info['memory_gb']} GB, Sphinx "
             f"{info['sphinx']}, bunko {info['bunko_commit']}. Each a full "
             "`sphinx-build -M html . _build -j auto`; the machine is shared (load averages).",
             "", "| case | posts | wall s | CPU s | peak RSS MB | peak PSS MB | largest page KB "
             "| most posts on one listing page | warning named | load before → after |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    notes = []
    for name in args.cases:
        work = args.work / name
        shutil.rmtree(work, ignore_errors=True)
        source = work / "source-posts"
        case = write_case(name, source, args)
        site = Site(f"bunko-{name}", work / "site", SPHINX_BUILD)
        site.folder.mkdir(parents=True)
        lay_out_bunko(site.folder, source)
        print(f"{name}: {case.posts:,} posts (load {os.getloadavg()[0]:.1f})", flush=True)
        log = work / "build.log"
        build = run_build(site, log, memory_cap_mb=args.memory_cap_mb)
        text = log.read_text("utf-8", errors="replace")
        warned = "—"
        if case.warning:
            hits = [line for line in text.splitlines()
                    if "WARNING" in line and case.culprit in line and case.warning in line]
            warned = f"yes (`{hits[0].split('WARNING: ', 1)[-1][:70]}…`)" if hits else "**no**"
        if build.returncode == 0:
            kb, page = largest_page(site.html)
            listed, listing = most_posts_listed(site.html)
            notes.append(f"- {name}: largest page `{page}`; most post links on "
                         f"`{listing}`; {build.warnings} warnings")
        else:
            kb, listed = 0.0, 0
            notes.append(f"- {name}: the build exited {build.returncode}"
                         + (" (stopped over the memory cap)" if build.over_memory_cap else ""))
        lines.append(f"| {name} | {case.posts:,} | {build.seconds:.0f} | "
                     f"{build.cpu_seconds or 0:.0f} | {build.peak_rss_mb:,.0f} | "
                     f"{build.peak_pss_mb or 0:,.0f} | {kb:,.1f} | {listed} | {warned} | "
                     f"{build.load_before:.1f} → {build.load_after:.1f} |")
        print("  " + lines[-1], flush=True)
        shutil.rmtree(work, ignore_errors=True)
    lines += ["", *notes, "", "Peak memory as in `run.py` (RSS summed over the tree is an upper "
              f"bound; PSS divides shared pages). 1 MB = {MB:,} bytes.", ""]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
