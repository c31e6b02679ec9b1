"""One huge post (over 1,000,000 characters of prose, 1,000 tags, a 10,000-line table) builds
with warnings into a site whose size grows with the post, not with its square. Ten times the
warning's threshold of tags shows lists cut to a dozen terms and "+N" as well as 10,000 did, at
a tenth of the tag pages; the full sizes of issue 15 (10,000 tags, 50,000 posts in a category)
and their time and memory are the benchmark's (``make bench-hostile``), not a test's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import sphinx_build
from hostile_inputs import new_site

TAGS = 1_000
TABLE_ROWS = 10_000


def write_site(site: Path) -> None:
    posts = new_site(site)
    paragraph = "これは大きな記事の本文です。" * 20 + "\n\n"
    prose = paragraph * (1_100_000 // len(paragraph))
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
    return out, sphinx_build(site, out=out)


def test_the_build_finishes_with_warnings(built):
    out, result = built
    assert result.returncode == 0, result.stderr[-3000:]
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert any("2026-01-01-huge.md" in w and f"has {TAGS:,} tags" in w for w in warnings)
    assert any("2026-01-01-huge.md" in w and "characters long" in w for w in warnings)


def test_the_whole_post_is_there(built):
    out, _result = built
    page = (out / "posts/2026-01-01-huge.html").read_text("utf-8")
    assert f"セル{TABLE_ROWS - 1}" in page and "最後の行。" in page
    assert page.count('class="bunko-term bunko-tag"') == TAGS


def test_every_tag_has_a_small_page(built):
    out, _result = built
    pages = list(out.glob("tags/tag*/index.html"))
    assert len(pages) == TAGS
    # The huge post is listed on each with a dozen of its tags and "+988", not all 1,000.
    assert max(page.stat().st_size for page in pages[:200]) < 100_000
    shared = (out / "tags/tag00001/index.html").read_text("utf-8")
    # Titles carry <wbr> between their phrases: the reader's text is the markup's text.
    assert f"+{TAGS - 12}" in shared
    assert "小さな記事" in BeautifulSoup(shared, "html.parser").get_text()
