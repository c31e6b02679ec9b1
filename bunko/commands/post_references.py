"""The files of the old site that posts point at: ``/assets/x.png``, ``{{ site.baseurl }}/a.pdf``,
``https://example.org/assets/x.png``.

``bunko import`` copies every file a post refers to, whatever Jekyll's publishing rules say,
and names every one the Jekyll site does not have, so a migration never loses an image
quietly. Only references that name the old site are followed: root-absolute paths, URLs on
the site's host (``url:`` of ``_config.yml``, or the ``CNAME`` GitHub Pages served it under),
and the Liquid that writes them (``{{ site.baseurl }}``, ``| relative_url``), in Markdown
links and images, HTML ``href``/``src``, ``{% include %}`` parameters and the front matter's
``image:``. Code is left out: a path in a code sample is not a link.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..jekyll_site import JekyllSite
from ..post import read_post

#: Liquid that writes the site's root: ``{{ site.baseurl }}``, ``{{site.url}}``.
_SITE_ROOT = re.compile(r"\{\{-?\s*site\.(?:url|baseurl|github\.url)\s*-?\}\}")
#: ``{{ "/assets/x.png" | relative_url }}`` and ``absolute_url``: the path itself.
_URL_FILTER = re.compile(r"\{\{-?\s*([\"'])(.*?)\1\s*\|\s*(?:relative_url|absolute_url)"
                         r"\s*-?\}\}")
_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_LIQUID_CODE = re.compile(r"\{%-?\s*(highlight|raw)\b.*?\{%-?\s*end\1\s*-?%\}", re.S)
_INLINE_CODE = re.compile(r"(`+)[^`\n].*?\1")
#: Where a post names an address: Markdown inline and reference links, HTML attributes,
#: autolinks and ``{% include x.html src="..." %}`` parameters.
_ADDRESS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|^\s{0,3}\[[^\]\n]+\]:\s*<?(?P<definition>[^\s>]+)"
    r"|\b(?:src|href|poster|data-src)\s*=\s*(?P<quote>[\"'])(?P<attribute>.*?)(?P=quote)"
    r"|<(?P<autolink>https?://[^\s>]+)>", re.M | re.I)
_INCLUDE = re.compile(r"\{%-?\s*include\s.*?%\}", re.S)
_PARAMETER = re.compile(r"\w+\s*=\s*([\"'])(.*?)\1")
_IMAGE_KEY = re.compile(r"^image\s*:", re.M)


@dataclass(frozen=True)
class Reference:
    """One address of the old site in one post."""

    post: Path
    line: int
    #: The path below the old site's root, without query or fragment: ``assets/x.png``.
    path: str
    #: As the post wrote it, for the report.
    written: str


def site_hosts(root: Path, site: JekyllSite) -> frozenset[str]:
    """Host names the old site was served under: ``url:`` and GitHub Pages' ``CNAME``."""
    try:
        hosts = {urlsplit(site.url).hostname or ""}
    except ValueError:
        hosts = set()
    cname = root / "CNAME"
    if cname.is_file() and not cname.is_symlink():
        try:
            hosts.add(cname.read_text("utf-8", "replace").strip().split("\n")[0].strip())
        except OSError:
            pass
    return frozenset(host.lower() for host in hosts if host)


def post_references(post: Path, site: JekyllSite, hosts: frozenset[str]) -> list[Reference]:
    """The old site's files the post file ``post`` refers to; none when it cannot be read
    (the copy names it)."""
    try:
        text = post.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    except OSError:
        return []
    front = read_post(post.name, text, zone=timezone.utc,
                      file_time=datetime.fromtimestamp(0, timezone.utc)).post
    return references_in(post, text, front.extra.get("image"), site, hosts)


def references_in(post: Path, text: str, image: object, site: JekyllSite,
                  hosts: frozenset[str]) -> list[Reference]:
    """The old site's files ``text`` (a whole post file) refers to, in order; ``image`` is
    the front matter's ``image:`` value as read."""
    found = []
    for written, offset in _addresses(text):
        path = site_path(written, site, hosts)
        if path is not None:
            found.append(Reference(post, text.count("\n", 0, offset) + 1, path, written))
    if isinstance(image, dict):
        image = image.get("path")
    if isinstance(image, str) and (path := site_path(image.strip(), site, hosts)):
        key = _IMAGE_KEY.search(text)
        line = text.count("\n", 0, key.start()) + 1 if key else 1
        found.append(Reference(post, line, path, image.strip()))
    return found


def _addresses(text: str) -> list[tuple[str, int]]:
    """(address, offset) of every address written outside code."""
    blank = _blank_out(_blank_out(_blank_out(text, _FENCED), _LIQUID_CODE), _INLINE_CODE)
    found = []
    for match in _INCLUDE.finditer(blank):
        found += [(parameter.group(2), match.start() + parameter.start())
                  for parameter in _PARAMETER.finditer(match.group(0))]
    resolved = _URL_FILTER.sub(lambda match: match.group(2).ljust(len(match.group(0))),
                               blank)
    resolved = _SITE_ROOT.sub(lambda match: "\0" * len(match.group(0)), resolved)
    for match in _ADDRESS.finditer(resolved):
        group = next(name for name in ("inline", "definition", "attribute", "autolink")
                     if match.group(name) is not None)
        found.append((match.group(group).replace("\0", ""), match.start(group)))
    return sorted(found, key=lambda item: item[1])


def _blank_out(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with ``pattern``'s matches replaced by spaces, line ends and offsets kept."""
    return pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def site_path(address: str, site: JekyllSite, hosts: frozenset[str]) -> str | None:
    """The path below the old site's root that ``address`` names, or ``None`` when it names
    another site, a page-relative path, or a path that climbs out of the root."""
    try:
        parts = urlsplit(address)
    except ValueError:  # "http://[::1" and other addresses no browser would follow
        return None
    if parts.scheme or address.startswith("//"):
        if parts.scheme not in ("http", "https", "") or (parts.hostname or "") not in hosts:
            return None
    elif not address.startswith("/"):
        return None
    path = unquote(parts.path)
    if site.baseurl and (path == site.baseurl or path.startswith(f"{site.baseurl}/")):
        path = path[len(site.baseurl):]
    normal = posixpath.normpath(path or "/")
    if normal.startswith("//") or ".." in normal.split("/"):
        return None
    return normal.lstrip("/") + ("/" if path.endswith("/") and normal != "/" else "")
