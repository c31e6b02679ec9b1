"""Reading a post: file text → ``Post`` + the Markdown MyST parses → body statistics.

Connected to ``source-read`` (before MyST) and ``doctree-read`` (after it). The text MyST gets
starts with the clean title as its ``#`` heading, so the page has one ``<h1>``, the author's
``##`` stay ``<h2>`` and MyST never warns that headings start at H2; a body that starts with
that same ``# Title`` loses the line (the title is not shown twice), and a body's own ``#``
sections are nested under the title (``nest_sections``). The title is backslash-escaped, so a
title's ``<script>`` or ``*`` is text, never markup.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timezone
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .collection import post_lists_by_doc, posts_by_docname, store_post
from .conversion import convert_post
from .excerpt import EXCERPT_END, excerpt_text, mark_excerpt_end
from .jekyll_site import DEFAULT_EXCERPT_SEPARATOR
from .post import first_heading, is_url, site_path
from .reading import first_paragraph, prose_text, reading_minutes, text_before
from .site import site_of
from .terms import term_key, unique_terms

#: What generators and habits leave at the very end of a post: a "---END---" marker, or a
#: thematic break after a blank line (docutils refuses a document ending in a transition).
_TRAILING_MARKS = re.compile(
    r"(?:\n[ \t]*-{3,}[ \t]*END[ \t]*-{3,}[ \t]*"
    r"|\n\n[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}))\s*\Z",
    re.IGNORECASE,
)
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: The underline of a setext level-1 heading ("Title" over "=====").
_SETEXT_1 = re.compile(r"^ {0,3}=+[ \t]*$")


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
    read = convert_post(site, relative, source[0], file_time=file_time,
                        language=app.config.language)
    post = read.post
    store_post(app.env, docname, post)

    body = read.markdown
    separator = post.excerpt_separator or site.jekyll.excerpt_separator
    if not post.excerpt and separator != DEFAULT_EXCERPT_SEPARATOR:  # else: first paragraph
        body = mark_excerpt_end(body, separator)
    while (trimmed := _TRAILING_MARKS.sub("\n", body)) != body:
        body = trimmed
    heading = None if post.title_from_front_matter else first_heading(body)
    if heading and heading[0] == 1:
        source[0] = body  # the body's own "# heading" is the title
        return
    if post.title_from_front_matter:
        body = _without_repeated_title(body, post.title)
    # Blank lines where the front matter was keep MyST's line numbers those of the file.
    padding = "\n" * max(1, read.body_line - 1)
    escaped_title = _MARKDOWN_PUNCTUATION.sub(r"\\\1", post.title)
    source[0] = f"# {escaped_title}{padding}{body}"


def _without_repeated_title(body: str, title: str) -> str:
    """The body with its first line blanked when that line is a level-1 heading saying the
    title again (``# Title`` or ``Title`` over ``===``, compared as terms are: width, case and
    spacing aside): bunko's heading already shows it. Blank, so line numbers stay the file's."""
    lines = body.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return body
    heading = first_heading(lines[first])
    setext = (first + 1 < len(lines) and _SETEXT_1.match(lines[first + 1])
              and not lines[first].lstrip().startswith("#"))
    text = heading[1] if heading and heading[0] == 1 else lines[first] if setext else None
    if text is None or term_key(text) != term_key(title):
        return body
    lines[first:first + (2 if setext else 1)] = [""] * (2 if setext else 1)
    return "\n".join(lines)


def nest_sections(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before the table of contents is collected: a post body written with
    ``#`` headings makes sections beside the title's, each an ``<h1>`` as large as the title;
    they go inside the title's section, so the page has one ``<h1>`` and they are ``<h2>``."""
    if not is_post(app, app.env.docname):
        return
    sections = [index for index, node in enumerate(doctree.children)
                if isinstance(node, nodes.section)]
    if len(sections) < 2:
        return
    title_section = doctree[sections[0]]
    following = doctree.children[sections[0] + 1:]
    del doctree[sections[0] + 1:]
    title_section.extend(following)


def pictures_changed(app: Sphinx, env: BuildEnvironment, added: set[str],
                     changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: posts whose picture file has appeared in the Jekyll folder or
    gone from it since they were read, read again so their warning and lists follow (as a
    clean build would)."""
    jekyll = site_of(app).jekyll
    if jekyll.folder is None:
        return []
    return sorted(
        docname for docname, post in posts_by_docname(env).items()
        if docname not in changed and any(
            (location in post.missing_pictures) == jekyll.serves(site_path(location))
            for location in (post.image, post.thumbnail) if location and not is_url(location)))


def read_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: count reading time and summary, add the tags of sphinx-tags'
    ``{tags}`` directive, mark the post an orphan, place the header placeholder."""
    env = app.env
    docname = env.docname
    post_lists = [node.get("limit") or 0 for node in doctree.findall(PostList)]
    if post_lists:
        post_lists_by_doc(env)[docname] = max(post_lists)
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
    else:  # Jekyll's excerpt: the text before the separator, else the first paragraph
        summary = (text_before(doctree, EXCERPT_END)
                   or first_paragraph(doctree, site_of(app).options.excerpt_length))
    minutes = post.reading_time or reading_minutes(prose_text(doctree))
    store_post(env, docname, dataclasses.replace(post, summary=summary, minutes=minutes))
    # Posts are reached through listings, not the toctree: furo renders the whole toctree into
    # every page, which at 1,000 posts means ~190 KB pages and a half-hour build.
    env.metadata[docname]["orphan"] = True
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, PostHeader())
    else:
        doctree.insert(0, PostHeader())
