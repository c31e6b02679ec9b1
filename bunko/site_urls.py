"""Where a URL written in a post leads in the archive: a post, a static file, the home page.

After Liquid, an imported post holds the URLs its old Jekyll site had: ``/2016/01/01/slug/``,
``https://host/blog/2016/01/01/slug.html``, ``../2022/07/20/slug/``, ``/assets/x.png``, a
post's ``permalink:`` or ``redirect_from:`` path, the MyST source path ``{% post_url %}``
renders. ``SiteUrls`` answers, for any of them, what the archive has at that place; the
build (``post_links``), ``bunko check`` and the redirects all ask it, so they agree.

Posts are read in parallel and no reader knows the others' records, so the index is made
once at start-up from what the folder scan knows: every post's file name (date, slug,
folder) and the front matter of the few posts that name URLs (``sources.py``). The site's
permalink pattern is matched with ``:categories`` as a wildcard, so the categories of every
post need not be read before Sphinx reads them.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from urllib.parse import quote, unquote, urlsplit

from .dates import FILE_NAME_DATE
from .jekyll_site import CONFIG_FILE, JekyllSite
from .output import digest, digest_of
from .post import Post

#: Jekyll's default post URL, whatever ``permalink`` the site names.
JEKYLL_DEFAULT = "/:categories/:year/:month/:day/:title.html"

POST = "post"
HOME = "home"
STATIC = "static"
MISSING = "missing"

_PLACEHOLDER = re.compile(r":([a-z_]+)")
#: What each placeholder can match in a URL; the named ones identify a post.
_PLACEHOLDER_PATTERNS = {
    "year": r"(?P<year>\d{4})", "short_year": r"(?P<short_year>\d{2})",
    "month": r"(?P<month>\d{2})", "i_month": r"(?P<month>\d{1,2})",
    "day": r"(?P<day>\d{2})", "i_day": r"(?P<day>\d{1,2})",
    "title": r"(?P<title>[^/]+?)", "slug": r"(?P<title>[^/]+?)",
}
#: Jekyll's ``Utils.slugify``: "pretty" keeps these besides letters, marks and digits.
_NOT_PRETTY = re.compile(r"[^\w.~!$&'()+,;=@]+")
_NOT_DEFAULT = re.compile(r"[\W_]+")
_SCHEMES_OF_PAGES = ("http", "https")
#: Characters a path keeps unescaped when bunko writes it into a URL.
_URL_SAFE = "/:@!$&'()*+,;=~"
#: A scheme (``mailto:``, ``data:``, ``javascript:``): not a path of the site.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def jekyll_slugify(text: str, *, pretty: bool) -> str:
    """Jekyll's ``slugify``: "pretty" (``:title``) keeps case and ``._~!$&'()+,;=@``; the
    default (``:slug``) lower-cases and keeps letters and digits only."""
    if pretty:
        return _NOT_PRETTY.sub("-", text).strip("-")
    return _NOT_DEFAULT.sub("-", text).strip("-").lower()


def expand(pattern: str, post: Post, zone: tzinfo) -> str:
    """Jekyll's permalink placeholders, filled from the post as Jekyll fills them: the date in
    the site's zone, ``:title`` the file name's slug (or ``slug:``), ``:categories`` lower
    case joined by "/" (none: the slashes around it collapse)."""
    date = post.date.astimezone(zone)
    slug = str(post.extra.get("slug") or post.slug)
    values = {
        "categories": "/".join(dict.fromkeys(term.label.lower() for term in post.categories)),
        "year": f"{date.year:04d}", "month": f"{date.month:02d}", "i_month": str(date.month),
        "day": f"{date.day:02d}", "i_day": str(date.day), "short_year": f"{date.year % 100:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}", "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}", "second": f"{date.second:02d}",
        "title": jekyll_slugify(slug, pretty=True), "slug": jekyll_slugify(slug, pretty=False),
        "output_ext": ".html",
    }
    expanded = _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)),
                                pattern)
    # A post without categories: "/:categories/2026/..." is "/2026/...", as Jekyll makes it.
    return re.sub(r"/{2,}", "/", expanded) if pattern.startswith("/") else expanded


@dataclass(frozen=True, slots=True)
class Target:
    """What the archive has at one path of the old site."""

    kind: str  # POST, HOME, STATIC or MISSING
    #: The docname (POST, HOME) or the file's path below the output root (STATIC).
    name: str = ""
    #: Why a path is MISSING when it is not simply absent (several posts answer to it).
    note: str = ""

    @property
    def outcome(self) -> str:
        """The target as one string, recorded per post to notice when it changes."""
        return f"{self.kind}:{self.name}"


@dataclass(frozen=True, slots=True)
class Link:
    """A URL written in a post, understood."""

    written: str
    #: The path on the old site below its ``baseurl``, decoded (``/2016/01/01/slug/``).
    site_path: str
    target: Target
    #: ``#fragment`` and ``?query`` as written (with their marks), or "".
    fragment: str = ""
    query: str = ""
    #: The URL on the old site (``JekyllSite.address`` + path), or "" when it is unknown.
    old_site_url: str = ""
    #: Every site path this URL was looked up as (a relative URL is tried against the post's
    #: old URL and its new page): when any of them leads elsewhere later, the post is read
    #: again.
    tried: tuple[str, ...] = ()


@dataclass
class SiteUrls:
    """The old site's URLs, indexed once per build."""

    jekyll: JekyllSite = field(default_factory=JekyllSite)
    #: Normal site path → docname: paths a post names (``permalink:``, ``redirect_from:``),
    #: its MyST source path and its page in this archive.
    exact: dict[str, str] = field(default_factory=dict)
    #: Each post's slug as Jekyll's default ``slugify`` writes it → docnames: the ``:title``
    #: of a URL, slugified alike, finds the post whichever way it was written.
    by_slug: dict[str, list[str]] = field(default_factory=dict)
    #: Each post's date (year, month, day), from its file name or front matter, if any.
    dates: dict[str, tuple[int, int, int] | None] = field(default_factory=dict)
    #: The categories of posts read at the scan, lower case: they break slug ties.
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Each post's source path (``posts/x.md``) by docname.
    sources: dict[str, str] = field(default_factory=dict)
    #: Static files of the imported site by their decoded NFC path → path as on disk.
    static: dict[str, str] = field(default_factory=dict)
    #: Static files that may not be copied, by path: who owns that path in the output.
    refused_static: dict[str, str] = field(default_factory=dict)
    patterns: tuple[re.Pattern[str], ...] = ()
    home: str = "index"
    #: The site's permalink pattern when it has a ``_config.yml``: its posts' old URLs
    #: get redirects (``redirects.py``). ``None`` for a site that was never imported.
    old_permalink: str | None = None
    zone: tzinfo | None = None
    #: The old site's host name without "www." (from ``url``), or "".
    host: str = ""
    fingerprint: str = ""
    _targets: dict[str, Target] = field(default_factory=dict, repr=False)

    @property
    def pattern(self) -> str:
        """The pattern of the old site's post URLs (``/:categories/:year/...``)."""
        return self.jekyll.permalink

    def old_url(self, post: Post) -> str:
        """The path the old site served ``post`` at, below its baseurl (``/blog/2016/...``)."""
        assert self.zone is not None
        return expand(post.permalink or self.pattern, post, self.zone)

    def link(self, written: str, *, old_url: str | None = None,
             page: str | None = None) -> Link | None:
        """What ``written`` (an href or src) leads to; ``None`` for a URL that is not the
        old site's (another host, ``mailto:``, ``#top`` alone).

        A relative URL is read against ``old_url``, the linking post's URL on the old site
        (where its author wrote it), then against ``page``, the linking page's docname (as
        a browser reads it in the archive); without either it is not the resolver's.
        """
        url = written.strip()
        if not url or url.startswith("#"):
            return None
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        query = f"?{parts.query}" if parts.query else ""
        baseurl = self.jekyll.baseurl
        if parts.scheme or parts.netloc:
            if parts.scheme and parts.scheme.lower() not in _SCHEMES_OF_PAGES:
                return None
            if not self._same_host(parts.netloc):
                return None
            candidates = [self._below_baseurl(parts.path or "/")]
        elif _SCHEME.match(url):
            return None
        elif parts.path.startswith("/"):
            candidates = [self._below_baseurl(parts.path)]
        else:
            candidates = []
            if old_url is not None:
                candidates.append((baseurl, posixpath.join(posixpath.dirname(old_url) or "/",
                                                            parts.path)))
            if page is not None:
                candidates.append((baseurl, "/" + posixpath.join(posixpath.dirname(page),
                                                                 parts.path)))
            if not candidates:
                return None
        paths = [(prefix, _decoded(path)) for prefix, path in candidates]
        prefix, chosen = next((pair for pair in paths if self.target(pair[1]).kind != MISSING),
                              paths[0])
        old_site_url = ""
        if self.jekyll.url:
            old_site_url = (self.jekyll.url + quote(prefix + chosen, safe=_URL_SAFE)
                            + query + fragment)
        return Link(url, chosen, self.target(chosen), fragment, query, old_site_url,
                    tuple(dict.fromkeys(path for _prefix, path in paths)))

    def target(self, site_path: str) -> Target:
        """What the archive has at a decoded site path (``/2016/01/01/slug/``)."""
        found = self._targets.get(site_path)
        if found is None:
            found = self._targets[site_path] = self._find(site_path)
        return found

    def static_uri(self, name: str) -> str:
        """A static file's URL from the output root, percent-encoded."""
        return quote(name, safe=_URL_SAFE)

    def _find(self, site_path: str) -> Target:
        key = _key(site_path)  # site_path is _decoded: already normal
        if key == "/":
            return Target(HOME, self.home)
        docname = self.exact.get(key)
        if docname is not None:
            return Target(POST, docname)
        static = self._static_file(site_path)
        if static is not None:
            return Target(STATIC, static)
        for pattern in self.patterns:
            match = pattern.fullmatch(key)
            if match:
                found = self._post_matching(match)
                if found is not None:
                    return found
        return Target(MISSING)

    def _static_file(self, site_path: str) -> str | None:
        if not self.static:
            return None
        path = site_path.strip("/")
        names = [path]
        if site_path.endswith("/") or not path:
            names = [posixpath.join(path, "index.html")]
        elif "." not in posixpath.basename(path):
            names += [f"{path}.html", f"{path}/index.html"]
        for name in names:
            on_disk = self.static.get(name)
            if on_disk is not None and on_disk not in self.refused_static:
                return on_disk
        return None

    def _post_matching(self, match: re.Match[str]) -> Target | None:
        groups = match.groupdict()
        title = groups.get("title")
        if not title:
            return None
        names = self.by_slug.get(jekyll_slugify(title, pretty=False), [])
        if not names:
            return None
        if len(names) == 1:
            return Target(POST, names[0])
        year = groups.get("year") or (f"20{groups['short_year']}"
                                      if groups.get("short_year") else None)
        if year and groups.get("month") and groups.get("day"):
            date = (int(year), int(groups["month"]), int(groups["day"]))
            dated = [name for name in names if self.dates[name] == date]
            if len(dated) == 1:
                return Target(POST, dated[0])
            names = dated or names
        categories = groups.get("categories")
        if categories is not None:
            wanted = tuple(part for part in categories.lower().split("/") if part)
            filed = [name for name in names if self.categories.get(name) == wanted]
            if len(filed) == 1:
                return Target(POST, filed[0])
        return Target(MISSING, note="several posts answer to it: " + ", ".join(sorted(names)))

    def _same_host(self, netloc: str) -> bool:
        try:
            host = urlsplit(f"//{netloc}").hostname
        except ValueError:
            return False
        return bool(self.host and host) and _bare_host(host or "") == self.host

    def _below_baseurl(self, path: str) -> tuple[str, str]:
        """(the baseurl the path was under, the path below it)."""
        baseurl = self.jekyll.baseurl
        if baseurl and (path == baseurl or path.startswith(f"{baseurl}/")):
            return baseurl, path[len(baseurl):] or "/"
        return "", path


