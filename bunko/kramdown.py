"""kramdown, Jekyll's Markdown, in a post's body: what CommonMark lacks, said as MyST says it.

Jekyll renders posts with kramdown, whose additions MyST would show as text or ignore:

- attribute lists, ``{: .class #id key="value"}``: on a line of their own they belong to the
  block *before* them (no blank line between) or else to the block after; directly after an
  image, link, code span or emphasis, to that span. ``{:name: .class}`` defines a list that
  others name (``{: name}``); ``{:toc}`` makes the list it belongs to a table of contents
  (furo shows the page's contents beside it, so the list goes);
- ``markdown="1"`` on an HTML block: its inside is Markdown, not raw HTML;
- footnotes ``[^1]`` / ``[^1]: text`` (MyST's own syntax; kramdown shows a reference without a
  definition as text and drops a definition nobody references, as done here);
- abbreviations ``*[HTML]: Hyper Text Markup Language``: every "HTML" of the text is an
  ``<abbr>``;
- ``## Heading {#id}``, the end-of-block mark ``^`` and extensions (``{::comment}``,
  ``{::options /}``, ``{::nomarkdown}``).

``convert_kramdown`` rewrites the body after Liquid and before MyST, line by line, never inside
fenced or indented code or a code span, and keeps the number of lines, so MyST's warnings still
name the writer's lines. What MyST can say is translated: MyST's ``attrs_block`` takes an
attribute line *before* its block, ``attrs_inline`` attributes after an image, link, code or
``[span]``. What it cannot say in place (attributes for the block above, abbreviations) becomes
an HTML comment holding the data, which ``apply_kramdown`` (``doctree-read``) turns into classes,
ids and abbreviation nodes once MyST has parsed the page, and removes. An attribute with no
place in HTML (``width`` on a paragraph) is dropped: never shown as text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.application import Sphinx

from .markdown_lines import FENCE
from .output import safe_json
from .reading import ancestors

#: What a line may start with before a block: a blockquote's ">" marks and indentation.
_PREFIX = r"(?P<prefix>(?:[ \t]*>)*[ \t]{0,3})"
_ATTRIBUTE_LIST = r"(?P<attrs>(?:\\\}|[^}])+)"
_BLOCK_IAL = re.compile(rf"^{_PREFIX}\{{:(?!:){_ATTRIBUTE_LIST}\}}[ \t]*$")
_DEFINITION = re.compile(r"^[ \t]{0,3}\{:(?P<name>\w[\w-]*):(?P<attrs>(?:\\\}|[^}])+)\}[ \t]*$")
_SPAN_IAL = re.compile(r"\{:(?!:)(?P<attrs>(?:\\\}|[^}\n])+)\}")
_ABBREVIATION = re.compile(r"^[ \t]{0,3}\*\[(?P<term>[^\]]+)\]:(?P<title>.*)$")
_FOOTNOTE_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^(?P<name>[^\]\s]+)\]:")
_FOOTNOTE_REFERENCE = re.compile(r"(?<!\\)\[\^(?P<name>[^\]\s]+)\](?!:)")
_END_OF_BLOCK = re.compile(r"^\^[ \t]*$")
_HEADING_ID = re.compile(r"^(?P<head>[ \t]{0,3}#{1,6}[ \t]+|)(?P<text>.*?\S)[ \t]+"
                         r"\{#(?P<id>[A-Za-z][\w:-]*)\}[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
_ATX_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_EXTENSION_LINE = re.compile(r"^[ \t]*\{::(?P<name>\w+)(?P<rest>[^}]*?)(?P<closed>/)?\}[ \t]*$")
_EXTENSION_END = re.compile(r"^[ \t]*\{:/(?P<name>\w*)\}[ \t]*$")
_INLINE_EXTENSION = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}|\{::\w+[^}]*/\}|"
                               r"\{::nomarkdown\}|\{:/(?:nomarkdown)?\}")
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED = re.compile(r"^(?: {4}|\t)")
#: ``markdown="1"`` (or ``markdown=block``/``span``/``0``) on an HTML tag.
_MARKDOWN_ATTRIBUTE = re.compile(
    r"""(?P<tag><(?P<name>[A-Za-z][\w-]*)\b[^<>]*?)\s+markdown\s*=\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""", re.IGNORECASE)
_HTML_START = re.compile(r"^[ \t]{0,3}<(?P<name>[A-Za-z][\w-]*)\b[^>]*>(?P<rest>.*)$")
#: Tags that start a CommonMark HTML block wherever they open a line (its "type 6"); any
#: other tag does only when nothing follows it on the line.
_HTML_BLOCK_NAMES = frozenset(
    "address article aside base basefont blockquote body caption center col colgroup dd "
    "details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 "
    "h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav "
    "noframes ol optgroup option p param search section summary table tbody td tfoot th "
    "thead title tr track ul".split())
_INLINE_MARKDOWN = MarkdownIt("commonmark", {"html": True})
#: Cheap test: could the body hold any construct this module converts?
_ANY_CONSTRUCT = re.compile(r"\{:|markdown|\[\^|\*\[|\{#|^\^", re.IGNORECASE | re.MULTILINE)
#: An HTML comment alone: a CommonMark HTML block that ends on its own line, so what follows
#: a ``markdown="1"`` tag is read as Markdown.
_OWN_BLOCK = "<!---->"
#: Attribute syntax kramdown allows in a list: ``key="v"``, ``.class#id`` runs, a name.
_ATTRIBUTE = re.compile(
    r"""(?<!\S)(?:(?P<key>\w[\w-]*)=(?P<quote>["'])(?P<value>(?:\\.|(?!(?P=quote)).)*)"""
    r"""(?P=quote)|(?P<marks>(?:[.#][\w-]+)+)|(?P<ref>\w[\w-]*))(?!\S)""")
_MARK = re.compile(r"[.#][\w-]+")
#: A MyST attribute value it reads back unchanged.
_PLAIN_VALUE = re.compile(r'[^"\\{}\n]*')
#: What ends right before a span attribute list MyST can take it on: an image or link
#: ``![..](..)``, ``[..][..]``, ``[..]``, or a code span.
_SPAN_BEFORE = re.compile(r"(?:\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?"
                          r"[ \t]*\)|\]|`)$")
#: Emphasis right before a span attribute list: wrapped in a ``[span]`` MyST gives attributes.
_EMPHASIS_BEFORE = re.compile(r"(?P<em>(?P<mark>\*{1,2}|_{1,2})(?=\S)(?:(?!(?P=mark)).)+?"
                              r"(?<=\S)(?P=mark))$")
_CODE_RUN = re.compile(r"`+")
_MARKER_START = "<!--bunko:kramdown "
_MARKER = re.compile(r"<!--bunko:kramdown (?P<data>[^<>]*?)-->")
#: Letters and digits around an abbreviation, as kramdown (Ruby's ASCII ``\w``) sees words:
#: in Japanese text an abbreviation is found between any two characters.
_WORD_CHARACTER = "A-Za-z0-9_"
#: Nodes whose text is code, markup or data, never prose an abbreviation is marked in.
_NOT_TEXT = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, nodes.math,
             nodes.abbreviation, nodes.system_message, nodes.target)


@dataclass(frozen=True)
class Attributes:
    """One kramdown attribute list, names of definitions written out."""

    classes: tuple[str, ...] = ()
    id: str | None = None
    pairs: tuple[tuple[str, str], ...] = ()
    #: Names of attribute list definitions (and ``toc``) it refers to.
    refs: tuple[str, ...] = ()

    def merged(self, other: Attributes) -> Attributes:
        return Attributes(self.classes + tuple(c for c in other.classes if c not in self.classes),
                          other.id or self.id, self.pairs + other.pairs, self.refs + other.refs)

    def myst(self) -> str:
        """As MyST's attribute syntax, ``{#id .a .b key="v"}``; "" when nothing is left."""
        parts = [f"#{self.id}"] if self.id else []
        parts += [f".{name}" for name in self.classes]
        parts += [f'{key}="{value}"' for key, value in self.pairs
                  if _PLAIN_VALUE.fullmatch(value)]
        return "{" + " ".join(parts) + "}" if parts else ""


def parse_attributes(text: str, definitions: dict[str, Attributes] | None = None
                     ) -> Attributes:
    """A kramdown attribute list's text (``.a.b #c k="v" name``), ``definitions`` (from
    ``{:name: ...}``) written out where named."""
    result = Attributes()
    for match in _ATTRIBUTE.finditer(text):
        if match.group("key"):
            value = re.sub(r"\\(.)", r"\1", match.group("value"))
            result = result.merged(Attributes(pairs=((match.group("key"), value),)))
        elif match.group("marks"):
            for mark in _MARK.findall(match.group("marks")):
                result = result.merged(Attributes(classes=(mark[1:],)) if mark[0] == "."
                                       else Attributes(id=mark[1:]))
        else:
            name = match.group("ref")
            defined = (definitions or {}).get(name)
            result = result.merged(defined if defined is not None
                                   else Attributes(refs=(name,)))
    return result


@dataclass
class KramdownResult:
    """The body MyST should read, and how many of each construct were converted."""

    text: str
    counts: Counter[str] = field(default_factory=Counter)


def convert_kramdown(body: str) -> KramdownResult:
    """Rewrite ``body``'s kramdown syntax as MyST reads it, line for line."""
    counts: Counter[str] = Counter()
    if not _ANY_CONSTRUCT.search(body):
        return KramdownResult(body, counts)
    lines = body.split("\n")
    code = _code_lines(lines)
    definitions = _definitions(lines, code)
    footnotes = _footnote_names(lines, code)
    out = list(lines)
    own_block_lines: set[int] = set()
    #: Lines already blanked with the construct they belong to (a footnote's, a {:toc} list).
    consumed: set[int] = set()
    extension: str | None = None
    for index, line in enumerate(lines):
        if code[index] or index in consumed:
            continue
        if extension is not None:  # inside {::comment} ... {:/comment}
            if _EXTENSION_END.match(line):
                extension = None
            out[index] = ""
            continue
        if index in own_block_lines:
            line = out[index] = _OWN_BLOCK + line.lstrip(" \t")
        if match := _EXTENSION_LINE.match(line):
            counts["extension"] += 1
            if match.group("name") == "comment" and not match.group("closed"):
                extension = "comment"
            out[index] = ""
            continue
        if _EXTENSION_END.match(line):
            out[index] = ""
            continue
        if _DEFINITION.match(line):
            counts["attribute list definition"] += 1
            out[index] = ""
            continue
        if match := _BLOCK_IAL.match(line):
            out[index] = _block_attributes(match, lines, out, index, definitions, counts,
                                           consumed)
            continue
        if match := _ABBREVIATION.match(line):
            counts["abbreviation"] += 1
            out[index] = _marker({"abbr": [match.group("term"), match.group("title").strip()]})
            continue
        if _END_OF_BLOCK.match(line):
            counts["end of block"] += 1
            out[index] = ""
            continue
        if match := _FOOTNOTE_DEFINITION.match(line):
            if match.group("name") not in footnotes.referenced:
                counts["footnote never referenced"] += 1
                for position in _footnote_lines(lines, index):
                    out[position] = ""
                    consumed.add(position)
                continue
            counts["footnote"] += 1
        line = _inline(line, footnotes.defined, definitions, counts)
        if "markdown" in line.lower():
            line = _markdown_attribute(line, lines, code, index, own_block_lines, counts)
        line = _heading_id(line, lines, index, counts)
        out[index] = line
    return KramdownResult("\n".join(out), counts)


def _code_lines(lines: list[str]) -> list[bool]:
    """Which lines are code (fenced, or indented after a blank line outside a list): kramdown
    and CommonMark leave them as written, so must this pass."""
    code = [False] * len(lines)
    fence: str | None = None
    previous_blank = True
    in_list = False
    in_indented = False
    for index, line in enumerate(lines):
        blank = not line.strip()
        if fence is not None:
            code[index] = True
            match = FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line[match.end():].strip():
                fence = None
        elif match := FENCE.match(line):
            code[index] = True
            fence = match.group(1)
        elif _INDENTED.match(line) and not blank and (in_indented or previous_blank) \
                and not in_list:
            code[index] = in_indented = True
        elif not blank:
            in_indented = False
            if _LIST_ITEM.match(line) or _FOOTNOTE_DEFINITION.match(line):
                in_list = True
            elif previous_blank and not _INDENTED.match(line):
                in_list = False
        previous_blank = blank
    return code


def _definitions(lines: list[str], code: list[bool]) -> dict[str, Attributes]:
    """``{:name: ...}`` attribute list definitions: kramdown lets them follow their use."""
    definitions: dict[str, Attributes] = {}
    for line, is_code in zip(lines, code, strict=True):
        if not is_code and (match := _DEFINITION.match(line)):
            definitions[match.group("name")] = parse_attributes(match.group("attrs"))
    return definitions


@dataclass(frozen=True)
class _Footnotes:
    defined: frozenset[str]
    referenced: frozenset[str]


def _footnote_names(lines: list[str], code: list[bool]) -> _Footnotes:
    defined: set[str] = set()
    referenced: set[str] = set()
    for line, is_code in zip(lines, code, strict=True):
        if is_code:
            continue
        if match := _FOOTNOTE_DEFINITION.match(line):
            defined.add(match.group("name"))
            line = line[match.end():]
        text = _without_code_spans(line)
        referenced.update(match.group("name") for match in _FOOTNOTE_REFERENCE.finditer(text))
    return _Footnotes(frozenset(defined), frozenset(referenced))


def _footnote_lines(lines: list[str], start: int) -> list[int]:
    """The lines of the footnote definition on ``start``: it and the indented lines after it
    (kramdown's continuation), blank lines between them included."""
    taken = [start]
    for position in range(start + 1, len(lines)):
        if lines[position].strip() and not _INDENTED.match(lines[position]):
            break
        taken.append(position)
    while taken and not lines[taken[-1]].strip() and taken[-1] != start:
        taken.pop()
    return taken


def _block_attributes(match: re.Match[str], lines: list[str], out: list[str], index: int,
                      definitions: dict[str, Attributes], counts: Counter[str],
                      consumed: set[int]) -> str:
    """The line in place of a block attribute list. Right after a block (no blank line) it
    belongs to that block: a marker for ``apply_kramdown``, since MyST's attribute lines go
    before their block. After a blank line it belongs to the next block: MyST's own line."""
    prefix = match.group("prefix")
    attributes = parse_attributes(match.group("attrs"), definitions)
    above = index - 1  # attribute lists stacked under a block all belong to it
    while above >= 0 and (_BLOCK_IAL.match(lines[above]) or _DEFINITION.match(lines[above])):
        above -= 1
    after_block = above >= 0 and bool(lines[above].strip())
    if "toc" in attributes.refs:
        counts["toc"] += 1
        _drop_list(lines, out, index, -1 if after_block else 1, consumed)
        return ""
    if after_block:
        counts["attribute list after a block"] += 1
        data = {"to": "previous", "classes": list(attributes.classes), "id": attributes.id}
        return prefix + _marker(data) if attributes.classes or attributes.id else ""
    counts["attribute list before a block"] += 1
    written = attributes.myst()
    return prefix + written if written else ""


def _drop_list(lines: list[str], out: list[str], index: int, step: int,
               consumed: set[int]) -> None:
    """Blank the list ``{:toc}`` belongs to (``step`` -1: the one above, 1: the next)."""
    position = index + step
    while step > 0 and 0 <= position < len(lines) and not lines[position].strip():
        position += step
    while 0 <= position < len(lines) and lines[position].strip():
        if not (_LIST_ITEM.match(lines[position]) or lines[position][:1] in (" ", "\t")):
            break
        out[position] = ""
        consumed.add(position)
        position += step


def _marker(data: dict[str, object]) -> str:
    """An HTML comment carrying ``data`` for ``apply_kramdown``: JSON with "<", ">", "&" and
    "-" escaped, so no text can end the comment."""
    return f"{_MARKER_START}{safe_json(data).replace('-', chr(92) + 'u002d')}-->"


def _code_span_ranges(line: str) -> list[tuple[int, int]]:
    """Where ``line``'s code spans are: a run of backticks up to the next run as long."""
    ranges: list[tuple[int, int]] = []
    runs = list(_CODE_RUN.finditer(line))
    position = 0
    while position < len(runs):
        opening = runs[position]
        for closing_position in range(position + 1, len(runs)):
            if len(runs[closing_position].group()) == len(opening.group()):
                ranges.append((opening.start(), runs[closing_position].end()))
                position = closing_position
                break
        position += 1
    return ranges


def _without_code_spans(line: str) -> str:
    for start, end in reversed(_code_span_ranges(line)):
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def _inline(line: str, defined_footnotes: frozenset[str],
            definitions: dict[str, Attributes], counts: Counter[str]) -> str:
    """Span attribute lists, inline extensions and undefined footnote references of one line,
    code spans untouched."""
    if "{:" not in line and "[^" not in line:
        return line
    code = _code_span_ranges(line)
    pieces: list[str] = []
    start = 0
    for code_start, code_end in [*code, (len(line), len(line))]:
        pieces.append(_inline_text(line[start:code_start], "".join(pieces), defined_footnotes,
                                   definitions, counts))
        pieces.append(line[code_start:code_end])
        start = code_end
    return "".join(pieces)


def _inline_text(text: str, before: str, defined_footnotes: frozenset[str],
                 definitions: dict[str, Attributes], counts: Counter[str]) -> str:
    """``text`` (no code spans; ``before`` is what precedes it on the line) converted."""
    if "{::" in text or "{:/" in text:
        counts["extension"] += len(_INLINE_EXTENSION.findall(text))
        text = _INLINE_EXTENSION.sub("", text)

    def undefined_reference(match: re.Match[str]) -> str:
        if match.group("name") in defined_footnotes:
            return match.group(0)
        counts["footnote reference without definition"] += 1
        return "\\" + match.group(0)

    text = _FOOTNOTE_REFERENCE.sub(undefined_reference, text)
    result = ""
    position = 0
    for match in _SPAN_IAL.finditer(text):
        result += text[position:match.start()]
        position = match.end()
        written = parse_attributes(match.group("attrs"), definitions).myst()
        preceding = before + result
        emphasis = _EMPHASIS_BEFORE.search(result)
        if written and _SPAN_BEFORE.search(preceding):
            counts["attribute list after a span"] += 1
            result += written
        elif written and emphasis:
            counts["attribute list after a span"] += 1
            result = f"{result[:emphasis.start()]}[{emphasis.group('em')}]{written}"
        else:
            counts["attribute list dropped"] += 1
    return result + text[position:]


def _markdown_attribute(line: str, lines: list[str], code: list[bool], index: int,
                        own_block_lines: set[int], counts: Counter[str]) -> str:
    """Drop ``markdown="..."`` from the line's tags. When it is on a tag that opens an HTML
    block and asks for Markdown inside, that tag's line and its closing tag's line become
    HTML blocks of their own (an empty comment first), so MyST reads the lines between as
    Markdown; text after the tag on its line is rendered here."""
    found = _MARKDOWN_ATTRIBUTE.search(line)
    if not found:
        return line
    counts["markdown attribute"] += len(_MARKDOWN_ATTRIBUTE.findall(line))
    value = (found.group("dq") or found.group("sq") or found.group("bare") or "").lower()
    leading_tag = found.start() == len(line) - len(line.lstrip(" \t"))
    line = _MARKDOWN_ATTRIBUTE.sub(lambda match: match.group("tag"), line)
    start = _HTML_START.match(line)
    if value == "0" or not leading_tag or not start:
        return line
    name = start.group("name")
    rest = start.group("rest")
    if name.lower() not in _HTML_BLOCK_NAMES and rest.strip():
        return line  # text after an inline tag: CommonMark reads it as Markdown already
    closing = _closing_line(lines, code, index, name)
    if closing is not None:
        own_block_lines.add(closing)
    if rest.strip() and not re.match(rf"\s*</{re.escape(name)}\s*>\s*$", rest, re.IGNORECASE):
        rest = _INLINE_MARKDOWN.renderInline(rest)
    return _OWN_BLOCK + line[:start.start("rest")].lstrip(" \t") + rest


def _closing_line(lines: list[str], code: list[bool], index: int, name: str) -> int | None:
    """The line after ``index`` that starts with the tag closing ``name`` opened there."""
    opening = re.compile(rf"<{re.escape(name)}\b", re.IGNORECASE)
    closing = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)
    depth = len(opening.findall(lines[index])) - len(closing.findall(lines[index]))
    for position in range(index + 1, len(lines)):
        if depth <= 0:
            return None
        if code[position]:
            continue
        line = lines[position]
        if closing.match(line.lstrip(" \t")) and depth == 1:
            return position
        depth += len(opening.findall(line)) - len(closing.findall(line))
    return None


