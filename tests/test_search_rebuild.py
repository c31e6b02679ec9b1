"""The index follows the posts across builds: an incremental build sees a changed or removed
post, and a parallel build writes the same index as a serial one (each page's keys are kept
under the doctrees, named in the environment, merged from parallel readers)."""

from __future__ import annotations

import json
import pickle
import random
import shutil
from collections import Counter
from pathlib import Path

from bunko.output import load_kept, save_kept
from bunko.search.collect import STORE_FOLDER
from bunko.search.index import _POSTINGS_FILE, FOLDER, _Postings, read_index, read_text
from bunko.search.ranking import holders_step, search
from conftest import copy_root, sphinx_build
from hostile_inputs import new_site


def uris(html: Path, query: str) -> list[str]:
    index = read_index(html)
    return [index.docs[hit.doc]["uri"] for hit in search(index, query)]


def test_incremental_build_updates_the_index(tmp_path):
    site = copy_root("search", tmp_path)
    html = site / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    assert uris(html, "ペンギン") == []
    post = site / "posts" / "2026-01-04-body.md"
    post.write_text(post.read_text("utf-8") + "\nペンギンの話もしました。\n", "utf-8")
    (site / "posts" / "2025-01-01-substring.md").unlink()
    result = sphinx_build(site)
    assert result.returncode == 0
    assert uris(html, "ペンギン") == ["posts/2026-01-04-body.html"]
    assert uris(html, "kube") == ["posts/2024-01-01-whole-word.html"]
    assert uris(html, "量子計算")[-1] == "posts/2026-01-04-body.html", "unchanged posts stay"


def index_files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in (out / FOLDER).rglob("*.js")}


def stored_keys(doctrees: Path) -> list[list[str]]:
    """The keys of each searchable page as kept between builds."""
    return [pickle.loads(path.read_bytes()).keys.split("\n")
            for path in sorted((doctrees / STORE_FOLDER).iterdir())]


def test_incremental_build_writes_the_shards_of_a_clean_build(tmp_path):
    """Shards a smaller index no longer has are deleted; the rest equal a clean build's."""
    site = copy_root("search", tmp_path)
    html = site / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    before = index_files(html)
    for post in sorted((site / "posts").glob("*.md"))[1:]:
        post.unlink()
    assert sphinx_build(site).returncode == 0
    assert sphinx_build(site, "-E", out=tmp_path / "clean").returncode == 0
    assert index_files(html) == index_files(tmp_path / "clean")
    assert len(index_files(html)) < len(before)


def test_unchanged_posts_leave_the_index_as_it_is(tmp_path):
    """A rebuild with no change does not assemble or write the index again; a changed title
    (the body unchanged) does."""
    site = copy_root("search", tmp_path)
    html = site / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    index_file = html / FOLDER / "index.js"
    written = index_file.stat().st_mtime_ns
    scripts = html / "_static" / "bunko-scripts.js"
    scripts_written = scripts.stat().st_mtime_ns
    assert sphinx_build(site).returncode == 0
    assert index_file.stat().st_mtime_ns == written
    assert scripts.stat().st_mtime_ns == scripts_written
    post = site / "posts" / "2026-01-04-body.md"
    post.write_text(post.read_text("utf-8").replace("title:", "title: ペンギン", 1), "utf-8")
    assert sphinx_build(site).returncode == 0
    assert uris(html, "ペンギン") == ["posts/2026-01-04-body.html"]


def test_parallel_build_writes_the_serial_index(tmp_path):
    site = copy_root("search", tmp_path)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert sphinx_build(site, out=serial).returncode == 0
    assert sphinx_build(site, "-j", "2", "-E", out=parallel).returncode == 0
    texts = [name for name in index_files(serial) if name.startswith(f"{FOLDER}/text/")]
    assert len(texts) == len(read_index(serial).docs)  # a text each, beside the shards
    assert index_files(parallel) == index_files(serial)


