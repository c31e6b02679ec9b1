"""Every incremental build equals a clean build of the same sources, after any edit.

A seeded sequence of the edits writers make — retitle, retag, respell a tag's label, change a
date, delete, add, publish a draft, unpublish, save a file that is not UTF-8 — each followed by
an incremental build of the same output folder and a clean build of the same sources into a
fresh one; every output file must be the same, byte for byte.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from conftest import sphinx_build
from hostile_inputs import new_site

#: More tags than the sidebar names (20), so labels outside the top 20 are exercised too.
TAGS = [f"タグ{n:02d}" for n in range(24)] + ["Python", "Rust", "ＡＩ", "Vim"]
#: Few posts keep each of the test's 19 builds small; 18 still use 24 of the tags (the
#: published ones), タグ21 among them, and fill 4 pages of the home page's list.
POSTS = 18
AUTHORS = ["山田 花子", "Jane Doe", "鈴木", "Li Wei"]
ZONES = ["+09:00", "-05:00", "Z", ""]
#: Written differently by every build: Sphinx's build hash and environment, not output.
_NOT_OUTPUT = (".doctrees/", ".buildinfo")
SEED = 20261130
#: One edit of each kind.
STEPS = 9


def _post(number: int, *, title: str | None = None, tags: list[str] | None = None,
          date: str | None = None, published: bool = True) -> str:
    rng = random.Random(number)
    tags = tags if tags is not None else rng.sample(TAGS, 3)
    date = date or (f"2026-{1 + number % 12:02d}-{1 + number % 27:02d} "
                    f"{number % 24:02d}:30:00 {ZONES[number % 4]}").strip()
    return (f"---\ntitle: {title or f'記事 {number}'}\ndate: {date}\n"
            f"tags: [{', '.join(tags)}]\ncategories: [分類{number % 3}]\n"
            f"author: {AUTHORS[number % len(AUTHORS)]}\n"
            f"published: {'true' if published else 'false'}\n---\n\n"
            f"本文 {number}。{'の段落' * (number % 5)}\n")


def write_site(site: Path) -> Path:
    posts = new_site(site, conf='bunko_timezone = "Asia/Tokyo"\nbunko_posts_per_page = 4\n')
    (site / "index.md").write_text("# Home\n\n```{bunko-posts}\n:limit: 9\n```\n", "utf-8")
    for number in range(POSTS):
        (posts / f"2026-01-01-post-{number:02d}.md").write_text(
            _post(number, published=number not in (5, 6)), "utf-8")
    return posts


def output_files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()
            and not path.relative_to(out).as_posix().startswith(_NOT_OUTPUT)}


def _set(post: Path, key: str, value: str) -> None:
    text = post.read_text("utf-8")
    post.write_text(re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M),
                    "utf-8")


def edit(posts: Path, rng: random.Random, step: int) -> str:
    """Make one random edit; say what it was."""
    files = sorted(posts.glob("*.md"))
    post = rng.choice(files)
    kind = ["retitle", "retag", "respell", "date", "delete", "add", "publish", "unpublish",
            "not-utf8"][step % 9]
    if kind == "retitle":
        _set(post, "title", f"改題 {step}")
    elif kind == "retag":
        _set(post, "tags", f"[{', '.join(rng.sample(TAGS, 2))}, 新タグ{step}]")
    elif kind == "respell":
        # The label of a tag is the oldest post's spelling: respell it there.
        for candidate in files:
            text = candidate.read_text("utf-8")
            if "タグ21" in text:
                candidate.write_text(text.replace("タグ21", "ﾀｸﾞ21"), "utf-8")
                break
    elif kind == "date":
        _set(post, "date", f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 23:45:00 "
                           f"{rng.choice(ZONES)}".strip())
    elif kind == "delete":
        post.unlink()
    elif kind == "add":
        (posts / f"2026-06-01-added-{step}.md").write_text(_post(100 + step), "utf-8")
    elif kind == "publish":
        drafts = [file for file in files if "published: false" in file.read_text("utf-8")]
        _set(drafts[0] if drafts else post, "published", "true")
    elif kind == "unpublish":
        _set(post, "published", "false")
    else:
        (posts / f"2026-07-01-sjis-{step}.md").write_bytes(
            "---\ntitle: 文字化け\n---\n本文\n".encode("shift_jis"))
    return f"{kind} {post.name}"


def test_the_site_uses_more_tags_than_the_sidebar_names(tmp_path):
    posts = write_site(tmp_path / "site")
    used = {tag for path in posts.glob("*.md") if "published: true" in path.read_text("utf-8")
            for tag in re.search(r"^tags: \[(.*)\]$", path.read_text("utf-8"), re.M)[1]
            .split(", ")}
    assert len(used) > 20 and "タグ21" in used


def test_random_edits_build_as_a_clean_build_would(tmp_path):
    # In parallel, as make html builds (-j auto), so the environment merges are exercised.
    options = ("-j", "2")
    site = tmp_path / "site"
    posts = write_site(site)
    incremental = tmp_path / "incremental"
    assert sphinx_build(site, *options, out=incremental).returncode == 0
    rng = random.Random(SEED)
    for step in range(STEPS):
        what = edit(posts, rng, step)
        result = sphinx_build(site, *options, out=incremental)
        assert result.returncode == 0, f"{what}: {result.stderr[-2000:]}"
        clean = tmp_path / f"clean-{step}"
        assert sphinx_build(site, *options, out=clean).returncode == 0
        ours, theirs = output_files(incremental), output_files(clean)
        assert sorted(ours) == sorted(theirs), what
        different = [name for name in ours if ours[name] != theirs[name]]
        assert not different, f"after {what}: files unlike a clean build: {different}"


def test_publishing_a_draft_or_adding_a_broken_file_reads_only_that_file(tmp_path):
    site = tmp_path / "site"
    posts = write_site(site)
    out = tmp_path / "out"
    assert sphinx_build(site, out=out).returncode == 0
    _set(posts / "2026-01-01-post-05.md", "published", "true")
    (posts / "2026-07-01-sjis.md").write_bytes("---\ntitle: 文字化け\n---\n".encode("shift_jis"))
    log = sphinx_build(site, out=out).stdout
    assert "1 added, 0 changed, 0 removed" in log, log
    assert "[config changed" not in log
