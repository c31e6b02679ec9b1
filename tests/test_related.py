"""Related posts come from what posts say as well as from their tags and categories: posts
that share no term are related by their rarer words, a busy category no longer gives most
posts one and the same list, and every build (serial, parallel, incremental) lists the same."""

from __future__ import annotations

import dataclasses
import importlib.util
import random
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

    # A new post, the newest, relates from the last build's state (related.RelatedState):
    # the lists are those of a clean build.
    newest = sorted((parallel / "posts").glob("*.md"))[-1]
    text = re.sub(r"^date: \d{4}", "date: 2099", newest.read_text("utf-8"), count=1, flags=re.M)
    (parallel / "posts" / "2099-01-01-new.md").write_text(text, "utf-8")
    assert (parallel / "_build" / "html" / ".doctrees" / related.STATE_FILE).is_file()
    incremental = related_lists(built_html(parallel, "-j", "2"))
    assert len(incremental["posts/2099-01-01-new"]) == 5
    clean = tmp_path / "clean-new"
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
    assert list(several.lists.items()) == list(one.lists.items())
    assert several.ranked == one.ranked
    assert sum(len(others) == 5 for others in one.lists.values()) == count


def test_a_post_leaving_a_full_ranking_lets_the_next_one_in():
    """Of 42 posts sharing one tag, each ranks the nearest in time first. When one of them
    loses its tag, the tag's rarity keeps its step (``holders_step``), so the others'
    rankings are followed from the last build's (``_Similarity.merged``) rather than
    computed whole: and the post after the runner-up, never ranked before, takes the freed
    place, as computing every list gives it."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    newest = [(f"posts/p{number:02}", Post(
        path=f"posts/p{number:02}.md", title=f"記事 {number}", date=start - timedelta(hours=number),
        date_source="front matter", slug=f"p{number:02}", categories=(),
        tags=(Term("x", "x"),))) for number in range(42)]
    known = related.related_posts(newest, {})
    assert known.lists["posts/p00"] == tuple(f"posts/p{number:02}" for number in range(1, 6))
    name, post = newest[2]
    newest[2] = (name, dataclasses.replace(post, tags=()))
    followed = related.related_posts(newest, {}, known=known)
    assert followed.ranked == related.related_posts(newest, {}).ranked
    assert [other for other, _value in followed.ranked["posts/p00"]] == [
        "posts/p01", "posts/p03", "posts/p04", "posts/p05", "posts/p06", "posts/p07"]


def _random_post(rng: random.Random, number: int, when: datetime) -> tuple[str, Post, str]:
    """A post with a category of few, tags and signature words of many (common ones more
    often), so that the windows of busy features are in play."""
    tags = {f"t{int(rng.paretovariate(1.2)) % 40}" for _ in range(rng.randint(1, 4))}
    post = Post(path=f"posts/p{number:04}.md", title=f"記事 {number}", date=when,
                date_source="front matter", slug=f"p{number:04}",
                categories=(Term(f"c{rng.randrange(4)}", "分類"),),
                tags=tuple(Term(tag, tag) for tag in sorted(tags)))
    words = {f"語{int(rng.paretovariate(1.1)) % 120:03}" for _ in range(rng.randint(3, 12))}
    signature = "\n".join(f"{word} {rng.randint(10, 40)}" for word in sorted(words))
    return f"posts/p{number:04}", post, signature


def test_related_posts_followed_change_by_change_are_those_computed_whole(monkeypatch):
    """A build starts from the last one's related posts and computes again only the lists a
    change can reach (``related._reach``): after every kind of change, the lists are exactly
    those of computing every one, and a new post or a tag edit computes few of them."""
    monkeypatch.setattr(related, "RELATED_WINDOW", 4)
    monkeypatch.setattr(related, "CONTENT_WINDOW", 3)
    monkeypatch.setattr(related, "FOLLOWED_SHARE", 1.0)
    computed: list[int] = []
    best = related._Similarity.best
    monkeypatch.setattr(related._Similarity, "best",
                        lambda self, position, *scores: (computed.append(position),
                                                         best(self, position, *scores))[1])
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    site: dict[str, tuple[Post, str]] = {}
    for number in range(160):
        name, post, signature = _random_post(rng, number, start + timedelta(hours=number))
        site[name] = (post, signature)
    numbers = iter(range(160, 10_000))

    def state(known: related.RelatedState | None) -> related.RelatedState:
        newest = sorted(((name, post) for name, (post, _) in site.items()),
                        key=lambda item: (-item[1].date.timestamp(), item[1].path))
        return related.related_posts(newest, {name: signature for name, (_, signature)
                                              in site.items()}, known=known)

    known = state(None)
    followed: dict[str, list[int]] = {"new": [], "tags": []}
    for step in range(42):
        kind = ("new", "tags", "words", "none", "removed", "backdated")[step % 6] \
            if step < 36 else "unfiled"
        names = sorted(site)
        if kind == "new":
            newest = max(post.date for post, _ in site.values())
            name, post, signature = _random_post(rng, next(numbers), newest + timedelta(hours=1))
            site[name] = (post, signature)
        elif kind == "tags":
            name = rng.choice(names)
            post, signature = site[name]
            tags = (Term(f"t{rng.randrange(40)}", "新"), *post.tags[1:])
            site[name] = (dataclasses.replace(post, tags=tags), signature)
        elif kind == "unfiled":  # no terms, no words: it leaves every list it was in
            name = rng.choice(names)
            site[name] = (dataclasses.replace(site[name][0], tags=(), categories=()), "")
        elif kind == "words":
            name = rng.choice(names)
            post, _ = site[name]
            site[name] = (post, _random_post(rng, 0, post.date)[2])
        elif kind == "removed":
            del site[rng.choice(names)]
        elif kind == "backdated":
            name, post, signature = _random_post(rng, next(numbers),
                                                 start + timedelta(minutes=rng.randrange(9000)))
            site[name] = (post, signature)
        computed.clear()
        followed_state = state(known)
        if kind in followed:
            followed[kind].append(len(computed))
        whole = state(None)
        assert list(followed_state.lists.items()) == list(whole.lists.items()), (step, kind)
        assert followed_state.ranked == whole.ranked, (step, kind)
        known = followed_state
    # A new post or a tag edit computed again a small part of the ~160 lists (all of them
    # when the number of posts passes a step of the scale features are weighed against). A
    # site this small holds most signature words on 16 posts or fewer, where every holder
    # counts, so a reworded post reaches many lists here; it is checked for exactness only.
    for kind in ("new", "tags"):
        counts = followed[kind]
        assert sorted(counts)[len(counts) // 2] < len(site) // 8, (kind, counts)