def test_texts_follow_the_pages_across_builds(tmp_path):
    """A page's text is written with the page; a deleted post's text (and stored keys) go
    with it, and output deleted by hand comes back whole."""
    site = copy_root("search", tmp_path)
    html = site / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    texts = html / FOLDER / "text"
    first = {path.name for path in texts.iterdir()}
    post = site / "posts" / "2026-01-04-body.md"
    post.write_text(post.read_text("utf-8") + "\nペンギンの話もしました。\n", "utf-8")
    (site / "posts" / "2025-01-01-substring.md").unlink()
    assert sphinx_build(site).returncode == 0
    index = read_index(html)
    assert {path.name for path in texts.iterdir()} == {f"{doc['text']}.js"
                                                       for doc in index.docs}
    assert len(first) == len(index.docs) + 1
    # Each page's keys, kept for the next build, follow the pages as their texts do.
    keys = stored_keys(html / ".doctrees")
    assert len(keys) == len(index.docs)
    assert not any("kubernetes" in page for page in keys)
    assert sum("ペン" in page for page in keys) == 1
    body = next(doc for doc in index.docs if doc["uri"] == "posts/2026-01-04-body.html")
    assert "ペンギンの話もしました。" in read_text(html, body)
    shutil.rmtree(html)
    assert sphinx_build(site).returncode == 0
    assert read_text(html, body).endswith("ペンギンの話もしました。")


def test_lost_keys_are_read_again(tmp_path):
    """Keys deleted from under the doctrees by hand are made again by reading their pages
    (the environment names them), into the same index."""
    site = copy_root("search", tmp_path)
    html = site / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    kept, written = stored_keys(html / ".doctrees"), index_files(html)
    shutil.rmtree(html / ".doctrees" / STORE_FOLDER)
    assert sphinx_build(site).returncode == 0
    assert stored_keys(html / ".doctrees") == kept
    assert index_files(html) == written


def sampled_posts(posts: Path, vocabulary: list[str], count: int, size: int,
                  tag_groups: int = 0) -> None:
    """``count`` posts of ``size`` words each, sampled from ``vocabulary`` as seeded by the
    post's number, dated in January 2026 (two a day past the 28th); with ``tag_groups``,
    each tagged ``t<number % tag_groups>``."""
    for number in range(count):
        words = random.Random(number).sample(vocabulary, size)
        tags = f"tags: [t{number % tag_groups}]\n" if tag_groups else ""
        (posts / f"2026-01-{1 + number % 28:02d}-post-{number:02d}.md").write_text(
            f"---\ntitle: 記事 {number}\n{tags}---\n\n{' '.join(words)}\n", "utf-8")


def _words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice("bdfgkmnprstz") + rng.choice("aeiou") for _ in range(3))
            for _ in range(count)]


def test_a_new_post_leaves_the_other_shards_as_they_were(tmp_path):
    """Publishing the newest post — the daily case — rewrites the shards of its own keys
    and the last display shard, and leaves the rest byte for byte (documents are numbered
    oldest first; impacts do not move with the number of posts); the index still equals a
    clean build's."""
    posts = new_site(tmp_path / "site")
    vocabulary = _words(0, 3000)
    sampled_posts(posts, vocabulary, 40, 350)  # 41 documents and 42 weigh alike (corpus_scale)
    html = tmp_path / "site" / "_build" / "html"
    assert sphinx_build(tmp_path / "site").returncode == 0
    before = index_files(html)
    # Four words said as often as the others' 350: the average length keeps its step.
    (posts / "2026-02-01-new.md").write_text(
        f"---\ntitle: 新しい記事\n---\n\n{' '.join(vocabulary[:4] * 88)}\n", "utf-8")
    assert sphinx_build(tmp_path / "site").returncode == 0
    after = index_files(html)
    assert sphinx_build(tmp_path / "site", out=tmp_path / "clean").returncode == 0
    assert after == index_files(tmp_path / "clean")

    def changed(folder: str) -> set[str]:
        return {name for name in before.keys() | after.keys()
                if name.startswith(f"{FOLDER}/{folder}/") and before.get(name) != after.get(name)}

    index = read_index(html)
    newest = len(index.docs) - 1
    keys = [name for name in after if name.startswith(f"{FOLDER}/keys/")]
    holding = {name for name in keys if any(
        newest in index.postings(key)
        for key in json.loads(after[name].decode("utf-8").split(",", 1)[1][:-3]))}
    assert len(keys) >= 10 and len(changed("keys")) < len(keys) // 2
    assert len(changed("keys") - holding) <= 1, "a shard grown past its end splits"
    last = max(int(Path(name).stem) for name in after if name.startswith(f"{FOLDER}/docs/"))
    assert changed("docs") == {f"{FOLDER}/docs/{last}.js"}, "the new post's display shard"


