"""The real corpora in ../shared/corpora build whole: a page for every post, every warning
naming its file, exit 0 (``make html`` without -W)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import shared_corpus, sphinx_build

SUFFIXES = (".md", ".markdown")
_DRAFT = re.compile(r"\A---\s*\n.*?^published:\s*false\s*$.*?^---", re.S | re.M)
_WARNING_WITH_FILE = re.compile(r"^(/[^:]+?\.(md|markdown)|/[^:]+)(:\d*)?: (WARNING|ERROR)")


def make_site(tmp_path: Path, language: str, post_folders: dict[str, Path]) -> Path:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "conf.py").write_text(
        f'extensions = ["bunko"]\nhtml_theme = "furo"\nlanguage = "{language}"\n'
        'project = "corpus"\n', "utf-8")
    (site / "index.md").write_text("# Corpus\n\n```{bunko-posts}\n```\n", "utf-8")
    for name, folder in post_folders.items():
        shutil.copytree(folder, site / "posts" / name if name else site / "posts",
                        dirs_exist_ok=True)
    return site


def expected_pages(site: Path) -> list[Path]:
    pages = []
    for path in sorted((site / "posts").rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        text = path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n")
        if _DRAFT.match(text):
            continue
        pages.append(path.relative_to(site).with_suffix(".html"))
    return pages


def check_build(site: Path, result: subprocess.CompletedProcess[str] | None = None
                ) -> list[str]:
    """Build ``site`` as ``make html`` does (or read ``result``, that build already done)."""
    result = result or sphinx_build(site, "-j", "auto", "-q")
    assert result.returncode == 0, result.stderr[-3000:]
    out = site / "_build" / "html"
    missing = [str(p) for p in expected_pages(site) if not (out / p).is_file()]
    assert not missing, f"{len(missing)} posts without a page: {missing[:10]}"
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    unnamed = [w for w in warnings if not _WARNING_WITH_FILE.match(w)]
    assert not unnamed, f"warnings that name no file: {unnamed[:5]}"
    return warnings


def test_vim_jp_corpus(vim_jp_build):
    # The session's one build of vim-jp's posts alone (conftest), which the search tests read.
    site, result = vim_jp_build
    check_build(site, result)
    page = (site / "_build/html/posts/blog/2017-10-12-vimconf2017-speakers.html")
    assert page.is_file()


def test_18f_corpus(tmp_path):
    posts = shared_corpus("corpora", "18f", "_posts")
    site = make_site(tmp_path, "en", {"": posts})
    warnings = check_build(site)
    assert not (site / "_build/html/posts/2015-08-12-18f-consulting-is-hiring.html").exists(), \
        "published: false is a draft"
    assert (site / "_build/html/posts/2017-09-28-three-ways-to manage-research-projects.html"
            ).is_file(), "a file name with a space"
    assert any("(optional)" in w for w in warnings)


def test_jekyll_fixtures_corpus(tmp_path):
    root = shared_corpus("corpora", "jekyll-fixtures", "test")
    folders = {}
    for posts in sorted(root.rglob("_posts")):
        label = posts.parent.relative_to(root).as_posix().replace("/", "-").strip("-.") or "root"
        folders[label] = posts
    site = make_site(tmp_path, "en", folders)
    warnings = check_build(site)
    out = site / "_build" / "html" / "posts"
    assert not list(out.rglob("*not-published*"))
    assert list(out.rglob("2017-2-5-i-dont-like-zeroes.html"))
    assert any("folder named like a post" in w for w in warnings)
