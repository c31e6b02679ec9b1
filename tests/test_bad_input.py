"""Bad input: one warning naming the file, every other post still built, -W fails the build."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import copy_root, page, sphinx_build, warning_lines

BUILT_DESPITE_PROBLEMS = [
    "posts/2026-01-01-good",
    "posts/2026-01-02-invalid-yaml",
    "posts/2026-01-03-no-front-matter",
    "posts/2026-01-04-empty-front-matter",
    "posts/2026-01-05-crlf",
    "posts/2026-01-06-bom",
    "posts/2026-01-07-dots",
    "posts/2026-01-09-folder-named-like-a-post/note",
    "posts/2026-01-10-list-front-matter",
]


@pytest.mark.sphinx("html", testroot="bad-input")
def test_every_readable_post_gets_a_page(built):
    for docname in BUILT_DESPITE_PROBLEMS:
        assert (Path(built.outdir) / f"{docname}.html").is_file(), docname
    assert not (Path(built.outdir) / "posts/2026-01-08-shift-jis.html").exists()


@pytest.mark.sphinx("html", testroot="bad-input")
def test_each_problem_is_one_warning_naming_the_file(built):
    warnings = warning_lines(built)

    def about(file_part: str) -> list[str]:
        return [w for w in warnings if file_part in w]

    (yaml_warning,) = about("2026-01-02-invalid-yaml.md")
    assert "not valid YAML" in yaml_warning
    assert "2026-01-02-invalid-yaml.md:" in yaml_warning.split(" WARNING")[0]
    (no_front_matter,) = about("2026-01-03-no-front-matter.md")
    assert "no front matter" in no_front_matter
    (shift_jis,) = about("2026-01-08-shift-jis.md")
    assert "not UTF-8" in shift_jis and "skipped" in shift_jis
    folder_warnings = [w for w in about("2026-01-09-folder-named-like-a-post") if "folder" in w]
    assert len(folder_warnings) == 1
    (list_front_matter,) = about("2026-01-10-list-front-matter.md")
    assert "front matter is a list" in list_front_matter
    assert not about("2026-01-01-good.md")
    assert not about("2026-01-05-crlf.md")
    assert not about("2026-01-06-bom.md")


@pytest.mark.sphinx("html", testroot="bad-input")
def test_titles_come_from_the_file_when_front_matter_fails(built):
    broken = page(built, "posts/2026-01-02-invalid-yaml")
    assert broken.find("h1").get_text().rstrip("¶") == "Invalid yaml"
    assert broken.select_one(".bunko-post-meta time").get_text() == "2026年1月2日(金)"
    crlf = page(built, "posts/2026-01-05-crlf")
    assert crlf.find("h1").get_text().rstrip("¶") == "CRLF の記事"
    assert [li.get_text() for li in crlf.select(".bunko-tags li")] == ["Windows"]
    bom = page(built, "posts/2026-01-06-bom")
    assert bom.find("h1").get_text().rstrip("¶") == "BOM の記事"
    dots = page(built, "posts/2026-01-07-dots")
    assert dots.find("h1").get_text().rstrip("¶") == "YAML ending in dots"


@pytest.mark.sphinx("html", testroot="bad-input")
def test_warnings_repeat_on_a_build_with_nothing_to_read(app):
    app.build()
    first = len(warning_lines(app))
    app.warning.truncate(0)
    app.warning.seek(0)
    app.build()
    assert len(warning_lines(app)) == first > 0


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "_build" not in path.relative_to(folder).parts
    }


def test_strict_build_fails_plain_build_succeeds_and_sources_are_untouched(tmp_path):
    site = copy_root("bad-input", tmp_path)
    before = _tree_digest(site)
    plain = sphinx_build(site, "-j", "auto")
    assert plain.returncode == 0, plain.stderr
    assert "2026-01-08-shift-jis.md" in plain.stderr
    strict = sphinx_build(site, "-W", out=tmp_path / "strict")
    assert strict.returncode != 0
    assert _tree_digest(site) == before, "the build wrote into the source folder"


def test_strict_build_of_a_clean_site_succeeds(tmp_path):
    site = copy_root("drafts", tmp_path)
    strict = sphinx_build(site, "-W", "-j", "auto")
    assert strict.returncode == 0, strict.stderr
