"""The catalog's work that a large site makes expensive: the digests that let a rebuild skip
a listing page without rendering it (one changes whenever something a post list shows of a
post changes, and only then), and related posts (linear in N, reused while terms stand)."""

from __future__ import annotations

from datetime import datetime, timezone

from bunko.catalog import build_catalog
from bunko.post import read_post
from bunko.related import RELATED_WINDOW

EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
FOLDERS = {"tags": "tags", "categories": "categories", "authors": "authors"}


def catalog(*posts: tuple[str, str]):
    records = {}
    for name, front_matter in posts:
        path = f"posts/{name}.md"
        text = f"---\n{front_matter}\n---\n本文。\n"
        records[f"posts/{name}"] = read_post(path, text, zone=timezone.utc,
                                             file_time=EPOCH).post
    return build_catalog(records, FOLDERS, "unicode")


LISTED = ("2026-03-01-listed", "title: 一覧に出る記事\ntags: [AI, 機械学習]")


def test_list_entry_key_follows_the_spelling_another_post_gives_a_term():
    # The oldest post's spelling names the term, so respelling it there changes how the
    # listed post's tag reads on every page that lists it, though that post did not change.
    before = catalog(LISTED, ("2025-01-01-oldest", "title: 古い記事\ntags: [AI]"))
    after = catalog(LISTED, ("2025-01-01-oldest", "title: 古い記事\ntags: [Ai]"))
    assert after.taxonomies["tags"].terms["ai"].label == "Ai"
    assert (before.list_entry_key("posts/2026-03-01-listed")
            != after.list_entry_key("posts/2026-03-01-listed"))


def test_list_entry_key_ignores_what_lists_do_not_show_of_other_posts():
    before = catalog(LISTED, ("2025-01-01-other", "title: 別の記事\ntags: [Rust]"))
    after = catalog(LISTED, ("2025-01-01-other", "title: 題名を変えた記事\ntags: [Rust]"))
    assert (before.list_entry_key("posts/2026-03-01-listed")
            == after.list_entry_key("posts/2026-03-01-listed"))


def test_list_entry_key_follows_the_post_itself():
    edited = ("2026-03-01-listed", "title: 一覧に出る記事\ntags: [AI, 機械学習]\n"
                                   "excerpt: 要約を足した")
    assert (catalog(LISTED).list_entry_key("posts/2026-03-01-listed")
            != catalog(edited).list_entry_key("posts/2026-03-01-listed"))


def test_related_posts_of_a_busy_term_are_the_nearest_in_time():
    # 301 posts in one category and nothing else: every pair shares one term equally, so the
    # nearer in time wins (the newer of two as near). Counting every pair would cost N² on a
    # large site; a post is compared with the RELATED_WINDOW newer and older posts of a term.
    posts = [(f"{2000 + n // 12:04d}-{n % 12 + 1:02d}-01-p{n:03d}", "categories: [雑記]")
             for n in range(2 * RELATED_WINDOW + 101)]
    built = catalog(*posts)
    newest = built.newest
    assert built.related[newest[150]] == tuple(newest[n] for n in (149, 151, 148, 152, 147))
    assert built.related[newest[0]] == newest[1:6]


def test_related_posts_are_reused_while_nothing_they_follow_from_changes():
    first = catalog(LISTED, ("2025-01-01-other", "title: 別の記事\ntags: [AI]"))
    reauthored = build_catalog(
        {name: post for name, post in first.posts.items()}, FOLDERS, "unicode",
        known_related=(first.related_key, {"posts/2026-03-01-listed": ("kept",)}))
    assert reauthored.related["posts/2026-03-01-listed"] == ("kept",)
    retagged = catalog(LISTED, ("2025-01-01-other", "title: 別の記事\ntags: [Rust]"))
    assert retagged.related_key != first.related_key
    # What a post says is part of it: a changed content signature relates posts anew.
    reworded = build_catalog(dict(first.posts), FOLDERS, "unicode",
                             signatures={"posts/2025-01-01-other": "羊羹 25"})
    assert reworded.related_key != first.related_key