def test_an_edited_post_gives_the_index_of_a_clean_build(tmp_path):
    """Posts edited in place — a body sentence added, words dropped, a tag swapped, two at
    once — have their postings replaced in the index kept from the last build; every
    rebuild writes what a clean build of the same posts writes."""
    posts = new_site(tmp_path / "site")
    # Each word in three posts of four: a holder more or less leaves most words' rarity in
    # its step (``ranking.holders_step``), so their postings are replaced, not made again.
    vocabulary = _words(1, 400)
    sampled_posts(posts, vocabulary, 30, 300, tag_groups=3)
    site, html = tmp_path / "site", tmp_path / "site" / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    first, second = posts / "2026-01-08-post-07.md", posts / "2026-01-21-post-20.md"
    # Words of the middle post that later posts hold too, and one it lacks that they hold:
    # taking out or putting in a posting between others writes the next one's gap anew.
    held = set(random.Random(7).sample(vocabulary, 300))
    later = [set(random.Random(number).sample(vocabulary, 300)) for number in range(8, 30)]
    shared = sorted(word for word in held if sum(word in words for words in later) > 3)[:2]
    lacking = next(word for word in vocabulary
                   if word not in held and sum(word in words for words in later) > 3)
    edits = [
        lambda: first.write_text(first.read_text("utf-8").replace(
            "\n\n", "\n\nペンギン ", 1), "utf-8"),
        lambda: second.write_text(second.read_text("utf-8").replace(
            "tags: [t2]", "tags: [t2, ベンチマーク]").replace(vocabulary[0], "zzz"), "utf-8"),
        lambda: [path.write_text(path.read_text("utf-8").replace("ペンギン ", ""), "utf-8")
                 for path in (first, second)],
        lambda: first.write_text(first.read_text("utf-8").replace(f" {shared[0]} ", " ")
                                 .replace(f" {shared[1]} ", f" {lacking} "), "utf-8"),
    ]
    for number, edit in enumerate(edits):
        edit()
        assert sphinx_build(site).returncode == 0
        clean = tmp_path / f"clean-{number}"
        assert sphinx_build(site, out=clean).returncode == 0
        assert index_files(html) == index_files(clean), f"edit {number}"
    assert uris(html, "ベンチマーク") == ["posts/2026-01-21-post-20.html"]


def _shard_keys(content: bytes) -> dict[str, str]:
    """The keys and postings of a ``keys/`` shard as written (``shards.layout``)."""
    return json.loads(content.decode("utf-8").split(",", 1)[1][:-3])