def _bare_host(host: str) -> str:
    return host.lower().removeprefix("www.")


def _decoded(path: str) -> str:
    """A site path as the index keeps it: percent-escapes decoded, NFC, "." and ".."
    resolved (never above the root), a trailing "/" kept."""
    text = unicodedata.normalize("NFC", unquote(path))
    normal = posixpath.normpath("/" + text.lstrip("/"))
    if text.endswith("/") and normal != "/":
        normal += "/"
    return normal


def _key(path: str) -> str:
    """One key for every way Jekyll serves one page: ``/a/b/``, ``/a/b.html``,
    ``/a/b/index.html`` and ``/a/b`` are all ``/a/b`` (``path`` is ``_decoded``)."""
    key = path
    if key.endswith("/index.html"):
        key = key[: -len("/index.html")]
    elif key.endswith(".html"):
        key = key[: -len(".html")]
    return key.rstrip("/") or "/"


def _pattern_regex(pattern: str) -> re.Pattern[str] | None:
    """A permalink pattern as a regular expression over keys (``_key``): the placeholders
    that identify a post are named groups, ``:categories`` matches any folders or none."""
    shape = _key(_decoded(pattern.replace(":output_ext", "")))
    parts: list[str] = []
    seen: set[str] = set()
    position = 0
    for match in _PLACEHOLDER.finditer(shape):
        if match.start() < position:
            continue
        parts.append(re.escape(shape[position:match.start()]))
        name = match.group(1)
        position = match.end()
        if name == "categories":
            around = shape[match.start() - 1:match.start()] == "/"
            if around and shape.startswith("/", position) and "categories" not in seen:
                parts[-1] = parts[-1][:-1]
                parts.append(r"(?:/(?P<categories>.+?))?/")
                position += 1
            else:
                parts.append(r"(?P<categories>.*?)" if "categories" not in seen else ".*?")
            seen.add("categories")
            continue
        regex = _PLACEHOLDER_PATTERNS.get(name, r"[^/]+?")
        group = re.search(r"\?P<(\w+)>", regex)
        if group and group.group(1) in seen:
            regex = re.sub(r"\?P<\w+>", "?:", regex)
        elif group:
            seen.add(group.group(1))
        parts.append(regex)
    parts.append(re.escape(shape[position:]))
    if "title" not in seen:
        return None
    return re.compile("".join(parts))


