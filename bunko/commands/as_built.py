"""Posts read exactly as the build reads them, without building.

``check``, ``import`` and ``stats`` must report what ``make html`` would: so the folder is
scanned by ``sources.scan_post_folder`` and each file converted by ``conversion.convert_post``
with the same ``site.Site`` (post links, the imported Jekyll site, whose ``site_urls`` index
answers for URLs as in the build) as ``reader.read_source`` uses. Only the Sphinx application
is missing.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..conversion import convert_post
from ..post import Post, Problem
from ..render import FragmentRenderer
from ..site import Site
from ..site_urls import SiteUrls, build_site_urls
from ..sources import PostFolder, scan_post_folder
from .site_settings import SiteSettings

#: A top-level front matter key: ``tags:`` at the start of a line.
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class BuiltPost:
    """One post file as the build sees it."""

    file: Path
    #: The path shown to the user (as they named the folder, plus the path inside it).
    shown: str
    #: Path relative to the source folder, the build's name for the file (``posts/x.md``).
    relative: str
    #: The record, the Liquid conversion's problems included (as the build stores it).
    post: Post
    #: The body as written (front matter cut off), and the file line it starts on.
    body: str
    body_line: int
    #: The body MyST would read: Liquid rendered and kramdown converted.
    converted: str
    #: Liquid that could not be carried over, as the warnings name it (``{% oembed %}``,
    #: ``| team_link``, ``{% include gone.html %}``), and how often.
    liquid_left_out: Counter[str]
    #: The file line of the first use of each of ``liquid_left_out``.
    liquid_left_out_lines: dict[str, int | None]
    #: ``{{ … }}`` of the body that render nothing (an undefined variable), by file line.
    liquid_empty_outputs: tuple[tuple[int | None, str], ...]
    #: Front matter keys by the file line they are written on (``{2: "title", 3: "date"}``).
    keys_by_line: dict[int, str]

    def key_line(self, *keys: str) -> int | None:
        """The file line of the first of ``keys`` the front matter has."""
        for key in keys:
            for line, written in self.keys_by_line.items():
                if written == key:
                    return line
        return None


@dataclass
class PostsFolder:
    """Every post of a folder read, drafts included, and what the scan said about the rest."""

    posts: list[BuiltPost]
    #: Problems of files that are not read as posts (not UTF-8, folders named like posts):
    #: (shown path, problem).
    problems: list[tuple[str, Problem]]
    #: Where the URLs of the old site lead, as the build would resolve them.
    urls: SiteUrls

    @property
    def published(self) -> list[BuiltPost]:
        return [post for post in self.posts if not post.post.draft]


def read_posts_folder(srcdir: Path, posts_dir: str, settings: SiteSettings, *,
                      shown_root: str) -> PostsFolder:
    """Read ``srcdir/posts_dir`` as a build of ``srcdir`` would; messages name files as
    ``shown_root`` + their path inside the posts folder."""
    scan = scan_post_folder(srcdir, posts_dir, show_drafts=True, zone=settings.zone)
    published = [path for path in scan.post_paths
                 if settings.options.show_drafts or path not in scan.draft_paths]
    home_source = "index.md" if (srcdir / "index.md").is_file() else None
    urls = build_site_urls(post_paths=published, posts_naming_urls=scan.posts_naming_urls,
                           jekyll=settings.jekyll, zone=settings.zone, home_source=home_source)
    # post_url targets are the posts the build would read: drafts only with show_drafts.
    targets = PostFolder(post_paths=published, posts_dir=posts_dir).post_link_targets()
    options = dataclasses.replace(settings.options, posts_dir=posts_dir)
    # The build's own Site answers post_url lookups and holds the Liquid environment; its
    # renderer is unused.
    site = Site(options=options, zone=settings.zone, folder=scan, post_link_targets=targets,
                renderer=FragmentRenderer([]), jekyll=settings.jekyll, urls=urls)

    def shown(relative: str) -> str:
        inside = relative.removeprefix(posts_dir).lstrip("/")
        return os.path.join(shown_root, inside) if inside else shown_root

    # Only the words of placeholders depend on the language (what check reads does not).
    language = settings.jekyll.language or None
    posts = [_read(srcdir, relative, shown(relative), site, language)
             for relative in scan.post_paths]
    problems = [(shown(path), problem) for path, problem in scan.problems]
    return PostsFolder(posts=posts, problems=problems, urls=urls)


def _read(srcdir: Path, relative: str, shown: str, site: Site,
          language: str | None) -> BuiltPost:
    file = srcdir / relative
    # Sphinx reads sources as utf-8-sig text with universal newlines.
    text = file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    file_time = datetime.fromtimestamp(file.stat().st_mtime, timezone.utc)
    read = convert_post(site, relative, text, file_time=file_time, language=language)
    liquid = read.liquid
    return BuiltPost(file=file, shown=shown, relative=relative, post=read.post, body=read.body,
                     body_line=read.body_line, converted=read.markdown,
                     liquid_left_out=liquid.left_out,
                     liquid_left_out_lines=liquid.left_out_lines,
                     liquid_empty_outputs=liquid.empty_outputs,
                     keys_by_line=_keys_by_line(text, read.body_line))


def _keys_by_line(text: str, body_line: int) -> dict[int, str]:
    lines = text.split("\n", body_line)[:body_line - 1]
    return {number: match.group(1) for number, line in enumerate(lines, start=1)
            if number > 1 and (match := _KEY.match(line))}


def folder_argument(path: Path, settings: SiteSettings) -> tuple[Path, str]:
    """(source folder, posts folder inside it) for a folder named on the command line: the
    site's own posts folder is read with the site's path, any other folder as its own."""
    resolved = path.resolve()
    if resolved == settings.posts_folder.resolve():
        return settings.root.resolve(), settings.options.posts_dir.strip("/")
    return resolved.parent, resolved.name

