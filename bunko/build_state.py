"""What one build accumulates: the catalog, caches of answers the builder gives, the pages
generated so far and the files written through the output manifest.

``Site`` (``site.py``) holds what is fixed from ``config-inited`` on; this holds what each
build of the application fills in and the next one must not see. A fresh ``BuildState`` is
hung on the application at start-up and again when a build finishes, so a second build in
the same process (``bunko serve``, tests) starts from nothing but the saved environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from sphinx.application import Sphinx

from .catalog import Catalog
from .output import OutputManifest

#: Beside the environment: which files bunko made from which inputs (``OutputManifest.reuse``).
GROUPS_FILE = "bunko-output-groups.json"
#: Percent-escapes of the bytes of non-ASCII UTF-8 letters, whole runs at once.
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


@dataclass
class BuildState:
    #: Every index of the posts, made at ``env-updated`` (``None`` before it).
    catalog: Catalog | None = None
    #: Sidebar HTML by page folder, for the current catalog.
    sidebar_by_folder: dict[str, str] = field(default_factory=dict)
    #: The URI of each page linked to, as ``target_uri`` gives it: a listing links to the
    #: same posts and terms from many pages.
    target_uris: dict[str, str] = field(default_factory=dict)
    #: Each page's file relative to the output folder (``listing_pages.output_path``).
    output_paths: dict[str, str] = field(default_factory=dict)
    #: Listing pages of this build, with the date of their newest post (for the sitemap).
    listing_pages: dict[str, datetime | None] = field(default_factory=dict)
    #: Listing pages that show only drafts (``bunko_show_drafts``): left out of the sitemap.
    preview_pages: set[str] = field(default_factory=set)
    #: Set when the last build was killed while writing: every output file is written again.
    rewrite_output: bool = False
    #: True while post bodies are rendered for feeds: no header or footer then.
    rendering_feed: bool = False
    _output: OutputManifest | None = None

    def output_manifest(self, app: Sphinx) -> OutputManifest:
        """The manifest of files bunko writes in this build, opened when first needed."""
        if self._output is None:
            self._output = OutputManifest(Path(app.outdir), rewrite_all=self.rewrite_output,
                                          groups_file=Path(app.doctreedir) / GROUPS_FILE)
        return self._output

    @contextmanager
    def feed_rendering(self) -> Iterator[None]:
        """Post bodies rendered for a feed: page-only additions (header, search text,
        phrase breaks) stay out of them."""
        self.rendering_feed = True
        try:
            yield
        finally:
            self.rendering_feed = False

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


def build_of(app: Sphinx) -> BuildState:
    return app.bunko_build  # type: ignore[attr-defined]


def start_build(app: Sphinx, exception: BaseException | None = None) -> None:
    """``config-inited``, and ``build-finished`` after every other handler: the next build
    of this application starts with nothing accumulated."""
    app.bunko_build = BuildState()  # type: ignore[attr-defined]
