"""Collisions: posts with the same slug or named like generated pages, terms whose folder names
coincide, documents in the generated pages' folders. Everything survives with a page of its
own, and every post and every term of the source is reachable by following links."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from bs4 import BeautifulSoup

from bunko.post import read_post
from bunko.terms import term_key, unique_terms
from conftest import sphinx_build
from hostile_inputs import EPOCH, new_site

#: Tags whose folder names coincide once spelled as slugs ("C++" / "c-plus-plus", ...).
COLLIDING_TAGS = ["C++", "c plus plus", "C#", "c-sharp", "AI", "ＡＩ", "a/b", "a-b", "a b",
                  "CON", "con-", "!!!", "???", "tags", "index", "page"]
POSTS = {
    "posts/tags.md": ["C++", "AI"],
    "posts/index.md": ["c plus plus"],
    "posts/search.md": ["C#"],
    "posts/genindex.md": ["c-sharp"],
    "posts/page/2.md": ["a/b", "a-b"],
    "posts/archive/index.md": ["a b", "CON"],
    "posts/2026-01-01-same.md": ["con-", "!!!"],
    "posts/2026-02-01-same.md": ["???", "tags"],
    "posts/a/2026-03-01-same.md": ["index", "ＡＩ"],
    "posts/b/2026-03-01-same.md": ["page"],
}


def _write_site(site: Path) -> None:
    new_site(site, language="en", conf='bunko_posts_per_page = 3\n'
             'include_patterns = ["index.md", "posts/**", "tags/**"]\n')
    (site / "tags" / "ai").mkdir(parents=True)
    (site / "tags" / "ai" / "index.md").write_text("# A page of the writer's own\n")
    for number, (path, tags) in enumerate(sorted(POSTS.items()), start=1):
        file = site / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"---\ntitle: post {path}\ndate: 2026-01-{number:02d}\n"
                        f"tags: {tags!r}\ncategories: [{path.split('/')[1]!r}]\n---\n\nText.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("collisions") / "site"
    _write_site(source)
    result = sphinx_build(source)
    assert result.returncode == 0, result.stderr[-3000:]
    return source, source / "_build" / "html", result.stderr


def crawl(out: Path, start: str = "index.html") -> set[str]:
    """Every page reachable from ``start`` by following links, as paths in ``out``."""
    seen = {start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        html = BeautifulSoup((out / current).read_text("utf-8"), "html.parser")
        for link in html.find_all("a", href=True):
            href = urldefrag(link["href"])[0]
            if not href or "://" in href or href.startswith(("mailto:", "#")):
                continue
            target = (out / current).parent / unquote(href.split("?")[0])
            if target.is_dir():
                target = target / "index.html"
            target = target.resolve()
            if target.suffix != ".html" or not target.is_file():
                continue
            name = target.relative_to(out.resolve()).as_posix()
            if name not in seen:
                seen.add(name)
                queue.append(name)
    return seen


def test_every_post_and_every_term_has_a_reachable_page(site):
    source, out, _warnings = site
    reached = crawl(out)
    for path in POSTS:
        page = path.removesuffix(".md") + ".html"
        assert page in reached, page
        assert f"post {path}" in (out / page).read_text("utf-8")
    labels = []
    for path in POSTS:
        text = (source / path).read_text("utf-8")
        labels += [term.label for term in read_post(path, text, zone=EPOCH.tzinfo,
                                                    file_time=EPOCH).post.tags]
    tag_pages = {name for name in reached if name.startswith("tags/") and name.endswith(
        "/index.html") and name.count("/") == 2}
    shown = set()
    for name in tag_pages:
        heading = BeautifulSoup((out / name).read_text("utf-8"), "html.parser").find("h1")
        shown.add(term_key(heading.get_text().rstrip("¶").removeprefix("Tag: ")))
    expected = {term.key for term in unique_terms(labels)}
    assert len(expected) == len(COLLIDING_TAGS) - 1  # "AI" and "ＡＩ" are one term
    assert expected <= shown, expected - shown


def test_posts_named_like_generated_pages_keep_their_own_pages(site):
    _source, out, _warnings = site
    assert (out / "search.html").read_text("utf-8") != (out / "posts/search.html").read_text(
        "utf-8")
    home_page_2 = BeautifulSoup((out / "page/2.html").read_text("utf-8"), "html.parser")
    assert home_page_2.select(".bunko-post-title")
    post = BeautifulSoup((out / "posts/page/2.html").read_text("utf-8"), "html.parser")
    assert post.find("h1").get_text().rstrip("¶") == "post posts/page/2.md"


def test_slug_collisions_are_warned_about(site):
    _source, _out, warnings = site
    assert "share the folder name 'c-plus-plus'" in warnings
    assert "share the folder name 'a-b'" in warnings


def test_a_document_where_a_listing_would_go_keeps_its_page_with_a_warning(site):
    _source, out, warnings = site
    assert "A page of the writer" in (out / "tags/ai/index.html").read_text("utf-8")
    assert "a document of the site is in the folder 'ai'" in warnings


@pytest.mark.parametrize(("posts_dir", "extra"), [
    ("archive", ""), ("page", ""), ("blog", 'tags_output_dir = "blog/tags"\n'),
    ("tags/old", ""),
])
def test_posts_folder_nested_with_generated_pages_is_refused(tmp_path, posts_dir, extra):
    (tmp_path / posts_dir).mkdir(parents=True)
    (tmp_path / posts_dir / "index.md").write_text("---\ntitle: x\n---\n")
    (tmp_path / "index.md").write_text("# Home\n")
    (tmp_path / "conf.py").write_text(f'extensions = ["bunko"]\nbunko_posts_dir = "{posts_dir}"'
                                      f'\n{extra}')
    result = sphinx_build(tmp_path)
    assert result.returncode != 0
    assert "would share a folder" in result.stderr or "cannot go into" in result.stderr
