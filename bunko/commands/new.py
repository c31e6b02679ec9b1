"""``bunko new "タイトル"``: start a post with front matter the build reads without a warning.

The front matter is written by ``yaml.safe_dump``, so any title (quotes, colons, ``#``,
emoji) is valid YAML, and the file is read back with ``read_post`` before the path is
printed. An existing post is never overwritten: the command refuses and says how to name the
new one (``--slug``), because a file name is a post's address and a silently numbered
``-2`` twin is more often a command run twice than a wanted second post.
"""

from __future__ import annotations

import argparse
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import yaml

from ..dates import DateError, parse_date
from ..post import read_post
from ..slugs import slugify
from ..sources import POST_SUFFIXES
from ..terms import clean_text, term_key
from .messages import fail
from .site_settings import SiteError, read_site

HELP = "start a post: writes posts/YYYY-MM-DD-<slug>.md with front matter and prints its path"

#: The date form of Jekyll's posts and of the seed article: 2026-02-10 03:29:00 +0000.
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", help="the post's title, any script")
    parser.add_argument("--tags", action="append", default=[], metavar="A,B",
                        help="tags, separated by commas (may be given again)")
    parser.add_argument("--categories", action="append", default=[], metavar="A,B",
                        help="categories, separated by commas (may be given again)")
    parser.add_argument("--author", action="append", default=[], metavar="NAME",
                        help="author (may be given again)")
    parser.add_argument("--date", help="YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS +0900 (default: now, "
                                       "in this computer's time zone)")
    parser.add_argument("--slug", help="file name after the date (default: from the title)")
    parser.add_argument("--posts-dir", type=Path,
                        help="folder to write into (default: conf.py's bunko_posts_dir)")


def run(arguments: argparse.Namespace) -> int:
    try:
        settings = read_site(Path.cwd())
    except SiteError as err:
        return fail("new", str(err))
    if arguments.posts_dir is None and not settings.has_conf:
        return fail("new", "no conf.py here: run it in the site's folder, or give --posts-dir")
    folder: Path = arguments.posts_dir or Path(os.path.relpath(settings.posts_folder))
    title = clean_text(arguments.title)
    if not title:
        return fail("new", "the title is empty")
    if arguments.date:
        try:
            when, note = parse_date(arguments.date, settings.zone)
        except DateError as err:
            return fail("new", f"--date {arguments.date!r} {err} (expected YYYY-MM-DD or "
                               "YYYY-MM-DD HH:MM:SS +0900)")
        if note:
            return fail("new", f"--date {arguments.date!r}: {note}")
    else:
        when = datetime.now(timezone.utc).astimezone().replace(microsecond=0)
    slug = slugify(term_key(arguments.slug or title))
    path = folder / f"{when:%Y-%m-%d}-{slug}.md"
    taken = [path.with_suffix(suffix) for suffix in POST_SUFFIXES
             if path.with_suffix(suffix).exists()]
    if taken:
        return fail("new", f"{taken[0]} already exists and is never overwritten; give --slug "
                           "to name the new post")
    text = front_matter(title, when, _split(arguments.tags), _split(arguments.categories),
                        [clean_text(name) for name in arguments.author if clean_text(name)])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        return fail("new", f"{path} already exists and is never overwritten; give --slug")
    except OSError as err:
        return fail("new", f"cannot write {path}: {err.strerror}")
    # Read back from disk as the build will: proof the post builds without a warning.
    written = read_post(path.as_posix(), path.read_text("utf-8"), zone=settings.zone,
                        file_time=when).post
    if written.problems:  # a bug here, never the writer's input
        path.unlink()
        return fail("new", "the post written did not read back cleanly "
                           f"({written.problems[0].message}); nothing written")
    print(path)
    return 0


def front_matter(title: str, when: datetime, tags: list[str], categories: list[str],
                 authors: list[str]) -> str:
    """The file's text: front matter in the keys and order of the seed article, empty body."""
    data: dict[str, object] = {"title": title, "date": when.strftime(DATE_FORMAT)}
    if categories:
        data["categories"] = categories
    if tags:
        data["tags"] = tags
    if len(authors) == 1:
        data["author"] = authors[0]
    elif authors:
        data["authors"] = authors
    # One key at a time: block style for the mapping, lists inline as Jekyll writers do.
    dumped = "".join(yaml.safe_dump({key: value}, allow_unicode=True, width=2**16,
                                    default_flow_style=None if isinstance(value, list) else False)
                     for key, value in data.items())
    return f"---\n{dumped}---\n\n"


def _split(values: list[str]) -> list[str]:
    """``["AI,クラウド", "投資"]`` → ``["AI", "クラウド", "投資"]``; 、 separates too."""
    return [clean_text(part) for value in values for part in re.split(r"[,、]", value)
            if clean_text(part)]

