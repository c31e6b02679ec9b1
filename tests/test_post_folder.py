"""Which names {% post_url %} may use, from the scan of the posts folder."""

from __future__ import annotations

from bunko.sources import PostFolder


def test_exact_names_win_and_ambiguous_bare_names_are_dropped():
    folder = PostFolder(post_paths=[
        "posts/2026-01-01-target.md",
        "posts/blog/2026-01-01-target.md",
        "posts/blog/2026-1-2-only-nested.md",
        "posts/a/2026-01-03-twice.md",
        "posts/b/2026-01-03-twice.md",
    ])
    targets = folder.post_link_targets()
    assert targets["2026-01-01-target"] == "/posts/2026-01-01-target.md"
    assert targets["blog/2026-01-01-target"] == "/posts/blog/2026-01-01-target.md"
    assert targets["2026-1-2-only-nested"] == "/posts/blog/2026-1-2-only-nested.md"
    assert targets["2026-01-02-only-nested"] == "/posts/blog/2026-1-2-only-nested.md"
    assert "2026-01-03-twice" not in targets, "two posts share it: neither is guessed"
    assert targets["a/2026-01-03-twice"] == "/posts/a/2026-01-03-twice.md"


def test_nested_posts_dir():
    folder = PostFolder(post_paths=["content/posts/2026-01-01-x.md"], posts_dir="content/posts")
    assert folder.post_link_targets()["2026-01-01-x"] == "/content/posts/2026-01-01-x.md"
