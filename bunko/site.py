"""The facts fixed for a build, which every handler needs: options, the zone for naive dates,
the posts folder, the imported Jekyll site and where its old URLs lead.

Made once at ``config-inited`` and hung on the application, so parallel readers (forked after
start-up) inherit it and no handler recomputes it per page. What a build accumulates (the
catalog, the pages generated, the files written) is ``build_state.BuildState``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import TYPE_CHECKING

from sphinx.application import Sphinx

from .jekyll_site import JekyllSite
from .options import Options
from .render import FragmentRenderer
from .site_urls import SiteUrls
from .sources import PostFolder

if TYPE_CHECKING:
    from .liquid.environment import JekyllLiquid


@dataclass
class Site:
    options: Options
    zone: tzinfo
    folder: PostFolder
    #: ``post_url`` names → MyST link targets (``/posts/x.md``); see ``PostFolder``.
    post_link_targets: dict[str, str]
    renderer: FragmentRenderer
    #: The imported Jekyll site's config, data and includes (empty when there is none).
    jekyll: JekyllSite = field(default_factory=JekyllSite)
    #: Where every URL of the old site leads in the archive (``site_urls``).
    urls: SiteUrls = field(default_factory=SiteUrls)
    #: Output folders of the taxonomies' pages, by kind (``tags`` → ``tags``).
    taxonomy_folders: dict[str, str] = field(default_factory=dict)
    #: Names of configuration values conf.py (or ``-D``) sets: sphinx-tags' titles replace
    #: bunko's labels only where the site chose them.
    config_set_by_user: frozenset[str] = frozenset()
    #: The Liquid environment of the imported site, made from the facts above at the first
    #: post with Liquid (not every site has any).
    liquid: JekyllLiquid | None = None

    def find_post(self, name: str) -> str | None:
        """Resolve a ``{% post_url %}`` or ``{% link %}`` argument to a link target."""
        name = name.strip().strip("\"'").lstrip("/")
        name = name.removeprefix("_posts/").removeprefix(self.options.posts_prefix)
        base, suffix = os.path.splitext(name)
        if suffix in (".md", ".markdown", ".html"):
            name = base
        return self.post_link_targets.get(name)


def site_of(app: Sphinx) -> Site:
    return app.bunko_site  # type: ignore[attr-defined]
