"""The URLs in a piece of raw HTML, and where each one is, so it can be rewritten in place.

Posts carry raw HTML (``<img src=...>``, ``<a href=...>``) that MyST passes through as text.
The standard library's ``HTMLParser`` finds the start tags (it knows comments, ``<script>``
bodies, unclosed quotes and every oddity of real pages); each tag's own text is then split
into attributes with the tokenizer ``HTMLParser`` itself uses, which gives each value's exact
place. Nothing is rebuilt from a parse, so whatever is not a URL stays byte for byte.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Attributes holding one URL, by tag; ``srcset`` holds several (``_SRCSET_URL``).
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster"})
#: One attribute inside a start tag: HTMLParser's own tolerant pattern, with the value's
#: quotes outside the group so its span is the value alone.
_ATTRIBUTE = re.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*(?:'([^']*)'|"([^"]*)"|(?!['"])([^>\s]*)))?""")
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*")
_SRCSET_URL = re.compile(r"(?:^|,)\s*([^\s,][^\s]*)")


@dataclass(frozen=True, slots=True)
class UrlAttribute:
    tag: str
    #: The attribute's name, lower case (``href``, ``src``).
    name: str
    #: The URL, character references decoded (``&amp;`` is "&").
    url: str
    #: Where the URL is in the text (the raw, still-escaped characters).
    start: int
    end: int
    #: Where the whole start tag is: an image that is missing is replaced as a whole.
    tag_start: int
    tag_end: int


class _StartTags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.found: list[UrlAttribute] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag_text = self.get_starttag_text() or ""
        line, column = self.getpos()
        tag_start = self.line_starts[line - 1] + column
        if self.text[tag_start:tag_start + len(tag_text)] != tag_text:
            return  # the parser's position and the text disagree: leave the tag alone
        name_end = _TAG_NAME.match(tag_text)
        for match in _ATTRIBUTE.finditer(tag_text, name_end.end() if name_end else 0):
            name = match.group(1).lower()
            if name not in URL_ATTRIBUTES or match.group(2) is None:
                continue
            group = next(index for index in (3, 4, 5) if match.group(index) is not None)
            value_start, value_end = match.span(group)
            spans = ([span for span in _srcset_spans(match.group(group))] if name == "srcset"
                     else [(0, value_end - value_start)])
            for start, end in spans:
                raw = tag_text[value_start + start:value_start + end]
                self.found.append(UrlAttribute(
                    tag, name, html.unescape(raw), tag_start + value_start + start,
                    tag_start + value_start + end, tag_start, tag_start + len(tag_text)))

    handle_startendtag = handle_starttag


def _srcset_spans(value: str) -> list[tuple[int, int]]:
    """Each candidate URL of a ``srcset`` (``a.png 1x, b.png 2x``)."""
    return [match.span(1) for match in _SRCSET_URL.finditer(value)]


def url_attributes(text: str) -> list[UrlAttribute]:
    """Every URL attribute of every start tag in ``text``, in order."""
    if "<" not in text:
        return []
    parser = _StartTags(text)
    parser.feed(text)
    parser.close()
    return parser.found


def line_of(text: str, offset: int) -> int:
    """0-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, offset)
