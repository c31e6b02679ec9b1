"""Post: the typed record of one article, and the one place front matter becomes data.

Everything else in bunko reads ``Post`` fields; nothing else parses YAML. Reading never raises
on bad input: what is wrong goes into ``Post.problems`` (one message each, with the line in the
file where known) and the post is still built from what could be read, the file name filling
the gaps. That is how "a bad post never silently drops" is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

import yaml

from .dates import FILE_NAME_DATE, DateError, date_from_path_parts, parse_date
from .excerpt import html_text
from .terms import Term, clean_text, unique_terms

#: Jekyll's front matter: ``---`` on the first line, closed by ``---`` or ``...``.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LEADING_HASHES = re.compile(r"^#+\s*")
_DRAFT_HINT = re.compile(r"^(?:published|draft)\s*:", re.M)
_INT = re.compile(r"\d{1,9}")
#: What ``redirect_to:`` may send readers to: a path, or an http(s) address (no ``javascript:``).
_WEB_ADDRESS = re.compile(r"(?i)(?:https?://|//|/|\.|[^:/?#]+(?:[/?#]|$))")
#: A reading time longer than this (about ten weeks) is a typo, not a post.
_MAX_MINUTES = 100_000
_FALSE_WORDS = {"false", "no", "off", "0", ""}
_TRUE_WORDS = {"true", "yes", "on", "1"}
#: More terms of one kind than a writer means: warned about (they still all get pages).
MANY_TERMS = 100
#: Characters past which a post is warned about as too long to read as one page.
LONG_POST = 1_000_000
#: Most values front matter may hold, aliases written out; 10,000 tags is far below it.
MAX_FRONT_MATTER_VALUES = 200_000
#: Deepest nesting of lists and mappings in front matter; nobody writes more than a few.
MAX_FRONT_MATTER_DEPTH = 50
#: Keys this module turns into fields; every other key is kept as-is in ``Post.extra``.
_KNOWN_KEYS = frozenset(
    "title date categories category tags tag author authors excerpt reading_time layout "
    "published draft permalink lang image thumbnail excerpt_separator redirect_from "
    "redirect_to".split()
)
#: A language tag as ``lang:`` gives it (``en``, ``en-US``, ``ja_JP``, ``zh-Hant-TW``).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _make_loader() -> type:
    """A safe YAML loader that leaves dates as text.

    PyYAML turns ``2026-02-10`` into a ``date`` but leaves ``2026-02-10 03:29:00 +0000`` a
    string (its timestamp pattern wants ``+00:00``); reading every date as text lets
    ``dates.parse_date`` treat all forms alike and keep the written zone.
    """
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("FrontMatterLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return loader


_Loader = _make_loader()


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a post, said in the writer's terms."""

    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class SplitSource:
    """A post file cut into its front matter and its body."""

    front_matter: str | None
    body: str
    #: 1-based line of the file on which ``body`` starts.
    body_line: int


def split_front_matter(text: str) -> SplitSource:
    """Cut the front matter off. ``text`` has ``\\n`` line ends (Sphinx and ``read_source``)."""
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return SplitSource(None, text, 1)
    return SplitSource(match.group("yaml") or "", text[match.end():],
                       text.count("\n", 0, match.end()) + 1)


def may_be_draft(text: str) -> bool:
    """Cheap test run on every file at start-up: could the front matter say "not published"?

    Only files that pass it pay for a YAML parse before Sphinx reads them.
    """
    front = split_front_matter(text).front_matter
    return bool(front and _DRAFT_HINT.search(front))


