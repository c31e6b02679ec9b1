"""A post's excerpt: Markdown from the front matter, shown inline in listings and as plain text
in ``<meta name="description">``.

markdown-it (MyST's own parser) renders it with raw HTML turned off, so an excerpt can carry
emphasis and links but never markup of its own: ``<script>`` in an excerpt is shown as text.
"""

from __future__ import annotations

import html
import re
from functools import cache

from markdown_it import MarkdownIt

_INLINE = MarkdownIt("commonmark", {"html": False, "linkify": False})
_TAG = re.compile(r"<[^>]*>")


@cache
def excerpt_html(markdown: str) -> str:
    """Inline HTML for ``markdown``; paragraphs and line breaks fold into one line."""
    return _INLINE.renderInline(" ".join(markdown.split())).strip()


def excerpt_text(markdown: str) -> str:
    """Plain text of ``markdown``: what a search engine or feed reader should show."""
    return html.unescape(_TAG.sub("", excerpt_html(markdown))).strip()
