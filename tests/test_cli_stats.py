"""``bunko stats``: the archive counted as the build counts it."""

from __future__ import annotations

import json
import unicodedata

from bunko_cli import bunko, sample_site

from conftest import shared_corpus


def test_sample_posts_counted_by_year_term_and_author(tmp_path):
    site = sample_site(tmp_path / "site")
    result = bunko("stats", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["posts"] == 5 and report["drafts_not_counted"] == 1
    assert report["years"] == {"2024": 1, "2025": 2, "2026": 2}
    # "AI" and "ＡＩ" are one tag, shown as the oldest post spells it.
    assert report["tags"]["AI"] == 4 and "ＡＩ" not in report["tags"]
    assert report["authors"]["山田 花子"] == 2
    assert report["characters"] > 5000
    # The seed gives reading_time: 8; the others are counted from their text.
    assert report["reading_minutes"] >= 8 + 4


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def test_the_table_lines_up_japanese_names(tmp_path):
    site = sample_site(tmp_path / "site")
    table = bunko("stats", cwd=site).stdout
    assert table.startswith("posts          5 (and 1 drafts, not built)")
    categories = table.split("\n\n")[2].splitlines()
    assert categories[0].startswith("category") and "データベース" in table
    # Counts end in one column: a CJK character takes two columns of the terminal.
    assert len({_columns(row) for row in categories}) == 1


def test_vim_jp(tmp_path):
    result = bunko("stats", "--format", "json", str(shared_corpus("corpora", "vim-jp", "_posts")),
                   cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["posts"] == 349 and sum(report["years"].values()) == 349
    assert bunko("stats", str(tmp_path / "nowhere"), cwd=tmp_path).returncode == 1
