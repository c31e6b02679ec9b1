"""One huge post (2 MB of prose, 10,000 tags, a 100,000-line table) builds with warnings, in
bounded memory and time, into a site whose size grows with the post, not with its square."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hostile_inputs import new_site

TAGS = 10_000
TABLE_ROWS = 100_000
#: Measured on the 2-core, 24 GiB machine: about 1.3 GB and 3 minutes.
PEAK_MEMORY_LIMIT = 3 * 1024**3
TIME_LIMIT = 900
#: Runs ``sphinx-build`` in this process and prints its peak memory (ru_maxrss, KiB) last.
MEASURED_BUILD = """
import resource, sys
from sphinx.cmd.build import main
status = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(status)
"""


def write_site(site: Path) -> None:
    posts = new_site(site)
    paragraph = "これは大きな記事の本文です。" * 20 + "\n\n"
    prose = paragraph * (2_000_000 // len(paragraph.encode("utf-8")))
    table = "| 番号 | 値 |\n|---|---|\n" + "".join(f"| {row} | セル{row} |\n"
                                                  for row in range(TABLE_ROWS))
    tags = json.dumps([f"tag{number:05d}" for number in range(TAGS)])
    (posts / "2026-01-01-huge.md").write_text(
        f"---\ntitle: 巨大な記事\ntags: {tags}\n---\n\n{prose}\n{table}\n最後の行。\n", "utf-8")
    (posts / "2026-01-02-small.md").write_text(
        "---\ntitle: 小さな記事\ntags: [tag00001, 普通]\n---\n\n小さい。\n", "utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("huge") / "site"
    write_site(site)
    out = site / "_build" / "html"
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", MEASURED_BUILD, "-b", "html", "--no-color", str(site), str(out)],
        capture_output=True, text=True, timeout=TIME_LIMIT, env=env)
    seconds = time.monotonic() - started
    peak = int(result.stderr.strip().splitlines()[-1]) * 1024
    print(f"huge post: {seconds:.0f} s, peak memory {peak / 1024**2:.0f} MiB")
    return out, result, peak


def test_the_build_finishes_with_warnings_in_bounded_memory(built):
    out, result, peak = built
    assert result.returncode == 0, result.stderr[-3000:]
    assert peak < PEAK_MEMORY_LIMIT, f"{peak / 1024**2:.0f} MiB"
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert any("2026-01-01-huge.md" in w and "has 10,000 tags" in w for w in warnings)
    assert any("2026-01-01-huge.md" in w and "characters long" in w for w in warnings)


def test_the_whole_post_is_there(built):
    out, _result, _peak = built
    page = (out / "posts/2026-01-01-huge.html").read_text("utf-8")
    assert f"セル{TABLE_ROWS - 1}" in page and "最後の行。" in page
    assert page.count('class="bunko-term bunko-tag"') == TAGS


def test_every_tag_has_a_small_page(built):
    out, _result, _peak = built
    pages = list(out.glob("tags/tag*/index.html"))
    assert len(pages) == TAGS
    # The huge post is listed on each with a dozen of its tags and "+9988", not all 10,000.
    assert max(page.stat().st_size for page in pages[:200]) < 100_000
    shared = (out / "tags/tag00001/index.html").read_text("utf-8")
    # Titles carry <wbr> between their phrases: the reader's text is the markup's text.
    assert "+9988" in shared and "小さな記事" in BeautifulSoup(shared, "html.parser").get_text()
