"""The benchmark's post generator (bench/generate.py): same posts every run, posts bunko reads
without a single problem. No timing here: benchmarks are not tests."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bunko.post import read_post
from bunko.terms import term_key

_PATH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
_spec = importlib.util.spec_from_file_location("bench_generate", _PATH)
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def test_same_seed_same_files_and_a_smaller_run_is_a_prefix(tmp_path):
    first = generate.generate(12, tmp_path / "a")
    second = generate.generate(12, tmp_path / "b")
    smaller = generate.generate(5, tmp_path / "c")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.name for p in first[:5]] == [p.name for p in smaller]
    assert [p.read_bytes() for p in first[:5]] == [p.read_bytes() for p in smaller]


def test_another_seed_other_posts():
    assert generate.post_text(0, seed=1) != generate.post_text(0, seed=2)


def test_file_names_are_unique_and_dated():
    names = [generate.post_file_name(i) for i in range(2000)]
    assert len(set(names)) == len(names)
    assert all(name[:4].isdigit() and name.endswith(".md") for name in names)


def test_vocabulary_has_300_tags_with_spellings_bunko_merges():
    assert len(generate.TAGS) == len(set(generate.TAGS)) == 300
    assert len(generate.CATEGORIES) == 20
    assert term_key("AI") == term_key("ＡＩ") and {"AI", "ＡＩ"} <= set(generate.TAGS)


@pytest.mark.parametrize("index", range(0, 400, 7))
def test_every_post_is_read_without_problems(index):
    name = generate.post_file_name(index)
    text = generate.post_text(index)
    read = read_post(f"posts/{name}", text, zone=timezone.utc, file_time=EPOCH)
    post = read.post
    assert not post.problems, post.problems
    assert post.date_source == "front matter" and post.date.year >= 2011
    assert post.title and not post.title.startswith("#")
    assert 1 <= len(post.categories) <= 3
    # 3–8 tags written; "AI" and "ＡＩ" in one post are one tag for bunko.
    assert 2 <= len(post.tags) <= 8
    assert post.authors
    body = read.body
    assert 3000 <= len(body) <= 8000
    assert "\n## " in "\n" + body and "```" in body and "|---|" in body
    assert "\n- " in body or "\n1. " in body
    assert generate.SEARCH_WORD in body
