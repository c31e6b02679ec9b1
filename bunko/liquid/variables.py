"""``site``, ``page`` and ``jekyll``: the variables a post's Liquid sees, as Jekyll gave them.

``site`` is the old site's ``_config.yml`` with ``site.data`` (``_data/``), and ``site.url``
and ``site.baseurl`` as that site had them ("" when unset), so links come out as the old
site's URLs (the archive's link resolver maps them). ``page`` is the post's front matter as
written, over the ``_config.yml`` ``defaults:`` that applied to it, with the values Jekyll
computes: ``page.title``, ``page.date`` a time, ``page.categories`` and ``page.tags`` lists
(as Jekyll splits ``tags: a b``), ``page.url`` under the old site's permalink, ``page.path``
as the file was named in the Jekyll site. Collections Jekyll builds from every page
(``site.posts``, ``site.tags``) are not here: a post is read alone, and in parallel.

``site.time`` is the post's own date rather than the time of the build, so a page renders
the same in every build (an incremental build equals a clean one).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from ..jekyll_site import JekyllSite
from ..post import Post
from ..site_urls import expand
from .ruby_time import RubyTime

#: Jekyll's own variable: Jekyll's version and the environment the old site was built in.
JEKYLL = {"version": "4.3.4", "environment": "production"}


def site_variables(jekyll: JekyllSite) -> dict[str, Any]:
    """``site`` without ``site.time``, which is each post's."""
    return {**jekyll.config, "data": jekyll.data, "url": jekyll.url, "baseurl": jekyll.baseurl}


def path_in_jekyll(path: str, posts_prefix: str) -> str:
    """A post's path as it was in the Jekyll site: ``posts/blog/x.md`` → ``_posts/blog/x.md``."""
    return f"_posts/{path.removeprefix(posts_prefix)}" if path.startswith(posts_prefix) else path


def page_variables(post: Post, jekyll: JekyllSite, posts_prefix: str,
                   zone: tzinfo) -> dict[str, Any]:
    """``page``: the front matter as written (read by ``post.py``) over the defaults, with
    the values Jekyll computes."""
    path = path_in_jekyll(post.path, posts_prefix)
    page: dict[str, Any] = {**jekyll.defaults_for(path), **post.front_matter}
    page.update(
        title=post.title,
        date=RubyTime.of(post.date),
        categories=[term.label for term in post.categories] or page.get("categories", []),
        tags=[term.label for term in post.tags] or page.get("tags", []),
        slug=post.slug,
        path=path,
        url=expand(post.permalink or jekyll.permalink, post, zone),
    )
    return page