@dataclass(frozen=True)
class Post:
    """One article, as readers and listings see it."""

    #: Source path relative to the site's source folder, POSIX form (``posts/blog/x.md``).
    path: str
    title: str
    date: datetime
    #: Where the date came from: ``front matter``, ``file name`` or ``file time``.
    date_source: str
    #: File-name slug without its date: ``2026-02-10-aws-ai-chips`` → ``aws-ai-chips``.
    slug: str
    categories: tuple[Term, ...] = ()
    tags: tuple[Term, ...] = ()
    authors: tuple[Term, ...] = ()
    #: The writer's excerpt, Markdown; empty when the front matter has none.
    excerpt: str = ""
    #: Minutes given in front matter; ``None`` means "count it from the body".
    reading_time: int | None = None
    draft: bool = False
    permalink: str | None = None
    #: Whether the title came from front matter; if not, the page heading was inserted.
    title_from_front_matter: bool = True
    # Jekyll's keys for how a post is shown (kramdown-era sites, jekyll-seo-tag).
    #: ``lang:``, a language tag (``en-US``): the page's ``<html lang>``; ``None``: the site's.
    lang: str | None = None
    #: ``image:`` (a string, or jekyll-seo-tag's ``{path: ...}``): the page's Open Graph
    #: image, as ``image_location`` gives it.
    image: str | None = None
    #: ``thumbnail:``, the same form: the picture lists show (else ``image``).
    thumbnail: str | None = None
    #: Of ``image`` and ``thumbnail``, the paths the site had no file for when the post was
    #: read (``reader.pictures_changed`` reads it again when that changes).
    missing_pictures: tuple[str, ...] = ()
    #: ``excerpt_separator:``, the post's own (else the site's ``_config.yml`` one).
    excerpt_separator: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Every key as the YAML gave it, for Liquid's ``page`` (``liquid/variables.py``): Jekyll
    #: shows posts their front matter as written (``{{ page.image.path }}``).
    front_matter: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    @property
    def picture(self) -> str | None:
        """The post's own picture (``image``, else ``thumbnail``), if the site has it."""
        return next((location for location in (self.image, self.thumbnail)
                     if location and location not in self.missing_pictures), None)

    @property
    def list_picture(self) -> str | None:
        """The picture lists show (``thumbnail``, else ``image``), if the site has it."""
        return next((location for location in (self.thumbnail, self.image)
                     if location and location not in self.missing_pictures), None)

    #: Counted from the parsed body (``reading.py``) once Sphinx has read it.
    #: Plain-text summary: the excerpt as text, else the first paragraph, shortened.
    summary: str = ""
    #: Minutes to read: ``reading_time`` when given, else counted from the body.
    minutes: int = 1
    #: jekyll-redirect-from: old paths of this post (each gets a redirect page), and the URL
    #: this post's own page sends readers to.
    redirect_from: tuple[str, ...] = ()
    redirect_to: str | None = None


@dataclass(frozen=True)
class ReadPost:
    """What reading a file gives: the record, and the body Sphinx should parse."""

    post: Post
    body: str
    body_line: int


