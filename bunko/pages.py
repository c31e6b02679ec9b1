"""Writing pages: the post header, post lists and ``<head>`` metadata, at write time.

Everything here runs per written page, so it only formats: the data (posts, summaries,
minutes) was computed once when the posts were read.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.logging import getLogger

from .collection import newest_first, posts_by_docname
from .dates import format_post_date
from .excerpt import excerpt_html
from .labels import labels_for
from .post import Post
from .reader import PostHeader
from .site import site_of

logger = getLogger("bunko")


class PostList(nodes.General, nodes.Element):
    """Placeholder for a list of the newest posts, filled in when the page is written."""


class PostListDirective(SphinxDirective):
    """``{bunko-posts}``: the newest posts, with date, terms, reading time and excerpt."""

    option_spec = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        return [PostList(limit=self.options.get("limit"))]


def post_view(app: Sphinx, docname: str, post: Post, from_docname: str) -> dict[str, object]:
    """What a template needs to show ``post`` on page ``from_docname``; values are raw text,
    the template environment escapes them."""
    labels = labels_for(app.config.language)
    return {
        "title": post.title,
        "url": app.builder.get_relative_uri(from_docname, docname),
        "date_iso": post.date.isoformat(),
        "date_text": format_post_date(post.date, app.config.language or "en"),
        "authors": [author.label for author in post.authors],
        "categories": [term.label for term in post.categories],
        "tags": [term.label for term in post.tags],
        "minutes_text": labels["minutes"].format(n=post.minutes),
        "excerpt_html": Markup(excerpt_html(post.excerpt)) if post.excerpt else None,
        "summary": post.summary,
        "draft": post.draft,
    }


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace bunko's placeholders with HTML (or nothing, elsewhere)."""
    html_output = app.builder.format == "html"
    renderer = site_of(app).renderer
    labels = labels_for(app.config.language)
    for header in list(doctree.findall(PostHeader)):
        post = posts_by_docname(app.env).get(docname)
        if not html_output or post is None:
            header.parent.remove(header)
            continue
        markup = renderer.render("bunko/post-header.html", labels=labels,
                                 post=post_view(app, docname, post, docname))
        header.replace_self(nodes.raw("", markup, format="html"))
    lists = list(doctree.findall(PostList))
    if not lists:
        return
    newest = newest_first(app.env)
    for post_list in lists:
        shown = newest[:post_list.get("limit") or site_of(app).options.posts_per_page]
        if not html_output:
            post_list.parent.remove(post_list)
            continue
        markup = renderer.render(
            "bunko/post-list.html", labels=labels,
            posts=[post_view(app, name, post, docname) for name, post in shown])
        post_list.replace_self(nodes.raw("", markup, format="html"))


def add_page_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, object], doctree: nodes.document | None) -> None:
    """``html-page-context``: the post's excerpt as meta description; labels for the sidebar."""
    context["bunko_labels"] = labels_for(app.config.language)
    post = posts_by_docname(app.env).get(pagename)
    if post is None:
        return
    context["bunko_post"] = True
    if post.summary:
        description = site_of(app).renderer.render("bunko/meta-description.html",
                                                   description=post.summary)
        context["metatags"] = f"{context.get('metatags', '')}{description}"
