"""The per-build facts every handler needs: options, the zone for naive dates, the posts folder.

Made once at ``config-inited`` and hung on the application, so parallel readers (forked after
start-up) inherit it and no handler recomputes it per page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from sphinx.application import Sphinx

from .catalog import Catalog
from .jekyll_site import JekyllSite
from .options import Options
from .output import OutputManifest
from .render import FragmentRenderer
from .site_urls import SiteUrls
from .sources import PostFolder

if TYPE_CHECKING:
    from .liquid.environment import JekyllLiquid

#: Percent-escapes of the bytes of non-ASCII UTF-8 letters, whole runs at once.
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


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
    #: Every index of the posts, made at ``env-updated`` (``None`` before the first read).
    catalog: Catalog | None = None
    #: Sidebar HTML by page folder, for the current catalog.
    sidebar_by_folder: dict[str, str] = field(default_factory=dict)
    #: The URI of each page linked to in this build, as ``target_uri`` gives it: a listing
    #: links to the same posts and terms from many pages.
    target_uris: dict[str, str] = field(default_factory=dict)
    #: Each page's file relative to the output folder (``listing_pages.output_path``).
    output_paths: dict[str, str] = field(default_factory=dict)
    #: Listing pages of this build, with the date of their newest post (for the sitemap).
    listing_pages: dict[str, datetime | None] = field(default_factory=dict)
    #: Listing pages that show only drafts (``bunko_show_drafts``): left out of the sitemap.
    preview_pages: set[str] = field(default_factory=set)
    #: True while post bodies are rendered for feeds: no header or footer then.
    rendering_feed: bool = False
    #: Files bunko adds to the output in this build (made when first needed).
    output: OutputManifest | None = None
    #: The Liquid environment of the imported site, made at the first post with Liquid.
    liquid: JekyllLiquid | None = None

    #: Set when the last build was killed while writing: every output file is written again.
    rewrite_output: bool = False

    def output_manifest(self, outdir: Path) -> OutputManifest:
        if self.output is None:
            self.output = OutputManifest(outdir, rewrite_all=self.rewrite_output)
            self.rewrite_output = False
        return self.output

    def use_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.sidebar_by_folder = {}
        self.target_uris = {}
        self.output_paths = {}

    def target_uri(self, app: Sphinx, pagename: str) -> str:
        """The builder's URI of a page for bunko's links, non-ASCII letters left as they are
        (``tags/データベース/index.html``, an IRI, which browsers encode as they follow it):
        Sphinx's ``%E3%83%87…`` triples each letter, and a page links to ~100 terms in
        its sidebar and lists. Escapes of ASCII ("%23" for "#", "%20") stay escaped."""
        uri = self.target_uris.get(pagename)
        if uri is None:
            uri = _NON_ASCII_ESCAPES.sub(lambda match: unquote(match.group(0)),
                                         app.builder.get_target_uri(pagename))
            self.target_uris[pagename] = uri
        return uri

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
