"""``sitemap.xml`` and ``robots.txt`` for a site with ``html_baseurl``.

sphinx-sitemap lists only the pages written by the current build (its issue #13, open since
2018), so after an incremental build — or with bunko's unchanged listing pages, which are not
written again — its sitemap would miss pages. bunko knows every page from the environment and
the catalog, so it writes the sitemap itself (with ElementTree), every post with its date as
``lastmod``.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

from sphinx.application import Sphinx

from .catalog import Catalog
from .links import SiteLinks
from .output import OutputManifest

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(app: Sphinx, catalog: Catalog, listing_pages: dict[str, datetime | None],
                  manifest: OutputManifest) -> None:
    """Every document and listing page under ``html_baseurl``; nothing without one."""
    links = SiteLinks(app)
    if not links.base:
        return
    pages: dict[str, datetime | None] = {
        name: (catalog.posts[name].date if name in catalog.posts else None)
        for name in sorted(app.env.found_docs)
        if name not in catalog.posts or not catalog.posts[name].draft
    }
    pages.update(listing_pages)
    urlset = ElementTree.Element("urlset", xmlns=_NAMESPACE)
    for pagename, updated in pages.items():
        url = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(url, "loc").text = links.absolute(links.uri(pagename))
        if updated is not None:
            ElementTree.SubElement(url, "lastmod").text = updated.isoformat()
    ElementTree.indent(urlset)
    manifest.write(SITEMAP, ElementTree.tostring(urlset, encoding="unicode",
                                                 xml_declaration=True) + "\n")
    manifest.write(ROBOTS, f"User-agent: *\nAllow: /\n\nSitemap: {links.base}{SITEMAP}\n")
