"""``python -m bunko search``: the query table from the terminal, the browser's order, and
plain messages (no traceback) for bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bunko.cli import main
from bunko.search.index import read_index
from bunko.search.ranking import search
from search_queries import SAMPLE_QUERIES, VIM_JP_QUERIES

TABLES = {"sample_html": SAMPLE_QUERIES, "vim_jp_html": VIM_JP_QUERIES}


def cli_uris(capsys, *arguments: str) -> list[str]:
    assert main(["search", *arguments]) == 0
    lines = capsys.readouterr().out.splitlines()
    return [line.strip() for line in lines if line.startswith("   ") and line.endswith(".html")]


@pytest.mark.parametrize("site", list(TABLES))
def test_query_table_from_the_command_line(capsys, request, site):
    html_dir = request.getfixturevalue(site)
    index = read_index(html_dir)
    misses = []
    for query, expected in TABLES[site]:
        found = cli_uris(capsys, query, str(html_dir), "--limit", "20")
        if not any(expected in uri for uri in found[:3]):
            misses.append((query, expected, found[:3]))
        assert found == [index.docs[hit.doc]["uri"] for hit in search(index, query)][:20]
    assert not misses, misses


def test_output_names_title_date_tags_and_marks_the_match(capsys, sample_html):
    assert main(["search", "メモリ帯域", str(sample_html), "-n", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1. 大規模言語モデルの推論処理はなぜ高いのか  (2026年1月15日(木))"
    assert lines[1].strip() == "posts/2026-01-15-llm-inference-cost.html"
    assert "Trainium2" in lines[2]
    assert "[メモリ帯域]" in lines[3]


def test_filters(capsys, sample_html):
    assert cli_uris(capsys, "", str(sample_html), "--tag", "推論") == [
        "posts/2026-01-15-llm-inference-cost.html"]
    assert cli_uris(capsys, "ai", str(sample_html), "--year", "2026") == [
        "posts/2026-02-10-aws-ai-chips.html", "posts/2026-01-15-llm-inference-cost.html"]


def run_cli(*arguments: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bunko", *arguments], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def test_default_html_dir_is_build_html(tmp_path, sample_html):
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "html").symlink_to(sample_html)
    result = run_cli("search", "推論", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("1. 大規模言語モデルの[推論]処理はなぜ高いのか")


@pytest.mark.parametrize("arguments", [[], ["search"], ["nonsense"], ["search", "x", "-n", "y"]])
def test_usage_errors_exit_2_without_traceback(arguments):
    result = run_cli(*arguments)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage: bunko" in result.stderr


def test_missing_or_broken_index_exits_1_with_one_line(tmp_path):
    result = run_cli("search", "推論", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"bunko search: no search index in {tmp_path} "
                                     "(build the site first: make html)")
    broken = tmp_path / "_static" / "bunko-search"
    broken.mkdir(parents=True)
    (broken / "index.js").write_text("garbage", "utf-8")
    result = run_cli("search", "推論", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "broken search index" in result.stderr