def build_site_urls(*, post_paths: Iterable[str],
                    posts_naming_urls: dict[str, Post], jekyll: JekyllSite, zone: tzinfo,
                    home: str = "index", home_source: str | None = None) -> SiteUrls:
    """The index of one build. ``post_paths`` are the source paths Sphinx will read,
    ``posts_naming_urls`` their records read at the scan, ``home_source`` the home page's
    source file (``index.md``)."""
    urls = SiteUrls(jekyll=jekyll, home=home, zone=zone,
                    host=_bare_host(urlsplit(jekyll.url).hostname or "") if jekyll.url else "")
    if jekyll.folder is not None and (jekyll.folder / CONFIG_FILE).is_file():
        urls.old_permalink = jekyll.permalink
    own_paths: dict[str, str] = {}
    reserved: dict[str, str] = {}
    claimed: dict[str, tuple[float, str]] = {}  # key → (time, docname): the oldest keeps it
    for path in sorted(post_paths):
        docname = os.path.splitext(path)[0]
        stem = posixpath.basename(docname)
        dated = FILE_NAME_DATE.match(stem)
        slug = (dated.group(4) if dated else "") or stem
        date = (int(dated.group(1)), int(dated.group(2)), int(dated.group(3))) if dated else None
        post = posts_naming_urls.get(path)
        categories = None
        if post is not None:
            local = post.date.astimezone(zone)
            date = (local.year, local.month, local.day)
            categories = tuple(dict.fromkeys(term.label.lower() for term in post.categories))
            slug = str(post.extra.get("slug") or slug)
            when = post.date.timestamp()
            for url in _own_urls(urls, post):
                key = _key(_decoded(url))
                if key not in claimed or claimed[key] > (when, docname):
                    claimed[key] = (when, docname)
        urls.dates[docname] = date
        urls.sources[docname] = path
        if categories is not None:
            urls.categories[docname] = categories
        urls.by_slug.setdefault(jekyll_slugify(slug, pretty=False), []).append(docname)
        # This archive's own paths of the post (scanned paths are normal): its MyST source
        # and its page.
        own_paths[f"/{path}"] = docname
        own_paths.setdefault(f"/{docname}", docname)
        reserved[f"{docname}.html"] = f"the page of {path}"
    if home_source:
        own_paths[f"/{home_source}"] = home
    urls.exact = {**{key: docname for key, (_when, docname) in claimed.items()}, **own_paths}
    urls.patterns = tuple(regex for regex in dict.fromkeys(
        _pattern_regex(pattern) for pattern in (urls.pattern, JEKYLL_DEFAULT)) if regex)
    for name in jekyll.static_files():
        normal = unicodedata.normalize("NFC", name)
        urls.static[normal] = name
        owner = reserved.get(name) or reserved_owner(name)
        if owner:
            urls.refused_static[name] = owner
    # Everything above follows from these: the post paths, what the scan read of a few
    # posts, the static files and the site's settings.
    urls.fingerprint = digest(
        digest_of(sorted(claimed.items()), urls.categories, sorted(urls.static),
                  urls.refused_static, urls.pattern, jekyll.url, jekyll.baseurl, home,
                  home_source),
        *(f"{path}\0{urls.dates[docname]}" for docname, path in urls.sources.items()))
    return urls