def _heading_id(line: str, lines: list[str], index: int, counts: Counter[str]) -> str:
    """``## Heading {#id}`` (kramdown's header ID) as ``## [Heading]{#id}``: an anchor MyST
    makes; a Setext heading's text line likewise."""
    if "{#" not in line:
        return line
    setext = index + 1 < len(lines) and bool(_SETEXT_UNDERLINE.match(lines[index + 1])) \
        and not _ATX_HEADING.match(line)
    match = _HEADING_ID.match(line)
    if not match or not (match.group("head") or setext):
        return line
    counts["heading id"] += 1
    return f"{match.group('head')}[{match.group('text')}]{{#{match.group('id')}}}"


# --- after MyST: the markers become attributes and abbreviations ------------------------


def apply_kramdown(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before Sphinx collects titles and contents: put the attributes of
    each marker on its block, mark every abbreviation, drop the markers."""
    abbreviations: dict[str, str] = {}
    for raw in list(doctree.findall(nodes.raw)):
        if _MARKER_START not in raw.astext():
            continue
        rest = _MARKER.sub("", raw.astext())
        for found in _MARKER.finditer(raw.astext()):
            try:
                data = json.loads(found.group("data"))
            except ValueError:
                continue
            if isinstance(data.get("abbr"), list) and len(data["abbr"]) == 2:
                term, title = data["abbr"]
                abbreviations[str(term)] = str(title)
            elif data.get("to") == "previous" and not rest.strip():
                # (inside other raw HTML, the block it follows is that HTML: nothing to do)
                _apply_attributes(doctree, raw, data)
        if rest.strip():
            raw.replace_self(nodes.raw("", rest, format=raw.get("format", "html")))
        else:
            raw.parent.remove(raw)
    for text in list(doctree.findall(nodes.Text)):
        if _MARKER_START in text:
            # Only where this pass and CommonMark disagree on what is code (a line left
            # starting with a fence once an attribute list was dropped): no one's text.
            _strip_marker(text)
    if abbreviations:
        _mark_abbreviations(doctree, abbreviations)


def _strip_marker(text: nodes.Text) -> None:
    parent = text.parent
    parent.replace(text, nodes.Text(_MARKER.sub("", text.astext())))
    if isinstance(parent, nodes.FixedTextElement):
        parent.rawsource = _MARKER.sub("", parent.rawsource)


def _apply_attributes(doctree: nodes.document, marker: nodes.raw,
                      data: dict[str, object]) -> None:
    """Classes and the id of a block attribute list, on the block before the marker (a
    heading's: its section); nothing when that block is raw HTML."""
    parent = marker.parent
    position = parent.index(marker)
    target: nodes.Element | None = None
    for sibling in reversed(parent.children[:position]):
        if isinstance(sibling, (nodes.system_message, nodes.target, nodes.comment)):
            continue
        if isinstance(sibling, nodes.raw):
            if _MARKER_START in sibling.astext():
                continue
            return
        if isinstance(sibling, nodes.Element):
            target = parent if isinstance(sibling, nodes.title) else sibling
        break
    if target is None:
        return
    classes = [str(name) for name in data.get("classes") or () if str(name)]
    target["classes"].extend(name for name in classes if name not in target["classes"])
    identifier = data.get("id")
    if isinstance(identifier, str) and identifier and identifier not in doctree.ids:
        target["ids"].insert(0, identifier)
        doctree.ids[identifier] = target


def _mark_abbreviations(doctree: nodes.document, abbreviations: dict[str, str]) -> None:
    """Every abbreviation in the text (not in code, not in the page title) as an
    ``abbreviation`` node with its explanation, longest terms first, whole words only."""
    terms = sorted(abbreviations, key=len, reverse=True)
    pattern = re.compile(rf"(?<![{_WORD_CHARACTER}])(?:{'|'.join(map(re.escape, terms))})"
                         rf"(?![{_WORD_CHARACTER}])")
    page_title = next(iter(doctree.findall(nodes.title)), None)
    for text in list(doctree.findall(nodes.Text)):
        if not pattern.search(text.astext()):
            continue
        parent = text.parent
        if parent is None or any(isinstance(node, _NOT_TEXT) or node is page_title
                                 for node in ancestors(text)):
            continue
        replacement: list[nodes.Node] = []
        position = 0
        value = text.astext()
        for match in pattern.finditer(value):
            if match.start() > position:
                replacement.append(nodes.Text(value[position:match.start()]))
            replacement.append(nodes.abbreviation(match.group(), match.group(),
                                                  explanation=abbreviations[match.group()]))
            position = match.end()
        if position < len(value):
            replacement.append(nodes.Text(value[position:]))
        parent.replace(text, replacement)

