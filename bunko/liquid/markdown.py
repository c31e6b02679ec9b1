"""The Markdown around a post's Liquid: what rendering must leave alone, and what it must
hand MyST in a shape CommonMark reads as the writer meant.

- **Code is not Liquid.** Fenced code blocks and inline code spans are swapped for
  placeholders before rendering and put back after, so ``{{ x }}`` in a code sample stays as
  written. ``{% raw %}`` tags inside code are dropped (Jekyll consumed them: they are how its
  writers showed Liquid in code), and a ``{% raw %}`` that opens in a code block and closes
  after it keeps its meaning. ``{% highlight %}`` blocks are Liquid's own code blocks and are
  rendered, as Jekyll renders them.
- **Inserted text is inserted last.** What bunko adds (placeholders, link cards) goes in as a
  placeholder too, so no Liquid filter ever rewrites its HTML.
- **HTML stays HTML.** kramdown reads an include's HTML whole; CommonMark ends an HTML block
  at a blank line and reads the indented lines after it as code. ``html_block`` gives MyST
  the same HTML without blank lines between its tags.
- **Line numbers.** A construct spanning several lines that renders nothing (a comment, an
  assign), or that stands alone before a blank line, is followed by as many line ends as it
  spanned, so MyST's warnings about the lines after it name the writer's lines. Includes give
  one line of HTML. Loops, captures and Markdown includes move lines; those shift.
"""

from __future__ import annotations

import re
from functools import cache

from ..markdown_lines import FENCE

#: Noncharacters (never in interchanged text) around the number of an inserted text.
OPEN, CLOSE = "\ufdd0", "\ufdd1"
_INSERTED = re.compile(f"{OPEN}(\\d+)\\s*{CLOSE}")
_DROPPED_LINK = re.compile(rf"\]\(\s*{OPEN}(\d+)\s*{CLOSE}\s*\)")
_NONCHARACTERS = re.compile(f"[{OPEN}{CLOSE}]")

