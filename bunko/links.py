"""Links from files that are not Sphinx pages (feeds, sitemap, redirects, posts.json).

With ``html_baseurl`` set, such files carry absolute URLs under it, as feed readers and
search engines want. Without it bunko writes no absolute URL at all: links are relative to
the file that holds them, so a site opened from disk or moved to another host still works.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from sphinx.application import Sphinx


@dataclass(frozen=True)
class SiteLinks:
    app: Sphinx

    @property
    def base(self) -> str:
        """``html_baseurl`` ending in "/", or "" when the site has none."""
        base = (self.app.config.html_baseurl or "").strip()
        return base if not base or base.endswith("/") else base + "/"

    def uri(self, pagename: str) -> str:
        """The page's path from the site root, percent-encoded (``tags/ai/index.html``)."""
        return self.app.builder.get_target_uri(pagename)

    def absolute(self, uri: str) -> str | None:
        return self.base + uri if self.base else None

    def from_file(self, file_path: str, uri: str) -> str:
        """``uri`` (from the site root) as written in the file at ``file_path``."""
        if self.base:
            return self.base + uri
        folder = posixpath.dirname(file_path)
        # From a file at the root the path is the URI's own (Sphinx's URIs never climb);
        # ``relpath`` would make both absolute first, for each of 10,000 posts.
        relative = (posixpath.relpath(uri or ".", folder) if folder
                    else posixpath.normpath(uri or "."))
        return relative + ("/" if uri.endswith("/") and relative != "." else "")