def read_post(path: str, text: str, *, zone: tzinfo, file_time: datetime,
              site_file: Callable[[str], bool] | None = None) -> ReadPost:
    """Turn one post file into a ``Post``. Never raises on bad content.

    ``zone`` is the zone for dates written without one; ``file_time`` is the last resort when
    neither front matter nor any path part carries a date. ``site_file`` says whether a path
    below the site root is a file the site serves (a picture's); ``None``: not known.
    """
    problems: list[Problem] = []
    split = split_front_matter(text)
    data = _load_front_matter(split, problems)
    # A post whose front matter could not be read already has its one warning, which says the
    # title comes from the file; a second one about the title would only repeat it.
    front_matter_failed = bool(problems)
    parts = PurePosixPath(path).parts
    stem = PurePosixPath(path).stem
    path_date = date_from_path_parts([stem, *reversed(parts[:-1])], zone)
    dated_name = FILE_NAME_DATE.match(stem)
    slug = (dated_name.group(4) if dated_name else "") or stem

    when, date_source = _read_date(data, path_date, file_time, zone, problems, split)
    # One calendar for the whole site, as Jekyll's ``timezone`` gives: a post is shown,
    # grouped by month and ordered by the date in the site's zone, so "23:30 +09:00" on a UTC
    # site is listed on the day it falls on there, among its neighbours in time.
    when = when.astimezone(zone)
    written_title = _text_value(data.get("title"))
    # Jekyll's layouts put a title into the page as HTML: its entities and tags are markup.
    title = _LEADING_HASHES.sub("", html_text(written_title)).strip()
    title_given = bool(title)
    if not title_given:
        heading = first_heading(split.body)
        missing = (f"the title {written_title!r} has no text once its HTML is read"
                   if written_title else "no title in the front matter")
        if heading:
            title = heading[1]
            message = f"{missing}; using the first heading {title!r}"
        else:
            title = _title_from_slug(slug)
            message = f"{missing} and no heading; using the file name {title!r}"
        if not front_matter_failed:
            problems.append(Problem(message, _key_line(split, "title") or 1))

    published = _flag(data.get("published", True), "published", True, problems, split)
    draft_flag = _flag(data.get("draft", False), "draft", False, problems, split)
    categories = unique_terms(_term_labels(data, "categories", "category"))
    tags = unique_terms(_term_labels(data, "tags", "tag"))
    authors = unique_terms(_author_labels(data))
    for kind, singular, terms in (("categories", "category", categories),
                                  ("tags", "tag", tags), ("authors", "author", authors)):
        if len(terms) > MANY_TERMS:
            problems.append(Problem(
                f"has {len(terms):,} {kind}: each gets a page, but lists of posts show only "
                f"the first few; were they meant as {kind}?",
                _key_line(split, kind) or _key_line(split, singular)))
    image = _image(data, "image", problems, split)
    thumbnail = _image(data, "thumbnail", problems, split)
    missing_pictures = tuple(
        location for location in dict.fromkeys((image, thumbnail))
        if location and site_file and not is_url(location) and not site_file(site_path(location)))
    for key, location in (("image", image), ("thumbnail", thumbnail)):
        if location in missing_pictures:
            problems.append(Problem(f"{key} {data[key]!r}: the site has no file "
                                    f"{site_path(location)} (the Jekyll folder's files are the "
                                    "site's); the post has no picture", _key_line(split, key)))
    redirect_from, redirect_to = _redirects(data, problems, split)
    if len(text) > LONG_POST:
        problems.append(Problem(
            f"is {len(text):,} characters long: it builds, slowly, into a page of several MB "
            f"that readers load at once; consider splitting it", 1))
    return ReadPost(
        post=Post(
            path=path,
            title=title,
            date=when,
            date_source=date_source,
            slug=slug,
            categories=categories,
            tags=tags,
            authors=authors,
            excerpt=_text_value(data.get("excerpt"), one_line=False),
            reading_time=_reading_time(data.get("reading_time"), problems, split),
            draft=(not published) or draft_flag,
            permalink=_text_value(data.get("permalink")) or None,
            title_from_front_matter=title_given,
            lang=_language(data.get("lang"), problems, split),
            image=image,
            thumbnail=thumbnail,
            missing_pictures=missing_pictures,
            excerpt_separator=(data["excerpt_separator"]
                               if isinstance(data.get("excerpt_separator"), str)
                               and data["excerpt_separator"] else None),
            redirect_from=redirect_from,
            redirect_to=redirect_to,
            extra={k: v for k, v in data.items() if k not in _KNOWN_KEYS},
            front_matter=data,
            problems=tuple(problems),
        ),
        body=split.body,
        body_line=split.body_line,
    )


def _redirects(data: dict[str, Any], problems: list[Problem],
               split: SplitSource) -> tuple[tuple[str, ...], str | None]:
    """``redirect_from:`` (a path or a list of them) and ``redirect_to:`` (a URL; of a list,
    the first), as jekyll-redirect-from reads them."""
    sources = []
    for item in _flatten(data.get("redirect_from")):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            sources.append(str(item).strip())
        elif item is not None:
            problems.append(Problem(f"redirect_from: {item!r} is not a path such as "
                                    "/2016/01/01/old.html; ignored",
                                    _key_line(split, "redirect_from")))
    target = data.get("redirect_to")
    if isinstance(target, list):
        target = target[0] if target else None
    if target is not None and not (isinstance(target, str) and target.strip()
                                   and _WEB_ADDRESS.match(target.strip())):
        problems.append(Problem(f"redirect_to: {target!r} is not a web address or a path of "
                                "the site; ignored", _key_line(split, "redirect_to")))
        target = None
    return tuple(dict.fromkeys(sources)), target.strip() if target else None


def _load_front_matter(split: SplitSource, problems: list[Problem]) -> dict[str, Any]:
    if split.front_matter is None:
        problems.append(Problem("no front matter (a block between '---' lines at the top); "
                                "title and date come from the file", 1))
        return {}
    try:
        data = yaml.load(split.front_matter, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as err:
        # Where the broken construct starts (an unclosed quote) says more than where the parser
        # gave up (often the closing "---").
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = "; ".join(part for part in (getattr(err, "context", None),
                                              getattr(err, "problem", None)) if part)
        reason = reason or str(err).splitlines()[0]
        problems.append(Problem(f"front matter is not valid YAML ({reason}); title and date "
                                f"come from the file name", line))
        return {}
    except (ValueError, KeyError, AttributeError, OverflowError) as err:
        # PyYAML's constructors raise these for a value its explicit tag cannot hold
        # (``!!int x``, ``!!bool maybe``, ``!!timestamp 'soon'``) instead of a YAMLError.
        problems.append(Problem(f"front matter is not valid YAML (a value does not fit its "
                                f"'!!' tag: {type(err).__name__}: {err}); title and date come "
                                f"from the file name", 2))
        return {}
    if data is None:
        return {}
    if _expanded_size(data, MAX_FRONT_MATTER_VALUES) is None:
        problems.append(Problem(f"front matter is ignored: it nests lists deeper than "
                                f"{MAX_FRONT_MATTER_DEPTH} levels, or its YAML aliases (&name, "
                                f"*name) refer to themselves or expand to more than "
                                f"{MAX_FRONT_MATTER_VALUES:,} values", 2))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(f"front matter is a {type(data).__name__}, expected "
                                f"'key: value' lines; it is ignored", 2))
        return {}
    return {str(key): value for key, value in data.items()}


