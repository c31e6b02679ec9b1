"""Old links keep working: a small redirect page wherever Jekyll served a post.

A post's ``permalink:`` (with Jekyll's placeholders expanded) gets one; with
``bunko_jekyll_redirects = True`` so does Jekyll's default post URL,
``/:categories/:year/:month/:day/:title.html``. The page is plain HTML — a meta refresh, a
canonical link and a visible link — so it works from disk, on any host, without JavaScript.
A redirect never leaves the output folder and never replaces a page of the site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from markupsafe import escape
from sphinx.application import Sphinx

from .catalog import Catalog
from .links import SiteLinks
from .output import OutputManifest
from .post import Post

JEKYLL_DEFAULT = "/:categories/:year/:month/:day/:title.html"
_PLACEHOLDER = re.compile(r":(categories|year|month|i_month|day|i_day|short_year|title|slug|"
                          r"output_ext)\b")
_FORBIDDEN_PARTS = {".", "..", "_static", "_sources", "_images"}


@dataclass(frozen=True, slots=True)
class Redirect:
    #: File to write, from the output root (``2016/06/09/hello.html``).
    path: str
    docname: str
    #: The front matter's text, for warnings.
    source: str


def expand(pattern: str, post: Post) -> str:
    """Jekyll's permalink placeholders, filled from the post."""
    date = post.date
    values = {
        "categories": "/".join(term.label.lower() for term in post.categories),
        "year": f"{date.year:04d}", "month": f"{date.month:02d}", "i_month": str(date.month),
        "day": f"{date.day:02d}", "i_day": str(date.day), "short_year": f"{date.year % 100:02d}",
        "title": post.slug, "slug": post.slug, "output_ext": ".html",
    }
    expanded = _PLACEHOLDER.sub(lambda match: values[match.group(1)], pattern)
    # A post without categories: "/:categories/2026/..." is "/2026/...", as Jekyll makes it.
    return re.sub(r"/{2,}", "/", expanded) if pattern.startswith("/") else expanded


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


def plan_redirects(catalog: Catalog,
                   jekyll_defaults: bool) -> tuple[list[Redirect], list[tuple[str, str]]]:
    """Every redirect to write, and a (docname, warning) for each one refused."""
    redirects: list[Redirect] = []
    problems: list[tuple[str, str]] = []
    for docname in reversed(catalog.published):  # the oldest post keeps a contested path
        post = catalog.posts[docname]
        wanted = [post.permalink] if post.permalink else []
        if jekyll_defaults:
            wanted.append(JEKYLL_DEFAULT)
        for pattern in wanted:
            path = redirect_file(expand(pattern, post))
            if path is None:
                problems.append((docname, f"permalink {pattern!r} is not a path inside the "
                                          "site; no redirect made"))
                continue
            redirects.append(Redirect(path, docname, pattern))
    return redirects, problems


def write_redirects(app: Sphinx, catalog: Catalog, redirects: list[Redirect],
                    taken: set[str], manifest: OutputManifest) -> list[tuple[str, str]]:
    """Write the redirect pages; a path already served by a page (or by an earlier redirect)
    is left alone, with a (docname, warning)."""
    links = SiteLinks(app)
    problems: list[tuple[str, str]] = []
    written: dict[str, str] = {}
    for redirect in redirects:
        post = catalog.posts[redirect.docname]
        owner = written.get(redirect.path)
        if redirect.path in taken or owner not in (None, redirect.docname):
            problems.append((redirect.docname, f"redirect {redirect.source!r} would replace "
                                               f"{redirect.path}, which another page already "
                                               "uses; not made"))
            continue
        if owner is not None:  # the same post asked twice (permalink and Jekyll's default)
            continue
        written[redirect.path] = redirect.docname
        target = links.uri(redirect.docname)
        relative = quote(posixpath.relpath(unquote(target), posixpath.dirname(redirect.path)
                                           or "."), safe="/#")
        canonical = links.absolute(target) or relative
        manifest.write(redirect.path, _PAGE.format(
            language=escape(app.config.language or "en"), title=escape(post.title),
            target=escape(relative), canonical=escape(canonical)))
    return problems


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
