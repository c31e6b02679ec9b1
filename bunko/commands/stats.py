"""``bunko stats [PATH]``: how big the archive is, without building it.

Counts the posts the build would publish, by year, category, tag and author, and their text:
characters and reading time. Reading time is what the build shows: the front matter's
``reading_time``, else the prose counted by ``reading.reading_minutes``. The prose is taken
from the Markdown by markdown-it (MyST's own parser), code and HTML left out as the build's
doctree count leaves them out.
"""

from __future__ import annotations

import argparse
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt

from ..reading import reading_minutes
from .as_built import BuiltPost, folder_argument, read_posts_folder
from .messages import fail
from .site_settings import SiteError, read_site

HELP = "posts per year, category, tag and author; characters and reading time"

_MARKDOWN = MarkdownIt("commonmark")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH",
                        help="posts folder (default: the site's posts folder)")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="a table for people (default) or JSON for machines")


def run(arguments: argparse.Namespace) -> int:
    try:
        settings = read_site(Path.cwd())
    except SiteError as err:
        return fail("stats", str(err))
    folder: Path = arguments.path or Path(os.path.relpath(settings.posts_folder))
    if not folder.is_dir():
        return fail("stats", f"{folder}: no such folder")
    srcdir, posts_dir = folder_argument(folder, settings)
    read = read_posts_folder(srcdir, posts_dir, settings, shown_root=str(folder))
    posts = read.posts if settings.options.show_drafts else read.published
    report = statistics(posts, drafts=len(read.posts) - len(posts))
    if arguments.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(_table(report))
    return 0


def prose(markdown: str) -> str:
    """The text a reader reads in ``markdown``: no code blocks, HTML, link targets or images."""
    chunks: list[str] = []
    for token in _MARKDOWN.parse(markdown):
        if token.type != "inline":
            continue
        for child in token.children or ():
            # Images and inline HTML are skipped: their text is not read (as in the doctree).
            if child.type in ("text", "code_inline"):
                chunks.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                chunks.append(" ")
    return " ".join(chunks)


def statistics(posts: list[BuiltPost], *, drafts: int) -> dict[str, object]:
    years: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {"categories": Counter(), "tags": Counter(),
                                      "authors": Counter()}
    labels: dict[tuple[str, str], str] = {}
    characters = minutes = 0
    for built in sorted(posts, key=lambda item: item.post.date):
        post = built.post
        years[str(post.date.year)] += 1
        for kind, counts in kinds.items():
            for term in getattr(post, kind):
                # One count per term identity, under the oldest post's spelling (as the build).
                counts[labels.setdefault((kind, term.key), term.label)] += 1
        text = f"{post.title} {prose(built.converted)}"
        characters += sum(1 for char in text if not char.isspace())
        minutes += post.reading_time or reading_minutes(text)
    return {
        "posts": len(posts),
        "drafts_not_counted": drafts,
        "characters": characters,
        "reading_minutes": minutes,
        "years": dict(sorted(years.items())),
        **{kind: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
           for kind, counts in kinds.items()},
    }


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _rows(title: str, counts: dict[str, int]) -> list[str]:
    if not counts:
        return [f"{title}: none"]
    width = max(_width(title), *(_width(name) for name in counts))
    lines = [f"{title}{' ' * (width - _width(title))}  posts"]
    lines += [f"{name}{' ' * (width - _width(name))}  {count:>5}" for name, count in counts.items()]
    return lines


def _table(report: dict) -> str:
    hours, rest = divmod(report["reading_minutes"], 60)
    lines = [f"posts          {report['posts']:,}"
             + (f" (and {report['drafts_not_counted']} drafts, not built)"
                if report["drafts_not_counted"] else ""),
             f"characters     {report['characters']:,}",
             f"reading time   {report['reading_minutes']:,} min ({hours} h {rest} min)"]
    for title, key in (("year", "years"), ("category", "categories"), ("tag", "tags"),
                       ("author", "authors")):
        lines += ["", *_rows(title, report[key])]
    return "\n".join(lines)