def test_a_deleted_post_gives_the_index_of_a_clean_build(tmp_path):
    """Posts taken out of the index — deleted in the middle, the newest, the oldest, one
    made a draft, three at once (two of them next to each other) — are taken out of the
    postings kept from the last build and the documents after them numbered anew; every
    rebuild writes what a clean build writes, and the shards of keys the removed posts never
    held, whose last post is before them, stay byte for byte as they were. A post published
    next follows on from them."""
    posts = new_site(tmp_path / "site")
    # Three eras of 34 posts, each saying 200 of its own 270 words, which begin with its own
    # letter so that its keys lie in shards of their own: a key of the middle era lies
    # wholly before the newest post and wholly after the oldest. Most words are held by 22
    # to 29 posts, where a holder less leaves the rarity in its step or not
    # (``ranking.holders_step``); a tag of 13 posts leaves it, a post's own word
    # (``only<n>``) is held by no post once it goes.
    eras = [[letter + word for word in _words(seed, 270)]
            for seed, letter in enumerate("hjl", start=2)]
    paths = []
    for number in range(102):
        words = random.Random(number).sample(eras[number // 34], 200)
        path = posts / f"2026-{1 + number // 28:02d}-{1 + number % 28:02d}-post-{number:03d}.md"
        path.write_text(f"---\ntitle: 記事 {number}\ntags: [t{number % 8}]\n---\n\n"
                        f"only{number:03d}x {' '.join(words)}\n", "utf-8")
        paths.append(path)
    site, html = tmp_path / "site", tmp_path / "site" / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    # 103 documents down to 95 weigh alike (``ranking.corpus_scale``): no impact moves.
    assert len(read_index(html).docs) == 103
    uri = {path: f"posts/{path.stem}.html" for path in paths}
    scenarios = {
        "middle": [paths[51]],
        "newest": [paths[101]],
        "oldest": [paths[0]],
        "draft": [paths[80]],
        "three at once": [paths[20], paths[21], paths[60]],
    }
    for name, removed in scenarios.items():
        before, index = index_files(html), read_index(html)
        numbers = [next(number for number, doc in enumerate(index.docs)
                        if doc["uri"] == uri[path]) for path in removed]
        postings = {key: index.postings(key) for key in index.keys}
        # A key the removed posts held is dropped (no post holds it then), made again (its
        # rarity leaves its step) or spliced: each is taken.
        ways: Counter[str] = Counter()
        for held in postings.values():
            lost = sum(number in held for number in numbers)
            if lost:
                ways["dropped" if lost == len(held) else "made again"
                     if holders_step(len(held)) != holders_step(len(held) - lost)
                     else "spliced"] += 1
        assert ways.keys() == {"dropped", "made again", "spliced"}, (name, ways)
        for path in removed:
            if name == "draft":
                path.write_text(path.read_text("utf-8").replace(
                    "---\n\n", "published: false\n---\n\n", 1), "utf-8")
            else:
                path.unlink()
        assert sphinx_build(site).returncode == 0
        clean = tmp_path / f"clean-{name}"
        assert sphinx_build(site, out=clean).returncode == 0
        after = index_files(html)
        assert after == index_files(clean), name
        untouched = [shard for shard, content in before.items()
                     if shard.startswith(f"{FOLDER}/keys/") and all(
                         max(postings[key]) < min(numbers) for key in _shard_keys(content))]
        assert all(after.get(shard) == before[shard] for shard in untouched), name
        # Only the oldest post leaves no key wholly before it.
        assert untouched or name in {"oldest", "three at once"}, name
        assert not any(uri[path] == doc["uri"] for path in removed
                       for doc in read_index(html).docs)
    # A post published next adds its postings after each key's last document as kept.
    words = [word for era in eras for word in random.Random(102).sample(era, 67)]
    (posts / "2026-05-01-new.md").write_text(
        f"---\ntitle: 新しい記事\n---\n\n{' '.join(words)}\n", "utf-8")
    assert sphinx_build(site).returncode == 0
    assert sphinx_build(site, out=tmp_path / "clean-new").returncode == 0
    assert index_files(html) == index_files(tmp_path / "clean-new")


def test_a_deleted_post_takes_the_other_keys_as_kept(tmp_path):
    """Deleting the newest post reads only the postings of the keys it held: the others are
    taken as the last build kept them, not assembled again. Two kept keys' postings
    swapped beforehand are written as they were found."""
    posts = new_site(tmp_path / "site")
    vocabulary = _words(5, 200)
    sampled_posts(posts, vocabulary, 20, 150)  # 21 documents and 20 weigh alike (corpus_scale)
    site, html = tmp_path / "site", tmp_path / "site" / "_build" / "html"
    assert sphinx_build(site).returncode == 0
    index = read_index(html)
    newest = len(index.docs) - 1
    first, second = [key for key in index.keys if max(index.postings(key)) < newest][:2]
    kept_file = html / ".doctrees" / _POSTINGS_FILE
    kept = load_kept(kept_file, _Postings)
    kept.keys[first], kept.keys[second] = kept.keys[second], kept.keys[first]
    save_kept(kept_file, kept)
    (posts / "2026-01-20-post-19.md").unlink()
    assert sphinx_build(site).returncode == 0
    written = read_index(html)
    assert (written.keys[first], written.keys[second]) == (index.keys[second],
                                                           index.keys[first])
    assert len(written.docs) == newest
