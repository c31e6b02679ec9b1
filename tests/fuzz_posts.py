"""Fuzz target: whole post files, from bytes on disk to the HTML fragments a page shows.

``make fuzz`` runs it for ``FUZZ_MINUTES`` (10 by default) and prints how many files it tried;
``make test`` runs ``check_post_file`` on a few hundred files (``test_hostile_properties.py``).
Each file goes the way a real one does: the posts-folder scan (bytes, encoding, drafts), the
``Post`` record, Liquid, MyST's parse of the body, reading time and summary, and the post
header, excerpt and <head> meta tags as bunko renders them. None of it may raise, hang, or let
front matter become markup; Liquid leaves none of its placeholders behind.

    python tests/fuzz_posts.py --minutes 10
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup
from docutils.core import publish_doctree
from hypothesis import HealthCheck, given, settings
from myst_parser.parsers.docutils_ import Parser

from bunko.excerpt import EXCERPT_END, EXCERPT_TAGS, excerpt_html, excerpt_text, mark_excerpt_end
from bunko.jekyll_site import JekyllSite
from bunko.kramdown import apply_kramdown, convert_kramdown
from bunko.labels import labels_for
from bunko.liquid.environment import JekyllLiquid
from bunko.liquid.markdown import CLOSE, OPEN
from bunko.post import read_post
from bunko.reading import first_paragraph, prose_text, reading_minutes, text_before
from bunko.render import FragmentRenderer
from bunko.slugs import slugify
from bunko.sources import scan_post_folder
from bunko.terms import term_key
from hostile_inputs import EPOCH, is_safe_path_component, post_files

POST = "posts/2026-01-01-fuzz.md"
_RENDERER = FragmentRenderer([])
_LABELS = labels_for("ja")
_LIQUID = JekyllLiquid(JekyllSite(), find_post=lambda name: None, language="ja",
                       zone=EPOCH.tzinfo, posts_prefix="posts/", jekyll_dir="jekyll")
#: Everything bunko's post header may contain: its own tags and attributes, nothing from a post.
_HEADER_TAGS = {"div", "span", "time", "a", "ul", "li"}
_HEADER_ATTRIBUTES = {"class", "datetime", "aria-label", "role", "href"}
_EXCERPT_ATTRIBUTES = {"href", "title", "rel"}
_SETTINGS = {"report_level": 5, "halt_level": 5, "warning_stream": False,
             "file_insertion_enabled": False, "raw_enabled": True,
             "myst_enable_extensions": ["colon_fence", "dollarmath", "attrs_block",
                                        "attrs_inline"]}


def check_post_file(data: bytes, folder: Path) -> None:
    """One post file through everything bunko does with it; raises AssertionError on a bug."""
    path = folder / POST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    scan = scan_post_folder(folder, "posts", show_drafts=True)
    if POST in scan.excluded_paths:
        (_, problem), = scan.problems
        assert "UTF-8" in problem.message or "cannot be read" in problem.message
        return
    assert scan.post_paths == [POST], scan
    # Sphinx reads with universal newlines, the BOM dropped.
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    read = read_post(POST, text, zone=EPOCH.tzinfo, file_time=EPOCH)
    post = read.post
    assert post.title and post.title == post.title.strip()
    assert not any(ord(char) < 32 or 0x7F <= ord(char) <= 0x9F for char in post.title)
    assert post.date.tzinfo is not None
    assert post.reading_time is None or 1 <= post.reading_time <= 100_000
    for term in (*post.categories, *post.tags, *post.authors):
        assert term.key and term.key == term_key(term.label), term
        assert is_safe_path_component(slugify(term.key)), term
        assert is_safe_path_component(slugify(term.key, "ascii")), term
    for problem in post.problems:
        assert problem.message and (problem.line is None or problem.line >= 1), problem

    liquid = _LIQUID.render_post(read.body, post, first_line=read.body_line)
    assert OPEN not in liquid.text and CLOSE not in liquid.text
    for problem in liquid.problems:
        assert problem.message and (problem.line is None or problem.line >= read.body_line)
    body = convert_kramdown(liquid.text).text
    assert body.count("\n") == liquid.text.count("\n"), "the kramdown pass moved lines"
    body = mark_excerpt_end(body, "<!--more-->")
    doctree = publish_doctree(f"# {post.title}\n{body}", parser=Parser(),
                              settings_overrides=_SETTINGS)
    apply_kramdown(None, doctree)
    assert "bunko:kramdown" not in str(doctree)
    summary = post.summary or text_before(doctree, EXCERPT_END) or first_paragraph(doctree, 120)
    reading_minutes(prose_text(doctree))
    head = _RENDERER.render("bunko/head.html", feeds=[], site_title="site", post={
        "title": post.title, "summary": summary, "date_iso": post.date.isoformat(),
        "url": None, "categories": [term.label for term in post.categories],
        "tags": [term.label for term in post.tags]})
    _check_fragment(head, {"meta", "link"}, {"name", "content", "property"})

    excerpt = excerpt_html(post.excerpt) if post.excerpt else ""
    excerpt_text(post.excerpt)
    _check_fragment(excerpt, EXCERPT_TAGS, _EXCERPT_ATTRIBUTES)

    def links(terms):
        return [{"label": term.label, "url": f"../tags/{slugify(term.key)}/"} for term in terms]

    header = _RENDERER.render("bunko/post-header.html", labels=_LABELS, post={
        "title": post.title, "date_iso": post.date.isoformat(), "date_text": "d",
        "authors": links(post.authors), "categories": links(post.categories),
        "tags": links(post.tags), "minutes_text": "m", "draft": post.draft})
    _check_fragment(header, _HEADER_TAGS, _HEADER_ATTRIBUTES)
    shown = [link.get_text() for link in BeautifulSoup(header, "html.parser").select("a")]
    assert shown == [term.label for term in (*post.authors, *post.categories, *post.tags)]


def _check_fragment(html: str, tags: set[str], attributes: set[str]) -> None:
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name in tags, f"<{element.name}> in {html!r}"
        assert set(element.attrs) <= attributes, f"{element.attrs} in {html!r}"
        for name in ("href", "src"):
            target = element.get(name, "").strip().lower()
            assert not target.startswith(("javascript:", "vbscript:", "data:text")), html


def run(minutes: float, batch: int = 500) -> int:
    """Fuzz for ``minutes``; returns the number of files tried. Stops at the first failure,
    which hypothesis shrinks to a small file and prints."""
    count = 0
    deadline = time.monotonic() + minutes * 60
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)

        @settings(max_examples=batch, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(post_files())
        def one_batch(data: bytes) -> None:
            nonlocal count
            count += 1
            check_post_file(data, folder)

        while time.monotonic() < deadline:
            one_batch()
            print(f"{count} files, {time.monotonic() - deadline + minutes * 60:.0f} s",
                  flush=True)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    started = time.monotonic()
    count = run(args.minutes)
    print(f"fuzz: {count} post files in {time.monotonic() - started:.0f} s, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
