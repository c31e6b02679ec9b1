"""Listings stay right under change: a parallel build, an incremental build after a tag edit,
a deletion and a renamed tag all give the pages a clean serial build gives."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_root, sidebar_data, sphinx_build

#: Output that differs between any two builds and says nothing about the listings.
_IGNORED = ("_static/", "_sources/", ".doctrees/")


def pages(out: Path) -> dict[str, str]:
    return {path.relative_to(out).as_posix(): path.read_text("utf-8")
            for path in sorted(out.rglob("*.html"))
            if not path.relative_to(out).as_posix().startswith(_IGNORED)}


def build(source: Path, out: Path, *options: str) -> str:
    result = sphinx_build(source, *options, out=out)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def assert_same_site(out: Path, expected: Path) -> None:
    ours, theirs = pages(out), pages(expected)
    assert sorted(ours) == sorted(theirs)
    different = [name for name in ours if ours[name] != theirs[name]]
    assert not different, f"pages that differ from a clean serial build: {different}"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_root("listings", tmp_path)


def clean_build(source: Path, tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    build(source, out, "-E")
    return out


def test_parallel_build_equals_serial_build(site, tmp_path):
    serial = clean_build(site, tmp_path, "serial")
    parallel = tmp_path / "parallel"
    build(site, parallel, "-E", "-j", "2")
    assert_same_site(parallel, serial)


def test_tag_edit_updates_every_listing_without_rereading_other_posts(site, tmp_path):
    out = tmp_path / "incremental"
    build(site, out)
    post = site / "posts" / "2026-02-01-ai-lower.md"
    post.write_text(post.read_text("utf-8").replace('tags: [ai, "C#"]', "tags: [ai, Rust]"),
                    "utf-8")
    log = build(site, out)
    assert re.search(r"0 added, 1 changed, 0 removed", log), log
    assert (out / "tags/rust/index.html").is_file()
    assert not (out / "tags/c-sharp").exists()  # its only post left it
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_deleted_post_disappears_everywhere(site, tmp_path):
    out = tmp_path / "incremental"
    build(site, out)
    (site / "posts" / "2026-01-15-ai-wide.md").unlink()
    build(site, out)
    for html in pages(out).values():
        assert "ＡＩ wide" not in html
    assert not (out / "tags/c").exists()
    assert not (out / "categories/ニュース").exists()
    assert not (out / "_sources/posts/2026-01-15-ai-wide.md.txt").exists()
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_renamed_tag_removes_the_empty_page(site, tmp_path):
    out = tmp_path / "incremental"
    build(site, out)
    post = site / "posts" / "2024-01-01-directive.md"
    post.write_text(post.read_text("utf-8").replace("tags: [old]", "tags: [older]"), "utf-8")
    build(site, out)
    assert not (out / "tags/old").exists()
    assert "Directive tags" in (out / "tags/older/index.html").read_text("utf-8")
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_respelled_term_updates_lists_of_posts_that_were_not_edited(site, tmp_path):
    """A term shows the oldest post's spelling: respelling it there changes pages that list
    only other posts. (That the digest of a list entry holds the label is checked in
    ``test_catalog_keys``.)"""
    out = tmp_path / "incremental"
    build(site, out)
    oldest_ai = site / "posts" / "2024-01-01-directive.md"  # its {tags} directive says AI
    oldest_ai.write_text(oldest_ai.read_text("utf-8").replace("extra, AI", "extra, Ai"),
                         "utf-8")
    build(site, out)
    category_page = next(out.glob("categories/*/index.html")).read_text("utf-8")
    assert ">Ai<" in category_page
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_no_change_writes_no_listing_page(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    before = {path: path.stat().st_mtime_ns for path in out.rglob("index.html")}
    build(site, out)
    after = {path: path.stat().st_mtime_ns for path in out.rglob("index.html")}
    assert before == after


def test_an_edit_describes_again_only_the_listings_that_show_the_post(site, tmp_path):
    """A listing whose posts' entries did not change is taken as the last build made it,
    undescribed (``Listing``); a page of one deleted by hand is made again all the same."""
    out = tmp_path / "incremental"
    first = build(site, out, "-v")
    described = re.compile(r"bunko: (\d+) of (\d+) listings described again")
    total = int(described.search(first).group(2))
    assert described.search(first).group(1) == str(total) and total > 10
    gone = out / "tags" / "old" / "index.html"
    gone.unlink()
    post = site / "posts" / "2026-02-01-ai-lower.md"
    post.write_text(post.read_text("utf-8").replace("title: ", "title: 改題 ", 1), "utf-8")
    again = described.search(build(site, out, "-v"))
    # The lists that show the post: the home page's older pages, its two tags, category
    # and author, its year and month (7); the pages made from every term or month, described
    # on every build: three term indexes and the archive's (4); and tags/old, whose page is
    # gone (1).
    assert (int(again.group(1)), int(again.group(2))) == (7 + 4 + 1, total)
    assert gone.is_file()
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_listing_pages_recorded_in_an_older_shape_are_made_again_not_lost(site, tmp_path):
    """The groups file of an earlier bunko holds the listing pages as a plain list: the
    builds after an upgrade make the pages again and keep them, rather than take a record
    they cannot read (the second build once deleted every listing page)."""
    out = tmp_path / "out"
    build(site, out)
    groups_file = out / ".doctrees" / "bunko-output-groups.json"
    groups = json.loads(groups_file.read_text("utf-8"))
    recorded = groups["groups"]["listing pages"]
    recorded["data"] = [page for _signature, pages in recorded["data"]["listings"].values()
                        for page in pages]
    groups_file.write_text(json.dumps(groups), "utf-8")
    listed = sorted(path.relative_to(out) for path in out.glob("tags/*/index.html"))
    assert len(listed) > 3
    for _ in range(2):
        build(site, out)
        assert sorted(path.relative_to(out) for path in out.glob("tags/*/index.html")) == listed
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_new_post_updates_the_sidebar_counts(site, tmp_path):
    out = tmp_path / "incremental"
    build(site, out)
    shutil.copy(site / "posts" / "2025-06-01-nfc.md", site / "posts" / "2025-07-01-copy.md")
    build(site, out)
    assert ["2025", "archive/2025/index.html", 2] in sidebar_data(out)["archive"]["links"]
    assert_same_site(out, clean_build(site, tmp_path, "clean"))


def test_no_change_makes_listing_files_deleted_by_hand_again(site, tmp_path):
    """A rebuild that reads nothing takes the last build's listing pages and site files as
    they are, but only those still there: one deleted by hand is made again."""
    out = tmp_path / "out"
    build(site, out, "-D", "html_baseurl=https://example.org/")
    gone = [next(out.glob("tags/*/index.html")), out / "archive" / "index.html",
            out / "atom.xml", out / "sitemap.xml"]
    for path in gone:
        path.unlink()
    build(site, out, "-D", "html_baseurl=https://example.org/")
    assert all(path.is_file() for path in gone)
    clean = tmp_path / "clean"
    build(site, clean, "-E", "-D", "html_baseurl=https://example.org/")
    assert_same_site(out, clean)
    assert [(out / name).read_bytes() for name in ("atom.xml", "sitemap.xml")] == [
        (clean / name).read_bytes() for name in ("atom.xml", "sitemap.xml")]


def test_a_document_where_a_listing_page_goes_is_warned_about_on_every_build(site, tmp_path):
    """The warning of a listing page left unwritten is said again by a rebuild that reads
    nothing, as every problem is."""
    conf = site / "conf.py"
    conf.write_text(conf.read_text("utf-8")
                    + 'include_patterns = ["index.md", "posts/**", "archive/**"]\n', "utf-8")
    (site / "archive").mkdir()
    (site / "archive" / "index.md").write_text("# 私の書庫\n\n手書きの頁。\n", "utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        result = sphinx_build(site, out=out)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "has the name of a page bunko generates" in result.stderr
    assert "手書きの頁" in (out / "archive" / "index.html").read_text("utf-8")
