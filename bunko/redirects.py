"""Old links keep working: a small redirect page wherever Jekyll served a post.

Each post gets one at its URL under the imported site's ``permalink`` (when the site has a
Jekyll folder with a ``_config.yml``), at its own ``permalink:`` instead when it has one,
and at every ``redirect_from:`` path (jekyll-redirect-from); placeholders (``:year``,
``:title``) are filled in as Jekyll fills them (``site_urls.expand``). With
``bunko_jekyll_redirects = True`` Jekyll's default post URL,
``/:categories/:year/:month/:day/:title.html``, gets one too. The page is plain HTML — a
meta refresh, a canonical link and a visible link — so it works from disk, on any host,
without JavaScript. A redirect never leaves the output folder and never replaces a page of
the site; of two posts claiming one path, the older keeps it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote

from markupsafe import escape
from sphinx.application import Sphinx

from .catalog import Catalog
from .links import SiteLinks
from .output import OutputManifest
from .site_urls import JEKYLL_DEFAULT, SiteUrls, expand, reserved_owner

_FORBIDDEN_PARTS = {".", "..", "_static", "_sources", "_images"}


@dataclass(frozen=True, slots=True)
class Redirect:
    #: File to write, from the output root (``2016/06/09/hello.html``).
    path: str
    docname: str
    #: Where the old URL comes from (``permalink '/:title/'``), for warnings.
    source: str


def redirect_file(url_path: str) -> str | None:
    """The file that serves ``url_path`` on a static host, or ``None`` if it is no safe path.

    ``/a/b/`` → ``a/b/index.html``; ``/a/b`` → ``a/b.html`` (as Jekyll writes it);
    ``/a/b.html`` stays. "..", ".", absolute URLs, backslashes, control characters and
    Sphinx's own folders are refused, and so is the site root (the home page is there).
    """
    path = unquote(url_path.strip().split("#")[0].split("?")[0])
    if "://" in path or path.startswith("//") or any(ord(c) < 32 or c == "\\" for c in path):
        return None
    parts = [part for part in path.split("/") if part]
    if not parts or any(part in _FORBIDDEN_PARTS for part in parts):
        return None
    if path.endswith("/"):
        parts.append("index.html")
    elif "." not in parts[-1]:
        parts[-1] += ".html"
    return "/".join(parts)


def plan_redirects(catalog: Catalog, urls: SiteUrls,
                   jekyll_defaults: bool) -> tuple[list[Redirect], list[tuple[str, str]]]:
    """Every redirect to write, oldest post first, and a (docname, warning) for each old
    URL that is no path inside the site."""
    assert urls.zone is not None
    redirects: list[Redirect] = []
    problems: list[tuple[str, str]] = []
    for docname in reversed(catalog.published):  # the oldest post keeps a contested path
        post = catalog.posts[docname]
        wanted: list[tuple[str, str]] = []
        if post.permalink:
            wanted.append((expand(post.permalink, post, urls.zone),
                           f"permalink {post.permalink!r}"))
        elif urls.old_permalink:
            wanted.append((expand(urls.old_permalink, post, urls.zone),
                           f"the old site's URL (permalink {urls.old_permalink!r})"))
        if jekyll_defaults:
            wanted.append((expand(JEKYLL_DEFAULT, post, urls.zone),
                           f"Jekyll's default URL {JEKYLL_DEFAULT!r}"))
        wanted += [(path, f"redirect_from {path!r}") for path in post.redirect_from]
        for url_path, source in wanted:
            path = redirect_file(url_path)
            if path is None:
                problems.append((docname, f"{source} is not a path inside the site; no "
                                          "redirect made"))
                continue
            redirects.append(Redirect(path, docname, source))
    return redirects, problems


def settle_redirects(redirects: list[Redirect], pages: dict[str, str],
                     owners: dict[str, str] | None = None
                     ) -> tuple[list[Redirect], list[tuple[str, str]]]:
    """The redirects that may be written, and a (docname, warning) for each that may not.

    ``pages`` names the page at each path (a docname); ``owners`` says who else writes a path
    (a feed, the sitemap, search's files); and ``reserved_owner`` knows Sphinx's own files
    (``search.html``, ``genindex.html``, ``_static/``). A redirect over any of them, or where
    an older post's redirect is, is not made — unless the path is the post's own page."""
    owners = owners or {}
    kept: list[Redirect] = []
    problems: list[tuple[str, str]] = []
    written: dict[str, str] = {}
    for redirect in redirects:
        page, earlier = pages.get(redirect.path), written.get(redirect.path)
        if redirect.docname in (page, earlier):
            continue  # its own page, or the same post asked twice (permalink and default)
        whose = (f"the page {page}" if page is not None
                 else f"the redirect to {earlier}" if earlier is not None
                 else owners.get(redirect.path) or reserved_owner(redirect.path))
        if whose is not None:
            problems.append((redirect.docname, f"{redirect.source} would replace "
                                               f"{redirect.path}, which is {whose}; "
                                               "no redirect made"))
            continue
        written[redirect.path] = redirect.docname
        kept.append(redirect)
    return kept, problems


def write_redirects(app: Sphinx, catalog: Catalog, redirects: list[Redirect],
                    manifest: OutputManifest) -> None:
    """Write the redirect pages (settled: one per path)."""
    links = SiteLinks(app)
    for redirect in redirects:
        post = catalog.posts[redirect.docname]
        target = links.uri(redirect.docname)
        relative = quote(posixpath.relpath(unquote(target), posixpath.dirname(redirect.path)
                                           or "."), safe="/#")
        canonical = links.absolute(target) or relative
        manifest.write(redirect.path, _PAGE.format(
            language=escape(app.config.language or "en"), title=escape(post.title),
            target=escape(relative), canonical=escape(canonical)))


_PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""