_BACKTICKS = re.compile(r"(?<![`\\])`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
#: Liquid's own blocks and tags, found as its lexer finds them (``raw`` first).
_RAW = r"(?P<raw>\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\})"
_HIGHLIGHT = r"(?P<highlight>\{%-?\s*highlight\b.*?\{%-?\s*endhighlight\s*-?%\})"
_COMMENT = r"(?P<comment>\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\})"
_OTHER = r"(?P<other>\{%.*?%\}|\{\{.*?\}\})"
_LIQUID_BLOCK = re.compile("|".join((_RAW, _HIGHLIGHT, _COMMENT, _OTHER)), re.S)
#: The same, with the tag that renders nothing. (A capture renders nothing where it is, but
#: its lines come back where it is output.)
_SILENT_BLOCK = re.compile("|".join((
    _RAW, _HIGHLIGHT, _COMMENT, r"(?P<assign>\{%-?\s*assign\b.*?%\})", _OTHER)), re.S)
_SILENT = ("comment", "assign")
_RAW_TEXT_ELEMENT = re.compile(r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


class Inserts:
    """Texts that stand in the source as placeholders while Liquid renders it."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        #: Placeholders that, written as a Markdown link's target, take the link with them.
        self.dropped_links: set[int] = set()

    def add(self, text: str, *, newlines: int = 0, drops_link: bool = False) -> str:
        """The placeholder of ``text``: it keeps ``newlines`` line ends, so errors of the
        Liquid after it name the right line."""
        self.texts.append(text)
        number = len(self.texts) - 1
        if drops_link:
            self.dropped_links.add(number)
        return f"{OPEN}{number}{chr(10) * newlines}{CLOSE}"

    def restore(self, rendered: str) -> str:
        """``rendered`` with every placeholder replaced by its text; ``[text](dropped)`` is
        ``[text]``, the link text without a link to nowhere."""
        if OPEN not in rendered:
            return rendered
        rendered = _DROPPED_LINK.sub(
            lambda match: "]" if int(match.group(1)) in self.dropped_links else match.group(0),
            rendered)
        # An inserted text may hold another's placeholder (a code span inside a parameter).
        for _pass in range(3):
            rendered = _INSERTED.sub(self._text, rendered)
            if OPEN not in rendered:
                break
        return _NONCHARACTERS.sub("", rendered)

    def _text(self, match: re.Match[str]) -> str:
        number = int(match.group(1))
        return self.texts[number] if number < len(self.texts) else ""


def without_noncharacters(text: str) -> str:
    """``text`` without the two noncharacters placeholders are made of."""
    return _NONCHARACTERS.sub("", text) if OPEN in text or CLOSE in text else text


def mask_code(body: str, inserts: Inserts) -> str:
    """``body`` with its fenced code blocks and inline code spans replaced by placeholders
    (each keeping its line count); Liquid's ``raw`` blocks keep their meaning around them."""
    blocks = [(match.start(), match.end(), match.lastgroup or "")
              for match in _LIQUID_BLOCK.finditer(body)
              if match.lastgroup in ("raw", "highlight", "comment")]
    out: list[str] = []
    position = 0
    for start, end in _code_regions(body, [(s, e) for s, e, kind in blocks
                                           if kind == "highlight"]):
        around = [(s, e, kind) for s, e, kind in blocks if s < end and e > start]
        if any(kind == "comment" for _s, _e, kind in around) or any(
                kind == "raw" and s <= start and e >= end for s, e, kind in around):
            continue  # Liquid drops it, or shows it as written anyway
        code = body[start:end]
        out.append(body[position:start])
        if any(kind == "raw" and s < start for s, _e, kind in around):
            out.append("{% endraw %}")
        out.append(inserts.add(_RAW_TAG.sub("", code), newlines=code.count("\n")))
        if any(kind == "raw" and e > end for _s, e, kind in around):
            out.append("{% raw %}")
        position = end
    out.append(body[position:])
    return "".join(out)


def _code_regions(body: str, opaque: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block (whole lines, without the last line end) and
    inline code span of ``body``, in order; ``opaque`` spans (highlight blocks) are skipped."""
    regions: list[tuple[int, int]] = []
    opaque = sorted(opaque)
    size = len(body)
    position = skipped = 0
    while position < size:
        while skipped < len(opaque) and opaque[skipped][1] <= position:
            skipped += 1
        if skipped < len(opaque) and opaque[skipped][0] <= position:
            position = opaque[skipped][1]
            continue
        limit = opaque[skipped][0] if skipped < len(opaque) else size
        line_end = body.find("\n", position)
        line_end = size if line_end == -1 else line_end
        fence = FENCE.match(body, position, line_end) if (
            position == 0 or body[position - 1] == "\n") else None
        if fence and not (fence.group(1)[0] == "`" and "`" in body[fence.end():line_end]):
            end = _fence_end(body, line_end, fence.group(1))
            regions.append((position, end))
            position = end
            continue
        run = _BACKTICKS.search(body, position, min(line_end, limit))
        if not run:
            position = line_end + 1
            continue
        blank = _BLANK_LINE.search(body, run.end(), limit)
        closing = _closing_backticks(len(run.group(0))).search(
            body, run.end(), blank.start() if blank else limit)
        if closing:
            regions.append((run.start(), closing.end()))
            position = closing.end()
        else:
            position = run.end()
    return regions


@cache
def _closing_backticks(length: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!`)`{{{length}}}(?!`)")


@cache
def _closing_fence(marker: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:[ \t]*>)*[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$",
                      re.M)


def _fence_end(body: str, line_end: int, marker: str) -> int:
    """Where the fenced block opened by ``marker`` ends: after its closing line, or at the
    end of the text (CommonMark runs an unclosed fence to the end)."""
    match = _closing_fence(marker).search(body, line_end + 1) if line_end < len(body) else None
    return match.end() if match else len(body)


def keep_line_count(source: str, inserts: Inserts) -> str:
    """``source`` with line ends after Liquid that spans several lines and renders nothing
    (or stands alone before a blank line), as many as it spans; see the module docstring.
    They go in as a placeholder, so that Liquid's own line numbers stay the file's, and
    Liquid that asks for the whitespace after it to be stripped (``-%}``) gets none."""
    if "\n" not in source:
        return source
    out: list[str] = []
    position = 0
    for match in _SILENT_BLOCK.finditer(source):
        kind = match.lastgroup
        newlines = match.group(0).count("\n")
        if kind in ("raw", "highlight") or not newlines or match.group(0)[-3] == "-":
            continue
        line_start = source.rfind("\n", 0, match.start()) + 1
        line_end = source.find("\n", match.end())
        line_end = len(source) if line_end == -1 else line_end
        if source[line_start:match.start()].strip() or source[match.end():line_end].strip():
            continue
        next_line_end = source.find("\n", line_end + 1)
        next_line = source[line_end + 1:next_line_end if next_line_end != -1 else len(source)]
        if kind in _SILENT or not next_line.strip():
            out.append(source[position:match.end()])
            out.append(inserts.add("\n" * newlines))
            position = match.end()
    if not out:
        return source
    out.append(source[position:])
    return "".join(out)


def html_block(html: str) -> str:
    """HTML an include rendered, as one HTML block CommonMark reads whole: line breaks
    between tags become spaces (HTML collapses them anyway), except inside ``<pre>``,
    ``<script>``, ``<style>`` and ``<textarea>``; one of those holding a blank line starts
    on a line of its own after a blank line, where CommonMark reads it to its end tag."""
    html = html.strip()
    out: list[str] = []
    position = 0
    for match in _RAW_TEXT_ELEMENT.finditer(html):
        out.append(_LINE_BREAK.sub(" ", html[position:match.start()]))
        if _BLANK_LINE.search(match.group(0)):
            out.append("\n\n")
        out.append(match.group(0))
        position = match.end()
    out.append(_LINE_BREAK.sub(" ", html[position:]))
    return "".join(out)


def looks_like_html(text: str) -> bool:
    """Whether rendered text starts with a tag (or comment, or declaration)."""
    stripped = text.lstrip()
    return stripped.startswith("<") and len(stripped) > 1 and (
        stripped[1].isalpha() or stripped[1] in "!?/")
