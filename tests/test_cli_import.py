"""``bunko import``: Jekyll sites and folders of posts come in unchanged and build."""

from __future__ import annotations

import json
import re

from bunko_cli import bunko, make_site, no_traceback, post

from conftest import shared_corpus, sphinx_build


def _bunko_warnings(build_output: str, site) -> set[tuple[str, str]]:
    """(path relative to the site, message) of the build's bunko warnings about posts."""
    found = set()
    for line in build_output.splitlines():
        match = re.match(r"(.*?):(\d*):? WARNING: (.*) \[bunko\.(?:post|posts|redirect)\]$", line)
        if match:
            path = match.group(1).removeprefix(f"{site}/")
            found.add((path, match.group(3)))
    return found


def test_jekyll_fixtures_come_in_unchanged_and_build(tmp_path):
    source = shared_corpus("corpora", "jekyll-fixtures")
    site = make_site(tmp_path / "site")
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 1 and no_traceback(result)  # some posts have problems
    assert "57 post(s) copied, 1 of them with published: false (not built)" in result.stdout
    # Two _posts folders hold 2008-09-23-categories.markdown: the second gets -2.
    assert "posts/z_category/2008-09-23-categories-2.markdown" in result.stdout
    assert "Liquid not carried over" in result.stdout and "{% include " in result.stdout
    original = source / "test/source/_posts/2009-06-22-no-yaml.markdown"
    assert (site / "posts/2009-06-22-no-yaml.markdown").read_bytes() == original.read_bytes()

    build = sphinx_build(site, "-q")
    assert build.returncode == 0, build.stderr[-3000:]
    # The import and check report exactly the bunko warnings the build gives.
    check = bunko("check", "--format", "json", cwd=site)
    errors = {(item["path"], re.sub(r" \(expected .*\)$", "", item["message"]))
              for item in json.loads(check.stdout) if item["level"] == "error"}
    assert errors == _bunko_warnings(build.stderr, site)

    again = bunko("import", str(source), cwd=site)
    assert "0 post(s) copied; 57 already there" in again.stdout
    assert not any(path.stem.endswith("-3") for path in (site / "posts").rglob("*.markdown"))


def test_vim_jp_imports_cleanly_with_progress_and_builds(migrated_vim_jp):
    # The session's one import and build of vim-jp (conftest), as ``make html`` builds it.
    site, result = migrated_vim_jp.site, migrated_vim_jp.imported
    assert result.returncode == 0, result.stdout
    assert "349 post(s) copied" in result.stdout and "no problems" in result.stdout
    assert re.search(r"^imported 100 of \d+ files$", result.stderr, re.M)
    assert (site / "posts/blog").is_dir() and (site / "posts/release").is_dir()
    build = migrated_vim_jp.built
    assert build.returncode == 0, build.stderr[-3000:]
    assert (site / "_build/html/posts/blog").is_dir()


def test_drafts_collisions_encodings_and_non_markdown_are_reported(tmp_path):
    jekyll = tmp_path / "jekyll"
    files = {
        "_posts/2024-01-01-hello.md": post(title="Hello"),
        "_posts/2024-01-02-hidden.md": post(title="Hidden", published="false"),
        "_posts/2024-01-03-page.html": "<p>not markdown</p>",
        "_posts/2024-01-04-legacy.md": "---\ntitle: 古い\n---\n".encode("shift_jis"),
        "news/_posts/2024-01-01-hello.md": post(title="Hello again"),
        "_drafts/someday.md": "---\ntitle: Someday\n---\n\nNot yet.\n",
        "_site/2024-01-01-hello.html": "<p>built output, not a post</p>",
    }
    for name, text in files.items():
        path = jekyll / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    site = make_site(tmp_path / "site")
    result = bunko("import", str(jekyll), cwd=site)
    assert result.returncode == 1 and no_traceback(result)
    out = result.stdout
    assert "4 post(s) copied, 1 of them with published: false (not built)" in out
    assert "1 draft(s) from _drafts/ copied to drafts/" in out
    assert (site / "drafts/someday.md").is_file() and not (site / "posts/someday.md").exists()
    assert (site / "posts/news/2024-01-01-hello-2.md").is_file()
    assert "2024-01-03-page.html: is not Markdown (.html)" in out
    assert "posts/2024-01-04-legacy.md: is not UTF-8" in out
    assert (site / "posts/2024-01-04-legacy.md").read_bytes() == files[
        "_posts/2024-01-04-legacy.md"]
    assert not list((site / "posts").rglob("*.html"))
    # Without _config.yml this is no Jekyll site's root: only posts and drafts come in.
    assert not (site / "jekyll").exists()


def test_a_plain_folder_of_posts_and_usage_errors(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2024-02-01-note.md").write_text(post(title="Note"), "utf-8")
    site = make_site(tmp_path / "site")
    result = bunko("import", str(folder), "--dest", "articles", cwd=site)
    assert result.returncode == 0, result.stdout
    assert "(a folder of posts)" in result.stdout
    assert (site / "articles/2024-02-01-note.md").is_file()
    missing = bunko("import", str(tmp_path / "nowhere"), cwd=site)
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    inside = bunko("import", str(site), "--dest", str(site / "posts"), cwd=site)
    assert inside.returncode == 2 and no_traceback(inside)
    not_a_folder = bunko("import", str(folder), "--dest", "conf.py", cwd=site)
    assert not_a_folder.returncode == 2 and "is a file" in not_a_folder.stderr
