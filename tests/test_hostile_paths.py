"""No term, permalink, file name or link in the posts folder makes the build read or write
outside the source folder and ``_build/``; every post that can be read gets its page."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bunko.output import OutputManifest
from conftest import sphinx_build
from hostile_inputs import is_safe_path_component, new_site

HOSTILE_NAMES = ["../../x", "/etc/passwd", "a/b", "CON", "nul.txt", "x" * 300, "a\x00b", "..",
                 "%2e%2e%2f", "C:\\Windows", "~root", "データ" * 40]
SECRET = "SECRET-OUTSIDE-THE-SOURCE-FOLDER"


def _post(path: Path, title: str, **front_matter: str) -> None:
    lines = [f"title: {title!r}", "date: 2026-01-01"] + [f"{key}: {value}" for key, value
                                                         in front_matter.items()]
    path.write_text("---\n" + "\n".join(lines) + f"\n---\n\nbody of {title}\n", "utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file() and not path.is_symlink()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A site whose posts folder holds every trick, beside folders it must not touch."""
    root = tmp_path_factory.mktemp("paths")
    outside = root / "outside"
    (outside / "folder").mkdir(parents=True)
    _post(outside / "folder" / "2026-01-01-secret.md", SECRET)
    _post(outside / "2026-01-01-secret-file.md", SECRET)
    site = root / "site"
    posts = new_site(site, language="en")
    os.symlink(outside / "folder", posts / "linked-folder")
    os.symlink(outside / "2026-01-01-secret-file.md", posts / "2026-01-02-linked-file.md")
    os.symlink("..", posts / "loop")
    os.symlink("../posts", posts / "itself")
    (posts / "c").mkdir()
    (posts / "d").mkdir()
    os.symlink("../d", posts / "c" / "to-d")  # c/to-d/to-c/to-d/... through two links
    os.symlink("../c", posts / "d" / "to-c")
    tags = json.dumps(HOSTILE_NAMES, ensure_ascii=False)  # JSON is YAML
    _post(posts / "2026-01-03-terms.md", "terms", tags=tags, categories=tags,
          authors=tags, permalink="../../../../outside/written.html")
    _post(posts / "2026-01-04-absolute.md", "absolute",
          permalink=str(outside / "absolute.html"))
    for name in ["CON.md", "...md", "-rf.md", "2026-01-05-a #?%[x].md", "nul.markdown",
                 "2026-01-06-" + "a" * 226 + ".md"]:
        _post(posts / name, name)
    _post(posts / ("2026-01-07-" + "b" * 227 + ".md"), "too long")
    _post(posts / unicodedata.normalize("NFC", "2026-01-08-データ.md"), "nfc")
    _post(posts / unicodedata.normalize("NFD", "2026-01-09-データ.md"), "nfd only")
    _post(posts / unicodedata.normalize("NFD", "2026-01-08-データ.md"), "nfd twin")
    before = _tree(root)
    result = sphinx_build(site, "-j", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    return root, site, before, result


def test_nothing_is_written_outside_the_output_folder(built):
    root, site, before, _result = built
    after = {name: data for name, data in _tree(root).items()
             if not name.startswith("site/_build/")}
    assert after == before


def test_links_out_of_the_posts_folder_are_not_followed(built):
    _root, site, _before, result = built
    out = site / "_build" / "html"
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".json", ".xml"):
            assert SECRET not in path.read_text("utf-8", "replace"), path
    warnings = result.stderr
    assert "posts/linked-folder:" in warnings and "outside the source folder" in warnings
    assert "posts/2026-01-02-linked-file.md:" in warnings
    assert "posts/loop:" in warnings and "posts/itself:" in warnings
    assert "endless path" in warnings
    assert "posts/c/to-d/to-c:" in warnings and "posts/d/to-c/to-d:" in warnings


def test_every_readable_post_has_a_page(built):
    _root, site, _before, result = built
    out = site / "_build" / "html" / "posts"
    for name in ["2026-01-03-terms", "2026-01-04-absolute", "CON", "..", "-rf",
                 "2026-01-05-a #?%[x]", "nul", "2026-01-06-" + "a" * 226,
                 unicodedata.normalize("NFC", "2026-01-08-データ")]:
        assert (out / f"{name}.html").is_file(), name
    home = BeautifulSoup((site / "_build/html/index.html").read_text("utf-8"), "html.parser")
    assert len(home.select(".bunko-post-title")) == 9  # every one of them is listed


def test_what_cannot_be_built_is_named_in_a_warning(built):
    _root, _site, _before, result = built
    warnings = result.stderr
    assert "-byte file name" in warnings and "2026-01-07-bbb" in warnings
    assert "2026-01-09-" in warnings and "NFD" in warnings
    assert "same name as" in warnings


def test_term_folders_are_safe_names_inside_the_output(built):
    _root, site, _before, _result = built
    out = (site / "_build" / "html").resolve()
    for kind in ("tags", "categories", "authors"):
        folders = [path for path in (out / kind).iterdir() if path.is_dir()]
        assert len(folders) == len(HOSTILE_NAMES)  # every name its own page
        for folder in folders:
            assert is_safe_path_component(folder.name), folder.name
            assert folder.resolve().parent == out / kind
    post = BeautifulSoup((out / "posts/2026-01-03-terms.html").read_text("utf-8"),
                         "html.parser")
    for link in post.select(".bunko-tags a"):
        assert (out / "posts" / link["href"]).resolve().is_relative_to(out), link["href"]


@pytest.mark.parametrize("name", ["../x.html", "/etc/passwd", "a/../../x", "..", ".", "",
                                  "C:/x.html", "a\\..\\..\\x", "tags/\0/index.html"])
def test_the_output_manifest_refuses_names_that_leave_the_folder(tmp_path, name):
    manifest = OutputManifest(tmp_path)
    assert manifest.inside(name) is None
    assert not manifest.write(name, "x")
    assert manifest.inside("tags/a/../b/index.html") == tmp_path.resolve() / "tags/b/index.html"
