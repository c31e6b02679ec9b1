"""Reading a post: file text → ``Post`` + the Markdown MyST parses → body statistics.

Connected to ``source-read`` (before MyST) and ``doctree-read`` (after it). The text MyST gets
starts with the clean title as its only ``#`` heading, so the page has one ``<h1>``, the
author's ``##`` stay ``<h2>`` and MyST never warns that headings start at H2. The title is
backslash-escaped, so a title's ``<script>`` or ``*`` is text, never markup.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timezone
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .collection import docs_with_post_lists, posts_by_docname, store_post
from .excerpt import excerpt_text
from .liquid import render_liquid
from .post import first_heading, read_post
from .reading import first_paragraph, prose_text, reading_minutes
from .site import site_of
from .terms import unique_terms

#: What generators and habits leave at the very end of a post: a "---END---" marker, or a
#: thematic break after a blank line (docutils refuses a document ending in a transition).
_TRAILING_MARKS = re.compile(
    r"(?:\n[ \t]*-{3,}[ \t]*END[ \t]*-{3,}[ \t]*"
    r"|\n\n[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}))\s*\Z",
    re.IGNORECASE,
)
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class PostHeader(nodes.General, nodes.Element):
    """Where the date, authors, reading time and terms go: filled in when the page is written,
    because term links depend on the whole collection."""


class PostList(nodes.General, nodes.Element):
    """Placeholder for a list of the newest posts, filled in when the page is written."""


class DirectiveTags(nodes.General, nodes.Element):
    """Tags given with sphinx-tags' ``{tags}`` directive; they join the post's front-matter
    tags, and the node becomes links to bunko's tag pages."""


def is_post(app: Sphinx, docname: str) -> bool:
    return docname.startswith(site_of(app).options.posts_prefix)


def read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: make the ``Post`` and hand MyST the body, Liquid rendered."""
    if not is_post(app, docname):
        return
    site = site_of(app)
    file_path = Path(app.env.doc2path(docname))
    relative = file_path.relative_to(app.srcdir).as_posix()
    file_time = datetime.fromtimestamp(file_path.stat().st_mtime, timezone.utc)
    read = read_post(relative, source[0], zone=site.zone, file_time=file_time)
    liquid = render_liquid(read.body, read.post, site, language=app.config.language,
                           first_line=read.body_line)
    post = read.post
    if liquid.problems:
        post = dataclasses.replace(post, problems=post.problems + tuple(liquid.problems))
    store_post(app.env, docname, post)

    body = liquid.text
    while (trimmed := _TRAILING_MARKS.sub("\n", body)) != body:
        body = trimmed
    heading = None if post.title_from_front_matter else first_heading(body)
    if heading and heading[0] == 1:
        source[0] = body  # the body's own "# heading" is the title
        return
    # Blank lines where the front matter was keep MyST's line numbers those of the file.
    padding = "\n" * max(1, read.body_line - 1)
    escaped_title = _MARKDOWN_PUNCTUATION.sub(r"\\\1", post.title)
    source[0] = f"# {escaped_title}{padding}{body}"


def read_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: count reading time and summary, add the tags of sphinx-tags'
    ``{tags}`` directive, mark the post an orphan, place the header placeholder."""
    env = app.env
    docname = env.docname
    if any(True for _node in doctree.findall(PostList)):
        docs_with_post_lists(env).add(docname)
    post = posts_by_docname(env).get(docname)
    if post is None:
        return
    directive_labels = [label for node in doctree.findall(DirectiveTags)
                        for label in node["tags"]]
    if directive_labels:
        tags = unique_terms([term.label for term in post.tags] + directive_labels)
        post = dataclasses.replace(post, tags=tags)
    if post.excerpt:
        summary = excerpt_text(post.excerpt)
    else:
        summary = first_paragraph(doctree, site_of(app).options.excerpt_length)
    minutes = post.reading_time or reading_minutes(prose_text(doctree))
    posts_by_docname(env)[docname] = dataclasses.replace(post, summary=summary, minutes=minutes)
    # Posts are reached through listings, not the toctree: furo renders the whole toctree into
    # every page, which at 1,000 posts means ~190 KB pages and a half-hour build.
    env.metadata[docname]["orphan"] = True
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, PostHeader())
    else:
        doctree.insert(0, PostHeader())
