"""The per-build facts every handler needs: options, the zone for naive dates, the posts folder.

Made once at ``config-inited`` and hung on the application, so parallel readers (forked after
start-up) inherit it and no handler recomputes it per page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import tzinfo

from sphinx.application import Sphinx

from .options import Options
from .render import FragmentRenderer
from .sources import PostFolder


@dataclass
class Site:
    options: Options
    zone: tzinfo
    folder: PostFolder
    #: ``post_url`` names → MyST link targets (``/posts/x.md``); see ``PostFolder``.
    post_link_targets: dict[str, str]
    renderer: FragmentRenderer

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
