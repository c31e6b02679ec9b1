"""What a site owner wants to know before publishing that the build does not warn about.

Each check reads posts as the build would (``as_built``) and returns warnings: text repeated
within a post, generator markers left in, Liquid output that renders nothing, an empty body,
links to pages the archive does not have and images that are not there (judged by the
build's own ``site_urls``), titles several posts share, terms merged although spelled
differently, dates in the future. They are warnings, not errors: the build makes a
page of every one of these posts.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from ..site_urls import HOME, POST, STATIC, SiteUrls
from ..terms import term_key
from .as_built import BuiltPost
from .findings import WARNING, Finding

#: Shorter sentences ("Thanks for reading.") may repeat on purpose.
_MIN_SENTENCE = 20
#: Less repeated text than this in a paragraph is a phrase, not a passage.
_MIN_REPEATED = 40
_NOT_PROSE = re.compile(r"^\s*(?:#|[*+-]\s|\d+[.)]\s|\||<|>|!\[|\{:|[-=*_|:\s]+$)")
_IMAGE_OR_LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")
#: A sentence ends at 。！？ or at . ! ? before a space: "example.com" is not two sentences.
_SENTENCE = re.compile(r"(?:[^。！？!?.]|[!?.](?!\s|$))+(?:[。！？]+|[!?.]+(?=\s|$)|$)")
#: Addresses are left out: a download link given twice is a list, not a repeated passage.
_URL = re.compile(r"\S+://\S+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: ``---END---``, ``=== EOF ===``, ``[END]``: what generators and templates leave behind.
_MARKER = re.compile(r"^\s*(?:[-=*_#]{3,}\s*(?:END|EOF|BEGIN|START)\s*[-=*_#]{3,}"
                     r"|\[\s*(?:END|EOF)\s*\])\s*$", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)"
                   r"|^\s{0,3}\[(?!\^)[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)"
                   r"|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.M | re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico"}
_POST_SUFFIXES = (".md", ".markdown")


def _prose_lines(post: BuiltPost, text: str) -> Iterator[tuple[int, str]]:
    """(file line, line) of ``text`` (a body) outside fenced code blocks."""
    fence: str | None = None
    for offset, line in enumerate(text.split("\n")):
        if match := _FENCE.match(line):
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None:
            yield post.body_line + offset, line


def _paragraphs(post: BuiltPost) -> Iterator[tuple[int, str]]:
    """(first file line, text) of each paragraph of prose: headings, list items, tables and
    HTML are left out (a repeated "Back to top" or list step is structure, not a passage)."""
    start, lines = 0, []
    for number, line in [*_prose_lines(post, post.body), (0, "")]:
        if line.strip() and not _NOT_PROSE.match(line):
            if not lines:
                start = number
            lines.append(line.strip())
        elif lines:
            yield start, " ".join(lines)
            lines = []


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _quote(text: str, limit: int = 30) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def repeated_paragraphs(post: BuiltPost) -> list[Finding]:
    """Paragraphs whose sentences, for at least half their length, appeared earlier in the
    post: generated text often repeats itself in a reworded frame, so whole paragraphs alone
    would miss it (the seed article repeats two of its paragraphs, split differently)."""
    first_seen: dict[str, int] = {}
    findings = []
    for line, paragraph in _paragraphs(post):
        text = _URL.sub(" ", _IMAGE_OR_LINK.sub(lambda m: m.group(1) or " ", paragraph))
        sentences = [_normal(s) for s in _SENTENCE.findall(text)]
        sentences = [s for s in sentences if s]
        total = sum(len(s) for s in sentences)
        repeated = [s for s in sentences if len(s) >= _MIN_SENTENCE and s in first_seen]
        repeated_length = sum(len(s) for s in repeated)
        if repeated_length >= _MIN_REPEATED and 2 * repeated_length >= total:
            source = min(first_seen[s] for s in repeated)
            findings.append(Finding(post.shown, line, WARNING, None,
                                    f"paragraph repeats text from line {source}: "
                                    f"{_quote(repeated[0])}"))
        for sentence in sentences:
            if len(sentence) >= _MIN_SENTENCE:
                first_seen.setdefault(sentence, line)
    return findings


def leftover_markers(post: BuiltPost) -> list[Finding]:
    """Generator markers such as a final ``---END---``: the build drops one at the very end,
    anywhere else it is shown as text; either way it does not belong in the file."""
    findings = []
    prose = list(_prose_lines(post, post.body))
    last = max((number for number, line in prose if line.strip()), default=0)
    for number, line in prose:
        if _MARKER.match(line):
            where = ("the build drops it at the end of a post" if number == last
                     else "it is shown on the page as text")
            findings.append(Finding(post.shown, number, WARNING, None,
                                    f"leftover generator marker {line.strip()!r} ({where}); "
                                    f"remove it"))
    return findings


def liquid_output_empty(post: BuiltPost) -> list[Finding]:
    """``{{ page.image }}`` whose variable the post, ``_config.yml`` and ``_data/`` do not
    define: Jekyll renders it as nothing, and so does the build; once per expression."""
    return [Finding(post.shown, line, WARNING, None,
                    f"Liquid output {shown!r} renders nothing: what it names is not in the "
                    f"front matter, _config.yml or _data/")
            for line, shown in post.liquid_empty_outputs]


def empty_body(post: BuiltPost) -> list[Finding]:
    text = _HTML_COMMENT.sub("", post.converted)
    if any(line.strip() and not _MARKER.match(line) for line in text.split("\n")):
        return []
    return [Finding(post.shown, post.body_line, WARNING, None,
                    "the body is empty: the page shows only the title")]


def missing_links(post: BuiltPost, urls: SiteUrls) -> list[Finding]:
    """Links and images that lead nowhere in the archive: relative ones to no file beside
    the post (``![](img/a.png)``, ``[next](2024-01-02-next.md)``), and URLs of the old site
    (``/2016/01/01/gone/``, ``/assets/x.png``) that ``site_urls`` finds no post, page or
    static file for — the links the build warns about."""
    old_url = urls.old_url(post.post) if urls.zone is not None else None
    docname = os.path.splitext(post.relative)[0]
    srcdir = Path(str(post.file)[:-len(post.relative)] or ".")
    findings = []
    numbered = list(_prose_lines(post, post.converted))
    prose = "\n".join(line for _number, line in numbered)
    numbers = [number for number, _line in numbered]
    prose = re.sub(r"`[^`\n]*`", lambda m: " " * len(m.group(0)), prose)
    for match in _LINK.finditer(prose):
        target = next(group for group in match.groups() if group is not None)
        if target.startswith(("#", "{", "<", "\\")) or "{{" in target or "{%" in target:
            continue
        path = unquote(target.split("#")[0].split("?")[0])
        if _is_relative(target) and (not path or _exists(post.file.parent, path)):
            continue
        if path.startswith("/") and _exists(srcdir, path.lstrip("/")):
            continue  # a file of the source folder, which Sphinx copies
        is_image = match.group(0).startswith("!") or Path(path).suffix.lower() in _IMAGE_SUFFIXES
        link = urls.link(target, old_url=old_url, page=docname)
        if link is None and not _is_relative(target):
            continue  # another site's
        if link is not None and (link.target.kind == STATIC or (
                link.target.kind in (POST, HOME) and not is_image)):
            continue
        line = numbers[prose.count("\n", 0, match.start())]
        message = (f"image {target!r} is not there" if is_image
                   else f"link {target!r} leads to no post or file")
        findings.append(Finding(post.shown, line, WARNING, None, message))
    return findings


def _is_relative(target: str) -> bool:
    return not (_SCHEME.match(target) or target.startswith(("#", "/", "{", "<", "\\"))
                or "{{" in target or "{%" in target)


def _exists(folder: Path, path: str) -> bool:
    """A file, a folder, or a post written as its page (``x.html``, ``x/``, ``x``)."""
    target = folder / path
    if target.exists():
        return True
    stem = str(target).rstrip("/").removesuffix(".html")
    return any(Path(stem + suffix).is_file() for suffix in _POST_SUFFIXES)


def shared_titles(posts: list[BuiltPost]) -> list[Finding]:
    """Titles several posts share: listings and search results cannot tell them apart."""
    by_title: dict[str, list[BuiltPost]] = {}
    for post in posts:
        by_title.setdefault(term_key(post.post.title), []).append(post)
    findings = []
    for group in by_title.values():
        if len(group) < 2:
            continue
        for post in group:
            others = [other.shown for other in group if other is not post]
            listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more"
                                              if len(others) > 3 else "")
            findings.append(Finding(post.shown, post.key_line("title"), WARNING, "title",
                                    f"title {post.post.title!r} is also the title of {listed}"))
    return findings


_TERM_KINDS = (("tags", ("tags", "tag"), "tag"), ("categories", ("categories", "category"),
               "category"), ("authors", ("authors", "author"), "author"))


def merged_term_spellings(posts: list[BuiltPost]) -> list[Finding]:
    """Tags, categories and authors that differ only in case or width ("AI", "ai", "ＡＩ"):
    the build merges them into one page, shown as the oldest post spells it."""
    findings = []
    oldest_first = sorted(posts, key=lambda post: (post.post.date, post.relative))
    for field_name, keys, singular in _TERM_KINDS:
        shown_label: dict[str, str] = {}
        for post in oldest_first:
            for term in getattr(post.post, field_name):
                label = shown_label.setdefault(term.key, term.label)
                if term.label != label:
                    findings.append(Finding(
                        post.shown, post.key_line(*keys), WARNING, keys[0],
                        f"{singular} {term.label!r} is merged with {label!r} (they differ only "
                        f"in case or width); its page shows {label!r}"))
    return findings


def future_dates(posts: list[BuiltPost], now: datetime) -> list[Finding]:
    """A future date does not hold a post back: it is built now and listed first."""
    return [Finding(post.shown, post.key_line("date"), WARNING, "date",
                    f"date {post.post.date:%Y-%m-%d %H:%M %z} is in the future; the post is "
                    f"published with the next build and listed first")
            for post in posts if post.post.date > now]


def post_warnings(post: BuiltPost, urls: SiteUrls) -> list[Finding]:
    """Every check of one post on its own; ``urls`` judges its links as the build does."""
    return [*repeated_paragraphs(post), *leftover_markers(post), *empty_body(post),
            *missing_links(post, urls), *liquid_output_empty(post)]
