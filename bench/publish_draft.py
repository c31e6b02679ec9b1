"""The daily case at N posts: rebuild after publishing one draft, and after adding one post.

Builds ``bench/generate.py``'s N posts plus one draft (``published: false``) with
``make html``'s command, then times three incremental builds — no change, the draft
published, one new post — and counts the output files each one changed. Repeats the two
edits ``--runs`` times (undoing them in between) and prints minimum and median with the
load average, so a busy machine can be told from a slow build.

    .venv/bin/python bench/publish_draft.py --posts 1000 --runs 3
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import post_text  # noqa: E402
from run import fresh_bunko_site  # noqa: E402


def _build(site: Path) -> float:
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "sphinx", "-M", "html", ".", "_build",
                             "-j", "auto", "-q"], cwd=site, capture_output=True, text=True)
    took = time.monotonic() - start
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return took


def _snapshot(site: Path) -> dict[str, str]:
    out = site / "_build" / "html"
    return {path.relative_to(out).as_posix(): hashlib.blake2b(path.read_bytes()).hexdigest()
            for path in out.rglob("*") if path.is_file()}


def _changed(before: dict[str, str], after: dict[str, str]) -> int:
    return sum(before.get(name) != after.get(name) for name in before.keys() | after.keys())


def _step(site: Path, label: str, times: dict[str, list[float]]) -> None:
    before = _snapshot(site)
    took = _build(site)
    times.setdefault(label, []).append(took)
    print(f"{label}: {took:.1f} s, {_changed(before, _snapshot(site))} files changed "
          f"(load {os.getloadavg()[0]:.2f})", flush=True)


def _dated(text: str, day: str) -> str:
    return re.sub(r"^date: .*$", f"date: {day} 09:00:00 +0000", text, count=1, flags=re.M)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--draft-in-middle", action="store_true")
    parser.add_argument("--work", type=Path, default=None, help="kept after the run if given")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bunko-publish-"))
    site = fresh_bunko_site(work, "generate", args.posts)
    posts = site / "posts"
    # The draft is the newest post once published (the daily case: written, then let out),
    # or with --draft-in-middle one dated among the others, which shifts every listing page
    # and search shard after it; the new post is the newest of all.
    draft_date = "2099-12-30" if not args.draft_in_middle else sorted(
        posts.iterdir())[args.posts // 2].name[:10]
    draft = posts / f"{draft_date}-draft.md"
    draft_text = _dated(post_text(args.posts), draft_date).replace(
        "\n---\n", "\npublished: false\n---\n", 1)
    new_post = posts / "2099-12-31-new.md"
    new_text = _dated(post_text(args.posts + 1), "2099-12-31")
    draft.write_text(draft_text, "utf-8")
    print(f"{args.posts} posts + 1 draft; full build {_build(site):.1f} s "
          f"(load {os.getloadavg()[0]:.2f})", flush=True)
    times: dict[str, list[float]] = {}
    for _ in range(args.runs):
        _step(site, "no change", times)
        draft.write_text(draft_text.replace("published: false", "published: true"), "utf-8")
        _step(site, "publish one draft", times)
        new_post.write_text(new_text, "utf-8")
        _step(site, "add one new post", times)
        new_post.unlink()
        draft.write_text(draft_text, "utf-8")
        _build(site)  # back to the start for the next run
    for label, values in times.items():
        print(f"{label}: min {min(values):.1f} s, median {statistics.median(values):.1f} s "
              f"over {len(values)} runs")
    if args.work is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
