"""``bunko new``: a post with valid front matter, never overwriting one."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from bunko_cli import bunko, make_site, no_traceback

from bunko.post import read_post
from conftest import sphinx_build


def _read(path: Path):
    return read_post(path.as_posix(), path.read_text("utf-8"), zone=timezone.utc,
                     file_time=datetime.now(timezone.utc)).post


def test_new_writes_a_dated_post_named_after_its_japanese_title(tmp_path):
    site = make_site(tmp_path / "site")
    result = bunko("new", "AWSの可能性とは？", "--tags", "AI,クラウド", "--categories", "投資分析",
                   "--author", "編集部", "--date", "2026-02-10 03:29:00 +0000", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "posts/2026-02-10-awsの可能性とは.md"
    written = site / result.stdout.strip()
    assert "date: 2026-02-10 03:29:00 +0000\n" in written.read_text("utf-8")
    post = _read(written)
    assert post.problems == ()
    assert post.title == "AWSの可能性とは？"
    assert [tag.label for tag in post.tags] == ["AI", "クラウド"]
    assert [term.label for term in post.categories] == ["投資分析"]
    assert [term.label for term in post.authors] == ["編集部"]
    assert post.date == datetime(2026, 2, 10, 3, 29, tzinfo=timezone.utc)


def test_a_title_yaml_would_misread_is_written_so_it_reads_back_exactly(tmp_path):
    site = make_site(tmp_path / "site")
    title = 'Re: "引用" #1 — 50% [draft] & {x}'
    result = bunko("new", title, "--slug", "quoted", "--tags", "yes", cwd=site)
    assert result.returncode == 0, result.stderr
    post = _read(site / result.stdout.strip())
    assert post.title == title and post.problems == ()
    assert [tag.label for tag in post.tags] == ["yes"]


def test_the_default_date_is_now_with_the_local_offset(tmp_path):
    site = make_site(tmp_path / "site")
    result = bunko("new", "Today", cwd=site)
    written = site / result.stdout.strip()
    assert re.search(r"^date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$",
                     written.read_text("utf-8"), re.M)
    assert written.name.endswith("-today.md")


def test_an_existing_post_is_never_overwritten(tmp_path):
    site = make_site(tmp_path / "site")
    first = bunko("new", "Same", "--date", "2024-05-01", cwd=site)
    path = site / first.stdout.strip()
    path.write_text(path.read_text("utf-8") + "My words.\n", "utf-8")
    again = bunko("new", "Same", "--date", "2024-05-01", cwd=site)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "--slug" in again.stderr
    assert path.read_text("utf-8").endswith("My words.\n")
    other = bunko("new", "Same", "--date", "2024-05-01", "--slug", "same-again", cwd=site)
    assert other.stdout.strip() == "posts/2024-05-01-same-again.md"


def test_it_writes_into_the_posts_folder_conf_py_names(tmp_path):
    site = make_site(tmp_path / "site", conf='bunko_posts_dir = "articles"\n')
    result = bunko("new", "Hello", "--date", "2024-05-01", cwd=site)
    assert result.stdout.strip() == "articles/2024-05-01-hello.md"
    assert (site / "articles" / "2024-05-01-hello.md").is_file()


def test_bad_input_is_one_line_in_the_writers_terms(tmp_path):
    site = make_site(tmp_path / "site")
    bad_date = bunko("new", "x", "--date", "2024-13-45", cwd=site)
    assert bad_date.returncode == 1 and no_traceback(bad_date)
    assert bad_date.stderr.count("\n") == 1 and "--date '2024-13-45'" in bad_date.stderr
    outside = bunko("new", "x", cwd=tmp_path)
    assert outside.returncode == 1 and "no conf.py" in outside.stderr
    assert bunko("new", cwd=site).returncode == 2
    assert not (site / "posts").exists()


def test_a_new_post_builds_without_a_warning(tmp_path):
    site = make_site(tmp_path / "site")
    bunko("new", "ベクトル検索: 入門 #1", "--tags", "AI", "--date", "2024-05-01", cwd=site)
    result = sphinx_build(site, "-W", "-q")
    assert result.returncode == 0, result.stderr
