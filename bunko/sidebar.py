"""furo's sidebar: the site's sections on every page, what is in them in one shared file.

Whatever every page shows, every page depends on. The sections a site has (home, categories,
tags, archive, authors) change almost never, so each page carries them as plain links
(``pages.py``, ``templates/bunko/sidebar.html``): readers without JavaScript have those. What
is in the sections (the most used terms with their counts, the years) changes with every new
post, deleted post or tag edit, so it lives in one small file, ``_static/bunko-sidebar-data.js``,
that each page loads by ``<script>`` (``fetch`` has no ``file://``) and
``static/bunko-sidebar.js`` puts into the sections. A new post rewrites that file and the
pages it concerns, not every page.

The file holds URIs below the site's root; each page says where its root is
(``data-bunko-root``), so one file serves pages at any depth, and the 404 page too. Its URL
carries no checksum (``?v=``): a checksum that changes with the posts would change every page.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .build_state import build_of
from .catalog import Catalog
from .labels import labels_for
from .output import OutputManifest, safe_json

#: The sidebar's links and counts, below the output folder.
SIDEBAR_DATA = "_static/bunko-sidebar-data.js"


def sidebar_data(app: Sphinx, catalog: Catalog) -> dict[str, dict[str, object]]:
    """By section (``tags``): its links as ``[label, URI below the root, count]``, and the
    words of its "all" link when it names only some of its terms."""
    build = build_of(app)
    labels = labels_for(app.config.language)
    return {section.heading: {
        "links": [[link.label, build.target_uri(app, link.pagename), link.count]
                  for link in section.links],
        "more": labels.get(f"all_{section.heading}") if section.more else None,
    } for section in catalog.sidebar}


def write_sidebar_data(app: Sphinx, catalog: Catalog, manifest: OutputManifest) -> None:
    """``_static/bunko-sidebar-data.js``, written when it changed. Labels come from front
    matter: ``safe_json`` keeps them data, and the script puts them in as text."""
    manifest.write(SIDEBAR_DATA,
                   "/* Written by bunko/sidebar.py for this site: do not edit. */\n"
                   f"var bunkoSidebarData = {safe_json(sidebar_data(app, catalog))};\n")
