"""Related posts come from what posts say as well as from their tags and categories: posts
that share no term are related by their rarer words, a busy category no longer gives most
posts one and the same list, and every build (serial, parallel, incremental) lists the same."""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from bunko import related
from bunko.post import Post
from bunko.terms import Term
from conftest import built_html, corpus_site, page

_GENERATE = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def related_lists(html: Path) -> dict[str, list[str]]:
    """Every post page's related posts, as docnames (``posts/blog/x``)."""
    root = html.resolve()
    lists = {}
    for path in sorted((root / "posts").rglob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        lists[unquote(path.relative_to(root).with_suffix("").as_posix())] = [
            unquote((path.parent / a["href"]).resolve().relative_to(root).with_suffix("")
                    .as_posix())
            for a in soup.select(".bunko-related a")]
    return lists


def titles_of(html: Path, names: list[str]) -> dict[str, str]:
    return {name: BeautifulSoup((html / f"{name}.html").read_text("utf-8"), "html.parser")
            .h1.get_text().rstrip("#¶ ") for name in names}


@pytest.mark.sphinx("html", testroot="related-content")
def test_posts_sharing_no_term_are_related_by_their_rarer_words(built):
    related = {name: [a.get_text() for a in page(built, name).select(".bunko-related a")]
               for name in ("posts/2026-01-10-yokan", "posts/2026-02-20-mizu")}
    # Both say 羊羹, 寒天 and 小豆; one is tagged 贈り物, the other filed under 台所. The other
    # posts share only a common word (今日) with them, so they come after.
    assert related["posts/2026-01-10-yokan"][0] == "夏に作るもの"
    assert related["posts/2026-02-20-mizu"][0] == "冬の手土産"


def test_vim_jp_posts_do_not_share_one_related_list(vim_jp_html):
    lists = related_lists(vim_jp_html)
    assert len(lists) == 349
    # Categories only, 151 posts in one of them: with terms alone one list of five was the
    # related posts of 146 posts.
    shown = Counter(tuple(related) for related in lists.values())
    assert all(len(related) == 5 for related in lists.values())
    assert shown.most_common(1)[0][1] <= 0.05 * len(lists)


_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)\s*リリース")


def test_vim_jp_release_announcements_relate_to_nearby_releases(vim_jp_html):
    lists = related_lists(vim_jp_html)
    releases = [name for name in lists if name.startswith("posts/release/")]
    assert len(releases) == 151
    for name in releases:
        assert sum(other.startswith("posts/release/") for other in lists[name]) >= 3, name
    titles = titles_of(vim_jp_html, releases)
    # Each build is announced per platform: a release's neighbours in version order on its
    # platform (the other Windows build of the same version, or the versions just before and
    # after) are what a reader of one looks for next.
    versioned = {name: (title.startswith("Windows"), tuple(map(int, match.groups())))
                 for name, title in titles.items() if (match := _VERSION.search(title))}
    assert len(versioned) > 120
    sample = sorted(versioned)[::7]
    for name in sample:
        platform = versioned[name][0]
        ordered = sorted((version, other) for other, (on, version) in versioned.items()
                         if on == platform)
        at = ordered.index((versioned[name][1], name))
        nearest = {other for _version, other in ordered[max(0, at - 1):at + 2]} - {name}
        assert nearest & set(lists[name]), (titles[name], [titles.get(other, other)
                                                          for other in lists[name]])


def _generated_site(destination: Path, count: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", _GENERATE)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    posts = destination / "generated"
    generate.generate(count, posts)
    return corpus_site(destination / "site", "ja", posts)


def test_serial_parallel_and_incremental_builds_relate_the_same_posts(tmp_path):
    serial = _generated_site(tmp_path / "serial", 60)
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)
    by_serial = related_lists(built_html(serial))
    assert sum(map(len, by_serial.values())) == 5 * 60
    assert related_lists(built_html(parallel, "-j", "2")) == by_serial

    # A body edit changes what one post says: a clean build and an incremental one agree.
    post = sorted((parallel / "posts").glob("*.md"))[7]
    post.write_text(post.read_text("utf-8") + "\n羊羹と寒天と小豆の話。\n", "utf-8")
    incremental = related_lists(built_html(parallel, "-j", "2"))
    clean = tmp_path / "clean"
    shutil.copytree(parallel, clean, ignore=shutil.ignore_patterns("_build"))
    assert incremental == related_lists(built_html(clean, "-j", "2"))


def test_related_posts_computed_in_several_processes_are_those_of_one():
    """With ``-j``, a site of ``PARALLEL_FROM`` posts or more has its related posts computed
    in forked processes: the lists, and their order, are those one process makes."""
    count = related.PARALLEL_FROM + 37
    newest = [(f"posts/p{number:05}", Post(
        path=f"posts/p{number:05}.md", title=f"記事 {number}",
        date=datetime(2026, 1, 1, tzinfo=timezone.utc) - timedelta(hours=number),
        date_source="front matter", slug=f"p{number:05}",
        categories=(Term(f"c{number % 7}", f"分類{number % 7}"),),
        tags=tuple(Term(f"t{tag}", f"タグ{tag}") for tag in {number % 50, number % 13 + 50})))
        for number in range(count)]
    signatures = {name: "\n".join(f"語{(position * step) % 400:03} {10 + step}"
                                   for step in range(1, 9))
                  for position, (name, _post) in enumerate(newest)}
    one = related.related_posts(newest, signatures)
    several = related.related_posts(newest, signatures, processes=3)
    assert list(several.items()) == list(one.items())
    assert sum(len(others) == 5 for others in one.values()) == count
