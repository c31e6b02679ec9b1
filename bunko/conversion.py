"""A post file's text → its ``Post`` and the Markdown MyST reads: the one path for the build
(``reader.read_source``) and the commands (``commands/as_built.py``), so ``bunko check`` and
``bunko import`` report exactly what ``make html`` does.

The steps, in order: front matter (``post.read_post``), Liquid rendered as Jekyll renders it
(``liquid``), kramdown's syntax said in MyST's (``kramdown``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from .kramdown import convert_kramdown
from .liquid import LiquidResult, render_liquid
from .post import Post, read_post
from .site import Site


@dataclass(frozen=True)
class ConvertedPost:
    #: The record, the Liquid engine's problems included.
    post: Post
    #: The body as written (front matter cut off) and the file line it starts on.
    body: str
    body_line: int
    #: What the Liquid engine made of the body, and what it left out.
    liquid: LiquidResult
    #: The body MyST reads: Liquid rendered, kramdown converted.
    markdown: str


def convert_post(site: Site, relative: str, text: str, *, file_time: datetime,
                 language: str | None) -> ConvertedPost:
    """``text`` (``\\n`` line ends) of the post at ``relative`` (from the source folder)."""
    read = read_post(relative, text, zone=site.zone, file_time=file_time,
                     site_file=site.jekyll.serves if site.jekyll.folder else None)
    liquid = render_liquid(read.body, read.post, site, language=language,
                           first_line=read.body_line)
    post = read.post
    if liquid.problems:
        post = dataclasses.replace(post, problems=post.problems + tuple(liquid.problems))
    return ConvertedPost(post=post, body=read.body, body_line=read.body_line, liquid=liquid,
                         markdown=convert_kramdown(liquid.text).text)
