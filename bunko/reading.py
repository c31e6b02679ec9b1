"""What a reader gets from a post's body: minutes to read it and a summary to decide whether to.

Both are counted on the parsed doctree rather than the Markdown, so markup, link targets and
code never count as words. Japanese has no spaces between words, so CJK characters (the
class search cuts runs by, ``search/scripts.py``) are counted one by one (about 500 a minute)
and everything else by words (about 230 a minute), Korean too: it is written with spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes

from .search.scripts import CJK_CLASS

CJK_CHARACTERS_PER_MINUTE = 500
WORDS_PER_MINUTE = 230

_CJK = re.compile(f"[{CJK_CLASS}]")
_WORD = re.compile(r"\w+")
#: Nodes whose text a reader skims past or never sees as prose.
_NOT_PROSE = (nodes.literal_block, nodes.raw, nodes.comment, nodes.system_message,
              nodes.target, nodes.substitution_definition)


def prose_text(doctree: nodes.Node) -> str:
    """All readable text of a doctree, code blocks and raw HTML left out."""
    chunks: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, _NOT_PROSE):
            return
        if isinstance(node, nodes.Text):
            chunks.append(node.astext())
            return
        for child in node.children:
            walk(child)

    walk(doctree)
    return " ".join(chunks)


def reading_minutes(text: str) -> int:
    """Minutes to read ``text``: CJK characters and other words at their own pace, at least 1."""
    cjk_count = len(_CJK.findall(text))
    word_count = len(_WORD.findall(_CJK.sub(" ", text)))
    minutes = cjk_count / CJK_CHARACTERS_PER_MINUTE + word_count / WORDS_PER_MINUTE
    return max(1, round(minutes))


def first_paragraph(doctree: nodes.Node, limit: int) -> str:
    """The body's first non-empty paragraph as plain text, cut near ``limit`` characters."""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, _NOT_PROSE) for parent in ancestors(paragraph)):
            continue
        text = re.sub(r"\s+", " ", prose_text(paragraph)).strip()
        if text:
            return shorten(text, limit)
    return ""


def text_before(doctree: nodes.Node, mark: str) -> str | None:
    """The readable text of the body (the page title left out) before the first raw node
    holding ``mark`` (Jekyll's ``excerpt_separator``, marked by ``excerpt.mark_excerpt_end``),
    one line; ``None`` when the body has no mark. The mark itself is taken out of the
    doctree."""
    chunks: list[str] = []
    page_title = next(iter(doctree.findall(nodes.title)), None)
    for node in doctree.findall():
        if isinstance(node, nodes.raw) and mark in node.astext():
            rest = node.astext().replace(mark, "")
            if rest.strip():
                node.replace_self(nodes.raw("", rest, format=node.get("format", "html")))
            else:
                node.parent.remove(node)
            return re.sub(r"\s+", " ", " ".join(chunks)).strip()
        if isinstance(node, nodes.Text) and not any(
                isinstance(parent, _NOT_PROSE) or parent is page_title
                for parent in ancestors(node)):
            chunks.append(node.astext())
    return None


def shorten(text: str, limit: int) -> str:
    """Cut at a word or sentence boundary near ``limit`` and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    boundary = max(cut.rfind(" "), cut.rfind("。"), cut.rfind("、"))
    if boundary > limit * 0.6:
        cut = cut[:boundary + 1]
    return cut.rstrip(" 、") + "…"


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent
