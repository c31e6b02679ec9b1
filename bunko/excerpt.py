"""Front matter written in HTML or Markdown, read as Jekyll reads it: titles and excerpts.

Jekyll puts a title into its pages as HTML (``&ldquo;`` is a quotation mark, ``<em>`` is
emphasis) and renders an ``excerpt:`` as Markdown with HTML allowed. bunko reads them the same
way, then keeps

- a title as text (``html_text``): it is shown in ``<title>``, headings, lists, feeds and the
  search index, each of which escapes text exactly once;
- an excerpt as a small set of inline HTML (``excerpt_html``) cleaned by nh3 (Rust's ammonia,
  a maintained sanitizer): links, emphasis and code stay; scripts, images, event attributes,
  styles and ``javascript:`` links go. Its text (``excerpt_text``) is the description for
  ``<meta>``, feeds and search.

A post without ``excerpt:`` is summarised from its body (``reader.read_doctree``): the text
before Jekyll's ``excerpt_separator`` when the site or post names one, marked here in the
Markdown (``mark_excerpt_end``) so the summary is read from the same doctree as the page.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

from .terms import clean_text

_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False})

#: Inline elements an excerpt keeps in listings; every other element is unwrapped to its text.
EXCERPT_TAGS = frozenset({"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "kbd",
                          "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u"})
#: Attributes that only name or link (never run or restyle anything).
EXCERPT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
#: Link schemes an excerpt may use; relative links pass too, ``javascript:`` and ``data:`` not.
EXCERPT_URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Where a block ends, a space: paragraphs unwrapped into one line must not run together.
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|pre|tr|td|th|dd|dt)\s*>|<br\s*/?>",
                        re.IGNORECASE)
_SPACES = re.compile(r"\s+")
#: Elements whose content is never text a reader sees.
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})
#: Elements a browser shows as a break, so their text is apart from the next.
_BREAKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
                     "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
                     "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td",
                     "th", "tr", "ul"})

#: Put where a post's ``excerpt_separator`` is: the summary is the text before it.
EXCERPT_END = "<!--bunko:excerpt-end-->"
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


class _TextOf(HTMLParser):
    """The text a browser shows for an HTML fragment, as Liquid's ``strip_html`` gives it:
    tags dropped, script and style with their content, comments dropped, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """One line of text from an HTML fragment (a Jekyll title): ``&ldquo;x&rdquo;`` is “x”,
    ``<em>x</em>`` is x, and ``&lt;script&gt;`` is the text ``<script>``, never a tag."""
    if "<" not in html and "&" not in html:
        return clean_text(html)
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return clean_text("".join(parser.parts))


@cache
def excerpt_html(source: str) -> str:
    """Safe inline HTML for an excerpt written in Markdown, HTML or both, on one line."""
    # Inline rendering, as an excerpt is shown inside one paragraph: a leading "<script>" or
    # "<p>" would make a whole block raw HTML and its Markdown text.
    rendered = _MARKDOWN.renderInline(" ".join(source.split()))
    rendered = _BLOCK_END.sub(lambda match: f"{match.group(0)} ", rendered)
    cleaned = nh3.clean(rendered, tags=set(EXCERPT_TAGS), attributes=EXCERPT_ATTRIBUTES,
                        url_schemes=set(EXCERPT_URL_SCHEMES), strip_comments=True)
    return _SPACES.sub(" ", cleaned).strip()


def excerpt_text(source: str) -> str:
    """The text of an excerpt: what a search engine, feed reader or search result shows."""
    return html_text(excerpt_html(source))


def mark_excerpt_end(body: str, separator: str) -> str:
    """``body`` with ``EXCERPT_END`` before the first ``separator`` outside code, as Jekyll
    cuts its excerpt there; unchanged when the body has none.

    A separator starting a line of text (``more...``) gets the mark at the end of the line
    before: a line starting with an HTML comment would be an HTML block, its text raw.
    """
    if not separator or separator not in body:
        return body
    fence: str | None = None
    offset = 0
    for line in body.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if opening and (fence is None or (opening.group(1)[0] == fence[0]
                                          and len(opening.group(1)) >= len(fence))):
            fence = opening.group(1) if fence is None else None
        elif fence is None:
            at = line.find(separator)
            while at >= 0 and line.count("`", 0, at) % 2:  # inside a code span
                at = line.find(separator, at + 1)
            if at >= 0:
                at += offset
                if not body[:at].strip():
                    return body  # nothing before it: the first paragraph is the summary
                if not line[:at - offset].strip() and not separator.startswith("<"):
                    at = body.rindex("\n", 0, at)
                return f"{body[:at]}{EXCERPT_END}{body[at:]}"
        offset += len(line)
    return body
