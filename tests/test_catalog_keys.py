"""The digests that let a rebuild skip a listing page without rendering it: one changes
whenever something a post list shows of a post changes, and only then."""

from __future__ import annotations

from datetime import datetime, timezone

from bunko.catalog import build_catalog
from bunko.post import read_post

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