def _expanded_size(data: Any, limit: int) -> int | None:
    """How many values ``data`` holds with every YAML alias written out; ``None`` when that is
    more than ``limit``, a value contains itself or nests deeper than
    ``MAX_FRONT_MATTER_DEPTH``.

    PyYAML shares aliased values instead of copying them, so ten lines of aliases can stand for
    a billion tags ("billion laughs") and ``&a [*a]`` is a list inside itself; and 500 nested
    ``[`` are valid YAML. Everything that walks front matter (flattening tags, ``repr`` in
    messages and fingerprints) would hang or overflow Python's stack on them, so such front
    matter is refused once, here.
    """
    count = 0
    stack: list[tuple[Any, frozenset[int]]] = [(data, frozenset())]
    while stack:
        value, ancestors = stack.pop()
        count += 1
        if count > limit:
            return None
        if isinstance(value, (list, tuple, set, frozenset, dict)):
            if id(value) in ancestors or len(ancestors) >= MAX_FRONT_MATTER_DEPTH:
                return None
            inner = ancestors | {id(value)}
            items = ([*value.keys(), *value.values()] if isinstance(value, dict) else value)
            stack.extend((item, inner) for item in items)
    return count


def expanded_size_within(data: Any, limit: int) -> bool:
    """Whether YAML-loaded ``data`` holds at most ``limit`` values with its aliases written
    out, contains no value inside itself and nests at most ``MAX_FRONT_MATTER_DEPTH`` deep:
    the same guard for every YAML file bunko reads (see ``_expanded_size``)."""
    return _expanded_size(data, limit) is not None


def _key_line(split: SplitSource, key: str) -> int | None:
    """The file line of ``key:`` in the front matter, for messages."""
    if not split.front_matter:
        return None
    for offset, line in enumerate(split.front_matter.split("\n")):
        if line.startswith(f"{key}:"):
            return offset + 2
    return None


def _read_date(data: dict[str, Any], path_date: tuple[datetime, str] | None,
               file_time: datetime, zone: tzinfo, problems: list[Problem],
               split: SplitSource) -> tuple[datetime, str]:
    raw = data.get("date")
    if raw is not None and str(raw).strip():
        try:
            when, note = parse_date(raw, zone)
        except DateError as err:
            fallback = "the file name's date" if path_date else "the file's time"
            problems.append(Problem(f"date {str(raw)!r} {err}; using {fallback}",
                                    _key_line(split, "date")))
        else:
            if note:
                problems.append(Problem(f"date {str(raw)!r}: {note}", _key_line(split, "date")))
            return when, "front matter"
    if path_date:
        return path_date[0], "file name"
    problems.append(Problem("no date in the front matter or the file name (YYYY-MM-DD-slug.md); "
                            "using the file's modification time", _key_line(split, "date") or 1))
    return file_time.astimezone(zone), "file time"


