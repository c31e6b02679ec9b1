"""Liquid in posts imported from Jekyll, rendered as Jekyll renders it, before MyST reads them.

``render_liquid`` is the whole interface: a post's body in, its Markdown out
(``LiquidResult``), with what could not be carried over. The pieces, one idea each:

- ``result``: ``LiquidResult``;
- ``environment``: one python-liquid ``Environment`` per site (includes, limits, errors);
- ``tags`` and ``filters``: Jekyll's, and what becomes of a plugin's;
- ``variables``: ``site``, ``page`` and ``jekyll`` as Jekyll gave them;
- ``markdown``: code left as written, HTML kept whole, line numbers kept;
- ``placeholders``: what a reader sees where Liquid could not be carried over;
- ``ruby_time``: dates read and written as Ruby does.

A post without ``{{`` or ``{%`` costs one search and nothing else (python-liquid is not even
imported); the environment is made at the first post that needs it, once per
process, and kept on the ``Site``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .result import LiquidResult

if TYPE_CHECKING:
    from ..post import Post
    from ..site import Site

__all__ = ["LiquidResult", "has_liquid", "render_liquid"]


#: Liquid's openers. One regular expression finds either in a fifth of the time two
#: substring searches take on Japanese text; a body without "{" is ruled out faster still.
_OPENER = re.compile(r"\{[{%]")


def has_liquid(body: str) -> bool:
    return "{" in body and _OPENER.search(body) is not None


def render_liquid(body: str, post: Post, site: Site, *, language: str | None,
                  first_line: int) -> LiquidResult:
    """``body`` (the post's text after its front matter, from file line ``first_line``)
    with its Liquid rendered; ``language`` names the placeholders' language."""
    if not has_liquid(body):
        return LiquidResult(body)
    if site.liquid is None:
        from .environment import JekyllLiquid

        site.liquid = JekyllLiquid(site.jekyll, find_post=site.find_post, language=language,
                                   zone=site.zone, posts_prefix=site.options.posts_prefix,
                                   jekyll_dir=site.options.jekyll_dir)
    return site.liquid.render_post(body, post, first_line=first_line)
