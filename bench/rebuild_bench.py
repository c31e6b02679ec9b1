"""The rebuild kinds of issue 15 on one site built beforehand, and the site put back after.

``run.py`` builds a fresh site for every measurement; at 10,000 posts that is a 7-12 minute
full build each time. This times the rebuilds of ``run.py``'s scenarios (no change, one body
edit, one tag edit of the same post, one new post), in that order, as ``make html`` runs them
(``sphinx-build -M html . _build -j auto``, at ``nice 10``: the machine is shared), each
with its load average before and after and the seconds at which its phases began. Then the
posts are put back as they were and built once more ("restore"), so the next run of the
script measures the same rebuilds of the same site: before and after a change of bunko.

    .venv/bin/python bench/rebuild_bench.py /tmp/rb10k/work/site --label before
    .venv/bin/python bench/rebuild_bench.py SITE --scenarios none --repeat 3 --label after

The results are printed and appended to ``--json`` (one object per run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import SPHINX_BUILD, Site, add_new_post, edit_body, edit_tags, run_build  # noqa: E402

SCENARIOS = ("none", "body", "tag", "new")


def _uptime() -> str:
    return "load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--repeat", type=int, default=1, help="no-change rebuilds only")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--logs", type=Path)
    args = parser.parse_args(argv)

    os.nice(10)
    site = Site("bunko", args.site.resolve(), SPHINX_BUILD)
    logs = args.logs or site.folder.parent / "rebuild-logs"
    logs.mkdir(parents=True, exist_ok=True)
    posts = sorted(site.posts.iterdir())
    edited = posts[len(posts) // 2]
    original = edited.read_bytes()
    added: list[Path] = []
    edits = {"none": lambda: None, "body": lambda: edit_body(edited),
             "tag": lambda: edit_tags(edited),
             "new": lambda: added.append(add_new_post(site.posts))}
    runs = []
    try:
        for scenario in args.scenarios:
            for attempt in range(args.repeat if scenario == "none" else 1):
                edits[scenario]()
                name = f"{args.label}-{scenario}-{attempt}-{time.strftime('%H%M%S')}"
                build = run_build(site, logs / f"{name}.log")
                runs.append({"scenario": scenario, **asdict(build)})
                print(f"{scenario}: {build.seconds:.1f} s (exit {build.returncode}), load "
                      f"{build.load_before:.2f} → {build.load_after:.2f}, phases "
                      f"{build.phases}, log {logs / name}.log", flush=True)
    finally:
        edited.write_bytes(original)
        for path in added:
            path.unlink()
        if any(run["scenario"] != "none" for run in runs):
            build = run_build(site, logs / f"{args.label}-restore.log")
            print(f"restore: {build.seconds:.1f} s (exit {build.returncode})", flush=True)
    if args.json:
        with args.json.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"label": args.label, "time": time.strftime("%F %T %Z"),
                                  "uptime": _uptime(), "runs": runs}) + "\n")


if __name__ == "__main__":
    main()