def _scalar_text(value: Any) -> str | None:
    """YAML scalars as writers meant them: ``true`` stays "true", 2013 becomes "2013"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dict):
        name = value.get("name") or value.get("display_name")
        return str(name) if name is not None else None
    return str(value)


def _text_value(value: Any, *, one_line: bool = True) -> str:
    if isinstance(value, list):
        value = " ".join(t for t in (_scalar_text(v) for v in value) if t)
    text = _scalar_text(value) or ""
    return clean_text(text) if one_line else text.strip()


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, set)):
        return [leaf for item in value for leaf in _flatten(item)]
    return [value]


def _term_labels(data: dict[str, Any], plural: str, singular: str) -> list[str]:
    """Jekyll splits a plural key's string on spaces (``tags: AI クラウド``); a singular key's
    string is one term. Commas split too: nobody means a tag "AI,"."""
    labels: list[str] = []
    for key, split_string in ((plural, True), (singular, False)):
        value = data.get(key)
        for item in _flatten(value):
            text = _scalar_text(item)
            if text is None:
                continue
            if split_string and isinstance(value, str):
                labels.extend(part for part in re.split(r"[\s,、]+", text) if part)
            else:
                labels.append(text)
    return labels


def _author_labels(data: dict[str, Any]) -> list[str]:
    labels: list[str] = []
    for key in ("authors", "author"):
        for item in _flatten(data.get(key)):
            text = _scalar_text(item)
            if text:
                labels.append(text)
    return labels


def _flag(value: Any, key: str, default: bool, problems: list[Problem],
          split: SplitSource) -> bool:
    if isinstance(value, bool):
        return value
    text = (_scalar_text(value) or "").strip().lower()
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS and value is not None:
        return False
    if value is None:
        return default
    problems.append(Problem(f"{key}: {value!r} is not true or false; using {str(default).lower()}",
                            _key_line(split, key)))
    return default


def _reading_time(value: Any, problems: list[Problem], split: SplitSource) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = None
    elif isinstance(value, (int, float)) and 0 < value <= _MAX_MINUTES:  # not nan, not .inf
        return max(1, round(value))
    elif (isinstance(value, str) and (match := _INT.search(value))
          and 0 < int(match.group()) <= _MAX_MINUTES):
        return int(match.group())
    problems.append(Problem(f"reading_time {value!r} is not a number of minutes; counting it "
                            f"from the text", _key_line(split, "reading_time")))
    return None


def _language(value: Any, problems: list[Problem], split: SplitSource) -> str | None:
    if value is None or value == "":
        return None
    text = (_scalar_text(value) or "").strip()
    if _LANGUAGE_TAG.fullmatch(text):
        return text.replace("_", "-")
    problems.append(Problem(f"lang {value!r} is not a language tag (ja, en, en-US); the page "
                            f"gets the site's language", _key_line(split, "lang")))
    return None


def image_location(value: Any) -> str | None:
    """Where an ``image:`` value points: an ``http(s)://`` URL as written, or a path below the
    site root (``/assets/x.png`` and ``assets/x.png`` are ``assets/x.png``, the file the
    Jekyll folder serves there). ``None`` for no image, and for a value that is no link to an
    image (``javascript:``, ``data:``, a path climbing out of the site).

    jekyll-seo-tag also takes a mapping with the URL under ``path``.
    """
    if isinstance(value, dict):
        value = value.get("path") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if any(ord(char) < 32 or char in "\\<>\"" for char in text):
        return None
    if text.startswith("//"):
        text = f"https:{text}"
    scheme = _URL_SCHEME.match(text)
    if scheme:
        return text if scheme.group(1).lower() in ("http", "https") else None
    path, mark, rest = text.partition("?") if "?" in text else text.partition("#")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return quote("/".join(parts), safe="/%") + mark + rest


def _image(data: dict[str, Any], key: str, problems: list[Problem],
           split: SplitSource) -> str | None:
    value = data.get(key)
    if value is None or value == "" or value == {}:
        return None
    location = image_location(value)
    if location is None:
        problems.append(Problem(f"{key} {value!r} is not an image's URL or path in the site "
                                "(https://..., /assets/x.png); the post has no picture",
                                _key_line(split, key)))
    return location


def is_url(location: str) -> bool:
    """Whether an ``image_location`` is a URL (else a path below the site root)."""
    return "://" in location


def site_path(location: str) -> str:
    """The file an ``image_location`` path names, query and escapes undone."""
    return unquote(location.split("?")[0].split("#")[0])


def _title_from_slug(slug: str) -> str:
    words = re.sub(r"[-_]+", " ", slug).strip()
    return words[:1].upper() + words[1:] if words else slug


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: kramdown's ``## Heading {#id}``: the id is no part of the heading's text.
_HEADING_ID = re.compile(r"[ \t]+\{#[A-Za-z][\w:-]*\}$")


def first_heading(body: str) -> tuple[int, str] | None:
    """Level and text of the body's first ATX heading outside code fences, marks removed."""
    fence: str | None = None
    for line in body.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None and (match := _HEADING.match(line)):
            heading = _HEADING_ID.sub("", match.group(2))
            text = html_text(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", heading))
            if text:
                return len(match.group(1)), text
    return None