def _own_urls(urls: SiteUrls, post: Post) -> list[str]:
    """The URLs a post's front matter gives it, with the site's pattern filled in from its
    categories (known for these posts)."""
    assert urls.zone is not None
    own = [expand(pattern, post, urls.zone)
           for pattern in (urls.pattern, JEKYLL_DEFAULT, post.permalink) if pattern]
    return [*own, *post.redirect_from]


#: Output files and folders that are Sphinx's or bunko's, whatever the posts.
_RESERVED_FILES = {
    "index.html": "the home page", "search.html": "Sphinx's search page",
    "genindex.html": "Sphinx's index page", "py-modindex.html": "Sphinx's module index",
    "404.html": "the not-found page", "objects.inv": "Sphinx's inventory",
    "searchindex.js": "Sphinx's search index", ".buildinfo": "Sphinx's build record",
    "atom.xml": "bunko's Atom feed", "rss.xml": "bunko's RSS feed",
    "sitemap.xml": "bunko's sitemap", "robots.txt": "bunko's robots.txt",
    "posts.json": "bunko's posts.json", ".bunko-manifest.json": "bunko's manifest",
}
_RESERVED_FOLDERS = ("_static", "_images", "_sources", "_downloads")


def reserved_owner(path: str) -> str | None:
    """Who writes ``path`` of the output whatever the posts, or ``None``."""
    if path in _RESERVED_FILES:
        return _RESERVED_FILES[path]
    top = path.split("/", 1)[0]
    if top in _RESERVED_FOLDERS:
        return f"Sphinx's {top}/ folder"
    return None
