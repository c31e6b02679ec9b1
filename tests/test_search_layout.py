"""A rebuild makes again only the key and gram shards whose entries changed, and keeps the
others as the last build wrote them (``shards.layout`` after the layout kept with the
postings): the index it leaves is byte for byte a clean build's."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from test_search_rebuild import index_files, new_site, sampled_posts, sphinx_build

from bunko.output import OutputManifest
from bunko.search.index import FOLDER, read_index

SHARDS = (f"{FOLDER}/keys/", f"{FOLDER}/grams/")


def _vocabulary(count: int) -> list[str]:
    rng = random.Random(3)
    return sorted({"".join(rng.choice("bdfgkmnprstz") + rng.choice("aeiou") for _ in range(3))
                   for _ in range(count)})


def _shard_keys(content: bytes) -> list[str]:
    """The keys a key shard file holds."""
    return list(json.loads(content.decode("utf-8").split(",", 1)[1][:-3]))


def test_a_rebuild_makes_only_the_shards_whose_entries_changed(tmp_path, make_app, monkeypatch):
    """After a body edit, new words, a tag edit, a new post and a post removed, the key and
    gram shards made (given to the output manifest to write) are exactly those whose files
    differ from the last build's — for the body edit, the shards holding the keys whose
    postings changed — the others untouched on disk; and the index is a clean build's."""
    made: list[str] = []
    write = OutputManifest.write

    def counted(self: OutputManifest, relative: str, content: str) -> bool:
        if relative.startswith(SHARDS):
            made.append(relative)
        return write(self, relative, content)

    monkeypatch.setattr(OutputManifest, "write", counted)
    site = tmp_path / "site"
    posts = new_site(site)
    vocabulary = _vocabulary(10000)
    sampled_posts(posts, vocabulary, 40, 600, tag_groups=3)
    edited = posts / "2026-01-11-post-10.md"
    # A word of the post said in another's place: the post's length and most postings stay.
    said, unsaid = random.Random(10).sample(vocabulary, 600)[300], vocabulary[5]

    def build() -> set[str]:
        made.clear()
        app = make_app("html", srcdir=site)
        app.build()
        assert app.statuscode == 0
        return set(made)

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    changes = {
        "body edit": lambda: edit(edited, f" {said} ", f" {unsaid} "),
        "new words": lambda: edit(edited, "\n\n", "\n\nペンギンの話 quixotic zyzzyva "),
        "tag edit": lambda: edit(posts / "2026-01-21-post-20.md", "tags: [t2]",
                                 "tags: [t2, ベンチマーク]"),
        "new post": lambda: (posts / "2026-02-01-new.md").write_text(
            f"---\ntitle: 新しい記事\n---\n\n{' '.join(vocabulary[:4] * 75)}\n", "utf-8"),
        "post removed": edited.unlink,
    }
    html = site / "_build" / "html"
    assert len(build()) > 10, "a first build makes every shard"
    for number, (name, change) in enumerate(changes.items()):
        before = index_files(html)
        earlier = read_index(html)
        stamps = {path: os.stat(html / path).st_mtime_ns for path in before}
        change()
        shards_made = build()
        after = index_files(html)
        clean = tmp_path / f"clean-{number}"
        assert sphinx_build(site, out=clean).returncode == 0
        assert after == index_files(clean), name
        differing = {path for path, content in after.items()
                     if path.startswith(SHARDS) and before.get(path) != content}
        assert shards_made == differing, name
        assert all(os.stat(html / path).st_mtime_ns == stamps[path]
                   for path in after.keys() - differing if path.startswith(SHARDS)), name
        if name == "body edit":
            index = read_index(html)
            changed = {key for key, postings in index.keys.items()
                       if earlier.keys.get(key) != postings}
            holding = {path for path in after if path.startswith(SHARDS[0])
                       and not changed.isdisjoint(_shard_keys(after[path]))}
            keys = [path for path in after if path.startswith(SHARDS[0])]
            assert changed and len(shards_made) < len(keys) // 2
            assert holding <= shards_made and len(shards_made - holding) <= 1
        if name == "new words":
            assert any(path.startswith(SHARDS[1]) for path in shards_made)


def _twelve_posts(site: Path) -> tuple[Path, list[str]]:
    """A site of twelve posts of 400 words each from one vocabulary: its posts folder and
    the vocabulary."""
    posts = new_site(site)
    vocabulary = _vocabulary(2000)
    sampled_posts(posts, vocabulary, 12, 400)
    return posts, vocabulary


def test_a_shard_deleted_by_hand_comes_back(tmp_path):
    """A key shard missing from the output is made again by the next build, though nothing
    changed, and the one after an edit keeps the others and makes it again."""
    site = tmp_path / "site"
    posts, vocabulary = _twelve_posts(site)
    html = site / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    written = index_files(html)
    shards = sorted(path for path in written if path.startswith(SHARDS[0]))
    assert len(shards) > 3
    (html / shards[1]).unlink()
    assert sphinx_build(site).returncode == 0
    assert index_files(html) == written
    (html / shards[2]).unlink()
    post = posts / "2026-01-01-post-00.md"
    post.write_text(post.read_text("utf-8") + f"\n{vocabulary[0]} {vocabulary[1]}\n", "utf-8")
    assert sphinx_build(site).returncode == 0
    assert sphinx_build(site, out=tmp_path / "clean").returncode == 0
    assert index_files(html) == index_files(tmp_path / "clean")


def test_shards_of_another_output_folder_are_not_kept(tmp_path):
    """``make html`` and ``make dirhtml`` share their doctrees: the layout kept there is the
    last build's, whichever folder it wrote. A shard of the other folder's last build is not
    taken for this one's: a body edit built into the other folder in between leaves this
    one's index a clean build's."""
    site = tmp_path / "site"
    posts, vocabulary = _twelve_posts(site)
    doctrees, html = tmp_path / "doctrees", tmp_path / "html"
    assert sphinx_build(site, "-d", str(doctrees), out=html).returncode == 0
    post = posts / "2026-01-01-post-00.md"
    post.write_text(post.read_text("utf-8") + f"\n{vocabulary[0]} {vocabulary[1]}\n", "utf-8")
    assert sphinx_build(site, "-b", "dirhtml", "-d", str(doctrees),
                        out=tmp_path / "dirhtml").returncode == 0
    assert sphinx_build(site, "-d", str(doctrees), out=html).returncode == 0
    assert sphinx_build(site, out=tmp_path / "clean").returncode == 0
    assert index_files(html) == index_files(tmp_path / "clean")
